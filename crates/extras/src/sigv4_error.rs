//! The AWS error a request's SigV4 signature earns (exception name, message, HTTP status) and
//! its JSON body, written exactly as the main crate's wire module writes errors, so `serve`
//! answers the same bytes as before this moved here. No dependencies.

/// An AWS error a request's signature earns: the exception name and its message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigV4Error {
    code: &'static str,
    message: String,
}

impl SigV4Error {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
    /// The AWS exception name (`InvalidSignatureException`, ...).
    pub fn code(&self) -> &'static str {
        self.code
    }
    pub fn message(&self) -> &str {
        &self.message
    }
    /// AWS answers a request without any signature 403 (as its front end does); every other
    /// signature error is a 400 client error.
    pub fn http_status(&self) -> u16 {
        if self.code == "MissingAuthenticationTokenException" {
            403
        } else {
            400
        }
    }
    /// `{"__type": code, "message": message}` exactly as the main crate's `wire::error_body`
    /// writes it (serde_json: keys in that order, the same escapes).
    pub fn body(&self) -> String {
        format!(
            "{{\"__type\":{},\"message\":{}}}",
            json_string(self.code),
            json_string(&self.message)
        )
    }
}

/// A JSON string literal, escaped as serde_json escapes (short forms, else `\u00XX`).
fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

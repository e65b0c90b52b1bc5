//! AWS JSON 1.1 as KMS speaks it: `(X-Amz-Target, body)` in, `(status, headers, body)` out.
//! Pure Rust over `Engine::call`, so the Node shell and `requestHandler()` share it.
//! Depends on `engine` and `error`; knows nothing of sockets, JS or storage.

use crate::engine::{Caller, Engine};
use crate::error::KmsError;

/// The service prefix of every KMS `X-Amz-Target`.
pub const TARGET_PREFIX: &str = "TrentService.";
pub const CONTENT_TYPE: &str = "application/x-amz-json-1.1";
/// The largest request body decoded (KMS requests are a few KiB: a 4 KiB plaintext, a 32 KiB
/// policy); `kms-wasm serve` stops reading at the same size.
pub const MAX_BODY: usize = 1 << 20;

/// An HTTP response, ready for any HTTP shell to send.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
}

/// Handles one AWS JSON 1.1 request.
pub fn handle(engine: &mut Engine, target: Option<&str>, body: &[u8], caller: &Caller) -> Response {
    let op = match target.and_then(|t| t.strip_prefix(TARGET_PREFIX)) {
        Some(op) if !op.is_empty() => op,
        _ => {
            let shown = target.unwrap_or("");
            return error_response(&KmsError::UnknownOperation(format!(
                "Unknown operation: X-Amz-Target '{shown}' is not TrentService.<Operation>"
            )));
        }
    };
    if body.len() > MAX_BODY {
        return error_response(&KmsError::Serialization(format!(
            "The request body is larger than {MAX_BODY} bytes"
        )));
    }
    let text = match std::str::from_utf8(body) {
        Ok(t) => t,
        Err(_) => {
            return error_response(&KmsError::Serialization(
                "Request body is not valid UTF-8".into(),
            ))
        }
    };
    match engine.call(op, text, caller) {
        Ok(json) => Response {
            status: 200,
            headers: vec![
                ("content-type", CONTENT_TYPE.to_string()),
                ("x-amzn-requestid", engine.last_request_id().to_string()),
            ],
            body: json,
        },
        Err(e) => {
            let mut r = error_response(&e);
            r.headers
                .push(("x-amzn-requestid", engine.last_request_id().to_string()));
            r
        }
    }
}

/// The AWS error body `{"__type": code, "message": text}` (no `message` where AWS sends none).
pub fn error_body(e: &KmsError) -> String {
    let mut obj = serde_json::Map::new();
    obj.insert("__type".into(), e.code().into());
    if let Some(m) = e.message() {
        obj.insert("message".into(), m.into());
    }
    serde_json::Value::Object(obj).to_string()
}

fn error_response(e: &KmsError) -> Response {
    Response {
        status: e.http_status(),
        headers: vec![
            ("content-type", CONTENT_TYPE.to_string()),
            ("x-amzn-errortype", e.code().to_string()),
        ],
        body: error_body(e),
    }
}

//! Every conversion from Rust results to JS values, in one place: AWS exceptions become JS
//! `Error`s shaped like the AWS SDK's (`name`, `message`, `$fault`, `$metadata`), storage
//! failures become `KmsStorageError`, wire responses become one `head\nbody` string.
//! Depends on `error`, `storage`, `wire` and js-sys.

use crate::error::KmsError;
use crate::storage::StorageError;
use crate::wire::Response;
use js_sys::{Error, Object, Reflect, TypeError};
use wasm_bindgen::JsValue;

fn set(target: &JsValue, key: &str, value: impl Into<JsValue>) {
    // Setting a data property on a fresh plain object or Error cannot fail.
    let _ = Reflect::set(target, &key.into(), &value.into());
}

/// An AWS exception as the SDK throws it. Where AWS sends no message the message is empty
/// (the SDK would invent "UnknownError"; an empty message says what AWS said).
pub fn kms_error(e: &KmsError, request_id: &str) -> JsValue {
    let err = Error::new(e.message().unwrap_or(""));
    err.set_name(e.code());
    let err: JsValue = err.into();
    set(&err, "$fault", e.fault());
    let meta = Object::new();
    set(&meta, "httpStatusCode", e.http_status());
    if !request_id.is_empty() {
        set(&meta, "requestId", request_id);
    }
    set(&meta, "attempts", 1);
    set(&meta, "totalRetryDelay", 0);
    set(&err, "$metadata", meta);
    err
}

/// The state could not be read or written: `name` is `KmsStorageError`, `path` the file.
pub fn storage_error(e: &StorageError) -> JsValue {
    let err = Error::new(&e.message);
    err.set_name("KmsStorageError");
    let err: JsValue = err.into();
    set(&err, "path", e.path.as_str());
    err
}

/// A bad option or argument from the caller (a programming error, not an AWS exception).
pub fn type_error(message: &str) -> JsValue {
    TypeError::new(message).into()
}

/// A misuse of the instance (re-entered while busy).
pub fn usage_error(message: &str) -> JsValue {
    Error::new(message).into()
}

/// A wire response as one string for `KmsCore::handle`: `[status, {name: value}]`, a newline,
/// then the body (compact JSON, which never holds a raw newline). One string crosses into JS
/// far more cheaply than an object built property by property; js/kms.js splits it.
pub fn wire_response(r: Response) -> String {
    // Written directly: building a serde_json tree for two headers cost more than the rest
    // of this function. Header names are fixed ASCII; values are JSON-escaped.
    let mut out = String::with_capacity(128 + r.body.len());
    out.push('[');
    out.push_str(&r.status.to_string());
    out.push_str(",{");
    for (i, (name, value)) in r.headers.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('"');
        out.push_str(name);
        out.push_str("\":");
        // A string always serialises; nothing to handle.
        out.push_str(&serde_json::to_string(value.as_str()).unwrap_or_default());
    }
    out.push_str("}]\n");
    out.push_str(&r.body);
    out
}

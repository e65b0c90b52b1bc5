//! Every conversion from Rust results to JS values, in one place: AWS exceptions become JS
//! `Error`s shaped like the AWS SDK's (`name`, `message`, `$fault`, `$metadata`), storage
//! failures become `KmsStorageError`, wire responses become `{status, headers, body}`.
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

/// `{status, headers: {name: value}, body}` for `KmsCore::handle`.
pub fn wire_response(r: &Response) -> JsValue {
    let out = Object::new();
    set(&out, "status", r.status);
    let headers = Object::new();
    for (name, value) in &r.headers {
        set(&headers, name, value.as_str());
    }
    set(&out, "headers", headers);
    set(&out, "body", r.body.as_str());
    out.into()
}

//! The wasm32-only JS surface: the `KmsCore` class that the hand-written JS wrapper
//! (`js/kms.js`) drives with JSON strings, and the model's member lists it converts by.
//! Depends on `engine`, `api`, `wire` and `storage`; nothing in the core depends on this.

mod bench;
mod convert;
mod fixtures;
mod import;
mod js_object;
mod kms_core;
mod options;
mod persist;
mod saving;

use crate::api::{ALL_OPERATIONS, BLOB_MEMBERS, TIMESTAMP_MEMBERS};
use crate::engine;
use js_sys::Array;
use wasm_bindgen::prelude::*;

fn strings(list: &[&str]) -> Array {
    list.iter().map(|s| JsValue::from_str(s)).collect()
}

/// Every operation in AWS's KMS model, PascalCase, in model order.
#[wasm_bindgen(js_name = allOperations)]
pub fn all_operations() -> Array {
    strings(ALL_OPERATIONS)
}

/// The operations this build implements (the rest answer UnsupportedOperationException).
#[wasm_bindgen(js_name = implementedOperations)]
pub fn implemented_operations() -> Array {
    engine::implemented_operations()
        .map(JsValue::from_str)
        .collect()
}

/// Members whose model type is blob (base64 on the wire, `Uint8Array` in JS).
#[wasm_bindgen(js_name = blobMembers)]
pub fn blob_members() -> Array {
    strings(BLOB_MEMBERS)
}

/// Members whose model type is timestamp (epoch seconds on the wire, `Date` in JS).
#[wasm_bindgen(js_name = timestampMembers)]
pub fn timestamp_members() -> Array {
    strings(TIMESTAMP_MEMBERS)
}

/// The crate version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

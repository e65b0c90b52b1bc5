//! The extras module's HMAC (wasm32 only): `macCompute`, the main module's hook for
//! GenerateMac and VerifyMac with HMAC keys.

use wasm_bindgen::prelude::*;

/// HMAC of `message` under `key` with a MacAlgorithmSpec name; `undefined` for another name.
#[wasm_bindgen(js_name = macCompute)]
pub fn mac_compute(algorithm: &str, key: &[u8], message: &[u8]) -> Option<Vec<u8>> {
    kms_wasm_extras::mac::hmac(algorithm, key, message)
}

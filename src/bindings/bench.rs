//! A raw primitive exported for `npm run bench` only: AES-256-GCM of this very build, the
//! physical limit the engine's Encrypt is compared with: always the software cipher, never the
//! host's (`crypto::aead`). Not part of the documented API. Depends on kms-wasm-aead.

use kms_wasm_aead as aead;
use wasm_bindgen::prelude::*;

/// AES-256-GCM seal of `data` (ciphertext ‖ tag) with a 32-byte key and 12-byte nonce.
#[wasm_bindgen(js_name = benchAesGcmSeal)]
pub fn bench_aes_gcm_seal(key: &[u8], nonce: &[u8], data: &[u8]) -> Result<Vec<u8>, JsValue> {
    let nonce: &[u8; aead::NONCE_LEN] = nonce
        .try_into()
        .map_err(|_| JsValue::from_str("nonce must be 12 bytes"))?;
    aead::seal(key, nonce, data, &[]).ok_or_else(|| JsValue::from_str("key must be 32 bytes"))
}

//! The JS edge of importing key material: `wrapKeyMaterial` (material wrapped exactly as AWS's
//! documented openssl commands wrap it), and the `KmsCore` methods that hand keys made off
//! this thread (WebCrypto, or the extras module's `generateWrappingKey` in a worker) to the
//! engine's pool.
//! Errors are JS `Error`s named `ValidationException` that say what was wrong with the input,
//! never its bytes. Depends on `crypto::rsa_wrap`, `env::OsEntropy` and the sibling `kms_core`.

use super::kms_core::KmsCore;
use crate::crypto::rsa_wrap::{self, Algorithm};
use crate::env::OsEntropy;
use js_sys::Error;
use wasm_bindgen::prelude::*;

const ALGORITHMS: &str =
    "RSAES_OAEP_SHA_256, RSAES_OAEP_SHA_1, RSA_AES_KEY_WRAP_SHA_256 or RSA_AES_KEY_WRAP_SHA_1";

/// An `Error` whose `name` is `ValidationException`, as bad input to the service would give.
fn validation(message: &str) -> JsValue {
    let err = Error::new(message);
    err.set_name("ValidationException");
    err.into()
}

/// Wraps `material` for the holder of `public_key` (DER SubjectPublicKeyInfo, as
/// GetParametersForImport returns it) with one of AWS's wrapping algorithms, drawing the OAEP
/// seed and the ephemeral AES key from OS randomness.
#[wasm_bindgen(js_name = wrapKeyMaterial)]
pub fn wrap_key_material(
    public_key: &[u8],
    material: &[u8],
    algorithm: &str,
) -> Result<Vec<u8>, JsValue> {
    let alg = match algorithm {
        "RSAES_PKCS1_V1_5" => {
            return Err(validation(
                "WrappingAlgorithm RSAES_PKCS1_V1_5 is no longer supported by AWS KMS (since \
                 2023-10-10); use RSAES_OAEP_SHA_256",
            ))
        }
        "SM2PKE" => {
            return Err(validation(
                "WrappingAlgorithm SM2PKE (China Regions only) is not supported by kms-wasm",
            ))
        }
        name => Algorithm::from_aws(name).ok_or_else(|| {
            let shown: String = name.chars().take(64).collect();
            validation(&format!(
                "unknown WrappingAlgorithm {shown:?}: use {ALGORITHMS}"
            ))
        })?,
    };
    if public_key.is_empty() {
        return Err(validation("PublicKey is empty"));
    }
    if material.is_empty() {
        return Err(validation("KeyMaterial is empty"));
    }
    rsa_wrap::wrap(public_key, alg, material, &mut OsEntropy).map_err(|m| validation(&m))
}

#[wasm_bindgen]
impl KmsCore {
    /// Adds a wrapping key made elsewhere (PKCS#8 DER: WebCrypto, or the extras module's
    /// `generateWrappingKey` in a worker) to the engine's pool, so GetParametersForImport takes
    /// it instead of making one on this thread. Returns its size in bits. The pool is not saved: it lives as long as this instance.
    #[wasm_bindgen(js_name = supplyWrappingKey)]
    pub fn supply_wrapping_key(&self, pkcs8: &[u8]) -> Result<u32, JsValue> {
        let mut inner = self.borrow()?;
        inner
            .engine
            .supply_wrapping_key(pkcs8)
            .map(|bits| bits as u32)
            .map_err(|e| validation(e.message().unwrap_or("not a usable wrapping key")))
    }

    /// How many pooled wrapping keys of `bits` are ready.
    #[wasm_bindgen(js_name = wrappingKeysReady)]
    pub fn wrapping_keys_ready(&self, bits: u32) -> Result<u32, JsValue> {
        Ok(self.borrow()?.engine.wrapping_keys_ready(bits as usize) as u32)
    }
}

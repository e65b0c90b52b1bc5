//! The JS edge of importing key material: the `KmsCore` methods that hand keys made off this
//! thread (WebCrypto, or the extras module's `generateWrappingKey` in a worker) to the engine's
//! pool. (`wrapKeyMaterial` and all other RSA are in the extras module.) Errors are JS `Error`s
//! named `ValidationException`. Depends on the sibling `kms_core`.

use super::kms_core::KmsCore;
use js_sys::Error;
use wasm_bindgen::prelude::*;

/// An `Error` whose `name` is `ValidationException`, as bad input to the service would give.
fn validation(message: &str) -> JsValue {
    let err = Error::new(message);
    err.set_name("ValidationException");
    err.into()
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

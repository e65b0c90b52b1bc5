//! wasm32 only: the host's AES-256-GCM, lent to the core's `crypto::aead` slot when the JS layer
//! calls `setHostAead` (the Node entry lends node:crypto's, which runs on the CPU's AES
//! instructions; browsers have no synchronous one). The core decides when to use it.
//! Depends on wasm-bindgen and the core's `crypto::aead`.

use crate::crypto::aead::{set_host, HostAead, TAG_LEN};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `{ seal(key, nonce, aad, plaintext, out), open(key, nonce, aad, sealed, out) }`. The byte
    /// arguments are views of this module's memory, valid during the call only; each function
    /// writes its result into `out` (ciphertext ‖ tag, or the plaintext) and returns whether it
    /// did: `open` answers false for what does not authenticate.
    pub type JsAead;

    #[wasm_bindgen(method, catch)]
    fn seal(
        this: &JsAead,
        key: &[u8],
        nonce: &[u8],
        aad: &[u8],
        plaintext: &[u8],
        out: &mut [u8],
    ) -> Result<bool, JsValue>;

    #[wasm_bindgen(method, catch)]
    fn open(
        this: &JsAead,
        key: &[u8],
        nonce: &[u8],
        aad: &[u8],
        sealed: &[u8],
        out: &mut [u8],
    ) -> Result<bool, JsValue>;
}

/// Lends (or, with `undefined`, takes back) the host's AES-256-GCM for this module instance.
#[wasm_bindgen(js_name = setHostAead)]
pub fn set_host_aead(host: Option<JsAead>) {
    set_host(host.map(|h| Box::new(Lent(h)) as Box<dyn HostAead>));
}

/// The JS object as the core's `HostAead`.
struct Lent(JsAead);

impl HostAead for Lent {
    fn seal(&self, key: &[u8], nonce: &[u8], aad: &[u8], plaintext: &[u8]) -> Option<Vec<u8>> {
        let mut out = vec![0u8; plaintext.len() + TAG_LEN];
        matches!(self.0.seal(key, nonce, aad, plaintext, &mut out), Ok(true)).then_some(out)
    }

    fn open(&self, key: &[u8], nonce: &[u8], aad: &[u8], sealed: &[u8]) -> Option<Option<Vec<u8>>> {
        let mut out = vec![0u8; sealed.len().checked_sub(TAG_LEN)?];
        match self.0.open(key, nonce, aad, sealed, &mut out) {
            Ok(true) => Some(Some(out)),
            Ok(false) => Some(None),
            Err(_) => None,
        }
    }
}

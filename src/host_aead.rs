//! wasm32 only: the host's AES-256-GCM, when the JS layer installs one with `setHostAead` (the
//! Node entry installs node:crypto's, which runs on the CPU's AES instructions; browsers have no
//! synchronous one). Same algorithm and bytes as the software cipher, only faster; reached from
//! `crypto::aead`, which decides when to use it. Depends on wasm-bindgen.

use crate::crypto::aead::TAG_LEN;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `{ seal(key, nonce, aad, plaintext, out), open(key, nonce, aad, sealed, out) }`. The byte
    /// arguments are views of this module's memory, valid during the call only; each function
    /// writes its result into `out` (ciphertext ‖ tag, or the plaintext) and returns whether it
    /// did: `open` answers false for what does not authenticate.
    pub type HostAead;

    #[wasm_bindgen(method, catch)]
    fn seal(
        this: &HostAead,
        key: &[u8],
        nonce: &[u8],
        aad: &[u8],
        plaintext: &[u8],
        out: &mut [u8],
    ) -> Result<bool, JsValue>;

    #[wasm_bindgen(method, catch)]
    fn open(
        this: &HostAead,
        key: &[u8],
        nonce: &[u8],
        aad: &[u8],
        sealed: &[u8],
        out: &mut [u8],
    ) -> Result<bool, JsValue>;
}

thread_local! {
    static HOST: RefCell<Option<HostAead>> = const { RefCell::new(None) };
}

/// Installs (or, with `undefined`, removes) the host's AES-256-GCM for this module instance.
#[wasm_bindgen(js_name = setHostAead)]
pub fn set_host_aead(host: Option<HostAead>) {
    HOST.with(|h| *h.borrow_mut() = host);
}

/// ciphertext ‖ tag from the host; `None` when there is no host cipher or it failed, and the
/// caller seals in software instead.
pub(crate) fn seal(key: &[u8], nonce: &[u8], aad: &[u8], plaintext: &[u8]) -> Option<Vec<u8>> {
    HOST.with(|h| {
        let h = h.borrow();
        let host = h.as_ref()?;
        let mut out = vec![0u8; plaintext.len() + TAG_LEN];
        matches!(host.seal(key, nonce, aad, plaintext, &mut out), Ok(true)).then_some(out)
    })
}

/// The plaintext from the host: `Some(None)` when it does not authenticate, `None` when there
/// is no host cipher or it failed (the caller opens in software instead).
pub(crate) fn open(key: &[u8], nonce: &[u8], aad: &[u8], sealed: &[u8]) -> Option<Option<Vec<u8>>> {
    let len = sealed.len().checked_sub(TAG_LEN)?;
    HOST.with(|h| {
        let h = h.borrow();
        let host = h.as_ref()?;
        let mut out = vec![0u8; len];
        match host.open(key, nonce, aad, sealed, &mut out) {
            Ok(true) => Some(Some(out)),
            Ok(false) => Some(None),
            Err(_) => None,
        }
    })
}

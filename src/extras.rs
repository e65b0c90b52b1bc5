//! wasm32 only: how the main module reaches the extras module (crates/extras), which holds RSA
//! key generation and Argon2id so this module need not. The JS layer loads the extras module
//! and hands in two synchronous functions with `setExtrasHooks`; the engine's wrapping-key
//! maker and the sealed file store's KDF call them. Depends on js-sys, wasm-bindgen and `env`.

use crate::env::WrappingKeyMaker;
use js_sys::{Array, Function, Uint8Array};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

struct Hooks {
    /// `(bits, seed: Uint8Array(32)) → Uint8Array` (PKCS#8): the extras module's
    /// `generateWrappingKeyFromSeed`.
    wrapping_key_from_seed: Function,
    /// `(passphrase, salt, m, t, p) → Uint8Array(32)`: the extras module's `argon2id`.
    argon2id: Function,
}

thread_local! {
    static HOOKS: RefCell<Option<Hooks>> = const { RefCell::new(None) };
}

/// Installs the functions that run the extras module (js/extras.js), once per module instance;
/// each may load that module synchronously on its first call (Node) or expect it loaded.
#[wasm_bindgen(js_name = setExtrasHooks)]
pub fn set_extras_hooks(wrapping_key_from_seed: Function, argon2id: Function) {
    HOOKS.with(|h| {
        *h.borrow_mut() = Some(Hooks {
            wrapping_key_from_seed,
            argon2id,
        })
    });
}

/// Calls one hook with `args`; its result as bytes, or why not (a thrown error's message).
fn call(pick: fn(&Hooks) -> &Function, args: &Array) -> Result<Vec<u8>, String> {
    let f = HOOKS.with(|h| h.borrow().as_ref().map(|h| pick(h).clone()));
    let f = f.ok_or("the kms-wasm extras module is not installed (setExtrasHooks)")?;
    let out = f.apply(&JsValue::NULL, args).map_err(|e| {
        js_sys::Reflect::get(&e, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_else(|| "the extras module failed".into())
    })?;
    if !out.is_instance_of::<Uint8Array>() {
        return Err("the extras module answered something other than bytes".into());
    }
    Ok(Uint8Array::from(out).to_vec())
}

/// The engine's wrapping-key maker in the wasm build: the extras module, through its hook.
pub struct JsWrappingKeyMaker;

impl WrappingKeyMaker for JsWrappingKeyMaker {
    fn make(&self, bits: usize, seed: &[u8; 32]) -> Result<Vec<u8>, String> {
        let args = Array::of2(&(bits as u32).into(), &Uint8Array::from(&seed[..]));
        call(|h| &h.wrapping_key_from_seed, &args)
    }
}

/// Argon2id of `passphrase` (see kms_wasm_extras::argon2id), run by the extras module.
pub fn argon2id(
    passphrase: &[u8],
    salt: &[u8],
    (m, t, p): (u32, u32, u32),
) -> Result<Zeroizing<[u8; 32]>, String> {
    let args = Array::of5(
        &Uint8Array::from(passphrase),
        &Uint8Array::from(salt),
        &m.into(),
        &t.into(),
        &p.into(),
    );
    let out = Zeroizing::new(call(|h| &h.argon2id, &args)?);
    let key: [u8; 32] = out
        .as_slice()
        .try_into()
        .map_err(|_| "the extras module's Argon2id key is not 32 bytes".to_string())?;
    Ok(Zeroizing::new(key))
}

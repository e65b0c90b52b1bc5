//! wasm32 only: how the main module reaches the extras module (crates/extras), which holds all
//! RSA and Argon2id so this module need not. The JS layer hands in synchronous functions with
//! `setExtrasHooks` (each loads or expects the module); the engine's `env::Rsa` and the sealed
//! file store's KDF call them. Depends on js-sys, wasm-bindgen and `env`.

use crate::env::Rsa;
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
    /// `(pkcs8) → [spki, bits] | undefined`: the extras module's `wrappingKeyPublic`.
    public_of: Function,
    /// `(pkcs8, algorithm, wrapped) → Uint8Array | undefined`: its `unwrapKeyMaterial`.
    unwrap: Function,
}

thread_local! {
    static HOOKS: RefCell<Option<Hooks>> = const { RefCell::new(None) };
}

/// Installs the functions that run the extras module (js/extras.js), once per module instance;
/// each may load that module synchronously on its first call (Node) or expect it loaded.
#[wasm_bindgen(js_name = setExtrasHooks)]
pub fn set_extras_hooks(
    wrapping_key_from_seed: Function,
    argon2id: Function,
    public_of: Function,
    unwrap: Function,
) {
    HOOKS.with(|h| {
        *h.borrow_mut() = Some(Hooks {
            wrapping_key_from_seed,
            argon2id,
            public_of,
            unwrap,
        })
    });
}

/// Calls one hook with `args`; what it returned, or why not (a thrown error's message, such as
/// "the extras module is not loaded yet").
fn call_raw(pick: fn(&Hooks) -> &Function, args: &Array) -> Result<JsValue, String> {
    let f = HOOKS.with(|h| h.borrow().as_ref().map(|h| pick(h).clone()));
    let f = f.ok_or("the kms-wasm extras module is not installed (setExtrasHooks)")?;
    f.apply(&JsValue::NULL, args).map_err(|e| {
        js_sys::Reflect::get(&e, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_else(|| "the extras module failed".into())
    })
}

/// Bytes from a hook's answer; `undefined` is `None` (a key or ciphertext that does not work).
fn bytes(out: JsValue) -> Result<Option<Vec<u8>>, String> {
    if out.is_undefined() || out.is_null() {
        return Ok(None);
    }
    if !out.is_instance_of::<Uint8Array>() {
        return Err("the extras module answered something other than bytes".into());
    }
    Ok(Some(Uint8Array::from(out).to_vec()))
}

/// Calls one hook that must answer bytes.
fn call(pick: fn(&Hooks) -> &Function, args: &Array) -> Result<Vec<u8>, String> {
    bytes(call_raw(pick, args)?)?.ok_or_else(|| "the extras module answered no bytes".into())
}

/// The engine's RSA in the wasm build: the extras module, through its hooks.
pub struct JsRsa;

impl Rsa for JsRsa {
    fn make(&self, bits: usize, seed: &[u8; 32]) -> Result<Vec<u8>, String> {
        let args = Array::of2(&(bits as u32).into(), &Uint8Array::from(&seed[..]));
        call(|h| &h.wrapping_key_from_seed, &args)
    }

    fn public_of(&self, pkcs8: &[u8]) -> Result<Option<(Vec<u8>, usize)>, String> {
        let out = call_raw(|h| &h.public_of, &Array::of1(&Uint8Array::from(pkcs8)))?;
        if out.is_undefined() || out.is_null() {
            return Ok(None);
        }
        let pair = Array::from(&out);
        let spki = bytes(pair.get(0))?;
        match (spki, pair.get(1).as_f64()) {
            (Some(spki), Some(bits)) => Ok(Some((spki, bits as usize))),
            _ => Err("the extras module answered no [spki, bits] pair".into()),
        }
    }

    fn unwrap(
        &self,
        pkcs8: &[u8],
        algorithm: &str,
        wrapped: &[u8],
    ) -> Result<Option<Vec<u8>>, String> {
        let args = Array::of3(
            &Uint8Array::from(pkcs8),
            &algorithm.into(),
            &Uint8Array::from(wrapped),
        );
        let out = call_raw(|h| &h.unwrap, &args)?;
        let material = bytes(out.clone())?;
        if out.is_instance_of::<Uint8Array>() {
            // The JS copy of the material is ours: wipe it rather than leave it to the GC.
            Uint8Array::from(out).fill(0, 0, u32::MAX);
        }
        Ok(material)
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

//! wasm32 only: the engine's `KeyCrypto` (HMAC and asymmetric keys) run by the extras
//! module. js/extras.js installs one synchronous function with `setKeyCryptoHook`, called as
//! `hook(name, ...args)` where `name` is one of the extras module's `keyPair*` or `macCompute`
//! exports; it loads that module on first use (Node) or expects it loaded. Depends on js-sys
//! and the core.

use js_sys::{Array, Function, Uint8Array};
use kms_wasm_core::key_crypto::{CipherInput, KeyCrypto, SignInput};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    static HOOK: RefCell<Option<Function>> = const { RefCell::new(None) };
}

/// Installs the function that runs the extras module's `keyPair*` and `macCompute` exports.
#[wasm_bindgen(js_name = setKeyCryptoHook)]
pub fn set_key_crypto_hook(hook: Function) {
    HOOK.with(|h| *h.borrow_mut() = Some(hook));
}

fn bytes(b: &[u8]) -> JsValue {
    Uint8Array::from(b).into()
}

/// Calls `name` with `args`: what it returned, or why not (a thrown error's message).
fn call(name: &str, args: &[JsValue]) -> Result<JsValue, String> {
    let f = HOOK.with(|h| h.borrow().clone());
    let f = f.ok_or("the kms-wasm extras module is not installed (setKeyCryptoHook)")?;
    let list = Array::new();
    list.push(&name.into());
    for a in args {
        list.push(a);
    }
    f.apply(&JsValue::NULL, &list).map_err(|e| {
        js_sys::Reflect::get(&e, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_else(|| "the extras module failed".into())
    })
}

/// Bytes from an answer; `undefined` is `None`. A copy the JS side made of secret bytes (a
/// private key, a decrypted plaintext, a shared secret) is wiped once copied here.
fn answer(out: JsValue) -> Result<Option<Vec<u8>>, String> {
    if out.is_undefined() || out.is_null() {
        return Ok(None);
    }
    if !out.is_instance_of::<Uint8Array>() {
        return Err("the extras module answered something other than bytes".into());
    }
    let array = Uint8Array::from(out);
    let v = array.to_vec();
    array.fill(0, 0, u32::MAX);
    Ok(Some(v))
}

pub struct JsKeyCrypto;

impl KeyCrypto for JsKeyCrypto {
    fn generate(&self, spec: &str, seed: &[u8; 32]) -> Result<Option<Vec<u8>>, String> {
        answer(call("keyPairGenerate", &[spec.into(), bytes(seed)])?)
    }
    fn private_key(&self, spec: &str, der: &[u8]) -> Result<Option<Vec<u8>>, String> {
        answer(call("keyPairPrivate", &[spec.into(), bytes(der)])?)
    }
    fn public_key(&self, spec: &str, pkcs8: &[u8]) -> Result<Option<Vec<u8>>, String> {
        answer(call("keyPairPublic", &[spec.into(), bytes(pkcs8)])?)
    }
    fn sign(&self, r: &SignInput, seed: &[u8; 32]) -> Result<Option<Vec<u8>>, String> {
        let args = [
            r.spec.into(),
            bytes(r.pkcs8),
            r.algorithm.into(),
            r.digest.into(),
            bytes(r.message),
            bytes(seed),
        ];
        answer(call("keyPairSign", &args)?)
    }
    fn verify(&self, r: &SignInput, signature: &[u8]) -> Result<bool, String> {
        let args = [
            r.spec.into(),
            bytes(r.pkcs8),
            r.algorithm.into(),
            r.digest.into(),
            bytes(r.message),
            bytes(signature),
        ];
        Ok(call("keyPairVerify", &args)?.as_bool() == Some(true))
    }
    fn encrypt(&self, r: &CipherInput, seed: &[u8; 32]) -> Result<Option<Vec<u8>>, String> {
        let args = [
            r.spec.into(),
            bytes(r.pkcs8),
            r.algorithm.into(),
            bytes(r.data),
            bytes(seed),
        ];
        answer(call("keyPairEncrypt", &args)?)
    }
    fn decrypt(&self, r: &CipherInput) -> Result<Option<Vec<u8>>, String> {
        let args = [
            r.spec.into(),
            bytes(r.pkcs8),
            r.algorithm.into(),
            bytes(r.data),
        ];
        answer(call("keyPairDecrypt", &args)?)
    }
    fn derive(&self, spec: &str, pkcs8: &[u8], peer: &[u8]) -> Result<Option<Vec<u8>>, String> {
        answer(call(
            "keyPairDerive",
            &[spec.into(), bytes(pkcs8), bytes(peer)],
        )?)
    }
    fn mac(&self, algorithm: &str, key: &[u8], message: &[u8]) -> Result<Option<Vec<u8>>, String> {
        answer(call(
            "macCompute",
            &[algorithm.into(), bytes(key), bytes(message)],
        )?)
    }
    fn encapsulate(
        &self,
        spec: &str,
        pkcs8: &[u8],
        seed: &[u8; 32],
    ) -> Result<Option<Vec<u8>>, String> {
        answer(call(
            "keyPairEncapsulate",
            &[spec.into(), bytes(pkcs8), bytes(seed)],
        )?)
    }
    fn decapsulate(&self, spec: &str, pkcs8: &[u8], ct: &[u8]) -> Result<Option<Vec<u8>>, String> {
        answer(call(
            "keyPairDecapsulate",
            &[spec.into(), bytes(pkcs8), bytes(ct)],
        )?)
    }
}

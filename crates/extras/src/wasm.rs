//! The extras module's JS surface (wasm32 only): `generateWrappingKey` (OS randomness, for the
//! key-generation workers), `generateWrappingKeyFromSeed` (what a seeded service's engine asks
//! for through the main module's hook) and `argon2id` (the sealed file store's KDF). Bad input
//! throws an `Error` named `ValidationException`, as the main module's own checks do.

use js_sys::Error;
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

fn validation(message: &str) -> JsValue {
    let err = Error::new(message);
    err.set_name("ValidationException");
    err.into()
}

fn checked_bits(bits: u32) -> Result<usize, JsValue> {
    let bits = bits as usize;
    if crate::WRAPPING_KEY_BITS.contains(&bits) {
        Ok(bits)
    } else {
        Err(validation(&format!(
            "wrapping keys are RSA 2048, 3072 or 4096 bits, not {bits}"
        )))
    }
}

fn from_seed(bits: usize, seed: &[u8; 32]) -> Result<Vec<u8>, JsValue> {
    crate::wrapping_key_from_seed(bits, seed)
        .ok_or_else(|| Error::new("RSA key generation failed").into())
}

/// A new RSA wrapping key of `bits` (2048, 3072 or 4096) as PKCS#8 DER, from a seed drawn
/// from `crypto.getRandomValues`. Takes seconds for 4096 bits: call it in a worker.
#[wasm_bindgen(js_name = generateWrappingKey)]
pub fn generate_wrapping_key(bits: u32) -> Result<Vec<u8>, JsValue> {
    let bits = checked_bits(bits)?;
    let mut seed = Zeroizing::new([0u8; 32]);
    getrandom::fill(seed.as_mut()).map_err(|_| Error::new("no secure random source"))?;
    from_seed(bits, &seed)
}

/// The RSA wrapping key of `bits` that `seed` (32 bytes) determines, as PKCS#8 DER: the same
/// seed always gives the same key (see `SeedStream`).
#[wasm_bindgen(js_name = generateWrappingKeyFromSeed)]
pub fn generate_wrapping_key_from_seed(bits: u32, seed: &[u8]) -> Result<Vec<u8>, JsValue> {
    let bits = checked_bits(bits)?;
    let seed: Zeroizing<[u8; 32]> = Zeroizing::new(
        seed.try_into()
            .map_err(|_| validation("the seed must be 32 bytes"))?,
    );
    from_seed(bits, &seed)
}

/// Argon2id (v0x13, 32-byte output) of `passphrase` with `salt`: `m_cost` KiB, `t_cost`
/// passes, `p_cost` lanes. Throws a `ValidationException` for parameters argon2 refuses.
#[wasm_bindgen]
pub fn argon2id(
    passphrase: &[u8],
    salt: &[u8],
    m_cost: u32,
    t_cost: u32,
    p_cost: u32,
) -> Result<Vec<u8>, JsValue> {
    let key = crate::argon2id(passphrase, salt, m_cost, t_cost, p_cost)
        .map(Zeroizing::new)
        .ok_or_else(|| validation("argon2id: the salt or the cost parameters are out of range"))?;
    Ok(key.to_vec())
}

//! The extras module's JS surface (wasm32 only): wrapping keys (`generateWrappingKey` for the
//! workers, `generateWrappingKeyFromSeed`, `wrappingKeyPublic`), `unwrapKeyMaterial` and
//! `wrapKeyMaterial` (the main module's hooks and the package's export), and `argon2id`. Bad
//! input throws an `Error` named `ValidationException`, as the main module's own checks do.

use js_sys::{Array, Error, Uint8Array};
use kms_wasm_extras::rsa_wrap::{self, Algorithm};
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

pub(crate) fn validation(message: &str) -> JsValue {
    let err = Error::new(message);
    err.set_name("ValidationException");
    err.into()
}

fn checked_bits(bits: u32) -> Result<usize, JsValue> {
    let bits = bits as usize;
    if kms_wasm_extras::WRAPPING_KEY_BITS.contains(&bits) {
        Ok(bits)
    } else {
        Err(validation(&format!(
            "wrapping keys are RSA 2048, 3072 or 4096 bits, not {bits}"
        )))
    }
}

fn from_seed(bits: usize, seed: &[u8; 32]) -> Result<Vec<u8>, JsValue> {
    kms_wasm_extras::wrapping_key_from_seed(bits, seed)
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
    let key = kms_wasm_extras::argon2id(passphrase, salt, m_cost, t_cost, p_cost)
        .map(Zeroizing::new)
        .ok_or_else(|| validation("argon2id: the salt or the cost parameters are out of range"))?;
    Ok(key.to_vec())
}

const ALGORITHMS: &str =
    "RSAES_OAEP_SHA_256, RSAES_OAEP_SHA_1, RSA_AES_KEY_WRAP_SHA_256 or RSA_AES_KEY_WRAP_SHA_1";

/// `[spki, bits]` of a PKCS#8 RSA private key: its SubjectPublicKeyInfo DER and modulus size;
/// `undefined` when the bytes are not one.
#[wasm_bindgen(js_name = wrappingKeyPublic)]
pub fn wrapping_key_public(pkcs8: &[u8]) -> Option<Array> {
    let (spki, bits) = rsa_wrap::public_of(pkcs8)?;
    Some(Array::of2(
        &Uint8Array::from(&spki[..]),
        &(bits as u32).into(),
    ))
}

/// The material `wrapped` holds, unwrapped with the PKCS#8 private key under `algorithm` (an
/// AWS WrappingAlgorithm name); `undefined` when it does not unwrap.
#[wasm_bindgen(js_name = unwrapKeyMaterial)]
pub fn unwrap_key_material(
    pkcs8: &[u8],
    algorithm: &str,
    wrapped: &[u8],
) -> Result<Option<Vec<u8>>, JsValue> {
    let alg = Algorithm::from_aws(algorithm)
        .ok_or_else(|| validation("unknown WrappingAlgorithm for unwrapping"))?;
    Ok(rsa_wrap::unwrap(pkcs8, alg, wrapped))
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
    // getrandom only fails on a platform with no RNG at all; the OAEP seed cannot be skipped,
    // so that is reported instead of wrapping with zeros.
    let mut failed = false;
    let mut fill = |buf: &mut [u8]| failed |= getrandom::fill(buf).is_err();
    let out = rsa_wrap::wrap(public_key, alg, material, &mut fill).map_err(|m| validation(&m))?;
    if failed {
        return Err(Error::new("no secure random source").into());
    }
    Ok(out)
}

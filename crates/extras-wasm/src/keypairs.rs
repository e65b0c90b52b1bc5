//! The extras module's JS surface for asymmetric KMS keys (wasm32 only): `keyPairGenerate`,
//! `keyPairPrivate`, `keyPairPublic`, `keyPairSign`, `keyPairVerify`, `keyPairEncrypt`,
//! `keyPairDecrypt`, `keyPairDerive`, `keyPairEncapsulate(To)` and `keyPairDecapsulate`, thin
//! wrappers of `kms_wasm_extras::keypairs`. Invalid input answers `undefined` (or `false`);
//! only a seed that is not 32 bytes throws.

use crate::keys::validation;
use js_sys::Uint8Array;
use kms_wasm_extras::keypairs;
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

/// Hands secret bytes (a private key, a plaintext, a shared secret) to JS as a Uint8Array and
/// wipes the copy in wasm memory, which returning the `Vec` would free without wiping.
fn secret(bytes: Option<Vec<u8>>) -> Option<Uint8Array> {
    let bytes = Zeroizing::new(bytes?);
    Some(Uint8Array::from(&bytes[..]))
}

/// The 32-byte seed, copied into a buffer that is wiped on drop; a `ValidationException`
/// otherwise, as `generateWrappingKeyFromSeed` throws.
fn seed_of(seed: &[u8]) -> Result<Zeroizing<[u8; 32]>, JsValue> {
    Ok(Zeroizing::new(
        seed.try_into()
            .map_err(|_| validation("the seed must be 32 bytes"))?,
    ))
}

/// The PKCS#8 DER private key of `spec` (an AWS KeySpec) that `seed` determines; `undefined`
/// for a spec that is not asymmetric. RSA_4096 takes seconds: call it in a worker.
#[wasm_bindgen(js_name = keyPairGenerate)]
pub fn key_pair_generate(spec: &str, seed: &[u8]) -> Result<Option<Uint8Array>, JsValue> {
    let seed = seed_of(seed)?;
    Ok(secret(keypairs::generate(spec, &seed)))
}

/// The canonical PKCS#8 DER of imported key material `der` if it is a private key of `spec`.
#[wasm_bindgen(js_name = keyPairPrivate)]
pub fn key_pair_private(spec: &str, der: &[u8]) -> Option<Uint8Array> {
    secret(keypairs::private_key(spec, der))
}

/// The DER SubjectPublicKeyInfo of the key (what GetPublicKey returns).
#[wasm_bindgen(js_name = keyPairPublic)]
pub fn key_pair_public(spec: &str, pkcs8: &[u8]) -> Option<Vec<u8>> {
    keypairs::public_key(spec, pkcs8)
}

/// Sign's signature: `digest` is MessageType DIGEST; the seed feeds PSS salts, ECDSA's
/// hedged nonces and RSA blinding.
#[wasm_bindgen(js_name = keyPairSign)]
pub fn key_pair_sign(
    spec: &str,
    pkcs8: &[u8],
    algorithm: &str,
    digest: bool,
    message: &[u8],
    seed: &[u8],
) -> Result<Option<Vec<u8>>, JsValue> {
    let seed = seed_of(seed)?;
    Ok(keypairs::sign(
        spec, pkcs8, algorithm, digest, message, &seed,
    ))
}

/// Verify's answer: whether `signature` is valid for `message` under the key's public half.
#[wasm_bindgen(js_name = keyPairVerify)]
pub fn key_pair_verify(
    spec: &str,
    pkcs8: &[u8],
    algorithm: &str,
    digest: bool,
    message: &[u8],
    signature: &[u8],
) -> bool {
    keypairs::verify(spec, pkcs8, algorithm, digest, message, signature)
}

/// RSAES-OAEP encryption with an RSA key; `undefined` when the plaintext is too long.
#[wasm_bindgen(js_name = keyPairEncrypt)]
pub fn key_pair_encrypt(
    spec: &str,
    pkcs8: &[u8],
    algorithm: &str,
    plaintext: &[u8],
    seed: &[u8],
) -> Result<Option<Vec<u8>>, JsValue> {
    let seed = seed_of(seed)?;
    Ok(keypairs::encrypt(spec, pkcs8, algorithm, plaintext, &seed))
}

/// RSAES-OAEP decryption; `undefined` when the ciphertext does not decrypt.
#[wasm_bindgen(js_name = keyPairDecrypt)]
pub fn key_pair_decrypt(
    spec: &str,
    pkcs8: &[u8],
    algorithm: &str,
    ciphertext: &[u8],
) -> Option<Uint8Array> {
    secret(keypairs::decrypt(spec, pkcs8, algorithm, ciphertext))
}

/// DeriveSharedSecret's raw ECDH secret with the peer's DER SPKI (NIST curves only).
#[wasm_bindgen(js_name = keyPairDerive)]
pub fn key_pair_derive(spec: &str, pkcs8: &[u8], peer: &[u8]) -> Option<Uint8Array> {
    secret(keypairs::derive_shared_secret(spec, pkcs8, peer))
}

/// ML-KEM Encapsulate to the key's public half: the 32-byte shared secret followed by the
/// ciphertext; FIPS 203's m comes from the seed.
#[wasm_bindgen(js_name = keyPairEncapsulate)]
pub fn key_pair_encapsulate(
    spec: &str,
    pkcs8: &[u8],
    seed: &[u8],
) -> Result<Option<Uint8Array>, JsValue> {
    let seed = seed_of(seed)?;
    Ok(secret(keypairs::encapsulate(spec, pkcs8, &seed)))
}

/// ML-KEM encapsulation to a DER SubjectPublicKeyInfo (GetPublicKey's answer), laid out as
/// `keyPairEncapsulate`'s: a peer's side of an exchange, which needs no KMS key.
#[wasm_bindgen(js_name = keyPairEncapsulateTo)]
pub fn key_pair_encapsulate_to(
    spec: &str,
    spki: &[u8],
    seed: &[u8],
) -> Result<Option<Uint8Array>, JsValue> {
    let seed = seed_of(seed)?;
    Ok(secret(keypairs::encapsulate_to(spec, spki, &seed)))
}

/// ML-KEM Decapsulate: the shared secret; `undefined` for a ciphertext of the wrong length.
#[wasm_bindgen(js_name = keyPairDecapsulate)]
pub fn key_pair_decapsulate(spec: &str, pkcs8: &[u8], ciphertext: &[u8]) -> Option<Uint8Array> {
    secret(keypairs::decapsulate(spec, pkcs8, ciphertext))
}

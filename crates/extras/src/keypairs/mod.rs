//! Asymmetric KMS keys: generation from a seed, import validation, public keys, Sign/Verify,
//! RSA Encrypt/Decrypt, ECDH and ML-KEM Encapsulate/Decapsulate, for every AWS key spec but
//! SM2. Keys travel as PKCS#8 DER; specs and algorithms as AWS names; bad input answers
//! `None`/`false`, the rest is deterministic given the seed. Depends on `spec`, `rsa_keys`,
//! `ec`, `ed25519`, `ml_dsa`, `ml_kem`, `cache`.

mod cache;
mod ec;
mod ed25519;
mod ml_dsa;
mod ml_kem;
mod rsa_keys;
mod spec;

/// Every key spec of this module (RSA, ECC, Ed25519, ML-DSA, ML-KEM), as AWS names them.
pub const SPECS: [&str; 14] = spec::Spec::ALL;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_crypt;
#[cfg(test)]
mod tests_kat;
#[cfg(test)]
mod tests_pq;

use spec::{Oaep, SigningAlgorithm, Spec};

/// Runs the curve-generic `ec::$f` on the curve `$spec` names, or `$other` for a spec that is
/// not one of the four Weierstrass curves.
macro_rules! on_curve {
    ($spec:expr, $f:ident($($arg:expr),*), $other:expr) => {
        match $spec {
            Spec::P256 => ec::$f::<p256::NistP256>($($arg),*),
            Spec::P384 => ec::$f::<p384::NistP384>($($arg),*),
            Spec::P521 => ec::$f::<p521::NistP521>($($arg),*),
            Spec::Secp256k1 => ec::$f::<k256::Secp256k1>($($arg),*),
            Spec::Rsa(_) | Spec::Ed25519 | Spec::MlDsa(_) | Spec::MlKem(_) => $other,
        }
    };
}

/// PKCS#8 DER private key of `spec`, deterministic from `seed` (expanded with `SeedStream`).
/// RSA keys are exactly `crate::wrapping_key_from_seed`'s.
pub fn generate(spec: &str, seed: &[u8; 32]) -> Option<Vec<u8>> {
    match Spec::from_aws(spec)? {
        Spec::Rsa(bits) => crate::wrapping_key_from_seed(bits, seed),
        Spec::Ed25519 => ed25519::generate(seed),
        Spec::MlDsa(level) => ml_dsa::generate(level, seed),
        Spec::MlKem(level) => ml_kem::generate(level, seed),
        curve => on_curve!(curve, generate(seed), None),
    }
}

/// The canonical PKCS#8 DER (v1, as OpenSSL writes it) of the private key in `der` if it is a
/// PKCS#8 private key of `spec`: for validating imported key material.
pub fn private_key(spec: &str, der: &[u8]) -> Option<Vec<u8>> {
    match Spec::from_aws(spec)? {
        Spec::Rsa(bits) => rsa_keys::private_key(bits, der),
        Spec::Ed25519 => ed25519::private_key(der),
        Spec::MlDsa(level) => ml_dsa::private_key(level, der),
        Spec::MlKem(level) => ml_kem::private_key(level, der),
        curve => on_curve!(curve, private_key(der), None),
    }
}

/// DER SubjectPublicKeyInfo of the key, as OpenSSL encodes it (EC points uncompressed).
pub fn public_key(spec: &str, pkcs8: &[u8]) -> Option<Vec<u8>> {
    match Spec::from_aws(spec)? {
        Spec::Rsa(bits) => rsa_keys::public_key(bits, pkcs8),
        Spec::Ed25519 => ed25519::public_key(pkcs8),
        Spec::MlDsa(level) => ml_dsa::public_key(level, pkcs8),
        Spec::MlKem(level) => ml_kem::public_key(level, pkcs8),
        curve => on_curve!(curve, public_key(pkcs8), None),
    }
}

/// A signature as AWS KMS Sign makes it. `digest`: the message is already the hash the
/// algorithm names (MessageType DIGEST) or, for ML-DSA, the μ of FIPS 204 (EXTERNAL_MU),
/// rather than the message to hash (RAW). ED25519_SHA_512 takes RAW only; ED25519_PH_SHA_512
/// takes DIGEST only, and its message is RFC 8032's M, which it hashes with SHA-512 itself.
pub fn sign(
    spec: &str,
    pkcs8: &[u8],
    algorithm: &str,
    digest: bool,
    message: &[u8],
    seed: &[u8; 32],
) -> Option<Vec<u8>> {
    let spec = Spec::from_aws(spec)?;
    match (SigningAlgorithm::for_spec(spec, algorithm)?, spec) {
        (SigningAlgorithm::RsaPss(hash), Spec::Rsa(bits)) => rsa_keys::sign(
            bits,
            pkcs8,
            true,
            hash,
            &hash.prehash(digest, message)?,
            seed,
        ),
        (SigningAlgorithm::RsaPkcs1(hash), Spec::Rsa(bits)) => rsa_keys::sign(
            bits,
            pkcs8,
            false,
            hash,
            &hash.prehash(digest, message)?,
            seed,
        ),
        (SigningAlgorithm::Ecdsa(hash), curve) => {
            let prehash = hash.prehash(digest, message)?;
            on_curve!(curve, sign(pkcs8, &prehash, seed), None)
        }
        (SigningAlgorithm::Ed25519, _) if !digest => ed25519::sign(pkcs8, false, message),
        (SigningAlgorithm::Ed25519Ph, _) if digest => ed25519::sign(pkcs8, true, message),
        (SigningAlgorithm::MlDsa, Spec::MlDsa(level)) => {
            ml_dsa::sign(level, pkcs8, digest, message)
        }
        _ => None,
    }
}

/// Whether `signature` is what `sign` would accept as a signature of `message` under the
/// public half of `pkcs8` (any valid one: PSS salts and ECDSA's k vary). ECDSA takes DER only.
pub fn verify(
    spec: &str,
    pkcs8: &[u8],
    algorithm: &str,
    digest: bool,
    message: &[u8],
    signature: &[u8],
) -> bool {
    let Some(spec) = Spec::from_aws(spec) else {
        return false;
    };
    let Some(alg) = SigningAlgorithm::for_spec(spec, algorithm) else {
        return false;
    };
    let prehash = |hash: spec::Hash| hash.prehash(digest, message);
    match (alg, spec) {
        (SigningAlgorithm::RsaPss(hash), Spec::Rsa(bits)) => {
            prehash(hash).is_some_and(|h| rsa_keys::verify(bits, pkcs8, true, hash, &h, signature))
        }
        (SigningAlgorithm::RsaPkcs1(hash), Spec::Rsa(bits)) => {
            prehash(hash).is_some_and(|h| rsa_keys::verify(bits, pkcs8, false, hash, &h, signature))
        }
        (SigningAlgorithm::Ecdsa(hash), curve) => {
            prehash(hash).is_some_and(|h| on_curve!(curve, verify(pkcs8, &h, signature), false))
        }
        (SigningAlgorithm::Ed25519, _) if !digest => {
            ed25519::verify(pkcs8, false, message, signature)
        }
        (SigningAlgorithm::Ed25519Ph, _) if digest => {
            ed25519::verify(pkcs8, true, message, signature)
        }
        (SigningAlgorithm::MlDsa, Spec::MlDsa(level)) => {
            ml_dsa::verify(level, pkcs8, digest, message, signature)
        }
        _ => false,
    }
}

/// RSAES_OAEP_SHA_1 / RSAES_OAEP_SHA_256 (MGF1 of the same hash, empty label) with an RSA_*
/// key, the OAEP seed drawn from `seed`; `None` if the plaintext is too long for the key.
pub fn encrypt(
    spec: &str,
    pkcs8: &[u8],
    algorithm: &str,
    plaintext: &[u8],
    seed: &[u8; 32],
) -> Option<Vec<u8>> {
    let Spec::Rsa(bits) = Spec::from_aws(spec)? else {
        return None;
    };
    rsa_keys::encrypt(bits, pkcs8, Oaep::from_aws(algorithm)?, plaintext, seed)
}

/// The plaintext of an RSAES-OAEP `ciphertext`; `None` if it does not decrypt.
pub fn decrypt(spec: &str, pkcs8: &[u8], algorithm: &str, ciphertext: &[u8]) -> Option<Vec<u8>> {
    let Spec::Rsa(bits) = Spec::from_aws(spec)? else {
        return None;
    };
    rsa_keys::decrypt(bits, pkcs8, Oaep::from_aws(algorithm)?, ciphertext)
}

/// ECDH on ECC_NIST_P256/P384/P521 (AWS offers KEY_AGREEMENT on no other of these specs): the
/// raw shared secret, the x-coordinate (32/48/66 bytes), with the peer's DER SPKI on the
/// same curve.
pub fn derive_shared_secret(spec: &str, pkcs8: &[u8], peer_spki: &[u8]) -> Option<Vec<u8>> {
    match Spec::from_aws(spec)? {
        Spec::P256 => ec::derive::<p256::NistP256>(pkcs8, peer_spki),
        Spec::P384 => ec::derive::<p384::NistP384>(pkcs8, peer_spki),
        Spec::P521 => ec::derive::<p521::NistP521>(pkcs8, peer_spki),
        _ => None,
    }
}

/// ML-KEM Encapsulate to the public half of `pkcs8`: the 32-byte shared secret followed by
/// the ciphertext, FIPS 203's m drawn from `seed`.
pub fn encapsulate(spec: &str, pkcs8: &[u8], seed: &[u8; 32]) -> Option<Vec<u8>> {
    let Spec::MlKem(level) = Spec::from_aws(spec)? else {
        return None;
    };
    ml_kem::encapsulate(level, pkcs8, seed)
}

/// ML-KEM encapsulation to a DER SubjectPublicKeyInfo of `spec` (a peer's side), laid out as
/// `encapsulate`'s answer.
pub fn encapsulate_to(spec: &str, spki: &[u8], seed: &[u8; 32]) -> Option<Vec<u8>> {
    let Spec::MlKem(level) = Spec::from_aws(spec)? else {
        return None;
    };
    ml_kem::encapsulate_to(level, spki, seed)
}

/// ML-KEM Decapsulate: the shared secret; `None` for a ciphertext of the wrong length.
pub fn decapsulate(spec: &str, pkcs8: &[u8], ciphertext: &[u8]) -> Option<Vec<u8>> {
    let Spec::MlKem(level) = Spec::from_aws(spec)? else {
        return None;
    };
    ml_kem::decapsulate(level, pkcs8, ciphertext)
}

//! Ed25519 key pairs (ECC_NIST_EDWARDS25519): the RFC 8410 encodings, PureEdDSA
//! (ED25519_SHA_512) and Ed25519ph (ED25519_PH_SHA_512), per RFC 8032. Depends on
//! ed25519-dalek, sha2, `SeedStream` and `cache` (stored keys are parsed once, not every call).

use super::cache;
use super::spec::Spec;
use crate::SeedStream;
use ed25519_dalek::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey, KeypairBytes};
use ed25519_dalek::{Signature, SigningKey};
use sha2::{Digest, Sha512};
use std::rc::Rc;
use zeroize::Zeroizing;

/// The private key in `pkcs8`: a 32-byte RFC 8032 seed under OID 1.3.101.112 with no
/// parameters, v1 or v2; ed25519-dalek refuses a v2 key whose public key is not the seed's.
fn parse(pkcs8: &[u8]) -> Option<SigningKey> {
    SigningKey::from_pkcs8_der(pkcs8).ok()
}

/// `parse` for a stored key, through the cache: parsing derives the public key, a scalar
/// multiplication that costs as much as signing.
fn stored(pkcs8: &[u8]) -> Option<Rc<SigningKey>> {
    cache::parsed(Spec::Ed25519, pkcs8, parse)
}

/// The 48-byte v1 form OpenSSL writes (no public key; dalek's own encoder adds it).
fn encode(key: &SigningKey) -> Option<Vec<u8>> {
    let bytes = KeypairBytes {
        secret_key: key.to_bytes(),
        public_key: None,
    };
    Some(bytes.to_pkcs8_der().ok()?.as_bytes().to_vec())
}

/// The key whose RFC 8032 seed is the first 32 bytes of the seed's stream.
pub(super) fn generate(seed: &[u8; 32]) -> Option<Vec<u8>> {
    let mut secret = Zeroizing::new([0u8; 32]);
    SeedStream::new(seed).fill(secret.as_mut());
    encode(&SigningKey::from_bytes(&secret))
}

pub(super) fn private_key(der: &[u8]) -> Option<Vec<u8>> {
    encode(&parse(der)?)
}

/// The 44-byte SubjectPublicKeyInfo.
pub(super) fn public_key(pkcs8: &[u8]) -> Option<Vec<u8>> {
    let key = stored(pkcs8)?;
    Some(key.verifying_key().to_public_key_der().ok()?.into_vec())
}

/// Ed25519 is deterministic, so there is no seed: PureEdDSA signs the message itself;
/// Ed25519ph (empty context) signs SHA-512 of it, the message being the RFC's M.
pub(super) fn sign(pkcs8: &[u8], prehashed: bool, message: &[u8]) -> Option<Vec<u8>> {
    let key = stored(pkcs8)?;
    let signature = if prehashed {
        key.sign_prehashed(Sha512::new_with_prefix(message), None)
            .ok()?
    } else {
        ed25519_dalek::Signer::try_sign(&*key, message).ok()?
    };
    Some(signature.to_bytes().to_vec())
}

/// RFC 8032's verification (cofactorless, S must be below the group order).
pub(super) fn verify(pkcs8: &[u8], prehashed: bool, message: &[u8], signature: &[u8]) -> bool {
    let Ok(signature) = Signature::from_slice(signature) else {
        return false;
    };
    let Some(key) = stored(pkcs8) else {
        return false;
    };
    let public = key.verifying_key();
    if prehashed {
        public
            .verify_prehashed(Sha512::new_with_prefix(message), None, &signature)
            .is_ok()
    } else {
        ed25519_dalek::Verifier::verify(&public, message, &signature).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unhex(s: &str) -> Vec<u8> {
        let s: String = s.split_whitespace().collect();
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    /// The 48-byte PKCS#8 of an RFC 8032 secret key, as OpenSSL writes it.
    fn pkcs8_of(secret: &str) -> Vec<u8> {
        [unhex("302e020100300506032b657004220420"), unhex(secret)].concat()
    }

    fn check(secret: &str, public: &str, message: &[u8], prehashed: bool, signature: &str) {
        let key = pkcs8_of(secret);
        assert_eq!(private_key(&key).unwrap(), key);
        let spki = public_key(&key).unwrap();
        assert_eq!(spki.len(), 44);
        assert_eq!(spki[..12], unhex("302a300506032b6570032100")[..]);
        assert_eq!(spki[12..], unhex(public)[..]);
        let signed = sign(&key, prehashed, message).unwrap();
        assert_eq!(signed, unhex(signature));
        assert!(verify(&key, prehashed, message, &signed));
        assert!(!verify(&key, !prehashed, message, &signed));
    }

    /// RFC 8032 §7.1 TEST 1 (the empty message) and TEST 2 (one byte, 0x72).
    #[test]
    fn rfc_8032_ed25519_vectors() {
        check(
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            b"",
            false,
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155
             5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
        );
        check(
            "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
            "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
            &[0x72],
            false,
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da
             085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
        );
    }

    /// RFC 8032 §7.3: Ed25519ph of 'abc', empty context.
    #[test]
    fn rfc_8032_ed25519ph_vector() {
        check(
            "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
            "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
            b"abc",
            true,
            "98a70222f0b8121aa9d30f813d683f809e462b469c7ff87639499bb94e6dae41
             31f85042463c2a355a2003d062adf5aaa10b8c61e636062aaad11c2a26083406",
        );
    }

    #[test]
    fn keys_come_from_the_seed() {
        let a = generate(&[1; 32]).unwrap();
        assert_eq!(a.len(), 48);
        assert_eq!(a, generate(&[1; 32]).unwrap());
        assert_ne!(a, generate(&[2; 32]).unwrap());
    }

    #[test]
    fn a_v2_key_must_carry_its_own_public_key() {
        let key = pkcs8_of("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        let public = unhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        // OneAsymmetricKey v2: version 1 and [1] IMPLICIT BIT STRING publicKey.
        let v2 = |public: &[u8]| {
            let mut body = unhex("020101300506032b657004220420");
            body.extend_from_slice(&key[16..]);
            body.extend_from_slice(&[0x81, 0x21, 0x00]);
            body.extend_from_slice(public);
            [vec![0x30, body.len() as u8], body].concat()
        };
        assert_eq!(private_key(&v2(&public)).unwrap(), key);
        let mut other = public.clone();
        other[0] ^= 1;
        assert!(private_key(&v2(&other)).is_none());
    }
}

//! RSA key pairs (RSA_2048/3072/4096): import validation, the public key, RSASSA-PSS and
//! PKCS#1 v1.5 signatures, RSAES-OAEP. Private-key operations are blinded with a `SeedStream`,
//! so a seeded service stays reproducible. Depends on the rsa crate, sha1/sha2, `spec` and
//! `cache` (stored keys are validated and precomputed once, not on every call).

use super::cache;
use super::spec::{Hash, Oaep, Spec};
use crate::SeedStream;
use rsa::pkcs1::RsaPrivateKeyRef;
use rsa::pkcs8::der::Decode;
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey, PrivateKeyInfoRef};
use rsa::traits::PublicKeyParts;
use rsa::PrivateKey;
use sha2::{Digest, Sha256, Sha384, Sha512};
use std::rc::Rc;

/// The RSAPrivateKey (PKCS#1) inside a PKCS#8 document, still undecoded. Only rsaEncryption
/// keys: the rsa crate would also take an id-RSASSA-PSS key, which OpenSSL treats as another
/// key type (usable for PSS only), so it is not an RSA_* key here.
fn inner(pkcs8: &[u8]) -> Option<&[u8]> {
    let info = PrivateKeyInfoRef::from_der(pkcs8).ok()?;
    (info.algorithm.oid == rsa::pkcs1::ALGORITHM_OID).then(|| info.private_key.as_bytes())
}

/// The private key in `pkcs8` if it is a 2-prime RSA key with a modulus of exactly `bits`.
/// The size is read from the DER first, so an oversized key is refused before the rsa crate
/// validates it (which costs modular arithmetic); the rsa crate then refuses multi-prime keys
/// and checks that n, e, d, p and q agree.
fn parse(bits: usize, pkcs8: &[u8]) -> Option<PrivateKey> {
    let components = RsaPrivateKeyRef::from_der(inner(pkcs8)?).ok()?;
    let n = components.modulus.as_bytes();
    let n_bits = n
        .first()
        .map_or(0, |top| n.len() * 8 - top.leading_zeros() as usize);
    if n_bits != bits {
        return None;
    }
    let key = PrivateKey::from_pkcs8_der(pkcs8).ok()?;
    (key.n().bit_width() as usize == bits).then_some(key)
}

/// `parse` for a stored key, through the cache: the rsa crate's validation and CRT
/// precomputation (modular reductions by p-1 and q-1, an inversion) cost more than a
/// verification, so without it Verify was mostly parsing.
fn stored(bits: usize, pkcs8: &[u8]) -> Option<Rc<PrivateKey>> {
    cache::parsed(Spec::Rsa(bits), pkcs8, |der| parse(bits, der))
}

/// The canonical PKCS#8 of an RSA private key of `bits`. The rsa crate ignores the CRT
/// values it reads (dP, dQ, qInv) and writes its own, so a key is accepted only if its
/// RSAPrivateKey comes back byte for byte: wrong CRT values are refused, as OpenSSL's
/// key check refuses them, rather than silently repaired.
pub(super) fn private_key(bits: usize, der: &[u8]) -> Option<Vec<u8>> {
    let key = parse(bits, der)?;
    let canonical = key.to_pkcs8_der().ok()?;
    (inner(canonical.as_bytes())? == inner(der)?).then(|| canonical.as_bytes().to_vec())
}

pub(super) fn public_key(bits: usize, pkcs8: &[u8]) -> Option<Vec<u8>> {
    let key = stored(bits, pkcs8)?;
    Some(key.as_public_key().to_public_key_der().ok()?.into_vec())
}

/// A PSS signature (salt as long as the hash, which AWS uses and verifies) or a PKCS#1 v1.5
/// one of `hash`, the prehash already computed. The salt and the blinding both come from the
/// seed's stream.
pub(super) fn sign(
    bits: usize,
    pkcs8: &[u8],
    pss: bool,
    hash: Hash,
    prehash: &[u8],
    seed: &[u8; 32],
) -> Option<Vec<u8>> {
    let key = stored(bits, pkcs8)?;
    let rng = &mut SeedStream::new(seed);
    let signed = match (pss, hash) {
        (true, Hash::Sha256) => key.pss_sign_prehash_with_rng::<Sha256, _>(rng, prehash),
        (true, Hash::Sha384) => key.pss_sign_prehash_with_rng::<Sha384, _>(rng, prehash),
        (true, Hash::Sha512) => key.pss_sign_prehash_with_rng::<Sha512, _>(rng, prehash),
        (false, Hash::Sha256) => key.pkcs1v15_sign_prehash_with_rng::<Sha256, _>(rng, prehash),
        (false, Hash::Sha384) => key.pkcs1v15_sign_prehash_with_rng::<Sha384, _>(rng, prehash),
        (false, Hash::Sha512) => key.pkcs1v15_sign_prehash_with_rng::<Sha512, _>(rng, prehash),
    };
    signed.ok()
}

/// Whether `signature` is a valid PSS (salt exactly the hash's length) or PKCS#1 v1.5
/// signature of `prehash` under the public half of `pkcs8`.
pub(super) fn verify(
    bits: usize,
    pkcs8: &[u8],
    pss: bool,
    hash: Hash,
    prehash: &[u8],
    signature: &[u8],
) -> bool {
    let Some(key) = stored(bits, pkcs8) else {
        return false;
    };
    let public = key.as_public_key();
    let checked = match (pss, hash) {
        (true, Hash::Sha256) => public.pss_verify_prehash::<Sha256>(prehash, signature),
        (true, Hash::Sha384) => public.pss_verify_prehash::<Sha384>(prehash, signature),
        (true, Hash::Sha512) => public.pss_verify_prehash::<Sha512>(prehash, signature),
        (false, Hash::Sha256) => public.pkcs1v15_verify_prehash::<Sha256>(prehash, signature),
        (false, Hash::Sha384) => public.pkcs1v15_verify_prehash::<Sha384>(prehash, signature),
        (false, Hash::Sha512) => public.pkcs1v15_verify_prehash::<Sha512>(prehash, signature),
    };
    checked.is_ok()
}

/// RSAES-OAEP with MGF1 of the same hash and an empty label; the OAEP seed comes from the
/// seed's stream. `None` when the plaintext is longer than k - 2·hLen - 2 bytes.
pub(super) fn encrypt(
    bits: usize,
    pkcs8: &[u8],
    oaep: Oaep,
    plaintext: &[u8],
    seed: &[u8; 32],
) -> Option<Vec<u8>> {
    let key = stored(bits, pkcs8)?;
    let public = key.as_public_key();
    let rng = &mut SeedStream::new(seed);
    match oaep {
        Oaep::Sha1 => public.oaep_encrypt_with_rng::<sha1::Sha1, _>(rng, plaintext),
        Oaep::Sha256 => public.oaep_encrypt_with_rng::<Sha256, _>(rng, plaintext),
    }
    .ok()
}

/// RSAES-OAEP decryption. There is no seed to blind with, so the blinding stream is keyed
/// by SHA-256 of the private key and the ciphertext: unpredictable to anyone without the key
/// (which is what blinding needs), and the same every time, like everything else here.
pub(super) fn decrypt(bits: usize, pkcs8: &[u8], oaep: Oaep, ciphertext: &[u8]) -> Option<Vec<u8>> {
    let key = stored(bits, pkcs8)?;
    let mut h = Sha256::new();
    h.update(b"kms-wasm-extras RSA blinding v1\0");
    h.update(pkcs8);
    h.update(ciphertext);
    let mut blinding_seed: [u8; 32] = h.finalize().into();
    let rng = &mut SeedStream::new(&blinding_seed);
    zeroize::Zeroize::zeroize(&mut blinding_seed);
    match oaep {
        Oaep::Sha1 => key.oaep_decrypt_with_rng::<sha1::Sha1, _>(rng, ciphertext),
        Oaep::Sha256 => key.oaep_decrypt_with_rng::<Sha256, _>(rng, ciphertext),
    }
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> Vec<u8> {
        crate::wrapping_key_from_seed(2048, &[9; 32]).unwrap()
    }

    #[test]
    fn only_the_named_size_is_accepted() {
        let k = key();
        assert!(parse(2048, &k).is_some());
        assert!(parse(3072, &k).is_none());
        assert!(private_key(4096, &k).is_none());
        assert_eq!(private_key(2048, &k).unwrap(), k, "already canonical");
    }

    /// Long-form DER header (lengths of 256..65535 bytes).
    fn tlv(tag: u8, body: &[u8]) -> Vec<u8> {
        let n = body.len() as u16;
        [vec![tag, 0x82], n.to_be_bytes().to_vec(), body.to_vec()].concat()
    }

    #[test]
    fn inconsistent_or_other_rsa_keys_are_refused() {
        let k = key();
        let rsa_key = inner(&k).unwrap().to_vec();
        // The last byte of the RSAPrivateKey is qInv's: the rsa crate would recompute it.
        let mut wrong_qinv = rsa_key.clone();
        *wrong_qinv.last_mut().unwrap() ^= 1;
        let p8 = |algorithm: &[u8], rsa_key: &[u8]| {
            let body = [&[2, 1, 0][..], algorithm, &tlv(0x04, rsa_key)].concat();
            tlv(0x30, &body)
        };
        let rsa_encryption = [0x30, 13, 6, 9, 42, 134, 72, 134, 247, 13, 1, 1, 1, 5, 0];
        assert_eq!(p8(&rsa_encryption, &rsa_key), k);
        assert!(private_key(2048, &p8(&rsa_encryption, &wrong_qinv)).is_none());
        // The same key as id-RSASSA-PSS (no parameters): another OpenSSL key type.
        let pss = [0x30, 11, 6, 9, 42, 134, 72, 134, 247, 13, 1, 1, 10];
        assert!(private_key(2048, &p8(&pss, &rsa_key)).is_none());
        // Version 1 (multi-prime) without other primes.
        let mut v1 = rsa_key.clone();
        assert_eq!(v1[4..7], [2, 1, 0]);
        v1[6] = 1;
        assert!(private_key(2048, &p8(&rsa_encryption, &v1)).is_none());
    }

    #[test]
    fn oaep_lengths_are_k_minus_two_hashes_minus_two() {
        let k = key();
        for (oaep, max) in [(Oaep::Sha1, 214), (Oaep::Sha256, 190)] {
            let ok = encrypt(2048, &k, oaep, &vec![5; max], &[1; 32]).unwrap();
            assert_eq!(ok.len(), 256);
            assert_eq!(decrypt(2048, &k, oaep, &ok).unwrap(), vec![5; max]);
            assert!(encrypt(2048, &k, oaep, &vec![5; max + 1], &[1; 32]).is_none());
        }
        let empty = encrypt(2048, &k, Oaep::Sha256, b"", &[1; 32]).unwrap();
        assert_eq!(decrypt(2048, &k, Oaep::Sha256, &empty).unwrap(), b"");
        assert!(
            decrypt(2048, &k, Oaep::Sha1, &empty).is_none(),
            "other hash"
        );
        assert!(decrypt(2048, &k, Oaep::Sha256, &empty[1..]).is_none());
    }

    #[test]
    fn signatures_are_deterministic_given_the_seed() {
        let k = key();
        let h = Hash::Sha256.digest(b"m");
        let a = sign(2048, &k, true, Hash::Sha256, &h, &[1; 32]).unwrap();
        assert_eq!(a, sign(2048, &k, true, Hash::Sha256, &h, &[1; 32]).unwrap());
        let b = sign(2048, &k, true, Hash::Sha256, &h, &[2; 32]).unwrap();
        assert_ne!(a, b, "another salt");
        assert!(verify(2048, &k, true, Hash::Sha256, &h, &b));
        // PKCS#1 v1.5 has no randomness: the blinding never shows.
        let c = sign(2048, &k, false, Hash::Sha256, &h, &[1; 32]).unwrap();
        assert_eq!(
            c,
            sign(2048, &k, false, Hash::Sha256, &h, &[2; 32]).unwrap()
        );
        assert!(!verify(2048, &k, true, Hash::Sha256, &h, &c), "not PSS");
        assert!(
            !verify(2048, &k, false, Hash::Sha384, &h, &c),
            "wrong length"
        );
    }
}

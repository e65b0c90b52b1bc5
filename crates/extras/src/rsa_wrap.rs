//! Every AWS RSA wrapping algorithm for importing key material, in both directions:
//! RSAES_OAEP_SHA_1/256 (OAEP with MGF1 of the same hash, empty label) and
//! RSA_AES_KEY_WRAP_SHA_1/256 (OAEP of an ephemeral AES-256 key, then RFC 5649 key wrap with
//! padding of the material). Wrapping draws from the caller's randomness (so tests can fix it);
//! unwrapping blinds with the OS RNG, which never changes its result. Depends on rsa, sha1/sha2, aes-kw.

use aes_kw::{KeyInit, KwpAes256};
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePublicKey};
use rsa::rand_core::{TryCryptoRng, TryRng};
use rsa::traits::PublicKeyParts;
use rsa::{PrivateKey, PublicKey};
use std::convert::Infallible;

/// The wrapping algorithms of AWS's model that use RSA (SM2PKE is China-only and absent).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
    OaepSha1,
    OaepSha256,
    AesKeyWrapSha1,
    AesKeyWrapSha256,
}

impl Algorithm {
    pub fn from_aws(name: &str) -> Option<Self> {
        match name {
            "RSAES_OAEP_SHA_1" => Some(Self::OaepSha1),
            "RSAES_OAEP_SHA_256" => Some(Self::OaepSha256),
            "RSA_AES_KEY_WRAP_SHA_1" => Some(Self::AesKeyWrapSha1),
            "RSA_AES_KEY_WRAP_SHA_256" => Some(Self::AesKeyWrapSha256),
            _ => None,
        }
    }

    fn sha256(self) -> bool {
        matches!(self, Self::OaepSha256 | Self::AesKeyWrapSha256)
    }

    fn key_wrap(self) -> bool {
        matches!(self, Self::AesKeyWrapSha1 | Self::AesKeyWrapSha256)
    }
}

/// Lets the rsa crate draw from the caller's randomness: a function that fills a buffer.
struct Rng<'a>(&'a mut dyn FnMut(&mut [u8]));

impl TryRng for Rng<'_> {
    type Error = Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let mut b = [0u8; 4];
        (self.0)(&mut b);
        Ok(u32::from_le_bytes(b))
    }
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut b = [0u8; 8];
        (self.0)(&mut b);
        Ok(u64::from_le_bytes(b))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        (self.0)(dst);
        Ok(())
    }
}

impl TryCryptoRng for Rng<'_> {}

/// A key pair of `bits` from `seed` (see `wrapping_key_from_seed`): (PKCS#8 DER,
/// SubjectPublicKeyInfo DER). For tests and fuzzing, which need a key and its public half.
pub fn key_pair_from_seed(bits: usize, seed: &[u8; 32]) -> Option<(Vec<u8>, Vec<u8>)> {
    let private = crate::wrapping_key_from_seed(bits, seed)?;
    let (public, _) = public_of(&private)?;
    Some((private, public))
}

/// The SubjectPublicKeyInfo DER of a PKCS#8 private key, and its modulus size in bits.
pub fn public_of(pkcs8: &[u8]) -> Option<(Vec<u8>, usize)> {
    let key = PrivateKey::from_pkcs8_der(pkcs8).ok()?;
    let bits = key.size() * 8;
    Some((
        key.to_public_key()
            .to_public_key_der()
            .ok()?
            .as_bytes()
            .to_vec(),
        bits,
    ))
}

/// RSA-OAEP decryption, blinded with OS randomness (blinding hides the timing of the private
/// key operation; the plaintext does not depend on it, so a seeded caller stays deterministic).
fn oaep_decrypt(key: &PrivateKey, sha256: bool, data: &[u8]) -> Option<Vec<u8>> {
    let rng = &mut getrandom::SysRng;
    if sha256 {
        key.oaep_decrypt_with_rng::<sha2::Sha256, _>(rng, data).ok()
    } else {
        key.oaep_decrypt_with_rng::<sha1::Sha1, _>(rng, data).ok()
    }
}

fn oaep_encrypt(
    key: &PublicKey,
    sha256: bool,
    data: &[u8],
    fill: &mut dyn FnMut(&mut [u8]),
) -> Option<Vec<u8>> {
    let rng = &mut Rng(fill);
    if sha256 {
        key.oaep_encrypt_with_rng::<sha2::Sha256, _>(rng, data).ok()
    } else {
        key.oaep_encrypt_with_rng::<sha1::Sha1, _>(rng, data).ok()
    }
}

/// Recovers wrapped material with the private key; `None` if it does not unwrap.
pub fn unwrap(pkcs8: &[u8], alg: Algorithm, wrapped: &[u8]) -> Option<Vec<u8>> {
    let key = PrivateKey::from_pkcs8_der(pkcs8).ok()?;
    if !alg.key_wrap() {
        return oaep_decrypt(&key, alg.sha256(), wrapped);
    }
    let n = key.size();
    if wrapped.len() <= n {
        return None;
    }
    let (rsa_part, kwp_part) = wrapped.split_at(n);
    let kek = oaep_decrypt(&key, alg.sha256(), rsa_part)?;
    let kwp = KwpAes256::new_from_slice(&kek).ok()?;
    let mut buf = vec![0u8; kwp_part.len()];
    kwp.unwrap_key(kwp_part, &mut buf).ok().map(<[u8]>::to_vec)
}

/// Wraps `material` for the holder of `spki` exactly as the openssl commands in AWS's
/// documentation do. Errors say what was wrong with the input, never echo it.
pub fn wrap(
    spki: &[u8],
    alg: Algorithm,
    material: &[u8],
    fill: &mut dyn FnMut(&mut [u8]),
) -> Result<Vec<u8>, String> {
    let key = PublicKey::from_public_key_der(spki)
        .map_err(|_| "PublicKey is not a DER-encoded RSA SubjectPublicKeyInfo".to_string())?;
    if !alg.key_wrap() {
        return oaep_encrypt(&key, alg.sha256(), material, fill).ok_or_else(|| {
            format!(
                "KeyMaterial of {} bytes is too long for RSA-OAEP with this key",
                material.len()
            )
        });
    }
    let mut kek = zeroize::Zeroizing::new([0u8; 32]);
    fill(kek.as_mut());
    let head = oaep_encrypt(&key, alg.sha256(), kek.as_ref(), &mut *fill)
        .ok_or("RSA-OAEP of the AES key failed")?;
    let kwp = KwpAes256::new_from_slice(kek.as_ref()).map_err(|_| "AES key of the wrong size")?;
    let mut buf = vec![0u8; material.len() + 16];
    let tail = kwp
        .wrap_key(material, &mut buf)
        .map_err(|_| "KeyMaterial cannot be wrapped")?;
    Ok([head.as_slice(), tail].concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic byte stream, enough for wrapping in tests.
    fn counter() -> impl FnMut(&mut [u8]) {
        let mut n = 0u8;
        move |buf: &mut [u8]| {
            for b in buf {
                n = n.wrapping_mul(31).wrapping_add(7);
                *b = n;
            }
        }
    }

    #[test]
    fn every_algorithm_round_trips() {
        let mut e = counter();
        let (private, public) = key_pair_from_seed(2048, &[3; 32]).unwrap();
        assert_eq!(public.len(), 294, "SPKI of RSA-2048");
        assert_eq!(public_of(&private).unwrap(), (public.clone(), 2048));
        for alg in [
            Algorithm::OaepSha1,
            Algorithm::OaepSha256,
            Algorithm::AesKeyWrapSha1,
            Algorithm::AesKeyWrapSha256,
        ] {
            let material = [7u8; 32];
            let wrapped = wrap(&public, alg, &material, &mut e).unwrap();
            let expected_len = if alg.key_wrap() { 256 + 40 } else { 256 };
            assert_eq!(wrapped.len(), expected_len);
            assert_eq!(unwrap(&private, alg, &wrapped).unwrap(), material);
            // The other hash does not unwrap it.
            let other = match alg {
                Algorithm::OaepSha1 => Algorithm::OaepSha256,
                Algorithm::OaepSha256 => Algorithm::OaepSha1,
                Algorithm::AesKeyWrapSha1 => Algorithm::AesKeyWrapSha256,
                Algorithm::AesKeyWrapSha256 => Algorithm::AesKeyWrapSha1,
            };
            assert!(unwrap(&private, other, &wrapped).is_none());
        }
        assert!(unwrap(&private, Algorithm::OaepSha256, b"garbage").is_none());
    }

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    /// RFC 5649 §6 known answers (they use a 192-bit KEK; the padding logic is shared).
    #[test]
    fn kwp_matches_rfc_5649_vectors() {
        let kek = unhex("5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8");
        let kwp = aes_kw::KwpAes192::new_from_slice(&kek).unwrap();
        let mut buf = [0u8; 40];
        let out = kwp
            .wrap_key(&unhex("c37b7e6492584340bed12207808941155068f738"), &mut buf)
            .unwrap();
        assert_eq!(
            out,
            unhex("138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a").as_slice()
        );
        let mut buf = [0u8; 16];
        let out = kwp.wrap_key(&unhex("466f7250617369"), &mut buf).unwrap();
        assert_eq!(out, unhex("afbeb0f07dfbf5419200f2ccb50bb24f").as_slice());
    }

    #[test]
    fn kwp_lengths_follow_rfc_5649() {
        let kwp = KwpAes256::new_from_slice(&[1u8; 32]).unwrap();
        let mut buf = [0u8; 40];
        assert_eq!(kwp.wrap_key(&[2u8; 20], &mut buf).unwrap().len(), 32);
        let mut buf = [0u8; 48];
        assert_eq!(kwp.wrap_key(&[2u8; 32], &mut buf).unwrap().len(), 40);
    }
}

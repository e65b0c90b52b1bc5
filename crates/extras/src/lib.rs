//! kms-wasm-extras: what kms-wasm rarely needs — RSA wrapping keys (made from a seed, their
//! public half, wrapping and unwrapping key material), asymmetric KMS keys (`keypairs`: RSA,
//! NIST and secp256k1 curves, Ed25519, ML-DSA, ML-KEM; Sign/Verify, RSA Encrypt/Decrypt, ECDH,
//! Encapsulate/Decapsulate), the sealed
//! store's Argon2id and `serve`'s SigV4 verification — linked natively into kms-wasm-core, and
//! on wasm32 a second module (crates/extras-wasm) loaded only when needed. Depends on
//! RustCrypto crates and getrandom; never on JS, never on kms-wasm.

mod amz_date;
pub mod keypairs;
pub mod mac;
pub mod rsa_wrap;
mod seeded_rng;
pub mod sigv4;
mod sigv4_canonical;
mod sigv4_error;

pub use seeded_rng::SeedStream;

use argon2::{Algorithm, Argon2, Params, Version};
use rsa::pkcs8::EncodePrivateKey;
use rsa::PrivateKey;

/// The RSA sizes AWS KMS offers as wrapping key specs.
pub const WRAPPING_KEY_BITS: [usize; 3] = [2048, 3072, 4096];

/// A fresh RSA private key of `bits` (2048, 3072 or 4096) as PKCS#8 DER, drawn from the
/// deterministic stream `SeedStream` expands from `seed`: the same seed always gives the same
/// key, so a seeded (test) service makes the same wrapping keys in Node, browsers and native
/// tests. `None` for another size (or if the rsa crate fails, which it does not for these).
pub fn wrapping_key_from_seed(bits: usize, seed: &[u8; 32]) -> Option<Vec<u8>> {
    if !WRAPPING_KEY_BITS.contains(&bits) {
        return None;
    }
    let key = PrivateKey::new(&mut SeedStream::new(seed), bits).ok()?;
    Some(key.to_pkcs8_der().ok()?.as_bytes().to_vec())
}

/// Argon2id (version 0x13) of `passphrase` with `salt`: `m_cost` KiB of memory, `t_cost`
/// passes, `p_cost` lanes, a 32-byte output, no secret or associated data. This is exactly the
/// key kms-wasm's sealed file store has always derived, so files written before this crate
/// existed still open. `None` when argon2 refuses the parameters (the caller bounds them).
pub fn argon2id(
    passphrase: &[u8],
    salt: &[u8],
    m_cost: u32,
    t_cost: u32,
    p_cost: u32,
) -> Option<[u8; 32]> {
    let params = Params::new(m_cost, t_cost, p_cost, Some(32)).ok()?;
    let mut key = [0u8; 32];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase, salt, &mut key)
        .ok()?;
    Some(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rsa::pkcs8::DecodePrivateKey;
    use rsa::traits::PublicKeyParts;

    #[test]
    fn the_same_seed_gives_the_same_key_and_another_seed_another() {
        let a = wrapping_key_from_seed(2048, &[1; 32]).unwrap();
        let b = wrapping_key_from_seed(2048, &[1; 32]).unwrap();
        let c = wrapping_key_from_seed(2048, &[2; 32]).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
        let key = PrivateKey::from_pkcs8_der(&a).unwrap();
        assert_eq!(key.size() * 8, 2048);
        let e = key.e().to_be_bytes();
        let first = e.iter().position(|&b| b != 0).unwrap();
        assert_eq!(&e[first..], [1, 0, 1].as_slice(), "e = 65537");
    }

    #[test]
    fn only_aws_wrapping_key_sizes() {
        assert!(wrapping_key_from_seed(1024, &[1; 32]).is_none());
        assert!(wrapping_key_from_seed(2049, &[1; 32]).is_none());
    }

    /// RFC 9106 §5.3's Argon2id vector has a secret and associated data, which the store never
    /// uses; this one (no secret, no AD, 32-byte tag) was computed with the reference C
    /// implementation (Debian's `argon2`): `echo -n password | argon2 somesalt -id -t 2 -k 64 -p 1 -l 32 -r`.
    #[test]
    fn argon2id_matches_the_reference_implementation() {
        let key = argon2id(b"password", b"somesalt", 64, 2, 1).unwrap();
        assert_eq!(
            hex(&key),
            "16a1a498734609dd01456da406de9f3d9da93e6c86c300a12fc1465214ce4922"
        );
        // The sealed store's own parameters (19 MiB, 2 passes, 1 lane, 16-byte salt):
        // `argon2 "sixteen byte sal" -id -t 2 -k 19456 -p 1 -l 32 -r`.
        let key = argon2id(
            b"correct horse battery staple",
            b"sixteen byte sal",
            19456,
            2,
            1,
        );
        assert_eq!(
            hex(&key.unwrap()),
            "b4a936814aa6f12b19c48c0ac0d75ac7cb92ac5a5146aef96e56b6fd6f78fa80"
        );
    }

    #[test]
    fn argon2id_refuses_impossible_parameters() {
        assert!(argon2id(b"p", b"saltsalt", 64, 0, 1).is_none());
        assert!(
            argon2id(b"p", b"short", 64, 2, 1).is_none(),
            "argon2 wants 8+ bytes of salt"
        );
    }

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }
}

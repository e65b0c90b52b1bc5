//! AES-256-GCM with a 96-bit nonce and a 128-bit tag, over caller-supplied AAD, as plain
//! (non-generic) functions. A crate of its own so that the generic cipher code is compiled
//! here, at opt-level 3, not in kms-wasm at opt-level "z": that doubles AES-GCM throughput
//! in the wasm build. Depends on the aes-gcm crate only.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};

pub const KEY_LEN: usize = 32;
pub const NONCE_LEN: usize = 12;
pub const TAG_LEN: usize = 16;

/// Encrypts `plaintext`; returns ciphertext followed by the tag. `None` only for a key of the
/// wrong length, which callers never pass.
pub fn seal(key: &[u8], nonce: &[u8; NONCE_LEN], plaintext: &[u8], aad: &[u8]) -> Option<Vec<u8>> {
    let cipher = Aes256Gcm::new_from_slice(key).ok()?;
    let nonce = Nonce::try_from(&nonce[..]).ok()?;
    cipher
        .encrypt(
            &nonce,
            Payload {
                msg: plaintext,
                aad,
            },
        )
        .ok()
}

/// Decrypts and authenticates ciphertext‖tag; `None` if anything does not verify.
pub fn open(key: &[u8], nonce: &[u8], sealed: &[u8], aad: &[u8]) -> Option<Vec<u8>> {
    let cipher = Aes256Gcm::new_from_slice(key).ok()?;
    let nonce = Nonce::try_from(nonce).ok()?;
    cipher.decrypt(&nonce, Payload { msg: sealed, aad }).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// NIST GCM test vector (gcmEncryptExtIV256, Count 0 with a 16-byte plaintext).
    #[test]
    fn matches_a_known_answer() {
        let key = [0u8; 32];
        let nonce = [0u8; 12];
        let ct = seal(&key, &nonce, &[0u8; 16], &[]).unwrap();
        let hex: String = ct.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919"
        );
    }

    #[test]
    fn tampering_and_wrong_aad_fail() {
        let key = [7u8; 32];
        let nonce = [1u8; 12];
        let mut ct = seal(&key, &nonce, b"hello", b"ctx").unwrap();
        assert_eq!(open(&key, &nonce, &ct, b"ctx").unwrap(), b"hello");
        assert!(open(&key, &nonce, &ct, b"other").is_none());
        ct[0] ^= 1;
        assert!(open(&key, &nonce, &ct, b"ctx").is_none());
    }
}

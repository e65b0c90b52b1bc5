//! Memoised per-material crypto state: the encoded ciphertext header of a (key, material)
//! pair and the expanded AES-GCM key of a material. Both are pure functions of what they are
//! keyed by (the ids; the secret bytes, compared on every hit), so nothing that happens to the
//! state (rotation, import, restore, seeds) can make an entry stale.
//! Depends on `crypto` and `api::Blob` (which wipes the kept key copies).

use crate::api::Blob;
use crate::crypto::aead::Cipher;
use crate::crypto::envelope::{self, Header};
use std::collections::BTreeMap;

/// Entries kept before the caches start over: a bound, not a tuning knob.
const MAX_ENTRIES: usize = 10_000;

#[derive(Default)]
pub(crate) struct CryptoCache {
    /// Material id → (key id, encoded header).
    headers: BTreeMap<String, (String, Vec<u8>)>,
    /// Material id → (the key bytes it was made from, the expanded key).
    ciphers: BTreeMap<String, (Blob, Cipher)>,
}

impl CryptoCache {
    /// The blob header for `key_id`'s material `material_id`; `None` for ids that are not
    /// a key id (UUID or `mrk-`) and 64 hex digits. Hashing it afresh was ~3% of a 1 KiB Encrypt.
    pub(crate) fn header(&mut self, key_id: &str, material_id: &str) -> Option<Vec<u8>> {
        if let Some((k, bytes)) = self.headers.get(material_id) {
            if k == key_id {
                return Some(bytes.clone());
            }
        }
        let (id_bytes, mrk) = super::ids::key_id_bytes(key_id)?;
        let bytes = envelope::header_bytes(&Header {
            key_id: id_bytes,
            mrk,
            material_id: hex32(material_id)?,
        });
        if self.headers.len() >= MAX_ENTRIES {
            self.headers.clear();
        }
        let entry = (key_id.to_string(), bytes.clone());
        self.headers.insert(material_id.to_string(), entry);
        Some(bytes)
    }

    /// The expanded key for `secret`, the material `material_id`'s key bytes. Expanding it
    /// (round keys, GHASH key) on every call was ~1.5 µs of each Encrypt and Decrypt.
    pub(crate) fn cipher(&mut self, material_id: &str, secret: &[u8]) -> Option<&Cipher> {
        let hit = self
            .ciphers
            .get(material_id)
            .is_some_and(|(key, _)| key.0 == secret);
        if !hit {
            let cipher = Cipher::new(secret)?;
            if self.ciphers.len() >= MAX_ENTRIES {
                self.ciphers.clear();
            }
            let entry = (Blob(secret.to_vec()), cipher);
            self.ciphers.insert(material_id.to_string(), entry);
        }
        self.ciphers.get(material_id).map(|(_, c)| c)
    }
}

/// 64 hex digits → 32 bytes.
pub(crate) fn hex32(s: &str) -> Option<[u8; 32]> {
    let digits = s.as_bytes();
    if digits.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, b) in out.iter_mut().enumerate() {
        let hi = (digits[2 * i] as char).to_digit(16)?;
        let lo = (digits[2 * i + 1] as char).to_digit(16)?;
        *b = (hi << 4 | lo) as u8;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hit_needs_the_same_key_bytes() {
        let mut c = CryptoCache::default();
        let id = "ab".repeat(32);
        let sealed = c
            .cipher(&id, &[1; 32])
            .unwrap()
            .seal(&[0; 12], b"x", b"")
            .unwrap();
        // Same material id, other bytes (a seed replaced it): a new expansion, not the old.
        let other = c.cipher(&id, &[2; 32]).unwrap();
        assert!(other.open(&[0; 12], &sealed, b"").is_none());
        assert!(c
            .cipher(&id, &[1; 32])
            .unwrap()
            .open(&[0; 12], &sealed, b"")
            .is_some());
        assert_eq!(hex32(&id), Some([0xab; 32]));
        assert_eq!(hex32("zz"), None);
    }
}

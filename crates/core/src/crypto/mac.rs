//! HMAC (RFC 2104) over SHA-224/256/384/512, the MACs of KMS's HMAC keys. No KMS concepts:
//! the algorithm, the key bytes and the message in, the tag out. Depends on hmac and sha2.

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Sha224, Sha256, Sha384, Sha512};

/// The hash under an HMAC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MacHash {
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

impl MacHash {
    /// The tag length in bytes (the hash's output size).
    pub fn output_len(self) -> usize {
        match self {
            Self::Sha224 => 28,
            Self::Sha256 => 32,
            Self::Sha384 => 48,
            Self::Sha512 => 64,
        }
    }
}

/// HMAC-`hash`(`key`, `message`). Any key length is valid in HMAC; `None` never happens in
/// practice but is kept rather than a panic.
pub fn hmac(hash: MacHash, key: &[u8], message: &[u8]) -> Option<Vec<u8>> {
    fn run<M: Mac + KeyInit>(key: &[u8], message: &[u8]) -> Option<Vec<u8>> {
        let mut mac = <M as KeyInit>::new_from_slice(key).ok()?;
        mac.update(message);
        Some(mac.finalize().into_bytes().to_vec())
    }
    match hash {
        MacHash::Sha224 => run::<Hmac<Sha224>>(key, message),
        MacHash::Sha256 => run::<Hmac<Sha256>>(key, message),
        MacHash::Sha384 => run::<Hmac<Sha384>>(key, message),
        MacHash::Sha512 => run::<Hmac<Sha512>>(key, message),
    }
}

/// Whether `tag` is HMAC-`hash`(`key`, `message`), compared in constant time.
pub fn verify(hash: MacHash, key: &[u8], message: &[u8], tag: &[u8]) -> bool {
    fn run<M: Mac + KeyInit>(key: &[u8], message: &[u8], tag: &[u8]) -> bool {
        let Ok(mut mac) = <M as KeyInit>::new_from_slice(key) else {
            return false;
        };
        mac.update(message);
        mac.verify_slice(tag).is_ok()
    }
    match hash {
        MacHash::Sha224 => run::<Hmac<Sha224>>(key, message, tag),
        MacHash::Sha256 => run::<Hmac<Sha256>>(key, message, tag),
        MacHash::Sha384 => run::<Hmac<Sha384>>(key, message, tag),
        MacHash::Sha512 => run::<Hmac<Sha512>>(key, message, tag),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    /// RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
    #[test]
    fn rfc4231_case_2() {
        let cases = [
            (MacHash::Sha224, "a30e01098bc6dbbf45690f3a7e9e6d0f8bbea2a39e6148008fd05e44"),
            (MacHash::Sha256, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
            (MacHash::Sha384, "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649"),
            (MacHash::Sha512, "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"),
        ];
        for (hash, want) in cases {
            let tag = hmac(hash, b"Jefe", b"what do ya want for nothing?").unwrap();
            assert_eq!(tag, unhex(want), "{hash:?}");
            assert_eq!(tag.len(), hash.output_len());
            assert!(verify(hash, b"Jefe", b"what do ya want for nothing?", &tag));
            let mut bad = tag.clone();
            bad[0] ^= 1;
            assert!(!verify(
                hash,
                b"Jefe",
                b"what do ya want for nothing?",
                &bad
            ));
            assert!(!verify(
                hash,
                b"Jefe",
                b"what do ya want for nothing?",
                &tag[..tag.len() - 1]
            ));
        }
    }
}

//! HMAC (RFC 2104) over SHA-224/256/384/512 for KMS's HMAC keys: a MacAlgorithmSpec name, the
//! key bytes and the message in, the tag out. Kept here, out of the main wasm module, because
//! symmetric-only use never needs it. Depends on hmac and sha2.

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Sha224, Sha256, Sha384, Sha512};

/// HMAC of `message` under `key` with `algorithm` (`HMAC_SHA_224`, `_256`, `_384`, `_512`);
/// `None` for another name. Any key length is valid in HMAC.
pub fn hmac(algorithm: &str, key: &[u8], message: &[u8]) -> Option<Vec<u8>> {
    fn run<M: Mac + KeyInit>(key: &[u8], message: &[u8]) -> Option<Vec<u8>> {
        let mut mac = <M as KeyInit>::new_from_slice(key).ok()?;
        mac.update(message);
        Some(mac.finalize().into_bytes().to_vec())
    }
    match algorithm {
        "HMAC_SHA_224" => run::<Hmac<Sha224>>(key, message),
        "HMAC_SHA_256" => run::<Hmac<Sha256>>(key, message),
        "HMAC_SHA_384" => run::<Hmac<Sha384>>(key, message),
        "HMAC_SHA_512" => run::<Hmac<Sha512>>(key, message),
        _ => None,
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
            ("HMAC_SHA_224", "a30e01098bc6dbbf45690f3a7e9e6d0f8bbea2a39e6148008fd05e44"),
            ("HMAC_SHA_256", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
            ("HMAC_SHA_384", "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649"),
            ("HMAC_SHA_512", "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"),
        ];
        for (alg, want) in cases {
            let tag = hmac(alg, b"Jefe", b"what do ya want for nothing?").unwrap();
            assert_eq!(tag, unhex(want), "{alg}");
        }
        assert!(hmac("HMAC_SHA_1", b"k", b"m").is_none());
    }
}

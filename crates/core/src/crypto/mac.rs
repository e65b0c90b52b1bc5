//! The hashes of KMS's HMAC keys and the constant-time comparison of MACs. The HMAC itself
//! (RFC 2104) runs in kms-wasm-extras behind `key_crypto::KeyCrypto`, out of the main wasm
//! module. Depends on nothing.

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

/// Whether two MACs are equal, in time that depends only on their lengths.
pub fn tags_equal(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_compare_by_every_byte_and_length() {
        assert!(tags_equal(b"abc", b"abc"));
        assert!(!tags_equal(b"abc", b"abd"));
        assert!(!tags_equal(b"abc", b"ab"));
        assert!(tags_equal(b"", b""));
    }
}

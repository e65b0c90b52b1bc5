//! The ciphertext blob layout, self-describing so Decrypt needs no KeyId and old blobs find the
//! material that made them after rotation:
//! `01 | key id (16) | material id (32) | header check (4) | nonce (12) | ciphertext | tag (16)`;
//! `02` instead of `01` when the key id is a multi-Region key's (`mrk-` and 32 hex digits).
//! Depends on `aead` and sha2.

use super::aead::{self, NONCE_LEN, TAG_LEN};
use sha2::{Digest, Sha256};

const VERSION: u8 = 1;
/// The version byte of a blob whose key id is a multi-Region key's.
const VERSION_MRK: u8 = 2;
const HEADER_LEN: usize = 1 + 16 + 32 + 4;

/// The parts of a blob needed to find its key, before any decryption.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The key id's 16 bytes: a UUID's, or a multi-Region key's 32 hex digits.
    pub key_id: [u8; 16],
    /// The key id is a multi-Region key's (`mrk-…`).
    pub mrk: bool,
    pub material_id: [u8; 32],
}

/// A parsed blob: where it came from and the sealed bytes.
#[derive(Debug, Clone)]
pub struct Envelope<'a> {
    pub header: Header,
    header_bytes: &'a [u8],
    nonce: &'a [u8],
    sealed: &'a [u8],
}

/// The blob's first `HEADER_LEN` bytes for `h` (version, ids, check), which callers may keep:
/// they depend on the ids alone.
pub fn header_bytes(h: &Header) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_LEN);
    out.push(if h.mrk { VERSION_MRK } else { VERSION });
    out.extend_from_slice(&h.key_id);
    out.extend_from_slice(&h.material_id);
    let check = Sha256::digest(&out);
    out.extend_from_slice(&check[..4]);
    out
}

/// Canonical encoding of an encryption context: pairs sorted by key (the caller's map is
/// already sorted), each as length-prefixed UTF-8, so `{a,b}` and `{b,a}` authenticate alike.
pub fn context_aad<'a>(pairs: impl Iterator<Item = (&'a String, &'a String)>) -> Vec<u8> {
    let mut out = Vec::new();
    for (k, v) in pairs {
        out.extend_from_slice(&(k.len() as u32).to_be_bytes());
        out.extend_from_slice(k.as_bytes());
        out.extend_from_slice(&(v.len() as u32).to_be_bytes());
        out.extend_from_slice(v.as_bytes());
    }
    out
}

/// Seals `plaintext` under `secret`; the header and the context are authenticated.
pub fn seal(
    header: &Header,
    secret: &[u8],
    nonce: &[u8; NONCE_LEN],
    plaintext: &[u8],
    context: &[u8],
) -> Option<Vec<u8>> {
    seal_with(
        &header_bytes(header),
        &aead::Cipher::new(secret)?,
        nonce,
        plaintext,
        context,
    )
}

/// `seal` with the header already encoded by `header_bytes` and the key already expanded.
pub fn seal_with(
    header: &[u8],
    cipher: &aead::Cipher,
    nonce: &[u8; NONCE_LEN],
    plaintext: &[u8],
    context: &[u8],
) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(header.len() + NONCE_LEN + plaintext.len() + TAG_LEN);
    out.extend_from_slice(header);
    let aad = [header, context].concat();
    let sealed = cipher.seal(nonce, plaintext, &aad)?;
    out.extend_from_slice(nonce);
    out.extend_from_slice(&sealed);
    Some(out)
}

impl<'a> Envelope<'a> {
    /// Parses a blob. `None` for anything that is not an intact version-1 blob; the header
    /// check catches corruption before the key reference is trusted for a lookup.
    pub fn parse(blob: &'a [u8]) -> Option<Self> {
        if blob.len() < HEADER_LEN + NONCE_LEN + TAG_LEN
            || !matches!(blob[0], VERSION | VERSION_MRK)
        {
            return None;
        }
        let header = Header {
            mrk: blob[0] == VERSION_MRK,
            key_id: blob[1..17].try_into().ok()?,
            material_id: blob[17..49].try_into().ok()?,
        };
        if header_bytes(&header) != blob[..HEADER_LEN] {
            return None;
        }
        Some(Self {
            header,
            header_bytes: &blob[..HEADER_LEN],
            nonce: &blob[HEADER_LEN..HEADER_LEN + NONCE_LEN],
            sealed: &blob[HEADER_LEN + NONCE_LEN..],
        })
    }

    /// Decrypts with the material the header names; `None` if it does not authenticate.
    pub fn open(&self, secret: &[u8], context: &[u8]) -> Option<Vec<u8>> {
        self.open_with(&aead::Cipher::new(secret)?, context)
    }

    /// `open` with the material's key already expanded.
    pub fn open_with(&self, cipher: &aead::Cipher, context: &[u8]) -> Option<Vec<u8>> {
        let aad = [self.header_bytes, context].concat();
        cipher.open(self.nonce, self.sealed, &aad)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn header() -> Header {
        Header {
            mrk: false,
            key_id: [3; 16],
            material_id: [4; 32],
        }
    }

    #[test]
    fn round_trip_with_context() {
        let ctx: BTreeMap<String, String> =
            [("b".into(), "2".into()), ("a".into(), "1".into())].into();
        let aad = context_aad(ctx.iter());
        let blob = seal(&header(), &[9; 32], &[5; 12], b"secret", &aad).unwrap();
        let env = Envelope::parse(&blob).unwrap();
        assert_eq!(env.header, header());
        assert_eq!(env.open(&[9; 32], &aad).unwrap(), b"secret");
        assert!(env.open(&[9; 32], &[]).is_none());
        assert!(env.open(&[8; 32], &aad).is_none());
    }

    #[test]
    fn corrupt_headers_and_short_blobs_are_rejected() {
        let blob = seal(&header(), &[9; 32], &[5; 12], b"x", &[]).unwrap();
        for i in 0..HEADER_LEN {
            let mut b = blob.clone();
            b[i] ^= 0x10;
            assert!(Envelope::parse(&b).is_none(), "byte {i}");
        }
        assert!(Envelope::parse(&blob[..40]).is_none());
        let mut b = blob.clone();
        *b.last_mut().unwrap() ^= 1;
        assert!(Envelope::parse(&b).unwrap().open(&[9; 32], &[]).is_none());
    }

    #[test]
    fn context_encoding_is_unambiguous() {
        let a: BTreeMap<String, String> = [("ab".into(), "c".into())].into();
        let b: BTreeMap<String, String> = [("a".into(), "bc".into())].into();
        assert_ne!(context_aad(a.iter()), context_aad(b.iter()));
    }
}

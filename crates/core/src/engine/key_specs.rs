//! What each KeySpec is in this build: whether it is implemented, how long its generated
//! material is, which algorithms DescribeKey lists for it, whether it rotates. The one place for
//! per-spec facts, so asymmetric and post-quantum specs join here.
//! Depends on `crypto::mac` and `api` constants only.

use crate::crypto::mac::MacHash;

/// The families this build implements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SpecKind {
    /// SYMMETRIC_DEFAULT: AES-256-GCM.
    Symmetric,
    /// HMAC_224/256/384/512: one MAC algorithm each.
    Hmac(MacHash),
}

impl SpecKind {
    /// The kind of `spec`, or `None` where this build does not implement it yet.
    pub(crate) fn of(spec: &str) -> Option<Self> {
        Some(match spec {
            "SYMMETRIC_DEFAULT" => Self::Symmetric,
            "HMAC_224" => Self::Hmac(MacHash::Sha224),
            "HMAC_256" => Self::Hmac(MacHash::Sha256),
            "HMAC_384" => Self::Hmac(MacHash::Sha384),
            "HMAC_512" => Self::Hmac(MacHash::Sha512),
            _ => return None,
        })
    }

    /// Bytes of material KMS generates: an AES-256 key, or an HMAC key as long as the hash's
    /// output ("HMAC keys", AWS KMS Developer Guide).
    pub(crate) fn generated_len(self) -> usize {
        match self {
            Self::Symmetric => 32,
            Self::Hmac(hash) => hash.output_len(),
        }
    }

    /// Imported material's length range in bytes: 32 for AES; for HMAC at least the hash's
    /// output and at most 1024 bits ("Requirements for imported key material").
    pub(crate) fn imported_len(self) -> (usize, usize) {
        match self {
            Self::Symmetric => (32, 32),
            Self::Hmac(hash) => (hash.output_len(), 128),
        }
    }

    /// Only symmetric encryption keys rotate (automatically or on demand).
    pub(crate) fn rotates(self) -> bool {
        self == Self::Symmetric
    }
}

/// `MacAlgorithmSpec` ↔ hash.
pub(crate) fn mac_algorithm(hash: MacHash) -> &'static str {
    match hash {
        MacHash::Sha224 => "HMAC_SHA_224",
        MacHash::Sha256 => "HMAC_SHA_256",
        MacHash::Sha384 => "HMAC_SHA_384",
        MacHash::Sha512 => "HMAC_SHA_512",
    }
}

/// DescribeKey's algorithm lists for `spec` and `usage`: (EncryptionAlgorithms, MacAlgorithms).
pub(crate) fn algorithm_lists(
    spec: &str,
    usage: &str,
) -> (Option<Vec<String>>, Option<Vec<String>>) {
    match (SpecKind::of(spec), usage) {
        (Some(SpecKind::Symmetric), "ENCRYPT_DECRYPT") => {
            (Some(vec!["SYMMETRIC_DEFAULT".into()]), None)
        }
        (Some(SpecKind::Hmac(hash)), _) => (None, Some(vec![mac_algorithm(hash).into()])),
        _ => (None, None),
    }
}

//! What each KeySpec is in this build: whether it is implemented, which key usages it allows,
//! how long its generated material is, which algorithms DescribeKey lists for it, whether it
//! rotates. The one place for per-spec facts ("Key spec reference",
//! https://docs.aws.amazon.com/kms/latest/developerguide/symm-asymm-choose-key-spec.html).
//! Depends on `crypto::mac` (the HMAC hashes) only.

use crate::crypto::mac::MacHash;

/// The elliptic curves of the ECC key specs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Curve {
    P256,
    P384,
    P521,
    Secp256k1,
}

/// The families this build implements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SpecKind {
    /// SYMMETRIC_DEFAULT: AES-256-GCM.
    Symmetric,
    /// HMAC_224/256/384/512: one MAC algorithm each.
    Hmac(MacHash),
    /// RSA_2048/3072/4096: the modulus size in bits.
    Rsa(usize),
    /// ECC_NIST_P256/P384/P521 and ECC_SECG_P256K1.
    Ecc(Curve),
    /// ECC_NIST_EDWARDS25519.
    Ed25519,
    /// ML_DSA_44/65/87 (FIPS 204), by the number in the name.
    MlDsa(u16),
    /// ML_KEM_512/768/1024 (FIPS 203), by the number in the name.
    MlKem(u16),
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
            "RSA_2048" => Self::Rsa(2048),
            "RSA_3072" => Self::Rsa(3072),
            "RSA_4096" => Self::Rsa(4096),
            "ECC_NIST_P256" => Self::Ecc(Curve::P256),
            "ECC_NIST_P384" => Self::Ecc(Curve::P384),
            "ECC_NIST_P521" => Self::Ecc(Curve::P521),
            "ECC_SECG_P256K1" => Self::Ecc(Curve::Secp256k1),
            "ECC_NIST_EDWARDS25519" => Self::Ed25519,
            "ML_DSA_44" => Self::MlDsa(44),
            "ML_DSA_65" => Self::MlDsa(65),
            "ML_DSA_87" => Self::MlDsa(87),
            "ML_KEM_512" => Self::MlKem(512),
            "ML_KEM_768" => Self::MlKem(768),
            "ML_KEM_1024" => Self::MlKem(1024),
            _ => return None,
        })
    }

    /// True for the key pairs (RSA, ECC, Ed25519, ML-DSA, ML-KEM): material is a PKCS#8
    /// private key made or checked by the injected `KeyCrypto` provider.
    pub(crate) fn is_pair(self) -> bool {
        !matches!(self, Self::Symmetric | Self::Hmac(_))
    }

    /// Whether a key of this spec can be created for imported material: AWS's guide excludes
    /// only ML-DSA ("Importing ML-DSA keys is not supported").
    pub(crate) fn importable(self) -> bool {
        !matches!(self, Self::MlDsa(_))
    }

    /// Bytes of secret material KMS generates for a symmetric or HMAC key: an AES-256 key, or an
    /// HMAC key as long as the hash's output ("HMAC keys", AWS KMS Developer Guide).
    pub(crate) fn generated_len(self) -> usize {
        match self {
            Self::Hmac(hash) => hash.output_len(),
            _ => 32,
        }
    }

    /// Imported secret material's length range in bytes: 32 for AES; for HMAC at least the
    /// hash's output and at most 1024 bits ("Requirements for imported key material"). Key
    /// pairs are PKCS#8 documents, checked by parsing instead.
    pub(crate) fn imported_len(self) -> (usize, usize) {
        match self {
            Self::Hmac(hash) => (hash.output_len(), 128),
            _ => (32, 32),
        }
    }

    /// Only symmetric encryption keys rotate (automatically or on demand).
    pub(crate) fn rotates(self) -> bool {
        self == Self::Symmetric
    }
}

/// The KeyUsage values AWS allows for each KeySpec, implemented here or not.
pub(crate) fn usage_allowed(spec: &str, usage: &str) -> bool {
    match spec {
        "SYMMETRIC_DEFAULT" => usage == "ENCRYPT_DECRYPT",
        s if s.starts_with("HMAC_") => usage == "GENERATE_VERIFY_MAC",
        s if s.starts_with("RSA_") => matches!(usage, "ENCRYPT_DECRYPT" | "SIGN_VERIFY"),
        "ECC_NIST_P256" | "ECC_NIST_P384" | "ECC_NIST_P521" => {
            matches!(usage, "SIGN_VERIFY" | "KEY_AGREEMENT")
        }
        "ECC_SECG_P256K1" | "ECC_NIST_EDWARDS25519" => usage == "SIGN_VERIFY",
        s if s.starts_with("ML_DSA_") => usage == "SIGN_VERIFY",
        s if s.starts_with("ML_KEM_") => usage == "ENCAPSULATE_DECAPSULATE",
        "SM2" => matches!(usage, "ENCRYPT_DECRYPT" | "SIGN_VERIFY" | "KEY_AGREEMENT"),
        _ => false,
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

/// The signing algorithms of a SIGN_VERIFY key, in the order AWS lists them.
pub(crate) fn signing_algorithms(kind: SpecKind) -> &'static [&'static str] {
    match kind {
        SpecKind::Rsa(_) => &[
            "RSASSA_PKCS1_V1_5_SHA_256",
            "RSASSA_PKCS1_V1_5_SHA_384",
            "RSASSA_PKCS1_V1_5_SHA_512",
            "RSASSA_PSS_SHA_256",
            "RSASSA_PSS_SHA_384",
            "RSASSA_PSS_SHA_512",
        ],
        SpecKind::Ecc(Curve::P256 | Curve::Secp256k1) => &["ECDSA_SHA_256"],
        SpecKind::Ecc(Curve::P384) => &["ECDSA_SHA_384"],
        SpecKind::Ecc(Curve::P521) => &["ECDSA_SHA_512"],
        SpecKind::Ed25519 => &["ED25519_SHA_512", "ED25519_PH_SHA_512"],
        SpecKind::MlDsa(_) => &["ML_DSA_SHAKE_256"],
        SpecKind::Symmetric | SpecKind::Hmac(_) | SpecKind::MlKem(_) => &[],
    }
}

/// The length in bytes of the digest a signing algorithm signs (MessageType DIGEST).
pub(crate) fn digest_len(algorithm: &str) -> usize {
    if algorithm.ends_with("_384") {
        48
    } else if algorithm.ends_with("_512") {
        64
    } else {
        32
    }
}

/// The length of an ML-KEM ciphertext (FIPS 203: 768 / 1088 / 1568 bytes); 0 for no level.
pub(crate) fn kem_ciphertext_len(level: u16) -> usize {
    match level {
        512 => 768,
        768 => 1088,
        1024 => 1568,
        _ => 0,
    }
}

/// The encryption algorithms of an ENCRYPT_DECRYPT key.
pub(crate) fn encryption_algorithms(kind: SpecKind) -> &'static [&'static str] {
    match kind {
        SpecKind::Symmetric => &["SYMMETRIC_DEFAULT"],
        SpecKind::Rsa(_) => &["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"],
        _ => &[],
    }
}

/// DescribeKey's and GetPublicKey's algorithm lists: exactly the one that matches the usage.
#[derive(Default)]
pub(crate) struct AlgorithmLists {
    pub encryption: Option<Vec<String>>,
    pub signing: Option<Vec<String>>,
    pub mac: Option<Vec<String>>,
    pub key_agreement: Option<Vec<String>>,
    pub encapsulation: Option<Vec<String>>,
}

pub(crate) fn algorithm_lists(spec: &str, usage: &str) -> AlgorithmLists {
    let Some(kind) = SpecKind::of(spec) else {
        return AlgorithmLists::default();
    };
    let list = |names: &[&str]| Some(names.iter().map(|s| s.to_string()).collect());
    match (kind, usage) {
        (_, "ENCRYPT_DECRYPT") => AlgorithmLists {
            encryption: list(encryption_algorithms(kind)),
            ..Default::default()
        },
        (_, "SIGN_VERIFY") => AlgorithmLists {
            signing: list(signing_algorithms(kind)),
            ..Default::default()
        },
        (SpecKind::Hmac(hash), _) => AlgorithmLists {
            mac: list(&[mac_algorithm(hash)]),
            ..Default::default()
        },
        (_, "KEY_AGREEMENT") => AlgorithmLists {
            key_agreement: list(&["ECDH"]),
            ..Default::default()
        },
        (_, "ENCAPSULATE_DECAPSULATE") => AlgorithmLists {
            encapsulation: list(&["ML_KEM"]),
            ..Default::default()
        },
        _ => AlgorithmLists::default(),
    }
}

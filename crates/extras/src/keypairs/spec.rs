//! The AWS names this module answers to: key specs (`Spec`), signing algorithms
//! (`SigningAlgorithm`) and which algorithm goes with which spec, plus the SHA-2 hashing that
//! RAW messages get. Depends on sha2 only.

use sha2::{Digest, Sha256, Sha384, Sha512};

/// An asymmetric AWS KMS key spec (SM2 is China-only and absent).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Spec {
    Rsa(usize),
    P256,
    P384,
    P521,
    Secp256k1,
    Ed25519,
    /// ML_DSA_44/65/87 (FIPS 204), by the number in the name.
    MlDsa(u16),
    /// ML_KEM_512/768/1024 (FIPS 203), by the number in the name.
    MlKem(u16),
}

impl Spec {
    /// Every key spec this module implements, as AWS names them.
    pub const ALL: [&'static str; 14] = [
        "RSA_2048",
        "RSA_3072",
        "RSA_4096",
        "ECC_NIST_P256",
        "ECC_NIST_P384",
        "ECC_NIST_P521",
        "ECC_SECG_P256K1",
        "ECC_NIST_EDWARDS25519",
        "ML_DSA_44",
        "ML_DSA_65",
        "ML_DSA_87",
        "ML_KEM_512",
        "ML_KEM_768",
        "ML_KEM_1024",
    ];

    pub(super) fn from_aws(name: &str) -> Option<Self> {
        Some(match name {
            "RSA_2048" => Self::Rsa(2048),
            "RSA_3072" => Self::Rsa(3072),
            "RSA_4096" => Self::Rsa(4096),
            "ECC_NIST_P256" => Self::P256,
            "ECC_NIST_P384" => Self::P384,
            "ECC_NIST_P521" => Self::P521,
            "ECC_SECG_P256K1" => Self::Secp256k1,
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
}

/// The SHA-2 function a signing algorithm names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Hash {
    Sha256,
    Sha384,
    Sha512,
}

impl Hash {
    pub(super) fn len(self) -> usize {
        match self {
            Self::Sha256 => 32,
            Self::Sha384 => 48,
            Self::Sha512 => 64,
        }
    }

    pub(super) fn digest(self, message: &[u8]) -> Vec<u8> {
        match self {
            Self::Sha256 => Sha256::digest(message).to_vec(),
            Self::Sha384 => Sha384::digest(message).to_vec(),
            Self::Sha512 => Sha512::digest(message).to_vec(),
        }
    }

    /// What the signature scheme signs: the caller's digest (DIGEST, which must have this
    /// hash's length) or the hash of the caller's message (RAW).
    pub(super) fn prehash(self, digest: bool, message: &[u8]) -> Option<Vec<u8>> {
        if !digest {
            return Some(self.digest(message));
        }
        (message.len() == self.len()).then(|| message.to_vec())
    }
}

/// An AWS SigningAlgorithmSpec (minus SM2DSA).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SigningAlgorithm {
    RsaPss(Hash),
    RsaPkcs1(Hash),
    Ecdsa(Hash),
    /// PureEdDSA over the message, RAW only.
    Ed25519,
    /// Ed25519ph with SHA-512 as the prehash, DIGEST only.
    Ed25519Ph,
    /// Pure ML-DSA (empty context), RAW or EXTERNAL_MU.
    MlDsa,
}

impl SigningAlgorithm {
    #[cfg(test)]
    pub(super) const ALL: [&'static str; 12] = [
        "RSASSA_PSS_SHA_256",
        "RSASSA_PSS_SHA_384",
        "RSASSA_PSS_SHA_512",
        "RSASSA_PKCS1_V1_5_SHA_256",
        "RSASSA_PKCS1_V1_5_SHA_384",
        "RSASSA_PKCS1_V1_5_SHA_512",
        "ECDSA_SHA_256",
        "ECDSA_SHA_384",
        "ECDSA_SHA_512",
        "ED25519_SHA_512",
        "ED25519_PH_SHA_512",
        "ML_DSA_SHAKE_256",
    ];

    /// The algorithm `name` if it exists and `spec` can sign with it.
    pub(super) fn for_spec(spec: Spec, name: &str) -> Option<Self> {
        use Hash::*;
        let alg = match name {
            "RSASSA_PSS_SHA_256" => Self::RsaPss(Sha256),
            "RSASSA_PSS_SHA_384" => Self::RsaPss(Sha384),
            "RSASSA_PSS_SHA_512" => Self::RsaPss(Sha512),
            "RSASSA_PKCS1_V1_5_SHA_256" => Self::RsaPkcs1(Sha256),
            "RSASSA_PKCS1_V1_5_SHA_384" => Self::RsaPkcs1(Sha384),
            "RSASSA_PKCS1_V1_5_SHA_512" => Self::RsaPkcs1(Sha512),
            "ECDSA_SHA_256" => Self::Ecdsa(Sha256),
            "ECDSA_SHA_384" => Self::Ecdsa(Sha384),
            "ECDSA_SHA_512" => Self::Ecdsa(Sha512),
            "ED25519_SHA_512" => Self::Ed25519,
            "ED25519_PH_SHA_512" => Self::Ed25519Ph,
            "ML_DSA_SHAKE_256" => Self::MlDsa,
            _ => return None,
        };
        let fits = match (spec, alg) {
            (Spec::Rsa(_), Self::RsaPss(_) | Self::RsaPkcs1(_)) => true,
            // Each curve has exactly one ECDSA hash in AWS: the one matching its size.
            (Spec::P256 | Spec::Secp256k1, Self::Ecdsa(Sha256)) => true,
            (Spec::P384, Self::Ecdsa(Sha384)) => true,
            (Spec::P521, Self::Ecdsa(Sha512)) => true,
            (Spec::Ed25519, Self::Ed25519 | Self::Ed25519Ph) => true,
            (Spec::MlDsa(_), Self::MlDsa) => true,
            _ => false,
        };
        fits.then_some(alg)
    }
}

/// An AWS EncryptionAlgorithmSpec that RSA keys use (SM2PKE is absent).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Oaep {
    Sha1,
    Sha256,
}

impl Oaep {
    pub(super) fn from_aws(name: &str) -> Option<Self> {
        match name {
            "RSAES_OAEP_SHA_1" => Some(Self::Sha1),
            "RSAES_OAEP_SHA_256" => Some(Self::Sha256),
            _ => None,
        }
    }
}

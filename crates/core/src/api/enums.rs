//! AWS enum values used by the symmetric lifecycle, spelled exactly as AWS spells them,
//! with the full value sets the model allows (for AWS-style enum validation messages).
//! Depends only on serde.

use serde::{Deserialize, Serialize};

/// Every KeySpec the model accepts (CreateKey.KeySpec).
pub const KEY_SPECS: &[&str] = &[
    "RSA_2048",
    "RSA_3072",
    "RSA_4096",
    "ECC_NIST_P256",
    "ECC_NIST_P384",
    "ECC_NIST_P521",
    "ECC_SECG_P256K1",
    "SYMMETRIC_DEFAULT",
    "HMAC_224",
    "HMAC_256",
    "HMAC_384",
    "HMAC_512",
    "SM2",
    "ML_DSA_44",
    "ML_DSA_65",
    "ML_DSA_87",
    "ECC_NIST_EDWARDS25519",
    "ML_KEM_512",
    "ML_KEM_768",
    "ML_KEM_1024",
];
/// The deprecated CustomerMasterKeySpec twin has the older, shorter set: the first 13.
pub const CUSTOMER_MASTER_KEY_SPECS: &[&str] = KEY_SPECS.split_at(13).0;
pub const KEY_USAGES: &[&str] = &[
    "SIGN_VERIFY",
    "ENCRYPT_DECRYPT",
    "GENERATE_VERIFY_MAC",
    "KEY_AGREEMENT",
    "ENCAPSULATE_DECAPSULATE",
];
pub const ORIGINS: &[&str] = &["AWS_KMS", "EXTERNAL", "AWS_CLOUDHSM", "EXTERNAL_KEY_STORE"];
pub const ENCRYPTION_ALGORITHMS: &[&str] = &[
    "SYMMETRIC_DEFAULT",
    "RSAES_OAEP_SHA_1",
    "RSAES_OAEP_SHA_256",
    "SM2PKE",
];
pub const MAC_ALGORITHMS: &[&str] = &[
    "HMAC_SHA_224",
    "HMAC_SHA_256",
    "HMAC_SHA_384",
    "HMAC_SHA_512",
];
pub const SIGNING_ALGORITHMS: &[&str] = &[
    "RSASSA_PSS_SHA_256",
    "RSASSA_PSS_SHA_384",
    "RSASSA_PSS_SHA_512",
    "RSASSA_PKCS1_V1_5_SHA_256",
    "RSASSA_PKCS1_V1_5_SHA_384",
    "RSASSA_PKCS1_V1_5_SHA_512",
    "ECDSA_SHA_256",
    "ECDSA_SHA_384",
    "ECDSA_SHA_512",
    "SM2DSA",
    "ML_DSA_SHAKE_256",
    "ED25519_SHA_512",
    "ED25519_PH_SHA_512",
];
pub const MESSAGE_TYPES: &[&str] = &["RAW", "DIGEST", "EXTERNAL_MU"];
pub const DATA_KEY_PAIR_SPECS: &[&str] = &[
    "RSA_2048",
    "RSA_3072",
    "RSA_4096",
    "ECC_NIST_P256",
    "ECC_NIST_P384",
    "ECC_NIST_P521",
    "ECC_SECG_P256K1",
    "SM2",
    "ECC_NIST_EDWARDS25519",
    "ML_KEM_512",
    "ML_KEM_768",
    "ML_KEM_1024",
];
pub const KEY_AGREEMENT_ALGORITHMS: &[&str] = &["ECDH"];
pub const ENCAPSULATION_ALGORITHMS: &[&str] = &["ML_KEM"];
pub const DATA_KEY_SPECS: &[&str] = &["AES_256", "AES_128"];
pub const RESOURCE_OWNERS: &[&str] = &["SELF", "OTHER_ACCOUNTS_VIA_RAM"];
pub const DRY_RUN_MODIFIERS: &[&str] = &["IGNORE_CIPHERTEXT"];

/// The lifecycle state of a KMS key (AWS `KeyState`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum KeyState {
    Creating,
    Enabled,
    Disabled,
    PendingDeletion,
    PendingImport,
    PendingReplicaDeletion,
    Unavailable,
    Updating,
}

/// Where a key's material came from (AWS `OriginType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Origin {
    #[serde(rename = "AWS_KMS")]
    AwsKms,
    #[serde(rename = "EXTERNAL")]
    External,
}

/// Who manages the key (AWS `KeyManagerType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum KeyManager {
    #[serde(rename = "AWS")]
    Aws,
    #[serde(rename = "CUSTOMER")]
    Customer,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json<T: Serialize>(v: T) -> String {
        serde_json::to_string(&v).unwrap()
    }

    #[test]
    fn enum_spellings_match_aws() {
        assert_eq!(json(KeyState::PendingDeletion), "\"PendingDeletion\"");
        assert_eq!(json(Origin::AwsKms), "\"AWS_KMS\"");
        assert_eq!(json(Origin::External), "\"EXTERNAL\"");
        assert_eq!(json(KeyManager::Customer), "\"CUSTOMER\"");
        assert!(KEY_SPECS.contains(&"SYMMETRIC_DEFAULT"));
        assert_eq!(CUSTOMER_MASTER_KEY_SPECS.last(), Some(&"SM2"));
    }
}

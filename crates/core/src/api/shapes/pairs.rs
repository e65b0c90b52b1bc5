//! Shapes of the operations that hand out key pairs or secrets derived from one:
//! GenerateDataKeyPair, GenerateDataKeyPairWithoutPlaintext, DeriveSharedSecret, Encapsulate
//! and Decapsulate.

use super::EncryptionContext;
use crate::api::Blob;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GenerateDataKeyPairRequest {
    pub encryption_context: Option<EncryptionContext>,
    pub key_id: String,
    pub key_pair_spec: String,
    pub grant_tokens: Option<Vec<String>>,
    pub recipient: Option<serde_json::Value>,
    pub dry_run: Option<bool>,
}

/// Both operations' output; `PrivateKeyPlaintext` only from GenerateDataKeyPair.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct GenerateDataKeyPairResponse {
    pub private_key_ciphertext_blob: Blob,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_key_plaintext: Option<Blob>,
    pub public_key: Blob,
    pub key_id: String,
    pub key_pair_spec: String,
    pub key_material_id: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeriveSharedSecretRequest {
    pub key_id: String,
    pub key_agreement_algorithm: String,
    pub public_key: Blob,
    pub grant_tokens: Option<Vec<String>>,
    pub dry_run: Option<bool>,
    pub recipient: Option<serde_json::Value>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct DeriveSharedSecretResponse {
    pub key_id: String,
    pub shared_secret: Blob,
    pub key_agreement_algorithm: String,
    pub key_origin: crate::api::Origin,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EncapsulateRequest {
    pub key_id: String,
    pub encapsulation_algorithm: String,
    pub grant_tokens: Option<Vec<String>>,
    pub dry_run: Option<bool>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct EncapsulateResponse {
    pub key_id: String,
    pub shared_secret: Blob,
    pub shared_secret_ciphertext_blob: Blob,
    pub encapsulation_algorithm: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DecapsulateRequest {
    pub key_id: String,
    pub shared_secret_ciphertext_blob: Blob,
    pub encapsulation_algorithm: String,
    pub grant_tokens: Option<Vec<String>>,
    pub dry_run: Option<bool>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct DecapsulateResponse {
    pub key_id: String,
    pub shared_secret: Blob,
    pub encapsulation_algorithm: String,
}

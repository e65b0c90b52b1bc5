//! Shapes of the HMAC operations: GenerateMac and VerifyMac.

use crate::api::Blob;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GenerateMacRequest {
    pub message: Blob,
    pub key_id: String,
    pub mac_algorithm: String,
    pub grant_tokens: Option<Vec<String>>,
    pub dry_run: Option<bool>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct GenerateMacResponse {
    pub mac: Blob,
    pub mac_algorithm: String,
    pub key_id: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VerifyMacRequest {
    pub message: Blob,
    pub key_id: String,
    pub mac_algorithm: String,
    pub mac: Blob,
    pub grant_tokens: Option<Vec<String>>,
    pub dry_run: Option<bool>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct VerifyMacResponse {
    pub key_id: String,
    pub mac_valid: bool,
    pub mac_algorithm: String,
}

//! The stored form of an audit event: compact, so recording a call is cheap and the saved
//! state stays small. `engine::audit` renders it as a CloudTrail event when read.
//! Depends on serde and serde_json.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;

/// JSON kept as its text (a response's elements): recording a call copies one string instead
/// of building a tree, and dropping an old record frees one allocation instead of dozens. It
/// reads and writes as the JSON it holds, so saved states look the same either way.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RawJson(pub Box<RawValue>);

impl PartialEq for RawJson {
    fn eq(&self, other: &Self) -> bool {
        self.0.get() == other.0.get()
    }
}

/// One API call or service event, as recorded.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AuditRecord {
    /// Position in the log, across reloads.
    pub seq: u64,
    pub time_ms: i64,
    pub name: String,
    /// `true` for events KMS records on its own (RotateKey, DeleteKey, ...).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub service: bool,
    pub event_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Request members in CloudTrail form (lowerCamelCase, no blobs); `Null` for none.
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub request: Value,
    /// Response members as built (AWS names, no blobs); `None` for none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<RawJson>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    /// Key ARNs the event concerns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub read_only: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_ip: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// The IAM principal ARN the call was made as, or the service principal's name (no
    /// `arn:`); `None`: the account's root user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub principal: Option<String>,
    /// The service an IAM principal called through (`kms:ViaService`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invoked_by: Option<String>,
    /// The account and Region the event happened in (`<account>/<region>`); absent in events
    /// recorded before kms-wasm held many Regions: the service's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition: Option<String>,
    /// The call tried to use a key pending deletion.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub alarm: bool,
    /// Bare key id for service events (`serviceEventDetails.keyId`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// The key material a successful cryptographic call sealed with (CloudTrail's
    /// `additionalEventData.keyMaterialId`, `destinationKeyMaterialId` for ReEncrypt).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub material: Option<String>,
    /// The key material it opened a ciphertext with (`keyMaterialId` for Decrypt,
    /// `sourceKeyMaterialId` for ReEncrypt).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_material: Option<String>,
}

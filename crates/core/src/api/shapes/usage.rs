//! Shapes of GetKeyLastUsage (its request is `KeyIdRequest`).

use crate::api::Timestamp;
use serde::Serialize;

#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct GetKeyLastUsageResponse {
    pub key_id: String,
    /// Always present: `{}` when the key has no recorded use since tracking began.
    pub key_last_usage: KeyLastUsageData,
    pub tracking_start_date: Timestamp,
    pub key_creation_date: Timestamp,
}

#[derive(Clone, Debug, Default, Serialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct KeyLastUsageData {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cloud_trail_event_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kms_request_id: Option<String>,
}

//! Multi-Region key shapes: ReplicateKey, UpdatePrimaryRegion, and the MultiRegionConfiguration
//! of KeyMetadata. Depends on `KeyMetadata` and `Tag`.

use super::{KeyMetadata, Tag};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReplicateKeyRequest {
    pub key_id: String,
    pub replica_region: String,
    pub policy: Option<String>,
    pub bypass_policy_lockout_safety_check: Option<bool>,
    pub description: Option<String>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct ReplicateKeyResponse {
    pub replica_key_metadata: KeyMetadata,
    pub replica_policy: String,
    pub replica_tags: Vec<Tag>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdatePrimaryRegionRequest {
    pub key_id: String,
    pub primary_region: String,
}

/// One key of a multi-Region set.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct MultiRegionKey {
    pub arn: String,
    pub region: String,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct MultiRegionConfiguration {
    /// `PRIMARY` or `REPLICA`.
    pub multi_region_key_type: &'static str,
    pub primary_key: MultiRegionKey,
    pub replica_keys: Vec<MultiRegionKey>,
}

//! A KMS key as stored: metadata, policy, tags, grants, every backing key material it ever had, its
//! rotation schedule and its last use. Depends on `api` enums/scalars and serde.

use crate::api::{Blob, KeyManager, KeyState, Origin};
use serde::{Deserialize, Serialize};

/// One backing key: the 256-bit AES key that encrypts, and the id written into ciphertext.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Material {
    /// 64 lowercase hex characters (AWS `KeyMaterialId`). For imported material it is
    /// SHA-256(key id ‖ material): the commitment that recognises the same material when it
    /// comes back, so nothing else about deleted material is kept.
    pub id: String,
    /// The AES-256 key. Lives only in state; never in responses, errors or the audit log.
    /// `None` while imported material is deleted or expired (AWS's PENDING_IMPORT).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<Blob>,
    /// When this material became current.
    pub created_ms: i64,
    /// `AUTOMATIC` or `ON_DEMAND` for materials made by rotation; `None` for the first one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotation_type: Option<String>,
    /// How imported material was imported; `None` for material KMS generated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub import: Option<Imported>,
}

/// The terms of an import (ImportKeyMaterial's ExpirationModel, ValidTo, description).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Imported {
    pub expiration_model: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_to_ms: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Automatic-rotation settings. `next_ms` stays put while the key is Disabled or
/// PendingDeletion; EnableKey then performs the one overdue rotation.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Rotation {
    pub enabled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_days: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_ms: Option<i64>,
    /// When automatic rotation was last switched on (the base for a changed period).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled_ms: Option<i64>,
    #[serde(default)]
    pub on_demand_count: u32,
}

/// A key's tracked use: since when, and the last successful cryptographic call.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct UsageTracking {
    /// When tracking began: the key's creation, or the seeding for seeded keys, or, for a key
    /// saved before tracking existed, when a build with tracking first opened its state.
    pub since_ms: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last: Option<LastUse>,
}

/// The last successful cryptographic call with a key (AWS `KeyLastUsageData`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LastUse {
    pub operation: String,
    pub time_ms: i64,
    /// The call's audit event id (CloudTrail `eventID`).
    pub event_id: String,
    pub request_id: String,
}

impl UsageTracking {
    pub fn since(ms: i64) -> Self {
        Self {
            since_ms: ms,
            last: None,
        }
    }
}

/// A multi-Region key's place in its set, kept alike on every key of the set: which Region
/// holds the primary key, and the replicas' Regions in the order they were made.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct MultiRegion {
    pub primary: String,
    #[serde(default)]
    pub replicas: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Key {
    pub id: String,
    pub arn: String,
    pub account_id: String,
    pub creation_ms: i64,
    pub description: String,
    pub key_usage: String,
    pub key_spec: String,
    pub origin: Origin,
    pub key_manager: KeyManager,
    pub state: KeyState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deletion_ms: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_window_days: Option<u32>,
    pub policy: String,
    /// Tags in the order they were first added (AWS's order is undocumented).
    pub tags: Vec<(String, String)>,
    /// Every material, oldest first; the last one encrypts.
    pub materials: Vec<Material>,
    /// Imported material waiting for RotateKeyOnDemand to become current (PENDING_ROTATION).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<Material>,
    #[serde(default)]
    pub rotation: Rotation,
    /// GetKeyLastUsage's data. `None` only in states saved before tracking existed, until the
    /// engine opening them starts tracking (`Engine::restore_with_journal`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage_tracking: Option<UsageTracking>,
    /// The key's grants, oldest first (CreateGrant); they go when the key goes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grants: Vec<super::Grant>,
    /// Set for a multi-Region key (`mrk-` id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multi_region: Option<MultiRegion>,
}

impl Key {
    /// A multi-Region key whose Region is not its set's primary Region.
    pub fn is_replica(&self) -> bool {
        self.multi_region
            .as_ref()
            .is_some_and(|m| super::arn_region(&self.arn) != Some(m.primary.as_str()))
    }

    /// The material new ciphertext is made with.
    pub fn current_material(&self) -> Option<&Material> {
        self.materials.last()
    }

    pub fn material(&self, id: &str) -> Option<&Material> {
        self.materials.iter().find(|m| m.id == id)
    }

    /// True when every material that ciphertext may name is present (AWS enables an
    /// imported key only when all its materials are imported).
    pub fn all_material_present(&self) -> bool {
        !self.materials.is_empty() && self.materials.iter().all(|m| m.secret.is_some())
    }
}

//! The seed document format: a JSON fixture of keys with fixed ids, material, rotation
//! history and state (PascalCase members, like AWS's shapes). `engine::seed` applies and
//! exports it. Depends on `api::shapes::Tag` and serde.

use crate::api::shapes::Tag;
use serde::{Deserialize, Serialize};

/// The document: `{"Keys": [...]}`.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SeedDocument {
    /// The JSON Schema an editor checks the file against (`schema/seed.schema.json` in the
    /// package); read and ignored, never exported.
    #[serde(rename = "$schema", default, skip_serializing)]
    pub schema: Option<String>,
    #[serde(default)]
    pub keys: Vec<SeedKey>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SeedKey {
    pub key_id: String,
    /// The key's Region; absent: the service's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// A multi-Region key's (an `mrk-` id's) primary Region; absent: this entry's own. The
    /// document's entries with that id in other Regions are its replicas.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// ISO-8601; defaults to now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_date: Option<String>,
    /// `SYMMETRIC_DEFAULT` (default) or any key spec this build implements.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_spec: Option<String>,
    /// Required for every key spec but `SYMMETRIC_DEFAULT` (whose usage is `ENCRYPT_DECRYPT`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_usage: Option<String>,
    /// `AWS_KMS` (default) or `EXTERNAL`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// `Enabled` (default), `Disabled`, `PendingDeletion` (with DeletionDate) or `PendingImport`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deletion_date: Option<String>,
    /// A policy document as a JSON string or object; defaults to AWS's default policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Backing keys, oldest first; the last is current (only symmetric keys have more than
    /// one). Empty: one random material (a new key pair for RSA, ECC, Ed25519, ML-DSA and
    /// ML-KEM keys), except for EXTERNAL keys (none) and replicas (the primary's).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub key_material: Vec<SeedMaterial>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotation: Option<SeedRotation>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SeedMaterial {
    /// Base64: 32 bytes for a symmetric key, an HMAC key's bytes, or a key pair's private key as
    /// PKCS#8 DER. Absent only for imported material that is currently deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub material: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_material_id: Option<String>,
    /// When it became current (ISO-8601); the first defaults to the key's creation date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// `AUTOMATIC` or `ON_DEMAND` for rotated-in material; absent for the first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotation_type: Option<String>,
    /// Imported material only: `KEY_MATERIAL_EXPIRES` (with ValidTo) or `KEY_MATERIAL_DOES_NOT_EXPIRE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration_model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<String>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SeedRotation {
    pub enabled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotation_period_in_days: Option<u32>,
    /// Defaults to the last rotation (or creation) plus the period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_rotation_date: Option<String>,
}

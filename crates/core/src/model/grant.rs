//! A grant as stored on its key: who may use the key for which operations, under which
//! encryption-context constraints, and who may retire it. Grants live on the `Key` record, so
//! they are saved, journaled and deleted with their key. Depends on serde.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Grant {
    /// 64 lowercase hex characters (AWS's GrantId).
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub creation_ms: i64,
    /// The grantee: an IAM principal (`GranteePrincipal`), or a service principal when
    /// `service_grantee` is set (`GranteeServicePrincipal`).
    pub grantee: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub service_grantee: bool,
    /// `RetiringPrincipal`, or `RetiringServicePrincipal` when `service_retiree` is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retiree: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub service_retiree: bool,
    /// GrantOperation names, as requested.
    pub operations: Vec<String>,
    /// AWS's GrantConstraints structure (`EncryptionContextEquals`, `EncryptionContextSubset`,
    /// `SourceArn`), as checked by CreateGrant, so it lists back unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraints: Option<Map<String, Value>>,
}

//! An alias: a name that points at one key. Aliases are separate resources from keys
//! ("Aliases in AWS KMS", https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html).
//! Depends on serde only.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Alias {
    /// Bare key id of the target.
    pub target_key_id: String,
    pub creation_ms: i64,
    pub last_updated_ms: i64,
}

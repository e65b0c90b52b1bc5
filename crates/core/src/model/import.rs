//! Import parameters issued by GetParametersForImport: which key and wrapping algorithm a
//! token belongs to, the wrapping private key, and when it expires. Depends on serde and `api`.

use crate::api::Blob;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ImportParams {
    /// Bare id of the key the token was issued for.
    pub key_id: String,
    pub wrapping_algorithm: String,
    pub wrapping_key_spec: String,
    /// The wrapping private key (PKCS#8 DER); dropped once the token expires, so an expired
    /// token is still recognised (ExpiredImportTokenException) but can unwrap nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_key: Option<Blob>,
    pub expires_ms: i64,
}

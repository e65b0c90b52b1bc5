//! Request and response structures, named exactly as AWS names the shapes. Optional members
//! are `Option` and are omitted from output when absent. Enum-valued inputs stay `String` so
//! that validation can answer with AWS's enum-set message rather than a serde error.
//! Depends on `api::{Blob, Timestamp}` and serde.

mod crypto;
mod grants;
mod import;
mod keys;
mod mac;
mod manage;
mod pairs;
mod regions;
mod rotation;
mod sign;
mod usage;

pub use crypto::*;
pub use grants::*;
pub use import::*;
pub use keys::*;
pub use mac::*;
pub use manage::*;
pub use pairs::*;
pub use regions::*;
pub use rotation::*;
pub use sign::*;
pub use usage::*;

use serde::{Deserialize, Serialize};

/// A key/value tag (AWS `Tag`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct Tag {
    pub tag_key: String,
    pub tag_value: String,
}

/// Output of operations that return nothing: serialises as `{}`.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct Empty {}

/// `Limit` + `Marker` shared by the list operations.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Page {
    pub limit: Option<i64>,
    pub marker: Option<String>,
}

//! Importing key material ("Importing key material for AWS KMS keys",
//! https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys.html): the wrapping key
//! and token (`params`), the import itself (`material`) and DeleteImportedKeyMaterial
//! (`delete`). Material expiry and the wrapping-key pool live in `engine::materials`.
//! Depends on `Cx`, `env::Rsa` (unwrapping), `model` and `limits`.

mod delete;
mod material;
mod params;

pub(crate) use delete::delete_imported_key_material;
pub(crate) use material::import_key_material;
pub(crate) use params::get_parameters_for_import;

use crate::api::{KeyState, Origin};
use crate::engine::cx::pending_deletion;
use crate::error::KmsError;
use crate::model::Key;

/// The first bytes of every import token this emulator issues.
const TOKEN_MAGIC: &[u8; 5] = b"KMSW\x01";

pub(super) fn origin_check(key: &Key) -> Result<(), KmsError> {
    match key.origin {
        Origin::External => Ok(()),
        Origin::AwsKms => Err(KmsError::UnsupportedOperation(Some(format!(
            "{} origin is AWS_KMS which is not valid for this operation.",
            key.arn
        )))),
    }
}

pub(super) fn not_pending_deletion(key: &Key) -> Result<(), KmsError> {
    if key.state == KeyState::PendingDeletion {
        return Err(pending_deletion(&key.arn));
    }
    Ok(())
}

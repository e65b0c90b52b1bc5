//! DeleteImportedKeyMaterial: deletes the key's current (or the named) imported material; a
//! key that needs it becomes PendingImport until the same material is imported again.
//! Depends on the import module's checks and `Cx`.

use super::origin_check;
use crate::api::shapes::*;
use crate::api::{validate, KeyState};
use crate::engine::cx::Cx;
use crate::engine::resolve::Accept;
use crate::error::KmsError;

pub(crate) fn delete_imported_key_material(
    cx: &mut Cx,
    r: DeleteImportedKeyMaterialRequest,
) -> Result<KeyMaterialResponse, KmsError> {
    if let Some(m) = &r.key_material_id {
        validate::len("keyMaterialId", m, 64, 64)?;
    }
    let id = cx.resolve("keyId", &r.key_id, Accept::Key)?;
    let key = cx.key(&id)?;
    origin_check(key)?;
    let arn = key.arn.clone();
    let target = r
        .key_material_id
        .clone()
        .or_else(|| key.current_material().map(|m| m.id.clone()));
    let Some(target) = target else {
        // Nothing was ever imported: nothing to delete, and AWS answers success.
        return Ok(KeyMaterialResponse {
            key_id: arn,
            key_material_id: String::new(),
        });
    };
    let exists = key
        .materials
        .iter()
        .chain(key.pending.iter())
        .any(|m| m.id == target);
    if !exists {
        return Err(KmsError::NotFound(format!(
            "Key material {target} is not associated with {arn}."
        )));
    }
    let present = key
        .materials
        .iter()
        .chain(key.pending.iter())
        .any(|m| m.id == target && m.secret.is_some());
    if present {
        let key = cx.key_mut(&id)?;
        if key.pending.as_ref().is_some_and(|p| p.id == target) {
            key.pending = None;
        }
        for m in key.materials.iter_mut().filter(|m| m.id == target) {
            m.secret = None;
            if let Some(i) = m.import.as_mut() {
                i.valid_to_ms = None;
            }
        }
        if matches!(key.state, KeyState::Enabled | KeyState::Disabled)
            && !key.all_material_present()
        {
            key.state = KeyState::PendingImport;
        }
    }
    Ok(KeyMaterialResponse {
        key_id: arn,
        key_material_id: target,
    })
}

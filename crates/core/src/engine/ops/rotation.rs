//! Key rotation operations: EnableKeyRotation, DisableKeyRotation, GetKeyRotationStatus,
//! RotateKeyOnDemand, ListKeyRotations ("Rotate AWS KMS keys",
//! https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html). The rotation step
//! itself is `Engine::rotate` in `materials`. Depends on `Cx`, `pagination`, `limits`, `model`.

use crate::api::shapes::*;
use crate::api::{validate, KeyManager, KeyState, Origin, Timestamp};
use crate::engine::cx::Cx;
use crate::engine::cx::{disabled, pending_deletion, pending_import};
use crate::engine::key_specs::SpecKind;
use crate::engine::pagination::Paging;
use crate::engine::resolve::Accept;
use crate::error::KmsError;
use crate::limits::{
    DAY_MS, DEFAULT_ROTATION_PERIOD_DAYS, ON_DEMAND_ROTATION_LIMIT, ROTATION_CONFLICT_WINDOW_MS,
    ROTATION_PERIOD_DAYS,
};
use crate::model::{Key, Material};

/// Only symmetric encryption keys rotate; asymmetric and HMAC keys are refused.
fn rotates(key: &Key) -> bool {
    SpecKind::of(&key.key_spec).is_some_and(SpecKind::rotates)
}

/// A multi-Region replica rotates with its primary key, which alone manages rotation.
fn not_replica(key: &Key) -> Result<(), KmsError> {
    if key.is_replica() {
        return Err(KmsError::UnsupportedOperation(Some(format!(
            "{} is not a multi-region primary key.",
            key.arn
        ))));
    }
    Ok(())
}

/// The checks Enable/DisableKeyRotation share: eligible key type first, then state.
fn manageable_rotation(cx: &mut Cx, key_id: &str) -> Result<String, KmsError> {
    let id = cx.resolve("keyId", key_id, Accept::Key)?;
    let key = cx.key(&id)?;
    not_replica(key)?;
    if !rotates(key) {
        return Err(KmsError::UnsupportedOperation(Some(format!(
            "{} does not support automatic key rotation.",
            key.arn
        ))));
    }
    if key.origin == Origin::External {
        return Err(KmsError::UnsupportedOperation(Some(format!(
            "{} origin is EXTERNAL which is not valid for this operation.",
            key.arn
        ))));
    }
    if key.key_manager == KeyManager::Aws {
        return Err(KmsError::UnsupportedOperation(Some(format!(
            "{} is an AWS managed key; AWS manages its rotation.",
            key.arn
        ))));
    }
    match key.state {
        KeyState::Disabled => Err(disabled(&key.arn)),
        KeyState::PendingDeletion => Err(pending_deletion(&key.arn)),
        KeyState::PendingImport => Err(pending_import(&key.arn)),
        _ => Ok(id),
    }
}

pub(crate) fn enable_key_rotation(
    cx: &mut Cx,
    r: EnableKeyRotationRequest,
) -> Result<Empty, KmsError> {
    validate::opt_range(
        "rotationPeriodInDays",
        r.rotation_period_in_days,
        i64::from(*ROTATION_PERIOD_DAYS.start()),
        i64::from(*ROTATION_PERIOD_DAYS.end()),
    )?;
    let id = manageable_rotation(cx, &r.key_id)?;
    let period = r
        .rotation_period_in_days
        .map_or(DEFAULT_ROTATION_PERIOD_DAYS, |p| p as u32);
    let now = cx.now;
    let key = cx.key_mut(&id)?;
    let last = key
        .current_material()
        .map_or(key.creation_ms, |m| m.created_ms);
    let rot = &mut key.rotation;
    if rot.enabled {
        // A new period counts from the last rotation (or from when rotation was enabled, if
        // later); a date already passed means the rotation is due now.
        let base = rot.enabled_ms.map_or(last, |e| e.max(last));
        rot.next_ms = Some((base + period as i64 * DAY_MS).max(now));
    } else {
        rot.enabled = true;
        rot.enabled_ms = Some(now);
        rot.next_ms = Some(now + period as i64 * DAY_MS);
    }
    rot.period_days = Some(period);
    Ok(Empty {})
}

pub(crate) fn disable_key_rotation(cx: &mut Cx, r: KeyIdRequest) -> Result<Empty, KmsError> {
    let id = manageable_rotation(cx, &r.key_id)?;
    let rot = &mut cx.key_mut(&id)?.rotation;
    rot.enabled = false;
    rot.next_ms = None;
    rot.enabled_ms = None;
    Ok(Empty {})
}

pub(crate) fn get_key_rotation_status(
    cx: &mut Cx,
    r: KeyIdRequest,
) -> Result<GetKeyRotationStatusResponse, KmsError> {
    let id = cx.resolve("keyId", &r.key_id, Accept::Key)?;
    let key = cx.key(&id)?;
    if key.origin == Origin::External {
        return Err(KmsError::UnsupportedOperation(Some(format!(
            "{} origin is EXTERNAL which is not valid for this operation.",
            key.arn
        ))));
    }
    // While the key is pending deletion the status reads false; cancelling restores it.
    let on = key.rotation.enabled && key.state != KeyState::PendingDeletion;
    Ok(GetKeyRotationStatusResponse {
        key_rotation_enabled: on,
        key_id: key.arn.clone(),
        rotation_period_in_days: key.rotation.period_days.filter(|_| on).map(i64::from),
        next_rotation_date: key.rotation.next_ms.filter(|_| on).map(Timestamp),
        // On-demand rotation completes within the call here, so it is never in progress.
        on_demand_rotation_start_date: None,
    })
}

pub(crate) fn rotate_key_on_demand(
    cx: &mut Cx,
    r: KeyIdRequest,
) -> Result<KeyIdResponse, KmsError> {
    let id = cx.resolve("keyId", &r.key_id, Accept::Key)?;
    not_replica(cx.key(&id)?)?;
    let key = cx.key(&id)?;
    let arn = key.arn.clone();
    match key.state {
        KeyState::Disabled => return Err(disabled(&arn)),
        KeyState::PendingDeletion => return Err(pending_deletion(&arn)),
        KeyState::PendingImport => return Err(pending_import(&arn)),
        _ => {}
    }
    if !rotates(key) {
        return Err(KmsError::UnsupportedOperation(None));
    }
    let external = key.origin == Origin::External;
    if external && key.pending.as_ref().is_none_or(|p| p.secret.is_none()) {
        return Err(KmsError::InvalidState(format!(
            "No available key material pending rotation for the key: {arn}."
        )));
    }
    if external && !cx.engine.pending_everywhere(&id) {
        return Err(KmsError::InvalidState(format!(
            "The key material pending rotation for {arn} is not imported into every Region of the multi-Region key yet."
        )));
    }
    let key = cx.key(&id)?;
    if key.rotation.on_demand_count >= ON_DEMAND_ROTATION_LIMIT {
        return Err(KmsError::LimitExceeded(format!(
            "The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: {arn}"
        )));
    }
    if key.rotation.enabled
        && key
            .rotation
            .next_ms
            .is_some_and(|n| n - cx.now < ROTATION_CONFLICT_WINDOW_MS)
    {
        return Err(KmsError::Conflict(format!(
            "An automatic rotation of {arn} is due within 20 minutes; try again after it."
        )));
    }
    let now = cx.now;
    if external {
        // The staged import becomes current; the previous material stays for decryption.
        let key = cx.key_mut(&id)?;
        if let Some(mut m) = key.pending.take() {
            m.created_ms = now;
            m.rotation_type = Some("ON_DEMAND".into());
            key.materials.push(m);
        }
    } else {
        cx.engine.rotate(&id, now, "ON_DEMAND");
    }
    cx.key_mut(&id)?.rotation.on_demand_count += 1;
    Ok(KeyIdResponse { key_id: arn })
}

pub(crate) fn list_key_rotations(
    cx: &mut Cx,
    r: ListKeyRotationsRequest,
) -> Result<ListKeyRotationsResponse, KmsError> {
    validate::opt_one_of(
        "includeKeyMaterial",
        &r.include_key_material,
        &["ALL_KEY_MATERIAL", "ROTATIONS_ONLY"],
    )?;
    let paging = Paging::new("ListKeyRotations", r.limit, &r.marker, 100, 1000)?;
    let id = cx.resolve("keyId", &r.key_id, Accept::Key)?;
    let key = cx.key(&id)?;
    if !rotates(key) {
        return Err(KmsError::UnsupportedOperation(Some(format!(
            "{} does not support key rotation.",
            key.arn
        ))));
    }
    let all = r.include_key_material.as_deref() == Some("ALL_KEY_MATERIAL");
    let last = key.materials.len().saturating_sub(1);
    let mut entries: Vec<(String, RotationsListEntry)> = key
        .materials
        .iter()
        .enumerate()
        .filter(|(_, m)| all || m.rotation_type.is_some())
        .map(|(i, m)| {
            (
                format!("{i:08}"),
                rotation_entry(key, m, if i == last { "CURRENT" } else { "NON_CURRENT" }),
            )
        })
        .collect();
    if let Some(p) = key.pending.clone().filter(|_| all) {
        // A multi-Region key's new material waits for every Region's import.
        let state = match cx.engine.pending_everywhere(&id) {
            true => "PENDING_ROTATION",
            false => "PENDING_MULTI_REGION_IMPORT_AND_ROTATION",
        };
        let key = cx.key(&id)?;
        entries.push((
            format!("{:08}", key.materials.len()),
            rotation_entry(key, &p, state),
        ));
    }
    let entries = entries.into_iter();
    let (rotations, next_marker, truncated) = paging.take(entries);
    Ok(ListKeyRotationsResponse {
        rotations,
        next_marker,
        truncated,
    })
}

/// One row of ListKeyRotations: a material in `state` (CURRENT, NON_CURRENT or
/// PENDING_ROTATION). The import columns exist only for keys with imported material.
fn rotation_entry(key: &Key, m: &Material, state: &str) -> RotationsListEntry {
    let external = key.origin == Origin::External;
    RotationsListEntry {
        key_id: key.id.clone(),
        key_material_id: m.id.clone(),
        key_material_state: state.to_string(),
        rotation_date: m.rotation_type.as_ref().map(|_| Timestamp(m.created_ms)),
        rotation_type: m.rotation_type.clone(),
        key_material_description: m
            .import
            .as_ref()
            .and_then(|i| i.description.clone())
            .filter(|_| external),
        import_state: external.then(|| {
            if m.secret.is_some() {
                "IMPORTED"
            } else {
                "PENDING_IMPORT"
            }
            .to_string()
        }),
        expiration_model: m
            .import
            .as_ref()
            .filter(|_| m.secret.is_some())
            .map(|i| i.expiration_model.clone()),
        valid_to: m
            .import
            .as_ref()
            .filter(|_| m.secret.is_some())
            .and_then(|i| i.valid_to_ms)
            .map(Timestamp),
    }
}

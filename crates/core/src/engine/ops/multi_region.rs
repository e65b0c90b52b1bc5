//! ReplicateKey and UpdatePrimaryRegion ("Multi-Region keys in AWS KMS",
//! https://docs.aws.amazon.com/kms/latest/developerguide/multi-region-keys-overview.html).
//! A replica is made at once (AWS's `Creating` is not modelled) with the primary's key id,
//! material and rotation, and a policy, description and tags of its own.
//! Depends on `Cx`, `multi_region`, `validate_input` and `keys::metadata`.

use super::keys::metadata;
use crate::api::shapes::*;
use crate::api::{validate, KeyState, Origin};
use crate::engine::cx::{pending_deletion, Cx};
use crate::engine::multi_region::arn_in;
use crate::engine::regions::valid_region;
use crate::engine::resolve::Accept;
use crate::engine::validate_input;
use crate::error::KmsError;
use crate::limits::MAX_DESCRIPTION_LEN;
use crate::model::{Key, MultiRegion, UsageTracking};

/// A Region name, as the model's RegionType (`us-east-1`, `us-gov-west-1`).
fn region_name(path: &str, region: &str) -> Result<(), KmsError> {
    validate::len(path, region, 1, 32)?;
    if valid_region(region) {
        return Ok(());
    }
    Err(KmsError::constraint(
        Some(region),
        path,
        "Member must satisfy regular expression pattern: ^([a-z]+-){2,3}\\d+$",
    ))
}

/// The set of the primary key `id`, refusing replicas, single-Region keys and keys on their way
/// out.
fn primary_set(cx: &Cx, id: &str) -> Result<MultiRegion, KmsError> {
    let key = cx.key(id)?;
    let Some(set) = key.multi_region.clone() else {
        return Err(KmsError::UnsupportedOperation(Some(format!(
            "{} is not a multi-region key.",
            key.arn
        ))));
    };
    if key.is_replica() {
        return Err(KmsError::UnsupportedOperation(Some(format!(
            "{} is not a multi-region primary key.",
            key.arn
        ))));
    }
    match key.state {
        KeyState::PendingDeletion => Err(pending_deletion(&key.arn)),
        KeyState::PendingReplicaDeletion => {
            Err(crate::engine::cx::pending_replica_deletion(&key.arn))
        }
        _ => Ok(set),
    }
}

pub(crate) fn replicate_key(
    cx: &mut Cx,
    r: ReplicateKeyRequest,
) -> Result<ReplicateKeyResponse, KmsError> {
    region_name("replicaRegion", &r.replica_region)?;
    let description = r.description.unwrap_or_default();
    validate::len("description", &description, 0, MAX_DESCRIPTION_LEN)?;
    if let Some(p) = &r.policy {
        validate_input::policy(p)?;
    }
    validate_input::tags(&r.tags)?;
    let id = cx.resolve("keyId", &r.key_id, Accept::Key)?;
    let mut set = primary_set(cx, &id)?;
    let primary = cx.key(&id)?.clone();
    let region = r.replica_region;
    let arn = arn_in(&primary.arn, &region);
    if region == set.primary {
        return Err(KmsError::Validation(format!(
            "The replica Region {region} is the primary key's Region."
        )));
    }
    if set.replicas.contains(&region) {
        return Err(KmsError::AlreadyExists(format!("{arn} already exists.")));
    }
    if let Some(text) = &r.policy {
        let bypass = r.bypass_policy_lockout_safety_check == Some(true);
        cx.lockout_check(text, &arn, bypass)?;
    }
    let policy = r.policy.unwrap_or_else(|| {
        let prefix = arn.split(":kms:").next().unwrap_or("arn:aws");
        validate_input::default_policy(&primary.account_id, prefix)
    });
    set.replicas.push(region.clone());
    // The primary's materials; an imported one is imported again in the replica's Region.
    let imported = primary.origin == Origin::External;
    let materials = primary.materials.iter().map(|m| {
        let mut m = m.clone();
        if imported {
            m.secret = None;
        }
        m
    });
    let mut replica = Key {
        arn: arn.clone(),
        creation_ms: cx.now,
        description,
        state: KeyState::Enabled,
        deletion_ms: None,
        pending_window_days: None,
        policy,
        tags: r
            .tags
            .into_iter()
            .map(|t| (t.tag_key, t.tag_value))
            .collect(),
        materials: materials.collect(),
        pending: None,
        usage_tracking: Some(UsageTracking::since(cx.now)),
        grants: Vec::new(),
        multi_region: Some(set.clone()),
        ..primary
    };
    if !replica.all_material_present() {
        replica.state = KeyState::PendingImport;
    }
    let back = cx.engine.cfg.region.clone();
    cx.engine.enter_region(&region);
    if cx.engine.state.keys.contains_key(&id) {
        cx.engine.enter_region(&back);
        return Err(KmsError::AlreadyExists(format!("{arn} already exists.")));
    }
    let response = ReplicateKeyResponse {
        replica_key_metadata: metadata(&replica),
        replica_policy: replica.policy.clone(),
        replica_tags: replica
            .tags
            .iter()
            .map(|(k, v)| Tag {
                tag_key: k.clone(),
                tag_value: v.clone(),
            })
            .collect(),
    };
    cx.engine.state.keys.insert(id.clone(), replica);
    cx.engine.touch_key(&id);
    // CloudTrail shows the replica's creation in its own Region.
    cx.engine
        .record_service_event("CreateKey", &arn, &id, cx.now);
    cx.engine.enter_region(&back);
    cx.engine.set_shape(&id, &set);
    cx.resources.push(arn);
    Ok(response)
}

pub(crate) fn update_primary_region(
    cx: &mut Cx,
    r: UpdatePrimaryRegionRequest,
) -> Result<Empty, KmsError> {
    region_name("primaryRegion", &r.primary_region)?;
    let id = cx.resolve("keyId", &r.key_id, Accept::Key)?;
    let set = primary_set(cx, &id)?;
    let arn = cx.key(&id)?.arn.clone();
    let target = r.primary_region;
    if target == set.primary {
        return Err(KmsError::Validation(format!(
            "{arn} is already the primary key in {target}."
        )));
    }
    let replica_arn = arn_in(&arn, &target);
    if !set.replicas.contains(&target) {
        return Err(KmsError::NotFound(format!(
            "Key '{replica_arn}' does not exist"
        )));
    }
    // AWS needs kms:UpdatePrimaryRegion on both keys; the replica must not be on its way out.
    let back = cx.engine.cfg.region.clone();
    cx.engine.enter_region(&target);
    let checked = cx
        .manageable(&id)
        .and_then(|()| cx.key_access(&id, "primaryRegion", &replica_arn));
    cx.engine.enter_region(&back);
    checked?;
    let mut replicas: Vec<String> = set.replicas.into_iter().filter(|r| *r != target).collect();
    replicas.push(set.primary);
    let set = MultiRegion {
        primary: target,
        replicas,
    };
    // AWS logs UpdatePrimaryRegion in both Regions.
    cx.also_in.push(set.primary.clone());
    cx.engine.set_shape(&id, &set);
    cx.resources.push(replica_arn);
    Ok(Empty {})
}

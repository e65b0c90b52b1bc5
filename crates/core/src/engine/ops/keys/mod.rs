//! Key operations: CreateKey (`create`), DescribeKey, ListKeys, UpdateKeyDescription,
//! EnableKey and DisableKey (`manage`), and the `KeyMetadata` view of a stored key that they
//! and the audit trail share. Depends on `api` shapes and `model`.

mod create;
mod manage;

pub(crate) use create::create_key;
pub(crate) use manage::{describe_key, disable_key, enable_key, list_keys, update_key_description};

use crate::api::shapes::{KeyMetadata, MultiRegionConfiguration, MultiRegionKey};
use crate::api::{KeyState, Timestamp};
use crate::engine::key_specs::{algorithm_lists, SpecKind};
use crate::engine::multi_region::arn_in;
use crate::model::{Key, MultiRegion};

/// The set of a multi-Region key, as DescribeKey shows it from `key`'s Region.
fn configuration(key: &Key, set: &MultiRegion) -> MultiRegionConfiguration {
    let member = |region: &String| MultiRegionKey {
        arn: arn_in(&key.arn, region),
        region: region.clone(),
    };
    MultiRegionConfiguration {
        multi_region_key_type: if key.is_replica() {
            "REPLICA"
        } else {
            "PRIMARY"
        },
        primary_key: member(&set.primary),
        replica_keys: set.replicas.iter().map(member).collect(),
    }
}

/// The `KeyMetadata` AWS would return for `key`.
pub(crate) fn metadata(key: &Key) -> KeyMetadata {
    // Expiry terms show only while the current imported material is present.
    let present_import = key
        .current_material()
        .filter(|m| m.secret.is_some())
        .and_then(|m| m.import.as_ref());
    let lists = algorithm_lists(&key.key_spec, &key.key_usage);
    // AWS shows CurrentKeyMaterialId for symmetric encryption keys only.
    let symmetric = SpecKind::of(&key.key_spec) == Some(SpecKind::Symmetric);
    KeyMetadata {
        aws_account_id: key.account_id.clone(),
        key_id: key.id.clone(),
        arn: key.arn.clone(),
        creation_date: Timestamp(key.creation_ms),
        enabled: key.state == KeyState::Enabled,
        description: key.description.clone(),
        key_usage: key.key_usage.clone(),
        key_state: key.state,
        deletion_date: key
            .deletion_ms
            .filter(|_| key.state == KeyState::PendingDeletion)
            .map(Timestamp),
        valid_to: present_import.and_then(|i| i.valid_to_ms).map(Timestamp),
        origin: key.origin,
        key_manager: key.key_manager,
        customer_master_key_spec: key.key_spec.clone(),
        key_spec: key.key_spec.clone(),
        encryption_algorithms: lists.encryption,
        signing_algorithms: lists.signing,
        key_agreement_algorithms: lists.key_agreement,
        encapsulation_algorithms: lists.encapsulation,
        mac_algorithms: lists.mac,
        expiration_model: present_import.map(|i| i.expiration_model.clone()),
        multi_region: key.multi_region.is_some(),
        multi_region_configuration: key.multi_region.as_ref().map(|m| configuration(key, m)),
        pending_deletion_window_in_days: key
            .pending_window_days
            .filter(|_| key.state == KeyState::PendingReplicaDeletion),
        current_key_material_id: key
            .current_material()
            .filter(|_| symmetric)
            .map(|m| m.id.clone()),
    }
}

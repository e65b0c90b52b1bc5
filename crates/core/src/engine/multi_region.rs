//! The keys of a multi-Region set, kept in step ("Multi-Region keys in AWS KMS",
//! https://docs.aws.amazon.com/kms/latest/developerguide/multi-region-keys-overview.html): what
//! AWS shares across the set (the key material and its history, automatic rotation, the set's
//! shape) is copied from the primary key to every replica, each copy recorded in its Region as
//! a `SynchronizeMultiRegionKey` event; what stays per key (policy, grants, aliases, tags,
//! description, enabled state, imported material's expiry, last use) is left alone.
//! Depends on the engine, `regions` and `model`.

use super::Engine;
use crate::api::{KeyState, Origin};
use crate::model::{Key, Material, MultiRegion};

/// `arn` with its Region replaced by `region`.
pub(crate) fn arn_in(arn: &str, region: &str) -> String {
    let mut parts: Vec<&str> = arn.splitn(6, ':').collect();
    if parts.len() == 6 {
        parts[3] = region;
    }
    parts.join(":")
}

impl Engine {
    /// The key `id` of the engine's account in `region`, if that Region has it.
    pub(crate) fn key_in(&mut self, region: &str, id: &str) -> Option<&mut Key> {
        self.enter_region(region);
        self.state.keys.get_mut(id)
    }

    /// Gives every key of the set `id` (in the current account) the shape `set`.
    pub(crate) fn set_shape(&mut self, id: &str, set: &MultiRegion) {
        let back = self.cfg.region.clone();
        for region in std::iter::once(&set.primary).chain(&set.replicas) {
            if let Some(k) = self.key_in(region, id) {
                k.multi_region = Some(set.clone());
                self.touch_key(id);
            }
        }
        self.enter_region(&back);
    }

    /// Copies what the set shares from the primary key `id` (in the current Region) to its
    /// replicas. Imported material is the same bytes in every Region but each Region imports
    /// its own: a replica keeps its own copy (or lack of one) of each material.
    pub(crate) fn sync_replicas(&mut self, id: &str, at: i64) {
        let Some(primary) = self.state.keys.get(id).filter(|k| !k.is_replica()).cloned() else {
            return;
        };
        let Some(set) = primary.multi_region.clone() else {
            return;
        };
        let back = self.cfg.region.clone();
        for region in &set.replicas {
            let Some(replica) = self.key_in(region, id) else {
                continue;
            };
            let own = |m: &Material| {
                let mut m = m.clone();
                if primary.origin == Origin::External {
                    let mine = replica.materials.iter().chain(replica.pending.iter());
                    m.secret = mine.filter(|x| x.id == m.id).find_map(|x| x.secret.clone());
                }
                m
            };
            let materials: Vec<_> = primary.materials.iter().map(own).collect();
            let pending = primary.pending.as_ref().map(own);
            let shared = (&materials, &pending, &primary.rotation, &set);
            let current = (
                &replica.materials,
                &replica.pending,
                &replica.rotation,
                replica.multi_region.as_ref().unwrap_or(&set),
            );
            if shared == current {
                continue;
            }
            replica.materials = materials;
            replica.pending = pending;
            replica.rotation = primary.rotation.clone();
            replica.multi_region = Some(set.clone());
            let arn = replica.arn.clone();
            self.touch_key(id);
            self.record_service_event("SynchronizeMultiRegionKey", &arn, id, at);
        }
        self.enter_region(&back);
    }

    /// Whether every key of the set `id` (the current Region's key among them) holds the
    /// imported material pending rotation: until then it is
    /// PENDING_MULTI_REGION_IMPORT_AND_ROTATION and the primary cannot rotate to it.
    pub(crate) fn pending_everywhere(&mut self, id: &str) -> bool {
        let Some(set) = self.state.keys.get(id).and_then(|k| k.multi_region.clone()) else {
            return true;
        };
        let back = self.cfg.region.clone();
        let mut all = true;
        for region in std::iter::once(&set.primary).chain(&set.replicas) {
            let held = self.key_in(region, id).map(|k| {
                let p = k.pending.as_ref();
                p.is_some_and(|p| p.secret.is_some())
            });
            all &= held.unwrap_or(true);
        }
        self.enter_region(&back);
        all
    }

    /// A replica of the set `id` in the current Region is gone: the set forgets it, and a
    /// primary waiting for its replicas' deletion starts its own deletion window.
    pub(crate) fn replica_gone(&mut self, id: &str, set: &MultiRegion, at: i64) {
        let here = self.cfg.region.clone();
        let mut set = set.clone();
        set.replicas.retain(|r| *r != here);
        self.set_shape(id, &set);
        let Some(primary) = self.key_in(&set.primary, id) else {
            self.enter_region(&here);
            return;
        };
        if primary.state == KeyState::PendingReplicaDeletion && set.replicas.is_empty() {
            let days = primary.pending_window_days.unwrap_or(30);
            primary.state = KeyState::PendingDeletion;
            primary.deletion_ms = Some(at + days as i64 * crate::limits::DAY_MS);
            self.touch_key(id);
            self.due_cache = None;
            self.due_rescan = true;
        }
        self.enter_region(&here);
    }

    /// Into `region` of the current account.
    pub(crate) fn enter_region(&mut self, region: &str) {
        let account = self.cfg.account_id.clone();
        self.enter(&account, region);
    }
}

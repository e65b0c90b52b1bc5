//! Time-driven transitions, applied lazily before every call and when the virtual clock
//! moves: the end of a deletion window, the expiry of imported material at its ValidTo, and
//! automatic rotations, each stamped with the moment it fell due, in every account and Region.
//! Depends on the `Engine`, `regions`, `model` and `limits`.

use super::Engine;
use crate::api::KeyState;
use crate::limits::DAY_MS;
use crate::model::Key;

/// A transition that falls due with the passage of time.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Due {
    Expire(String),
    Rotate,
    Delete,
}

/// The earliest moment a time-driven transition of `k` falls due, if any.
pub(crate) fn earliest_due(k: &Key) -> Option<i64> {
    let expiry = k
        .materials
        .iter()
        .chain(k.pending.iter())
        .filter(|m| m.secret.is_some())
        .filter_map(|m| m.import.as_ref().and_then(|i| i.valid_to_ms));
    let state = match k.state {
        KeyState::PendingDeletion => k.deletion_ms,
        KeyState::Enabled if k.rotation.enabled => k.rotation.next_ms,
        _ => None,
    };
    expiry.chain(state).min()
}

impl Engine {
    /// Keeps the due-time cache right after a call changed `key_id`: a change can only bring a
    /// key's next transition earlier than the cache knows (a later one costs one spare scan).
    pub(crate) fn note_key_changed(&mut self, key_id: &str) {
        if let (Some(cache), Some(k)) = (self.due_cache, self.state.keys.get(key_id)) {
            if let Some(at) = earliest_due(k) {
                self.due_cache = Some(cache.min(at));
            }
        }
    }

    /// Applies every time-driven transition due at or before `now`, in time order, each
    /// stamped with the moment it was due rather than the moment it was noticed: deletion at
    /// the end of the window, the expiry of imported material, and every automatic rotation
    /// that fell due (one per elapsed period) for Enabled keys.
    pub(crate) fn apply_due(&mut self, now: i64) {
        if self.due_cache.is_some_and(|next| now < next) {
            return;
        }
        // A transition in one Region can set another's clock ticking (the last replica of a
        // multi-Region key gone, its primary's deletion window starts): then scan again.
        let earliest = loop {
            self.due_rescan = false;
            let mut earliest = self.apply_due_here(now);
            let others = self.other_partitions();
            if !others.is_empty() {
                let (account, region) = (self.cfg.account_id.clone(), self.cfg.region.clone());
                for id in others {
                    let (a, r) = super::regions::split_partition(&id);
                    self.enter(a, r);
                    earliest = earliest.min(self.apply_due_here(now));
                }
                self.enter(&account, &region);
            }
            if !self.due_rescan {
                break earliest;
            }
        };
        self.due_cache = Some(earliest);
    }

    /// `apply_due` in the current partition; returns the earliest transition still to come.
    fn apply_due_here(&mut self, now: i64) -> i64 {
        self.prune_imports(now);
        let mut due: Vec<(i64, String, Due)> = Vec::new();
        let mut earliest_future = i64::MAX;
        for k in self.state.keys.values() {
            // Imported material expires at ValidTo whatever the key's state.
            for m in k
                .materials
                .iter()
                .chain(k.pending.iter())
                .filter(|m| m.secret.is_some())
            {
                if let Some(at) = m.import.as_ref().and_then(|i| i.valid_to_ms) {
                    if at <= now {
                        due.push((at, k.id.clone(), Due::Expire(m.id.clone())));
                    } else {
                        earliest_future = earliest_future.min(at);
                    }
                }
            }
            match k.state {
                KeyState::PendingDeletion => {
                    if let Some(at) = k.deletion_ms {
                        if at <= now {
                            due.push((at, k.id.clone(), Due::Delete));
                        } else {
                            earliest_future = earliest_future.min(at);
                        }
                    }
                }
                // A replica rotates when its primary key does (`multi_region`).
                KeyState::Enabled if k.rotation.enabled && !k.is_replica() => {
                    let (Some(mut at), Some(days)) = (k.rotation.next_ms, k.rotation.period_days)
                    else {
                        continue;
                    };
                    let period = days.max(1) as i64 * DAY_MS;
                    while at <= now {
                        due.push((at, k.id.clone(), Due::Rotate));
                        at += period;
                    }
                    earliest_future = earliest_future.min(at);
                }
                _ => {}
            }
        }
        due.sort();
        for (at, id, what) in due {
            match what {
                Due::Expire(material) => self.expire_material(&id, &material, at),
                Due::Delete => self.delete_key_now(&id, at),
                Due::Rotate => {
                    self.rotate_on_schedule(&id, at);
                    self.sync_replicas(&id, at);
                }
            }
        }
        earliest_future
    }

    /// The end of a deletion window: the key, its materials and its aliases are gone.
    fn delete_key_now(&mut self, id: &str, at: i64) {
        let Some(key) = self.state.keys.remove(id) else {
            return;
        };
        let gone: Vec<String> = self
            .state
            .aliases
            .iter()
            .filter(|(_, a)| a.target_key_id == id)
            .map(|(n, _)| n.clone())
            .collect();
        for name in gone {
            self.state.aliases.remove(&name);
            self.touch_alias(&name);
        }
        self.touch_key(id);
        self.record_service_event("DeleteKey", &key.arn, id, at);
        if let Some(set) = key.multi_region.as_ref().filter(|_| key.is_replica()) {
            self.replica_gone(id, set, at);
        }
    }
}

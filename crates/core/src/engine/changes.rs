//! Which records changed since a store last saved, so a store can save a change as what it
//! touched (a journal line) instead of the whole state. Every mutation of `State` marks what
//! it changed here. Depends on `model` and the engine's state.

use super::Engine;
use crate::model::{PartChange, Partition};
use std::collections::{BTreeMap, BTreeSet};

/// The current value (or `None`, removed) of each named record.
fn records<V: Clone>(
    names: impl Iterator<Item = String>,
    map: &BTreeMap<String, V>,
) -> BTreeMap<String, Option<V>> {
    names
        .map(|k| {
            let v = map.get(&k).cloned();
            (k, v)
        })
        .collect()
}

/// What `take_changes` found.
#[derive(Debug, Clone, PartialEq)]
pub enum Changes {
    Nothing,
    /// Every changed record (serialise it as one journal line).
    Records(Box<crate::model::Change>),
    /// The state was replaced wholesale (reset): save a whole snapshot.
    Everything,
}

/// Records changed, each as (partition id, name).
#[derive(Default)]
pub(super) struct Dirty {
    pub(super) keys: BTreeSet<(String, String)>,
    pub(super) aliases: BTreeSet<(String, String)>,
    pub(super) imports: BTreeSet<(String, String)>,
    pub(super) clock: bool,
    pub(super) everything: bool,
}

/// The names in `set` of partition `part`.
fn names_in<'a>(
    set: &'a BTreeSet<(String, String)>,
    part: &'a str,
) -> impl Iterator<Item = String> + 'a {
    set.iter()
        .filter(move |(p, _)| p == part)
        .map(|(_, n)| n.clone())
}

impl Engine {
    /// Marks the whole state as changed, so a store that saves changes saves all of it (after
    /// the state was replaced from outside, e.g. an imported export).
    pub fn mark_all_changed(&mut self) {
        self.revision += 1;
        self.dirty.everything = true;
    }

    /// Marks key `id` as changed (created, modified or removed). Calls keep the due-time cache
    /// right through `note_key_changed`; wholesale changes (reset, restore) clear it.
    pub(crate) fn touch_key(&mut self, id: &str) {
        self.revision += 1;
        let part = self.here_part();
        self.dirty.keys.insert((part, id.to_string()));
    }

    pub(crate) fn touch_alias(&mut self, name: &str) {
        self.revision += 1;
        let part = self.here_part();
        self.dirty.aliases.insert((part, name.to_string()));
    }

    pub(crate) fn touch_import(&mut self, token: &str) {
        self.revision += 1;
        let part = self.here_part();
        self.dirty.imports.insert((part, token.to_string()));
    }

    fn here_part(&self) -> String {
        crate::model::partition_id(&self.cfg.account_id, &self.cfg.region)
    }

    pub(super) fn touch_clock(&mut self) {
        self.revision += 1;
        self.dirty.clock = true;
    }

    /// What changed since the last call of this method, for stores that save changes rather
    /// than whole snapshots. Audit events recorded since then ride along.
    pub fn take_changes(&mut self) -> Changes {
        let dirty = std::mem::take(&mut self.dirty);
        let saved_seq = std::mem::replace(&mut self.audit_saved_seq, self.state.event_seq);
        if dirty.everything {
            return Changes::Everything;
        }
        let audit: Vec<crate::model::AuditRecord> = self
            .state
            .audit
            .iter()
            .filter(|r| r.seq > saved_seq)
            .map(|r| crate::model::AuditRecord::clone(r))
            .collect();
        if dirty.keys.is_empty()
            && dirty.aliases.is_empty()
            && dirty.imports.is_empty()
            && !dirty.clock
            && audit.is_empty()
        {
            return Changes::Nothing;
        }
        // Taken between calls, so the engine is at home: the top of the state is home.
        let home = self.here_part();
        let state = &self.state;
        let parts: BTreeSet<&String> = (dirty.keys.iter())
            .chain(&dirty.aliases)
            .chain(&dirty.imports)
            .map(|(p, _)| p)
            .filter(|p| **p != home)
            .collect();
        let empty = Partition::default();
        let elsewhere = parts
            .into_iter()
            .map(|p| {
                let part = state.elsewhere.get(p).unwrap_or(&empty);
                let change = PartChange {
                    keys: records(names_in(&dirty.keys, p), &part.keys),
                    aliases: records(names_in(&dirty.aliases, p), &part.aliases),
                    imports: records(names_in(&dirty.imports, p), &part.imports),
                };
                (p.clone(), change)
            })
            .collect();
        Changes::Records(Box::new(crate::model::Change {
            schema_version: crate::model::SCHEMA_VERSION,
            keys: records(names_in(&dirty.keys, &home), &state.keys),
            aliases: records(names_in(&dirty.aliases, &home), &state.aliases),
            imports: records(names_in(&dirty.imports, &home), &state.imports),
            here: Some(home),
            elsewhere,
            clock_offset_ms: dirty.clock.then_some(state.clock_offset_ms),
            event_seq: state.event_seq,
            audit,
        }))
    }
}

//! Which records changed since a store last saved, so a store can save a change as what it
//! touched (a journal line) instead of the whole state. Every mutation of `State` marks what
//! it changed here, in the service's own Region or in another (`regions`). Depends on `model`
//! and the engine's state.

use super::Engine;
use crate::model::{PartChange, Partition};
use std::collections::{BTreeMap, BTreeSet};

/// The current value (or `None`, removed) of each named record.
fn records<V: Clone>(
    names: BTreeSet<String>,
    map: &BTreeMap<String, V>,
) -> BTreeMap<String, Option<V>> {
    names
        .into_iter()
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

/// A kind of record.
#[derive(Clone, Copy)]
pub(super) enum Kind {
    Key,
    Alias,
    Import,
}

/// Records changed: the service's own Region's by name, the others' as (partition, kind, name).
#[derive(Default)]
pub(super) struct Dirty {
    pub(super) keys: BTreeSet<String>,
    pub(super) aliases: BTreeSet<String>,
    pub(super) imports: BTreeSet<String>,
    pub(super) elsewhere: Vec<(String, Kind, String)>,
    pub(super) clock: bool,
    pub(super) everything: bool,
}

impl Engine {
    /// Marks the whole state as changed, so a store that saves changes saves all of it (after
    /// the state was replaced from outside, e.g. an imported export).
    pub fn mark_all_changed(&mut self) {
        self.revision += 1;
        self.dirty.everything = true;
    }

    /// Marks record `name` of `kind` as changed (created, modified or removed) where the engine
    /// works now.
    fn touch(&mut self, kind: Kind, name: &str) {
        self.revision += 1;
        if self.here() == (self.home.0.as_str(), self.home.1.as_str()) {
            let set = match kind {
                Kind::Key => &mut self.dirty.keys,
                Kind::Alias => &mut self.dirty.aliases,
                Kind::Import => &mut self.dirty.imports,
            };
            set.insert(name.to_string());
        } else {
            let part = crate::model::partition_id(&self.cfg.account_id, &self.cfg.region);
            self.dirty.elsewhere.push((part, kind, name.to_string()));
        }
    }

    /// Marks key `id` as changed. Calls keep the due-time cache right through
    /// `note_key_changed`; wholesale changes (reset, restore) clear it.
    pub(crate) fn touch_key(&mut self, id: &str) {
        self.touch(Kind::Key, id);
    }

    pub(crate) fn touch_alias(&mut self, name: &str) {
        self.touch(Kind::Alias, name);
    }

    pub(crate) fn touch_import(&mut self, token: &str) {
        self.touch(Kind::Import, token);
    }

    pub(super) fn touch_clock(&mut self) {
        self.revision += 1;
        self.dirty.clock = true;
    }

    /// What changed since the last call of this method, for stores that save changes rather
    /// than whole snapshots. Audit events recorded since then ride along. Taken between calls,
    /// when the engine is in its own Region, at the top of the state.
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
            && dirty.elsewhere.is_empty()
            && !dirty.clock
            && audit.is_empty()
        {
            return Changes::Nothing;
        }
        let state = &self.state;
        let empty = Partition::default();
        let mut elsewhere: BTreeMap<String, PartChange> = BTreeMap::new();
        for (part, kind, name) in dirty.elsewhere {
            let p = state.elsewhere.get(&part).unwrap_or(&empty);
            let change = elsewhere.entry(part).or_default();
            match kind {
                Kind::Key => {
                    let v = p.keys.get(&name).cloned();
                    change.keys.insert(name, v);
                }
                Kind::Alias => {
                    let v = p.aliases.get(&name).cloned();
                    change.aliases.insert(name, v);
                }
                Kind::Import => {
                    let v = p.imports.get(&name).cloned();
                    change.imports.insert(name, v);
                }
            }
        }
        Changes::Records(Box::new(crate::model::Change {
            schema_version: crate::model::SCHEMA_VERSION,
            here: Some(crate::model::partition_id(&self.home.0, &self.home.1)),
            keys: records(dirty.keys, &state.keys),
            aliases: records(dirty.aliases, &state.aliases),
            imports: records(dirty.imports, &state.imports),
            elsewhere,
            clock_offset_ms: dirty.clock.then_some(state.clock_offset_ms),
            event_seq: state.event_seq,
            audit,
        }))
    }
}

//! Which records changed since a store last saved, so a store can save a change as what it
//! touched (a journal line) instead of the whole state. Every mutation of `State` marks what
//! it changed here. Depends on `model` and the engine's state.

use super::Engine;

/// The current value (or `None`, removed) of each named record.
fn records<V: Clone>(
    names: std::collections::BTreeSet<String>,
    map: &std::collections::BTreeMap<String, V>,
) -> std::collections::BTreeMap<String, Option<V>> {
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

#[derive(Default)]
pub(super) struct Dirty {
    pub(super) keys: std::collections::BTreeSet<String>,
    pub(super) aliases: std::collections::BTreeSet<String>,
    pub(super) imports: std::collections::BTreeSet<String>,
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

    /// Marks key `id` as changed (created, modified or removed). Calls keep the due-time cache
    /// right through `note_key_changed`; wholesale changes (reset, restore) clear it.
    pub(crate) fn touch_key(&mut self, id: &str) {
        self.revision += 1;
        self.dirty.keys.insert(id.to_string());
    }

    pub(crate) fn touch_alias(&mut self, name: &str) {
        self.revision += 1;
        self.dirty.aliases.insert(name.to_string());
    }

    pub(crate) fn touch_import(&mut self, token: &str) {
        self.revision += 1;
        self.dirty.imports.insert(token.to_string());
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
        let state = &self.state;
        Changes::Records(Box::new(crate::model::Change {
            schema_version: crate::model::SCHEMA_VERSION,
            keys: records(dirty.keys, &state.keys),
            aliases: records(dirty.aliases, &state.aliases),
            imports: records(dirty.imports, &state.imports),
            clock_offset_ms: dirty.clock.then_some(state.clock_offset_ms),
            event_seq: state.event_seq,
            audit,
        }))
    }
}

//! The saved form of one change: every record a call created, changed or removed (whole
//! records, so replaying a change twice is harmless), plus the audit events since the last
//! change (which also carry the keys' last uses, `model::usage`). A store appends these as JSON
//! lines after a snapshot and folds them back on open, so a change costs what it touched, not
//! the size of the state.
//! Depends on `model` types and serde_json.

use super::{
    note_use, Alias, AuditRecord, ImportParams, Key, SnapshotError, State, AUDIT_CAPACITY,
    SCHEMA_VERSION,
};

/// The records of one partition that a change touched. `None` values mean "removed".
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PartChange {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub keys: BTreeMap<String, Option<Key>>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub aliases: BTreeMap<String, Option<Alias>>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub imports: BTreeMap<String, Option<ImportParams>>,
}
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One journal line: the records of the partition `here` (absent in lines written before
/// kms-wasm held many Regions: the top of the state) and of the others it touched.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    #[serde(rename = "v")]
    pub schema_version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub here: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub keys: BTreeMap<String, Option<Key>>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub aliases: BTreeMap<String, Option<Alias>>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub imports: BTreeMap<String, Option<ImportParams>>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub elsewhere: BTreeMap<String, PartChange>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock_offset_ms: Option<i64>,
    pub event_seq: u64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub audit: Vec<AuditRecord>,
}

impl Change {
    /// Folds this change into `state`.
    pub fn apply(self, state: &mut State) {
        fn put<T>(map: &mut BTreeMap<String, T>, changes: BTreeMap<String, Option<T>>) {
            for (k, v) in changes {
                match v {
                    Some(v) => map.insert(k, v),
                    None => map.remove(&k),
                };
            }
        }
        let records = PartChange {
            keys: self.keys,
            aliases: self.aliases,
            imports: self.imports,
        };
        let parts = std::iter::once((self.here, records))
            .chain(self.elsewhere.into_iter().map(|(id, p)| (Some(id), p)));
        for (id, p) in parts {
            let (keys, aliases, imports) = state.part_mut(id.as_deref());
            put(keys, p.keys);
            put(aliases, p.aliases);
            put(imports, p.imports);
        }
        if let Some(offset) = self.clock_offset_ms {
            state.clock_offset_ms = offset;
        }
        // A line replayed after the snapshot that already holds it adds no duplicate events.
        // Each event still marks its keys' last use: the line's whole key records, put above,
        // may predate its events (uses change no key by themselves, so they ride on events).
        let held = state.event_seq;
        for r in self.audit {
            note_use(state, &r);
            if r.seq > held {
                state.audit.push_back(std::sync::Arc::new(r));
            }
        }
        while state.audit.len() > AUDIT_CAPACITY {
            state.audit.pop_front();
        }
        state.event_seq = state.event_seq.max(self.event_seq);
    }
}

/// Replays journal `text` (JSON lines) onto `state`. A last line without its newline is a write
/// that was cut off before it was acknowledged, and is ignored; any other bad line means the
/// journal is corrupt. Returns how many lines were applied.
pub fn replay(state: &mut State, text: &str) -> Result<usize, SnapshotError> {
    let complete = match text.rfind('\n') {
        Some(i) => &text[..=i],
        None => "",
    };
    let mut applied = 0;
    for (n, line) in complete
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        // The version first (nothing else is built), then the change straight into its types.
        #[derive(Deserialize)]
        struct Version {
            v: Option<u64>,
        }
        let corrupt =
            |e: serde_json::Error| SnapshotError::Corrupt(format!("journal line {}: {e}", n + 1));
        let version = serde_json::from_str::<Version>(line)
            .map_err(corrupt)?
            .v
            .unwrap_or(0);
        if version > SCHEMA_VERSION as u64 {
            return Err(SnapshotError::TooNew(version as u32));
        }
        let change: Change = serde_json::from_str(line).map_err(corrupt)?;
        change.apply(state);
        applied += 1;
    }
    Ok(applied)
}

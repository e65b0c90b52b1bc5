//! The audit events a store has not saved yet, taken out and put back: a browser page that is
//! going away stashes them synchronously (its asynchronous IndexedDB save may not finish), and
//! the next opening merges them in, skipping those its saved state already holds. Depends on
//! `model` and the engine's state.

use super::Engine;
use crate::model::AuditRecord;
use crate::model::AUDIT_CAPACITY;
use std::collections::HashSet;
use std::sync::Arc;

impl Engine {
    /// The sequence number of the last audit event recorded.
    pub fn event_seq(&self) -> u64 {
        self.state.event_seq
    }

    /// The events recorded after sequence number `seq` (the last one a store saved), as a JSON
    /// array in the snapshot's form: request parameters and errors, never blobs or key material.
    pub fn audit_after(&self, seq: u64) -> String {
        let newer: Vec<&AuditRecord> = self
            .state
            .audit
            .iter()
            .filter(|r| r.seq > seq)
            .map(|r| &**r)
            .collect();
        serde_json::to_string(&newer).unwrap_or_else(|_| "[]".into())
    }

    /// Appends, in their order and with new sequence numbers, the events of `json` (from
    /// `audit_after`) whose event id the log does not hold yet; returns how many. Alarms are
    /// not raised again: their listeners heard them when they happened. Text that is not
    /// such a list is refused and changes nothing.
    pub fn merge_audit(&mut self, json: &str) -> Result<usize, serde_json::Error> {
        let records: Vec<AuditRecord> = serde_json::from_str(json)?;
        let known: HashSet<String> = self
            .state
            .audit
            .iter()
            .map(|r| r.event_id.clone())
            .collect();
        let mut added = 0;
        for mut record in records {
            if known.contains(&record.event_id) {
                continue;
            }
            self.state.event_seq += 1;
            record.seq = self.state.event_seq;
            // A stashed use was the last one when it was recorded, and nothing ran since.
            crate::model::note_use(&mut self.state, &record);
            self.state.audit.push_back(Arc::new(record));
            added += 1;
        }
        while self.state.audit.len() > AUDIT_CAPACITY {
            self.state.audit.pop_front();
        }
        Ok(added)
    }
}

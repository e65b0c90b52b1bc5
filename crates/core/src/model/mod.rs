//! The emulator's durable state: keys (with their grants), aliases, the clock offset and the audit trail, plus
//! the versioned snapshot that storage back-ends write. Domain data, not AWS shapes.
//! Depends on `api` (shared enums and scalars) and serde.

mod alias;
mod audit;
mod grant;
mod import;
mod journal;
mod key;
mod seed;
mod snapshot;
mod usage;

pub use alias::Alias;
pub use audit::{AuditRecord, RawJson};
pub use grant::Grant;
pub use import::ImportParams;
pub use journal::{replay, Change};
pub use key::{Imported, Key, LastUse, Material, Rotation, UsageTracking};
pub use seed::{SeedDocument, SeedKey, SeedMaterial, SeedRotation};
pub use snapshot::{Snapshot, SnapshotError, SCHEMA_VERSION};
pub use usage::{note_use, TRACKED_OPERATIONS};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;

/// Most recent audit events kept (older ones are dropped first), so a long-running endpoint
/// does not grow without bound.
pub const AUDIT_CAPACITY: usize = 10_000;

/// Everything the engine knows, as saved.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct State {
    /// Keys by bare key id.
    pub keys: BTreeMap<String, Key>,
    /// Aliases by full alias name (`alias/...`).
    pub aliases: BTreeMap<String, Alias>,
    /// Outstanding import parameters by token id (hex).
    #[serde(default)]
    pub imports: BTreeMap<String, ImportParams>,
    /// Virtual clock: milliseconds added to the base clock.
    pub clock_offset_ms: i64,
    /// Audit events, oldest first. Shared, since a recorded event never changes: a copy of
    /// the state (a checkpoint taken before each test) then costs a pointer per event.
    #[serde(serialize_with = "records_out", deserialize_with = "records_in")]
    pub audit: VecDeque<Arc<AuditRecord>>,
    /// Monotonic counter for event ordering across reloads.
    pub event_seq: u64,
}

/// The audit log as a plain JSON array of events (what snapshots always held).
fn records_out<S: Serializer>(audit: &VecDeque<Arc<AuditRecord>>, s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(audit.iter().map(|r| &**r))
}

fn records_in<'de, D: Deserializer<'de>>(d: D) -> Result<VecDeque<Arc<AuditRecord>>, D::Error> {
    let records = Vec::<AuditRecord>::deserialize(d)?;
    Ok(records.into_iter().map(Arc::new).collect())
}

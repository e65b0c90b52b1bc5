//! The emulator's durable state: keys, aliases, the clock offset and the audit trail, plus
//! the versioned snapshot that storage back-ends write. Domain data, not AWS shapes.
//! Depends on `api` (shared enums and scalars) and serde.

mod alias;
mod audit;
mod import;
mod journal;
mod key;
mod seed;
mod snapshot;

pub use alias::Alias;
pub use audit::AuditRecord;
pub use import::ImportParams;
pub use journal::{replay, Change};
pub use key::{Imported, Key, Material, Rotation};
pub use seed::{SeedDocument, SeedKey, SeedMaterial, SeedRotation};
pub use snapshot::{Snapshot, SnapshotError, SCHEMA_VERSION};

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, VecDeque};

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
    /// Audit events, oldest first.
    pub audit: VecDeque<AuditRecord>,
    /// Monotonic counter for event ordering across reloads.
    pub event_seq: u64,
}

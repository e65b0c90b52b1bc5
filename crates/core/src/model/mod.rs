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
pub use journal::{replay, Change, PartChange};
pub use key::{Imported, Key, LastUse, Material, MultiRegion, Rotation, UsageTracking};
pub use seed::{SeedDocument, SeedKey, SeedMaterial, SeedRotation};
pub use snapshot::{Snapshot, SnapshotError, SCHEMA_VERSION};
pub use usage::{note_use, TRACKED_OPERATIONS};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;

/// Most recent audit events kept (older ones are dropped first), so a long-running endpoint
/// does not grow without bound.
pub const AUDIT_CAPACITY: usize = 10_000;

/// What AWS keeps per account and Region: keys, aliases and outstanding import parameters.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Partition {
    #[serde(default)]
    pub keys: BTreeMap<String, Key>,
    #[serde(default)]
    pub aliases: BTreeMap<String, Alias>,
    #[serde(default)]
    pub imports: BTreeMap<String, ImportParams>,
}

impl Partition {
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty() && self.aliases.is_empty() && self.imports.is_empty()
    }
}

/// A partition's name: `<account>/<region>`.
pub fn partition_id(account: &str, region: &str) -> String {
    format!("{account}/{region}")
}

/// The Region field of an ARN (`arn:<partition>:<service>:<region>:<account>:<resource>`).
pub fn arn_region(arn: &str) -> Option<&str> {
    arn.split(':').nth(3)
}

/// The account field of an ARN (of a key, or of a principal: `arn:aws:iam::<account>:…`).
pub fn arn_account(arn: &str) -> Option<&str> {
    arn.split(':').nth(4)
}

/// `(account, region)` of a partition's name.
pub fn split_partition(id: &str) -> (&str, &str) {
    id.split_once('/').unwrap_or((id, ""))
}

/// Everything the engine knows, as saved. The keys, aliases and imports at the top are those of
/// one account and Region (`here`, the one the engine is working in); the others wait in
/// `elsewhere`. The clock, the audit trail (whose events name their partition) and the event
/// counter belong to the whole service.
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
    /// The partition (`<account>/<region>`) of the maps above; absent in files written before
    /// kms-wasm held many Regions: the service's own account and Region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub here: Option<String>,
    /// The other partitions, by `<account>/<region>`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub elsewhere: BTreeMap<String, Partition>,
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

impl State {
    /// Makes partition `id` the one at the top, putting the current one (named `current`
    /// when the state does not name it) into `elsewhere` unless it is empty.
    pub fn enter(&mut self, id: &str, current: &str) {
        let here = self.here.as_deref().unwrap_or(current);
        if here == id {
            return;
        }
        let next = self.elsewhere.remove(id).unwrap_or_default();
        let this = Partition {
            keys: std::mem::replace(&mut self.keys, next.keys),
            aliases: std::mem::replace(&mut self.aliases, next.aliases),
            imports: std::mem::replace(&mut self.imports, next.imports),
        };
        if !this.is_empty() {
            self.elsewhere.insert(here.to_string(), this);
        }
        self.here = Some(id.to_string());
    }

    /// The keys of partition `id` (`None`: the top), where a journal line or an audit event
    /// puts its records.
    pub fn keys_of(&mut self, id: Option<&str>) -> &mut BTreeMap<String, Key> {
        let (keys, _, _) = self.part_mut(id);
        keys
    }

    /// The maps of partition `id` (`None` or the top's own id: the top), made if new.
    #[allow(clippy::type_complexity)]
    pub fn part_mut(
        &mut self,
        id: Option<&str>,
    ) -> (
        &mut BTreeMap<String, Key>,
        &mut BTreeMap<String, Alias>,
        &mut BTreeMap<String, ImportParams>,
    ) {
        match id {
            Some(id) if self.here.as_deref().is_some_and(|h| h != id) => {
                let p = self.elsewhere.entry(id.to_string()).or_default();
                (&mut p.keys, &mut p.aliases, &mut p.imports)
            }
            _ => (&mut self.keys, &mut self.aliases, &mut self.imports),
        }
    }
}

fn records_in<'de, D: Deserializer<'de>>(d: D) -> Result<VecDeque<Arc<AuditRecord>>, D::Error> {
    let records = Vec::<AuditRecord>::deserialize(d)?;
    Ok(records.into_iter().map(Arc::new).collect())
}

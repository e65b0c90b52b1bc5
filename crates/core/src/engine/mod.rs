//! The engine: all KMS operations over `model::State`, synchronous and deterministic. Here
//! the `Engine` and its public surface; the operations are in `ops/` (one module per
//! resource), bound by `dispatch`, and work through `Cx`. Time comes from an injected base
//! clock plus the virtual offset in state; randomness from an injected `Entropy`.
//! Depends on `api`, `model`, `crypto`, `env`, `limits`, `error`; never on JS or I/O.

mod audit;
mod audit_filter;
mod audit_outbox;
mod authorize;
mod aws_managed;
mod changes;
mod crypto_cache;
mod cx;
mod dispatch;
mod due;
mod grant_access;
mod identity;
mod ids;
mod key_specs;
mod materials;
mod multi_region;
mod ops;
mod pagination;
mod pairs;
mod regions;
mod remove;
mod request_object;
mod resolve;
mod seed;
mod validate_input;

pub use audit::Caller;
pub use audit_filter::AuditFilter;
pub use changes::Changes;
use changes::Dirty;
pub use dispatch::{implemented_operations, is_implemented};
#[cfg(test)]
pub(crate) use ids::hex;
pub use regions::valid_region;
pub use seed::{export_seed_doc, plan_seed, SeedContext, SeedPlan, SeedSource};

use crate::api::Blob;
use crate::env::{default_rsa, Clock, Entropy, Rsa};
use crate::error::KmsError;
use crate::model::{Snapshot, SnapshotError, State, AUDIT_CAPACITY};
use serde_json::Value;

/// Account and Region the emulated service answers for, and behaviour switches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub region: String,
    pub account_id: String,
    /// Rotation period of AWS managed keys: 365 days since May 2022; 1095 reproduces the
    /// three-year schedule that older AWS material describes.
    pub aws_managed_rotation_days: u32,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            region: "us-east-1".into(),
            account_id: "111122223333".into(),
            aws_managed_rotation_days: crate::limits::DEFAULT_ROTATION_PERIOD_DAYS,
        }
    }
}

/// One emulated KMS service: any number of accounts and Regions, the configured ones by
/// default. A call works in its caller's account and Region (`regions`); `cfg` names the one
/// the engine is in, which is `home` between calls.
pub struct Engine {
    cfg: Config,
    /// The configured account and Region, as (account, region).
    home: (String, String),
    /// The partition id (`<account>/<region>`) of `cfg`, which every audit event records.
    here_id: String,
    state: State,
    clock: Box<dyn Clock>,
    entropy: Box<dyn Entropy>,
    /// Bumped on every change to durable state; storage saves when it moves.
    revision: u64,
    /// Alarm events not yet handed to listeners.
    alarms: Vec<crate::model::AuditRecord>,
    /// The id of the last call, for the `x-amzn-RequestId` header.
    last_request_id: String,
    /// Earliest future time-driven transition, so calls that change nothing skip the scan.
    /// Cleared by every change to state.
    due_cache: Option<i64>,
    /// Set when a transition made another one due (see `due::apply_due`).
    due_rescan: bool,
    /// Wrapping key pairs (bits, PKCS#8) generated ahead of time, off the caller's thread.
    wrapping_pool: Vec<(usize, Vec<u8>)>,
    /// Makes wrapping keys (from an entropy seed, when the pool has none of a size), derives
    /// their public halves and unwraps imported material (see `env::Rsa`).
    rsa: Box<dyn Rsa>,
    /// HMAC, RSA, ECC and Ed25519 cryptography (see `key_crypto::KeyCrypto`).
    key_crypto: Box<dyn crate::key_crypto::KeyCrypto>,
    /// Records changed since `take_changes` last ran.
    dirty: Dirty,
    /// The last audit event `take_changes` handed out.
    audit_saved_seq: u64,
    /// Memoised headers and expanded keys (never stale; see `crypto_cache`).
    crypto_cache: crypto_cache::CryptoCache,
    /// Parsed key policies (see `authorize`).
    policies: authorize::PolicyCache,
}

/// A copy of the whole state taken by `Engine::checkpoint`.
#[derive(Clone, Debug)]
pub struct Checkpoint(State);

impl Checkpoint {
    /// Brings the copy up to date with a change the engine handed out, so a store can keep
    /// the last acknowledged state at the cost of what changed.
    pub fn apply(&mut self, change: crate::model::Change) {
        change.apply(&mut self.0);
    }
}

impl Engine {
    /// A fresh, empty service.
    pub fn new(cfg: Config, clock: Box<dyn Clock>, entropy: Box<dyn Entropy>) -> Self {
        Self::with_state(cfg, clock, entropy, State::default())
    }

    /// A service over `state`, as saved (nothing in it counts as changed yet).
    fn with_state(
        cfg: Config,
        clock: Box<dyn Clock>,
        entropy: Box<dyn Entropy>,
        state: State,
    ) -> Self {
        let audit_saved_seq = state.event_seq;
        let home = (cfg.account_id.clone(), cfg.region.clone());
        Self {
            here_id: crate::model::partition_id(&cfg.account_id, &cfg.region),
            cfg,
            home,
            state,
            clock,
            entropy,
            revision: 0,
            alarms: Vec::new(),
            last_request_id: String::new(),
            due_cache: None,
            due_rescan: false,
            wrapping_pool: Vec::new(),
            rsa: default_rsa(),
            key_crypto: crate::key_crypto::default_key_crypto(),
            dirty: Dirty::default(),
            audit_saved_seq,
            crypto_cache: Default::default(),
            policies: Default::default(),
        }
        .settled()
    }

    fn settled(mut self) -> Self {
        self.settle_home();
        self
    }

    /// A service restored from a snapshot written by `snapshot()`.
    pub fn restore(
        cfg: Config,
        clock: Box<dyn Clock>,
        entropy: Box<dyn Entropy>,
        snapshot: &str,
    ) -> Result<Self, SnapshotError> {
        Self::restore_with_journal(cfg, clock, entropy, snapshot, "")
    }

    /// A service restored from a snapshot and the journal of changes written after it (the
    /// lines `take_changes` produced, one per line).
    pub fn restore_with_journal(
        cfg: Config,
        clock: Box<dyn Clock>,
        entropy: Box<dyn Entropy>,
        snapshot: &str,
        journal: &str,
    ) -> Result<Self, SnapshotError> {
        let mut state = Snapshot::decode(snapshot)?;
        // Journal lines name their partitions; the top of an older file is this service's own.
        let home = crate::model::partition_id(&cfg.account_id, &cfg.region);
        state.here.get_or_insert(home);
        crate::model::replay(&mut state, journal)?;
        let mut engine = Self::with_state(cfg, clock, entropy, state);
        engine.track_untracked_keys();
        Ok(engine)
    }

    /// The request id of the most recent `call`.
    pub fn last_request_id(&self) -> &str {
        &self.last_request_id
    }

    pub fn config(&self) -> &Config {
        &self.cfg
    }

    /// The versioned JSON form of the whole state, for storage.
    pub fn snapshot(&self) -> String {
        Snapshot::encode(&self.state)
    }

    /// Changes whenever durable state changes (reads leave it alone).
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Runs one AWS operation: `body` is the AWS JSON request, the result the AWS JSON
    /// response. Every call, successful or not, is written to the audit log.
    pub fn call(&mut self, op: &str, body: &str, caller: &Caller) -> Result<String, KmsError> {
        let now = self.now_ms();
        self.apply_due(now);
        dispatch::call(self, op, body, None, caller, now).map(|(json, _)| json)
    }

    /// `call` for in-process callers that pass blob members as raw bytes: in `body` each blob
    /// member holds its index in `blobs`, and so does the response, whose blobs are returned
    /// beside it (see `api::attachments`). Same handlers, checks and audit as `call`.
    pub fn call_with_blobs(
        &mut self,
        op: &str,
        body: &str,
        blobs: Vec<Blob>,
        caller: &Caller,
    ) -> Result<(String, Vec<Blob>), KmsError> {
        let now = self.now_ms();
        self.apply_due(now);
        dispatch::call(self, op, body, Some(blobs), caller, now)
    }

    /// Virtual now, in epoch milliseconds.
    pub fn now_ms(&self) -> i64 {
        self.clock
            .now_ms()
            .saturating_add(self.state.clock_offset_ms)
    }

    /// Moves virtual time forward (or back, if negative) and applies every transition that
    /// became due, each stamped with its own due time. Returns the new now.
    pub fn advance_clock(&mut self, seconds: f64) -> Result<i64, KmsError> {
        if !seconds.is_finite() || seconds.abs() > 1e11 {
            return Err(KmsError::Validation(
                "advanceClock needs a finite number of seconds within ±10^11".into(),
            ));
        }
        self.state.clock_offset_ms += (seconds * 1000.0).round() as i64;
        self.touch_clock();
        let now = self.now_ms();
        self.apply_due(now);
        Ok(now)
    }

    /// Sets virtual now to `epoch_ms` and applies what became due. Returns the new now.
    pub fn set_clock(&mut self, epoch_ms: i64) -> i64 {
        self.state.clock_offset_ms = epoch_ms - self.clock.now_ms();
        self.touch_clock();
        let now = self.now_ms();
        self.apply_due(now);
        now
    }

    /// Audit events matching `filter`, oldest first.
    pub fn audit_log(&self, filter: &AuditFilter) -> Vec<Value> {
        let home = self.home_id();
        self.state
            .audit
            .iter()
            .filter(|r| filter.matches(r, &home))
            .map(|r| audit::render(&self.cfg, r))
            .collect()
    }

    /// Alarm events raised since the last call (attempts to use a key pending deletion).
    pub fn take_alarms(&mut self) -> Vec<Value> {
        let alarms = std::mem::take(&mut self.alarms);
        alarms.iter().map(|r| audit::render(&self.cfg, r)).collect()
    }

    /// The whole state (keys, aliases, clock offset, audit) as an in-memory value, cheap to
    /// take before every test and to return to with `restore_checkpoint`.
    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint(self.state.clone())
    }

    /// Returns the whole state to `checkpoint` (a store then saves it as a new snapshot).
    pub fn restore_checkpoint(&mut self, checkpoint: &Checkpoint) {
        self.state = checkpoint.0.clone();
        self.settle_home();
        self.alarms.clear();
        self.due_cache = None;
        self.revision += 1;
        self.dirty.everything = true;
    }

    /// Forgets every key, alias and event, and the clock offset.
    pub fn reset(&mut self) {
        self.state = State {
            here: Some(self.home_id()),
            ..State::default()
        };
        self.alarms.clear();
        self.due_cache = None;
        self.revision += 1;
        self.dirty.everything = true;
    }

    pub(crate) fn random_bytes<const N: usize>(&mut self) -> [u8; N] {
        let mut b = [0u8; N];
        self.entropy.fill(&mut b);
        b
    }

    pub(crate) fn random_vec(&mut self, n: usize) -> Vec<u8> {
        let mut b = vec![0u8; n];
        self.entropy.fill(&mut b);
        b
    }

    /// A random UUID (version 4) from the injected entropy.
    pub(crate) fn uuid(&mut self) -> String {
        let mut b: [u8; 16] = self.random_bytes();
        b[6] = (b[6] & 0x0f) | 0x40;
        b[8] = (b[8] & 0x3f) | 0x80;
        ids::uuid_string(&b)
    }

    pub(crate) fn push_record(&mut self, mut record: crate::model::AuditRecord) {
        self.state.event_seq += 1;
        record.seq = self.state.event_seq;
        if record.alarm {
            self.alarms.push(record.clone());
        }
        self.state.audit.push_back(std::sync::Arc::new(record));
        while self.state.audit.len() > AUDIT_CAPACITY {
            self.state.audit.pop_front();
        }
    }
}

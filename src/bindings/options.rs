//! `KmsCore` options as the JS wrapper normalises them (a plain object, js/options.js), and
//! what they build: the engine config, the base clock, the entropy source and the store. Clock
//! and entropy are shared handles so an engine rebuilt after a failed save keeps the same time
//! and random stream. Depends on `engine`, `env`, `storage` and `js_object`.

use crate::engine::{valid_region, Config};
use crate::env::{Clock, Entropy, ManualClock, SeededEntropy};
use crate::host::{OsEntropy, SystemClock};
use crate::storage::{FileStore, StorageError, Store};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsValue;

/// Options after the JS wrapper has turned dates into epoch milliseconds.
#[derive(Default)]
pub struct Options {
    /// State file path (Node only); absent means memory storage.
    pub file: Option<String>,
    /// IndexedDB database name (browsers and workers), opened by `KmsCore.openIndexedDb`.
    pub indexed_db: Option<String>,
    pub region: Option<String>,
    pub account_id: Option<String>,
    /// Where virtual time starts, epoch milliseconds.
    pub clock_start_ms: Option<f64>,
    /// Frozen: time moves only through advanceClock/setClock.
    pub clock_frozen: bool,
    /// Decimal u64: deterministic randomness for tests.
    pub seed: Option<String>,
    /// Rotation period of AWS managed keys (365 today; 1095 for the older schedule).
    pub aws_managed_key_rotation_days: Option<u32>,
    /// Encrypts a file store at rest (Argon2id + AES-256-GCM; see `storage::sealed`).
    pub passphrase: Option<String>,
    /// Take the file's lock whoever holds it (see `storage::file_lock`).
    pub take_over_lock: bool,
}

/// The base clock: frozen at a start time, or the system clock.
#[derive(Clone)]
pub enum ClockSource {
    Frozen(ManualClock),
    System,
}

impl ClockSource {
    pub fn boxed(&self) -> Box<dyn Clock> {
        match self {
            Self::Frozen(c) => Box::new(c.clone()),
            Self::System => Box::new(SystemClock),
        }
    }
}

/// Entropy that several engines (the live one and its rebuild) draw from in turn.
#[derive(Clone)]
pub enum EntropySource {
    Os(Rc<RefCell<OsPool>>),
    Seeded(Rc<RefCell<SeededEntropy>>),
}

impl EntropySource {
    pub fn boxed(&self) -> Box<dyn Entropy> {
        match self {
            Self::Os(p) => Box::new(SharedPool(p.clone())),
            Self::Seeded(s) => Box::new(SharedSeeded(s.clone())),
        }
    }
}

/// OS randomness fetched in blocks. Each API call needs a few small pieces (request and event
/// ids, a nonce); fetching each from `crypto.getRandomValues` was about a sixth of the time of
/// an Encrypt call. Bytes are handed out once and zeroed in the pool when taken.
pub struct OsPool {
    buf: Vec<u8>,
    pos: usize,
}

const POOL_BYTES: usize = 4096;

impl OsPool {
    pub fn new() -> Self {
        // Starts empty: the first request fills it.
        Self {
            buf: vec![0; POOL_BYTES],
            pos: POOL_BYTES,
        }
    }

    fn fill(&mut self, out: &mut [u8]) {
        if out.len() > POOL_BYTES / 4 {
            OsEntropy.fill(out);
            return;
        }
        if self.pos + out.len() > self.buf.len() {
            OsEntropy.fill(&mut self.buf);
            self.pos = 0;
        }
        let taken = &mut self.buf[self.pos..self.pos + out.len()];
        out.copy_from_slice(taken);
        taken.fill(0);
        self.pos += out.len();
    }
}

struct SharedPool(Rc<RefCell<OsPool>>);

impl Entropy for SharedPool {
    fn fill(&mut self, buf: &mut [u8]) {
        // Single-threaded and never re-entered, like SharedSeeded below.
        self.0.borrow_mut().fill(buf)
    }
}

struct SharedSeeded(Rc<RefCell<SeededEntropy>>);

impl Entropy for SharedSeeded {
    fn fill(&mut self, buf: &mut [u8]) {
        // Single-threaded and never re-entered: the engine fills one buffer at a time.
        self.0.borrow_mut().fill(buf)
    }
}

/// Everything needed to (re)build an engine and reach its store.
pub struct Parts {
    pub config: Config,
    pub clock: ClockSource,
    pub entropy: EntropySource,
    pub store: Store,
    /// Set when a new (empty) state should start at this virtual time.
    pub start_ms: Option<i64>,
    /// The IndexedDB database to open asynchronously (`store` is then `Memory` until it is).
    pub indexed_db: Option<String>,
}

/// Why options were rejected.
pub enum OptionsError {
    Invalid(String),
    Storage(StorageError),
}

/// Latest instant a JS `Date` can hold, in milliseconds.
const MAX_DATE_MS: f64 = 8.64e15;

/// The engine, clock, randomness and store that `open()`'s options describe.
pub fn parse(options: &JsValue) -> Result<Parts, OptionsError> {
    let o = read(options).map_err(|e| OptionsError::Invalid(format!("invalid options: {e}")))?;
    let mut config = identity(o.region, o.account_id)?;
    let start_ms = clock_start(o.clock_start_ms)?;
    let clock = if o.clock_frozen {
        let start = start_ms.unwrap_or_else(|| js_sys::Date::now() as i64);
        ClockSource::Frozen(ManualClock::new(start))
    } else {
        ClockSource::System
    };
    let entropy = entropy(o.seed.as_deref())?;
    let store = store(
        o.file,
        o.passphrase,
        o.take_over_lock,
        o.indexed_db.is_some(),
    )?;
    // A frozen clock already starts at `start`; a running one is moved there once, when the
    // state is new (afterwards the saved offset keeps time).
    let start_ms = if o.clock_frozen { None } else { start_ms };
    match o.aws_managed_key_rotation_days {
        Some(0) => {
            return Err(OptionsError::Invalid(
                "invalid awsManagedKeyRotationDays: must be at least 1".into(),
            ))
        }
        Some(days) => config.aws_managed_rotation_days = days,
        None => {}
    }
    if o.indexed_db.as_deref() == Some("") {
        return Err(OptionsError::Invalid(
            "invalid indexedDb: empty name".into(),
        ));
    }
    Ok(Parts {
        config,
        clock,
        entropy,
        store,
        start_ms,
        indexed_db: o.indexed_db,
    })
}

const FIELDS: &[&str] = &[
    "file",
    "indexedDb",
    "region",
    "accountId",
    "clockStartMs",
    "clockFrozen",
    "seed",
    "awsManagedKeyRotationDays",
    "passphrase",
    "takeOverLock",
];

fn read(options: &JsValue) -> Result<Options, String> {
    use super::js_object::{flag, number, object, string};
    let Some(o) = object(options, "options", FIELDS)? else {
        return Ok(Options::default());
    };
    let days = number(o, "awsManagedKeyRotationDays")?;
    Ok(Options {
        file: string(o, "file")?,
        indexed_db: string(o, "indexedDb")?,
        region: string(o, "region")?,
        account_id: string(o, "accountId")?,
        clock_start_ms: number(o, "clockStartMs")?,
        clock_frozen: flag(o, "clockFrozen")?,
        seed: string(o, "seed")?,
        aws_managed_key_rotation_days: days
            .map(|d| {
                let whole = d.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(&d);
                whole
                    .then_some(d as u32)
                    .ok_or("awsManagedKeyRotationDays must be a whole number")
            })
            .transpose()?,
        passphrase: string(o, "passphrase")?,
        take_over_lock: flag(o, "takeOverLock")?,
    })
}

/// The engine's Region and account; the defaults' other settings stay, so engine settings
/// added later keep their default values.
fn identity(region: Option<String>, account_id: Option<String>) -> Result<Config, OptionsError> {
    let mut config = Config::default();
    if let Some(region) = region {
        config.region = region;
    }
    if !valid_region(&config.region) {
        return Err(OptionsError::Invalid(format!(
            "invalid region {:?}: expected a Region name such as \"us-east-1\"",
            config.region
        )));
    }
    if let Some(account_id) = account_id {
        config.account_id = account_id;
    }
    let account_id = &config.account_id;
    if account_id.len() != 12 || !account_id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(OptionsError::Invalid(format!(
            "invalid accountId {account_id:?}: expected 12 digits"
        )));
    }
    Ok(config)
}

/// `clock.start`, in whole milliseconds, if it is a date a JS `Date` can hold.
fn clock_start(ms: Option<f64>) -> Result<Option<i64>, OptionsError> {
    match ms {
        Some(ms) if ms.is_finite() && ms.abs() <= MAX_DATE_MS => Ok(Some(ms.trunc() as i64)),
        Some(_) => Err(OptionsError::Invalid(
            "invalid clock.start: not a valid date".into(),
        )),
        None => Ok(None),
    }
}

/// The host's RNG (pooled), or a reproducible stream from `seed`.
fn entropy(seed: Option<&str>) -> Result<EntropySource, OptionsError> {
    let Some(s) = seed else {
        return Ok(EntropySource::Os(Rc::new(RefCell::new(OsPool::new()))));
    };
    let seed: u64 = s.trim().parse().map_err(|_| {
        OptionsError::Invalid(format!("invalid seed {s:?}: expected an integer 0..2^64"))
    })?;
    Ok(EntropySource::Seeded(Rc::new(RefCell::new(
        SeededEntropy::new(seed),
    ))))
}

/// Memory, or a file (sealed with `passphrase` when given); IndexedDB is opened later.
fn store(
    file: Option<String>,
    passphrase: Option<String>,
    take_over_lock: bool,
    indexed_db: bool,
) -> Result<Store, OptionsError> {
    if passphrase.is_some() && file.is_none() {
        return Err(OptionsError::Invalid(
            "passphrase encrypts a file store: it needs file".into(),
        ));
    }
    if take_over_lock && file.is_none() {
        return Err(OptionsError::Invalid(
            "takeOverLock takes a state file's lock: it needs file".into(),
        ));
    }
    match file {
        Some(_) if indexed_db => Err(OptionsError::Invalid(
            "file and indexedDb cannot be combined".into(),
        )),
        None => Ok(Store::Memory),
        Some(path) if path.is_empty() => {
            Err(OptionsError::Invalid("invalid file: empty path".into()))
        }
        Some(path) => {
            let mut file = FileStore::new(&path).map_err(OptionsError::Storage)?;
            if let Some(passphrase) = passphrase {
                file.set_passphrase(passphrase);
            }
            file.set_take_over_lock(take_over_lock);
            Ok(Store::File(file))
        }
    }
}

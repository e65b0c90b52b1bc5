//! Engine scenarios through the public crate API, with a manual clock and seeded entropy so
//! whole responses can be asserted exactly. Native only; no JS involved.

mod access;
mod audit_materials;
mod crypto;
mod grants;
mod grants_manage;
mod hostile;
mod import;
mod journal;
mod key_type_states;
mod keys;
mod last_usage;
mod lifecycle;
mod mac;
mod manage;
mod multi_region;
mod pairs;
mod post_quantum;
mod props;
mod regions;
mod remove_keys;
mod rotation;
mod rotation_managed;
mod seed;
mod seed_multi_region;
mod service_callers;
mod sign;
mod wire;

use crate::engine::{AuditFilter, Caller, Config, Engine};
use crate::env::{ManualClock, SeededEntropy};
use crate::error::KmsError;
use serde_json::{json, Value};

/// 2026-01-01T00:00:00Z.
pub const T0: i64 = 1_767_225_600_000;
pub const DAY: f64 = 86_400.0;

pub struct Fixture {
    pub engine: Engine,
    pub clock: ManualClock,
}

impl Fixture {
    pub fn new() -> Self {
        Self::seeded(1)
    }

    pub fn seeded(seed: u64) -> Self {
        Self::with(Config::default(), seed)
    }

    /// A fixture whose engine runs with `cfg`, at `T0`, with entropy seeded by `seed`.
    pub fn with(cfg: Config, seed: u64) -> Self {
        let clock = ManualClock::new(T0);
        let engine = Engine::new(
            cfg,
            Box::new(clock.clone()),
            Box::new(SeededEntropy::new(seed)),
        );
        Self { engine, clock }
    }

    pub fn call(&mut self, op: &str, input: Value) -> Result<Value, KmsError> {
        self.engine
            .call(op, &input.to_string(), &Caller::default())
            .map(|s| serde_json::from_str(&s).unwrap())
    }

    pub fn ok(&mut self, op: &str, input: Value) -> Value {
        self.call(op, input)
            .unwrap_or_else(|e| panic!("{op} failed: {e}"))
    }

    pub fn err(&mut self, op: &str, input: Value) -> KmsError {
        match self.call(op, input) {
            Ok(v) => panic!("{op} unexpectedly succeeded: {v}"),
            Err(e) => e,
        }
    }

    /// Creates a symmetric key and returns its id.
    pub fn key(&mut self) -> String {
        let r = self.ok("CreateKey", json!({}));
        r["KeyMetadata"]["KeyId"].as_str().unwrap().to_string()
    }

    pub fn arn(&self, id: &str) -> String {
        format!("arn:aws:kms:us-east-1:111122223333:key/{id}")
    }

    pub fn encrypt(&mut self, key: &str, data: &[u8]) -> String {
        let r = self.ok("Encrypt", json!({"KeyId": key, "Plaintext": b64(data)}));
        r["CiphertextBlob"].as_str().unwrap().to_string()
    }

    pub fn events(&self, filter: AuditFilter) -> Vec<Value> {
        self.engine.audit_log(&filter)
    }
}

pub fn b64(data: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(data)
}

pub fn unb64(v: &Value) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(v.as_str().unwrap())
        .unwrap()
}

/// Asserts an error's AWS code and message.
pub fn assert_err(e: &KmsError, code: &str, message: Option<&str>) {
    assert_eq!(e.code(), code, "{e}");
    assert_eq!(e.message(), message, "{e}");
}

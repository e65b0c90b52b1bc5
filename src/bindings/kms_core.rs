//! `KmsCore`, the one wasm class behind the JS `KeyManagementService`: an `Engine` plus its
//! `Store`. Every method is synchronous and takes `&self` (state in a `RefCell`, never held
//! past a return). After each call, durable changes are saved before the call returns (for the
//! asynchronous IndexedDB store, by the `persist` the JS wrapper awaits; see `persist.rs`); a
//! failed save puts the engine back to what was last saved (`saving.rs`). Depends on
//! `engine`, `wire`, `storage` and the sibling `convert`/`options` modules.

use super::convert::{kms_error, storage_error, type_error, usage_error, wire_response};
use super::js_object::{audit_filter, custom_caller};
use super::options::{self, ClockSource, EntropySource, OptionsError};
use crate::api::Blob;
use crate::engine::{Caller, Checkpoint, Config, Engine};
use crate::extras::JsRsa;
use crate::storage::{StorageError, Store};
use crate::wire;
use js_sys::{Promise, Uint8Array};
use serde_json::Value;
use std::cell::{RefCell, RefMut};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// Latest instant a JS `Date` can hold, in milliseconds.
const MAX_DATE_MS: f64 = 8.64e15;

/// `engine` doing its RSA (wrapping keys when its pool is empty, public keys, unwrapping) in
/// the extras module. Every engine the bindings build goes through here.
pub(super) fn with_extras(mut engine: Engine) -> Engine {
    engine.set_rsa(Box::new(JsRsa));
    engine.set_key_crypto(Box::new(crate::key_crypto_js::JsKeyCrypto));
    engine
}

#[wasm_bindgen]
pub struct KmsCore {
    /// Shared with the pending saves of an asynchronous store.
    pub(super) inner: Rc<RefCell<Inner>>,
    /// The caller recorded for calls made through the JS API.
    default_caller: Caller,
}

pub(super) struct Inner {
    pub(super) engine: Engine,
    pub(super) config: Config,
    pub(super) clock: ClockSource,
    pub(super) entropy: EntropySource,
    pub(super) store: Store,
    /// The last snapshot the store accepted (IndexedDB only): what a failed save rolls back to.
    pub(super) saved: String,
    /// The file store's last acknowledged state, kept up to date change by change: what a
    /// failed write rolls back to, without re-reading or re-serialising the whole state.
    pub(super) acknowledged: Option<Checkpoint>,
    /// `at()` when `saved` was taken.
    pub(super) saved_at: (u64, u64),
    /// The engine's last audit sequence number in `saved` (IndexedDB): later events are unsaved.
    pub(super) saved_event_seq: u64,
    /// Bumped whenever the engine is replaced (state import, rollback), whose revision
    /// restarts: with the engine's revision it orders every state this instance has held.
    pub(super) generation: u64,
    /// Bumped by every rollback; asynchronous saves requested before one are refused.
    pub(super) failures: u64,
    /// What the last rollback was for.
    pub(super) last_failure: Option<StorageError>,
    /// The last link of the chain of asynchronous saves (each waits for the one before).
    pub(super) tail: Option<Promise>,
    /// Calls since the last save that only added audit events (revision unchanged); written
    /// on `flush` so the trail of reads survives a clean close.
    pub(super) unsaved_events: bool,
    /// Set if a rollback itself failed: the engine may then hold unsaved changes, so every
    /// later call is refused rather than risking a save of them.
    pub(super) broken: Option<StorageError>,
    /// Alarm events drained from the engine, waiting for the JS listeners.
    pub(super) alarms: Vec<Value>,
    /// The response blobs of the last `call` made with blobs, until taken.
    pub(super) blobs: Vec<Blob>,
}

#[wasm_bindgen]
impl KmsCore {
    /// Opens a store (options JSON as `options::Options`): reads its saved state, or starts a
    /// new one, which a durable store writes at once so a bad path fails here, not later.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<KmsCore, JsValue> {
        let parts = options::parse(&options).map_err(options_error)?;
        if parts.indexed_db.is_some() {
            return Err(type_error(
                "IndexedDB storage opens asynchronously: use KmsCore.openIndexedDb",
            ));
        }
        let (saved, journal) = match &parts.store {
            Store::File(f) => match f.load_journaled().map_err(|e| storage_error(&e))? {
                Some((snapshot, journal)) => (Some(snapshot), journal),
                None => (None, String::new()),
            },
            store => (store.load().map_err(|e| storage_error(&e))?, String::new()),
        };
        let (mut inner, fresh) = Inner::build(parts, saved, &journal)?;
        if fresh && inner.store.is_durable() {
            inner.save()?;
        }
        Ok(KmsCore::wrap(inner))
    }

    /// Runs one AWS operation: the AWS JSON request body as UTF-8 bytes in (bytes, because
    /// wasm-bindgen copies a long string into wasm one character at a time, and TextEncoder
    /// does it natively), and out the request id (36 characters) followed by the AWS JSON
    /// response body, or a thrown AWS exception. `caller`: who calls (see `custom_caller`);
    /// by default the in-process caller, as the account's root user.
    ///
    /// With `blobs`, blob members travel as raw bytes: in `body` each holds its index in
    /// `blobs`, and in the response its index for `takeBlob` (see `api::attachments`).
    pub fn call(
        &self,
        op: &str,
        body: &[u8],
        blobs: Option<Vec<Uint8Array>>,
        caller: Option<String>,
    ) -> Result<String, JsValue> {
        let custom = custom_caller(caller)?;
        let mut inner = self.borrow()?;
        let caller = custom.as_ref().unwrap_or(&self.default_caller);
        let Ok(text) = std::str::from_utf8(body) else {
            return Err(type_error("call: the request body is not UTF-8"));
        };
        inner.blobs.clear();
        let result = match blobs {
            None => inner.engine.call(op, text, caller),
            Some(list) => {
                let list = list.iter().map(|b| Blob(b.to_vec())).collect();
                match inner.engine.call_with_blobs(op, text, list, caller) {
                    Ok((json, out)) => {
                        inner.blobs = out;
                        Ok(json)
                    }
                    Err(e) => Err(e),
                }
            }
        };
        inner.settle()?;
        let id = inner.engine.last_request_id();
        match result {
            Ok(json) => {
                let mut out = String::with_capacity(id.len() + json.len());
                out.push_str(id);
                out.push_str(&json);
                Ok(out)
            }
            Err(e) => Err(kms_error(&e, id)),
        }
    }

    /// The AWS JSON 1.1 entry point: `X-Amz-Target` and body bytes in; out one line
    /// `[status, {headers}]`, a newline, then the body (see `convert::wire_response`). AWS
    /// exceptions are part of the response; only storage failures throw.
    pub fn handle(
        &self,
        target: Option<String>,
        body: &[u8],
        caller: Option<String>,
    ) -> Result<String, JsValue> {
        let custom = custom_caller(caller)?;
        let mut inner = self.borrow()?;
        let caller = custom.as_ref().unwrap_or(&self.default_caller);
        let response = wire::handle(&mut inner.engine, target.as_deref(), body, caller);
        inner.settle()?;
        Ok(wire_response(response))
    }

    /// The response blob `index` of the last `call` made with blobs, once.
    #[wasm_bindgen(js_name = takeBlob)]
    pub fn take_blob(&self, index: usize) -> Result<Option<Vec<u8>>, JsValue> {
        let mut inner = self.borrow()?;
        Ok(inner.blobs.get_mut(index).map(|b| std::mem::take(&mut b.0)))
    }

    /// Virtual now, epoch milliseconds.
    #[wasm_bindgen(js_name = nowMs)]
    pub fn now_ms(&self) -> Result<f64, JsValue> {
        Ok(self.borrow()?.engine.now_ms() as f64)
    }

    /// Moves virtual time by `seconds` (applying what fell due); returns the new now (ms).
    #[wasm_bindgen(js_name = advanceClock)]
    pub fn advance_clock(&self, seconds: f64) -> Result<f64, JsValue> {
        let mut inner = self.borrow()?;
        let result = inner.engine.advance_clock(seconds);
        inner.settle()?;
        result.map(|ms| ms as f64).map_err(|e| kms_error(&e, ""))
    }

    /// Sets virtual now to `epoch_ms` (applying what fell due); returns the new now (ms).
    #[wasm_bindgen(js_name = setClock)]
    pub fn set_clock(&self, epoch_ms: f64) -> Result<f64, JsValue> {
        if !epoch_ms.is_finite() || epoch_ms.abs() > MAX_DATE_MS {
            return Err(type_error("setClock needs a valid date"));
        }
        let mut inner = self.borrow()?;
        let now = inner.engine.set_clock(epoch_ms.trunc() as i64);
        inner.settle()?;
        Ok(now as f64)
    }

    /// Audit events matching the filter JSON (`keyId`, `eventName`, `failedOnly`,
    /// `alarmsOnly`), oldest first, as a JSON array.
    #[wasm_bindgen(js_name = auditLog)]
    pub fn audit_log(&self, filter: JsValue) -> Result<String, JsValue> {
        let filter =
            audit_filter(&filter).map_err(|e| type_error(&format!("invalid audit filter: {e}")))?;
        let inner = self.borrow()?;
        serde_json::to_string(&inner.engine.audit_log(&filter))
            .map_err(|e| usage_error(&format!("audit log encoding failed: {e}")))
    }

    /// How many alarm events wait for `takeAlarms` (cheap to ask after every call).
    #[wasm_bindgen(js_name = pendingAlarms)]
    pub fn pending_alarms(&self) -> Result<u32, JsValue> {
        Ok(self.borrow()?.alarms.len() as u32)
    }

    /// The waiting alarm events as a JSON array; they are handed out once.
    #[wasm_bindgen(js_name = takeAlarms)]
    pub fn take_alarms(&self) -> Result<String, JsValue> {
        let alarms = std::mem::take(&mut self.borrow()?.alarms);
        Ok(Value::Array(alarms).to_string())
    }

    /// Forgets every key, alias, event and the clock offset (saved like any change).
    pub fn reset(&self) -> Result<(), JsValue> {
        let mut inner = self.borrow()?;
        inner.engine.reset();
        inner.alarms.clear();
        inner.settle()
    }

    /// Writes what is not saved yet (the audit events of read-only calls). Called by close().
    pub fn flush(&self) -> Result<(), JsValue> {
        let mut inner = self.borrow()?;
        // An asynchronous store is flushed by `persist(true)`.
        if inner.store.is_durable()
            && inner.store.as_async().is_none()
            && (inner.unsaved_events || inner.at() != inner.saved_at)
        {
            if matches!(inner.store, Store::File(_)) {
                inner.save_changes()?;
            } else {
                inner.save()?;
            }
        }
        Ok(())
    }

    /// `"memory"`, the absolute path of the state file, or `indexeddb:<name>`.
    #[wasm_bindgen(getter)]
    pub fn storage(&self) -> Result<String, JsValue> {
        Ok(self.borrow()?.store.describe())
    }
}

impl KmsCore {
    pub(super) fn wrap(inner: Inner) -> KmsCore {
        KmsCore {
            inner: Rc::new(RefCell::new(inner)),
            default_caller: Caller::default(),
        }
    }

    pub(super) fn borrow(&self) -> Result<RefMut<'_, Inner>, JsValue> {
        borrow_inner(&self.inner)
    }
}

/// The state, unless a call is running (re-entry) or an earlier rollback failed.
pub(super) fn borrow_inner(cell: &RefCell<Inner>) -> Result<RefMut<'_, Inner>, JsValue> {
    // A wasm trap (a bug) also leaves the borrow held, so both causes are named.
    let inner = cell.try_borrow_mut().map_err(|_| {
        usage_error(
            "KeyManagementService is unusable: re-entered during a call, or an earlier call \
             crashed (reopen it)",
        )
    })?;
    match &inner.broken {
        Some(e) => Err(storage_error(e)),
        None => Ok(inner),
    }
}

pub(super) fn options_error(e: OptionsError) -> JsValue {
    match e {
        OptionsError::Invalid(m) => type_error(&m),
        OptionsError::Storage(s) => storage_error(&s),
    }
}

impl Inner {
    /// The engine restored from `saved` (refused, and left alone, if it cannot be read), or a
    /// new one; `true` when new (not saved yet).
    pub(super) fn build(
        parts: options::Parts,
        saved: Option<String>,
        journal: &str,
    ) -> Result<(Inner, bool), JsValue> {
        let engine = with_extras(match &saved {
            Some(text) => Engine::restore_with_journal(
                parts.config.clone(),
                parts.clock.boxed(),
                parts.entropy.boxed(),
                text,
                journal,
            )
            .map_err(|e| {
                let what = if parts.store.as_async().is_some() {
                    "The database"
                } else {
                    "The file"
                };
                storage_error(&StorageError {
                    message: format!(
                        "refusing to open {}: {e}. {what} was left untouched.",
                        parts.store.noun()
                    ),
                    path: parts.store.describe(),
                })
            })?,
            None => Engine::new(
                parts.config.clone(),
                parts.clock.boxed(),
                parts.entropy.boxed(),
            ),
        });
        let fresh = saved.is_none();
        let mut inner = Inner {
            engine,
            config: parts.config,
            clock: parts.clock,
            entropy: parts.entropy,
            acknowledged: None,
            saved: match parts.store {
                Store::File(_) => String::new(),
                _ => saved.unwrap_or_default(),
            },
            store: parts.store,
            saved_at: (0, 0),
            saved_event_seq: 0,
            generation: 0,
            failures: 0,
            last_failure: None,
            tail: None,
            unsaved_events: false,
            broken: None,
            alarms: Vec::new(),
            blobs: Vec::new(),
        };
        if fresh {
            if let Some(ms) = parts.start_ms {
                inner.engine.set_clock(ms);
            }
        }
        // A new state is "saved" as empty until its first save; a restored one as loaded.
        inner.saved_at = inner.at();
        inner.saved_event_seq = inner.engine.event_seq();
        if matches!(inner.store, Store::File(_)) && !fresh {
            inner.acknowledged = Some(inner.engine.checkpoint());
        }
        Ok((inner, fresh))
    }

    /// Where the state is now: (engine generation, engine revision), ordered in time.
    pub(super) fn at(&self) -> (u64, u64) {
        (self.generation, self.engine.revision())
    }
}

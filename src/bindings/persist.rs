//! The parts of `KmsCore` that move whole states: opening the asynchronous IndexedDB store,
//! `persist` (the save the JS wrapper awaits after each call on such a store), and
//! `exportState`/`importState` for every store.
//!
//! Asynchronous saves: the engine stays synchronous and every call changes it at once; the
//! wrapper then awaits `persist()`, which joins a chain so saves commit one at a time, in call
//! order. Each link saves the latest state unless an earlier link already covered the state its
//! call produced. When a save fails, the engine goes back to the last committed snapshot (as
//! with the file store) and every link requested before that rollback is refused too: those
//! calls saw or made changes that are now undone. Depends on `storage`, `engine` and the
//! sibling `kms_core`/`options`/`convert`.

use super::convert::{storage_error, type_error};
use super::kms_core::{borrow_inner, options_error, with_extras, Inner, KmsCore};
use super::options;
use crate::engine::Engine;
use crate::storage::{IndexedDbStore, StorageError, Store};
use js_sys::futures::{future_to_promise, JsFuture};
use js_sys::{Error, Promise};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// What a `persist` call must see committed: the state right after its call, unless a
/// rollback (a new `failures` count) undid it first.
struct Ticket {
    failures: u64,
    at: (u64, u64),
    with_events: bool,
}

#[wasm_bindgen]
impl KmsCore {
    /// Opens (or creates) the IndexedDB database named by the options' `indexedDb`; resolves
    /// to a `KmsCore`. A new state is committed before it resolves; saved state that cannot be
    /// read (corrupt, or written by a newer kms-wasm) is refused and left untouched.
    #[wasm_bindgen(js_name = openIndexedDb, unchecked_return_type = "Promise<KmsCore>")]
    pub fn open_indexed_db(options: JsValue) -> Promise {
        let parsed = options::parse(&options).map_err(options_error);
        future_to_promise(async move {
            let mut parts = parsed?;
            let Some(name) = parts.indexed_db.take() else {
                return Err(type_error("openIndexedDb needs the indexedDb option"));
            };
            let store = IndexedDbStore::open(&name)
                .await
                .map_err(|e| storage_error(&e))?;
            let saved = match store.load().await {
                Ok(saved) => saved,
                Err(e) => {
                    store.close();
                    return Err(storage_error(&e));
                }
            };
            parts.store = Store::IndexedDb(store.clone());
            let (mut inner, fresh) = match Inner::build(parts, saved, "") {
                Ok(built) => built,
                Err(e) => {
                    store.close();
                    return Err(e);
                }
            };
            if fresh {
                let snapshot = inner.engine.snapshot();
                if let Err(e) = store.save(&snapshot).await {
                    store.close();
                    return Err(storage_error(&e));
                }
                inner.saved = snapshot;
                inner.saved_at = inner.at();
                inner.saved_event_seq = inner.engine.event_seq();
            }
            Ok(KmsCore::wrap(inner).into())
        })
    }

    /// Whether saves are asynchronous (IndexedDB): the wrapper then awaits `persist` after
    /// every call.
    #[wasm_bindgen(getter, js_name = isAsync)]
    pub fn is_async(&self) -> Result<bool, JsValue> {
        Ok(self.borrow()?.store.as_async().is_some())
    }

    /// Resolves once everything this instance has done so far is committed (immediately for
    /// synchronous stores); rejects with `KmsStorageError` if a save failed, and the engine
    /// is then back at the last committed state. `with_events` also writes the audit events
    /// of read-only calls (as `flush` does), for `close()`.
    pub fn persist(&self, with_events: bool) -> Result<Promise, JsValue> {
        let mut inner = self.borrow()?;
        if inner.store.as_async().is_none() {
            return Ok(Promise::resolve(&JsValue::UNDEFINED));
        }
        let ticket = Ticket {
            failures: inner.failures,
            at: inner.at(),
            with_events,
        };
        let previous = inner.tail.take();
        let shared = self.inner.clone();
        let job = future_to_promise(async move {
            if let Some(previous) = previous {
                // Its own caller hears how it went; this link only waits for it to end.
                let _ = JsFuture::from(previous).await;
            }
            commit(&shared, ticket).await.map(|()| JsValue::UNDEFINED)
        });
        let link = job.clone();
        inner.tail = Some(future_to_promise(async move {
            let _ = JsFuture::from(link).await;
            Ok(JsValue::UNDEFINED)
        }));
        Ok(job)
    }

    /// The whole state (keys, material, aliases, audit log, clock offset) as the versioned
    /// snapshot JSON every store writes: `{"schemaVersion": N, "state": {...}}`.
    #[wasm_bindgen(js_name = exportState)]
    pub fn export_state(&self) -> Result<String, JsValue> {
        Ok(self.borrow()?.engine.snapshot())
    }

    /// Replaces the whole state with one `exportState` produced (this or an older version).
    /// Refuses text that is not such a state, or is from a newer kms-wasm, and then changes
    /// nothing. Saved like any change (synchronous stores before this returns).
    #[wasm_bindgen(js_name = importState)]
    pub fn import_state(&self, json: &str) -> Result<(), JsValue> {
        let mut inner = self.borrow()?;
        let engine = Engine::restore(
            inner.config.clone(),
            inner.clock.boxed(),
            inner.entropy.boxed(),
            json,
        )
        .map_err(|e| {
            let err = Error::new(&format!("importState: {e}; nothing was changed"));
            err.set_name("KmsStateError");
            JsValue::from(err)
        })?;
        inner.engine = with_extras(engine);
        inner.engine.mark_all_changed();
        inner.generation += 1;
        inner.alarms.clear();
        inner.settle()
    }

    /// The audit events not saved yet (IndexedDB), as JSON text, for a page that is going
    /// away to keep synchronously (its asynchronous save may not finish); `"[]"` for none.
    #[wasm_bindgen(js_name = unsavedEvents)]
    pub fn unsaved_events(&self) -> Result<String, JsValue> {
        let inner = self.borrow()?;
        Ok(inner.engine.audit_after(inner.saved_event_seq))
    }

    /// Puts back events from `unsavedEvents` that the state does not hold yet (by event id);
    /// returns how many. They are saved with the next save (`persist(true)`).
    #[wasm_bindgen(js_name = mergeEvents)]
    pub fn merge_events(&self, json: &str) -> Result<u32, JsValue> {
        let mut inner = self.borrow()?;
        let added = inner
            .engine
            .merge_audit(json)
            .map_err(|e| type_error(&format!("mergeEvents: not a list of audit events: {e}")))?;
        if added > 0 {
            inner.unsaved_events = true;
        }
        Ok(added as u32)
    }

    /// Closes the IndexedDB connection, or gives up a state file's lock (memory holds nothing
    /// open). Called by close().
    pub fn release(&self) -> Result<(), JsValue> {
        let inner = self.borrow()?;
        if let Store::File(file) = &inner.store {
            file.release();
        } else if let Some(store) = inner.store.as_async() {
            store.close();
        }
        Ok(())
    }
}

/// One link of the save chain (see the module docs).
async fn commit(shared: &Rc<RefCell<Inner>>, ticket: Ticket) -> Result<(), JsValue> {
    let (store, snapshot, at) = {
        let mut inner = borrow_inner(shared)?;
        if inner.failures != ticket.failures {
            return Err(storage_error(&undone(inner.last_failure.as_ref())));
        }
        let events = ticket.with_events && inner.unsaved_events;
        if ticket.at <= inner.saved_at && !events {
            return Ok(()); // an earlier link already committed this call's state
        }
        let Some(store) = inner.store.as_async().cloned() else {
            return Ok(());
        };
        // Read-only calls made while this save runs mark events unsaved again.
        inner.unsaved_events = false;
        (
            store,
            inner.engine.snapshot(),
            (inner.at(), inner.engine.event_seq()),
        )
    };
    let result = store.save(&snapshot).await;
    let mut inner = borrow_inner(shared)?;
    match result {
        Ok(()) => {
            inner.saved = snapshot;
            (inner.saved_at, inner.saved_event_seq) = at;
            Ok(())
        }
        Err(e) => {
            inner.rollback(&e);
            Err(storage_error(&e))
        }
    }
}

/// The refusal of a call whose changes a failed save of an earlier call rolled back.
fn undone(cause: Option<&StorageError>) -> StorageError {
    let (path, why) = match cause {
        Some(c) => (c.path.clone(), c.message.clone()),
        None => (String::new(), "an earlier save failed".into()),
    };
    StorageError {
        path,
        message: format!("{why} (this call's effects were undone with it)"),
    }
}

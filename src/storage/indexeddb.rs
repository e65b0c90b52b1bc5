//! The IndexedDB back-end, for browsers and workers: one database per store name, holding one
//! object store `kms` with two records, `snapshot` (the same text the file store writes) and
//! `writer` (a mark that changes with every save). A save is one readwrite transaction with
//! strict durability that first checks the mark, so a second tab or worker using the same
//! database is refused instead of silently overwritten; it resolves on the transaction's
//! `complete` event. The factory comes from `globalThis.indexedDB`, not `window`, so workers
//! work too. Depends on web-sys (Idb*), js-sys and wasm-bindgen only; async (JS promises).

use super::StorageError;
use js_sys::futures::JsFuture;
use js_sys::{Function, Object, Promise, Reflect};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    DomException, Event, IdbDatabase, IdbFactory, IdbOpenDbRequest, IdbRequest, IdbTransaction,
};

#[wasm_bindgen]
extern "C" {
    /// `IDBDatabase` seen through the three-argument `transaction(names, mode, options)`,
    /// which web-sys only offers behind its unstable-API cfg.
    type DatabaseWithOptions;
    #[wasm_bindgen(method, catch, js_name = transaction)]
    fn transaction_with_options(
        this: &DatabaseWithOptions,
        store: &str,
        mode: &str,
        options: &Object,
    ) -> Result<IdbTransaction, JsValue>;
}

/// The database schema this build creates (object stores, not the snapshot's schemaVersion).
const DB_VERSION: u32 = 1;
const STORE: &str = "kms";
const SNAPSHOT: &str = "snapshot";
const WRITER: &str = "writer";

type Handler = Closure<dyn FnMut(Event)>;

/// An open connection to one kms-wasm database. Clones share the connection and the mark.
#[derive(Clone)]
pub struct IndexedDbStore {
    name: String,
    db: IdbDatabase,
    /// The writer mark this instance last read or wrote; `None` before the first save.
    mark: Rc<RefCell<Option<String>>>,
    /// Set when the connection was closed (by `close`, or because another page deleted or
    /// upgraded the database).
    closed: Rc<Cell<bool>>,
    saves: Rc<Cell<u64>>,
    /// Kept alive as long as the connection: closes it when another page needs it gone.
    _on_version_change: Rc<Handler>,
}

impl IndexedDbStore {
    /// Opens (creating if needed) the database `name`. Refuses a database of a newer layout or
    /// one without kms-wasm's object store, and leaves it untouched.
    pub async fn open(name: &str) -> Result<Self, StorageError> {
        let fail = |why: String| {
            error(
                name,
                format!("cannot open IndexedDB database \"{name}\": {why}"),
            )
        };
        if name.is_empty() {
            return Err(fail("the name is empty".into()));
        }
        let factory = factory().map_err(fail)?;
        let request = factory
            .open_with_u32(name, DB_VERSION)
            .map_err(|e| fail(js_message(&e)))?;
        let upgrade = Handler::new({
            let request = request.clone();
            move |_: Event| {
                // Runs only for a new database (version 0 → 1): create the one object store.
                if let Ok(db) = request.result() {
                    let db: IdbDatabase = db.unchecked_into();
                    if !db.object_store_names().contains(STORE) {
                        let _ = db.create_object_store(STORE);
                    }
                }
            }
        });
        request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
        let opened = wait_request(&request).await;
        request.set_onupgradeneeded(None);
        drop(upgrade);
        let db: IdbDatabase = match opened {
            Ok(db) => db.unchecked_into(),
            Err(e) if js_name(&e).as_deref() == Some("VersionError") => {
                return Err(fail(format!(
                    "it was created by a newer kms-wasm (this one knows database version \
                     {DB_VERSION}); it was left untouched"
                )))
            }
            Err(e) => return Err(fail(js_message(&e))),
        };
        if !db.object_store_names().contains(STORE) {
            db.close();
            return Err(fail(format!(
                "it has no \"{STORE}\" object store, so it was not made by kms-wasm; it was left \
                 untouched (choose another name)"
            )));
        }
        let closed = Rc::new(Cell::new(false));
        let on_version_change = Handler::new({
            let (db, closed) = (db.clone(), closed.clone());
            move |_: Event| {
                db.close();
                closed.set(true);
            }
        });
        db.set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
        Ok(Self {
            name: name.to_string(),
            db,
            mark: Rc::new(RefCell::new(None)),
            closed,
            saves: Rc::new(Cell::new(0)),
            _on_version_change: Rc::new(on_version_change),
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// `indexeddb:<name>`: what `storage` reports and errors carry as their `path`.
    pub fn describe(&self) -> String {
        format!("indexeddb:{}", self.name)
    }

    /// The saved snapshot, or `None` for a new database. Remembers the writer mark.
    pub async fn load(&self) -> Result<Option<String>, StorageError> {
        let fail = |why: String| {
            self.error(format!(
                "cannot read IndexedDB database \"{}\": {why}",
                self.name
            ))
        };
        let tx = self
            .db
            .transaction_with_str(STORE)
            .map_err(|e| fail(js_message(&e)))?;
        let store = tx.object_store(STORE).map_err(|e| fail(js_message(&e)))?;
        let snapshot = store
            .get(&SNAPSHOT.into())
            .map_err(|e| fail(js_message(&e)))?;
        let mark = store
            .get(&WRITER.into())
            .map_err(|e| fail(js_message(&e)))?;
        wait_transaction(&tx)
            .await
            .map_err(|e| fail(js_message(&e)))?;
        *self.mark.borrow_mut() = mark.result().ok().and_then(|m| m.as_string());
        let value = snapshot.result().map_err(|e| fail(js_message(&e)))?;
        if value.is_undefined() {
            return Ok(None);
        }
        // Anything but text is handed on as-is to be refused as corrupt by the decoder.
        Ok(Some(
            value.as_string().unwrap_or_else(|| "<not text>".into()),
        ))
    }

    /// Replaces the snapshot in one strict-durability transaction; resolves once it has
    /// committed. Refused, with nothing written, if another writer saved since this one last
    /// read or wrote the database.
    pub async fn save(&self, snapshot: &str) -> Result<(), StorageError> {
        let fail = |why: String| {
            self.error(format!(
                "cannot save to IndexedDB database \"{}\": {why}",
                self.name
            ))
        };
        if self.closed.get() {
            return Err(fail(
                "the connection was closed (the database was deleted or upgraded by another \
                 page); reload to start again"
                    .into(),
            ));
        }
        // Strict: `complete` fires only once the data is flushed to disk (browsers may
        // otherwise report it before), so an acknowledged change survives a crash.
        let options = Object::new();
        let _ = Reflect::set(&options, &"durability".into(), &"strict".into());
        let tx = self
            .db
            .unchecked_ref::<DatabaseWithOptions>()
            .transaction_with_options(STORE, "readwrite", &options)
            .map_err(|e| fail(js_message(&e)))?;
        let store = tx.object_store(STORE).map_err(|e| fail(js_message(&e)))?;
        let current = store
            .get(&WRITER.into())
            .map_err(|e| fail(js_message(&e)))?;
        let expected = self.mark.borrow().clone();
        let n = self.saves.get().wrapping_add(1);
        self.saves.set(n);
        let next = format!("{}-{n}", random_tag());
        let conflict = Rc::new(Cell::new(false));
        // Compare and write inside the success event, while the transaction is still active.
        let check = Handler::new({
            let (current, tx, conflict) = (current.clone(), tx.clone(), conflict.clone());
            let (snapshot, next) = (JsValue::from_str(snapshot), JsValue::from_str(&next));
            move |_: Event| {
                let found = current.result().ok().and_then(|v| v.as_string());
                if found != expected {
                    conflict.set(true);
                    let _ = tx.abort();
                    return;
                }
                let written = store
                    .put_with_key(&snapshot, &SNAPSHOT.into())
                    .and_then(|_| store.put_with_key(&next, &WRITER.into()));
                if written.is_err() {
                    let _ = tx.abort();
                }
            }
        });
        current.set_onsuccess(Some(check.as_ref().unchecked_ref()));
        let outcome = wait_transaction(&tx).await;
        current.set_onsuccess(None);
        drop(check);
        match outcome {
            Ok(()) => {
                *self.mark.borrow_mut() = Some(next);
                Ok(())
            }
            Err(_) if conflict.get() => Err(fail(
                "another tab or worker changed it since this page loaded it; reload to see the \
                 current state (nothing was overwritten)"
                    .into(),
            )),
            Err(e) => Err(fail(js_message(&e))),
        }
    }

    /// Closes the connection (later saves fail). Idempotent.
    pub fn close(&self) {
        if !self.closed.replace(true) {
            self.db.close();
        }
    }

    fn error(&self, message: String) -> StorageError {
        error(&self.name, message)
    }
}

fn error(name: &str, message: String) -> StorageError {
    StorageError {
        path: format!("indexeddb:{name}"),
        message,
    }
}

/// `globalThis.indexedDB`, in windows and workers alike.
fn factory() -> Result<IdbFactory, String> {
    let value = Reflect::get(&js_sys::global(), &"indexedDB".into()).unwrap_or(JsValue::UNDEFINED);
    if value.is_object() {
        Ok(value.unchecked_into())
    } else {
        Err("IndexedDB is not available here (in Node use { file } or storage: \"memory\")".into())
    }
}

/// Resolves with `request.result` on `success`; rejects with `request.error` on `error`.
async fn wait_request(request: &IdbOpenDbRequest) -> Result<JsValue, JsValue> {
    let req: &IdbRequest = request;
    let mut handlers: Option<(Handler, Handler)> = None;
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        let ok = Handler::new(move |_: Event| {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        });
        let failed = req.clone();
        let bad = Handler::new(move |_: Event| {
            let _ = reject.call1(
                &JsValue::UNDEFINED,
                &dom_error(failed.error().ok().flatten()),
            );
        });
        req.set_onsuccess(Some(ok.as_ref().unchecked_ref()));
        req.set_onerror(Some(bad.as_ref().unchecked_ref()));
        handlers = Some((ok, bad));
    });
    let outcome = JsFuture::from(promise).await;
    req.set_onsuccess(None);
    req.set_onerror(None);
    drop(handlers);
    outcome.and_then(|_| req.result())
}

/// Resolves on the transaction's `complete` event; rejects with its error on `abort`.
async fn wait_transaction(tx: &IdbTransaction) -> Result<(), JsValue> {
    let mut handlers: Option<(Handler, Handler)> = None;
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        let ok = Handler::new(move |_: Event| {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        });
        let aborted = tx.clone();
        let bad = Handler::new(move |_: Event| {
            let _ = reject.call1(&JsValue::UNDEFINED, &dom_error(aborted.error()));
        });
        tx.set_oncomplete(Some(ok.as_ref().unchecked_ref()));
        tx.set_onabort(Some(bad.as_ref().unchecked_ref()));
        handlers = Some((ok, bad));
    });
    let outcome = JsFuture::from(promise).await;
    tx.set_oncomplete(None);
    tx.set_onabort(None);
    drop(handlers);
    outcome.map(|_| ())
}

fn dom_error(e: Option<DomException>) -> JsValue {
    match e {
        Some(e) => e.into(),
        None => JsValue::from_str("the transaction was aborted"),
    }
}

/// Eight random hex digits (uniqueness, not secrecy: the mark only tells writers apart).
fn random_tag() -> String {
    format!("{:08x}", (js_sys::Math::random() * 4_294_967_296.0) as u64)
}

fn js_name(e: &JsValue) -> Option<String> {
    Reflect::get(e, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
}

/// `Name: message` of a DOMException or Error; the text of anything else.
fn js_message(e: &JsValue) -> String {
    let message = Reflect::get(e, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into());
    match js_name(e) {
        Some(name) if !name.is_empty() && name != "Error" => format!("{name}: {message}"),
        _ => message,
    }
}

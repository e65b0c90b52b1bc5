//! Saving after each call and rolling back when a save fails: the file store appends the
//! changes to its journal (keeping the last acknowledged state change by change), the
//! IndexedDB store is saved by `persist`, a failed write returns the engine to what was last
//! acknowledged. Depends on `engine`, `storage` and the sibling `kms_core`/`convert`.

use super::convert::storage_error;
use super::kms_core::{with_extras, Inner};
use crate::engine::{Changes, Engine};
use crate::storage::{StorageError, Store};
use wasm_bindgen::prelude::*;

impl Inner {
    /// After any engine call: hands alarms on, and saves if durable state changed (an
    /// asynchronous store is saved by `persist` instead).
    pub(super) fn settle(&mut self) -> Result<(), JsValue> {
        let raised = self.engine.take_alarms();
        self.alarms.extend(raised);
        if !self.store.is_durable() {
            return Ok(());
        }
        if self.at() == self.saved_at {
            self.unsaved_events = true;
            return Ok(());
        }
        if self.store.as_async().is_some() {
            return Ok(());
        }
        if matches!(self.store, Store::File(_)) {
            return self.save_changes();
        }
        self.save()
    }

    /// The file store's save: appends what changed to the journal (a whole snapshot after a
    /// reset or restore), and folds the journal into a new snapshot once it has grown.
    pub(super) fn save_changes(&mut self) -> Result<(), JsValue> {
        let Store::File(file) = &self.store else {
            return self.save();
        };
        let written = match self.engine.take_changes() {
            Changes::Nothing => Ok(None),
            Changes::Records(change) => {
                let line = serde_json::to_string(&change).unwrap_or_default();
                file.append(&line).map(|()| Some(change))
            }
            Changes::Everything => file.save(&self.engine.snapshot()).map(|()| None),
        };
        match written {
            Ok(Some(change)) => {
                if let Some(ack) = self.acknowledged.as_mut() {
                    ack.apply(*change);
                }
            }
            Ok(None) => self.acknowledged = Some(self.engine.checkpoint()),
            Err(e) => {
                self.rollback(&e);
                return Err(storage_error(&e));
            }
        }
        // The change is durable in the journal already; a failed compaction is retried later.
        if file.wants_compaction() {
            let _ = file.save(&self.engine.snapshot());
        }
        self.saved_at = self.at();
        self.unsaved_events = false;
        Ok(())
    }

    /// Saves the engine's snapshot; if the store refuses it, rebuilds the engine from the last
    /// saved snapshot, so nothing unacknowledged survives and nothing acknowledged is lost.
    pub(super) fn save(&mut self) -> Result<(), JsValue> {
        let snapshot = self.engine.snapshot();
        match self.store.save(&snapshot) {
            Ok(()) => {
                // Everything is in the snapshot: the change journal starts afresh.
                self.engine.take_changes();
                if matches!(self.store, Store::File(_)) {
                    self.acknowledged = Some(self.engine.checkpoint());
                } else {
                    self.saved = snapshot;
                }
                self.saved_at = self.at();
                self.unsaved_events = false;
                Ok(())
            }
            Err(e) => {
                self.rollback(&e);
                Err(storage_error(&e))
            }
        }
    }

    pub(super) fn rollback(&mut self, cause: &StorageError) {
        self.failures += 1;
        self.last_failure = Some(cause.clone());
        if let Some(ack) = &self.acknowledged {
            // The file store: back to the last acknowledged state, saved whole by the next
            // change (the journal may hold a torn line now).
            self.engine.restore_checkpoint(ack);
            self.saved_at = self.at();
            self.unsaved_events = false;
            self.alarms.clear();
            return;
        }
        let rebuilt = if self.saved.is_empty() {
            // Nothing was ever saved (the first write at open failed): back to empty.
            Ok(Engine::new(
                self.config.clone(),
                self.clock.boxed(),
                self.entropy.boxed(),
            ))
        } else {
            Engine::restore(
                self.config.clone(),
                self.clock.boxed(),
                self.entropy.boxed(),
                &self.saved,
            )
        };
        match rebuilt {
            Ok(engine) => {
                self.engine = with_extras(engine);
                self.generation += 1;
                self.saved_at = self.at();
                self.saved_event_seq = self.engine.event_seq();
                self.unsaved_events = false;
                self.alarms.clear();
            }
            Err(e) => {
                self.broken = Some(StorageError {
                    path: cause.path.clone(),
                    message: format!(
                        "{}; restoring the last saved state also failed ({e}): reopen the store",
                        cause.message
                    ),
                })
            }
        }
    }
}

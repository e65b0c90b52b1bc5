//! Test-suite fixtures on `KmsCore`: seed documents in and out (`seedContext` and
//! `applySeedPlan` around the extras module's `seedPlan`; `seedSource` for its `seedExport`),
//! keys taken out at once (`removeKeys`)
//! and in-memory snapshots (`snapshot` → an opaque `KmsSnapshot`, `restore`) to return the
//! whole state (keys, aliases, clock offset, audit log) to a known point before each test.
//! A seed or a restore is saved through the store like any other change (synchronous stores
//! before the call returns; IndexedDB by the `persist` the wrapper awaits). Depends on the
//! engine's seed plans and `checkpoint`, and the sibling `kms_core`/`convert`.

use super::convert::{kms_error, type_error};
use super::kms_core::KmsCore;
use crate::engine::{Checkpoint, SeedPlan};
use wasm_bindgen::prelude::*;

/// The whole state of a service at one moment, held in memory (never serialised): cheap to
/// take, and to return to with `KmsCore.restore`. Any `KmsCore` may restore it.
#[wasm_bindgen]
pub struct KmsSnapshot {
    checkpoint: Checkpoint,
}

#[wasm_bindgen]
impl KmsCore {
    /// What planning a seed document needs to know of this service (a `SeedContext`, JSON):
    /// js/kms.js hands it to the extras module's `seedPlan`, which checks and builds the
    /// document with the engine's code, kept out of this module.
    #[wasm_bindgen(js_name = seedContext)]
    pub fn seed_context(&self) -> Result<String, JsValue> {
        let context = self.borrow()?.engine.seed_context();
        serde_json::to_string(&context).map_err(|e| type_error(&e.to_string()))
    }

    /// Applies a plan from `seedPlan` (JSON): its keys are created or replaced, other keys are
    /// left alone. Returns how many keys the document declares.
    #[wasm_bindgen(js_name = applySeedPlan)]
    pub fn apply_seed_plan(&self, plan: &str) -> Result<u32, JsValue> {
        let plan: SeedPlan = serde_json::from_str(plan).map_err(|e| type_error(&e.to_string()))?;
        let mut inner = self.borrow()?;
        let result = inner.engine.apply_seed_plan(plan);
        inner.settle()?;
        let count = result.map_err(|e| kms_error(&e, ""))?;
        Ok(u32::try_from(count).unwrap_or(u32::MAX))
    }

    /// Takes the keys with these bare ids (comma-separated) out of `region` (empty: the
    /// service's own) at once, with their aliases and import tokens (an emulator convenience:
    /// AWS only schedules a deletion). Returns how many keys went; ids not found are ignored.
    #[wasm_bindgen(js_name = removeKeys)]
    pub fn remove_keys(&self, ids: &str, region: &str) -> Result<u32, JsValue> {
        let mut inner = self.borrow()?;
        let own = inner.engine.config().region.clone();
        let region = if region.is_empty() {
            own.as_str()
        } else {
            region
        };
        if !crate::engine::valid_region(region) {
            return Err(type_error(
                "removeKeys: region is not a Region name such as us-east-1",
            ));
        }
        let ids: Vec<String> = ids.split(',').map(str::to_string).collect();
        let count = inner.engine.remove_keys(region, &ids);
        inner.settle()?;
        Ok(u32::try_from(count).unwrap_or(u32::MAX))
    }

    /// The keys and aliases a seed export reads (JSON), for the extras module's `seedExport`.
    #[wasm_bindgen(js_name = seedSource)]
    pub fn seed_source(&self) -> Result<String, JsValue> {
        Ok(self.borrow()?.engine.seed_source())
    }

    /// The whole state as an opaque in-memory snapshot.
    pub fn snapshot(&self) -> Result<KmsSnapshot, JsValue> {
        Ok(KmsSnapshot {
            checkpoint: self.borrow()?.engine.checkpoint(),
        })
    }

    /// Returns the whole state to `snapshot` (saved like any change: a file store writes a
    /// whole new state file). Alarms not yet handed out are dropped.
    pub fn restore(&self, snapshot: &KmsSnapshot) -> Result<(), JsValue> {
        let mut inner = self.borrow()?;
        inner.engine.restore_checkpoint(&snapshot.checkpoint);
        inner.alarms.clear();
        inner.settle()
    }
}

//! The extras module's JS surface for seed documents (wasm32 only): `seedPlan` checks and
//! builds a document with the engine's own code (kms-wasm-core, linked here so the main module
//! need not carry it), which the main module applies (`Engine::apply_seed_plan`), and
//! `seedExport` writes one from the keys and aliases the main module hands out. A bad document
//! throws the engine's error (name and message).

use js_sys::{Error, Object, Reflect};
use kms_wasm_core::engine::{export_seed_doc, plan_seed, SeedContext, SeedSource};
use kms_wasm_core::key_crypto::ExtrasKeyCrypto;
use kms_wasm_core::KmsError;
use wasm_bindgen::prelude::*;

/// The error as the main module throws AWS exceptions (name, message, `$fault`, `$metadata`).
fn thrown(e: &KmsError) -> JsValue {
    let err = Error::new(e.message().unwrap_or_default());
    err.set_name(e.code());
    let meta = Object::new();
    let set = |o: &JsValue, k: &str, v: JsValue| Reflect::set(o, &k.into(), &v).is_ok();
    set(&meta, "httpStatusCode", e.http_status().into());
    set(&meta, "attempts", 1.into());
    set(&meta, "totalRetryDelay", 0.into());
    set(&err, "$fault", e.fault().into());
    set(&err, "$metadata", meta.into());
    err.into()
}

fn invalid(what: &str, e: serde_json::Error) -> JsValue {
    thrown(&KmsError::Internal(format!("seed {what}: {e}")))
}

/// The plan (JSON) of seed document `json` for the service `context` (a `SeedContext`, JSON).
#[wasm_bindgen(js_name = seedPlan)]
pub fn seed_plan(json: &str, context: &str) -> Result<String, JsValue> {
    let ctx: SeedContext = serde_json::from_str(context).map_err(|e| invalid("context", e))?;
    let plan = plan_seed(json, &ctx, &ExtrasKeyCrypto).map_err(|e| thrown(&e))?;
    serde_json::to_string(&plan).map_err(|e| invalid("plan", e))
}

/// The seed document (JSON) of `source`, the keys and aliases the main module hands out.
#[wasm_bindgen(js_name = seedExport)]
pub fn seed_export(source: &str) -> Result<String, JsValue> {
    let s: SeedSource = serde_json::from_str(source).map_err(|e| invalid("source", e))?;
    Ok(export_seed_doc(&s.parts()))
}

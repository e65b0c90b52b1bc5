//! Reading the plain JS objects the wrapper hands in (`open()`'s options, a call's caller, the
//! audit log's filter) field by field, instead of through JSON and serde: a few lookups per
//! object, and no deserializer per shape in the download. Depends on js-sys and the engine's
//! `Caller` and `AuditFilter`.

use super::convert::type_error;
use crate::engine::{AuditFilter, Caller};
use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// The object `o` (or `None` for `undefined`/`null`); its field names must all be in `known`
/// (unless `known` is empty: other fields are then ignored).
pub(super) fn object<'a>(
    o: &'a JsValue,
    what: &str,
    known: &[&str],
) -> Result<Option<&'a JsValue>, String> {
    if o.is_undefined() || o.is_null() {
        return Ok(None);
    }
    if !o.is_object() {
        return Err(format!("{what} must be an object"));
    }
    let keys = match known.is_empty() {
        true => js_sys::Array::new(),
        false => Object::keys(o.unchecked_ref::<Object>()),
    };
    for k in keys.iter() {
        let k = k.as_string().unwrap_or_default();
        if !known.contains(&k.as_str()) {
            return Err(format!("{what}: unknown field `{k}`"));
        }
    }
    Ok(Some(o))
}

fn get(o: &JsValue, k: &str) -> Option<JsValue> {
    Reflect::get(o, &k.into())
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

/// Field `k`, a string if present.
pub(super) fn string(o: &JsValue, k: &str) -> Result<Option<String>, String> {
    get(o, k)
        .map(|v| v.as_string().ok_or(format!("{k} must be a string")))
        .transpose()
}

/// Field `k`, a number if present.
pub(super) fn number(o: &JsValue, k: &str) -> Result<Option<f64>, String> {
    get(o, k)
        .map(|v| v.as_f64().ok_or(format!("{k} must be a number")))
        .transpose()
}

/// Field `k`, a boolean (false if absent).
pub(super) fn flag(o: &JsValue, k: &str) -> Result<bool, String> {
    get(o, k)
        .map(|v| v.as_bool().ok_or(format!("{k} must be true or false")))
        .transpose()
        .map(|b| b.unwrap_or(false))
}

/// `auditLog()`'s filter (a plain object; fields it does not know are ignored).
pub(super) fn audit_filter(f: &JsValue) -> Result<AuditFilter, String> {
    let Some(o) = object(f, "filter", &[])? else {
        return Ok(AuditFilter::default());
    };
    Ok(AuditFilter {
        key_id: string(o, "keyId")?,
        event_name: string(o, "eventName")?,
        failed_only: flag(o, "failedOnly")?,
        alarms_only: flag(o, "alarmsOnly")?,
        region: string(o, "region")?,
        account: string(o, "account")?,
    })
}

/// The caller a JS call names (js/principal-view.js `packCaller`: sourceIp, userAgent,
/// principal, viaService, service, sourceArn, sourceAccount, region, NUL-separated, empty for
/// absent; checked there, or built by `serve` from a request it checked), or `None` for the
/// in-process default.
pub(super) fn custom_caller(packed: Option<String>) -> Result<Option<Caller>, JsValue> {
    let Some(packed) = packed else {
        return Ok(None);
    };
    let f: Vec<&str> = packed.split('\0').collect();
    let [ip, agent, principal, via, service, arn, account, region] = f[..] else {
        return Err(type_error("caller: not a packed caller"));
    };
    let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let d = Caller::default();
    Ok(Some(Caller {
        source_ip: some(ip).unwrap_or(d.source_ip),
        user_agent: some(agent).unwrap_or(d.user_agent),
        principal: some(principal),
        via_service: some(via),
        service: some(service),
        source_arn: some(arn),
        source_account: some(account),
        region: some(region),
    }))
}

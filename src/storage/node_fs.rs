//! node:fs and node:path as the file store reaches them: typed bindings to the synchronous
//! calls it uses, looked up at run time through `process.getBuiltinModule` (Node ≥ 20.16) so
//! the same glue still loads in a browser, and the reading of Node's errors.
//! Depends on js-sys/wasm-bindgen only.

use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// The `node:fs` module (only the synchronous calls used here).
    pub(super) type NodeFs;
    #[wasm_bindgen(method, catch, js_name = readFileSync)]
    pub(super) fn read_file_sync(
        this: &NodeFs,
        path: &str,
        encoding: &str,
    ) -> Result<String, JsValue>;
    #[wasm_bindgen(method, catch, js_name = openSync)]
    pub(super) fn open_sync(
        this: &NodeFs,
        path: &str,
        flags: &str,
        mode: u32,
    ) -> Result<i32, JsValue>;
    #[wasm_bindgen(method, catch, js_name = writeFileSync)]
    pub(super) fn write_file_sync(this: &NodeFs, fd: i32, data: &[u8]) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch, js_name = fsyncSync)]
    pub(super) fn fsync_sync(this: &NodeFs, fd: i32) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch, js_name = closeSync)]
    pub(super) fn close_sync(this: &NodeFs, fd: i32) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch, js_name = renameSync)]
    pub(super) fn rename_sync(this: &NodeFs, from: &str, to: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch, js_name = unlinkSync)]
    pub(super) fn unlink_sync(this: &NodeFs, path: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch, js_name = ftruncateSync)]
    pub(super) fn ftruncate_sync(this: &NodeFs, fd: i32, len: f64) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch, js_name = readdirSync)]
    pub(super) fn readdir_sync(this: &NodeFs, path: &str) -> Result<js_sys::Array, JsValue>;
    #[wasm_bindgen(method, catch, js_name = statSync)]
    pub(super) fn stat_sync(this: &NodeFs, path: &str) -> Result<NodeStats, JsValue>;

    /// What `statSync` answers (only the modification time is used).
    pub(super) type NodeStats;
    #[wasm_bindgen(method, getter, js_name = mtimeMs)]
    pub(super) fn mtime_ms(this: &NodeStats) -> f64;

    /// The `node:path` module.
    pub(super) type NodePath;
    #[wasm_bindgen(method, catch)]
    pub(super) fn resolve(this: &NodePath, path: &str) -> Result<String, JsValue>;
    #[wasm_bindgen(method, catch)]
    pub(super) fn dirname(this: &NodePath, path: &str) -> Result<String, JsValue>;
}

/// `process.getBuiltinModule(name)`, with a clear message where it does not exist.
pub(super) fn builtin(process: &JsValue, name: &str) -> Result<JsValue, String> {
    let get = Reflect::get(process, &"getBuiltinModule".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or_else(|| {
            "file storage needs Node.js 20.16 or newer (process.getBuiltinModule)".to_string()
        })?;
    get.call1(process, &name.into()).map_err(|e| js_message(&e))
}

/// The `code` of a Node system error (`ENOENT`, `EACCES`, ...).
pub(super) fn js_code(e: &JsValue) -> Option<String> {
    Reflect::get(e, &"code".into())
        .ok()
        .and_then(|c| c.as_string())
}

/// The `message` of a thrown JS value (Node's fs messages name the path, never file content).
pub(super) fn js_message(e: &JsValue) -> String {
    Reflect::get(e, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

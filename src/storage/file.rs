//! The Node JSON-file back-end. node:fs and node:path are reached at run time through
//! `process.getBuiltinModule` (Node ≥ 20.16), so the same glue still loads in a browser.
//! Saves are atomic: temp file in the same directory, fsync, rename, fsync of the directory.
//! Depends on js-sys/wasm-bindgen only.

use super::StorageError;
use js_sys::{Function, Reflect};
use std::cell::Cell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// The `node:fs` module (only the synchronous calls used here).
    type NodeFs;
    #[wasm_bindgen(method, catch, js_name = readFileSync)]
    fn read_file_sync(this: &NodeFs, path: &str, encoding: &str) -> Result<String, JsValue>;
    #[wasm_bindgen(method, catch, js_name = openSync)]
    fn open_sync(this: &NodeFs, path: &str, flags: &str, mode: u32) -> Result<i32, JsValue>;
    #[wasm_bindgen(method, catch, js_name = writeFileSync)]
    fn write_file_sync(this: &NodeFs, fd: i32, data: &[u8]) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch, js_name = fsyncSync)]
    fn fsync_sync(this: &NodeFs, fd: i32) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch, js_name = closeSync)]
    fn close_sync(this: &NodeFs, fd: i32) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch, js_name = renameSync)]
    fn rename_sync(this: &NodeFs, from: &str, to: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch, js_name = unlinkSync)]
    fn unlink_sync(this: &NodeFs, path: &str) -> Result<(), JsValue>;

    /// The `node:path` module.
    type NodePath;
    #[wasm_bindgen(method, catch)]
    fn resolve(this: &NodePath, path: &str) -> Result<String, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn dirname(this: &NodePath, path: &str) -> Result<String, JsValue>;
}

/// A state file. The file holds key material, so it is created readable by its owner only.
pub struct FileStore {
    fs: NodeFs,
    path: String,
    dir: String,
    /// Distinguishes temp files of successive saves (with the pid, across processes).
    temp_prefix: String,
    saves: Cell<u64>,
}

impl FileStore {
    /// Binds to `path` (resolved against the working directory). Nothing is read yet.
    pub fn new(path: &str) -> Result<Self, StorageError> {
        let fail = |why: String| StorageError {
            path: path.to_string(),
            message: format!("cannot use state file {path}: {why}"),
        };
        let process = Reflect::get(&js_sys::global(), &"process".into())
            .ok()
            .filter(|p| p.is_object())
            .ok_or_else(|| {
                fail("file storage needs Node.js (in a browser use storage: \"memory\")".into())
            })?;
        let fs: NodeFs = builtin(&process, "node:fs").map_err(fail)?.unchecked_into();
        let node_path: NodePath = builtin(&process, "node:path")
            .map_err(fail)?
            .unchecked_into();
        let abs = node_path.resolve(path).map_err(|e| fail(js_message(&e)))?;
        let dir = node_path.dirname(&abs).map_err(|e| fail(js_message(&e)))?;
        let pid = Reflect::get(&process, &"pid".into())
            .ok()
            .and_then(|p| p.as_f64())
            .unwrap_or(0.0);
        let temp_prefix = format!("{abs}.tmp-{pid}-");
        Ok(Self {
            fs,
            path: abs,
            dir,
            temp_prefix,
            saves: Cell::new(0),
        })
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    /// The saved snapshot; `None` when the file does not exist yet.
    pub fn load(&self) -> Result<Option<String>, StorageError> {
        match self.fs.read_file_sync(&self.path, "utf8") {
            Ok(text) => Ok(Some(text)),
            Err(e) if js_code(&e).as_deref() == Some("ENOENT") => Ok(None),
            Err(e) => Err(self.error(format!(
                "cannot read state file {}: {}",
                self.path,
                js_message(&e)
            ))),
        }
    }

    /// Writes `snapshot` to a temp file, fsyncs it and renames it over the state file, so a
    /// crash leaves either the old or the new state, never a torn one.
    pub fn save(&self, snapshot: &str) -> Result<(), StorageError> {
        let n = self.saves.get().wrapping_add(1);
        self.saves.set(n);
        let temp = format!("{}{n}", self.temp_prefix);
        let written = self.write_synced(&temp, snapshot.as_bytes());
        let renamed = written.and_then(|()| self.fs.rename_sync(&temp, &self.path));
        if let Err(e) = renamed {
            // Best effort: the temp file may not even exist.
            let _ = self.fs.unlink_sync(&temp);
            return Err(self.error(format!(
                "cannot write state file {}: {}",
                self.path,
                js_message(&e)
            )));
        }
        self.sync_dir();
        Ok(())
    }

    fn write_synced(&self, temp: &str, bytes: &[u8]) -> Result<(), JsValue> {
        let fd = self.fs.open_sync(temp, "w", 0o600)?;
        let result = self
            .fs
            .write_file_sync(fd, bytes)
            .and_then(|()| self.fs.fsync_sync(fd));
        let closed = self.fs.close_sync(fd);
        result.and(closed)
    }

    /// Makes the rename itself durable. Some platforms cannot open or fsync a directory; the
    /// data is already safe in the renamed file, so failures here are ignored.
    fn sync_dir(&self) {
        if let Ok(fd) = self.fs.open_sync(&self.dir, "r", 0) {
            let _ = self.fs.fsync_sync(fd);
            let _ = self.fs.close_sync(fd);
        }
    }

    fn error(&self, message: String) -> StorageError {
        StorageError {
            path: self.path.clone(),
            message,
        }
    }
}

/// `process.getBuiltinModule(name)`, with a clear message where it does not exist.
fn builtin(process: &JsValue, name: &str) -> Result<JsValue, String> {
    let get = Reflect::get(process, &"getBuiltinModule".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or_else(|| {
            "file storage needs Node.js 20.16 or newer (process.getBuiltinModule)".to_string()
        })?;
    get.call1(process, &name.into()).map_err(|e| js_message(&e))
}

/// The `code` of a Node system error (`ENOENT`, `EACCES`, ...).
fn js_code(e: &JsValue) -> Option<String> {
    Reflect::get(e, &"code".into())
        .ok()
        .and_then(|c| c.as_string())
}

/// The `message` of a thrown JS value (Node's fs messages name the path, never file content).
fn js_message(e: &JsValue) -> String {
    Reflect::get(e, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

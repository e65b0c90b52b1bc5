//! The Node JSON-file back-end: a snapshot file written atomically (temp file in the same
//! directory, fsync, rename, fsync of the directory) and beside it a journal, `<file>.journal`,
//! to which each change is appended and fsynced before the call returns, so a change costs
//! what it touched, not the size of the state. node:fs is reached at run time through
//! `process.getBuiltinModule` (Node ≥ 20.16), so the same glue still loads in a browser.
//! Depends on js-sys/wasm-bindgen only.

use super::node_fs::{builtin, js_code, js_message, NodeFs, NodePath};
use super::sealed::{is_sealed, Sealer};
use super::StorageError;
use js_sys::Reflect;
use std::cell::{Cell, RefCell};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use zeroize::Zeroizing;

/// A state file. The file holds key material, so it is created readable by its owner only.
pub struct FileStore {
    pub(super) fs: NodeFs,
    /// `process`, for the pid and `kill(pid, 0)` (is the holder of a lock alive?).
    pub(super) process: JsValue,
    pub(super) pid: f64,
    pub(super) path: String,
    pub(super) dir: String,
    /// Distinguishes temp files of successive saves (with the pid, across processes).
    pub(super) temp_prefix: String,
    pub(super) saves: Cell<u64>,
    /// `<path>.journal`.
    pub(super) journal: String,
    /// Bytes in the journal and in the snapshot, to decide when to fold the journal in.
    pub(super) journal_len: Cell<u64>,
    pub(super) snapshot_len: Cell<u64>,
    /// The journal ends in a line a crash cut off (after `journal_len` bytes). It was never
    /// acknowledged and replay ignores it; it is cut away before the next append, which would
    /// otherwise be glued onto it into one corrupt line.
    pub(super) torn_tail: Cell<bool>,
    /// Encryption at rest (`{ passphrase }`): the passphrase until open, then the key.
    pub(super) passphrase: Option<Zeroizing<String>>,
    pub(super) sealer: RefCell<Option<Sealer>>,
    /// `<path>.lock`, created exclusively and naming this process while this store is open.
    pub(super) lock: String,
    pub(super) locked: Cell<bool>,
    /// `takeOverLock`: take the lock even from a live holder or one on another host.
    pub(super) take_over_lock: bool,
}

/// The journal is folded into a new snapshot once it outgrows the snapshot by this much, so
/// the cost of a snapshot is spread over at least as many bytes of changes.
const COMPACT_SLACK: u64 = 1 << 20;

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
        let temp_prefix = format!("{abs}.tmp-{}-", pid as u64);
        Ok(Self {
            fs,
            process,
            pid,
            lock: format!("{abs}.lock"),
            locked: Cell::new(false),
            take_over_lock: false,
            journal: format!("{abs}.journal"),
            path: abs,
            dir,
            temp_prefix,
            saves: Cell::new(0),
            torn_tail: Cell::new(false),
            passphrase: None,
            sealer: RefCell::new(None),
            journal_len: Cell::new(0),
            snapshot_len: Cell::new(0),
        })
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    /// Takes the lock whoever holds it (but never from this process), for a holder known gone
    /// that cannot be checked from here, such as one on another host.
    pub fn set_take_over_lock(&mut self, take_over: bool) {
        self.take_over_lock = take_over;
    }

    /// Encrypts the state at rest with a key derived from `passphrase` (see `sealed`).
    pub fn set_passphrase(&mut self, passphrase: String) {
        self.passphrase = Some(Zeroizing::new(passphrase));
    }

    /// With a passphrase: the snapshot decrypted and the journal's complete lines decrypted
    /// (its torn tail left out); the key kept for later writes. Without: as read, but an
    /// encrypted file is refused.
    fn unseal(&self, snapshot: String, journal: &str) -> Result<(String, String), StorageError> {
        let refuse = |why: String| {
            self.error(format!(
                "refusing to open state file {}: {why}. The file was left untouched.",
                self.path
            ))
        };
        let Some(passphrase) = &self.passphrase else {
            if is_sealed(&snapshot) {
                return Err(refuse(
                    "it is encrypted; open it with its passphrase".into(),
                ));
            }
            return Ok((snapshot, journal.to_string()));
        };
        if !is_sealed(&snapshot) {
            return Err(refuse(
                "it is not encrypted, but a passphrase was given (encrypt a state by importing it into a new encrypted file)".into(),
            ));
        }
        let (sealer, plain) = Sealer::open(passphrase, &snapshot).map_err(refuse)?;
        let complete = &journal[..journal.rfind('\n').map_or(0, |i| i + 1)];
        let mut lines = String::with_capacity(complete.len());
        for (n, line) in complete.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let plain_line = sealer.open_line(line).ok_or_else(|| {
                refuse(format!(
                    "its journal line {} does not decrypt (altered or corrupt)",
                    n + 1
                ))
            })?;
            lines.push_str(&plain_line);
            lines.push('\n');
        }
        *self.sealer.borrow_mut() = Some(sealer);
        Ok((plain, lines))
    }

    /// What a new encrypted file is written with (the key derived once, at open).
    fn sealer_for_new_file(&self) -> Result<(), StorageError> {
        if let Some(passphrase) = &self.passphrase {
            let sealer = Sealer::new(passphrase)
                .map_err(|e| self.error(format!("cannot encrypt state file {}: {e}", self.path)))?;
            *self.sealer.borrow_mut() = Some(sealer);
        }
        Ok(())
    }

    fn sealed_or(&self, text: &str, line: bool) -> Result<Option<String>, StorageError> {
        let sealer = self.sealer.borrow();
        let Some(sealer) = sealer.as_ref() else {
            return Ok(None);
        };
        let out = if line {
            sealer.seal_line(text)
        } else {
            sealer.seal_snapshot(text)
        };
        out.map(Some)
            .map_err(|e| self.error(format!("cannot encrypt state file {}: {e}", self.path)))
    }

    /// The saved snapshot; `None` when the file does not exist yet.
    pub fn load(&self) -> Result<Option<String>, StorageError> {
        Ok(self.load_journaled()?.map(|(snapshot, _)| snapshot))
    }

    /// The saved snapshot and the journal of changes after it (empty if there is none);
    /// `None` when there is no state file yet.
    pub fn load_journaled(&self) -> Result<Option<(String, String)>, StorageError> {
        self.acquire_lock()?;
        let read = |path: &str| match self.fs.read_file_sync(path, "utf8") {
            Ok(text) => Ok(Some(text)),
            Err(e) if js_code(&e).as_deref() == Some("ENOENT") => Ok(None),
            Err(e) => Err(self.error(format!("cannot read state file {path}: {}", js_message(&e)))),
        };
        let snapshot = read(&self.path)?;
        let journal = read(&self.journal)?;
        match (snapshot, journal) {
            (None, None) => self.sealer_for_new_file().map(|()| None),
            (None, Some(_)) => Err(self.error(format!(
                "refusing to open state file {}: its journal {} exists but the state file does not. Both were left untouched.",
                self.path, self.journal
            ))),
            (Some(s), j) => {
                let j = j.unwrap_or_default();
                // Complete lines end in '\n' (written with it, in one write); what follows the
                // last one is a torn tail. Everything before it is valid UTF-8 or the journal
                // is refused, so this is also the byte length on disk.
                let complete = j.rfind('\n').map_or(0, |i| i + 1);
                self.torn_tail.set(complete < j.len());
                self.snapshot_len.set(s.len() as u64);
                self.journal_len.set(complete as u64);
                self.unseal(s, &j).map(Some)
            }
        }
    }

    /// Appends one change line to the journal and fsyncs it. On failure the journal is cut
    /// back to where it was, so no partial line stays before later ones.
    pub fn append(&self, line: &str) -> Result<(), StorageError> {
        let sealed = self.sealed_or(line, true)?;
        let line = sealed.as_deref().unwrap_or(line);
        let before = self.journal_len.get();
        let mut bytes = Vec::with_capacity(line.len() + 1);
        bytes.extend_from_slice(line.as_bytes());
        bytes.push(b'\n');
        let fd = match self.fs.open_sync(&self.journal, "a", 0o600) {
            Ok(fd) => fd,
            Err(e) => {
                return Err(self.error(format!(
                    "cannot write journal {}: {}",
                    self.journal,
                    js_message(&e)
                )))
            }
        };
        let cut = if self.torn_tail.get() {
            self.fs.ftruncate_sync(fd, before as f64)
        } else {
            Ok(())
        };
        let written = cut
            .and_then(|()| self.fs.write_file_sync(fd, &bytes))
            .and_then(|()| self.fs.fsync_sync(fd));
        let result = match written {
            Ok(()) => {
                self.torn_tail.set(false);
                self.journal_len.set(before + bytes.len() as u64);
                Ok(())
            }
            Err(e) => {
                // Best effort; if it fails too, the torn tail is the last line and is ignored
                // on the next open, because nothing acknowledged follows it.
                let _ = self.fs.ftruncate_sync(fd, before as f64);
                Err(self.error(format!(
                    "cannot write journal {}: {}",
                    self.journal,
                    js_message(&e)
                )))
            }
        };
        let _ = self.fs.close_sync(fd);
        result
    }

    /// Whether the journal has grown enough to be folded into a new snapshot.
    pub fn wants_compaction(&self) -> bool {
        self.journal_len.get() > self.snapshot_len.get() + COMPACT_SLACK
    }

    /// Writes `snapshot` to a temp file, fsyncs it and renames it over the state file, so a
    /// crash leaves either the old or the new state, never a torn one.
    pub fn save(&self, snapshot: &str) -> Result<(), StorageError> {
        let sealed = self.sealed_or(snapshot, false)?;
        let snapshot = sealed.as_deref().unwrap_or(snapshot);
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
        self.snapshot_len.set(snapshot.len() as u64);
        // Every change in the journal is in the new snapshot now. If the process dies before
        // the journal is emptied, replaying it over the snapshot is harmless: each line holds
        // whole records, and the last write of each record is what the snapshot has.
        if self.journal_len.get() > 0 || self.torn_tail.get() {
            if let Ok(fd) = self.fs.open_sync(&self.journal, "r+", 0o600) {
                let _ = self
                    .fs
                    .ftruncate_sync(fd, 0.0)
                    .and_then(|()| self.fs.fsync_sync(fd));
                let _ = self.fs.close_sync(fd);
                self.journal_len.set(0);
                self.torn_tail.set(false);
            }
        }
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

    pub(super) fn error(&self, message: String) -> StorageError {
        StorageError {
            path: self.path.clone(),
            message,
        }
    }
}

impl Drop for FileStore {
    fn drop(&mut self) {
        self.release();
    }
}

//! One writer per state file: `<file>.lock`, created exclusively with the opener's pid, taken
//! over when its holder is dead (a crash, kill -9), released on close; and the removal of temp
//! files that a killed save left. Depends on the sibling `file` store and `node_fs`.

use super::file::FileStore;
use super::node_fs::{js_code, js_message};
use super::StorageError;
use js_sys::{Function, Reflect};
use std::cell::RefCell;
use std::collections::HashSet;
use wasm_bindgen::prelude::*;

thread_local! {
    /// The state files this process (this wasm instance) holds locks on: a lock file naming
    /// our own pid but absent here was left by an earlier process that had the same pid (a
    /// container restarted after a crash), so it is stale.
    static HELD: RefCell<HashSet<String>> = RefCell::new(HashSet::new());
}

/// A lock file that is empty or unreadable (its writer died between creating and writing it)
/// is taken for stale once it is this old.
const LOCK_GRACE_MS: f64 = 10_000.0;

impl FileStore {
    /// Makes this store the file's only writer: creates `<path>.lock` exclusively with our
    /// pid in it. A lock whose process is gone (a crash, kill -9) is taken over; a live one is
    /// refused, naming the file and the holder's pid. Then removes the temp files of saves
    /// that a crash interrupted (only the lock holder writes them, so none is in use).
    pub(super) fn acquire_lock(&self) -> Result<(), StorageError> {
        if self.locked.get() {
            return Ok(());
        }
        let pid = self.pid as u64;
        for _ in 0..3 {
            match self.fs.open_sync(&self.lock, "wx", 0o600) {
                Ok(fd) => {
                    let written = self.fs.write_file_sync(fd, format!("{pid}\n").as_bytes());
                    let _ = self.fs.close_sync(fd);
                    if let Err(e) = written {
                        let _ = self.fs.unlink_sync(&self.lock);
                        return Err(self.lock_error(&js_message(&e)));
                    }
                    self.locked.set(true);
                    HELD.with(|held| held.borrow_mut().insert(self.path.clone()));
                    self.remove_stale_temps();
                    return Ok(());
                }
                Err(e) if js_code(&e).as_deref() == Some("EEXIST") => {}
                Err(e) => return Err(self.lock_error(&js_message(&e))),
            }
            let holder = self
                .fs
                .read_file_sync(&self.lock, "utf8")
                .ok()
                .and_then(|t| t.trim().parse::<u64>().ok());
            match holder {
                Some(h) if h == pid && HELD.with(|held| held.borrow().contains(&self.path)) => {
                    return Err(self.error(format!(
                        "cannot open state file {}: it is already open in this process (pid {pid}); close the other KeyManagementService first",
                        self.path
                    )))
                }
                Some(h) if h != pid && self.alive(h) => {
                    return Err(self.error(format!(
                        "cannot open state file {}: it is in use by process {h} (lock file {}); stop that process first",
                        self.path, self.lock
                    )))
                }
                Some(_) => {}
                None => {
                    // Being written right now, or left empty by a crash: wait for it to age.
                    let age = self
                        .fs
                        .stat_sync(&self.lock)
                        .map(|s| js_sys::Date::now() - s.mtime_ms())
                        .unwrap_or(f64::INFINITY);
                    if age < LOCK_GRACE_MS {
                        return Err(self.error(format!(
                            "cannot open state file {}: its lock file {} is being taken by another process",
                            self.path, self.lock
                        )));
                    }
                }
            }
            // Stale: its holder is gone. Remove it and try again.
            let _ = self.fs.unlink_sync(&self.lock);
        }
        Err(self.lock_error("the lock file keeps reappearing"))
    }

    fn lock_error(&self, why: &str) -> StorageError {
        self.error(format!(
            "cannot open state file {}: cannot create its lock file {}: {why}",
            self.path, self.lock
        ))
    }

    /// Whether process `pid` exists (`process.kill(pid, 0)`; EPERM means it does).
    fn alive(&self, pid: u64) -> bool {
        let Some(kill) = Reflect::get(&self.process, &"kill".into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
        else {
            return true;
        };
        match kill.call2(&self.process, &(pid as f64).into(), &0.into()) {
            Ok(_) => true,
            Err(e) => js_code(&e).as_deref() != Some("ESRCH"),
        }
    }

    fn remove_stale_temps(&self) {
        let Some(name) = self.path.rsplit(['/', '\\']).next() else {
            return;
        };
        let prefix = format!("{name}.tmp-");
        let Ok(entries) = self.fs.readdir_sync(&self.dir) else {
            return;
        };
        for entry in entries.iter().filter_map(|e| e.as_string()) {
            if entry.starts_with(&prefix) {
                let dir = &self.path[..self.path.len() - name.len()];
                let _ = self.fs.unlink_sync(&format!("{dir}{entry}"));
            }
        }
    }

    /// Gives up the lock (on close). Idempotent; only our own lock file is removed.
    pub fn release(&self) {
        if !self.locked.replace(false) {
            return;
        }
        HELD.with(|held| held.borrow_mut().remove(&self.path));
        let ours = self
            .fs
            .read_file_sync(&self.lock, "utf8")
            .ok()
            .and_then(|t| t.trim().parse::<u64>().ok())
            == Some(self.pid as u64);
        if ours {
            let _ = self.fs.unlink_sync(&self.lock);
        }
    }
}

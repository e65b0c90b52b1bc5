//! One writer per state file: `<file>.lock`, created exclusively with a record of the opener
//! (`lock_record`), taken over when its holder is gone (a crash, kill -9, a zombie, a reused
//! pid, a reboot) or deliberately (`takeOverLock`), released on close; and the removal of temp
//! files that a killed save left. Depends on the sibling `file` store, `node_fs`, `lock_record`.

use super::file::FileStore;
use super::lock_record::{judge, Holder, Probe, ProcStat, Verdict};
use super::node_fs::{builtin, js_code, js_message};
use super::StorageError;
use js_sys::{Function, Reflect};
use std::cell::RefCell;
use std::collections::HashSet;
use wasm_bindgen::prelude::*;

thread_local! {
    /// The state files this wasm instance holds locks on, to tell "open twice here" (a bug in
    /// the caller) from "open in another instance in this process" (a worker thread).
    static HELD: RefCell<HashSet<String>> = RefCell::new(HashSet::new());
}

/// A lock file that is empty or unreadable (its writer died between creating and writing it)
/// is taken for stale once it is this old.
const LOCK_GRACE_MS: f64 = 10_000.0;

impl FileStore {
    /// Makes this store the file's only writer: creates `<path>.lock` exclusively with our
    /// record in it. A lock whose holder is gone is taken over; a live one, or one on another
    /// host, is refused (naming the file and the holder) unless `takeOverLock` was given; a
    /// second open in this process is always refused. Then removes the temp files of saves
    /// that a crash interrupted (only the lock holder writes them, so none is in use).
    pub(super) fn acquire_lock(&self) -> Result<(), StorageError> {
        if self.locked.get() {
            return Ok(());
        }
        let me = self.me();
        for _ in 0..3 {
            match self.fs.open_sync(&self.lock, "wx", 0o600) {
                Ok(fd) => {
                    let written = self.fs.write_file_sync(fd, me.to_line().as_bytes());
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
            self.check_holder(&me)?;
            // Stale, or taken over deliberately: remove it and try again.
            let _ = self.fs.unlink_sync(&self.lock);
        }
        Err(self.lock_error("the lock file keeps reappearing"))
    }

    /// Refuses the existing lock unless its holder is gone or `takeOverLock` was given.
    fn check_holder(&self, me: &Holder) -> Result<(), StorageError> {
        let (path, lock, pid) = (&self.path, &self.lock, me.pid);
        let text = self.fs.read_file_sync(&self.lock, "utf8").ok();
        let Some(holder) = text.as_deref().and_then(Holder::parse) else {
            // Being written right now, or left empty by a crash: wait for it to age.
            let age = self
                .fs
                .stat_sync(&self.lock)
                .map(|s| js_sys::Date::now() - s.mtime_ms())
                .unwrap_or(f64::INFINITY);
            if age < LOCK_GRACE_MS && !self.take_over_lock {
                return Err(self.error(format!(
                    "cannot open state file {path}: its lock file {lock} is being taken by another process"
                )));
            }
            return Ok(());
        };
        if holder.pid == pid && HELD.with(|held| held.borrow().contains(path)) {
            return Err(self.error(format!(
                "cannot open state file {path}: it is already open in this process (pid {pid}); close the other KeyManagementService first"
            )));
        }
        match judge(&holder, me, |pid| self.probe(pid)) {
            Verdict::Stale => Ok(()),
            Verdict::ThisProcess => Err(self.error(format!(
                "cannot open state file {path}: it is already open in this process (pid {pid}) by another instance of kms-wasm (a worker thread?); close it there first"
            ))),
            _ if self.take_over_lock => Ok(()),
            Verdict::Alive => Err(self.error(format!(
                "cannot open state file {path}: it is in use by process {} (lock file {lock}); stop that process first",
                holder.pid
            ))),
            Verdict::OtherHost => Err(self.error(format!(
                "cannot open state file {path}: it is locked by process {} since {} (lock file {lock}), on another host, which cannot be checked from here; if that process is gone, take the lock over with --take-over-lock (kms-wasm serve) or takeOverLock: true (KeyManagementService.open)",
                holder.name(),
                holder.since.as_deref().unwrap_or("an unknown time")
            ))),
        }
    }

    fn lock_error(&self, why: &str) -> StorageError {
        self.error(format!(
            "cannot open state file {}: cannot create its lock file {}: {why}",
            self.path, self.lock
        ))
    }

    /// This process as its lock records it. Start time and boot id come from Linux's /proc;
    /// elsewhere they are left out and the pid alone is judged, as before.
    fn me(&self) -> Holder {
        let read = |path: &str| self.fs.read_file_sync(path, "utf8").ok();
        let hostname = builtin(&self.process, "node:os")
            .ok()
            .and_then(|os| Reflect::get(&os, &"hostname".into()).ok().map(|f| (os, f)))
            .and_then(|(os, f)| f.dyn_into::<Function>().ok()?.call0(&os).ok())
            .and_then(|h| h.as_string());
        Holder {
            pid: self.pid as u64,
            start_ticks: read("/proc/self/stat")
                .as_deref()
                .and_then(ProcStat::parse)
                .map(|s| s.start_ticks),
            boot_id: read("/proc/sys/kernel/random/boot_id").map(|b| b.trim().to_string()),
            hostname,
            since: js_sys::Date::new_0().to_iso_string().as_string(),
        }
    }

    /// Whether process `pid` exists (`process.kill(pid, 0)`; EPERM means it does), and its
    /// /proc stat where there is one.
    fn probe(&self, pid: u64) -> Probe {
        let Some(kill) = Reflect::get(&self.process, &"kill".into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
        else {
            return Probe::Exists(None);
        };
        if let Err(e) = kill.call2(&self.process, &(pid as f64).into(), &0.into()) {
            if js_code(&e).as_deref() == Some("ESRCH") {
                return Probe::Gone;
            }
        }
        let stat = self.fs.read_file_sync(&format!("/proc/{pid}/stat"), "utf8");
        Probe::Exists(stat.ok().as_deref().and_then(ProcStat::parse))
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
        // Someone may have taken the lock over (takeOverLock): theirs stays.
        let ours = self
            .fs
            .read_file_sync(&self.lock, "utf8")
            .ok()
            .and_then(|t| Holder::parse(&t))
            .is_some_and(|h| h.pid == self.pid as u64 && h.start_ticks == self.me().start_ticks);
        if ours {
            let _ = self.fs.unlink_sync(&self.lock);
        }
    }
}

//! What a state file's lock says and how its holder is judged: the one-line JSON record (pid,
//! start time, boot id, host name, since), the bare-pid lock of older versions, the reading of
//! Linux's `/proc/<pid>/stat`, and the verdict (ours, alive, gone, on another host). Pure Rust
//! with serde: the probes of the live system are passed in by `file_lock`.

use serde::{Deserialize, Serialize};

/// A lock's holder. Everything but the pid is optional: older versions wrote the bare pid,
/// and outside Linux there is no start time or boot id to record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Holder {
    pub pid: u64,
    /// `/proc/<pid>/stat` field 22 (clock ticks after boot): with the pid, names one process
    /// for the life of a boot, as the pid alone does not once it is reused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_ticks: Option<String>,
    /// `/proc/sys/kernel/random/boot_id`: a lock from before a reboot names no live process.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub boot_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    /// When the lock was taken (ISO 8601), for the person reading the refusal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
}

impl Holder {
    /// A lock file's text: the JSON line, or an older version's bare pid; `None` when it is
    /// neither (being written, or cut short by a crash).
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        if let Ok(pid) = text.parse::<u64>() {
            return Some(Self {
                pid,
                ..Self::default()
            });
        }
        serde_json::from_str(text).ok()
    }

    /// The lock file's content: one JSON line.
    pub fn to_line(&self) -> String {
        let json = serde_json::to_string(self).unwrap_or_else(|_| format!("{}", self.pid));
        format!("{json}\n")
    }

    /// `pid@host` when the host is known, for messages.
    pub fn name(&self) -> String {
        match &self.hostname {
            Some(h) => format!("{}@{h}", self.pid),
            None => self.pid.to_string(),
        }
    }
}

/// What `/proc/<pid>/stat` says of a process: its state letter and start time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcStat {
    pub state: String,
    pub start_ticks: String,
}

impl ProcStat {
    /// Parses `/proc/<pid>/stat`. The command name (field 2) is in parentheses and may itself
    /// hold spaces and parentheses, so fields are counted after the last `)`.
    pub fn parse(text: &str) -> Option<Self> {
        let rest = &text[text.rfind(')')? + 1..];
        let fields: Vec<&str> = rest.split_ascii_whitespace().collect();
        // After the name: field 3 (state) is fields[0], field 22 (starttime) is fields[19].
        let state = fields.first()?;
        let start_ticks = fields.get(19)?;
        if !start_ticks.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Some(Self {
            state: state.to_string(),
            start_ticks: start_ticks.to_string(),
        })
    }

    /// A zombie (killed, never reaped by its parent) or a dead task holds nothing, although
    /// `kill(pid, 0)` still finds it.
    pub fn is_dead(&self) -> bool {
        matches!(self.state.as_str(), "Z" | "X" | "x")
    }
}

/// What the system says of a pid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Probe {
    /// `kill(pid, 0)` answered ESRCH.
    Gone,
    /// It exists (or we may not signal it); its stat where /proc has one.
    Exists(Option<ProcStat>),
}

/// Who holds a lock, judged from this process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// This process, through another instance of kms-wasm (a worker thread, a second module).
    ThisProcess,
    /// A live process on this host.
    Alive,
    /// A process on another host, which cannot be checked from here: never presumed dead.
    OtherHost,
    /// Gone: exited, killed (even if a zombie), its pid reused, or from before a reboot.
    Stale,
}

/// Judges `holder` from process `me`; `probe` asks the system about another pid.
pub fn judge(holder: &Holder, me: &Holder, probe: impl FnOnce(u64) -> Probe) -> Verdict {
    if let (Some(theirs), Some(ours)) = (&holder.hostname, &me.hostname) {
        if theirs != ours {
            return Verdict::OtherHost;
        }
    }
    if let (Some(theirs), Some(ours)) = (&holder.boot_id, &me.boot_id) {
        if theirs != ours {
            return Verdict::Stale;
        }
    }
    let same_start = |ticks: &str| holder.start_ticks.as_deref().is_none_or(|t| t == ticks);
    if holder.pid == me.pid {
        // Our pid. With start times, the same one is this very process; without (an older
        // lock, or no /proc), the caller has already ruled out this instance, and a lock
        // naming our pid is most likely an earlier run's (a container restarted after a crash).
        return match (&holder.start_ticks, &me.start_ticks) {
            (Some(theirs), Some(ours)) if theirs == ours => Verdict::ThisProcess,
            _ => Verdict::Stale,
        };
    }
    match probe(holder.pid) {
        Probe::Gone => Verdict::Stale,
        Probe::Exists(Some(stat)) if stat.is_dead() || !same_start(&stat.start_ticks) => {
            Verdict::Stale
        }
        Probe::Exists(_) => Verdict::Alive,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stat(name: &str, state: &str, start: u64) -> String {
        let mut f = vec![state.to_string()];
        f.extend((4..22).map(|i| i.to_string()));
        f.push(start.to_string());
        f.extend(["1000".into(), "2000".into()]);
        format!("4242 ({name}) {}\n", f.join(" "))
    }

    fn holder(pid: u64, start: Option<&str>) -> Holder {
        Holder {
            pid,
            start_ticks: start.map(Into::into),
            boot_id: Some("boot-1".into()),
            hostname: Some("here".into()),
            since: None,
        }
    }

    #[test]
    fn proc_stat_counts_fields_after_the_last_parenthesis() {
        let s = ProcStat::parse(&stat("a) Z (b", "S", 987654)).unwrap();
        assert_eq!(s.state, "S");
        assert_eq!(s.start_ticks, "987654");
        assert!(!s.is_dead());
        assert!(ProcStat::parse(&stat("node", "Z", 1)).unwrap().is_dead());
        assert_eq!(ProcStat::parse("4242 (node) S 1 2"), None);
        assert_eq!(ProcStat::parse("no parenthesis"), None);
    }

    #[test]
    fn lock_lines_round_trip_and_bare_pids_are_read() {
        let h = holder(17, Some("99"));
        assert_eq!(Holder::parse(&h.to_line()), Some(h.clone()));
        assert!(h.to_line().ends_with("}\n") && !h.to_line().trim_end().contains('\n'));
        assert_eq!(Holder::parse("123\n").map(|h| h.pid), Some(123));
        assert_eq!(Holder::parse(""), None);
        assert_eq!(Holder::parse("{\"pid\":"), None);
        assert_eq!(h.name(), "17@here");
    }

    #[test]
    fn verdicts() {
        let me = holder(10, Some("500"));
        let alive = |t: u64| move |_| Probe::Exists(ProcStat::parse(&stat("x", "S", t)));
        let other = holder(20, Some("300"));
        assert_eq!(judge(&other, &me, alive(300)), Verdict::Alive);
        assert_eq!(judge(&other, &me, alive(301)), Verdict::Stale, "pid reused");
        assert_eq!(judge(&other, &me, |_| Probe::Gone), Verdict::Stale);
        let zombie = |_| Probe::Exists(ProcStat::parse(&stat("x", "Z", 300)));
        assert_eq!(judge(&other, &me, zombie), Verdict::Stale);
        assert_eq!(judge(&other, &me, |_| Probe::Exists(None)), Verdict::Alive);
        let old = Holder::parse("20").unwrap();
        assert_eq!(
            judge(&old, &me, alive(1)),
            Verdict::Alive,
            "no start time to compare"
        );

        let far = Holder {
            hostname: Some("there".into()),
            ..holder(20, None)
        };
        assert_eq!(judge(&far, &me, |_| Probe::Gone), Verdict::OtherHost);
        let rebooted = Holder {
            boot_id: Some("boot-0".into()),
            ..other.clone()
        };
        assert_eq!(judge(&rebooted, &me, alive(300)), Verdict::Stale);

        assert_eq!(judge(&me.clone(), &me, alive(0)), Verdict::ThisProcess);
        let earlier_run = holder(10, Some("499"));
        assert_eq!(judge(&earlier_run, &me, alive(0)), Verdict::Stale);
        assert_eq!(
            judge(&Holder::parse("10").unwrap(), &me, alive(0)),
            Verdict::Stale
        );
    }
}

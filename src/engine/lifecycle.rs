//! The key state machine in one place: which states each kind of operation accepts (with
//! AWS's exception and wording for the others, reference §5.2), and the time-driven
//! transitions applied lazily before every call. Depends on `model`, `audit` and `error`.
//!
//! | check                  | Enabled | Disabled | PendingDeletion | PendingImport |
//! |------------------------|---------|----------|-----------------|---------------|
//! | `usable` (crypto)      | ok      | DIS      | PD + alarm      | PI            |
//! | `manageable`           | ok      | ok       | PD              | ok            |
//! | `switchable` (en/dis)  | ok      | ok       | PD              | PI            |
//! Other states (Unavailable, Creating, ...) are never entered by this emulator.

use super::audit::service_event;
use super::dispatch::Cx;
use super::Engine;
use crate::api::KeyState;
use crate::error::KmsError;
use crate::model::Key;

pub(crate) fn disabled(arn: &str) -> KmsError {
    KmsError::Disabled(format!("{arn} is disabled."))
}

pub(crate) fn pending_deletion(arn: &str) -> KmsError {
    KmsError::InvalidState(format!("{arn} is pending deletion."))
}

pub(crate) fn pending_import(arn: &str) -> KmsError {
    KmsError::InvalidState(format!("{arn} is pending import."))
}

impl Cx<'_> {
    /// The key, which `resolve` has already proven to exist.
    pub(crate) fn key(&self, id: &str) -> Result<&Key, KmsError> {
        self.engine
            .state
            .keys
            .get(id)
            .ok_or_else(|| KmsError::Internal(format!("key {id} vanished during the call")))
    }

    pub(crate) fn key_mut(&mut self, id: &str) -> Result<&mut Key, KmsError> {
        self.engine.touch();
        self.engine
            .state
            .keys
            .get_mut(id)
            .ok_or_else(|| KmsError::Internal(format!("key {id} vanished during the call")))
    }

    /// Cryptographic use: only Enabled keys. Trying a key pending deletion raises the alarm.
    pub(crate) fn usable(&mut self, id: &str) -> Result<(), KmsError> {
        let key = self.key(id)?;
        match key.state {
            KeyState::Enabled => Ok(()),
            KeyState::Disabled => Err(disabled(&key.arn)),
            KeyState::PendingDeletion => {
                let e = pending_deletion(&key.arn);
                self.alarm = true;
                Err(e)
            }
            KeyState::PendingImport => Err(pending_import(&key.arn)),
            other => Err(KmsError::InvalidState(format!("{} is {other:?}.", key.arn))),
        }
    }

    /// Management calls that every state but PendingDeletion allows.
    pub(crate) fn manageable(&self, id: &str) -> Result<(), KmsError> {
        let key = self.key(id)?;
        match key.state {
            KeyState::PendingDeletion => Err(pending_deletion(&key.arn)),
            _ => Ok(()),
        }
    }

    /// EnableKey and DisableKey: not while pending deletion or pending import.
    pub(crate) fn switchable(&self, id: &str) -> Result<(), KmsError> {
        let key = self.key(id)?;
        match key.state {
            KeyState::PendingDeletion => Err(pending_deletion(&key.arn)),
            KeyState::PendingImport => Err(pending_import(&key.arn)),
            _ => Ok(()),
        }
    }
}

impl Engine {
    /// Applies every time-driven transition due at or before `now`, in due order, each
    /// stamped with the moment it was due rather than the moment it was noticed.
    pub(crate) fn apply_due(&mut self, now: i64) {
        let mut due: Vec<(i64, String)> = self
            .state
            .keys
            .values()
            .filter(|k| k.state == KeyState::PendingDeletion)
            .filter_map(|k| {
                k.deletion_ms
                    .filter(|&at| at <= now)
                    .map(|at| (at, k.id.clone()))
            })
            .collect();
        due.sort();
        for (at, id) in due {
            self.delete_key_now(&id, at);
        }
    }

    /// The end of a deletion window: the key, its materials and its aliases are gone.
    fn delete_key_now(&mut self, id: &str, at: i64) {
        let Some(key) = self.state.keys.remove(id) else {
            return;
        };
        self.state.aliases.retain(|_, a| a.target_key_id != id);
        self.touch();
        let event = service_event(self, "DeleteKey", &key.arn, id, at);
        self.push_event(event, false);
    }
}

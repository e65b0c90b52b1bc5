//! `Cx`, what every operation handler works through: the engine, the request's virtual time,
//! what the audit event will record, and the key-state checks in one place (which states each
//! kind of operation accepts, with AWS's exception and wording for the others; see "Key states
//! of AWS KMS keys", https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html).
//! Depends on the `Engine`, `model` and `error`.
//!
//! | check                  | Enabled | Disabled | PendingDeletion | PendingImport |
//! |------------------------|---------|----------|-----------------|---------------|
//! | `usable` (crypto)      | ok      | DIS      | PD + alarm      | PI            |
//! | `manageable`           | ok      | ok       | PD              | ok            |
//! | `switchable` (en/dis)  | ok      | ok       | PD              | PI            |
//! Other states (Unavailable, Creating, ...) are never entered by this emulator.

use super::Engine;
use crate::api::{Blob, KeyState};
use crate::error::KmsError;
use crate::model::Key;

/// What a handler sees: the engine, the request's virtual time, and what the audit event
/// should record about the call.
pub(crate) struct Cx<'a> {
    pub engine: &'a mut Engine,
    pub now: i64,
    /// The operation, who calls it, and the request as parsed (for authorization).
    pub op: &'a str,
    pub caller: &'a super::Caller,
    pub request: &'a serde_json::Value,
    /// Key ARNs the call touched (CloudTrail `resources`).
    pub resources: Vec<String>,
    /// Set when the call tried to use a key that is pending deletion.
    pub alarm: bool,
    /// Read-only calls record no `responseElements`, so their output is never built as a tree.
    pub(super) read_only: bool,
    /// In-process calls with blobs as raw attachments (see `api::attachments`): the request's,
    /// until decoded, and the response's once encoded. `None`: base64 blobs (the wire).
    pub(super) attachments: Option<Vec<Blob>>,
    /// Set for such calls: the response's blobs become attachments too.
    pub(super) binary: bool,
    /// Other Regions whose audit trail records this call too (see `audit::Call::also_in`).
    pub also_in: Vec<String>,
    /// The key material ids the call sealed and opened with (see `AuditRecord::material`).
    pub material: Option<String>,
    pub source_material: Option<String>,
}

pub(crate) fn disabled(arn: &str) -> KmsError {
    KmsError::Disabled(format!("{arn} is disabled."))
}

pub(crate) fn pending_deletion(arn: &str) -> KmsError {
    KmsError::InvalidState(format!("{arn} is pending deletion."))
}

/// The key's usage is not the one `op` needs: AWS's InvalidKeyUsageException text.
pub(crate) fn wrong_usage(arn: &str, usage: &str, op: &str) -> KmsError {
    KmsError::InvalidKeyUsage(format!(
        "{arn} key usage is {usage} which is not valid for {op}."
    ))
}

/// A multi-Region primary key waiting for its replicas' deletion (AWS's text is unrecorded).
pub(crate) fn pending_replica_deletion(arn: &str) -> KmsError {
    KmsError::InvalidState(format!("{arn} is pending replica deletion."))
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
        self.engine.touch_key(id);
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
            KeyState::PendingReplicaDeletion => Err(pending_replica_deletion(&key.arn)),
            other => Err(KmsError::InvalidState(format!("{} is {other:?}.", key.arn))),
        }
    }

    /// Management calls that every state but PendingDeletion allows.
    pub(crate) fn manageable(&self, id: &str) -> Result<(), KmsError> {
        let key = self.key(id)?;
        match key.state {
            KeyState::PendingDeletion => Err(pending_deletion(&key.arn)),
            KeyState::PendingReplicaDeletion => Err(pending_replica_deletion(&key.arn)),
            _ => Ok(()),
        }
    }

    /// EnableKey and DisableKey: not while pending deletion or pending import.
    pub(crate) fn switchable(&self, id: &str) -> Result<(), KmsError> {
        let key = self.key(id)?;
        match key.state {
            KeyState::PendingDeletion => Err(pending_deletion(&key.arn)),
            KeyState::PendingReplicaDeletion => Err(pending_replica_deletion(&key.arn)),
            KeyState::PendingImport => Err(pending_import(&key.arn)),
            _ => Ok(()),
        }
    }
}

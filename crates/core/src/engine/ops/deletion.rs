//! ScheduleKeyDeletion and CancelKeyDeletion. The deletion itself happens when the window
//! ends, in `due::apply_due`. Depends on `Cx`, `resolve` and `limits`.

use crate::api::shapes::*;
use crate::api::{validate, KeyManager, KeyState, Timestamp};
use crate::engine::cx::pending_deletion;
use crate::engine::cx::Cx;
use crate::engine::resolve::Accept;
use crate::error::KmsError;
use crate::limits::{DAY_MS, DEFAULT_PENDING_WINDOW_DAYS, PENDING_WINDOW_DAYS};

pub(crate) fn schedule_key_deletion(
    cx: &mut Cx,
    r: ScheduleKeyDeletionRequest,
) -> Result<ScheduleKeyDeletionResponse, KmsError> {
    validate::opt_range("pendingWindowInDays", r.pending_window_in_days, 1, 365)?;
    let days = r
        .pending_window_in_days
        .unwrap_or(DEFAULT_PENDING_WINDOW_DAYS);
    if !PENDING_WINDOW_DAYS.contains(&days) {
        return Err(KmsError::Validation(format!(
            "PendingWindowInDays must be between {} and {}",
            PENDING_WINDOW_DAYS.start(),
            PENDING_WINDOW_DAYS.end()
        )));
    }
    let id = cx.resolve("keyId", &r.key_id, Accept::Key)?;
    let key = cx.key(&id)?;
    if matches!(
        key.state,
        KeyState::PendingDeletion | KeyState::PendingReplicaDeletion
    ) {
        return Err(pending_deletion(&key.arn));
    }
    if key.key_manager == KeyManager::Aws {
        return Err(KmsError::UnsupportedOperation(Some(format!(
            "{} is an AWS managed key, which cannot be deleted.",
            key.arn
        ))));
    }
    let arn = key.arn.clone();
    // A multi-Region primary key waits for its replicas to go; its window starts then.
    let waits = key
        .multi_region
        .as_ref()
        .is_some_and(|m| !key.is_replica() && !m.replicas.is_empty());
    let (state, at) = match waits {
        true => (KeyState::PendingReplicaDeletion, None),
        false => (KeyState::PendingDeletion, Some(cx.now + days * DAY_MS)),
    };
    let key = cx.key_mut(&id)?;
    key.state = state;
    key.deletion_ms = at;
    key.pending_window_days = Some(days as u32);
    Ok(ScheduleKeyDeletionResponse {
        key_id: arn,
        deletion_date: at.map(Timestamp),
        key_state: state,
        pending_window_in_days: days,
    })
}

pub(crate) fn cancel_key_deletion(cx: &mut Cx, r: KeyIdRequest) -> Result<KeyIdResponse, KmsError> {
    let id = cx.resolve("keyId", &r.key_id, Accept::Key)?;
    let key = cx.key(&id)?;
    if !matches!(
        key.state,
        KeyState::PendingDeletion | KeyState::PendingReplicaDeletion
    ) {
        return Err(KmsError::InvalidState(format!(
            "{} is not pending deletion.",
            key.arn
        )));
    }
    let arn = key.arn.clone();
    // AWS always lands a cancelled key in Disabled, whatever it was before.
    let key = cx.key_mut(&id)?;
    key.state = KeyState::Disabled;
    key.deletion_ms = None;
    key.pending_window_days = None;
    Ok(KeyIdResponse { key_id: arn })
}

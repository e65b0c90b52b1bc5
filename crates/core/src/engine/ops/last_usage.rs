//! GetKeyLastUsage: a key's last successful cryptographic use, which the engine notes when the
//! call's audit event is recorded (`model::usage`), and the start of tracking for keys saved
//! before tracking existed. Allowed in every key state; key id or key ARN only.
//! Depends on `Cx`, the resolve helper and `model::usage`.

use crate::api::shapes::*;
use crate::api::{validate, Timestamp};
use crate::engine::cx::Cx;
use crate::engine::resolve::Accept;
use crate::engine::Engine;
use crate::error::KmsError;
use crate::model::UsageTracking;

/// An alias name or alias ARN. AWS documents that aliases are not supported here but not the
/// error; NotFoundException is what the other key-only operations answer, with a reason added.
fn is_alias(id: &str) -> bool {
    id.starts_with("alias/") || (id.starts_with("arn:") && id.contains(":alias/"))
}

pub(crate) fn get_key_last_usage(
    cx: &mut Cx,
    r: KeyIdRequest,
) -> Result<GetKeyLastUsageResponse, KmsError> {
    validate::len("keyId", &r.key_id, 1, 2048)?;
    if is_alias(&r.key_id) {
        return Err(KmsError::NotFound(format!(
            "Invalid keyId '{}': GetKeyLastUsage takes a key ID or key ARN, not an alias",
            r.key_id
        )));
    }
    let id = cx.resolve("keyId", &r.key_id, Accept::Key)?;
    let key = cx.key(&id)?;
    // Opening a state tracks every key; an untracked one would start now, as opening does.
    let (since, last) = match &key.usage_tracking {
        Some(t) => (t.since_ms, t.last.as_ref()),
        None => (cx.now, None),
    };
    let key_last_usage = last
        .map(|u| KeyLastUsageData {
            operation: Some(u.operation.clone()),
            timestamp: Some(Timestamp(u.time_ms)),
            cloud_trail_event_id: Some(u.event_id.clone()),
            kms_request_id: Some(u.request_id.clone()),
        })
        .unwrap_or_default();
    Ok(GetKeyLastUsageResponse {
        key_id: key.id.clone(),
        key_last_usage,
        // AWS: the service's tracking start or the key's creation, whichever is later.
        tracking_start_date: Timestamp(since.max(key.creation_ms)),
        key_creation_date: Timestamp(key.creation_ms),
    })
}

impl Engine {
    /// Starts tracking, from (virtual) now, the keys of a state saved before tracking existed.
    /// They are marked changed, so the start is saved with the next change or audit event: it
    /// is kept exactly when a use after it could be.
    pub(in crate::engine) fn track_untracked_keys(&mut self) {
        let now = self.now_ms();
        let untracked: Vec<String> = self
            .state
            .keys
            .values()
            .filter(|k| k.usage_tracking.is_none())
            .map(|k| k.id.clone())
            .collect();
        for id in untracked {
            self.touch_key(&id);
            if let Some(key) = self.state.keys.get_mut(&id) {
                key.usage_tracking = Some(UsageTracking::since(now));
            }
        }
    }
}

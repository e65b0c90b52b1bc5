//! Last-usage tracking (GetKeyLastUsage): which operations count, and the one rule that applies
//! a recorded call to the keys it used (what a key keeps is `model::key::UsageTracking`). The
//! engine applies it when a call's audit event is recorded; journal replay and merged stashed
//! events apply it again, so every path leaves the same state. Depends on `model::{key, audit}`.

use super::{arn_account, arn_region, partition_id, AuditRecord, LastUse, State};

/// AWS's `KeyLastUsageTrackingOperation`: the cryptographic operations that count as a use.
pub const TRACKED_OPERATIONS: &[&str] = &[
    "Decrypt",
    "DeriveSharedSecret",
    "Encrypt",
    "GenerateDataKey",
    "GenerateDataKeyPair",
    "GenerateDataKeyPairWithoutPlaintext",
    "GenerateDataKeyWithoutPlaintext",
    "GenerateMac",
    "ReEncrypt",
    "Sign",
    "Verify",
    "VerifyMac",
    "Encapsulate",
    "Decapsulate",
];

/// Makes `r` the last use of every key it names (by ARN, so in its own account and Region),
/// when it is a successful call of a tracked operation (ReEncrypt names both its keys). Keys
/// without tracking are left alone: their events come from a build without tracking, replayed
/// before the engine starts tracking them.
pub fn note_use(state: &mut State, r: &AuditRecord) {
    if r.service || r.error_code.is_some() || !TRACKED_OPERATIONS.contains(&r.name.as_str()) {
        return;
    }
    let Some(request_id) = &r.request_id else {
        return;
    };
    for arn in &r.resources {
        let id = arn.rsplit('/').next().unwrap_or(arn);
        let (Some(account), Some(region)) = (arn_account(arn), arn_region(arn)) else {
            continue;
        };
        let part = partition_id(account, region);
        let keys = state.keys_of(Some(&part));
        let Some(key) = keys.get_mut(id).filter(|k| k.arn == *arn) else {
            continue;
        };
        if let Some(tracking) = key.usage_tracking.as_mut() {
            tracking.last = Some(LastUse {
                operation: r.name.clone(),
                time_ms: r.time_ms,
                event_id: r.event_id.clone(),
                request_id: request_id.clone(),
            });
        }
    }
}

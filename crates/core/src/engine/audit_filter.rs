//! Which audit events a reader asks for (`Engine::audit_log`, the JS API's `auditLog(filter)`):
//! by key, event name, failure, alarm, Region and account. Depends on `model`.

use crate::model::{split_partition, AuditRecord};
use serde_json::Value;

/// Which events `Engine::audit_log` returns. Every field narrows the result.
#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    /// Key id, key ARN or alias name: events whose resources include that key.
    pub key_id: Option<String>,
    pub event_name: Option<String>,
    /// Only events with an `errorCode`.
    pub failed_only: bool,
    /// Only events that raised the pending-deletion alarm.
    pub alarms_only: bool,
    /// Only events in this Region (CloudTrail's `awsRegion`).
    pub region: Option<String>,
    /// Only events in this account (`recipientAccountId`).
    pub account: Option<String>,
}

impl AuditFilter {
    /// `home`: the partition of events recorded before kms-wasm held many Regions.
    pub(crate) fn matches(&self, r: &AuditRecord, home: &str) -> bool {
        let (account, region) = split_partition(r.partition.as_deref().unwrap_or(home));
        if self.region.as_ref().is_some_and(|x| x != region)
            || self.account.as_ref().is_some_and(|x| x != account)
        {
            return false;
        }
        if self.event_name.as_ref().is_some_and(|n| *n != r.name)
            || (self.failed_only && r.error_code.is_none())
            || (self.alarms_only && !r.alarm)
        {
            return false;
        }
        match &self.key_id {
            None => true,
            Some(k) => {
                let id = k.rsplit('/').next().unwrap_or(k);
                let suffix = format!("/{id}");
                r.resources
                    .iter()
                    .any(|arn| arn == k || arn.ends_with(&suffix))
                    || ["KeyId", "keyId"]
                        .iter()
                        .any(|m| r.request.get(*m).and_then(Value::as_str) == Some(k.as_str()))
            }
        }
    }
}

//! AWS managed keys (`KeyManager: AWS`): created the first time a caller names a predefined
//! `alias/aws/<service>` alias, rotated automatically on AWS's schedule, and closed to the
//! caller's rotation and deletion management. Depends on the `Engine`, `model`, `ids` and
//! `limits`.

use super::ids::key_arn;
use super::Engine;
use crate::api::{KeyManager, KeyState, Origin};
use crate::limits::DAY_MS;
use crate::model::{Alias, Key, Rotation, UsageTracking};

/// `alias/aws/<service>` with a service name the alias rules allow.
pub(crate) fn is_managed_alias(name: &str) -> bool {
    name.strip_prefix("alias/aws/").is_some_and(|svc| {
        !svc.is_empty()
            && svc
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '-'))
    })
}

impl Engine {
    /// Creates the AWS managed key behind `alias` (which does not exist yet) and returns its id.
    pub(crate) fn create_aws_managed_key(&mut self, alias: &str, now: i64) -> String {
        let service = alias.trim_start_matches("alias/aws/").to_string();
        let id = self.uuid();
        let cfg = self.cfg.clone();
        let arn = key_arn(&cfg, &id);
        let material = self.new_material(now, None);
        let period = cfg.aws_managed_rotation_days.max(1);
        let policy = serde_json::json!({
            "Version": "2012-10-17",
            "Id": format!("auto-{service}"),
            "Statement": [{
                "Sid": "Allow access through the AWS service for all principals in the account that are authorized to use it",
                "Effect": "Allow",
                "Principal": {"AWS": "*"},
                "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
                "Resource": "*",
                "Condition": {"StringEquals": {"kms:CallerAccount": cfg.account_id}},
            }],
        });
        let key = Key {
            id: id.clone(),
            arn,
            account_id: cfg.account_id.clone(),
            creation_ms: now,
            description: format!(
                "Default key that protects my {service} data when no other key is defined"
            ),
            key_usage: "ENCRYPT_DECRYPT".into(),
            key_spec: "SYMMETRIC_DEFAULT".into(),
            origin: Origin::AwsKms,
            key_manager: KeyManager::Aws,
            state: KeyState::Enabled,
            deletion_ms: None,
            pending_window_days: None,
            policy: serde_json::to_string_pretty(&policy).unwrap_or_default(),
            tags: Vec::new(),
            materials: vec![material],
            pending: None,
            rotation: Rotation {
                enabled: true,
                period_days: Some(period),
                next_ms: Some(now + period as i64 * DAY_MS),
                enabled_ms: Some(now),
                on_demand_count: 0,
            },
            usage_tracking: Some(UsageTracking::since(now)),
            grants: Vec::new(),
            multi_region: None,
        };
        self.state.keys.insert(id.clone(), key);
        let a = Alias {
            target_key_id: id.clone(),
            creation_ms: now,
            last_updated_ms: now,
        };
        self.state.aliases.insert(alias.to_string(), a);
        self.touch_alias(alias);
        self.touch_key(&id);
        id
    }
}

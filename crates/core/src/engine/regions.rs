//! Many accounts and Regions in one service. Each call works in its caller's account and
//! Region (a partition of the state: keys, aliases, import tokens); between calls the engine is
//! in its configured one. Time-driven transitions run in every partition. A key ARN of another
//! account reaches that account's key for the operations AWS allows across accounts ("Cross-
//! account use: Yes" in the API reference). Depends on `model` (partitions) and the engine.

use super::identity::Caller;
use super::Engine;
use crate::model::partition_id;
pub(crate) use crate::model::split_partition;

/// The operations that accept a KMS key of another account, named by its key ARN.
pub(crate) const CROSS_ACCOUNT: &[&str] = &[
    "CreateGrant",
    "Decapsulate",
    "Decrypt",
    "DeriveSharedSecret",
    "DescribeKey",
    "Encapsulate",
    "Encrypt",
    "GenerateDataKey",
    "GenerateDataKeyPair",
    "GenerateDataKeyPairWithoutPlaintext",
    "GenerateDataKeyWithoutPlaintext",
    "GenerateMac",
    "GetKeyRotationStatus",
    "GetPublicKey",
    "ListGrants",
    "ReEncrypt",
    "RetireGrant",
    "RevokeGrant",
    "Sign",
    "Verify",
    "VerifyMac",
];

/// A Region name of AWS's form (the model's RegionType, `^([a-z]+-){2,3}\d+$`).
pub fn valid_region(region: &str) -> bool {
    let parts: Vec<&str> = region.split('-').collect();
    let (words, last) = parts.split_at(parts.len().saturating_sub(1));
    region.len() <= 32
        && (2..=3).contains(&words.len())
        && words
            .iter()
            .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()))
        && last
            .first()
            .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}

impl Engine {
    /// The configured account and Region's partition id.
    pub(crate) fn home_id(&self) -> String {
        partition_id(&self.home.0, &self.home.1)
    }

    /// The account and Region the engine works in now.
    pub(crate) fn here(&self) -> (&str, &str) {
        (&self.cfg.account_id, &self.cfg.region)
    }

    /// Makes the engine work in `account`'s `region` (a new partition starts empty).
    pub(crate) fn enter(&mut self, account: &str, region: &str) {
        if self.cfg.account_id == account && self.cfg.region == region {
            return;
        }
        let current = std::mem::replace(&mut self.here_id, partition_id(account, region));
        self.state.enter(&self.here_id, &current);
        self.cfg.account_id = account.to_string();
        self.cfg.region = region.to_string();
    }

    /// Back to the configured account and Region.
    pub(crate) fn go_home(&mut self) {
        if self.here() != (self.home.0.as_str(), self.home.1.as_str()) {
            let (account, region) = self.home.clone();
            self.enter(&account, &region);
        }
    }

    /// After the state was replaced wholesale: `cfg` names the partition at its top, then the
    /// engine goes home.
    pub(super) fn settle_home(&mut self) {
        let here = self.state.here.clone().unwrap_or_else(|| self.home_id());
        let (account, region) = split_partition(&here);
        self.cfg.account_id = account.to_string();
        self.cfg.region = region.to_string();
        self.here_id = here.clone();
        self.state.here = Some(here);
        self.go_home();
    }

    /// The account a caller belongs to: its principal's, a service principal's source
    /// account, else the configured one.
    pub(crate) fn caller_account<'a>(&'a self, caller: &'a Caller) -> &'a str {
        let own = match &caller.service {
            Some(_) => caller.source_account.as_deref(),
            None => caller
                .principal
                .as_deref()
                .and_then(crate::model::arn_account)
                .filter(|a| !a.is_empty()),
        };
        own.unwrap_or(&self.home.0)
    }

    /// Puts the engine in the caller's account and Region, where its call works.
    pub(crate) fn enter_caller(&mut self, caller: &Caller) {
        let region = caller.region.as_deref().unwrap_or(&self.home.1);
        let account = self.caller_account(caller);
        if (account, region) != self.here() {
            let (account, region) = (account.to_string(), region.to_string());
            self.enter(&account, &region);
        }
    }

    /// The partitions other than the current one.
    pub(crate) fn other_partitions(&self) -> Vec<String> {
        self.state.elsewhere.keys().cloned().collect()
    }
}

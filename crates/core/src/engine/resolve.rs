//! Resolving whatever a caller sent as a key identifier (key id, key ARN, alias name, alias
//! ARN) to an existing key, with AWS's errors for each malformed or unknown form; see "Key
//! identifiers (KeyId)", https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id.
//! A key ARN of another account moves the call into that account (`regions`).
//! Depends on `Cx`, `ids`, `regions`, `aws_managed` and `error`.

use super::aws_managed::is_managed_alias;
use super::cx::Cx;
use super::ids::{alias_arn, is_mrk, is_uuid, key_arn};
use super::regions::{split_partition, CROSS_ACCOUNT};
use crate::error::KmsError;

/// Which identifier forms an operation accepts (each operation's KeyId member documents it
/// in the AWS API model).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Accept {
    /// Key id or key ARN only.
    Key,
    /// Also alias names and alias ARNs.
    KeyOrAlias,
}

fn invalid_key_id(input: &str) -> KmsError {
    KmsError::NotFound(format!("Invalid keyId '{input}'"))
}

impl Cx<'_> {
    /// Resolves `input` to the bare id of an existing key and records its ARN as a resource
    /// of this call. `path` is the member name, for length errors.
    pub(crate) fn resolve(
        &mut self,
        path: &str,
        input: &str,
        accept: Accept,
    ) -> Result<String, KmsError> {
        crate::api::validate::len(path, input, 1, 2048)?;
        // Names without an account are the caller's: come back to its account if an earlier
        // key of this call (ReEncrypt's source) was another account's.
        let id = if let Some(rest) = input.strip_prefix("arn:") {
            let parts: Vec<&str> = rest.splitn(5, ':').collect();
            let [_partition, service, region, account, resource] = parts[..] else {
                return Err(invalid_key_id(input));
            };
            if service != "kms" {
                return Err(invalid_key_id(input));
            }
            if region != self.engine.cfg.region {
                return Err(KmsError::NotFound(format!("Invalid arn {region}")));
            }
            if let Some(key) = resource.strip_prefix("key/") {
                if !is_uuid(key) && !is_mrk(key) {
                    return Err(invalid_key_id(key));
                }
                // Another account's key: only where AWS allows it, and there it is looked up.
                let own = self.engine.caller_account(self.caller);
                if account != own && !CROSS_ACCOUNT.contains(&self.op) {
                    return Err(KmsError::NotFound(format!("Key '{input}' does not exist")));
                }
                let region = region.to_string();
                self.engine.enter(account, &region);
                key.to_string()
            } else if resource.starts_with("alias/") && accept == Accept::KeyOrAlias {
                if account != self.engine.caller_account(self.caller) {
                    return Err(KmsError::NotFound(format!("Alias {input} is not found.")));
                }
                self.enter_own();
                self.alias_target(resource, accept)?
            } else {
                return Err(invalid_key_id(input));
            }
        } else if input.starts_with("alias/") {
            self.enter_own();
            if accept != Accept::KeyOrAlias {
                return Err(invalid_key_id(input));
            }
            self.alias_target(input, accept)?
        } else if is_uuid(input) || is_mrk(input) {
            self.enter_own();
            input.to_string()
        } else {
            return Err(invalid_key_id(input));
        };
        match self.engine.state.keys.get(&id) {
            Some(key) => self.resources.push(key.arn.clone()),
            None => {
                let arn = key_arn(&self.engine.cfg, &id);
                return Err(KmsError::NotFound(format!("Key '{arn}' does not exist")));
            }
        }
        self.authorize(&id, path, input)?;
        Ok(id)
    }

    /// Is the key a ciphertext names (by id alone) in the caller's account, or in another
    /// account of this Region? The call moves to the account that has it: AWS's ciphertext
    /// names the key by ARN, which key ids, unique across accounts, stand in for here.
    pub(crate) fn find_ciphertext_key(&mut self, id: &str) -> bool {
        self.enter_own();
        if self.engine.state.keys.contains_key(id) {
            return true;
        }
        let region = self.engine.cfg.region.clone();
        let holder = self.engine.state.elsewhere.iter().find_map(|(p, part)| {
            let (account, r) = split_partition(p);
            (r == region && part.keys.contains_key(id)).then(|| account.to_string())
        });
        match holder {
            Some(account) => {
                self.engine.enter(&account, &region);
                true
            }
            None => false,
        }
    }

    /// Into the caller's own account (in the call's Region).
    fn enter_own(&mut self) {
        let own = self.engine.caller_account(self.caller);
        if own != self.engine.cfg.account_id {
            let (own, region) = (own.to_string(), self.engine.cfg.region.clone());
            self.engine.enter(&own, &region);
        }
    }

    fn alias_target(&mut self, name: &str, accept: Accept) -> Result<String, KmsError> {
        match self.engine.state.aliases.get(name) {
            Some(a) => Ok(a.target_key_id.clone()),
            // AWS creates an AWS managed key the first time a predefined alias is used.
            None if accept == Accept::KeyOrAlias && is_managed_alias(name) => {
                let now = self.now;
                Ok(self.engine.create_aws_managed_key(name, now))
            }
            None => Err(KmsError::NotFound(format!(
                "Alias {} is not found.",
                alias_arn(&self.engine.cfg, name)
            ))),
        }
    }
}

//! Key identifiers: ARNs, and resolving whatever a caller sent (key id, key ARN, alias name,
//! alias ARN) to a key, with AWS's errors for each malformed or unknown form (reference §3).
//! Depends on `engine::dispatch::Cx`, `model` and `error`.

use super::dispatch::Cx;
use super::Config;
use crate::error::KmsError;

/// Which identifier forms an operation accepts (reference §3.2).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Accept {
    /// Key id or key ARN only.
    Key,
    /// Also alias names and alias ARNs.
    KeyOrAlias,
}

fn partition(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

pub(crate) fn key_arn(cfg: &Config, key_id: &str) -> String {
    format!(
        "arn:{}:kms:{}:{}:key/{key_id}",
        partition(&cfg.region),
        cfg.region,
        cfg.account_id
    )
}

pub(crate) fn alias_arn(cfg: &Config, alias_name: &str) -> String {
    format!(
        "arn:{}:kms:{}:{}:{alias_name}",
        partition(&cfg.region),
        cfg.region,
        cfg.account_id
    )
}

/// A lowercase-or-uppercase hex UUID with dashes, as KMS key ids are.
pub(crate) fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

fn is_mrk(s: &str) -> bool {
    s.strip_prefix("mrk-")
        .is_some_and(|h| h.len() == 32 && h.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Parses a UUID string into its 16 bytes (for the ciphertext header). Every Encrypt runs
/// this, so it works on the bytes directly rather than through an intermediate string.
pub(crate) fn uuid_bytes(id: &str) -> Option<[u8; 16]> {
    let mut out = [0u8; 16];
    let mut digits = id.bytes().filter(|c| *c != b'-');
    for b in out.iter_mut() {
        let hi = (digits.next()? as char).to_digit(16)?;
        let lo = (digits.next()? as char).to_digit(16)?;
        *b = (hi << 4 | lo) as u8;
    }
    digits.next().is_none().then_some(out)
}

/// The 8-4-4-4-12 lowercase form of 16 bytes.
pub(crate) fn uuid_string(b: &[u8; 16]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = [b'-'; 36];
    let mut at = 0;
    for (i, byte) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            at += 1;
        }
        out[at] = DIGITS[(byte >> 4) as usize];
        out[at + 1] = DIGITS[(byte & 15) as usize];
        at += 2;
    }
    // Only ASCII was written.
    String::from_utf8_lossy(&out).into_owned()
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
        let cfg = &self.engine.cfg;
        let id = if let Some(rest) = input.strip_prefix("arn:") {
            let parts: Vec<&str> = rest.splitn(5, ':').collect();
            let [_partition, service, region, account, resource] = parts[..] else {
                return Err(invalid_key_id(input));
            };
            if service != "kms" {
                return Err(invalid_key_id(input));
            }
            if region != cfg.region {
                return Err(KmsError::NotFound(format!("Invalid arn {region}")));
            }
            if let Some(key) = resource.strip_prefix("key/") {
                if !is_uuid(key) && !is_mrk(key) {
                    return Err(invalid_key_id(key));
                }
                if account != cfg.account_id {
                    return Err(KmsError::NotFound(format!("Key '{input}' does not exist")));
                }
                key.to_string()
            } else if resource.starts_with("alias/") && accept == Accept::KeyOrAlias {
                if account != self.engine.cfg.account_id {
                    return Err(KmsError::NotFound(format!("Alias {input} is not found.")));
                }
                self.alias_target(resource, accept)?
            } else {
                return Err(invalid_key_id(input));
            }
        } else if input.starts_with("alias/") {
            if accept != Accept::KeyOrAlias {
                return Err(invalid_key_id(input));
            }
            self.alias_target(input, accept)?
        } else if is_uuid(input) || is_mrk(input) {
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
        Ok(id)
    }

    fn alias_target(&mut self, name: &str, accept: Accept) -> Result<String, KmsError> {
        match self.engine.state.aliases.get(name) {
            Some(a) => Ok(a.target_key_id.clone()),
            // AWS creates an AWS managed key the first time a predefined alias is used.
            None if accept == Accept::KeyOrAlias && super::aws_managed::is_managed_alias(name) => {
                Ok(self.create_aws_managed_key(name))
            }
            None => Err(KmsError::NotFound(format!(
                "Alias {} is not found.",
                alias_arn(&self.engine.cfg, name)
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_forms() {
        assert!(is_uuid("1234abcd-12ab-34cd-56ef-1234567890ab"));
        assert!(!is_uuid("134f2428cec14b25a1ae9048164dba47"));
        assert!(is_mrk("mrk-1234abcd12ab34cd56ef1234567890ab"));
        assert!(!is_mrk("mrk-fake-key-id"));
        let id = "1234abcd-12ab-34cd-56ef-1234567890ab";
        assert_eq!(uuid_string(&uuid_bytes(id).unwrap()), id);
        let cfg = Config::default();
        assert_eq!(
            key_arn(&cfg, id),
            format!("arn:aws:kms:us-east-1:111122223333:key/{id}")
        );
    }
}

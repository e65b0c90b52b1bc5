//! Who may do what with a key: each key an operation names is checked against the key's
//! policy for the caller, the action the operation needs on it (`kms:Decrypt`,
//! `kms:ReEncryptFrom`, …) and the condition keys the request carries, with AWS's
//! AccessDeniedException texts; where the policy has no Allow, the key's grants may allow
//! (`grant_access`). Parsed policies are kept per key until the text changes.
//! kms-wasm has no IAM: a policy that delegates to the account allows all of its principals.
//! Depends on `policy`, `grant_access`, `Cx` and `model`.

use super::cx::Cx;
use super::grant_access;
use crate::api::{iso8601, KeyManager, Origin};
use crate::error::KmsError;
use crate::model::{arn_account, Key};
use crate::policy::{self, Decision, Policy, Request};
use serde_json::Value;
use std::collections::BTreeMap;
use std::rc::Rc;

/// Parsed key policies by key id, each with the text it was parsed from.
#[derive(Default)]
pub(crate) struct PolicyCache(BTreeMap<String, (String, Rc<Policy>)>);

impl PolicyCache {
    fn get(&mut self, key: &Key) -> Rc<Policy> {
        match self.0.get(&key.id) {
            Some((text, parsed)) if *text == key.policy => Rc::clone(parsed),
            _ => {
                let doc: Value = serde_json::from_str(&key.policy).unwrap_or(Value::Null);
                let parsed = Rc::new(policy::read(&doc));
                self.0
                    .insert(key.id.clone(), (key.policy.clone(), Rc::clone(&parsed)));
                parsed
            }
        }
    }
}

/// The action an operation needs on the key named by request member `member`.
fn action(op: &str, member: &str) -> String {
    match (op, member) {
        ("ReEncrypt", "destinationKeyId") => "kms:ReEncryptTo".into(),
        ("ReEncrypt", _) => "kms:ReEncryptFrom".into(),
        _ => format!("kms:{op}"),
    }
}

/// The request's encryption context that applies to `action`.
fn context<'a>(request: &'a Value, action: &str) -> Option<&'a serde_json::Map<String, Value>> {
    let member = match action {
        "kms:ReEncryptFrom" => "SourceEncryptionContext",
        "kms:ReEncryptTo" => "DestinationEncryptionContext",
        _ => "EncryptionContext",
    };
    request.get(member)?.as_object()
}

/// Operations whose `EncryptionAlgorithm` defaults to SYMMETRIC_DEFAULT ("matches the
/// default too", AWS KMS condition keys).
const DEFAULT_ALGORITHM_OPS: &[&str] = &[
    "Encrypt",
    "Decrypt",
    "ReEncrypt",
    "GenerateDataKey",
    "GenerateDataKeyWithoutPlaintext",
    "GenerateDataKeyPair",
    "GenerateDataKeyPairWithoutPlaintext",
];

/// What the condition keys of one check are computed from.
struct Facts<'a> {
    cx: &'a Cx<'a>,
    key: &'a Key,
    principal: &'a str,
    action: &'a str,
    named: &'a str,
}

impl Facts<'_> {
    fn member(&self, name: &str) -> Option<Vec<String>> {
        match self.cx.request.get(name)? {
            Value::String(s) => Some(vec![s.clone()]),
            Value::Number(n) => Some(vec![n.to_string()]),
            Value::Bool(b) => Some(vec![b.to_string()]),
            Value::Array(a) => Some(
                a.iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect(),
            ),
            _ => None,
        }
    }

    fn tags(tags: Option<&Value>) -> Vec<(String, String)> {
        tags.and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|t| {
                Some((
                    t.get("TagKey")?.as_str()?.to_string(),
                    t.get("TagValue")?.as_str()?.to_string(),
                ))
            })
            .collect()
    }

    /// The values of condition key `name` (lower case), `None` when the request has none.
    fn values(&self, name: &str) -> Option<Vec<String>> {
        let one = |s: &str| Some(vec![s.to_string()]);
        let op = self.cx.op;
        let caller = self.cx.caller;
        if let Some(k) = name.strip_prefix("kms:encryptioncontext:") {
            let ctx = context(self.cx.request, self.action)?;
            let (_, v) = ctx.iter().find(|(ck, _)| ck.eq_ignore_ascii_case(k))?;
            return one(v.as_str()?);
        }
        if let Some(k) = name.strip_prefix("aws:resourcetag/") {
            let (_, v) = self
                .key
                .tags
                .iter()
                .find(|(t, _)| t.eq_ignore_ascii_case(k))?;
            return one(v);
        }
        if let Some(k) = name.strip_prefix("aws:requesttag/") {
            let tags = Self::tags(self.cx.request.get("Tags"));
            let (_, v) = tags.into_iter().find(|(t, _)| t.eq_ignore_ascii_case(k))?;
            return Some(vec![v]);
        }
        match name {
            "aws:principalarn" | "aws:userid" if caller.service.is_none() => one(self.principal),
            "aws:principalaccount" | "kms:calleraccount" if caller.service.is_none() => {
                one(arn_account(self.principal).unwrap_or_default())
            }
            "aws:principalservicename" => one(caller.service.as_deref()?),
            "aws:principalisawsservice" => one(&caller.service.is_some().to_string()),
            "kms:viaservice" => one(caller.via_service.as_deref()?),
            "aws:sourcearn" => one(caller.source_arn.as_deref()?),
            "aws:sourceaccount" => one(caller.source_account.as_deref()?),
            "aws:sourceip" => one(&self.cx.caller.source_ip),
            "aws:useragent" => one(&self.cx.caller.user_agent),
            "aws:currenttime" => one(&iso8601(self.cx.now)),
            "aws:epochtime" => one(&(self.cx.now / 1000).to_string()),
            "aws:tagkeys" => Some(
                Self::tags(self.cx.request.get("Tags"))
                    .into_iter()
                    .map(|(k, _)| k)
                    .collect(),
            ),
            "kms:keyspec" | "kms:customermasterkeyspec" => one(&self.key.key_spec),
            "kms:keyusage" | "kms:customermasterkeyusage" => one(&self.key.key_usage),
            "kms:keyorigin" => one(match self.key.origin {
                Origin::AwsKms => "AWS_KMS",
                Origin::External => "EXTERNAL",
            }),
            "kms:grantisforawsresource" => one("false"),
            "kms:multiregion" => one(&self.key.multi_region.is_some().to_string()),
            "kms:multiregionkeytype" => self.key.multi_region.as_ref().map(|_| {
                vec![if self.key.is_replica() {
                    "REPLICA"
                } else {
                    "PRIMARY"
                }
                .into()]
            }),
            "kms:replicaregion" => self.member("ReplicaRegion"),
            "kms:primaryregion" => self.member("PrimaryRegion"),
            "kms:encryptioncontextkeys" => Some(
                context(self.cx.request, self.action)?
                    .keys()
                    .cloned()
                    .collect(),
            ),
            "kms:encryptionalgorithm" => self.member("EncryptionAlgorithm").or_else(|| {
                DEFAULT_ALGORITHM_OPS
                    .contains(&op)
                    .then(|| vec!["SYMMETRIC_DEFAULT".into()])
            }),
            "kms:messagetype" => self
                .member("MessageType")
                .or_else(|| matches!(op, "Sign" | "Verify").then(|| vec!["RAW".into()])),
            "kms:signingalgorithm" => self.member("SigningAlgorithm"),
            "kms:macalgorithm" => self.member("MacAlgorithm"),
            "kms:keyagreementalgorithm" => self.member("KeyAgreementAlgorithm"),
            "kms:datakeypairspec" => self.member("KeyPairSpec"),
            "kms:wrappingalgorithm" => self.member("WrappingAlgorithm"),
            "kms:wrappingkeyspec" => self.member("WrappingKeySpec"),
            "kms:expirationmodel" => self.member("ExpirationModel"),
            "kms:rotationperiodindays" => self.member("RotationPeriodInDays"),
            "kms:schedulekeydeletionpendingwindowindays" => self
                .member("PendingWindowInDays")
                .or_else(|| (op == "ScheduleKeyDeletion").then(|| vec!["30".into()])),
            "kms:grantoperations" => self.member("Operations"),
            "kms:granteeprincipal" => self.member("GranteePrincipal"),
            "kms:retiringprincipal" => self.member("RetiringPrincipal"),
            "kms:policyname" => self
                .member("PolicyName")
                .or_else(|| op.contains("KeyPolic").then(|| vec!["default".into()])),
            "kms:bypasspolicylockoutsafetycheck" => self.member("BypassPolicyLockoutSafetyCheck"),
            "kms:reencryptonsamekey" => {
                let dest = self.cx.request.get("DestinationKeyId")?.as_str()?;
                one(&(dest == self.key.id || dest == self.key.arn).to_string())
            }
            "kms:requestalias" => self
                .named
                .contains("alias/")
                .then(|| vec![self.named.to_string()]),
            "kms:resourcealiases" => Some(
                self.cx
                    .engine
                    .state
                    .aliases
                    .iter()
                    .filter(|(_, a)| a.target_key_id == self.key.id)
                    .map(|(name, _)| name.clone())
                    .collect(),
            ),
            _ => None,
        }
    }
}

impl Cx<'_> {
    /// The caller's ARN: the principal the call was made as, else the account itself; or the
    /// name of the AWS service principal that calls.
    pub(crate) fn principal(&self) -> String {
        let c = self.caller;
        let root = || format!("arn:aws:iam::{}:root", self.engine.caller_account(c));
        c.service
            .clone()
            .or(c.principal.clone())
            .unwrap_or_else(root)
    }

    /// The request's `GrantTokens` must each be a token of an existing grant. Grants take
    /// effect at once here (no eventual consistency), so a valid token changes nothing else.
    fn check_grant_tokens(&self) -> Result<(), KmsError> {
        let tokens = self.request.get("GrantTokens").and_then(Value::as_array);
        for t in tokens.into_iter().flatten() {
            let keys = &self.engine.state.keys;
            let known = t
                .as_str()
                .and_then(grant_access::read_token)
                .is_some_and(|(k, g)| {
                    keys.get(&k)
                        .is_some_and(|key| key.grants.iter().any(|x| x.id == g))
                });
            if !known {
                return Err(KmsError::InvalidGrantToken(
                    "The grant token is not valid.".into(),
                ));
            }
        }
        Ok(())
    }

    /// May the caller do this operation on key `id`, named in the request as `named` by
    /// member `member`? AWS managed keys are left to AWS's own rules (their policy is AWS's).
    pub(crate) fn authorize(
        &mut self,
        id: &str,
        member: &str,
        named: &str,
    ) -> Result<(), KmsError> {
        self.check_grant_tokens()?;
        match self.op {
            // ListAliases: authorized by IAM alone, which kms-wasm does not have. RetireGrant:
            // decided by the grant itself (`retire_allowed`).
            "ListAliases" | "RetireGrant" => Ok(()),
            _ => self.key_access(id, member, named),
        }
    }

    /// The key policy's decision for the caller, or failing an Allow, the key's grants'.
    pub(crate) fn key_access(
        &mut self,
        id: &str,
        member: &str,
        named: &str,
    ) -> Result<(), KmsError> {
        let Some(key) = self.engine.state.keys.get(id) else {
            return Ok(()); // not found: resolve answers that
        };
        let parsed = self.engine.policies.get(key);
        // The common case, answered without building the request: a policy with no Deny that
        // lets every principal of the account do everything (the default policy does), and a
        // caller of that account.
        let caller_account = match (&self.caller.service, &self.caller.principal) {
            (Some(_), _) => "", // a service principal is no principal of the account
            (None, Some(p)) => arn_account(p).unwrap_or_default(),
            (None, None) => self.engine.caller_account(self.caller),
        };
        if caller_account == key.account_id && parsed.open_to(caller_account) {
            return Ok(());
        }
        // An AWS managed key's policy (AWS's) lets the principals of its account use it, and
        // no one else (kms:CallerAccount); kms-wasm has no IAM to narrow that further.
        let managed = key.key_manager == KeyManager::Aws;
        if managed && caller_account == key.account_id {
            return Ok(());
        }
        let key = self
            .engine
            .state
            .keys
            .get(id)
            .ok_or(KmsError::Internal("key vanished".into()))?;
        let principal = self.principal();
        let action = action(self.op, member);
        let account = arn_account(&principal).unwrap_or_default().to_string();
        let request = Request {
            principal: &principal,
            account: &account,
            service: self.caller.service.is_some(),
            action: &action,
            resource: &key.arn,
        };
        let facts = Facts {
            cx: self,
            key,
            principal: &principal,
            action: &action,
            named,
        };
        let decision = match managed {
            true => Decision::NoAllow,
            false => policy::evaluate(&parsed, &request, &|name| facts.values(name)),
        };
        let why = match decision {
            Decision::Allow(_) => return Ok(()),
            Decision::Deny(_) => "with an explicit deny in a resource-based policy".to_string(),
            Decision::NoAllow
                if grant_access::allows(
                    key,
                    self.caller,
                    &principal,
                    &action,
                    self.request,
                    context(self.request, &action),
                ) =>
            {
                return Ok(());
            }
            Decision::NoAllow => {
                format!("because no resource-based policy allows the {action} action")
            }
        };
        Err(KmsError::AccessDenied(format!(
            "User: {principal} is not authorized to perform: {action} on resource: {} {why}",
            key.arn
        )))
    }
}

impl Cx<'_> {
    /// AWS's policy lockout safety check (CreateKey, PutKeyPolicy): the new policy must let
    /// the caller change the policy again later, unless the request bypasses the check.
    pub(crate) fn lockout_check(
        &self,
        text: &str,
        key_arn: &str,
        bypass: bool,
    ) -> Result<(), KmsError> {
        if bypass {
            return Ok(());
        }
        let doc: Value = serde_json::from_str(text).unwrap_or(Value::Null);
        let principal = self.principal();
        let account = arn_account(&principal).unwrap_or_default().to_string();
        let request = Request {
            principal: &principal,
            account: &account,
            service: self.caller.service.is_some(),
            action: "kms:PutKeyPolicy",
            resource: key_arn,
        };
        let now = iso8601(self.now);
        let lookup = |name: &str| -> Option<Vec<String>> {
            let v = match name {
                "kms:policyname" => "default",
                "kms:bypasspolicylockoutsafetycheck" => "false",
                "aws:principalarn" => &principal,
                "kms:calleraccount" | "aws:principalaccount" => &account,
                "aws:sourceip" => &self.caller.source_ip,
                "aws:currenttime" => &now,
                _ => return None,
            };
            Some(vec![v.to_string()])
        };
        match policy::evaluate(&policy::read(&doc), &request, &lookup) {
            Decision::Allow(_) => Ok(()),
            _ => Err(KmsError::MalformedPolicyDocument(
                "The new key policy will not allow you to update the key policy in the future."
                    .into(),
            )),
        }
    }
}

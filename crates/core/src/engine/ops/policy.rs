//! GetKeyPolicy, PutKeyPolicy, ListKeyPolicies. One policy per key, named `default`,
//! validated, checked against locking the caller out, and enforced (`authorize`) on every call
//! that names the key. Allowed in every key state ("Key states of AWS
//! KMS keys", https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html).
//! Depends on the engine's resolve helper and `validate_input::policy`.

use crate::api::shapes::*;
use crate::api::validate;
use crate::engine::cx::Cx;
use crate::engine::pagination::Paging;
use crate::engine::resolve::Accept;
use crate::engine::validate_input;
use crate::error::KmsError;

fn policy_name(name: &Option<String>) -> Result<String, KmsError> {
    if let Some(n) = name {
        validate::len("policyName", n, 1, 128)?;
        validate::chars("policyName", n, "[\\w]+", |c| {
            c.is_ascii_alphanumeric() || c == '_'
        })?;
    }
    Ok(name.clone().unwrap_or_else(|| "default".into()))
}

fn no_such_policy(name: &str, arn: &str) -> KmsError {
    KmsError::NotFound(format!(
        "No such policy exists: {name} is not a policy of {arn}"
    ))
}

pub(crate) fn get_key_policy(
    cx: &mut Cx,
    r: GetKeyPolicyRequest,
) -> Result<GetKeyPolicyResponse, KmsError> {
    let name = policy_name(&r.policy_name)?;
    let id = cx.resolve("keyId", &r.key_id, Accept::Key)?;
    let key = cx.key(&id)?;
    if name != "default" {
        return Err(no_such_policy(&name, &key.arn));
    }
    Ok(GetKeyPolicyResponse {
        policy: key.policy.clone(),
        policy_name: name,
    })
}

pub(crate) fn put_key_policy(cx: &mut Cx, r: PutKeyPolicyRequest) -> Result<Empty, KmsError> {
    let name = policy_name(&r.policy_name)?;
    validate::len("policy", &r.policy, 1, 131_072)?;
    if name == "AWS_RAM" {
        return Err(KmsError::Validation(
            "The AWS_RAM policy can only be managed by the RAM service.".into(),
        ));
    }
    let id = cx.resolve("keyId", &r.key_id, Accept::Key)?;
    if name != "default" {
        return Err(no_such_policy(&name, &cx.key(&id)?.arn));
    }
    validate_input::policy(&r.policy)?;
    let arn = cx.key(&id)?.arn.clone();
    cx.lockout_check(
        &r.policy,
        &arn,
        r.bypass_policy_lockout_safety_check == Some(true),
    )?;
    cx.key_mut(&id)?.policy = r.policy;
    Ok(Empty {})
}

pub(crate) fn list_key_policies(
    cx: &mut Cx,
    r: ListKeyPoliciesRequest,
) -> Result<ListKeyPoliciesResponse, KmsError> {
    let paging = Paging::new("ListKeyPolicies", r.limit, &r.marker, 100, 1000)?;
    cx.resolve("keyId", &r.key_id, Accept::Key)?;
    let (policy_names, next_marker, truncated) = paging.take(std::iter::once((
        "default".to_string(),
        "default".to_string(),
    )));
    Ok(ListKeyPoliciesResponse {
        policy_names,
        next_marker,
        truncated,
    })
}

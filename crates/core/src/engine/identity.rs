//! Who a caller is, as CloudTrail writes it: the `userIdentity` of an audit event from the
//! principal ARN a call was made as (the account's root user when there is none).
//! Depends on serde_json only.

use serde_json::{Map, Value};

/// CloudTrail's `userIdentity` of a caller: the account's root user, an IAM user, or a role
/// (called directly or through an assumed-role session). kms-wasm has no IAM ids, so
/// `principalId` is the account id for the root user and the user's or session's name otherwise.
pub(super) fn user_identity(acct: &str, principal: Option<&str>) -> Value {
    let root = format!("arn:aws:iam::{acct}:root");
    let arn = principal.unwrap_or(&root);
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let (partition, service, account, resource) = match parts[..] {
        [_, p, s, _, a, r] => (p, s, a, r),
        _ => ("aws", "iam", acct, arn),
    };
    // One small builder instead of json! per shape: this code is in every download.
    let entry = |kind: &str, id: &str| {
        let mut m = Map::new();
        for (k, v) in [
            ("type", kind),
            ("principalId", id),
            ("arn", arn),
            ("accountId", account),
        ] {
            m.insert(k.into(), v.into());
        }
        m
    };
    let m = match (service, resource.split_once('/')) {
        ("iam", None) if resource == "root" => entry("Root", account),
        ("iam", Some(("user", name))) => {
            let user = name.rsplit('/').next().unwrap_or(name);
            let mut m = entry("IAMUser", user);
            m.insert("userName".into(), user.into());
            m
        }
        ("sts", Some(("assumed-role", rest))) | ("iam", Some(("role", rest))) => {
            let name = rest.split('/').next().unwrap_or(rest);
            let mut issuer = entry("Role", name);
            issuer.insert(
                "arn".into(),
                format!("arn:{partition}:iam::{account}:role/{name}").into(),
            );
            issuer.insert("userName".into(), name.into());
            let mut context = Map::new();
            context.insert("sessionIssuer".into(), issuer.into());
            let mut m = entry("AssumedRole", rest);
            m.insert("sessionContext".into(), context.into());
            m
        }
        _ => entry("Unknown", resource),
    };
    Value::Object(m)
}

//! Who a caller is: the `Caller` a transport hands the engine, and as CloudTrail writes it,
//! the `userIdentity` of an audit event from the principal ARN a call was made as (the
//! account's root user when there is none), or from the AWS service principal that called.
//! Depends on serde_json only.

use serde_json::{Map, Value};

/// Who made a request, as far as the transport knows (the JS API's caller option:
/// `{ sourceIp, userAgent, principal, viaService, service, sourceArn, sourceAccount, region }`).
#[derive(Clone, Debug)]
pub struct Caller {
    pub source_ip: String,
    pub user_agent: String,
    /// The IAM principal ARN the call is made as; `None`: the account's root user.
    pub principal: Option<String>,
    /// The AWS service the principal calls through (`kms:ViaService`, e.g.
    /// `s3.us-east-1.amazonaws.com`); CloudTrail's `invokedBy`.
    pub via_service: Option<String>,
    /// An AWS service principal calling on its own (`logs.amazonaws.com`), instead of an IAM
    /// principal: key policy `{"Service": ...}` statements and service-principal grants.
    pub service: Option<String>,
    /// The resource a service principal acts for (`aws:SourceArn`, a grant's SourceArn).
    pub source_arn: Option<String>,
    /// That resource's account (`aws:SourceAccount`).
    pub source_account: Option<String>,
    /// The Region the call is sent to (an SDK client's Region); the service's own if absent.
    pub region: Option<String>,
}

impl Default for Caller {
    fn default() -> Self {
        Self {
            source_ip: "127.0.0.1".into(),
            user_agent: "kms-wasm".into(),
            principal: None,
            via_service: None,
            service: None,
            source_arn: None,
            source_account: None,
            region: None,
        }
    }
}

/// CloudTrail's `userIdentity` of a caller: the account's root user, an IAM user, or a role
/// (called directly or through an assumed-role session). kms-wasm has no IAM ids, so
/// `principalId` is the account id for the root user and the user's or session's name otherwise.
/// A service principal (a name, not an ARN) is CloudTrail's `AWSService`; `via`: the service an
/// IAM principal called through (`invokedBy`, as `s3.amazonaws.com` without the Region).
pub(super) fn user_identity(acct: &str, principal: Option<&str>, via: Option<&str>) -> Value {
    if let Some(service) = principal.filter(|p| !p.starts_with("arn:")) {
        let mut m = Map::new();
        m.insert("type".into(), "AWSService".into());
        m.insert("invokedBy".into(), service.into());
        return Value::Object(m);
    }
    let mut identity = iam_identity(acct, principal);
    if let (Some(via), Value::Object(m)) = (via, &mut identity) {
        let name = via.split('.').next().unwrap_or(via);
        m.insert("invokedBy".into(), format!("{name}.amazonaws.com").into());
    }
    identity
}

fn iam_identity(acct: &str, principal: Option<&str>) -> Value {
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

//! What a key's grants allow, consulted by `authorize` when the key policy has no Allow for
//! the caller ("Grants in AWS KMS", https://docs.aws.amazon.com/kms/latest/developerguide/grants.html);
//! who a grant names (grantee, retiring principal; IAM or service principals); and grant
//! tokens, which name their grant. Depends on `model::Grant`, `audit::Caller`, `policy`
//! (assumed-role sessions) and base64.

use super::audit::Caller;
use crate::model::{Grant, Key};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde_json::{Map, Value};

/// Does grant principal `named` (a user, role, assumed-role session or account) cover `caller`?
/// An account (`arn:aws:iam::<id>:root` or `<id>`) covers its principals: kms-wasm has no IAM,
/// so what AWS leaves to the account's IAM policies is allowed, as for key policies.
pub(crate) fn names(named: &str, caller: &str) -> bool {
    let account = crate::model::arn_account(caller).unwrap_or_default();
    named == caller
        || crate::policy::role_of_session(caller).is_some_and(|r| r == named)
        || named == account
        || named
            .strip_prefix("arn:aws:iam::")
            .and_then(|r| r.strip_suffix(":root"))
            == Some(account)
}

/// Does a grant's principal `named` (a service principal when `service`) cover the caller
/// `arn` (`principal()`: a service principal's name when `caller.service` is set)?
pub(crate) fn covers(named: &str, service: bool, caller: &Caller, arn: &str) -> bool {
    match (service, caller.service.is_some()) {
        (true, true) => named == arn,
        (false, false) => names(named, arn),
        _ => false,
    }
}

/// Grant constraint matching: pair keys compare case-insensitively, values exactly (the
/// model's GrantConstraints). `exact`: the context has no other pairs.
fn holds(want: Option<&Value>, ctx: Option<&Map<String, Value>>, exact: bool) -> bool {
    let Some(want) = want.and_then(Value::as_object) else {
        return true; // no such constraint
    };
    let n = ctx.map_or(0, Map::len);
    (!exact || n == want.len())
        && want.iter().all(|(k, v)| {
            ctx.into_iter()
                .flatten()
                .any(|(ck, cv)| ck.eq_ignore_ascii_case(k) && cv == v)
        })
}

/// Member `m` of the grant's constraints.
fn constraint<'g>(g: &'g Grant, m: &str) -> Option<&'g Value> {
    g.constraints.as_ref()?.get(m)
}

/// May a grant on `key` let `caller` do `action` (`kms:<GrantOperation>`)? `ctx`: the
/// request's encryption context for that action. Grants never allow RetireGrant here: a
/// grant's own RetireGrant covers that grant only (`ops::grants`).
pub(crate) fn allows(
    key: &Key,
    who: &Caller,
    caller: &str,
    action: &str,
    request: &Value,
    ctx: Option<&Map<String, Value>>,
) -> bool {
    let Some(op) = action.strip_prefix("kms:") else {
        return false;
    };
    if op == "RetireGrant" {
        return false;
    }
    key.grants.iter().any(|g| {
        if !covers(&g.grantee, g.service_grantee, who, caller)
            || !g.operations.iter().any(|o| o == op)
        {
            return false;
        }
        let c = |m| constraint(g, m);
        // SourceArn: the request is made on behalf of that resource (a service caller's).
        let source = c("SourceArn").and_then(Value::as_str);
        source.is_none_or(|arn| who.source_arn.as_deref() == Some(arn))
            && match op {
                "DescribeKey" => true,
                "CreateGrant" => narrower(g, request),
                // Context constraints apply only where a context can be sent: symmetric keys.
                _ if key.key_spec != "SYMMETRIC_DEFAULT" => true,
                _ => {
                    holds(c("EncryptionContextEquals"), ctx, true)
                        && holds(c("EncryptionContextSubset"), ctx, false)
                }
            }
    })
}

/// A grant that allows CreateGrant lets its grantee create grants for some of its operations,
/// with equally strict or stricter encryption context constraints.
fn narrower(g: &Grant, request: &Value) -> bool {
    let c = |m| constraint(g, m);
    let asked = request.get("Operations").and_then(Value::as_array);
    let ops_ok = asked.is_some_and(|a| {
        a.iter()
            .all(|o| g.operations.iter().any(|mine| o.as_str() == Some(mine)))
    });
    let new = request.get("Constraints");
    let new_map = |m: &str| new.and_then(|n| n.get(m)).and_then(Value::as_object);
    let (equals, subset) = (
        new_map("EncryptionContextEquals"),
        new_map("EncryptionContextSubset"),
    );
    let subset_kept = c("EncryptionContextSubset");
    ops_ok
        && holds(c("EncryptionContextEquals"), equals, true)
        && (subset_kept.is_none()
            || (equals.is_some() && holds(subset_kept, equals, false))
            || (subset.is_some() && holds(subset_kept, subset, false)))
}

/// A new token for grant `grant` of key `key`: the grant id, the key id and 16 random bytes
/// (unique per CreateGrant call, as AWS's are), base64. Opaque to callers.
pub(crate) fn token(grant: &str, key: &str, nonce: [u8; 16]) -> String {
    let mut raw = grant.as_bytes().to_vec();
    raw.extend_from_slice(key.as_bytes());
    raw.extend_from_slice(&nonce);
    STANDARD.encode(raw)
}

/// The (key id, grant id) a token names, if it is one this service issued.
pub(crate) fn read_token(token: &str) -> Option<(String, String)> {
    let raw = STANDARD.decode(token).ok()?;
    let body = raw.get(..raw.len().checked_sub(16)?)?;
    let grant = std::str::from_utf8(body.get(..64)?).ok()?;
    let key = std::str::from_utf8(body.get(64..)?).ok()?;
    Some((key.to_string(), grant.to_string()))
}

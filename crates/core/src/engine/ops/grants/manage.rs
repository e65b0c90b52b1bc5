//! RetireGrant, RevokeGrant, ListGrants, ListRetirableGrants ("Retiring and revoking grants",
//! https://docs.aws.amazon.com/kms/latest/developerguide/grant-delete.html). They work in every
//! key state. Depends on `Cx`, `grant_access`, `pagination` and the shared checks in `super`.

use super::check::one_principal;
use super::{entry, order};
use crate::api::shapes::*;
use crate::api::validate;
use crate::engine::cx::Cx;
use crate::engine::grant_access::{self, covers};
use crate::engine::ops::crypto::dry_run;
use crate::engine::pagination::Paging;
use crate::engine::resolve::Accept;
use crate::error::KmsError;

fn no_such_grant(grant: &str, arn: &str) -> KmsError {
    KmsError::InvalidGrantId(format!("Grant ID {grant} not found for key {arn}"))
}

fn invalid_token() -> KmsError {
    KmsError::InvalidGrantToken("The grant token is not valid.".into())
}

/// The grant's index on key `id`, or InvalidGrantIdException.
fn find(cx: &Cx, id: &str, grant: &str) -> Result<usize, KmsError> {
    let key = cx.key(id)?;
    key.grants
        .iter()
        .position(|g| g.id == grant)
        .ok_or_else(|| no_such_grant(grant, &key.arn))
}

pub(crate) fn retire_grant(cx: &mut Cx, r: RetireGrantRequest) -> Result<Empty, KmsError> {
    validate::opt_len("grantToken", &r.grant_token, 1, 8192)?;
    validate::opt_len("grantId", &r.grant_id, 1, 128)?;
    // By token, or by key and grant id (`resolve` leaves RetireGrant's permission to below).
    let (id, named, grant) = match (&r.grant_token, &r.key_id, &r.grant_id) {
        (Some(token), _, _) => {
            let (id, grant) = grant_access::read_token(token).ok_or_else(invalid_token)?;
            let key = cx.engine.state.keys.get(&id).ok_or_else(invalid_token)?;
            if !key.grants.iter().any(|g| g.id == grant) {
                return Err(invalid_token());
            }
            cx.resources.push(key.arn.clone());
            (id.clone(), id, grant)
        }
        (None, Some(key_id), Some(grant)) => (
            cx.resolve("keyId", key_id, Accept::Key)?,
            key_id.clone(),
            grant.clone(),
        ),
        _ => {
            return Err(KmsError::Validation(
                "Either GrantToken, or both KeyId and GrantId, must be specified.".into(),
            ))
        }
    };
    let at = find(cx, &id, &grant)?;
    // The retiring principal, the grantee of a grant that allows RetireGrant, and the account
    // that owns the key may retire it; anyone else needs kms:RetireGrant from the key policy.
    let caller = cx.principal();
    let key = cx.key(&id)?;
    let g = &key.grants[at];
    let who = cx.caller;
    let allowed = g
        .retiree
        .as_deref()
        .is_some_and(|p| covers(p, g.service_retiree, who, &caller))
        || (covers(&g.grantee, g.service_grantee, who, &caller)
            && g.operations.iter().any(|o| o == "RetireGrant"))
        || (who.service.is_none() && caller == format!("arn:aws:iam::{}:root", key.account_id));
    if !allowed {
        cx.key_access(&id, "keyId", &named)?;
    }
    if r.dry_run == Some(true) {
        return Err(dry_run());
    }
    cx.key_mut(&id)?.grants.remove(at);
    Ok(Empty {})
}

/// A member the operation's own shape requires, with the framework's text for its absence.
fn required<'a>(path: &str, value: &'a Option<String>) -> Result<&'a str, KmsError> {
    value.as_deref().ok_or_else(|| {
        KmsError::Validation(format!(
            "1 validation error detected: Value null at '{path}' failed to satisfy constraint: Member must not be null"
        ))
    })
}

pub(crate) fn revoke_grant(cx: &mut Cx, r: RevokeGrantRequest) -> Result<Empty, KmsError> {
    let (key_id, grant) = (
        required("keyId", &r.key_id)?,
        required("grantId", &r.grant_id)?,
    );
    validate::len("grantId", grant, 1, 128)?;
    let id = cx.resolve("keyId", key_id, Accept::Key)?;
    let at = find(cx, &id, grant)?;
    if r.dry_run == Some(true) {
        return Err(dry_run());
    }
    cx.key_mut(&id)?.grants.remove(at);
    Ok(Empty {})
}

pub(crate) fn list_grants(
    cx: &mut Cx,
    r: ListGrantsRequest,
) -> Result<ListGrantsResponse, KmsError> {
    let key_id = required("keyId", &r.key_id)?;
    let paging = Paging::new("ListGrants", r.limit, &r.marker, 50, 100)?;
    validate::opt_len("grantId", &r.grant_id, 1, 128)?;
    let names = ["GranteePrincipal", "GranteeServicePrincipal"];
    let grantee = one_principal(
        names,
        &r.grantee_principal,
        &r.grantee_service_principal,
        false,
    )?;
    let id = cx.resolve("keyId", key_id, Accept::Key)?;
    if let Some(grant) = &r.grant_id {
        find(cx, &id, grant)?;
    }
    let key = cx.key(&id)?;
    let grants = (key.grants.iter())
        .filter(|g| r.grant_id.as_ref().is_none_or(|want| *want == g.id))
        .filter(|g| {
            grantee
                .as_ref()
                .is_none_or(|(p, service)| *p == g.grantee && *service == g.service_grantee)
        })
        .map(|g| (order(g), g));
    let (page, next_marker, truncated) = paging.take(grants);
    Ok(ListGrantsResponse {
        grants: page.into_iter().map(|g| entry(key, g)).collect(),
        next_marker,
        truncated,
    })
}

/// Every grant in this account and Region whose retiring principal is the one asked about;
/// authorized by IAM alone in AWS, which kms-wasm does not have.
pub(crate) fn list_retirable_grants(
    cx: &mut Cx,
    r: ListRetirableGrantsRequest,
) -> Result<ListGrantsResponse, KmsError> {
    let paging = Paging::new("ListRetirableGrants", r.limit, &r.marker, 50, 100)?;
    let names = ["RetiringPrincipal", "RetiringServicePrincipal"];
    let retiree = one_principal(
        names,
        &r.retiring_principal,
        &r.retiring_service_principal,
        true,
    )?;
    let (who, service) = retiree.unwrap_or_default();
    // Keys in id order, each key's grants in their order: one sorted list.
    let grants = cx.engine.state.keys.values().flat_map(|key| {
        (key.grants.iter())
            .filter(|g| g.retiree.as_deref() == Some(who.as_str()) && g.service_retiree == service)
            .map(move |g| (format!("{}{}", key.id, order(g)), (key, g)))
    });
    let (page, next_marker, truncated) = paging.take(grants);
    Ok(ListGrantsResponse {
        grants: page.into_iter().map(|(key, g)| entry(key, g)).collect(),
        next_marker,
        truncated,
    })
}

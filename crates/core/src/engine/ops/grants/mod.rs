//! CreateGrant, and what the grant operations share: how a grant is listed and in which
//! order. Grants live on their key (`model::Grant`), oldest first; `grant_access` decides what
//! they allow; `check` validates requests; `manage` retires, revokes and lists.
//! Depends on `Cx`, `grant_access`, `api` shapes and `limits`.

mod check;
mod manage;

pub(crate) use manage::{list_grants, list_retirable_grants, retire_grant, revoke_grant};

use super::crypto::dry_run;
use crate::api::shapes::*;
use crate::api::{KeyState, Timestamp};
use crate::engine::cx::{disabled, pending_deletion, pending_import, Cx};
use crate::engine::grant_access;
use crate::engine::ids::hex;
use crate::engine::resolve::Accept;
use crate::error::KmsError;
use crate::limits::MAX_GRANTS_PER_KEY;
use crate::model::{Grant, Key};

/// A grant as ListGrants and ListRetirableGrants show it.
fn entry(key: &Key, g: &Grant) -> GrantListEntry {
    // (IAM principal, service principal) members for a principal of either kind.
    let split = |p: &Option<String>, s: bool| (p.clone().filter(|_| !s), p.clone().filter(|_| s));
    let grantee = split(&Some(g.grantee.clone()), g.service_grantee);
    let retiree = split(&g.retiree, g.service_retiree);
    GrantListEntry {
        key_id: key.arn.clone(),
        grant_id: g.id.clone(),
        name: g.name.clone(),
        creation_date: Timestamp(g.creation_ms),
        grantee_principal: grantee.0,
        grantee_service_principal: grantee.1,
        retiring_principal: retiree.0,
        retiring_service_principal: retiree.1,
        issuing_account: format!("arn:aws:iam::{}:root", key.account_id),
        operations: g.operations.clone(),
        constraints: g.constraints.clone().map(serde_json::Value::Object),
    }
}

/// A key's grants are kept in this order (creation time, then id), so lists page through
/// them as they are, with this as the marker's sort key.
fn order(g: &Grant) -> String {
    format!("{:020}{}", g.creation_ms.max(0), g.id)
}

/// Would CreateGrant have made `a` from the request that makes `b`?
fn same_request(a: &Grant, b: &Grant) -> bool {
    a.name == b.name
        && a.grantee == b.grantee
        && a.service_grantee == b.service_grantee
        && a.retiree == b.retiree
        && a.service_retiree == b.service_retiree
        && a.operations == b.operations
        && a.constraints == b.constraints
}

pub(crate) fn create_grant(
    cx: &mut Cx,
    r: CreateGrantRequest,
) -> Result<CreateGrantResponse, KmsError> {
    check::operations(&r.operations)?;
    let names = ["GranteePrincipal", "GranteeServicePrincipal"];
    let grantee = check::one_principal(
        names,
        &r.grantee_principal,
        &r.grantee_service_principal,
        true,
    )?;
    let (grantee, service_grantee) = grantee.unwrap_or_default();
    let names = ["RetiringPrincipal", "RetiringServicePrincipal"];
    let retiree = check::one_principal(
        names,
        &r.retiring_principal,
        &r.retiring_service_principal,
        false,
    )?;
    let constraints = check::constraints(&r.constraints)?;
    let source_arn = constraints
        .as_ref()
        .is_some_and(|c| c.contains_key("SourceArn"));
    if service_grantee && (!source_arn || retiree.is_none()) {
        return Err(KmsError::Validation(
            "A grant for a GranteeServicePrincipal must have a SourceArn constraint and a RetiringPrincipal or RetiringServicePrincipal.".into(),
        ));
    }
    check::name(&r.name)?;
    crate::api::validate::grant_tokens(&r.grant_tokens)?;
    let id = cx.resolve("keyId", &r.key_id, Accept::Key)?;
    let key = cx.key(&id)?;
    let unsupported = check::unsupported(key, &r.operations);
    if !unsupported.is_empty() {
        return Err(KmsError::Validation(format!(
            "Grant operations [{}] are not supported for {} with key spec {} and key usage {}.",
            unsupported.join(", "),
            key.arn,
            key.key_spec,
            key.key_usage
        )));
    }
    match key.state {
        KeyState::Disabled => return Err(disabled(&key.arn)),
        KeyState::PendingDeletion => return Err(pending_deletion(&key.arn)),
        KeyState::PendingImport => return Err(pending_import(&key.arn)),
        _ => {}
    }
    let (retiree, service_retiree) = match retiree {
        Some((p, s)) => (Some(p), s),
        None => (None, false),
    };
    let mut grant = Grant {
        id: String::new(),
        name: r.name,
        creation_ms: cx.now,
        grantee,
        service_grantee,
        retiree,
        service_retiree,
        operations: r.operations,
        constraints,
    };
    // A retry with the same name and parameters gets the grant it made (and a new token).
    let existing = (grant.name.is_some())
        .then(|| key.grants.iter().find(|g| same_request(g, &grant)))
        .flatten()
        .map(|g| g.id.clone());
    if existing.is_none() && key.grants.len() >= MAX_GRANTS_PER_KEY {
        return Err(KmsError::LimitExceeded(format!(
            "The grant quota ({MAX_GRANTS_PER_KEY}) of {} is reached.",
            key.arn
        )));
    }
    if r.dry_run == Some(true) {
        return Err(dry_run());
    }
    let grant_id = match existing {
        Some(g) => g,
        None => {
            grant.id = hex(&cx.engine.random_bytes::<32>());
            let id_now = grant.id.clone();
            let sort_key = order(&grant);
            let grants = &mut cx.key_mut(&id)?.grants;
            let at = grants.partition_point(|g| order(g) < sort_key);
            grants.insert(at, grant);
            id_now
        }
    };
    Ok(CreateGrantResponse {
        grant_token: grant_access::token(&grant_id, &id, cx.engine.random_bytes()),
        grant_id,
    })
}

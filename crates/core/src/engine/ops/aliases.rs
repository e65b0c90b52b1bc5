//! CreateAlias, UpdateAlias, DeleteAlias, ListAliases, and the per-key alias quota ("Aliases
//! in AWS KMS", https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html; the name
//! rules are in `validate_input`).
//! Depends on the engine's resolve/state helpers and `model::Alias`.

use crate::api::shapes::*;
use crate::api::{KeyState, Timestamp};
use crate::engine::cx::pending_deletion;
use crate::engine::cx::Cx;
use crate::engine::ids::alias_arn;
use crate::engine::pagination::Paging;
use crate::engine::resolve::Accept;
use crate::engine::validate_input::check_alias_name;
use crate::error::KmsError;
use crate::limits::MAX_ALIASES_PER_KEY;
use crate::model::Alias;

/// The target of a new or moved alias: a key that is not pending deletion.
fn target(cx: &mut Cx, key_id: &str) -> Result<String, KmsError> {
    let id = cx.resolve("targetKeyId", key_id, Accept::Key)?;
    let key = cx.key(&id)?;
    if key.state == KeyState::PendingDeletion {
        return Err(pending_deletion(&key.arn));
    }
    let count = cx
        .engine
        .state
        .aliases
        .values()
        .filter(|a| a.target_key_id == id)
        .count();
    if count >= MAX_ALIASES_PER_KEY {
        return Err(KmsError::LimitExceeded(format!(
            "{} already has {MAX_ALIASES_PER_KEY} aliases, the maximum for one KMS key.",
            key.arn
        )));
    }
    Ok(id)
}

fn not_found(cx: &Cx, name: &str) -> KmsError {
    KmsError::NotFound(format!(
        "Alias {} is not found.",
        alias_arn(&cx.engine.cfg, name)
    ))
}

pub(crate) fn create_alias(cx: &mut Cx, r: AliasRequest) -> Result<Empty, KmsError> {
    check_alias_name(&r.alias_name)?;
    let id = target(cx, &r.target_key_id)?;
    if cx.engine.state.aliases.contains_key(&r.alias_name) {
        return Err(KmsError::AlreadyExists(format!(
            "An alias with the name {} already exists",
            alias_arn(&cx.engine.cfg, &r.alias_name)
        )));
    }
    let alias = Alias {
        target_key_id: id,
        creation_ms: cx.now,
        last_updated_ms: cx.now,
    };
    cx.engine.touch_alias(&r.alias_name);
    cx.engine.state.aliases.insert(r.alias_name, alias);
    Ok(Empty {})
}

pub(crate) fn update_alias(cx: &mut Cx, r: AliasRequest) -> Result<Empty, KmsError> {
    check_alias_name(&r.alias_name)?;
    let Some(current) = cx
        .engine
        .state
        .aliases
        .get(&r.alias_name)
        .map(|a| a.target_key_id.clone())
    else {
        return Err(not_found(cx, &r.alias_name));
    };
    let id = target(cx, &r.target_key_id)?;
    let (old, new) = (cx.key(&current)?, cx.key(&id)?);
    // AWS requires the same kind of key (symmetric/asymmetric/HMAC) and the same usage.
    if old.key_spec != new.key_spec || old.key_usage != new.key_usage {
        return Err(KmsError::Validation(format!(
            "{} cannot be associated with {}: it has KeySpec {} and KeyUsage {}, but the alias's current key has KeySpec {} and KeyUsage {}.",
            r.alias_name, new.arn, new.key_spec, new.key_usage, old.key_spec, old.key_usage
        )));
    }
    cx.resources.push(old.arn.clone());
    let now = cx.now;
    if let Some(a) = cx.engine.state.aliases.get_mut(&r.alias_name) {
        a.target_key_id = id;
        a.last_updated_ms = now;
    }
    cx.engine.touch_alias(&r.alias_name);
    Ok(Empty {})
}

pub(crate) fn delete_alias(cx: &mut Cx, r: DeleteAliasRequest) -> Result<Empty, KmsError> {
    check_alias_name(&r.alias_name)?;
    let Some(alias) = cx.engine.state.aliases.remove(&r.alias_name) else {
        return Err(not_found(cx, &r.alias_name));
    };
    if let Some(k) = cx.engine.state.keys.get(&alias.target_key_id) {
        cx.resources.push(k.arn.clone());
    }
    cx.engine.touch_alias(&r.alias_name);
    Ok(Empty {})
}

pub(crate) fn list_aliases(
    cx: &mut Cx,
    r: ListAliasesRequest,
) -> Result<ListAliasesResponse, KmsError> {
    let paging = Paging::new("ListAliases", r.limit, &r.marker, 50, 100)?;
    let only = match &r.key_id {
        Some(k) => Some(cx.resolve("keyId", k, Accept::Key)?),
        None => None,
    };
    let cfg = cx.engine.cfg.clone();
    let entries = cx
        .engine
        .state
        .aliases
        .iter()
        .filter(|(_, a)| only.as_ref().is_none_or(|k| &a.target_key_id == k))
        .map(|(name, a)| {
            let entry = AliasListEntry {
                alias_name: name.clone(),
                alias_arn: alias_arn(&cfg, name),
                target_key_id: Some(a.target_key_id.clone()),
                creation_date: Some(Timestamp(a.creation_ms)),
                last_updated_date: Some(Timestamp(a.last_updated_ms)),
            };
            (name.clone(), entry)
        });
    let (aliases, next_marker, truncated) = paging.take(entries);
    Ok(ListAliasesResponse {
        aliases,
        next_marker,
        truncated,
    })
}

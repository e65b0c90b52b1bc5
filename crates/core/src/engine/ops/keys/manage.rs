//! DescribeKey, ListKeys, UpdateKeyDescription, EnableKey and DisableKey (with the catch-up
//! rotation a re-enabled key owes). Depends on `Cx`, `pagination` and `limits`.

use super::metadata;
use crate::api::shapes::*;
use crate::api::{validate, KeyState, RESOURCE_OWNERS};
use crate::engine::cx::Cx;
use crate::engine::pagination::Paging;
use crate::engine::resolve::Accept;
use crate::error::KmsError;
use crate::limits::MAX_DESCRIPTION_LEN;

pub(crate) fn describe_key(
    cx: &mut Cx,
    r: DescribeKeyRequest,
) -> Result<DescribeKeyResponse, KmsError> {
    validate::grant_tokens(&r.grant_tokens)?;
    let id = cx.resolve("keyId", &r.key_id, Accept::KeyOrAlias)?;
    Ok(CreateKeyResponse {
        key_metadata: metadata(cx.key(&id)?),
    })
}

pub(crate) fn list_keys(cx: &mut Cx, r: ListKeysRequest) -> Result<ListKeysResponse, KmsError> {
    let paging = Paging::new("ListKeys", r.limit, &r.marker, 100, 1000)?;
    if let Some(owners) = &r.resource_owners {
        validate::range("resourceOwners", owners.len() as i64, 1, 2).map_err(|_| {
            KmsError::constraint(
                None,
                "resourceOwners",
                "Member must have length between 1 and 2",
            )
        })?;
        for (i, o) in owners.iter().enumerate() {
            validate::one_of(
                &format!("resourceOwners.{}.member", i + 1),
                o,
                RESOURCE_OWNERS,
            )?;
        }
    }
    // Keys shared through AWS RAM do not exist here, so OTHER_ACCOUNTS_VIA_RAM alone is empty.
    let own = r
        .resource_owners
        .as_ref()
        .is_none_or(|o| o.iter().any(|x| x == "SELF"));
    let keys = cx.engine.state.keys.values().filter(|_| own).map(|k| {
        (
            k.id.clone(),
            KeyListEntry {
                key_id: k.id.clone(),
                key_arn: k.arn.clone(),
            },
        )
    });
    let (keys, next_marker, truncated) = paging.take(keys);
    Ok(ListKeysResponse {
        keys,
        next_marker,
        truncated,
    })
}

pub(crate) fn update_key_description(
    cx: &mut Cx,
    r: UpdateKeyDescriptionRequest,
) -> Result<Empty, KmsError> {
    validate::len("description", &r.description, 0, MAX_DESCRIPTION_LEN)?;
    let id = cx.resolve("keyId", &r.key_id, Accept::Key)?;
    cx.manageable(&id)?;
    cx.key_mut(&id)?.description = r.description;
    Ok(Empty {})
}

pub(crate) fn enable_key(cx: &mut Cx, r: KeyIdRequest) -> Result<Empty, KmsError> {
    set_enabled(cx, &r.key_id, KeyState::Enabled)
}

pub(crate) fn disable_key(cx: &mut Cx, r: KeyIdRequest) -> Result<Empty, KmsError> {
    set_enabled(cx, &r.key_id, KeyState::Disabled)
}

fn set_enabled(cx: &mut Cx, key_id: &str, to: KeyState) -> Result<Empty, KmsError> {
    let id = cx.resolve("keyId", key_id, Accept::Key)?;
    cx.switchable(&id)?;
    if cx.key(&id)?.state == to {
        return Ok(Empty {});
    }
    cx.key_mut(&id)?.state = to;
    // No rotation happens while a key is disabled. If one fell due meanwhile, re-enabling
    // performs exactly one, now, and the schedule restarts a full period later.
    let rot = &cx.key(&id)?.rotation;
    if to == KeyState::Enabled && rot.enabled && rot.next_ms.is_some_and(|n| n <= cx.now) {
        let now = cx.now;
        cx.engine.rotate_on_schedule(&id, now);
    }
    Ok(Empty {})
}

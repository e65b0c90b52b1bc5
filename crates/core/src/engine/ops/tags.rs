//! TagResource, UntagResource, ListResourceTags ("Tags in AWS KMS",
//! https://docs.aws.amazon.com/kms/latest/developerguide/tagging-keys.html).
//! Depends on the engine's resolve/state helpers and `validate_input::tags`.

use crate::api::shapes::*;
use crate::api::validate;
use crate::engine::cx::Cx;
use crate::engine::pagination::Paging;
use crate::engine::resolve::Accept;
use crate::engine::validate_input::{self, reserved_tag_key};
use crate::error::KmsError;
use crate::limits::MAX_TAGS;

pub(crate) fn tag_resource(cx: &mut Cx, r: TagResourceRequest) -> Result<Empty, KmsError> {
    validate_input::tags(&r.tags)?;
    let id = cx.resolve("keyId", &r.key_id, Accept::Key)?;
    cx.manageable(&id)?;
    let existing = &cx.key(&id)?.tags;
    let added = r
        .tags
        .iter()
        .filter(|t| !existing.iter().any(|(k, _)| *k == t.tag_key))
        .count();
    if existing.len() + added > MAX_TAGS {
        return Err(KmsError::Tag("Too many tags".into()));
    }
    let key = cx.key_mut(&id)?;
    for t in r.tags {
        // An existing tag key keeps its place and takes the new value (last write wins).
        match key.tags.iter_mut().find(|(k, _)| *k == t.tag_key) {
            Some(slot) => slot.1 = t.tag_value,
            None => key.tags.push((t.tag_key, t.tag_value)),
        }
    }
    Ok(Empty {})
}

pub(crate) fn untag_resource(cx: &mut Cx, r: UntagResourceRequest) -> Result<Empty, KmsError> {
    for (i, k) in r.tag_keys.iter().enumerate() {
        validate::len(&format!("tagKeys.{}.member", i + 1), k, 1, 128)?;
    }
    if r.tag_keys.iter().any(|k| reserved_tag_key(k)) {
        return Err(KmsError::Tag(
            "Tags beginning with aws: are reserved".into(),
        ));
    }
    let id = cx.resolve("keyId", &r.key_id, Accept::Key)?;
    cx.manageable(&id)?;
    // Unknown tag keys are ignored, as AWS ignores them.
    if cx
        .key(&id)?
        .tags
        .iter()
        .any(|(k, _)| r.tag_keys.contains(k))
    {
        cx.key_mut(&id)?
            .tags
            .retain(|(k, _)| !r.tag_keys.contains(k));
    }
    Ok(Empty {})
}

pub(crate) fn list_resource_tags(
    cx: &mut Cx,
    r: ListResourceTagsRequest,
) -> Result<ListResourceTagsResponse, KmsError> {
    let paging = Paging::new("ListResourceTags", r.limit, &r.marker, 50, 50)?;
    let id = cx.resolve("keyId", &r.key_id, Accept::Key)?;
    // Sorted by tag key: AWS's order is undocumented, and a stable order pages reliably.
    let mut tags: Vec<(String, String)> = cx.key(&id)?.tags.clone();
    tags.sort();
    let items = tags.into_iter().map(|(k, v)| {
        (
            k.clone(),
            Tag {
                tag_key: k,
                tag_value: v,
            },
        )
    });
    let (tags, next_marker, truncated) = paging.take(items);
    Ok(ListResourceTagsResponse {
        tags,
        next_marker,
        truncated,
    })
}

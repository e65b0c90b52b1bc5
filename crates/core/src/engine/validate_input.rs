//! Service-level checks shared by several operations and by seed documents: tag lists ("Tags
//! in AWS KMS"), key policy documents ("Key policies in AWS KMS") and alias names ("Aliases in
//! AWS KMS"). Framework-style constraints come first, then the service's own rules, as AWS
//! orders them. Depends on `api`, `limits` and `error`.

use crate::api::shapes::Tag;
use crate::api::validate;
use crate::error::KmsError;
use crate::limits::{MAX_POLICY_BYTES, MAX_TAGS};

/// Validates a list of tags to add (CreateKey.Tags, TagResource.Tags).
pub(crate) fn tags(tags: &[Tag]) -> Result<(), KmsError> {
    for (i, t) in tags.iter().enumerate() {
        validate::len(&format!("tags.{}.member.tagKey", i + 1), &t.tag_key, 1, 128)?;
        validate::len(
            &format!("tags.{}.member.tagValue", i + 1),
            &t.tag_value,
            0,
            256,
        )?;
    }
    if tags.iter().any(|t| reserved_tag_key(&t.tag_key)) {
        return Err(KmsError::Tag(
            "Tags beginning with aws: are reserved".into(),
        ));
    }
    for (i, t) in tags.iter().enumerate() {
        if tags[..i].iter().any(|u| u.tag_key == t.tag_key) {
            return Err(KmsError::Tag("Duplicate tag keys".into()));
        }
    }
    if tags.len() > MAX_TAGS {
        return Err(KmsError::Tag("Too many tags".into()));
    }
    Ok(())
}

pub(crate) fn reserved_tag_key(key: &str) -> bool {
    // `get`, not `[..4]`: byte 4 may fall inside a multi-byte character ("a\0b🔑").
    key.get(..4)
        .is_some_and(|prefix| prefix.eq_ignore_ascii_case("aws:"))
}

/// Validates a key policy document: the model's length and character constraints, AWS's
/// 32 KB quota, and that it is a JSON policy with statements. Policies are stored, not
/// evaluated (see docs/differences-from-aws.md).
pub(crate) fn policy(text: &str) -> Result<(), KmsError> {
    validate::len("policy", text, 1, 131_072)?;
    validate::chars(
        "policy",
        text,
        "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+",
        |c| matches!(c, '\t' | '\n' | '\r') || ('\u{20}'..='\u{ff}').contains(&c),
    )?;
    if text.len() > MAX_POLICY_BYTES {
        return Err(KmsError::LimitExceeded(format!(
            "Policy is {} bytes; the maximum key policy size is {MAX_POLICY_BYTES} bytes",
            text.len()
        )));
    }
    let malformed = |why: &str| {
        KmsError::MalformedPolicyDocument(format!("The policy document is malformed: {why}"))
    };
    let doc: serde_json::Value =
        serde_json::from_str(text).map_err(|_| malformed("it is not valid JSON"))?;
    let statements = match doc.get("Statement") {
        Some(serde_json::Value::Array(a)) if !a.is_empty() => a.clone(),
        Some(s @ serde_json::Value::Object(_)) => vec![s.clone()],
        _ => return Err(malformed("it has no Statement")),
    };
    for s in &statements {
        match s.get("Effect").and_then(|e| e.as_str()) {
            Some("Allow") | Some("Deny") => {}
            _ => {
                return Err(malformed(
                    "every statement needs an Effect of Allow or Deny",
                ))
            }
        }
        if s.get("Action").is_none() && s.get("NotAction").is_none() {
            return Err(malformed("every statement needs an Action"));
        }
    }
    match crate::policy::problems(&doc) {
        Some(why) if why.starts_with("Policy contains") || why.starts_with("OverlyPermissive") => {
            Err(KmsError::MalformedPolicyDocument(why))
        }
        Some(why) => Err(malformed(&why)),
        None => Ok(()),
    }
}

/// The policy AWS attaches when CreateKey has none, formatted as GetKeyPolicy returns it.
pub(crate) fn default_policy(account_id: &str, partition_arn_prefix: &str) -> String {
    format!(
        "{{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"key-default-1\",\n  \"Statement\" : [ {{\n    \"Sid\" : \"Enable IAM User Permissions\",\n    \"Effect\" : \"Allow\",\n    \"Principal\" : {{\n      \"AWS\" : \"{partition_arn_prefix}:iam::{account_id}:root\"\n    }},\n    \"Action\" : \"kms:*\",\n    \"Resource\" : \"*\"\n  }} ]\n}}"
    )
}

/// Checks an alias name in AWS's order: framework length and pattern, then the `alias/`
/// prefix, the reserved `alias/aws/` prefix, and characters the service refuses (`:`).
pub(crate) fn check_alias_name(name: &str) -> Result<(), KmsError> {
    validate::len("aliasName", name, 1, 256)?;
    validate::chars("aliasName", name, "^[a-zA-Z0-9:/_-]+$", |c| {
        c.is_ascii_alphanumeric() || matches!(c, ':' | '/' | '_' | '-')
    })?;
    if !name.starts_with("alias/") {
        return Err(KmsError::Validation(
            "Alias must start with the prefix \"alias/\". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html".into(),
        ));
    }
    if name.starts_with("alias/aws/") {
        return Err(KmsError::NotAuthorized);
    }
    if name.contains(':') || name.len() == "alias/".len() {
        return Err(KmsError::Validation(format!(
            "{name} contains invalid characters for an alias"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(k: &str) -> Tag {
        Tag {
            tag_key: k.into(),
            tag_value: "v".into(),
        }
    }

    #[test]
    fn tag_rules() {
        assert!(tags(&[tag("a"), tag("b")]).is_ok());
        assert_eq!(
            tags(&[tag("AWS:x")]).unwrap_err(),
            KmsError::Tag("Tags beginning with aws: are reserved".into())
        );
        assert_eq!(
            tags(&[tag("a"), tag("a")]).unwrap_err(),
            KmsError::Tag("Duplicate tag keys".into())
        );
        let many: Vec<Tag> = (0..51).map(|i| tag(&format!("k{i}"))).collect();
        assert_eq!(
            tags(&many).unwrap_err(),
            KmsError::Tag("Too many tags".into())
        );
        assert!(matches!(tags(&[tag("")]), Err(KmsError::Validation(_))));
    }

    #[test]
    fn policy_rules() {
        let ok = default_policy("111122223333", "arn:aws");
        assert!(policy(&ok).is_ok());
        assert!(matches!(
            policy("{"),
            Err(KmsError::MalformedPolicyDocument(_))
        ));
        assert!(matches!(
            policy("{\"Statement\":[]}"),
            Err(KmsError::MalformedPolicyDocument(_))
        ));
        let big = format!(
            "{{\"Statement\":{{\"Effect\":\"Allow\",\"Action\":\"kms:*\"}},\"x\":\"{}\"}}",
            "a".repeat(40_000)
        );
        assert!(matches!(policy(&big), Err(KmsError::LimitExceeded(_))));
        assert!(matches!(policy("\u{2603}"), Err(KmsError::Validation(_))));
    }

    #[test]
    fn alias_name_rules_in_aws_order() {
        assert!(check_alias_name("alias/my-app_1/x").is_ok());
        assert!(
            matches!(check_alias_name("app"), Err(KmsError::Validation(m)) if m.starts_with("Alias must start with the prefix"))
        );
        assert_eq!(
            check_alias_name("alias/aws/s3"),
            Err(KmsError::NotAuthorized)
        );
        assert_eq!(
            check_alias_name("alias/Service:Test"),
            Err(KmsError::Validation(
                "alias/Service:Test contains invalid characters for an alias".into()
            ))
        );
        assert!(
            matches!(check_alias_name("alias/a b"), Err(KmsError::Validation(m)) if m.contains("regular expression"))
        );
    }
}

//! CreateGrant's request checks, shared with the list operations: principals, service
//! principals, constraints (kept as JSON, so checked here member by member), the operations
//! each kind of key can grant. Depends on `api::validate`, `limits` and `error`.

use crate::api::validate;
use crate::error::KmsError;
use crate::limits::MAX_GRANT_CONTEXT_PAIRS;
use crate::model::Key;
use serde_json::{Map, Value};

/// The model's GrantOperation values, in its order.
const GRANT_OPERATIONS: &[&str] = &[
    "Decrypt",
    "Encrypt",
    "GenerateDataKey",
    "GenerateDataKeyWithoutPlaintext",
    "ReEncryptFrom",
    "ReEncryptTo",
    "Sign",
    "Verify",
    "GetPublicKey",
    "CreateGrant",
    "RetireGrant",
    "DescribeKey",
    "GenerateDataKeyPair",
    "GenerateDataKeyPairWithoutPlaintext",
    "GenerateMac",
    "VerifyMac",
    "DeriveSharedSecret",
    "Encapsulate",
    "Decapsulate",
];

/// What a grant may allow on a key, by key usage; symmetric keys (`SYMMETRIC`) differ from
/// RSA and SM2 keys of the same usage. Every key also allows CreateGrant, RetireGrant and
/// DescribeKey ("Grant operations",
/// https://docs.aws.amazon.com/kms/latest/developerguide/grants.html#terms-grant-operations).
const SYMMETRIC: &[&str] = &[
    "Decrypt",
    "Encrypt",
    "GenerateDataKey",
    "GenerateDataKeyWithoutPlaintext",
    "GenerateDataKeyPair",
    "GenerateDataKeyPairWithoutPlaintext",
    "ReEncryptFrom",
    "ReEncryptTo",
];
const BY_USAGE: &[(&str, &[&str])] = &[
    (
        "ENCRYPT_DECRYPT",
        &[
            "Encrypt",
            "Decrypt",
            "ReEncryptFrom",
            "ReEncryptTo",
            "GetPublicKey",
        ],
    ),
    ("SIGN_VERIFY", &["Sign", "Verify", "GetPublicKey"]),
    ("GENERATE_VERIFY_MAC", &["GenerateMac", "VerifyMac"]),
    ("KEY_AGREEMENT", &["DeriveSharedSecret", "GetPublicKey"]),
    (
        "ENCAPSULATE_DECAPSULATE",
        &["Encapsulate", "Decapsulate", "GetPublicKey"],
    ),
];
const EVERY_KEY: &[&str] = &["CreateGrant", "RetireGrant", "DescribeKey"];

/// The requested operations that `key` cannot grant.
pub(super) fn unsupported<'a>(key: &Key, ops: &'a [String]) -> Vec<&'a str> {
    let own = match key.key_spec.as_str() {
        "SYMMETRIC_DEFAULT" => SYMMETRIC,
        _ => (BY_USAGE.iter())
            .find(|(u, _)| *u == key.key_usage)
            .map_or(&[][..], |(_, ops)| ops),
    };
    (ops.iter().map(String::as_str))
        .filter(|o| !own.contains(o) && !EVERY_KEY.contains(o))
        .collect()
}

/// ASCII letters and digits, and `extra` (one function, so `validate::chars` is built once).
fn charset(extra: &'static str) -> impl Fn(char) -> bool {
    move |c| c.is_ascii_alphanumeric() || extra.contains(c)
}

fn pattern_error(path: &str, value: &str, pattern: &str) -> KmsError {
    let why = format!("Member must satisfy regular expression pattern: {pattern}");
    KmsError::constraint(Some(value), path, &why)
}

/// An IAM principal member (the model's PrincipalIdType), which must also name one: an IAM
/// or STS ARN with a 12-digit account, or an account id. AWS's text for a name like "bob" is
/// unrecorded; this one says what is accepted (docs/differences-from-aws.md).
fn principal(path: &str, value: &str) -> Result<(), KmsError> {
    validate::len(path, value, 1, 256)?;
    validate::chars(path, value, "^[\\w+=,.@:/-]+$", charset("_+=,.@:/-"))?;
    let account = |a: &str| a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = value.splitn(6, ':').collect();
    let arn = match parts[..] {
        ["arn", partition, "iam" | "sts", "", a, resource] => {
            partition.starts_with("aws") && account(a) && !resource.is_empty()
        }
        _ => false,
    };
    if arn || account(value) {
        return Ok(());
    }
    Err(KmsError::Validation(format!(
        "{value} is not a valid principal for {path}: use an IAM ARN such as \
         arn:aws:iam::111122223333:role/ExampleRole, or an account ID."
    )))
}

/// A service principal member (ServicePrincipalType: three or more dot-separated labels).
fn service_principal(path: &str, value: &str) -> Result<(), KmsError> {
    validate::len(path, value, 1, 128)?;
    let pattern = "^([A-Za-z0-9\\-]+)\\.([A-Za-z0-9\\-]+)(\\.[A-Za-z0-9\\-]+)+$";
    if value.split('.').count() < 3 || value.split('.').any(str::is_empty) {
        return Err(pattern_error(path, value, pattern));
    }
    validate::chars(path, value, pattern, charset("-."))
}

/// The grant's Name (GrantNameType).
pub(super) fn name(value: &Option<String>) -> Result<(), KmsError> {
    match value {
        Some(n) => {
            validate::len("name", n, 1, 256)?;
            validate::chars("name", n, "^[a-zA-Z0-9:/_-]+$", charset(":/_-"))
        }
        None => Ok(()),
    }
}

/// One of two members naming a principal (IAM, service): `(value, is a service principal)`.
/// `required`: exactly one, else at most one.
pub(super) fn one_principal(
    names: [&str; 2],
    iam: &Option<String>,
    service: &Option<String>,
    required: bool,
) -> Result<Option<(String, bool)>, KmsError> {
    let [a, b] = names;
    match (iam, service) {
        (Some(_), Some(_)) => Err(KmsError::Validation(format!(
            "You can specify either {a} or {b}, but not both."
        ))),
        (None, None) if required => Err(KmsError::Validation(format!(
            "You must specify either {a} or {b}."
        ))),
        (None, None) => Ok(None),
        (Some(p), None) => {
            principal(&crate::api::lower_camel(a), p).map(|()| Some((p.clone(), false)))
        }
        (None, Some(p)) => {
            service_principal(&crate::api::lower_camel(b), p).map(|()| Some((p.clone(), true)))
        }
    }
}

/// GrantConstraints: the two encryption-context maps (string values, at most 8 pairs, values
/// up to 384 characters) and SourceArn. Returns the members it knows, so nothing else is kept.
pub(super) fn constraints(c: &Option<Value>) -> Result<Option<Map<String, Value>>, KmsError> {
    let Some(c) = c else { return Ok(None) };
    let shape = |what: &str| {
        KmsError::Serialization(format!("{what} is not a valid GrantConstraints member"))
    };
    let c = c.as_object().ok_or_else(|| shape("Constraints"))?;
    let mut kept = Map::new();
    for (member, v) in c {
        let path = format!("constraints.{}", crate::api::lower_camel(member));
        match (member.as_str(), v) {
            (_, Value::Null) => continue,
            ("EncryptionContextSubset" | "EncryptionContextEquals", Value::Object(m)) => {
                if m.len() > MAX_GRANT_CONTEXT_PAIRS {
                    return Err(KmsError::Validation(format!(
                        "{member} can have at most {MAX_GRANT_CONTEXT_PAIRS} encryption context pairs."
                    )));
                }
                for value in m.values() {
                    validate::len(&path, value.as_str().ok_or_else(|| shape(member))?, 0, 384)?;
                }
            }
            ("SourceArn", Value::String(arn)) => {
                validate::len(&path, arn, 20, 512)?;
                let parts: Vec<&str> = arn.splitn(6, ':').collect();
                let ok = matches!(parts[..], ["arn", p, s, _, acct, rest]
                    if p.starts_with("aws") && !s.is_empty() && !rest.is_empty()
                        && acct.len() == 12 && acct.bytes().all(|b| b.is_ascii_digit()));
                if !ok {
                    let pattern = "^arn:aws[a-z0-9-]*:[a-z0-9-]+:[a-z0-9-]*:[0-9]{12}:.+$";
                    return Err(pattern_error(&path, arn, pattern));
                }
            }
            ("EncryptionContextSubset" | "EncryptionContextEquals" | "SourceArn", _) => {
                return Err(shape(member))
            }
            _ => continue, // unknown members are ignored, as AWS's deserialisers ignore them
        }
        kept.insert(member.clone(), v.clone());
    }
    Ok(Some(kept))
}

/// Operations: GrantOperation values, at least one, not CreateGrant alone.
pub(super) fn operations(ops: &[String]) -> Result<(), KmsError> {
    if ops.iter().any(|o| !GRANT_OPERATIONS.contains(&o.as_str())) {
        let listed: Vec<&str> = ops.iter().map(String::as_str).collect();
        return Err(KmsError::constraint(
            Some(&format!("[{}]", listed.join(", "))),
            "operations",
            &format!(
                "Member must satisfy constraint: [Member must satisfy enum value set: [{}]]",
                GRANT_OPERATIONS.join(", ")
            ),
        ));
    }
    if ops.is_empty() {
        return Err(KmsError::Validation(
            "Grants must contain at least one operation.".into(),
        ));
    }
    if ops.iter().all(|o| o == "CreateGrant") {
        return Err(KmsError::Validation(
            "Grants must not contain only the CreateGrant operation.".into(),
        ));
    }
    Ok(())
}

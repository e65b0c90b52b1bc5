//! A key policy document read into statements: Effect, Principal/NotPrincipal,
//! Action/NotAction, Resource/NotResource and Condition blocks, in the shapes IAM accepts (a
//! string or a list of strings wherever a list is allowed). Reading is lenient, for stored
//! policies: a statement without Action or Resource never applies, as AWS documents; what
//! PutKeyPolicy refuses is decided by `problems`. Depends on `conditions` and serde_json.

use super::conditions::Condition;
use serde_json::Value;

/// Who a statement names.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Principal {
    /// `"*"` or `{"AWS": "*"}`: anyone.
    Anyone,
    /// `"111122223333"` or `arn:aws:iam::111122223333:root`: every principal of the account
    /// (kms-wasm has no IAM, so the delegation to the account's IAM policies is taken as
    /// granted).
    Account(String),
    /// An IAM user or role ARN (or any other ARN), matched exactly.
    Arn(String),
    /// `{"Service": "logs.amazonaws.com"}`: an AWS service principal calling on its own.
    Service(String),
    /// `{"Federated": ...}`, `{"CanonicalUser": ...}`: never a caller here.
    Other(String),
}

#[derive(Clone, Debug)]
pub(crate) struct Statement {
    pub sid: Option<String>,
    pub deny: bool,
    /// `None`: the statement names no principal (invalid in a key policy: it never applies).
    pub principals: Option<Vec<Principal>>,
    pub not_principal: bool,
    pub actions: Vec<String>,
    pub not_action: bool,
    pub resources: Vec<String>,
    pub not_resource: bool,
    pub conditions: Vec<Condition>,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Policy {
    pub statements: Vec<Statement>,
}

/// A string or a list of strings; anything else reads as nothing.
fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(a) => a
            .iter()
            .filter_map(|s| s.as_str().map(String::from))
            .collect(),
        _ => Vec::new(),
    }
}

/// `(values, negated)` of `name` or `Not<name>`; `None` when neither is there.
fn pair<'a>(s: &'a Value, name: &str) -> Option<(&'a Value, bool)> {
    match (s.get(name), s.get(format!("Not{name}"))) {
        (Some(v), _) => Some((v, false)),
        (None, Some(v)) => Some((v, true)),
        (None, None) => None,
    }
}

fn account_of_root(arn: &str) -> Option<&str> {
    let rest = arn.strip_prefix("arn:")?;
    let parts: Vec<&str> = rest.splitn(5, ':').collect();
    match parts[..] {
        [_, "iam", "", account, "root"] => Some(account),
        _ => None,
    }
}

fn principal(kind: &str, value: &str) -> Principal {
    match kind {
        "AWS" => {}
        "Service" => return Principal::Service(value.to_string()),
        _ => return Principal::Other(format!("{kind}:{value}")),
    }
    if value == "*" {
        Principal::Anyone
    } else if value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit()) {
        Principal::Account(value.to_string())
    } else if let Some(account) = account_of_root(value) {
        Principal::Account(account.to_string())
    } else {
        Principal::Arn(value.to_string())
    }
}

fn principals(v: &Value) -> Vec<Principal> {
    match v {
        Value::String(s) if s == "*" => vec![Principal::Anyone],
        Value::Object(m) => m
            .iter()
            .flat_map(|(kind, vals)| strings(vals).into_iter().map(move |s| principal(kind, &s)))
            .collect(),
        _ => Vec::new(),
    }
}

fn statement(s: &Value) -> Statement {
    let principal = pair(s, "Principal");
    let (actions, not_action) =
        pair(s, "Action").map_or((Vec::new(), false), |(v, n)| (strings(v), n));
    let (resources, not_resource) =
        pair(s, "Resource").map_or((Vec::new(), false), |(v, n)| (strings(v), n));
    Statement {
        sid: s.get("Sid").and_then(Value::as_str).map(String::from),
        deny: s.get("Effect").and_then(Value::as_str) == Some("Deny"),
        principals: principal.map(|(v, _)| principals(v)),
        not_principal: principal.is_some_and(|(_, n)| n),
        actions,
        not_action,
        resources,
        not_resource,
        conditions: s
            .get("Condition")
            .map(Condition::read_block)
            .unwrap_or_default(),
    }
}

/// The statements of `doc` (one statement object or a list of them).
pub(crate) fn read(doc: &Value) -> Policy {
    let statements = match doc.get("Statement") {
        Some(Value::Array(a)) => a.iter().map(statement).collect(),
        Some(s @ Value::Object(_)) => vec![statement(s)],
        _ => Vec::new(),
    };
    Policy { statements }
}

/// `"*"`, or an object whose `AWS` entries are `*`, 12-digit account ids or ARNs (AWS also
/// requires the principals to exist, which kms-wasm cannot know) and whose other entries are
/// strings.
fn valid_principals(p: &Value) -> bool {
    match p {
        Value::String(s) => s == "*",
        Value::Object(m) => m.iter().all(|(kind, v)| {
            let list = match v {
                Value::String(_) => vec![v.clone()],
                Value::Array(a) if !a.is_empty() => a.clone(),
                _ => return false,
            };
            list.iter().all(|e| match (kind.as_str(), e.as_str()) {
                ("AWS", Some(s)) => {
                    s == "*"
                        || s.starts_with("arn:")
                        || (s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit()))
                }
                (_, Some(s)) => !s.is_empty(),
                _ => false,
            })
        }),
        _ => false,
    }
}

/// Why PutKeyPolicy or CreateKey must refuse `doc` beyond its JSON shape, if anything: an
/// invalid principal (AWS's text), a condition operator IAM does not have, or `ForAllValues`
/// with an encryption-context key, which AWS refuses as overly permissive ("AWS KMS condition
/// keys").
pub(crate) fn problems(doc: &Value) -> Option<String> {
    let list = match doc.get("Statement") {
        Some(Value::Array(a)) => a.clone(),
        Some(s @ Value::Object(_)) => vec![s.clone()],
        _ => Vec::new(),
    };
    for s in &list {
        let named = s.get("Principal").or_else(|| s.get("NotPrincipal"));
        if named.is_some_and(|p| !valid_principals(p)) {
            return Some("Policy contains a statement with one or more invalid principals.".into());
        }
        let Some(block) = s.get("Condition") else {
            continue;
        };
        let Some(block) = block.as_object() else {
            return Some("a Condition must be an object".into());
        };
        for (op, keys) in block {
            if !Condition::known_operator(op) {
                return Some(format!("the condition operator {op} is not valid"));
            }
            let Some(keys) = keys.as_object() else {
                return Some(format!(
                    "the condition {op} must map condition keys to values"
                ));
            };
            for key in keys.keys() {
                let k = key.to_ascii_lowercase();
                if op.starts_with("ForAllValues:")
                    && (k.starts_with("kms:encryptioncontext:") || k.starts_with("aws:requesttag/"))
                {
                    return Some(format!(
                        "OverlyPermissiveCondition: Using the ForAllValues set operator with a single-valued condition key matches requests without the specified {key}. To fix, remove ForAllValues."
                    ));
                }
            }
        }
    }
    None
}

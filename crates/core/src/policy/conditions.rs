//! Condition blocks: the IAM operators KMS key policies use (String*, StringLike, Numeric*,
//! Date*, Bool, Null, IpAddress, Arn*), with the `ForAnyValue:`/`ForAllValues:` set qualifiers
//! and the `IfExists` suffix, evaluated against the request's condition keys ("IAM JSON policy
//! elements: Condition operators", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
//! Depends on `matching` and `api::parse_iso8601` (dates).

use super::matching::{arn_like, glob, in_cidr};
use serde_json::Value;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Test {
    StringEquals,
    StringEqualsIgnoreCase,
    StringLike,
    NumericEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    IpAddress,
    ArnEquals,
    ArnLike,
    Null,
}

/// An operator name without qualifier and suffix → (test, negated).
fn operator(name: &str) -> Option<(Test, bool)> {
    use Test::*;
    Some(match name {
        "StringEquals" => (StringEquals, false),
        "StringNotEquals" => (StringEquals, true),
        "StringEqualsIgnoreCase" => (StringEqualsIgnoreCase, false),
        "StringNotEqualsIgnoreCase" => (StringEqualsIgnoreCase, true),
        "StringLike" => (StringLike, false),
        "StringNotLike" => (StringLike, true),
        "NumericEquals" => (NumericEquals, false),
        "NumericNotEquals" => (NumericEquals, true),
        "NumericLessThan" => (NumericLessThan, false),
        "NumericLessThanEquals" => (NumericLessThanEquals, false),
        "NumericGreaterThan" => (NumericGreaterThan, false),
        "NumericGreaterThanEquals" => (NumericGreaterThanEquals, false),
        "DateEquals" => (DateEquals, false),
        "DateNotEquals" => (DateEquals, true),
        "DateLessThan" => (DateLessThan, false),
        "DateLessThanEquals" => (DateLessThanEquals, false),
        "DateGreaterThan" => (DateGreaterThan, false),
        "DateGreaterThanEquals" => (DateGreaterThanEquals, false),
        "Bool" => (Bool, false),
        "IpAddress" => (IpAddress, false),
        "NotIpAddress" => (IpAddress, true),
        "ArnEquals" => (ArnEquals, false),
        "ArnNotEquals" => (ArnEquals, true),
        "ArnLike" => (ArnLike, false),
        "ArnNotLike" => (ArnLike, true),
        "Null" => (Null, false),
        _ => return None,
    })
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Set {
    Single,
    AnyValue,
    AllValues,
}

/// One condition key under one operator, e.g. `"StringEquals": {"kms:EncryptionContext:app": "x"}`.
#[derive(Clone, Debug)]
pub(crate) struct Condition {
    test: Option<(Test, bool)>,
    set: Set,
    if_exists: bool,
    /// Lower case: condition key names are case-insensitive.
    pub key: String,
    values: Vec<String>,
}

/// A JSON value of a condition as the strings IAM compares (numbers and booleans as text).
fn texts(v: &Value) -> Vec<String> {
    let one = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    match v {
        Value::Array(a) => a.iter().filter_map(one).collect(),
        v => one(v).into_iter().collect(),
    }
}

/// A number as KMS's numeric condition keys carry them (whole days); decimals are compared
/// by their whole part, which those keys never have.
fn number(s: &str) -> Option<i128> {
    s.trim().split('.').next()?.parse().ok()
}

/// A date as epoch milliseconds: ISO 8601 or epoch seconds, as IAM accepts.
fn date(s: &str) -> Option<i64> {
    crate::api::parse_iso8601(s).or_else(|| s.trim().parse::<i64>().ok().map(|secs| secs * 1000))
}

impl Condition {
    /// Whether `name` (with its qualifier and suffix) is an operator IAM has.
    pub(crate) fn known_operator(name: &str) -> bool {
        let name = name
            .strip_prefix("ForAnyValue:")
            .or_else(|| name.strip_prefix("ForAllValues:"))
            .unwrap_or(name);
        let name = name.strip_suffix("IfExists").unwrap_or(name);
        operator(name).is_some()
    }

    /// The conditions of a `Condition` block.
    pub(crate) fn read_block(block: &Value) -> Vec<Condition> {
        let Some(block) = block.as_object() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (op, keys) in block {
            let (set, name) = if let Some(n) = op.strip_prefix("ForAnyValue:") {
                (Set::AnyValue, n)
            } else if let Some(n) = op.strip_prefix("ForAllValues:") {
                (Set::AllValues, n)
            } else {
                (Set::Single, op.as_str())
            };
            let (if_exists, name) = match name.strip_suffix("IfExists") {
                Some(n) => (true, n),
                None => (false, name),
            };
            for (key, values) in keys.as_object().into_iter().flatten() {
                out.push(Condition {
                    test: operator(name),
                    set,
                    if_exists,
                    key: key.to_ascii_lowercase(),
                    values: texts(values),
                });
            }
        }
        out
    }

    /// Whether one request value passes the (un-negated) test against any policy value.
    fn matches(&self, test: Test, value: &str) -> bool {
        use Test::*;
        self.values.iter().any(|p| match test {
            StringEquals => p == value,
            StringEqualsIgnoreCase => p.eq_ignore_ascii_case(value),
            StringLike => glob(p, value, false),
            NumericEquals
            | NumericLessThan
            | NumericLessThanEquals
            | NumericGreaterThan
            | NumericGreaterThanEquals => match (number(value), number(p)) {
                (Some(v), Some(p)) => match test {
                    NumericEquals => v == p,
                    NumericLessThan => v < p,
                    NumericLessThanEquals => v <= p,
                    NumericGreaterThan => v > p,
                    _ => v >= p,
                },
                _ => false,
            },
            DateEquals
            | DateLessThan
            | DateLessThanEquals
            | DateGreaterThan
            | DateGreaterThanEquals => match (date(value), date(p)) {
                (Some(v), Some(p)) => match test {
                    DateEquals => v == p,
                    DateLessThan => v < p,
                    DateLessThanEquals => v <= p,
                    DateGreaterThan => v > p,
                    _ => v >= p,
                },
                _ => false,
            },
            Bool => p.eq_ignore_ascii_case(value),
            IpAddress => in_cidr(p, value),
            ArnEquals => p == value,
            ArnLike => arn_like(p, value),
            Null => false,
        })
    }

    /// The condition against the request: `values(key)` gives a condition key's values, or
    /// `None` when the request has no such key. An operator IAM does not have never holds.
    pub(crate) fn holds(&self, values: Option<Vec<String>>) -> bool {
        let Some((test, negated)) = self.test else {
            return false;
        };
        if test == Test::Null {
            // "Null": true ⇔ the key is absent.
            let absent = values.as_ref().is_none_or(Vec::is_empty);
            return self
                .values
                .iter()
                .any(|v| v.eq_ignore_ascii_case(&absent.to_string()));
        }
        let values = match values {
            Some(v) if !v.is_empty() => v,
            // Absent key: IfExists holds; ForAllValues holds (nothing fails it); a negated
            // operator holds (nothing matches); otherwise no match.
            _ => {
                return self.if_exists
                    || self.set == Set::AllValues
                    || (negated && self.set == Set::Single)
            }
        };
        let passes = |v: &String| self.matches(test, v) != negated;
        match self.set {
            Set::AllValues => values.iter().all(passes),
            Set::AnyValue => values.iter().any(passes),
            // A single-valued key; a negated operator must hold for every request value.
            Set::Single if negated => values.iter().all(passes),
            Set::Single => values.iter().any(passes),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn one(block: Value) -> Condition {
        Condition::read_block(&block).remove(0)
    }
    fn v(s: &[&str]) -> Option<Vec<String>> {
        Some(s.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn operators() {
        let c = one(json!({"StringEquals": {"kms:EncryptionContext:App": ["a", "b"]}}));
        assert_eq!(c.key, "kms:encryptioncontext:app");
        assert!(c.holds(v(&["b"])));
        assert!(!c.holds(v(&["c"])));
        assert!(!c.holds(None));
        let c = one(json!({"StringNotEquals": {"k": "a"}}));
        assert!(c.holds(v(&["b"])) && !c.holds(v(&["a"])) && c.holds(None));
        assert!(one(json!({"StringLike": {"k": "arn:*:role/*"}})).holds(v(&["arn:x:role/r"])));
        assert!(one(json!({"NumericLessThanEquals": {"k": 7}})).holds(v(&["7"])));
        assert!(!one(json!({"NumericGreaterThan": {"k": "7"}})).holds(v(&["7"])));
        assert!(one(json!({"Bool": {"k": true}})).holds(v(&["true"])));
        assert!(one(json!({"DateLessThan": {"k": "2027-01-01T00:00:00Z"}}))
            .holds(v(&["2026-12-05T00:00:00Z"])));
        assert!(one(json!({"IpAddress": {"aws:SourceIp": "127.0.0.0/8"}})).holds(v(&["127.0.0.1"])));
        assert!(
            one(json!({"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}})).holds(v(&["127.0.0.1"]))
        );
        assert!(one(json!({"ArnLike": {"k": "arn:aws:iam::*:user/*"}}))
            .holds(v(&["arn:aws:iam::1:user/a"])));
        assert!(one(json!({"Null": {"k": "true"}})).holds(None));
        assert!(!one(json!({"Null": {"k": "true"}})).holds(v(&["x"])));
        assert!(one(json!({"StringEqualsIfExists": {"k": "a"}})).holds(None));
        assert!(!one(json!({"Nope": {"k": "a"}})).holds(v(&["a"])));
    }

    #[test]
    fn set_qualifiers() {
        let any =
            one(json!({"ForAnyValue:StringEquals": {"kms:EncryptionContextKeys": ["a", "b"]}}));
        assert!(any.holds(v(&["x", "b"])));
        assert!(!any.holds(v(&["x"])));
        assert!(!any.holds(None));
        let all =
            one(json!({"ForAllValues:StringEquals": {"kms:EncryptionContextKeys": ["a", "b"]}}));
        assert!(all.holds(v(&["a", "b"])));
        assert!(!all.holds(v(&["a", "x"])));
        assert!(all.holds(None), "ForAllValues holds for no values");
        assert!(Condition::known_operator("ForAnyValue:StringLikeIfExists"));
        assert!(!Condition::known_operator("StringMaybe"));
    }
}

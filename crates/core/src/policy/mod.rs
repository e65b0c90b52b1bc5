//! The IAM policy language as AWS KMS evaluates a key policy: which statements apply to a
//! request (principal, action, resource, conditions), explicit Deny over Allow, and no Allow
//! meaning no access ("Determining access to an AWS KMS key",
//! https://docs.aws.amazon.com/kms/latest/developerguide/determining-access.html). Pure: the
//! caller supplies the request and a lookup of its condition keys. Depends on serde_json.

mod conditions;
mod document;
mod matching;

pub(crate) use document::{problems, read, Policy};
use document::{Principal, Statement};
use matching::glob;

/// The request a policy is asked about.
pub(crate) struct Request<'a> {
    /// The caller's ARN (`arn:aws:iam::<account>:root` for the account itself).
    pub principal: &'a str,
    /// The caller's account.
    pub account: &'a str,
    /// The caller is an AWS service principal (`principal` is its name).
    pub service: bool,
    /// `kms:<Operation>`.
    pub action: &'a str,
    /// The key ARN.
    pub resource: &'a str,
}

/// The policy's answer; with the `Sid` (if any) of the statement that decided it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Decision {
    Allow(Option<String>),
    Deny(Option<String>),
    /// No statement allows (an implicit deny).
    NoAllow,
}

/// An assumed-role session (`arn:aws:sts::<acct>:assumed-role/<role>/<session>`) is named in
/// policies by its role's ARN.
pub(crate) fn role_of_session(arn: &str) -> Option<String> {
    let rest = arn.strip_prefix("arn:")?;
    let parts: Vec<&str> = rest.splitn(5, ':').collect();
    let [partition, "sts", "", account, resource] = parts[..] else {
        return None;
    };
    let role = resource.strip_prefix("assumed-role/")?.split('/').next()?;
    Some(format!("arn:{partition}:iam::{account}:role/{role}"))
}

fn names(p: &Principal, req: &Request) -> bool {
    match p {
        Principal::Anyone => true,
        Principal::Account(a) => !req.service && a == req.account,
        Principal::Arn(arn) => {
            arn == req.principal || role_of_session(req.principal).is_some_and(|r| &r == arn)
        }
        Principal::Service(s) => req.service && s == req.principal,
        Principal::Other(_) => false,
    }
}

fn applies(s: &Statement, req: &Request, key: &dyn Fn(&str) -> Option<Vec<String>>) -> bool {
    let Some(principals) = &s.principals else {
        return false;
    };
    if s.actions.is_empty() || s.resources.is_empty() {
        return false; // AWS: a statement without Action or Resource has no effect.
    }
    let named = principals.iter().any(|p| names(p, req));
    let action = s.actions.iter().any(|a| glob(a, req.action, true));
    let resource = s
        .resources
        .iter()
        .any(|r| r == "*" || glob(r, req.resource, false));
    named != s.not_principal
        && action != s.not_action
        && resource != s.not_resource
        && s.conditions.iter().all(|c| c.holds(key(&c.key)))
}

impl Policy {
    /// True when no statement denies and one allows every action on the key to every
    /// principal of `account`, unconditionally (as the default key policy does): then every
    /// request of that account is allowed, whatever it carries.
    pub(crate) fn open_to(&self, account: &str) -> bool {
        let everyone = |s: &Statement| {
            s.principals.as_ref().is_some_and(|ps| {
                ps.iter().any(|p| match p {
                    Principal::Anyone => true,
                    Principal::Account(a) => a == account,
                    _ => false,
                })
            })
        };
        self.statements.iter().all(|s| !s.deny)
            && self.statements.iter().any(|s| {
                everyone(s)
                    && !s.not_principal
                    && !s.not_action
                    && !s.not_resource
                    && s.conditions.is_empty()
                    && s.actions.iter().any(|a| a == "kms:*" || a == "*")
                    && s.resources.iter().any(|r| r == "*")
            })
    }
}

/// The policy's decision for `req`. `key` gives a condition key's values (its name in lower
/// case), `None` when the request has no such key.
pub(crate) fn evaluate(
    policy: &Policy,
    req: &Request,
    key: &dyn Fn(&str) -> Option<Vec<String>>,
) -> Decision {
    let mut allow = None;
    for s in &policy.statements {
        if !applies(s, req, key) {
            continue;
        }
        if s.deny {
            return Decision::Deny(s.sid.clone());
        }
        allow.get_or_insert_with(|| s.sid.clone());
    }
    allow.map_or(Decision::NoAllow, Decision::Allow)
}

#[cfg(test)]
mod tests;

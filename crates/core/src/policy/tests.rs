//! The evaluator against policies written as AWS's guides write them: the default policy, an
//! explicit Deny for one principal, encryption-context conditions, NotPrincipal and
//! NotAction, roles through their sessions, and statements that never apply.

use super::*;
use serde_json::json;

const ALICE: &str = "arn:aws:iam::111122223333:user/alice";
const BOB: &str = "arn:aws:iam::111122223333:user/bob";
const KEY: &str = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

fn req<'a>(principal: &'a str, action: &'a str) -> Request<'a> {
    let account = principal.split(':').nth(4).unwrap_or("111122223333");
    Request {
        principal,
        account,
        // A name without `arn:` is an AWS service principal (logs.amazonaws.com).
        service: !principal.starts_with("arn:"),
        action,
        resource: KEY,
    }
}

fn no_keys(_: &str) -> Option<Vec<String>> {
    None
}

fn decide(policy: serde_json::Value, principal: &str, action: &str) -> Decision {
    evaluate(&read(&policy), &req(principal, action), &no_keys)
}

fn default_policy() -> serde_json::Value {
    json!({"Version": "2012-10-17", "Id": "key-default-1", "Statement": [{
        "Sid": "Enable IAM User Permissions", "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}]})
}

#[test]
fn the_default_policy_allows_the_account_and_no_one_else() {
    let sid = Some("Enable IAM User Permissions".to_string());
    assert_eq!(
        decide(default_policy(), ALICE, "kms:Decrypt"),
        Decision::Allow(sid.clone())
    );
    assert_eq!(
        decide(
            default_policy(),
            "arn:aws:iam::111122223333:root",
            "kms:PutKeyPolicy"
        ),
        Decision::Allow(sid)
    );
    assert_eq!(
        decide(
            default_policy(),
            "arn:aws:iam::444455556666:user/eve",
            "kms:Decrypt"
        ),
        Decision::NoAllow
    );
}

#[test]
fn an_explicit_deny_wins_for_its_principal_only() {
    let mut p = default_policy();
    p["Statement"].as_array_mut().unwrap().push(json!({
        "Sid": "NoDecryptForBob", "Effect": "Deny", "Principal": {"AWS": [BOB]},
        "Action": ["kms:Decrypt", "kms:ReEncrypt*"], "Resource": "*"}));
    assert_eq!(
        decide(p.clone(), BOB, "kms:Decrypt"),
        Decision::Deny(Some("NoDecryptForBob".into()))
    );
    assert_eq!(
        decide(p.clone(), BOB, "kms:ReEncryptFrom"),
        Decision::Deny(Some("NoDecryptForBob".into()))
    );
    assert!(matches!(
        decide(p.clone(), BOB, "kms:Encrypt"),
        Decision::Allow(_)
    ));
    assert!(matches!(
        decide(p, ALICE, "kms:Decrypt"),
        Decision::Allow(_)
    ));
}

#[test]
fn conditions_on_the_encryption_context() {
    let p = json!({"Statement": [{"Effect": "Allow", "Principal": {"AWS": ALICE}, "Action": "kms:Decrypt",
        "Resource": "*", "Condition": {"StringEquals": {"kms:EncryptionContext:Department": "IT"}}}]});
    let policy = read(&p);
    let r = req(ALICE, "kms:Decrypt");
    let it = |k: &str| (k == "kms:encryptioncontext:department").then(|| vec!["IT".to_string()]);
    let hr = |k: &str| (k == "kms:encryptioncontext:department").then(|| vec!["HR".to_string()]);
    assert!(matches!(evaluate(&policy, &r, &it), Decision::Allow(_)));
    assert_eq!(evaluate(&policy, &r, &hr), Decision::NoAllow);
    assert_eq!(evaluate(&policy, &r, &no_keys), Decision::NoAllow);
}

#[test]
fn not_principal_not_action_and_roles() {
    let p = json!({"Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*",
         "Condition": {"StringEquals": {"kms:CallerAccount": "111122223333"}}},
        {"Effect": "Deny", "NotPrincipal": {"AWS": ["arn:aws:iam::111122223333:role/Admin"]},
         "NotAction": ["kms:Encrypt", "kms:Decrypt", "kms:Describe*"], "Resource": "*"}]});
    let policy = read(&p);
    let account = |k: &str| (k == "kms:calleraccount").then(|| vec!["111122223333".to_string()]);
    let ask = |who: &str, action: &str| evaluate(&policy, &req(who, action), &account);
    assert!(matches!(ask(ALICE, "kms:Decrypt"), Decision::Allow(_)));
    assert!(matches!(ask(ALICE, "kms:DisableKey"), Decision::Deny(_)));
    let session = "arn:aws:sts::111122223333:assumed-role/Admin/ops-session";
    assert!(
        matches!(ask(session, "kms:DisableKey"), Decision::Allow(_)),
        "the role's session is the role"
    );
}

#[test]
fn statements_without_action_or_resource_or_with_other_principals_never_apply() {
    let none = json!({"Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "kms:*"},
        {"Effect": "Allow", "Principal": "*", "Resource": "*"},
        {"Effect": "Allow", "Action": "kms:*", "Resource": "*"},
        {"Effect": "Allow", "Principal": {"Service": "logs.amazonaws.com"}, "Action": "kms:*", "Resource": "*"},
        {"Effect": "Allow", "Principal": {"AWS": ALICE}, "Action": "kms:*", "Resource": "arn:aws:kms:*:*:key/other"}]});
    assert_eq!(decide(none, ALICE, "kms:Encrypt"), Decision::NoAllow);
    let one = json!({"Statement": {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "KMS:encrypt", "Resource": KEY}});
    assert!(
        matches!(decide(one, ALICE, "kms:Encrypt"), Decision::Allow(None)),
        "a single statement object, a bare account id, actions case-insensitive"
    );
}

#[test]
fn service_principals_are_named_by_service_statements_only() {
    let doc = || {
        json!({"Statement": [
            {"Sid": "logs", "Effect": "Allow", "Principal": {"Service": "logs.amazonaws.com"}, "Action": "kms:Encrypt", "Resource": "*"},
            {"Sid": "acct", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:Decrypt", "Resource": "*"}]})
    };
    let logs = "logs.amazonaws.com";
    assert_eq!(
        decide(doc(), logs, "kms:Encrypt"),
        Decision::Allow(Some("logs".into()))
    );
    assert_eq!(
        decide(doc(), logs, "kms:Decrypt"),
        Decision::NoAllow,
        "an account statement does not name a service"
    );
    assert_eq!(
        decide(doc(), "delivery.logs.amazonaws.com", "kms:Encrypt"),
        Decision::NoAllow
    );
    assert_eq!(
        decide(doc(), ALICE, "kms:Encrypt"),
        Decision::NoAllow,
        "nor a service statement an IAM user"
    );
}

#[test]
fn problems_refuse_unknown_operators_and_permissive_sets() {
    assert_eq!(problems(&default_policy()), None);
    let bad = json!({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*",
        "Condition": {"StringMaybe": {"k": "v"}}}]});
    assert!(problems(&bad).unwrap().contains("StringMaybe"));
    let permissive = json!({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*",
        "Condition": {"ForAllValues:StringEquals": {"kms:EncryptionContext:app": "x"}}}]});
    assert!(problems(&permissive)
        .unwrap()
        .starts_with("OverlyPermissiveCondition"));
}

#[test]
fn open_to_the_account_is_the_default_policy_and_nothing_narrower() {
    assert!(read(&default_policy()).open_to("111122223333"));
    assert!(!read(&default_policy()).open_to("444455556666"));
    let mut with_deny = default_policy();
    with_deny["Statement"].as_array_mut().unwrap().push(json!({
        "Effect": "Deny", "Principal": {"AWS": BOB}, "Action": "kms:Decrypt", "Resource": "*"}));
    assert!(!read(&with_deny).open_to("111122223333"));
    let conditional = json!({"Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "kms:*",
        "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]});
    assert!(!read(&conditional).open_to("111122223333"));
    let narrow = json!({"Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "kms:Encrypt", "Resource": "*"}]});
    assert!(!read(&narrow).open_to("111122223333"));
}

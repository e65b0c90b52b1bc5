//! Key policies enforced per caller: the default policy changes nothing; an explicit Deny stops
//! its principal only; principals of another account need the policy to name them; conditions
//! on the encryption context; ReEncrypt's two actions; the lockout safety check; invalid
//! principals; AWS managed keys; and the caller in the audit log's userIdentity.

use super::*;

const ALICE: &str = "arn:aws:iam::111122223333:user/alice";
const BOB: &str = "arn:aws:iam::111122223333:user/bob";
const EVE: &str = "arn:aws:iam::444455556666:user/eve";

fn caller(principal: &str) -> Caller {
    Caller {
        principal: Some(principal.to_string()),
        ..Caller::default()
    }
}

fn call_as(f: &mut Fixture, who: &str, op: &str, input: Value) -> Result<Value, KmsError> {
    f.engine
        .call(op, &input.to_string(), &caller(who))
        .map(|s| serde_json::from_str(&s).unwrap())
}

fn policy(extra: Value) -> String {
    let mut statements = vec![
        json!({"Sid": "Enable IAM User Permissions", "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}),
    ];
    statements.extend(extra.as_array().cloned().unwrap_or_default());
    json!({"Version": "2012-10-17", "Statement": statements}).to_string()
}

fn denied(e: KmsError, who: &str, action: &str, arn: &str, why: &str) {
    let text =
        format!("User: {who} is not authorized to perform: {action} on resource: {arn} {why}");
    assert_err(&e, "AccessDeniedException", Some(&text));
}

#[test]
fn the_default_policy_lets_every_principal_of_the_account_do_everything() {
    let mut f = Fixture::new();
    let id = f.key();
    for who in [
        ALICE,
        BOB,
        "arn:aws:sts::111122223333:assumed-role/App/session-1",
    ] {
        let blob = call_as(
            &mut f,
            who,
            "Encrypt",
            json!({"KeyId": id, "Plaintext": "AA=="}),
        )
        .unwrap();
        call_as(
            &mut f,
            who,
            "Decrypt",
            json!({"CiphertextBlob": blob["CiphertextBlob"]}),
        )
        .unwrap();
        call_as(&mut f, who, "DisableKey", json!({"KeyId": id})).unwrap();
        call_as(&mut f, who, "EnableKey", json!({"KeyId": id})).unwrap();
    }
    let arn = f.arn(&id);
    let e = call_as(&mut f, EVE, "DescribeKey", json!({"KeyId": arn})).unwrap_err();
    let why = "because no resource-based policy allows the kms:DescribeKey action";
    denied(e, EVE, "kms:DescribeKey", &f.arn(&id), why);
}

#[test]
fn an_explicit_deny_stops_its_principal_only() {
    let mut f = Fixture::new();
    let id = f.key();
    let p = policy(
        json!([{"Sid": "NoDecryptForBob", "Effect": "Deny", "Principal": {"AWS": BOB},
        "Action": "kms:Decrypt", "Resource": "*"}]),
    );
    f.ok("PutKeyPolicy", json!({"KeyId": id, "Policy": p}));
    let blob = call_as(
        &mut f,
        BOB,
        "Encrypt",
        json!({"KeyId": id, "Plaintext": "AA=="}),
    )
    .unwrap();
    let decrypt = json!({"CiphertextBlob": blob["CiphertextBlob"]});
    call_as(&mut f, ALICE, "Decrypt", decrypt.clone()).unwrap();
    let e = call_as(&mut f, BOB, "Decrypt", decrypt.clone()).unwrap_err();
    let why = "with an explicit deny in a resource-based policy";
    denied(e, BOB, "kms:Decrypt", &f.arn(&id), why);
    // The refusal changes nothing and is audited as refused, naming the caller.
    let events = f.events(AuditFilter {
        failed_only: true,
        ..Default::default()
    });
    let last = events.last().unwrap();
    assert_eq!(last["errorCode"], json!("AccessDeniedException"));
    assert_eq!(last["userIdentity"]["type"], json!("IAMUser"));
    assert_eq!(last["userIdentity"]["userName"], json!("bob"));
    assert_eq!(last["userIdentity"]["arn"], json!(BOB));
}

#[test]
fn conditions_on_the_encryption_context_allow_and_deny_as_written() {
    let mut f = Fixture::new();
    let id = f.key();
    let p = json!({"Statement": [
        {"Sid": "Admins", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
         "Action": ["kms:*"], "Resource": "*", "Condition": {"StringNotEquals": {"aws:PrincipalArn": [ALICE]}}},
        {"Sid": "AliceForHr", "Effect": "Allow", "Principal": {"AWS": ALICE}, "Action": ["kms:Encrypt", "kms:Decrypt"],
         "Resource": "*", "Condition": {"StringEquals": {"kms:EncryptionContext:Department": "HR"}}}]});
    f.ok(
        "PutKeyPolicy",
        json!({"KeyId": id, "Policy": p.to_string()}),
    );
    let hr = json!({"KeyId": id, "Plaintext": "AA==", "EncryptionContext": {"department": "HR"}});
    let blob = call_as(&mut f, ALICE, "Encrypt", hr).unwrap();
    call_as(&mut f, ALICE, "Decrypt", json!({"CiphertextBlob": blob["CiphertextBlob"], "EncryptionContext": {"department": "HR"}})).unwrap();
    let it = json!({"KeyId": id, "Plaintext": "AA==", "EncryptionContext": {"Department": "IT"}});
    assert_eq!(
        call_as(&mut f, ALICE, "Encrypt", it).unwrap_err().code(),
        "AccessDeniedException"
    );
    let none = json!({"KeyId": id, "Plaintext": "AA=="});
    assert_eq!(
        call_as(&mut f, ALICE, "Encrypt", none.clone())
            .unwrap_err()
            .code(),
        "AccessDeniedException"
    );
    call_as(&mut f, BOB, "Encrypt", none).unwrap();
    assert_eq!(
        call_as(&mut f, ALICE, "DescribeKey", json!({"KeyId": id}))
            .unwrap_err()
            .code(),
        "AccessDeniedException"
    );
}

#[test]
fn re_encrypt_needs_from_on_the_source_and_to_on_the_destination() {
    let mut f = Fixture::new();
    let (src, dst) = (f.key(), f.key());
    let p = policy(
        json!([{"Effect": "Deny", "Principal": {"AWS": BOB}, "Action": "kms:ReEncryptTo", "Resource": "*"}]),
    );
    f.ok("PutKeyPolicy", json!({"KeyId": dst, "Policy": p}));
    let blob = f.encrypt(&src, b"x");
    let input = json!({"CiphertextBlob": blob, "DestinationKeyId": dst});
    call_as(&mut f, ALICE, "ReEncrypt", input.clone()).unwrap();
    let e = call_as(&mut f, BOB, "ReEncrypt", input).unwrap_err();
    denied(
        e,
        BOB,
        "kms:ReEncryptTo",
        &f.arn(&dst),
        "with an explicit deny in a resource-based policy",
    );
}

#[test]
fn the_lockout_check_refuses_a_policy_that_locks_the_caller_out() {
    let mut f = Fixture::new();
    let id = f.key();
    let only_bob = json!({"Statement": [{"Effect": "Allow", "Principal": {"AWS": BOB}, "Action": "kms:*", "Resource": "*"}]}).to_string();
    let e = f.err("PutKeyPolicy", json!({"KeyId": id, "Policy": only_bob}));
    assert_err(
        &e,
        "MalformedPolicyDocumentException",
        Some("The new key policy will not allow you to update the key policy in the future."),
    );
    let e = f.err("CreateKey", json!({"Policy": only_bob}));
    assert_eq!(e.code(), "MalformedPolicyDocumentException");
    // As Bob it is fine; bypassing the check is fine too, and then the root user is locked out.
    call_as(
        &mut f,
        BOB,
        "PutKeyPolicy",
        json!({"KeyId": id, "Policy": only_bob}),
    )
    .unwrap();
    let other = f.key();
    f.ok(
        "PutKeyPolicy",
        json!({"KeyId": other, "Policy": only_bob, "BypassPolicyLockoutSafetyCheck": true}),
    );
    assert_eq!(
        f.err("GetKeyPolicy", json!({"KeyId": other})).code(),
        "AccessDeniedException"
    );
    call_as(&mut f, BOB, "GetKeyPolicy", json!({"KeyId": other})).unwrap();
    let bad = json!({"Statement": [{"Effect": "Allow", "Principal": {"AWS": "alice"}, "Action": "kms:*", "Resource": "*"}]});
    let fresh = f.key();
    let e = f.err(
        "PutKeyPolicy",
        json!({"KeyId": fresh, "Policy": bad.to_string()}),
    );
    assert_err(
        &e,
        "MalformedPolicyDocumentException",
        Some("Policy contains a statement with one or more invalid principals."),
    );
}

#[test]
fn aws_managed_keys_and_the_root_user_are_unchanged() {
    let mut f = Fixture::new();
    let blob = call_as(
        &mut f,
        ALICE,
        "Encrypt",
        json!({"KeyId": "alias/aws/s3", "Plaintext": "AA=="}),
    )
    .unwrap();
    call_as(
        &mut f,
        BOB,
        "Decrypt",
        json!({"CiphertextBlob": blob["CiphertextBlob"]}),
    )
    .unwrap();
    let id = f.key();
    f.ok("Encrypt", json!({"KeyId": id, "Plaintext": "AA=="}));
    let events = f.events(AuditFilter {
        event_name: Some("Encrypt".into()),
        ..Default::default()
    });
    assert_eq!(
        events.last().unwrap()["userIdentity"]["type"],
        json!("Root")
    );
    let role = "arn:aws:sts::111122223333:assumed-role/App/s1";
    call_as(&mut f, role, "DescribeKey", json!({"KeyId": id})).unwrap();
    let events = f.events(AuditFilter {
        event_name: Some("DescribeKey".into()),
        ..Default::default()
    });
    let identity = &events.last().unwrap()["userIdentity"];
    assert_eq!(identity["type"], json!("AssumedRole"));
    assert_eq!(
        identity["sessionContext"]["sessionIssuer"]["arn"],
        json!("arn:aws:iam::111122223333:role/App")
    );
}

#[test]
fn dry_run_answers_what_the_call_would_and_changes_nothing() {
    let mut f = Fixture::new();
    let id = f.key();
    let p = policy(
        json!([{"Effect": "Deny", "Principal": {"AWS": BOB}, "Action": "kms:GenerateDataKey", "Resource": "*"}]),
    );
    f.ok("PutKeyPolicy", json!({"KeyId": id, "Policy": p}));
    let before = f.engine.revision();
    let input = json!({"KeyId": id, "KeySpec": "AES_256", "DryRun": true});
    let e = call_as(&mut f, ALICE, "GenerateDataKey", input.clone()).unwrap_err();
    assert_err(
        &e,
        "DryRunOperationException",
        Some("The request would have succeeded, but the DryRun option is set."),
    );
    let e = call_as(&mut f, BOB, "GenerateDataKey", input).unwrap_err();
    assert_eq!(
        e.code(),
        "AccessDeniedException",
        "a DryRun reports the refusal the call would get"
    );
    let blob = f.encrypt(&id, b"x");
    let e = call_as(
        &mut f,
        BOB,
        "Decrypt",
        json!({"CiphertextBlob": blob, "DryRun": true}),
    )
    .unwrap_err();
    assert_eq!(e.code(), "DryRunOperationException");
    assert_eq!(f.engine.revision(), before, "no DryRun changed the state");
    let events = f.events(AuditFilter {
        event_name: Some("GenerateDataKey".into()),
        ..Default::default()
    });
    assert_eq!(events.len(), 2, "DryRun calls are audited");
}

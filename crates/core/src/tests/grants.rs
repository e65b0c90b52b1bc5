//! Grants: a grant lets its grantee do exactly its operations on its key (and nothing else,
//! and no one else), under its encryption-context constraints, until it is retired or revoked;
//! an explicit Deny in the key policy still wins. The keys here have a policy that allows only
//! the account's root user, so whatever Alice may do, a grant allows. Listing, validation, key
//! states and persistence are in `grants_manage`.

use super::*;

pub const ALICE: &str = "arn:aws:iam::111122223333:user/alice";
pub const BOB: &str = "arn:aws:iam::111122223333:user/bob";

pub fn caller(principal: &str) -> Caller {
    Caller {
        principal: Some(principal.to_string()),
        ..Caller::default()
    }
}

pub fn call_as(f: &mut Fixture, who: &str, op: &str, input: Value) -> Result<Value, KmsError> {
    f.engine
        .call(op, &input.to_string(), &caller(who))
        .map(|s| serde_json::from_str(&s).unwrap())
}

/// A key policy that allows the root user only (no delegation to the account's principals),
/// plus `extra` statements.
pub fn root_only(extra: Value) -> String {
    let mut statements = vec![json!({"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*",
        "Condition": {"StringEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:root"}}})];
    statements.extend(extra.as_array().cloned().unwrap_or_default());
    json!({"Statement": statements}).to_string()
}

/// A symmetric key that only the root user may use by policy.
pub fn locked_key(f: &mut Fixture) -> String {
    let id = f.key();
    f.ok(
        "PutKeyPolicy",
        json!({"KeyId": id, "Policy": root_only(json!([]))}),
    );
    id
}

/// Creates a grant as the root user; returns (GrantId, GrantToken).
pub fn grant(f: &mut Fixture, extra: Value) -> (String, String) {
    let r = f.ok("CreateGrant", extra);
    let s = |k: &str| r[k].as_str().unwrap().to_string();
    (s("GrantId"), s("GrantToken"))
}

fn encrypt_as(f: &mut Fixture, who: &str, id: &str, ctx: Value) -> Result<Value, KmsError> {
    let mut input = json!({"KeyId": id, "Plaintext": "AA=="});
    if !ctx.is_null() {
        input["EncryptionContext"] = ctx;
    }
    call_as(f, who, "Encrypt", input)
}

fn refused(r: Result<Value, KmsError>, action: &str) {
    let e = r.unwrap_err();
    assert_eq!(e.code(), "AccessDeniedException", "{e}");
    let why = format!("because no resource-based policy allows the {action} action");
    assert!(e.message().unwrap().ends_with(&why), "{e}");
}

#[test]
fn a_grant_allows_its_grantee_exactly_its_operations() {
    let mut f = Fixture::new();
    let id = locked_key(&mut f);
    refused(encrypt_as(&mut f, ALICE, &id, Value::Null), "kms:Encrypt");
    let (grant_id, token) = grant(
        &mut f,
        json!({"KeyId": id, "GranteePrincipal": ALICE, "Operations": ["Encrypt", "Decrypt"]}),
    );
    assert_eq!(grant_id.len(), 64);
    assert!(grant_id.bytes().all(|b| b.is_ascii_hexdigit()));
    let blob = encrypt_as(&mut f, ALICE, &id, Value::Null).unwrap();
    let decrypt = json!({"CiphertextBlob": blob["CiphertextBlob"]});
    call_as(&mut f, ALICE, "Decrypt", decrypt.clone()).unwrap();
    // Not the other operations, not other principals.
    let gdk = json!({"KeyId": id, "KeySpec": "AES_256"});
    refused(
        call_as(&mut f, ALICE, "GenerateDataKey", gdk),
        "kms:GenerateDataKey",
    );
    refused(
        call_as(&mut f, ALICE, "DescribeKey", json!({"KeyId": id})),
        "kms:DescribeKey",
    );
    refused(call_as(&mut f, BOB, "Decrypt", decrypt), "kms:Decrypt");
    refused(encrypt_as(&mut f, BOB, &id, Value::Null), "kms:Encrypt");
    // A grant token is accepted (and a stranger's is not).
    let with_token = json!({"KeyId": id, "Plaintext": "AA==", "GrantTokens": [token]});
    call_as(&mut f, ALICE, "Encrypt", with_token).unwrap();
    let bad = json!({"KeyId": id, "Plaintext": "AA==", "GrantTokens": ["not-a-token"]});
    let e = call_as(&mut f, ALICE, "Encrypt", bad).unwrap_err();
    assert_err(
        &e,
        "InvalidGrantTokenException",
        Some("The grant token is not valid."),
    );
    // CreateGrant and RetireGrant calls are audited as changes.
    let events = f.events(AuditFilter {
        event_name: Some("CreateGrant".into()),
        ..Default::default()
    });
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["readOnly"], json!(false));
    assert_eq!(events[0]["responseElements"]["grantId"], json!(grant_id));
}

#[test]
fn a_role_grant_covers_its_sessions_and_re_encrypt_needs_both_sides() {
    let mut f = Fixture::new();
    let (src, dst) = (locked_key(&mut f), locked_key(&mut f));
    let role = "arn:aws:iam::111122223333:role/App";
    let session = "arn:aws:sts::111122223333:assumed-role/App/s1";
    grant(
        &mut f,
        json!({"KeyId": src, "GranteePrincipal": role, "Operations": ["Encrypt", "ReEncryptFrom"]}),
    );
    let blob = encrypt_as(&mut f, session, &src, Value::Null).unwrap();
    let input = json!({"CiphertextBlob": blob["CiphertextBlob"], "DestinationKeyId": dst});
    refused(
        call_as(&mut f, session, "ReEncrypt", input.clone()),
        "kms:ReEncryptTo",
    );
    grant(
        &mut f,
        json!({"KeyId": dst, "GranteePrincipal": role, "Operations": ["ReEncryptTo"]}),
    );
    call_as(&mut f, session, "ReEncrypt", input).unwrap();
}

#[test]
fn constraints_on_the_encryption_context_are_kept() {
    let mut f = Fixture::new();
    let id = locked_key(&mut f);
    grant(
        &mut f,
        json!({"KeyId": id, "GranteePrincipal": ALICE, "Operations": ["Encrypt", "DescribeKey"],
        "Constraints": {"EncryptionContextEquals": {"Dept": "HR"}}}),
    );
    encrypt_as(&mut f, ALICE, &id, json!({"Dept": "HR"})).unwrap();
    // Pair keys compare case-insensitively, values exactly.
    encrypt_as(&mut f, ALICE, &id, json!({"dept": "HR"})).unwrap();
    for ctx in [
        json!({"Dept": "hr"}),
        json!({"Dept": "HR", "x": "y"}),
        json!({}),
        Value::Null,
    ] {
        refused(encrypt_as(&mut f, ALICE, &id, ctx), "kms:Encrypt");
    }
    // DescribeKey has no encryption context: the constraint does not apply to it.
    call_as(&mut f, ALICE, "DescribeKey", json!({"KeyId": id})).unwrap();

    let other = locked_key(&mut f);
    grant(
        &mut f,
        json!({"KeyId": other, "GranteePrincipal": BOB, "Operations": ["Encrypt"],
        "Constraints": {"EncryptionContextSubset": {"Dept": "HR"}}}),
    );
    encrypt_as(&mut f, BOB, &other, json!({"Dept": "HR", "x": "y"})).unwrap();
    encrypt_as(&mut f, BOB, &other, json!({"Dept": "HR"})).unwrap();
    refused(
        encrypt_as(&mut f, BOB, &other, json!({"x": "y"})),
        "kms:Encrypt",
    );
    refused(encrypt_as(&mut f, BOB, &other, Value::Null), "kms:Encrypt");
}

#[test]
fn an_explicit_deny_in_the_policy_beats_a_grant() {
    let mut f = Fixture::new();
    let id = f.key();
    let deny = json!([{"Effect": "Deny", "Principal": {"AWS": ALICE}, "Action": "kms:Encrypt", "Resource": "*"}]);
    f.ok(
        "PutKeyPolicy",
        json!({"KeyId": id, "Policy": root_only(deny)}),
    );
    grant(
        &mut f,
        json!({"KeyId": id, "GranteePrincipal": ALICE, "Operations": ["Encrypt"]}),
    );
    let e = encrypt_as(&mut f, ALICE, &id, Value::Null).unwrap_err();
    assert!(e
        .message()
        .unwrap()
        .ends_with("with an explicit deny in a resource-based policy"));
}

#[test]
fn retired_or_revoked_grants_allow_nothing() {
    let mut f = Fixture::new();
    let id = locked_key(&mut f);
    let arn = f.arn(&id);
    let ops = json!(["Encrypt"]);
    // Retired by the retiring principal, by key and grant id; not by the grantee without
    // RetireGrant.
    let (g1, t1) = grant(
        &mut f,
        json!({"KeyId": id, "GranteePrincipal": ALICE, "Operations": ops, "RetiringPrincipal": BOB}),
    );
    let e = call_as(&mut f, ALICE, "RetireGrant", json!({"GrantToken": t1})).unwrap_err();
    assert_eq!(e.code(), "AccessDeniedException");
    call_as(
        &mut f,
        BOB,
        "RetireGrant",
        json!({"KeyId": arn, "GrantId": g1}),
    )
    .unwrap();
    refused(encrypt_as(&mut f, ALICE, &id, Value::Null), "kms:Encrypt");
    let e = call_as(&mut f, BOB, "RetireGrant", json!({"GrantToken": t1})).unwrap_err();
    assert_eq!(e.code(), "InvalidGrantTokenException");
    // Retired by its grantee, by token, when it allows RetireGrant.
    let (_, t2) = grant(
        &mut f,
        json!({"KeyId": id, "GranteePrincipal": ALICE, "Operations": ["Encrypt", "RetireGrant"]}),
    );
    encrypt_as(&mut f, ALICE, &id, Value::Null).unwrap();
    let e = call_as(&mut f, BOB, "RetireGrant", json!({"GrantToken": t2})).unwrap_err();
    assert_eq!(e.code(), "AccessDeniedException");
    call_as(&mut f, ALICE, "RetireGrant", json!({"GrantToken": t2})).unwrap();
    refused(encrypt_as(&mut f, ALICE, &id, Value::Null), "kms:Encrypt");
    // Retired by the account; revoked by whom the key policy allows.
    let (g3, _) = grant(
        &mut f,
        json!({"KeyId": id, "GranteePrincipal": ALICE, "Operations": ops}),
    );
    f.ok("RetireGrant", json!({"KeyId": id, "GrantId": g3}));
    let (g4, _) = grant(
        &mut f,
        json!({"KeyId": id, "GranteePrincipal": ALICE, "Operations": ops}),
    );
    let revoke = json!({"KeyId": id, "GrantId": g4});
    refused(
        call_as(&mut f, ALICE, "RevokeGrant", revoke.clone()),
        "kms:RevokeGrant",
    );
    encrypt_as(&mut f, ALICE, &id, Value::Null).unwrap();
    f.ok("RevokeGrant", revoke.clone());
    refused(encrypt_as(&mut f, ALICE, &id, Value::Null), "kms:Encrypt");
    let e = f.err("RevokeGrant", revoke);
    assert_err(
        &e,
        "InvalidGrantIdException",
        Some(&format!("Grant ID {g4} not found for key {arn}")),
    );
    let e = f.err("RetireGrant", json!({"KeyId": id}));
    assert_eq!(e.code(), "ValidationException");
}

#[test]
fn a_grant_for_create_grant_passes_on_no_more_than_it_has() {
    let mut f = Fixture::new();
    let id = locked_key(&mut f);
    grant(
        &mut f,
        json!({"KeyId": id, "GranteePrincipal": ALICE, "Operations": ["Encrypt", "CreateGrant"],
        "Constraints": {"EncryptionContextSubset": {"app": "a"}}}),
    );
    let sub = |ops: Value, c: Value| json!({"KeyId": id, "GranteePrincipal": BOB, "Operations": ops, "Constraints": c});
    let strict = json!({"EncryptionContextEquals": {"app": "a", "x": "1"}});
    call_as(
        &mut f,
        ALICE,
        "CreateGrant",
        sub(json!(["Encrypt"]), strict.clone()),
    )
    .unwrap();
    let loose = json!({"EncryptionContextSubset": {"x": "1"}});
    refused(
        call_as(&mut f, ALICE, "CreateGrant", sub(json!(["Encrypt"]), loose)),
        "kms:CreateGrant",
    );
    refused(
        call_as(
            &mut f,
            ALICE,
            "CreateGrant",
            sub(json!(["Decrypt"]), strict),
        ),
        "kms:CreateGrant",
    );
    encrypt_as(&mut f, BOB, &id, json!({"app": "a", "x": "1"})).unwrap();
}

//! Calls that involve AWS services: an IAM principal calling through a service
//! (`kms:ViaService`, CloudTrail's `invokedBy`), and an AWS service principal calling on its
//! own, named by `{"Service": ...}` policy statements and by service-principal grants under a
//! SourceArn constraint. Also CreateGrant's refusal of a grantee that names no principal.

use super::grants::{call_as, caller, grant, locked_key, root_only, ALICE};
use super::*;

const LOGS: &str = "logs.us-east-1.amazonaws.com";
const GROUP: &str = "arn:aws:logs:us-east-1:111122223333:log-group:app";

fn service(name: &str, source_arn: Option<&str>) -> Caller {
    Caller {
        service: Some(name.to_string()),
        source_arn: source_arn.map(String::from),
        source_account: Some("111122223333".into()),
        ..Caller::default()
    }
}

fn call(f: &mut Fixture, who: &Caller, op: &str, input: Value) -> Result<Value, KmsError> {
    f.engine
        .call(op, &input.to_string(), who)
        .map(|s| serde_json::from_str(&s).unwrap())
}

fn encrypt(id: &str) -> Value {
    json!({"KeyId": id, "Plaintext": "AA=="})
}

#[test]
fn kms_via_service_lets_a_principal_use_the_key_only_through_that_service() {
    let mut f = Fixture::new();
    let id = f.key();
    let only_via_s3 = json!([{"Effect": "Allow", "Principal": {"AWS": ALICE}, "Action": "kms:Encrypt",
        "Resource": "*", "Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}}]);
    f.ok(
        "PutKeyPolicy",
        json!({"KeyId": id, "Policy": root_only(only_via_s3)}),
    );
    let e = call_as(&mut f, ALICE, "Encrypt", encrypt(&id)).unwrap_err();
    assert_eq!(e.code(), "AccessDeniedException", "{e}");
    let via = |s: &str| Caller {
        via_service: Some(s.into()),
        ..caller(ALICE)
    };
    let e = call(
        &mut f,
        &via("ec2.us-east-1.amazonaws.com"),
        "Encrypt",
        encrypt(&id),
    )
    .unwrap_err();
    assert_eq!(e.code(), "AccessDeniedException", "{e}");
    call(
        &mut f,
        &via("s3.us-east-1.amazonaws.com"),
        "Encrypt",
        encrypt(&id),
    )
    .unwrap();
    let events = f.events(AuditFilter {
        event_name: Some("Encrypt".into()),
        ..Default::default()
    });
    let identity = &events.last().unwrap()["userIdentity"];
    assert_eq!(identity["arn"], json!(ALICE));
    assert_eq!(identity["invokedBy"], json!("s3.amazonaws.com"));
}

#[test]
fn a_service_principal_is_allowed_by_a_service_statement_and_its_conditions() {
    let mut f = Fixture::new();
    let id = f.key();
    let logs = service(LOGS, Some(GROUP));
    // The default policy delegates to the account: that never names a service.
    let e = call(&mut f, &logs, "Encrypt", encrypt(&id)).unwrap_err();
    let text = format!("User: {LOGS} is not authorized to perform: kms:Encrypt on resource: ");
    assert!(e.message().unwrap().starts_with(&text), "{e}");
    let statement = json!([{"Effect": "Allow", "Principal": {"Service": LOGS},
        "Action": ["kms:Encrypt", "kms:Decrypt"], "Resource": "*",
        "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:logs:us-east-1:111122223333:log-group:*"},
                      "StringEquals": {"aws:SourceAccount": "111122223333"}}}]);
    f.ok(
        "PutKeyPolicy",
        json!({"KeyId": id, "Policy": root_only(statement)}),
    );
    let blob = call(&mut f, &logs, "Encrypt", encrypt(&id)).unwrap();
    call(
        &mut f,
        &logs,
        "Decrypt",
        json!({"CiphertextBlob": blob["CiphertextBlob"]}),
    )
    .unwrap();
    let elsewhere = service(LOGS, Some("arn:aws:sns:us-east-1:111122223333:topic"));
    assert!(call(&mut f, &elsewhere, "Encrypt", encrypt(&id)).is_err());
    let events = f.events(AuditFilter {
        event_name: Some("Decrypt".into()),
        ..Default::default()
    });
    let identity = &events.last().unwrap()["userIdentity"];
    assert_eq!(identity, &json!({"type": "AWSService", "invokedBy": LOGS}));
}

#[test]
fn a_service_grant_allows_its_service_for_its_source_arn_and_the_service_retires_it() {
    let mut f = Fixture::new();
    let id = locked_key(&mut f);
    let (grant_id, _) = grant(
        &mut f,
        json!({"KeyId": id, "GranteeServicePrincipal": LOGS, "RetiringServicePrincipal": LOGS,
            "Operations": ["Encrypt", "GenerateDataKey"], "Constraints": {"SourceArn": GROUP}}),
    );
    let logs = service(LOGS, Some(GROUP));
    call(&mut f, &logs, "Encrypt", encrypt(&id)).unwrap();
    call(
        &mut f,
        &logs,
        "GenerateDataKey",
        json!({"KeyId": id, "KeySpec": "AES_256"}),
    )
    .unwrap();
    assert!(
        call(&mut f, &logs, "Decrypt", json!({"CiphertextBlob": "AA=="})).is_err(),
        "not one of its operations"
    );
    let other = service(
        LOGS,
        Some("arn:aws:logs:us-east-1:111122223333:log-group:other"),
    );
    let e = call(&mut f, &other, "Encrypt", encrypt(&id)).unwrap_err();
    assert_eq!(e.code(), "AccessDeniedException", "another resource");
    let e = call(
        &mut f,
        &service("ec2.amazonaws.com", Some(GROUP)),
        "Encrypt",
        encrypt(&id),
    );
    assert!(e.is_err(), "another service");
    let e = call_as(&mut f, ALICE, "Encrypt", encrypt(&id)).unwrap_err();
    assert_eq!(e.code(), "AccessDeniedException", "an IAM principal");
    // The retiring service principal retires it; Alice, who is neither, may not.
    let by_id = json!({"KeyId": f.arn(&id), "GrantId": grant_id});
    let e = call_as(&mut f, ALICE, "RetireGrant", by_id.clone()).unwrap_err();
    assert_eq!(e.code(), "AccessDeniedException", "{e}");
    call(&mut f, &logs, "RetireGrant", by_id).unwrap();
    assert!(call(&mut f, &logs, "Encrypt", encrypt(&id)).is_err());
}

#[test]
fn create_grant_refuses_a_grantee_that_names_no_principal() {
    let mut f = Fixture::new();
    let id = f.key();
    for (member, value) in [
        ("GranteePrincipal", "bob"),
        ("GranteePrincipal", "arn:aws:iam::1111:user/bob"),
        ("GranteePrincipal", "arn:aws:s3:::bucket"),
        ("RetiringPrincipal", "alice"),
    ] {
        let mut input = json!({"KeyId": id, "GranteePrincipal": ALICE, "Operations": ["Encrypt"]});
        input[member] = json!(value);
        let e = f.err("CreateGrant", input);
        assert_eq!(e.code(), "ValidationException", "{member}={value}: {e}");
        assert!(e.message().unwrap().contains(value), "{e}");
    }
    for ok in [
        ALICE,
        "111122223333",
        "arn:aws:iam::444455556666:root",
        "arn:aws:sts::111122223333:assumed-role/App/s1",
    ] {
        f.ok(
            "CreateGrant",
            json!({"KeyId": id, "GranteePrincipal": ok, "Operations": ["Encrypt"]}),
        );
    }
    let grants = f.ok("ListGrants", json!({"KeyId": id}));
    assert_eq!(grants["Grants"].as_array().unwrap().len(), 4);
}

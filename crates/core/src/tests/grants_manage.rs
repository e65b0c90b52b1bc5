//! Grants, continued: CreateGrant's validation and Name idempotency, ListGrants' filters and
//! pages, ListRetirableGrants, key states, DryRun, persistence (snapshot and journal), and
//! grants dying with their key.

use super::grants::{call_as, grant, locked_key, ALICE, BOB};
use super::*;
use crate::engine::Changes;
use crate::env::Clock;

fn list(f: &mut Fixture, input: Value) -> Vec<Value> {
    f.ok("ListGrants", input)["Grants"]
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn create_grant_validates_like_aws() {
    let mut f = Fixture::new();
    let id = f.key();
    let bad = |f: &mut Fixture, extra: Value| {
        let mut input = json!({"KeyId": id, "GranteePrincipal": ALICE, "Operations": ["Encrypt"]});
        for (k, v) in extra.as_object().unwrap() {
            input[k] = v.clone();
        }
        f.err("CreateGrant", input)
    };
    let e = bad(&mut f, json!({"Operations": ["CreateGrant"]}));
    assert_err(
        &e,
        "ValidationException",
        Some("Grants must not contain only the CreateGrant operation."),
    );
    assert_eq!(
        bad(&mut f, json!({"Operations": ["Sign"]})).code(),
        "ValidationException"
    );
    assert_eq!(
        bad(&mut f, json!({"Operations": ["Nope"]})).code(),
        "ValidationException"
    );
    assert_eq!(
        bad(
            &mut f,
            json!({"GranteeServicePrincipal": "s3.amazonaws.com"})
        )
        .code(),
        "ValidationException"
    );
    assert_eq!(
        bad(&mut f, json!({"Name": "no spaces"})).code(),
        "ValidationException"
    );
    let pairs: serde_json::Map<String, Value> =
        (0..9).map(|i| (format!("k{i}"), json!("v"))).collect();
    let e = bad(
        &mut f,
        json!({"Constraints": {"EncryptionContextSubset": pairs}}),
    );
    assert_eq!(e.code(), "ValidationException");
    let e = f.err(
        "CreateGrant",
        json!({"KeyId": id, "Operations": ["Encrypt"]}),
    );
    assert_eq!(e.code(), "ValidationException");
    let service = json!({"KeyId": id, "GranteeServicePrincipal": "logs.us-east-1.amazonaws.com", "Operations": ["Encrypt"]});
    assert_eq!(
        f.err("CreateGrant", service.clone()).code(),
        "ValidationException"
    );
    let mut service = service;
    service["Constraints"] =
        json!({"SourceArn": "arn:aws:logs:us-east-1:111122223333:log-group:g"});
    service["RetiringPrincipal"] = json!(BOB);
    f.ok("CreateGrant", service);
    let e = f.err(
        "CreateGrant",
        json!({"KeyId": "alias/aws/s3", "GranteePrincipal": ALICE, "Operations": ["Encrypt"]}),
    );
    assert_eq!(e.code(), "NotFoundException");
    // Other key types grant their own operations.
    let hmac = f.ok(
        "CreateKey",
        json!({"KeySpec": "HMAC_256", "KeyUsage": "GENERATE_VERIFY_MAC"}),
    );
    let hmac = hmac["KeyMetadata"]["KeyId"].as_str().unwrap().to_string();
    let mac = json!({"KeyId": hmac, "GranteePrincipal": ALICE, "Operations": ["GenerateMac", "VerifyMac", "DescribeKey"]});
    f.ok("CreateGrant", mac);
    let enc = json!({"KeyId": hmac, "GranteePrincipal": ALICE, "Operations": ["Encrypt"]});
    assert_eq!(f.err("CreateGrant", enc).code(), "ValidationException");
}

#[test]
fn a_named_retry_returns_the_same_grant_with_a_new_token() {
    let mut f = Fixture::new();
    let id = f.key();
    let input = json!({"KeyId": id, "GranteePrincipal": ALICE, "Operations": ["Encrypt"], "Name": "app:one/1"});
    let (g1, t1) = grant(&mut f, input.clone());
    let (g2, t2) = grant(&mut f, input.clone());
    assert_eq!(g1, g2);
    assert_ne!(t1, t2);
    let mut other = input;
    other["Operations"] = json!(["Decrypt"]);
    let (g3, _) = grant(&mut f, other);
    assert_ne!(g1, g3);
    let grants = list(&mut f, json!({"KeyId": id}));
    assert_eq!(grants.len(), 2);
    assert_eq!(grants[0]["Name"], json!("app:one/1"));
}

#[test]
fn list_grants_filters_and_pages() {
    let mut f = Fixture::new();
    let id = f.key();
    let arn = f.arn(&id);
    let (g1, _) = grant(
        &mut f,
        json!({"KeyId": id, "GranteePrincipal": ALICE, "Operations": ["Encrypt"]}),
    );
    f.clock.set(f.clock.now_ms() + 1000);
    grant(
        &mut f,
        json!({"KeyId": id, "GranteePrincipal": BOB, "Operations": ["Decrypt"], "RetiringPrincipal": ALICE,
        "Constraints": {"EncryptionContextSubset": {"a": "b"}}}),
    );
    f.clock.set(f.clock.now_ms() + 1000);
    grant(
        &mut f,
        json!({"KeyId": id, "GranteePrincipal": ALICE, "Operations": ["DescribeKey"]}),
    );
    let first = f.ok("ListGrants", json!({"KeyId": id, "Limit": 2}));
    assert_eq!(first["Truncated"], json!(true));
    assert_eq!(
        first["Grants"][0],
        json!({"KeyId": arn, "GrantId": g1, "CreationDate": T0 / 1000, "GranteePrincipal": ALICE,
            "IssuingAccount": "arn:aws:iam::111122223333:root", "Operations": ["Encrypt"]})
    );
    assert_eq!(
        first["Grants"][1]["Constraints"],
        json!({"EncryptionContextSubset": {"a": "b"}})
    );
    assert_eq!(first["Grants"][1]["RetiringPrincipal"], json!(ALICE));
    let rest = f.ok(
        "ListGrants",
        json!({"KeyId": id, "Marker": first["NextMarker"]}),
    );
    assert_eq!(
        (rest["Grants"].as_array().unwrap().len(), &rest["Truncated"]),
        (1, &json!(false))
    );
    assert_eq!(
        list(&mut f, json!({"KeyId": id, "GranteePrincipal": BOB})).len(),
        1
    );
    assert_eq!(list(&mut f, json!({"KeyId": arn, "GrantId": g1})).len(), 1);
    let e = f.err(
        "ListGrants",
        json!({"KeyId": id, "GrantId": "0".repeat(64)}),
    );
    assert_eq!(e.code(), "InvalidGrantIdException");
    let e = f.err("ListGrants", json!({"KeyId": id, "Marker": "junk"}));
    assert_eq!(e.code(), "InvalidMarkerException");
    // ListRetirableGrants: every key's grants that name the retiring principal.
    let other = f.key();
    grant(
        &mut f,
        json!({"KeyId": other, "GranteePrincipal": BOB, "Operations": ["Encrypt"], "RetiringPrincipal": ALICE}),
    );
    let r = f.ok("ListRetirableGrants", json!({"RetiringPrincipal": ALICE}));
    assert_eq!(r["Grants"].as_array().unwrap().len(), 2);
    let r = f.ok(
        "ListRetirableGrants",
        json!({"RetiringPrincipal": ALICE, "Limit": 1}),
    );
    assert_eq!(r["Truncated"], json!(true));
    let r = f.ok("ListRetirableGrants", json!({"RetiringPrincipal": BOB}));
    assert_eq!(r["Grants"], json!([]));
    assert_eq!(
        f.err("ListRetirableGrants", json!({})).code(),
        "ValidationException"
    );
    let e = f.err("RevokeGrant", json!({"KeyId": id}));
    let null = "1 validation error detected: Value null at 'grantId' failed to satisfy constraint: Member must not be null";
    assert_err(&e, "ValidationException", Some(null));
    let e = f.err("ListGrants", json!({}));
    assert_eq!(e.message(), Some(null.replace("grantId", "keyId").as_str()));
}

#[test]
fn key_states_and_dry_run() {
    let mut f = Fixture::new();
    let id = f.key();
    let arn = f.arn(&id);
    let input = json!({"KeyId": id, "GranteePrincipal": ALICE, "Operations": ["Encrypt"]});
    let (g, _) = grant(&mut f, input.clone());
    f.ok("DisableKey", json!({"KeyId": id}));
    assert_err(
        &f.err("CreateGrant", input.clone()),
        "DisabledException",
        Some(&format!("{arn} is disabled.")),
    );
    assert_eq!(list(&mut f, json!({"KeyId": id})).len(), 1);
    f.ok(
        "ScheduleKeyDeletion",
        json!({"KeyId": id, "PendingWindowInDays": 7}),
    );
    let e = f.err("CreateGrant", input.clone());
    assert_err(
        &e,
        "KMSInvalidStateException",
        Some(&format!("{arn} is pending deletion.")),
    );
    f.ok("RevokeGrant", json!({"KeyId": id, "GrantId": g}));
    let external = f.ok("CreateKey", json!({"Origin": "EXTERNAL"}));
    let external = external["KeyMetadata"]["KeyId"]
        .as_str()
        .unwrap()
        .to_string();
    let mut pending = input.clone();
    pending["KeyId"] = json!(external);
    let e = f.err("CreateGrant", pending);
    assert_err(
        &e,
        "KMSInvalidStateException",
        Some(&format!("{} is pending import.", f.arn(&external))),
    );
    // DryRun runs every check and changes nothing.
    let live = f.key();
    let mut dry = json!({"KeyId": live, "GranteePrincipal": ALICE, "Operations": ["Encrypt"], "DryRun": true});
    assert_eq!(
        f.err("CreateGrant", dry.clone()).code(),
        "DryRunOperationException"
    );
    assert!(list(&mut f, json!({"KeyId": live})).is_empty());
    dry["Operations"] = json!(["Sign"]);
    assert_eq!(f.err("CreateGrant", dry).code(), "ValidationException");
    let (g, t) = grant(
        &mut f,
        json!({"KeyId": live, "GranteePrincipal": ALICE, "Operations": ["Encrypt"]}),
    );
    let e = f.err("RetireGrant", json!({"GrantToken": t, "DryRun": true}));
    assert_eq!(e.code(), "DryRunOperationException");
    let e = f.err(
        "RevokeGrant",
        json!({"KeyId": live, "GrantId": g, "DryRun": true}),
    );
    assert_eq!(e.code(), "DryRunOperationException");
    let e = call_as(
        &mut f,
        BOB,
        "RetireGrant",
        json!({"GrantToken": t, "DryRun": true}),
    )
    .unwrap_err();
    assert_eq!(
        e.code(),
        "DryRunOperationException",
        "the default policy lets Bob retire it"
    );
    assert_eq!(list(&mut f, json!({"KeyId": live})).len(), 1);
}

#[test]
fn grants_persist_and_die_with_their_key() {
    let mut f = Fixture::new();
    let id = locked_key(&mut f);
    let base = f.engine.snapshot();
    f.engine.take_changes();
    grant(
        &mut f,
        json!({"KeyId": id, "GranteePrincipal": ALICE, "Operations": ["Encrypt"], "RetiringPrincipal": BOB}),
    );
    let Changes::Records(change) = f.engine.take_changes() else {
        panic!("CreateGrant changed nothing")
    };
    let journal = format!("{}\n", serde_json::to_string(&change).unwrap());
    let snapshot = f.engine.snapshot();
    let encrypt = json!({"KeyId": id, "Plaintext": "AA=="});
    for (base, journal) in [(snapshot.as_str(), ""), (base.as_str(), journal.as_str())] {
        let clock = Box::new(f.clock.clone());
        let mut engine = Engine::restore_with_journal(
            Config::default(),
            clock,
            Box::new(SeededEntropy::new(3)),
            base,
            journal,
        )
        .unwrap();
        engine
            .call(
                "Encrypt",
                &encrypt.to_string(),
                &super::grants::caller(ALICE),
            )
            .unwrap();
    }
    f.ok(
        "ScheduleKeyDeletion",
        json!({"KeyId": id, "PendingWindowInDays": 7}),
    );
    assert_eq!(
        f.ok("ListRetirableGrants", json!({"RetiringPrincipal": BOB}))["Grants"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    f.engine.advance_clock(8.0 * DAY).unwrap();
    assert_eq!(
        f.ok("ListRetirableGrants", json!({"RetiringPrincipal": BOB}))["Grants"],
        json!([])
    );
}

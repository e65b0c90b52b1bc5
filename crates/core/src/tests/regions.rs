//! Many Regions and accounts in one service: each call works in its caller's Region and
//! account, with its own keys and aliases; a key ARN of another Region is not found, of another
//! account reaches that account's key where AWS allows it (by policy); the clock moves every
//! Region; the audit trail names each event's Region; snapshots and journals keep them all, and
//! a state saved before Regions opens into the configured one.

use super::*;
use crate::engine::Changes;

const EU: &str = "eu-west-1";
const BOB_B: &str = "arn:aws:iam::444455556666:user/bob";

fn in_region(region: &str) -> Caller {
    Caller {
        region: Some(region.into()),
        ..Caller::default()
    }
}

fn call_as(f: &mut Fixture, who: &Caller, op: &str, input: Value) -> Result<Value, KmsError> {
    f.engine
        .call(op, &input.to_string(), who)
        .map(|s| serde_json::from_str(&s).unwrap())
}

fn key_ids(f: &mut Fixture, who: &Caller) -> Vec<String> {
    let keys = call_as(f, who, "ListKeys", json!({})).unwrap();
    let list = keys["Keys"].as_array().unwrap();
    list.iter()
        .map(|k| k["KeyId"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn each_region_has_its_own_keys_and_aliases() {
    let mut f = Fixture::new();
    let eu = in_region(EU);
    let home_key = f.key();
    let eu_meta = call_as(&mut f, &eu, "CreateKey", json!({})).unwrap()["KeyMetadata"].clone();
    let eu_key = eu_meta["KeyId"].as_str().unwrap().to_string();
    assert_eq!(
        eu_meta["Arn"],
        json!(format!("arn:aws:kms:{EU}:111122223333:key/{eu_key}"))
    );
    assert_eq!(key_ids(&mut f, &Caller::default()), vec![home_key.clone()]);
    assert_eq!(key_ids(&mut f, &eu), vec![eu_key.clone()]);
    // The same alias name in both Regions, each to its own key.
    f.ok(
        "CreateAlias",
        json!({"AliasName": "alias/app", "TargetKeyId": home_key}),
    );
    call_as(
        &mut f,
        &eu,
        "CreateAlias",
        json!({"AliasName": "alias/app", "TargetKeyId": eu_key}),
    )
    .unwrap();
    let via_alias = call_as(&mut f, &eu, "DescribeKey", json!({"KeyId": "alias/app"})).unwrap();
    assert_eq!(via_alias["KeyMetadata"]["KeyId"], json!(eu_key));
    // A key of the other Region is not found, by id or by ARN.
    let e = call_as(&mut f, &eu, "DescribeKey", json!({"KeyId": home_key})).unwrap_err();
    assert_eq!(e.code(), "NotFoundException");
    let e = f.err("DescribeKey", json!({"KeyId": eu_meta["Arn"]}));
    assert_err(&e, "NotFoundException", Some("Invalid arn eu-west-1"));
    // Ciphertext made in one Region does not decrypt in the other.
    let blob = f.encrypt(&home_key, b"hi");
    let e = call_as(&mut f, &eu, "Decrypt", json!({"CiphertextBlob": blob})).unwrap_err();
    assert_eq!(e.code(), "AccessDeniedException");
}

#[test]
fn another_account_uses_a_key_by_arn_only_where_aws_allows_and_the_policy_says() {
    let mut f = Fixture::new();
    let bob = Caller {
        principal: Some(BOB_B.into()),
        ..Caller::default()
    };
    let id = f.key();
    let arn = f.arn(&id);
    // Bob's own account has no such key: a bare id is looked up there.
    let e = call_as(
        &mut f,
        &bob,
        "Encrypt",
        json!({"KeyId": id, "Plaintext": "AA=="}),
    )
    .unwrap_err();
    assert_eq!(e.code(), "NotFoundException", "{e}");
    // By ARN the key is found, and its policy (the account's) does not name Bob.
    let e = call_as(
        &mut f,
        &bob,
        "Encrypt",
        json!({"KeyId": arn, "Plaintext": "AA=="}),
    )
    .unwrap_err();
    assert_eq!(e.code(), "AccessDeniedException", "{e}");
    let policy = json!({"Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"},
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
         "Action": ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey", "kms:EnableKey"], "Resource": "*"}]});
    f.ok(
        "PutKeyPolicy",
        json!({"KeyId": id, "Policy": policy.to_string()}),
    );
    let blob = call_as(
        &mut f,
        &bob,
        "Encrypt",
        json!({"KeyId": arn, "Plaintext": "AA=="}),
    )
    .unwrap();
    assert_eq!(blob["KeyId"], json!(arn));
    // Decrypt without a KeyId finds the key the ciphertext names in the other account.
    let plain = call_as(
        &mut f,
        &bob,
        "Decrypt",
        json!({"CiphertextBlob": blob["CiphertextBlob"]}),
    )
    .unwrap();
    assert_eq!(plain["Plaintext"], json!("AA=="));
    call_as(&mut f, &bob, "DescribeKey", json!({"KeyId": arn})).unwrap();
    // EnableKey is not a cross-account operation, whatever the policy says.
    let e = call_as(&mut f, &bob, "EnableKey", json!({"KeyId": arn})).unwrap_err();
    assert_eq!(e.code(), "NotFoundException", "{e}");
    // Bob's account has keys of its own, which the first account does not see.
    let bobs = call_as(&mut f, &bob, "CreateKey", json!({})).unwrap();
    assert_eq!(bobs["KeyMetadata"]["AWSAccountId"], json!("444455556666"));
    assert_eq!(key_ids(&mut f, &Caller::default()), vec![id]);
}

#[test]
fn the_clock_moves_every_region_and_the_audit_trail_names_each() {
    let mut f = Fixture::new();
    let eu = in_region(EU);
    let id = call_as(&mut f, &eu, "CreateKey", json!({})).unwrap()["KeyMetadata"]["KeyId"]
        .as_str()
        .unwrap()
        .to_string();
    call_as(
        &mut f,
        &eu,
        "ScheduleKeyDeletion",
        json!({"KeyId": id, "PendingWindowInDays": 7}),
    )
    .unwrap();
    f.engine.advance_clock(8.0 * DAY).unwrap();
    assert!(key_ids(&mut f, &eu).is_empty());
    let deleted = f.events(AuditFilter {
        event_name: Some("DeleteKey".into()),
        ..Default::default()
    });
    assert_eq!(deleted.len(), 1);
    assert_eq!(deleted[0]["awsRegion"], json!(EU));
    let only_eu = f.events(AuditFilter {
        region: Some(EU.into()),
        ..Default::default()
    });
    assert!(only_eu.iter().all(|e| e["awsRegion"] == json!(EU)));
    assert_eq!(
        only_eu.len(),
        4,
        "CreateKey, ScheduleKeyDeletion, DeleteKey, ListKeys"
    );
    let home = f.events(AuditFilter {
        region: Some("us-east-1".into()),
        ..Default::default()
    });
    assert!(home.is_empty());
}

#[test]
fn snapshots_and_journals_keep_every_region() {
    let mut f = Fixture::new();
    let eu = in_region(EU);
    f.key();
    let base = f.engine.snapshot();
    f.engine.take_changes();
    let eu_key = call_as(&mut f, &eu, "CreateKey", json!({})).unwrap()["KeyMetadata"]["KeyId"]
        .as_str()
        .unwrap()
        .to_string();
    let Changes::Records(change) = f.engine.take_changes() else {
        panic!("a change was expected");
    };
    assert_eq!(change.keys.len(), 0, "nothing changed at home");
    assert!(change.elsewhere["111122223333/eu-west-1"]
        .keys
        .contains_key(&eu_key));
    let journal = format!("{}\n", serde_json::to_string(&change).unwrap());
    let reopened = Engine::restore_with_journal(
        Config::default(),
        Box::new(crate::env::ManualClock::new(T0)),
        Box::new(crate::env::SeededEntropy::new(2)),
        &base,
        &journal,
    )
    .unwrap();
    assert_eq!(reopened.snapshot(), f.engine.snapshot());
    // Opened as a service of the other Region, the same state answers there.
    let cfg = Config {
        region: EU.into(),
        ..Config::default()
    };
    let snapshot = f.engine.snapshot();
    let mut g = Fixture::with(cfg.clone(), 3);
    g.engine = Engine::restore(
        cfg,
        Box::new(g.clock.clone()),
        Box::new(crate::env::SeededEntropy::new(3)),
        &snapshot,
    )
    .unwrap();
    assert_eq!(key_ids(&mut g, &Caller::default()), vec![eu_key]);
}

#[test]
fn a_state_saved_before_regions_opens_in_the_configured_region() {
    let mut f = Fixture::new();
    let id = f.key();
    let mut old: Value = serde_json::from_str(&f.engine.snapshot()).unwrap();
    old["schemaVersion"] = json!(3);
    let state = old["state"].as_object_mut().unwrap();
    state.remove("here");
    for e in state["audit"].as_array_mut().unwrap() {
        e.as_object_mut().unwrap().remove("partition");
    }
    let cfg = Config {
        region: EU.into(),
        ..Config::default()
    };
    let mut g = Fixture::with(cfg.clone(), 3);
    g.engine = Engine::restore(
        cfg,
        Box::new(g.clock.clone()),
        Box::new(crate::env::SeededEntropy::new(3)),
        &old.to_string(),
    )
    .unwrap();
    assert_eq!(key_ids(&mut g, &Caller::default()), vec![id]);
    let events = g.events(AuditFilter {
        region: Some(EU.into()),
        event_name: Some("CreateKey".into()),
        ..Default::default()
    });
    assert_eq!(
        events.len(),
        1,
        "older events belong to the configured Region"
    );
}

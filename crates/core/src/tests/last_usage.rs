//! GetKeyLastUsage: `{}` for an unused key, each cryptographic operation as a use (with its
//! audit event's ids and the virtual time), what is not a use (reads, management, failures,
//! DryRun), ReEncrypt's two keys, refused identifiers, every key state, and the last use
//! surviving snapshots, the journal, merged stashed events and states saved before tracking.

use super::*;
use crate::engine::Changes;

fn create(f: &mut Fixture, spec: &str, usage: &str) -> String {
    let r = f.ok("CreateKey", json!({"KeySpec": spec, "KeyUsage": usage}));
    r["KeyMetadata"]["KeyId"].as_str().unwrap().to_string()
}

fn last_usage(f: &mut Fixture, id: &str) -> Value {
    f.ok("GetKeyLastUsage", json!({"KeyId": id}))["KeyLastUsage"].clone()
}

/// Runs `op` (advancing the clock a second first) and checks it became the last use of each of
/// `keys`: its name, the virtual time, its audit event's eventID and requestID.
fn assert_use(f: &mut Fixture, keys: &[&str], op: &str, input: Value) -> Value {
    f.engine.advance_clock(1.0).unwrap();
    let out = f.ok(op, input);
    let request_id = f.engine.last_request_id().to_string();
    let event = f
        .events(AuditFilter {
            event_name: Some(op.into()),
            ..Default::default()
        })
        .pop()
        .unwrap();
    assert_eq!(event["requestID"], json!(request_id));
    let expected = json!({
        "Operation": op,
        "Timestamp": f.engine.now_ms() / 1000,
        "CloudTrailEventId": event["eventID"],
        "KmsRequestId": request_id,
    });
    for id in keys {
        assert_eq!(last_usage(f, id), expected, "{op} on {id}");
    }
    out
}

#[test]
fn an_unused_key_reports_an_empty_object_and_tracking_from_its_creation() {
    let mut f = Fixture::new();
    let id = f.key();
    f.engine.advance_clock(3.0 * DAY).unwrap();
    let out = f.ok("GetKeyLastUsage", json!({"KeyId": id}));
    let created = T0 / 1000;
    assert_eq!(
        out,
        json!({"KeyId": id, "KeyLastUsage": {}, "TrackingStartDate": created, "KeyCreationDate": created})
    );
    // By key ARN too; its own audit event is read-only, with no response elements.
    let by_arn = f.ok("GetKeyLastUsage", json!({"KeyId": f.arn(&id)}));
    assert_eq!(by_arn, out);
    let event = f.events(AuditFilter::default()).pop().unwrap();
    assert_eq!(event["eventName"], json!("GetKeyLastUsage"));
    assert_eq!(event["readOnly"], json!(true));
    assert_eq!(event["responseElements"], Value::Null);
    assert_eq!(event["resources"][0]["ARN"], json!(f.arn(&id)));
}

#[test]
fn each_cryptographic_operation_is_a_use() {
    let mut f = Fixture::new();
    let s = f.key();
    let s2 = f.key();
    let blob = assert_use(
        &mut f,
        &[&s],
        "Encrypt",
        json!({"KeyId": s, "Plaintext": "AAEC"}),
    )["CiphertextBlob"]
        .clone();
    assert_use(&mut f, &[&s], "Decrypt", json!({"CiphertextBlob": blob}));
    let moved = json!({"CiphertextBlob": blob, "DestinationKeyId": s2});
    assert_use(&mut f, &[&s, &s2], "ReEncrypt", moved);
    let size = json!({"KeyId": s, "NumberOfBytes": 32});
    assert_use(&mut f, &[&s], "GenerateDataKey", size.clone());
    assert_use(&mut f, &[&s], "GenerateDataKeyWithoutPlaintext", size);
    let pair = json!({"KeyId": s, "KeyPairSpec": "ECC_NIST_P256"});
    assert_use(&mut f, &[&s], "GenerateDataKeyPair", pair.clone());
    assert_use(&mut f, &[&s], "GenerateDataKeyPairWithoutPlaintext", pair);

    let h = create(&mut f, "HMAC_256", "GENERATE_VERIFY_MAC");
    let mac = json!({"KeyId": h, "MacAlgorithm": "HMAC_SHA_256", "Message": "AAEC"});
    let tag = assert_use(&mut f, &[&h], "GenerateMac", mac.clone())["Mac"].clone();
    let mut check = mac;
    check["Mac"] = tag;
    assert_use(&mut f, &[&h], "VerifyMac", check);

    let e = create(&mut f, "ECC_NIST_P256", "SIGN_VERIFY");
    let msg = json!({"KeyId": e, "SigningAlgorithm": "ECDSA_SHA_256", "Message": "AAEC"});
    let sig = assert_use(&mut f, &[&e], "Sign", msg.clone())["Signature"].clone();
    let mut check = msg;
    check["Signature"] = sig;
    assert_use(&mut f, &[&e], "Verify", check);

    let a = create(&mut f, "ECC_NIST_P256", "KEY_AGREEMENT");
    let b = create(&mut f, "ECC_NIST_P256", "KEY_AGREEMENT");
    let peer = f.ok("GetPublicKey", json!({"KeyId": b}))["PublicKey"].clone();
    let derive = json!({"KeyId": a, "KeyAgreementAlgorithm": "ECDH", "PublicKey": peer});
    assert_use(&mut f, &[&a], "DeriveSharedSecret", derive);
    assert_eq!(last_usage(&mut f, &b), json!({}), "GetPublicKey is no use");

    let k = create(&mut f, "ML_KEM_768", "ENCAPSULATE_DECAPSULATE");
    let kem = json!({"KeyId": k, "EncapsulationAlgorithm": "ML_KEM"});
    let ct =
        assert_use(&mut f, &[&k], "Encapsulate", kem.clone())["SharedSecretCiphertextBlob"].clone();
    let mut open = kem;
    open["SharedSecretCiphertextBlob"] = ct;
    assert_use(&mut f, &[&k], "Decapsulate", open);
}

#[test]
fn reads_management_failures_and_dry_runs_are_not_uses() {
    let mut f = Fixture::new();
    let s = f.key();
    assert_use(
        &mut f,
        &[&s],
        "Encrypt",
        json!({"KeyId": s, "Plaintext": "AAEC"}),
    );
    let before = last_usage(&mut f, &s);
    f.engine.advance_clock(60.0).unwrap();
    f.ok("DescribeKey", json!({"KeyId": s}));
    f.ok(
        "UpdateKeyDescription",
        json!({"KeyId": s, "Description": "d"}),
    );
    f.ok("GetKeyPolicy", json!({"KeyId": s}));
    f.ok("GetKeyLastUsage", json!({"KeyId": s}));
    f.err(
        "Decrypt",
        json!({"KeyId": s, "CiphertextBlob": b64(&[1; 64])}),
    );
    let dry = json!({"KeyId": s, "Plaintext": "AAEC", "DryRun": true});
    assert_eq!(f.err("Encrypt", dry).code(), "DryRunOperationException");
    f.ok("DisableKey", json!({"KeyId": s}));
    assert_eq!(
        f.err("Encrypt", json!({"KeyId": s, "Plaintext": "AAEC"}))
            .code(),
        "DisabledException"
    );
    assert_eq!(last_usage(&mut f, &s), before);

    let e = create(&mut f, "ECC_NIST_P256", "SIGN_VERIFY");
    f.ok("GetPublicKey", json!({"KeyId": e}));
    let msg = json!({"KeyId": e, "SigningAlgorithm": "ECDSA_SHA_256", "Message": "AAEC"});
    let mut dry = msg.clone();
    dry["DryRun"] = json!(true);
    assert_eq!(f.err("Sign", dry).code(), "DryRunOperationException");
    let mut bad = msg;
    bad["Signature"] = json!(b64(&[0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01]));
    assert_eq!(f.err("Verify", bad).code(), "KMSInvalidSignatureException");
    assert_eq!(last_usage(&mut f, &e), json!({}));
}

#[test]
fn re_encrypt_is_a_use_of_both_keys_even_when_they_are_one() {
    let mut f = Fixture::new();
    let (a, b) = (f.key(), f.key());
    let blob = f.encrypt(&a, b"x");
    let same = json!({"CiphertextBlob": blob, "DestinationKeyId": a});
    assert_use(&mut f, &[&a], "ReEncrypt", same);
    let other = json!({"CiphertextBlob": blob, "DestinationKeyId": b});
    assert_use(&mut f, &[&a, &b], "ReEncrypt", other);
}

#[test]
fn aliases_are_refused_and_unknown_keys_are_not_found() {
    let mut f = Fixture::new();
    let id = f.key();
    f.ok(
        "CreateAlias",
        json!({"AliasName": "alias/app", "TargetKeyId": id}),
    );
    let alias_arn = "arn:aws:kms:us-east-1:111122223333:alias/app";
    for alias in ["alias/app", alias_arn, "alias/aws/s3"] {
        let e = f.err("GetKeyLastUsage", json!({"KeyId": alias}));
        let why = format!(
            "Invalid keyId '{alias}': GetKeyLastUsage takes a key ID or key ARN, not an alias"
        );
        assert_err(&e, "NotFoundException", Some(&why));
    }
    let keys = f.ok("ListKeys", json!({}))["Keys"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(keys, 1, "a predefined alias made no AWS managed key");
    let unknown = "00000000-0000-4000-8000-000000000000";
    let e = f.err("GetKeyLastUsage", json!({"KeyId": unknown}));
    let missing = format!("Key '{}' does not exist", f.arn(unknown));
    assert_err(&e, "NotFoundException", Some(&missing));
    let e = f.err("GetKeyLastUsage", json!({}));
    assert_eq!(e.code(), "ValidationException");
}

#[test]
fn every_key_state_answers() {
    let mut f = Fixture::new();
    let id = f.key();
    let used = assert_use(
        &mut f,
        &[&id],
        "Encrypt",
        json!({"KeyId": id, "Plaintext": "AAEC"}),
    );
    assert!(used["CiphertextBlob"].is_string());
    let before = last_usage(&mut f, &id);
    f.ok("DisableKey", json!({"KeyId": id}));
    assert_eq!(last_usage(&mut f, &id), before);
    f.ok("ScheduleKeyDeletion", json!({"KeyId": id}));
    assert_eq!(last_usage(&mut f, &id), before);
    let external = f.ok("CreateKey", json!({"Origin": "EXTERNAL"}))["KeyMetadata"]["KeyId"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(last_usage(&mut f, &external), json!({}), "PendingImport");
}

/// Drains the engine's changes into a journal, as the file store does.
fn save(f: &mut Fixture, journal: &mut String) {
    if let Changes::Records(change) = f.engine.take_changes() {
        journal.push_str(&serde_json::to_string(&change).unwrap());
        journal.push('\n');
    }
}

fn reopen(at_ms: i64, snapshot: &str, journal: &str) -> Fixture {
    let clock = ManualClock::new(at_ms);
    let engine = Engine::restore_with_journal(
        Config::default(),
        Box::new(clock.clone()),
        Box::new(SeededEntropy::new(2)),
        snapshot,
        journal,
    )
    .unwrap();
    Fixture { engine, clock }
}

#[test]
fn the_last_use_survives_snapshots_and_the_journal() {
    let mut f = Fixture::new();
    let (a, b) = (f.key(), f.key());
    f.engine.take_changes();
    let base = f.engine.snapshot();
    let mut journal = String::new();
    // A use changes no key record: it is saved with its audit event, as reads are.
    let revision = f.engine.revision();
    let blob = f.encrypt(&a, b"x");
    assert_eq!(f.engine.revision(), revision);
    let Changes::Records(change) = f.engine.take_changes() else {
        panic!("the Encrypt event is a change")
    };
    assert!(change.keys.is_empty());
    journal.push_str(&serde_json::to_string(&change).unwrap());
    journal.push('\n');
    f.ok(
        "TagResource",
        json!({"KeyId": a, "Tags": [{"TagKey": "t", "TagValue": "1"}]}),
    );
    let moved = json!({"CiphertextBlob": blob, "DestinationKeyId": b});
    assert_use(&mut f, &[&a, &b], "ReEncrypt", moved);
    save(&mut f, &mut journal);
    let (used_a, used_b) = (last_usage(&mut f, &a), last_usage(&mut f, &b));

    let mut g = reopen(T0, &f.engine.snapshot(), "");
    assert_eq!(last_usage(&mut g, &a), used_a);
    let mut g = reopen(T0, &base, &journal);
    assert_eq!(
        g.engine.take_changes(),
        Changes::Nothing,
        "every key was tracked"
    );
    assert_eq!(
        (last_usage(&mut g, &a), last_usage(&mut g, &b)),
        (used_a.clone(), used_b)
    );
    // The journal replayed over a snapshot that holds it already: the same last uses.
    let mut g = reopen(T0, &f.engine.snapshot(), &journal);
    assert_eq!(g.engine.snapshot(), f.engine.snapshot());
    assert_eq!(last_usage(&mut g, &a), used_a);
}

#[test]
fn stashed_events_merged_back_bring_their_uses() {
    let mut f = Fixture::new();
    let id = f.key();
    let saved = f.engine.snapshot();
    let seq = f.engine.event_seq();
    assert_use(
        &mut f,
        &[&id],
        "Encrypt",
        json!({"KeyId": id, "Plaintext": "AAEC"}),
    );
    let used = last_usage(&mut f, &id);
    let stash = f.engine.audit_after(seq);
    let mut g = reopen(T0, &saved, "");
    assert_eq!(last_usage(&mut g, &id), json!({}));
    g.engine.merge_audit(&stash).unwrap();
    assert_eq!(last_usage(&mut g, &id), used);
}

#[test]
fn keys_saved_before_tracking_are_tracked_from_the_first_opening() {
    let mut f = Fixture::new();
    let id = f.key();
    f.encrypt(&id, b"used before tracking existed");
    let mut old: Value = serde_json::from_str(&f.engine.snapshot()).unwrap();
    old["state"]["keys"][&id]
        .as_object_mut()
        .unwrap()
        .remove("usageTracking")
        .unwrap();
    let old = old.to_string();
    let opened = T0 + 10 * 86_400_000;
    let mut g = reopen(opened, &old, "");
    let out = g.ok("GetKeyLastUsage", json!({"KeyId": id}));
    assert_eq!(
        out,
        json!({"KeyId": id, "KeyLastUsage": {}, "TrackingStartDate": opened / 1000, "KeyCreationDate": T0 / 1000})
    );
    // The start is saved with the next change or event, so a later opening keeps it.
    let mut journal = String::new();
    save(&mut g, &mut journal);
    let mut later = reopen(opened + 86_400_000, &old, &journal);
    let again = later.ok("GetKeyLastUsage", json!({"KeyId": id}));
    assert_eq!(again["TrackingStartDate"], json!(opened / 1000));
    assert_use(
        &mut later,
        &[&id],
        "Encrypt",
        json!({"KeyId": id, "Plaintext": "AAEC"}),
    );
}

//! Key states over virtual time: enable/disable, scheduled deletion, cancellation, the end
//! of the window, the pending-deletion alarm, and the state × operation table.

use super::*;

#[test]
fn schedule_cancel_and_delete_over_virtual_time() {
    let mut f = Fixture::new();
    let id = f.key();
    let arn = f.arn(&id);
    f.ok(
        "CreateAlias",
        json!({"AliasName": "alias/gone", "TargetKeyId": id}),
    );
    let blob = f.encrypt(&id, b"hello");
    let r = f.ok(
        "ScheduleKeyDeletion",
        json!({"KeyId": id, "PendingWindowInDays": 7}),
    );
    let due = T0 + 7 * 86_400_000;
    assert_eq!(
        r,
        json!({"KeyId": arn, "DeletionDate": due / 1000, "KeyState": "PendingDeletion", "PendingWindowInDays": 7})
    );
    let m = f.ok("DescribeKey", json!({"KeyId": id}))["KeyMetadata"].clone();
    assert_eq!(
        (
            m["KeyState"].clone(),
            m["Enabled"].clone(),
            m["DeletionDate"].clone()
        ),
        (json!("PendingDeletion"), json!(false), json!(due / 1000))
    );
    assert_err(
        &f.err("ScheduleKeyDeletion", json!({"KeyId": id})),
        "KMSInvalidStateException",
        Some(&format!("{arn} is pending deletion.")),
    );
    // Cancel lands in Disabled, and the key can be scheduled again.
    assert_eq!(
        f.ok("CancelKeyDeletion", json!({"KeyId": id})),
        json!({"KeyId": arn})
    );
    let m = f.ok("DescribeKey", json!({"KeyId": id}))["KeyMetadata"].clone();
    assert_eq!(m["KeyState"], json!("Disabled"));
    assert!(m.get("DeletionDate").is_none());
    assert_err(
        &f.err("CancelKeyDeletion", json!({"KeyId": id})),
        "KMSInvalidStateException",
        Some(&format!("{arn} is not pending deletion.")),
    );
    f.ok(
        "ScheduleKeyDeletion",
        json!({"KeyId": id, "PendingWindowInDays": 7}),
    );
    // One second before the end the key still exists; at the end it is gone.
    f.engine.advance_clock(7.0 * DAY - 1.0).unwrap();
    f.ok("DescribeKey", json!({"KeyId": id}));
    f.clock.set(T0 + 30 * 86_400_000);
    assert_err(
        &f.err("DescribeKey", json!({"KeyId": id})),
        "NotFoundException",
        Some(&format!("Key '{arn}' does not exist")),
    );
    assert_eq!(f.ok("ListAliases", json!({}))["Aliases"], json!([]));
    assert_eq!(f.ok("ListKeys", json!({}))["Keys"], json!([]));
    let e = f.err("Decrypt", json!({"CiphertextBlob": blob}));
    assert_eq!(e.code(), "AccessDeniedException");
    let deleted = f.events(AuditFilter {
        event_name: Some("DeleteKey".into()),
        ..Default::default()
    });
    assert_eq!(deleted.len(), 1);
    assert_eq!(deleted[0]["eventTime"], json!(crate::api::iso8601(due)));
    assert_eq!(deleted[0]["eventType"], json!("AwsServiceEvent"));
}

#[test]
fn deletion_window_rules() {
    let mut f = Fixture::new();
    let id = f.key();
    assert_err(
        &f.err(
            "ScheduleKeyDeletion",
            json!({"KeyId": id, "PendingWindowInDays": 6}),
        ),
        "ValidationException",
        Some("PendingWindowInDays must be between 7 and 30"),
    );
    let e = f.err(
        "ScheduleKeyDeletion",
        json!({"KeyId": id, "PendingWindowInDays": 0}),
    );
    assert!(e.message().unwrap().contains("at 'pendingWindowInDays' failed to satisfy constraint: Member must have value greater than or equal to 1"));
    let r = f.ok("ScheduleKeyDeletion", json!({"KeyId": id}));
    assert_eq!(r["PendingWindowInDays"], json!(30));
}

#[test]
fn pending_deletion_use_raises_the_alarm() {
    let mut f = Fixture::new();
    let id = f.key();
    let blob = f.encrypt(&id, b"x");
    f.ok("ScheduleKeyDeletion", json!({"KeyId": id}));
    let arn = f.arn(&id);
    for (op, input) in [
        ("Encrypt", json!({"KeyId": id, "Plaintext": b64(b"x")})),
        ("Decrypt", json!({"CiphertextBlob": blob})),
        (
            "GenerateDataKey",
            json!({"KeyId": id, "KeySpec": "AES_256"}),
        ),
    ] {
        assert_err(
            &f.err(op, input),
            "KMSInvalidStateException",
            Some(&format!("{arn} is pending deletion.")),
        );
    }
    let alarms = f.engine.take_alarms();
    assert_eq!(alarms.len(), 3);
    assert_eq!(alarms[0]["alarm"]["name"], json!("KeyPendingDeletionUse"));
    assert!(f.engine.take_alarms().is_empty());
    // Reading the key is not "use": no alarm.
    f.ok("DescribeKey", json!({"KeyId": id}));
    assert!(f.engine.take_alarms().is_empty());
    assert_eq!(
        f.events(AuditFilter {
            alarms_only: true,
            ..Default::default()
        })
        .len(),
        3
    );
}

/// Builds a request from a key id and a ciphertext of that key.
type Input = fn(&str, &str) -> Value;

/// The key-state table of "Key states of AWS KMS keys"
/// (https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html) for the operations
/// of this build.
#[test]
fn state_table() {
    let cases: Vec<(&str, Input, [&str; 3])> = vec![
        (
            "DescribeKey",
            |k, _| json!({"KeyId": k}),
            ["ok", "ok", "ok"],
        ),
        ("EnableKey", |k, _| json!({"KeyId": k}), ["ok", "ok", "PD"]),
        ("DisableKey", |k, _| json!({"KeyId": k}), ["ok", "ok", "PD"]),
        (
            "UpdateKeyDescription",
            |k, _| json!({"KeyId": k, "Description": "d"}),
            ["ok", "ok", "PD"],
        ),
        (
            "TagResource",
            |k, _| json!({"KeyId": k, "Tags": [{"TagKey": "a", "TagValue": "b"}]}),
            ["ok", "ok", "PD"],
        ),
        (
            "UntagResource",
            |k, _| json!({"KeyId": k, "TagKeys": ["a"]}),
            ["ok", "ok", "PD"],
        ),
        (
            "ListResourceTags",
            |k, _| json!({"KeyId": k}),
            ["ok", "ok", "ok"],
        ),
        (
            "GetKeyPolicy",
            |k, _| json!({"KeyId": k}),
            ["ok", "ok", "ok"],
        ),
        (
            "ListKeyPolicies",
            |k, _| json!({"KeyId": k}),
            ["ok", "ok", "ok"],
        ),
        (
            "CreateAlias",
            |k, _| json!({"AliasName": format!("alias/{}", &k[..8]), "TargetKeyId": k}),
            ["ok", "ok", "PD"],
        ),
        (
            "ListAliases",
            |k, _| json!({"KeyId": k}),
            ["ok", "ok", "ok"],
        ),
        (
            "Encrypt",
            |k, _| json!({"KeyId": k, "Plaintext": "AA=="}),
            ["ok", "DIS", "PD"],
        ),
        (
            "GenerateDataKey",
            |k, _| json!({"KeyId": k, "NumberOfBytes": 8}),
            ["ok", "DIS", "PD"],
        ),
        (
            "GenerateDataKeyWithoutPlaintext",
            |k, _| json!({"KeyId": k, "NumberOfBytes": 8}),
            ["ok", "DIS", "PD"],
        ),
        (
            "Decrypt",
            |_, b| json!({"CiphertextBlob": b}),
            ["ok", "DIS", "PD"],
        ),
        (
            "ScheduleKeyDeletion",
            |k, _| json!({"KeyId": k}),
            ["ok", "ok", "PD"],
        ),
        (
            "CancelKeyDeletion",
            |k, _| json!({"KeyId": k}),
            ["NPD", "NPD", "ok"],
        ),
    ];
    for (op, input, expect) in cases {
        for (i, state) in ["Enabled", "Disabled", "PendingDeletion"]
            .iter()
            .enumerate()
        {
            // A fresh engine per cell, so each cell sees its key in the named state.
            let mut g = Fixture::new();
            let (e2, d2, p2) = (g.key(), g.key(), g.key());
            g.key();
            let bd = g.encrypt(&d2, b"d");
            let bp = g.encrypt(&p2, b"p");
            let be = g.encrypt(&e2, b"e");
            g.ok("DisableKey", json!({"KeyId": d2}));
            g.ok("ScheduleKeyDeletion", json!({"KeyId": p2}));
            let (k, b) = [(&e2, &be), (&d2, &bd), (&p2, &bp)][i];
            let arn = g.arn(k);
            let got = g.call(op, input(k, b));
            match expect[i] {
                "ok" => assert!(got.is_ok(), "{op} on {state}: {got:?}"),
                "DIS" => assert_eq!(
                    got.unwrap_err(),
                    KmsError::Disabled(format!("{arn} is disabled.")),
                    "{op} on {state}"
                ),
                "PD" => assert_eq!(
                    got.unwrap_err(),
                    KmsError::InvalidState(format!("{arn} is pending deletion.")),
                    "{op} on {state}"
                ),
                "NPD" => assert_eq!(
                    got.unwrap_err(),
                    KmsError::InvalidState(format!("{arn} is not pending deletion.")),
                    "{op} on {state}"
                ),
                _ => unreachable!(),
            }
        }
    }
}

#[test]
fn failed_calls_change_nothing() {
    let mut f = Fixture::new();
    let id = f.key();
    f.ok(
        "TagResource",
        json!({"KeyId": id, "Tags": [{"TagKey": "a", "TagValue": "1"}]}),
    );
    let before = f.engine.snapshot();
    let rev = f.engine.revision();
    f.err("TagResource", json!({"KeyId": id, "Tags": [{"TagKey": "b", "TagValue": "1"}, {"TagKey": "b", "TagValue": "2"}]}));
    f.err(
        "CreateAlias",
        json!({"AliasName": "alias/aws/x", "TargetKeyId": id}),
    );
    f.err(
        "ScheduleKeyDeletion",
        json!({"KeyId": id, "PendingWindowInDays": 3}),
    );
    f.err("PutKeyPolicy", json!({"KeyId": id, "Policy": "{"}));
    assert_eq!(f.engine.revision(), rev);
    // Only the audit trail grew.
    let strip = |s: &str| {
        let mut v: Value = serde_json::from_str(s).unwrap();
        v["state"]["audit"] = json!(null);
        v["state"]["eventSeq"] = json!(null);
        v
    };
    assert_eq!(strip(&f.engine.snapshot()), strip(&before));
}

#[test]
fn snapshot_restores_everything() {
    let mut f = Fixture::new();
    let id = f.key();
    f.ok(
        "CreateAlias",
        json!({"AliasName": "alias/keep", "TargetKeyId": id}),
    );
    let blob = f.encrypt(&id, b"persist me");
    f.engine.advance_clock(DAY).unwrap();
    let snap = f.engine.snapshot();
    let clock = ManualClock::new(T0);
    let mut g = Engine::restore(
        Config::default(),
        Box::new(clock),
        Box::new(SeededEntropy::new(9)),
        &snap,
    )
    .unwrap();
    assert_eq!(g.now_ms(), T0 + 86_400_000);
    let out = g
        .call(
            "Decrypt",
            &json!({"CiphertextBlob": blob}).to_string(),
            &Caller::default(),
        )
        .unwrap();
    let out: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(unb64(&out["Plaintext"]), b"persist me");
    let d = g.call(
        "DescribeKey",
        &json!({"KeyId": "alias/keep"}).to_string(),
        &Caller::default(),
    );
    assert!(d.is_ok());
}

//! Rotation of customer managed keys over virtual time: automatic (1, 3, 10 periods; 90 and
//! 2560 days), across Disabled and PendingDeletion, and on demand. AWS managed keys and
//! manual rotation by alias are in `rotation_managed.rs`.

use super::*;

pub(super) const D: i64 = 86_400_000;

pub(super) fn rotations(f: &mut Fixture, id: &str) -> Vec<Value> {
    let r = f.ok("ListKeyRotations", json!({"KeyId": id}));
    r["Rotations"].as_array().unwrap().clone()
}

fn current_material(f: &mut Fixture, id: &str) -> Value {
    f.ok("DescribeKey", json!({"KeyId": id}))["KeyMetadata"]["CurrentKeyMaterialId"].clone()
}

pub(super) fn status(f: &mut Fixture, id: &str) -> Value {
    f.ok("GetKeyRotationStatus", json!({"KeyId": id}))
}

#[test]
fn one_three_and_ten_periods_each_rotate_on_their_own_date() {
    let mut f = Fixture::new();
    let id = f.key();
    let arn = f.arn(&id);
    assert_eq!(
        status(&mut f, &id),
        json!({"KeyRotationEnabled": false, "KeyId": arn})
    );
    f.ok("EnableKeyRotation", json!({"KeyId": id}));
    assert_eq!(
        status(&mut f, &id),
        json!({"KeyRotationEnabled": true, "KeyId": arn, "RotationPeriodInDays": 365, "NextRotationDate": (T0 + 365 * D) / 1000})
    );
    let first = current_material(&mut f, &id);
    let old_blob = f.encrypt(&id, b"year zero");
    f.engine.advance_clock(365.0 * DAY).unwrap();
    let r = rotations(&mut f, &id);
    assert_eq!(r.len(), 1);
    assert_eq!(r[0]["RotationDate"], json!((T0 + 365 * D) / 1000));
    assert_eq!(r[0]["RotationType"], json!("AUTOMATIC"));
    assert_eq!(r[0]["KeyMaterialState"], json!("CURRENT"));
    assert_ne!(current_material(&mut f, &id), first);
    f.engine.advance_clock(2.0 * 365.0 * DAY).unwrap();
    assert_eq!(rotations(&mut f, &id).len(), 3);
    // Ten periods in one jump: every rotation, each with its own date and service event.
    f.engine.advance_clock(10.0 * 365.0 * DAY + 1.0).unwrap();
    let r = rotations(&mut f, &id);
    assert_eq!(r.len(), 13);
    for (i, e) in r.iter().enumerate() {
        assert_eq!(
            e["RotationDate"],
            json!((T0 + (i as i64 + 1) * 365 * D) / 1000)
        );
    }
    let events = f.events(AuditFilter {
        event_name: Some("RotateKey".into()),
        ..Default::default()
    });
    assert_eq!(events.len(), 13);
    assert_eq!(
        events[12]["eventTime"],
        json!(crate::api::iso8601(T0 + 13 * 365 * D))
    );
    assert_eq!(events[0]["serviceEventDetails"], json!({"keyId": id}));
    assert_eq!(
        status(&mut f, &id)["NextRotationDate"],
        json!((T0 + 14 * 365 * D) / 1000)
    );
    // Old ciphertext decrypts with its own material; new ciphertext uses the newest.
    let d = f.ok("Decrypt", json!({"CiphertextBlob": old_blob}));
    assert_eq!(unb64(&d["Plaintext"]), b"year zero");
    assert_eq!(d["KeyMaterialId"], first);
    let fresh = f.encrypt(&id, b"now");
    let d = f.ok("Decrypt", json!({"CiphertextBlob": fresh}));
    assert_eq!(d["KeyMaterialId"], current_material(&mut f, &id));
    let all = f.ok(
        "ListKeyRotations",
        json!({"KeyId": id, "IncludeKeyMaterial": "ALL_KEY_MATERIAL", "Limit": 2}),
    );
    assert_eq!(all["Rotations"][0]["KeyMaterialId"], first);
    assert!(all["Rotations"][0].get("RotationDate").is_none());
    assert_eq!(all["Truncated"], json!(true));
}

#[test]
fn shortest_and_longest_periods() {
    for days in [90i64, 2560] {
        let mut f = Fixture::new();
        let id = f.key();
        f.ok(
            "EnableKeyRotation",
            json!({"KeyId": id, "RotationPeriodInDays": days}),
        );
        f.engine.advance_clock((days as f64) * DAY - 1.0).unwrap();
        assert!(rotations(&mut f, &id).is_empty());
        f.engine.advance_clock(1.0).unwrap();
        assert_eq!(
            rotations(&mut f, &id)[0]["RotationDate"],
            json!((T0 + days * D) / 1000)
        );
    }
    let mut f = Fixture::new();
    let id = f.key();
    for bad in [89, 2561] {
        let e = f.err(
            "EnableKeyRotation",
            json!({"KeyId": id, "RotationPeriodInDays": bad}),
        );
        assert!(
            e.message()
                .unwrap()
                .contains("at 'rotationPeriodInDays' failed to satisfy constraint"),
            "{e}"
        );
    }
}

#[test]
fn disabled_across_a_due_date_rotates_once_when_enabled() {
    let mut f = Fixture::new();
    let id = f.key();
    f.ok(
        "EnableKeyRotation",
        json!({"KeyId": id, "RotationPeriodInDays": 90}),
    );
    f.engine.advance_clock(10.0 * DAY).unwrap();
    f.ok("DisableKey", json!({"KeyId": id}));
    assert_eq!(
        f.err("EnableKeyRotation", json!({"KeyId": id})).code(),
        "DisabledException"
    );
    f.engine.advance_clock(190.0 * DAY).unwrap();
    assert!(
        rotations(&mut f, &id).is_empty(),
        "no rotation while disabled"
    );
    assert_eq!(status(&mut f, &id)["KeyRotationEnabled"], json!(true));
    f.ok("EnableKey", json!({"KeyId": id}));
    let r = rotations(&mut f, &id);
    assert_eq!(r.len(), 1);
    assert_eq!(r[0]["RotationDate"], json!((T0 + 200 * D) / 1000));
    assert_eq!(
        status(&mut f, &id)["NextRotationDate"],
        json!((T0 + 290 * D) / 1000)
    );
    // Disabled briefly without crossing a due date: the schedule just continues.
    f.ok("DisableKey", json!({"KeyId": id}));
    f.engine.advance_clock(5.0 * DAY).unwrap();
    f.ok("EnableKey", json!({"KeyId": id}));
    assert_eq!(rotations(&mut f, &id).len(), 1);
    assert_eq!(
        status(&mut f, &id)["NextRotationDate"],
        json!((T0 + 290 * D) / 1000)
    );
}

#[test]
fn deletion_scheduled_across_a_due_date_then_cancelled_and_enabled() {
    let mut f = Fixture::new();
    let id = f.key();
    f.ok(
        "EnableKeyRotation",
        json!({"KeyId": id, "RotationPeriodInDays": 90}),
    );
    f.engine.advance_clock(80.0 * DAY).unwrap();
    f.ok(
        "ScheduleKeyDeletion",
        json!({"KeyId": id, "PendingWindowInDays": 30}),
    );
    assert_eq!(status(&mut f, &id)["KeyRotationEnabled"], json!(false));
    f.engine.advance_clock(20.0 * DAY).unwrap();
    assert!(rotations(&mut f, &id).is_empty());
    f.ok("CancelKeyDeletion", json!({"KeyId": id}));
    assert_eq!(
        status(&mut f, &id)["KeyRotationEnabled"],
        json!(true),
        "cancel restores the setting"
    );
    assert!(
        rotations(&mut f, &id).is_empty(),
        "the key is Disabled after cancelling"
    );
    f.ok("EnableKey", json!({"KeyId": id}));
    let r = rotations(&mut f, &id);
    assert_eq!(r.len(), 1);
    assert_eq!(r[0]["RotationDate"], json!((T0 + 100 * D) / 1000));
    assert_eq!(
        status(&mut f, &id)["NextRotationDate"],
        json!((T0 + 190 * D) / 1000)
    );
}

#[test]
fn on_demand_then_automatic() {
    let mut f = Fixture::new();
    let id = f.key();
    let arn = f.arn(&id);
    f.ok("EnableKeyRotation", json!({"KeyId": id}));
    f.engine.advance_clock(100.0 * DAY).unwrap();
    assert_eq!(
        f.ok("RotateKeyOnDemand", json!({"KeyId": id})),
        json!({"KeyId": arn})
    );
    let r = rotations(&mut f, &id);
    assert_eq!(
        (r[0]["RotationType"].clone(), r[0]["RotationDate"].clone()),
        (json!("ON_DEMAND"), json!((T0 + 100 * D) / 1000))
    );
    assert_eq!(r[0]["KeyMaterialId"], current_material(&mut f, &id));
    assert_eq!(
        status(&mut f, &id)["NextRotationDate"],
        json!((T0 + 365 * D) / 1000),
        "on-demand leaves the schedule alone"
    );
    f.engine.advance_clock(265.0 * DAY).unwrap();
    let r = rotations(&mut f, &id);
    assert_eq!(r.len(), 2);
    assert_eq!(r[0]["KeyMaterialState"], json!("NON_CURRENT"));
    assert_eq!(r[1]["RotationType"], json!("AUTOMATIC"));
    // Within 20 minutes of the next automatic rotation: ConflictException.
    f.engine.advance_clock(365.0 * DAY - 600.0).unwrap();
    assert_eq!(
        f.err("RotateKeyOnDemand", json!({"KeyId": id})).code(),
        "ConflictException"
    );
}

#[test]
fn on_demand_limit_and_state_errors() {
    let mut f = Fixture::new();
    let id = f.key();
    let arn = f.arn(&id);
    for _ in 0..25 {
        f.ok("RotateKeyOnDemand", json!({"KeyId": id}));
    }
    let e = f.err("RotateKeyOnDemand", json!({"KeyId": id}));
    assert_err(&e, "LimitExceededException", Some(&format!("The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: {arn}")));
    assert_eq!(rotations(&mut f, &id).len(), 25);
    f.ok("DisableKey", json!({"KeyId": id}));
    assert_err(
        &f.err("RotateKeyOnDemand", json!({"KeyId": id})),
        "DisabledException",
        Some(&format!("{arn} is disabled.")),
    );
}

#[test]
fn period_change_counts_from_the_last_rotation() {
    let mut f = Fixture::new();
    let id = f.key();
    f.ok("EnableKeyRotation", json!({"KeyId": id}));
    f.engine.advance_clock(60.0 * DAY).unwrap();
    f.ok(
        "EnableKeyRotation",
        json!({"KeyId": id, "RotationPeriodInDays": 180}),
    );
    assert_eq!(
        status(&mut f, &id)["NextRotationDate"],
        json!((T0 + 180 * D) / 1000)
    );
    f.engine.advance_clock(40.0 * DAY).unwrap();
    // Day 100: a 90-day period would have been due on day 90, so the rotation happens now.
    f.ok(
        "EnableKeyRotation",
        json!({"KeyId": id, "RotationPeriodInDays": 90}),
    );
    let r = rotations(&mut f, &id);
    assert_eq!(r[0]["RotationDate"], json!((T0 + 100 * D) / 1000));
    assert_eq!(
        status(&mut f, &id)["NextRotationDate"],
        json!((T0 + 190 * D) / 1000)
    );
    f.ok("DisableKeyRotation", json!({"KeyId": id}));
    f.engine.advance_clock(1000.0 * DAY).unwrap();
    assert_eq!(rotations(&mut f, &id).len(), 1);
}

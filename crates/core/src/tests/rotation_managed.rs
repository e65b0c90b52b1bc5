//! Rotation beyond customer managed keys' own schedules: AWS managed keys (created on first
//! use, rotated yearly) and manual rotation by pointing an alias at a new key.

use super::rotation::{rotations, status, D};
use super::*;

#[test]
fn aws_managed_keys_appear_on_first_use_and_rotate_yearly() {
    let mut f = Fixture::new();
    let blob = f.encrypt("alias/aws/s3", b"managed");
    let m = f.ok("DescribeKey", json!({"KeyId": "alias/aws/s3"}))["KeyMetadata"].clone();
    assert_eq!(m["KeyManager"], json!("AWS"));
    let id = m["KeyId"].as_str().unwrap().to_string();
    let s = status(&mut f, &id);
    assert_eq!(
        (
            s["KeyRotationEnabled"].clone(),
            s["RotationPeriodInDays"].clone()
        ),
        (json!(true), json!(365))
    );
    assert_eq!(
        f.err("DisableKeyRotation", json!({"KeyId": id})).code(),
        "UnsupportedOperationException"
    );
    assert_eq!(
        f.err("EnableKeyRotation", json!({"KeyId": id})).code(),
        "UnsupportedOperationException"
    );
    assert_eq!(
        f.err("ScheduleKeyDeletion", json!({"KeyId": id})).code(),
        "UnsupportedOperationException"
    );
    f.engine.advance_clock(2.0 * 365.0 * DAY).unwrap();
    assert_eq!(rotations(&mut f, &id).len(), 2);
    assert_eq!(
        unb64(&f.ok("Decrypt", json!({"CiphertextBlob": blob}))["Plaintext"]),
        b"managed"
    );
    // Still refused for callers' own aliases.
    assert_eq!(
        f.err(
            "CreateAlias",
            json!({"AliasName": "alias/aws/mine", "TargetKeyId": id})
        )
        .code(),
        "NotAuthorizedException"
    );
    // The older three-year schedule, as an option.
    let cfg = Config {
        aws_managed_rotation_days: 1095,
        ..Config::default()
    };
    let mut g = Fixture::with(cfg, 1);
    g.encrypt("alias/aws/ebs", b"x");
    let id = g.ok("DescribeKey", json!({"KeyId": "alias/aws/ebs"}))["KeyMetadata"]["KeyId"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        status(&mut g, &id)["NextRotationDate"],
        json!((T0 + 1095 * D) / 1000)
    );
}

/// Manual rotation: an application encrypts through an alias, the alias moves to a new key,
/// old ciphertext keeps decrypting with the old key until that key goes away, and ReEncrypt
/// moves it across first.
#[test]
fn manual_rotation_through_an_alias_end_to_end() {
    let mut f = Fixture::new();
    let (v1, v2) = (f.key(), f.key());
    f.ok(
        "CreateAlias",
        json!({"AliasName": "alias/app", "TargetKeyId": v1}),
    );
    let old = f.encrypt("alias/app", b"customer record");
    f.ok(
        "UpdateAlias",
        json!({"AliasName": "alias/app", "TargetKeyId": v2}),
    );
    let new = f.encrypt("alias/app", b"new record");
    assert_eq!(
        f.ok("Decrypt", json!({"CiphertextBlob": new}))["KeyId"],
        json!(f.arn(&v2))
    );
    assert_eq!(
        f.ok("Decrypt", json!({"CiphertextBlob": old}))["KeyId"],
        json!(f.arn(&v1))
    );
    // Decrypting with the alias as KeyId now names the wrong key.
    assert_eq!(
        f.err(
            "Decrypt",
            json!({"CiphertextBlob": old, "KeyId": "alias/app"})
        )
        .code(),
        "IncorrectKeyException"
    );
    let moved = f.ok(
        "ReEncrypt",
        json!({"CiphertextBlob": old, "DestinationKeyId": "alias/app"}),
    );
    assert_eq!(moved["SourceKeyId"], json!(f.arn(&v1)));
    f.ok("DisableKey", json!({"KeyId": v1}));
    assert_eq!(
        f.err("Decrypt", json!({"CiphertextBlob": old})).code(),
        "DisabledException"
    );
    f.ok(
        "ScheduleKeyDeletion",
        json!({"KeyId": v1, "PendingWindowInDays": 7}),
    );
    f.engine.advance_clock(7.0 * DAY).unwrap();
    assert_eq!(
        f.err("Decrypt", json!({"CiphertextBlob": old})).code(),
        "AccessDeniedException"
    );
    let d = f.ok(
        "Decrypt",
        json!({"CiphertextBlob": moved["CiphertextBlob"]}),
    );
    assert_eq!(unb64(&d["Plaintext"]), b"customer record");
}

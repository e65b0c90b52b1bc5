//! CreateKey, DescribeKey, ListKeys, UpdateKeyDescription and identifier resolution.

use super::*;

#[test]
fn create_key_returns_exact_metadata() {
    let mut f = Fixture::new();
    let r = f.ok("CreateKey", json!({"Description": "orders"}));
    let m = &r["KeyMetadata"];
    let id = m["KeyId"].as_str().unwrap();
    assert!(crate::engine::is_implemented("CreateKey"));
    assert_eq!(
        r,
        json!({"KeyMetadata": {
            "AWSAccountId": "111122223333", "KeyId": id, "Arn": f.arn(id),
            "CreationDate": T0 / 1000, "Enabled": true, "Description": "orders",
            "KeyUsage": "ENCRYPT_DECRYPT", "KeyState": "Enabled", "Origin": "AWS_KMS",
            "KeyManager": "CUSTOMER", "CustomerMasterKeySpec": "SYMMETRIC_DEFAULT",
            "KeySpec": "SYMMETRIC_DEFAULT", "EncryptionAlgorithms": ["SYMMETRIC_DEFAULT"],
            "MultiRegion": false, "CurrentKeyMaterialId": m["CurrentKeyMaterialId"],
        }})
    );
    assert_eq!(m["CurrentKeyMaterialId"].as_str().unwrap().len(), 64);
    assert_eq!(f.ok("DescribeKey", json!({"KeyId": id})), r);
}

#[test]
fn same_seed_same_responses() {
    let (mut a, mut b) = (Fixture::seeded(7), Fixture::seeded(7));
    for f in [&mut a, &mut b] {
        f.ok(
            "CreateKey",
            json!({"Tags": [{"TagKey": "team", "TagValue": "x"}]}),
        );
    }
    let ka = a.ok("ListKeys", json!({}));
    assert_eq!(ka, b.ok("ListKeys", json!({})));
    assert_ne!(ka, Fixture::seeded(8).call("ListKeys", json!({})).unwrap());
}

#[test]
fn create_key_validation_follows_aws() {
    let mut f = Fixture::new();
    let e = f.err("CreateKey", json!({"KeySpec": "HMAC_256"}));
    assert_err(&e, "ValidationException", Some("You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys."));
    let e = f.err(
        "CreateKey",
        json!({"KeySpec": "RSA_2048", "KeyUsage": "KEY_AGREEMENT"}),
    );
    assert_err(
        &e,
        "ValidationException",
        Some("KeyUsage KEY_AGREEMENT is not compatible with KeySpec RSA_2048"),
    );
    let e = f.err("CreateKey", json!({"KeyUsage": "RANDOM"}));
    assert!(e.message().unwrap().starts_with("1 validation error detected: Value 'RANDOM' at 'keyUsage' failed to satisfy constraint: Member must satisfy enum value set: ["));
    let e = f.err(
        "CreateKey",
        json!({"KeySpec": "ML_DSA_65", "KeyUsage": "SIGN_VERIFY", "Origin": "EXTERNAL"}),
    );
    assert_err(
        &e,
        "UnsupportedOperationException",
        Some("KeySpec ML_DSA_65 does not support imported key material. Use Origin AWS_KMS."),
    );
    let e = f.err(
        "CreateKey",
        json!({"KeySpec": "ML_KEM_512", "KeyUsage": "SIGN_VERIFY"}),
    );
    assert_err(
        &e,
        "ValidationException",
        Some("KeyUsage SIGN_VERIFY is not compatible with KeySpec ML_KEM_512"),
    );
    let e = f.err(
        "CreateKey",
        json!({"KeySpec": "SM2", "KeyUsage": "SIGN_VERIFY"}),
    );
    assert_err(
        &e,
        "UnsupportedOperationException",
        Some("The SM2 key spec is available only in the AWS China Regions."),
    );
    let e = f.err(
        "CreateKey",
        json!({"CustomKeyStoreId": "cks-1234567890abcdef0"}),
    );
    assert_eq!(e.code(), "UnsupportedOperationException");
    let e = f.err(
        "CreateKey",
        json!({"Tags": [{"TagKey": "aws:x", "TagValue": ""}]}),
    );
    assert_err(
        &e,
        "TagException",
        Some("Tags beginning with aws: are reserved"),
    );
    let e = f.err("CreateKey", json!({"Policy": "not json"}));
    assert_eq!(e.code(), "MalformedPolicyDocumentException");
    let e = f.err("CreateKey", json!({"Description": 5}));
    assert_eq!(e.code(), "SerializationException");
    // Nothing was created by any failed call.
    assert_eq!(f.ok("ListKeys", json!({}))["Keys"], json!([]));
}

#[test]
fn identifiers_resolve_as_aws_resolves_them() {
    let mut f = Fixture::new();
    let id = f.key();
    let arn = f.arn(&id);
    f.ok(
        "CreateAlias",
        json!({"AliasName": "alias/app", "TargetKeyId": id}),
    );
    let alias_arn = "arn:aws:kms:us-east-1:111122223333:alias/app";
    for form in [id.as_str(), arn.as_str(), "alias/app", alias_arn] {
        assert_eq!(
            f.ok("DescribeKey", json!({"KeyId": form}))["KeyMetadata"]["KeyId"],
            json!(id)
        );
    }
    assert_err(
        &f.err("DescribeKey", json!({"KeyId": "fake-key-id"})),
        "NotFoundException",
        Some("Invalid keyId 'fake-key-id'"),
    );
    let missing = "11111111-2222-3333-4444-555555555555";
    let e = f.err("DescribeKey", json!({"KeyId": missing}));
    assert_err(
        &e,
        "NotFoundException",
        Some(&format!("Key '{}' does not exist", f.arn(missing))),
    );
    let other = arn.replace("us-east-1", "us-west-2");
    assert_err(
        &f.err("DescribeKey", json!({"KeyId": other})),
        "NotFoundException",
        Some("Invalid arn us-west-2"),
    );
    let e = f.err("DescribeKey", json!({"KeyId": "alias/nope"}));
    assert_err(
        &e,
        "NotFoundException",
        Some("Alias arn:aws:kms:us-east-1:111122223333:alias/nope is not found."),
    );
    // Operations that take only key ids refuse aliases.
    assert_err(
        &f.err("DisableKey", json!({"KeyId": "alias/app"})),
        "NotFoundException",
        Some("Invalid keyId 'alias/app'"),
    );
    let e = f.err("DescribeKey", json!({"KeyId": ""}));
    assert_err(&e, "ValidationException", Some("1 validation error detected: Value '' at 'keyId' failed to satisfy constraint: Member must have length greater than or equal to 1"));
    let e = f.err("DescribeKey", json!({}));
    assert_err(&e, "ValidationException", Some("1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null"));
}

#[test]
fn list_keys_pages_with_markers() {
    let mut f = Fixture::new();
    let mut ids: Vec<String> = (0..5).map(|_| f.key()).collect();
    ids.sort();
    let p1 = f.ok("ListKeys", json!({"Limit": 2}));
    assert_eq!(p1["Truncated"], json!(true));
    let p2 = f.ok("ListKeys", json!({"Limit": 2, "Marker": p1["NextMarker"]}));
    let p3 = f.ok("ListKeys", json!({"Limit": 2, "Marker": p2["NextMarker"]}));
    assert_eq!(p3["Truncated"], json!(false));
    assert!(p3.get("NextMarker").is_none());
    let got: Vec<String> = [p1, p2, p3]
        .iter()
        .flat_map(|p| p["Keys"].as_array().unwrap().clone())
        .map(|k| k["KeyId"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(got, ids);
    assert_eq!(
        f.err("ListKeys", json!({"Marker": "bogus"})).code(),
        "InvalidMarkerException"
    );
    assert_eq!(
        f.err("ListKeys", json!({"Limit": 0})).code(),
        "ValidationException"
    );
}

#[test]
fn update_key_description() {
    let mut f = Fixture::new();
    let id = f.key();
    f.ok(
        "UpdateKeyDescription",
        json!({"KeyId": id, "Description": "new"}),
    );
    assert_eq!(
        f.ok("DescribeKey", json!({"KeyId": id}))["KeyMetadata"]["Description"],
        json!("new")
    );
    let e = f.err(
        "UpdateKeyDescription",
        json!({"KeyId": id, "Description": "x".repeat(8193)}),
    );
    assert_eq!(e.code(), "ValidationException");
}

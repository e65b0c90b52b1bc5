//! Aliases, tags and key policies.

use super::*;

#[test]
fn alias_lifecycle_and_errors() {
    let mut f = Fixture::new();
    let (a, b) = (f.key(), f.key());
    f.ok(
        "CreateAlias",
        json!({"AliasName": "alias/app", "TargetKeyId": a}),
    );
    let e = f.err(
        "CreateAlias",
        json!({"AliasName": "alias/app", "TargetKeyId": b}),
    );
    assert_err(
        &e,
        "AlreadyExistsException",
        Some("An alias with the name arn:aws:kms:us-east-1:111122223333:alias/app already exists"),
    );
    assert_err(
        &f.err(
            "CreateAlias",
            json!({"AliasName": "alias/aws/x", "TargetKeyId": a}),
        ),
        "NotAuthorizedException",
        None,
    );
    assert_err(&f.err("CreateAlias", json!({"AliasName": "app", "TargetKeyId": a})), "ValidationException", Some("Alias must start with the prefix \"alias/\". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html"));
    let blob = f.ok(
        "Encrypt",
        json!({"KeyId": "alias/app", "Plaintext": b64(b"v1")}),
    )["CiphertextBlob"]
        .clone();
    f.clock.set(T0 + 1000);
    f.ok(
        "UpdateAlias",
        json!({"AliasName": "alias/app", "TargetKeyId": b}),
    );
    let list = f.ok("ListAliases", json!({}));
    assert_eq!(
        list,
        json!({"Aliases": [{"AliasName": "alias/app", "AliasArn": "arn:aws:kms:us-east-1:111122223333:alias/app",
            "TargetKeyId": b, "CreationDate": T0 / 1000, "LastUpdatedDate": (T0 + 1000) / 1000}], "Truncated": false})
    );
    // Old ciphertext still decrypts with the key that made it.
    assert_eq!(
        f.ok("Decrypt", json!({"CiphertextBlob": blob}))["KeyId"],
        json!(f.arn(&a))
    );
    assert_eq!(
        f.ok("ListAliases", json!({"KeyId": a}))["Aliases"],
        json!([])
    );
    f.ok("DeleteAlias", json!({"AliasName": "alias/app"}));
    assert_err(
        &f.err("DeleteAlias", json!({"AliasName": "alias/app"})),
        "NotFoundException",
        Some("Alias arn:aws:kms:us-east-1:111122223333:alias/app is not found."),
    );
    f.ok("ScheduleKeyDeletion", json!({"KeyId": b}));
    f.ok(
        "CreateAlias",
        json!({"AliasName": "alias/two", "TargetKeyId": a}),
    );
    let e = f.err(
        "UpdateAlias",
        json!({"AliasName": "alias/two", "TargetKeyId": b}),
    );
    assert_eq!(e.code(), "KMSInvalidStateException");
}

#[test]
fn tags_add_overwrite_remove_and_page() {
    let mut f = Fixture::new();
    let id = f.key();
    f.ok("TagResource", json!({"KeyId": id, "Tags": [{"TagKey": "b", "TagValue": "1"}, {"TagKey": "a", "TagValue": "2"}]}));
    f.ok(
        "TagResource",
        json!({"KeyId": id, "Tags": [{"TagKey": "b", "TagValue": "3"}]}),
    );
    let r = f.ok("ListResourceTags", json!({"KeyId": id, "Limit": 1}));
    assert_eq!(r["Tags"], json!([{"TagKey": "a", "TagValue": "2"}]));
    let r = f.ok(
        "ListResourceTags",
        json!({"KeyId": id, "Marker": r["NextMarker"]}),
    );
    assert_eq!(
        r,
        json!({"Tags": [{"TagKey": "b", "TagValue": "3"}], "Truncated": false})
    );
    f.ok(
        "UntagResource",
        json!({"KeyId": id, "TagKeys": ["b", "zzz"]}),
    );
    assert_eq!(
        f.ok("ListResourceTags", json!({"KeyId": id}))["Tags"],
        json!([{"TagKey": "a", "TagValue": "2"}])
    );
    let many: Vec<Value> = (0..50)
        .map(|i| json!({"TagKey": format!("k{i}"), "TagValue": ""}))
        .collect();
    assert_err(
        &f.err("TagResource", json!({"KeyId": id, "Tags": many})),
        "TagException",
        Some("Too many tags"),
    );
    let e = f.err(
        "TagResource",
        json!({"KeyId": id, "Tags": [{"TagKey": "k", "TagValue": "v".repeat(257)}]}),
    );
    assert!(e.message().unwrap().contains("at 'tags.1.member.tagValue' failed to satisfy constraint: Member must have length less than or equal to 256"));
}

#[test]
fn key_policies() {
    let mut f = Fixture::new();
    let id = f.key();
    let r = f.ok("GetKeyPolicy", json!({"KeyId": id}));
    assert_eq!(r["PolicyName"], json!("default"));
    let doc: Value = serde_json::from_str(r["Policy"].as_str().unwrap()).unwrap();
    assert_eq!(
        doc["Statement"][0]["Principal"]["AWS"],
        json!("arn:aws:iam::111122223333:root")
    );
    let p = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":["kms:Decrypt","kms:*Polic*"],"Resource":"*"}]}"#;
    f.ok("PutKeyPolicy", json!({"KeyId": id, "Policy": p}));
    assert_eq!(
        f.ok(
            "GetKeyPolicy",
            json!({"KeyId": id, "PolicyName": "default"})
        )["Policy"],
        json!(p)
    );
    assert_eq!(
        f.ok("ListKeyPolicies", json!({"KeyId": id})),
        json!({"PolicyNames": ["default"], "Truncated": false})
    );
    assert_eq!(
        f.err("PutKeyPolicy", json!({"KeyId": id, "Policy": "{nope"}))
            .code(),
        "MalformedPolicyDocumentException"
    );
    assert_err(
        &f.err(
            "PutKeyPolicy",
            json!({"KeyId": id, "Policy": p, "PolicyName": "AWS_RAM"}),
        ),
        "ValidationException",
        Some("The AWS_RAM policy can only be managed by the RAM service."),
    );
    assert_eq!(
        f.err("GetKeyPolicy", json!({"KeyId": id, "PolicyName": "other"}))
            .code(),
        "NotFoundException"
    );
}

//! Seed documents: fixed keys and material, rotation history, strict validation with the
//! entry and field named, idempotence, and export → apply round trips.

use super::*;

const K1: &str = "11111111-2222-4333-8444-555555555555";
const K2: &str = "66666666-7777-4888-8999-aaaaaaaaaaaa";

fn doc() -> Value {
    json!({"Keys": [
        {"KeyId": K1, "Description": "orders", "CreationDate": "2025-01-01T00:00:00Z",
         "Tags": [{"TagKey": "team", "TagValue": "payments"}], "Aliases": ["alias/orders"],
         "KeyMaterial": [
            {"Material": b64(&[1; 32])},
            {"Material": b64(&[2; 32]), "Date": "2025-06-01T00:00:00Z", "RotationType": "ON_DEMAND"}],
         "Rotation": {"Enabled": true, "RotationPeriodInDays": 365}},
        {"KeyId": K2, "KeyState": "PendingDeletion", "DeletionDate": "2026-01-10T00:00:00Z",
         "KeyMaterial": [{"Material": b64(&[3; 32])}]}
    ]})
}

#[test]
fn seeded_keys_decrypt_what_another_seeded_service_encrypted() {
    let mut a = Fixture::seeded(1);
    assert_eq!(a.engine.apply_seed(&doc().to_string()).unwrap(), 2);
    let blob = a.encrypt("alias/orders", b"yesterday");
    let mut b = Fixture::seeded(99);
    b.engine.apply_seed(&doc().to_string()).unwrap();
    assert_eq!(
        unb64(&b.ok("Decrypt", json!({"CiphertextBlob": blob}))["Plaintext"]),
        b"yesterday"
    );
    let m = b.ok("DescribeKey", json!({"KeyId": K1}))["KeyMetadata"].clone();
    assert_eq!(m["CreationDate"], json!(1_735_689_600));
    let r = b.ok("ListKeyRotations", json!({"KeyId": K1}))["Rotations"].clone();
    assert_eq!(r[0]["RotationType"], json!("ON_DEMAND"));
    assert_eq!(r[0]["KeyMaterialId"], m["CurrentKeyMaterialId"]);
    let s = b.ok("GetKeyRotationStatus", json!({"KeyId": K1}));
    assert_eq!(s["NextRotationDate"], json!(parse("2026-06-01T00:00:00Z")));
    // The rotation that is due happens on time, and the pending deletion too.
    b.engine.advance_clock(200.0 * DAY).unwrap();
    assert_eq!(
        b.ok("ListKeyRotations", json!({"KeyId": K1}))["Rotations"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        b.err("DescribeKey", json!({"KeyId": K2})).code(),
        "NotFoundException"
    );
}

fn parse(iso: &str) -> i64 {
    crate::api::parse_iso8601(iso).unwrap() / 1000
}

#[test]
fn applying_twice_changes_nothing_and_export_round_trips() {
    let mut a = Fixture::new();
    a.engine.apply_seed(&doc().to_string()).unwrap();
    let once = a.engine.export_seed();
    a.engine.apply_seed(&doc().to_string()).unwrap();
    assert_eq!(a.engine.export_seed(), once);
    let mut b = Fixture::seeded(5);
    b.engine.apply_seed(&once).unwrap();
    assert_eq!(b.engine.export_seed(), once);
    // "$schema" (for editors) is read and ignored, and an export does not invent one.
    let mut with_schema = doc();
    with_schema["$schema"] = json!("./node_modules/kms-wasm/schema/seed.schema.json");
    let mut s = Fixture::new();
    s.engine.apply_seed(&with_schema.to_string()).unwrap();
    assert_eq!(s.engine.export_seed(), once);
    assert!(!once.contains("$schema"));
    // A state built by calls becomes a fixture too.
    let mut c = Fixture::new();
    let id = c.key();
    c.ok(
        "CreateAlias",
        json!({"AliasName": "alias/made", "TargetKeyId": id}),
    );
    c.ok("EnableKeyRotation", json!({"KeyId": id}));
    c.engine.advance_clock(366.0 * DAY).unwrap();
    let blob = c.encrypt(&id, b"fixture");
    let mut d = Fixture::seeded(6);
    d.engine.apply_seed(&c.engine.export_seed()).unwrap();
    assert_eq!(
        unb64(&d.ok("Decrypt", json!({"CiphertextBlob": blob}))["Plaintext"]),
        b"fixture"
    );
    assert_eq!(d.engine.export_seed(), c.engine.export_seed());
}

#[test]
fn invalid_seeds_name_the_entry_and_field_and_change_nothing() {
    let mut f = Fixture::new();
    let before = f.engine.snapshot();
    let cases = [
        (json!({"Keys": [{"KeyId": "nope"}]}), "Keys[0] (nope).KeyId"),
        (json!({"Keys": [{"KeyId": K1, "KeyMaterial": [{"Material": b64(&[1; 16])}]}]}), "Keys[0] (11111111-2222-4333-8444-555555555555).KeyMaterial[0].Material: must be 32 bytes"),
        (json!({"Keys": [{"KeyId": K1, "KeyState": "PendingDeletion"}]}), ".DeletionDate: is required"),
        (json!({"Keys": [{"KeyId": K1, "Aliases": ["alias/aws/x"]}]}), ".Aliases[0]"),
        (json!({"Keys": [{"KeyId": K1, "Aliases": ["alias/x"]}, {"KeyId": K2, "Aliases": ["alias/x"]}]}), "Keys[1]"),
        (json!({"Keys": [{"KeyId": K1, "Rotation": {"Enabled": true, "RotationPeriodInDays": 30}}]}), "RotationPeriodInDays"),
        (json!({"Keys": [{"KeyId": K1, "Colour": "blue"}]}), "unknown field `Colour`"),
        (json!({"Keys": [{"KeyId": K1, "Tags": [{"TagKey": "aws:x", "TagValue": ""}]}]}), ".Tags: Tags beginning with aws: are reserved"),
    ];
    for (doc, expected) in cases {
        let e = f.engine.apply_seed(&doc.to_string()).unwrap_err();
        assert_eq!(e.code(), "ValidationException");
        assert!(
            e.message().unwrap().contains(expected),
            "{e} does not mention {expected}"
        );
    }
    assert_eq!(f.engine.snapshot(), before);
}

#[test]
fn imported_material_in_seeds_is_checked_against_its_id() {
    let mut f = Fixture::new();
    let material = [7u8; 32];
    let id = {
        use sha2::Digest;
        crate::engine::hex(&sha2::Sha256::digest([K1.as_bytes(), &material].concat()))
    };
    let seed = json!({"Keys": [{"KeyId": K1, "Origin": "EXTERNAL",
        "KeyMaterial": [{"Material": b64(&material), "KeyMaterialId": id, "ExpirationModel": "KEY_MATERIAL_EXPIRES", "ValidTo": "2026-02-01T00:00:00Z"}]}]});
    f.engine.apply_seed(&seed.to_string()).unwrap();
    assert_eq!(
        f.ok("DescribeKey", json!({"KeyId": K1}))["KeyMetadata"]["KeyState"],
        json!("Enabled")
    );
    f.engine.advance_clock(40.0 * DAY).unwrap();
    assert_eq!(
        f.ok("DescribeKey", json!({"KeyId": K1}))["KeyMetadata"]["KeyState"],
        json!("PendingImport")
    );
    let wrong = seed.to_string().replace(&id, &"0".repeat(64));
    assert!(f
        .engine
        .apply_seed(&wrong)
        .unwrap_err()
        .message()
        .unwrap()
        .contains("KeyMaterialId"));
    // Deleted imported material is exported as its id alone, and applies back as PendingImport.
    let exported = f.engine.export_seed();
    assert!(!exported.contains(&b64(&material)));
    let mut g = Fixture::new();
    g.engine.apply_seed(&exported).unwrap();
    assert_eq!(
        g.ok("DescribeKey", json!({"KeyId": K1}))["KeyMetadata"]["KeyState"],
        json!("PendingImport")
    );
}

#[test]
fn seed_documents_carry_regions() {
    let doc = json!({"Keys": [
        {"KeyId": K1, "Aliases": ["alias/app"], "KeyMaterial": [{"Material": b64(&[1; 32])}]},
        {"KeyId": K2, "Region": "eu-west-1", "Aliases": ["alias/app"],
         "KeyMaterial": [{"Material": b64(&[2; 32])}]}
    ]});
    let mut f = Fixture::new();
    assert_eq!(f.engine.apply_seed(&doc.to_string()).unwrap(), 2);
    let eu = Caller {
        region: Some("eu-west-1".into()),
        ..Caller::default()
    };
    let there = f
        .engine
        .call(
            "DescribeKey",
            &json!({"KeyId": "alias/app"}).to_string(),
            &eu,
        )
        .unwrap();
    let there: Value = serde_json::from_str(&there).unwrap();
    assert_eq!(
        there["KeyMetadata"]["Arn"],
        json!(format!("arn:aws:kms:eu-west-1:111122223333:key/{K2}"))
    );
    assert_eq!(
        f.ok("DescribeKey", json!({"KeyId": "alias/app"}))["KeyMetadata"]["KeyId"],
        json!(K1)
    );
    // The export names the other Region's key; applied elsewhere it rebuilds the same state.
    let exported = f.engine.export_seed();
    let entries: Value = serde_json::from_str(&exported).unwrap();
    let regions: Vec<&Value> = entries["Keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| &k["Region"])
        .collect();
    assert_eq!(regions, [&Value::Null, &json!("eu-west-1")]);
    let mut g = Fixture::new();
    g.engine.apply_seed(&exported).unwrap();
    assert_eq!(g.engine.export_seed(), exported);
    let bad = json!({"Keys": [{"KeyId": K1, "Region": "Mars"}]});
    let e = f.engine.apply_seed(&bad.to_string()).unwrap_err();
    assert_err(&e, "ValidationException", Some("seed document: Keys[0] (11111111-2222-4333-8444-555555555555).Region: \"Mars\" is not a Region name"));
}

//! Multi-Region keys: `mrk-` ids and their configuration, ReplicateKey (same id, same
//! material, its own policy, description and tags), ciphertext that decrypts with any key of
//! the set, rotation managed by the primary and copied to replicas (SynchronizeMultiRegionKey),
//! UpdatePrimaryRegion, and deletion of a primary that waits for its replicas.

use super::*;

const EU: &str = "eu-west-1";

fn eu() -> Caller {
    Caller {
        region: Some(EU.into()),
        ..Caller::default()
    }
}

fn in_eu(f: &mut Fixture, op: &str, input: Value) -> Result<Value, KmsError> {
    f.engine
        .call(op, &input.to_string(), &eu())
        .map(|s| serde_json::from_str(&s).unwrap())
}

/// A multi-Region primary key in us-east-1 with a replica in eu-west-1; its id.
fn replicated(f: &mut Fixture) -> String {
    let created = f.ok(
        "CreateKey",
        json!({"MultiRegion": true, "Description": "primary"}),
    );
    let id = created["KeyMetadata"]["KeyId"]
        .as_str()
        .unwrap()
        .to_string();
    f.ok(
        "ReplicateKey",
        json!({"KeyId": id, "ReplicaRegion": EU, "Description": "replica",
            "Tags": [{"TagKey": "team", "TagValue": "eu"}]}),
    );
    id
}

#[test]
fn a_multi_region_key_and_its_replica_share_id_and_material() {
    let mut f = Fixture::new();
    let created = f.ok("CreateKey", json!({"MultiRegion": true}));
    let m = &created["KeyMetadata"];
    let id = m["KeyId"].as_str().unwrap().to_string();
    assert!(id.starts_with("mrk-") && id.len() == 36, "{id}");
    assert_eq!(m["MultiRegion"], json!(true));
    assert_eq!(
        m["MultiRegionConfiguration"],
        json!({"MultiRegionKeyType": "PRIMARY",
            "PrimaryKey": {"Arn": f.arn(&id), "Region": "us-east-1"}, "ReplicaKeys": []})
    );
    let replicated = f.ok(
        "ReplicateKey",
        json!({"KeyId": f.arn(&id), "ReplicaRegion": EU, "Description": "replica",
            "Tags": [{"TagKey": "team", "TagValue": "eu"}]}),
    );
    let replica_arn = format!("arn:aws:kms:{EU}:111122223333:key/{id}");
    let r = &replicated["ReplicaKeyMetadata"];
    assert_eq!(r["Arn"], json!(replica_arn));
    assert_eq!(r["Description"], json!("replica"));
    assert_eq!(
        replicated["ReplicaTags"],
        json!([{"TagKey": "team", "TagValue": "eu"}])
    );
    assert!(replicated["ReplicaPolicy"]
        .as_str()
        .unwrap()
        .contains("kms:*"));
    let here = in_eu(&mut f, "DescribeKey", json!({"KeyId": id})).unwrap();
    let config = &here["KeyMetadata"]["MultiRegionConfiguration"];
    assert_eq!(config["MultiRegionKeyType"], json!("REPLICA"));
    assert_eq!(
        config["ReplicaKeys"],
        json!([{"Arn": replica_arn, "Region": EU}])
    );
    let primary = f.ok("DescribeKey", json!({"KeyId": id}));
    assert_eq!(
        primary["KeyMetadata"]["MultiRegionConfiguration"]["ReplicaKeys"],
        json!([{"Arn": replica_arn, "Region": EU}])
    );
    assert_eq!(
        here["KeyMetadata"]["CurrentKeyMaterialId"],
        primary["KeyMetadata"]["CurrentKeyMaterialId"]
    );
    // Ciphertext of either decrypts with the other, with or without KeyId.
    let blob = f.encrypt(&id, b"across Regions");
    let plain = in_eu(&mut f, "Decrypt", json!({"CiphertextBlob": blob})).unwrap();
    assert_eq!(plain["Plaintext"], json!(b64(b"across Regions")));
    assert_eq!(plain["KeyId"], json!(replica_arn));
    let back = in_eu(
        &mut f,
        "Encrypt",
        json!({"KeyId": id, "Plaintext": b64(b"back")}),
    )
    .unwrap();
    let plain = f.ok(
        "Decrypt",
        json!({"KeyId": f.arn(&id), "CiphertextBlob": back["CiphertextBlob"]}),
    );
    assert_eq!(plain["Plaintext"], json!(b64(b"back")));
    // The replica's Region records its creation.
    let created_there = f.events(AuditFilter {
        region: Some(EU.into()),
        event_name: Some("CreateKey".into()),
        ..Default::default()
    });
    assert_eq!(created_there.len(), 1);
    assert_eq!(created_there[0]["eventType"], json!("AwsServiceEvent"));
}

#[test]
fn replicate_key_refuses_what_aws_refuses() {
    let mut f = Fixture::new();
    let id = replicated(&mut f);
    let e = f.err("ReplicateKey", json!({"KeyId": id, "ReplicaRegion": EU}));
    assert_eq!(e.code(), "AlreadyExistsException", "{e}");
    let e = in_eu(
        &mut f,
        "ReplicateKey",
        json!({"KeyId": id, "ReplicaRegion": "ap-south-1"}),
    )
    .unwrap_err();
    let replica_arn = format!("arn:aws:kms:{EU}:111122223333:key/{id}");
    assert_err(
        &e,
        "UnsupportedOperationException",
        Some(&format!("{replica_arn} is not a multi-region primary key.")),
    );
    let single = f.key();
    let e = f.err(
        "ReplicateKey",
        json!({"KeyId": single, "ReplicaRegion": EU}),
    );
    assert_eq!(e.code(), "UnsupportedOperationException", "{e}");
    let e = f.err(
        "ReplicateKey",
        json!({"KeyId": id, "ReplicaRegion": "Europe"}),
    );
    assert_eq!(e.code(), "ValidationException", "{e}");
    let e = f.err(
        "ReplicateKey",
        json!({"KeyId": id, "ReplicaRegion": "us-east-1"}),
    );
    assert_eq!(e.code(), "ValidationException", "{e}");
}

#[test]
fn the_primary_rotates_its_set_and_replicas_refuse_rotation_calls() {
    let mut f = Fixture::new();
    let id = replicated(&mut f);
    let e = in_eu(&mut f, "EnableKeyRotation", json!({"KeyId": id})).unwrap_err();
    assert_eq!(e.code(), "UnsupportedOperationException", "{e}");
    let e = in_eu(&mut f, "RotateKeyOnDemand", json!({"KeyId": id})).unwrap_err();
    assert_eq!(e.code(), "UnsupportedOperationException", "{e}");
    f.ok(
        "EnableKeyRotation",
        json!({"KeyId": id, "RotationPeriodInDays": 90}),
    );
    let status = in_eu(&mut f, "GetKeyRotationStatus", json!({"KeyId": id})).unwrap();
    assert_eq!(status["KeyRotationEnabled"], json!(true));
    assert_eq!(status["RotationPeriodInDays"], json!(90));
    let before = f.encrypt(&id, b"old");
    f.ok("RotateKeyOnDemand", json!({"KeyId": id}));
    f.engine.advance_clock(91.0 * DAY).unwrap();
    let material = |f: &mut Fixture, eu_side: bool| {
        let m = match eu_side {
            true => in_eu(f, "DescribeKey", json!({"KeyId": id})).unwrap(),
            false => f.ok("DescribeKey", json!({"KeyId": id})),
        };
        m["KeyMetadata"]["CurrentKeyMaterialId"].clone()
    };
    assert_eq!(material(&mut f, true), material(&mut f, false));
    let rotations = in_eu(&mut f, "ListKeyRotations", json!({"KeyId": id})).unwrap();
    assert_eq!(
        rotations["Rotations"].as_array().unwrap().len(),
        2,
        "on demand, then automatic"
    );
    let plain = in_eu(&mut f, "Decrypt", json!({"CiphertextBlob": before})).unwrap();
    assert_eq!(plain["Plaintext"], json!(b64(b"old")));
    let syncs = f.events(AuditFilter {
        region: Some(EU.into()),
        event_name: Some("SynchronizeMultiRegionKey".into()),
        ..Default::default()
    });
    assert_eq!(
        syncs.len(),
        3,
        "rotation switched on, rotated on demand, rotated on schedule"
    );
}

#[test]
fn update_primary_region_swaps_the_roles() {
    let mut f = Fixture::new();
    let id = replicated(&mut f);
    let e = f.err(
        "UpdatePrimaryRegion",
        json!({"KeyId": id, "PrimaryRegion": "ap-south-1"}),
    );
    assert_eq!(e.code(), "NotFoundException", "{e}");
    f.ok(
        "UpdatePrimaryRegion",
        json!({"KeyId": id, "PrimaryRegion": EU}),
    );
    let there = in_eu(&mut f, "DescribeKey", json!({"KeyId": id})).unwrap();
    let config = &there["KeyMetadata"]["MultiRegionConfiguration"];
    assert_eq!(config["MultiRegionKeyType"], json!("PRIMARY"));
    assert_eq!(config["ReplicaKeys"][0]["Region"], json!("us-east-1"));
    let here = f.ok("DescribeKey", json!({"KeyId": id}));
    assert_eq!(
        here["KeyMetadata"]["MultiRegionConfiguration"]["MultiRegionKeyType"],
        json!("REPLICA")
    );
    assert_eq!(
        f.err("EnableKeyRotation", json!({"KeyId": id})).code(),
        "UnsupportedOperationException"
    );
    in_eu(&mut f, "EnableKeyRotation", json!({"KeyId": id})).unwrap();
    // Recorded where it was called, and (as AWS does) in the new primary's Region too; the
    // ReplicateKey call stays in the Region it was made in.
    for (region, name) in [
        ("us-east-1", "UpdatePrimaryRegion"),
        (EU, "UpdatePrimaryRegion"),
        ("us-east-1", "ReplicateKey"),
    ] {
        let events = f.events(AuditFilter {
            region: Some(region.into()),
            event_name: Some(name.into()),
            ..Default::default()
        });
        let ok: Vec<&Value> = events
            .iter()
            .filter(|e| e.get("errorCode").is_none())
            .collect();
        assert_eq!(ok.len(), 1, "{name} in {region}");
        assert_eq!(ok[0]["eventType"], json!("AwsApiCall"));
    }
}

#[test]
fn a_primary_with_replicas_waits_for_them_before_its_deletion_window() {
    let mut f = Fixture::new();
    let id = replicated(&mut f);
    let scheduled = f.ok(
        "ScheduleKeyDeletion",
        json!({"KeyId": id, "PendingWindowInDays": 7}),
    );
    assert_eq!(scheduled["KeyState"], json!("PendingReplicaDeletion"));
    assert!(scheduled.get("DeletionDate").is_none());
    let m = f.ok("DescribeKey", json!({"KeyId": id}))["KeyMetadata"].clone();
    assert_eq!(m["PendingDeletionWindowInDays"], json!(7));
    let e = f.err("Encrypt", json!({"KeyId": id, "Plaintext": "AA=="}));
    assert_err(
        &e,
        "KMSInvalidStateException",
        Some(&format!("{} is pending replica deletion.", f.arn(&id))),
    );
    // Cancelled, the primary is Disabled; scheduled again, it waits again.
    f.ok("CancelKeyDeletion", json!({"KeyId": id}));
    assert_eq!(
        f.ok("DescribeKey", json!({"KeyId": id}))["KeyMetadata"]["KeyState"],
        json!("Disabled")
    );
    f.ok(
        "ScheduleKeyDeletion",
        json!({"KeyId": id, "PendingWindowInDays": 7}),
    );
    // The replica still works, then goes; then the primary's window starts.
    in_eu(&mut f, "Encrypt", json!({"KeyId": id, "Plaintext": "AA=="})).unwrap();
    in_eu(
        &mut f,
        "ScheduleKeyDeletion",
        json!({"KeyId": id, "PendingWindowInDays": 10}),
    )
    .unwrap();
    f.engine.advance_clock(10.0 * DAY).unwrap();
    assert_eq!(
        in_eu(&mut f, "DescribeKey", json!({"KeyId": id}))
            .unwrap_err()
            .code(),
        "NotFoundException"
    );
    let m = f.ok("DescribeKey", json!({"KeyId": id}))["KeyMetadata"].clone();
    assert_eq!(m["KeyState"], json!("PendingDeletion"));
    assert_eq!(m["MultiRegionConfiguration"]["ReplicaKeys"], json!([]));
    let due = T0 / 1000 + 17 * 86_400;
    assert_eq!(m["DeletionDate"], json!(due));
    f.engine.advance_clock(7.0 * DAY).unwrap();
    assert_eq!(
        f.err("DescribeKey", json!({"KeyId": id})).code(),
        "NotFoundException"
    );
}

/// Imports `material` into key `id` as the caller `who` sees it (Region), with `extra` members.
fn import_as(
    f: &mut Fixture,
    who: &Caller,
    id: &str,
    material: &[u8],
    extra: Value,
) -> Result<Value, KmsError> {
    let p = f
        .engine
        .call(
            "GetParametersForImport",
            &json!({"KeyId": id, "WrappingAlgorithm": "RSAES_OAEP_SHA_256", "WrappingKeySpec": "RSA_2048"})
                .to_string(),
            who,
        )
        .map(|s| serde_json::from_str::<Value>(&s).unwrap())?;
    let public = unb64(&p["PublicKey"]);
    let wrapped = super::import::wrap(&public, "RSAES_OAEP_SHA_256", material);
    let mut input = json!({"KeyId": id, "ImportToken": p["ImportToken"], "EncryptedKeyMaterial": wrapped,
        "ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE"});
    for (k, v) in extra.as_object().unwrap() {
        input[k] = v.clone();
    }
    f.engine
        .call("ImportKeyMaterial", &input.to_string(), who)
        .map(|s| serde_json::from_str(&s).unwrap())
}

#[test]
fn imported_material_is_imported_in_every_region_and_rotates_once_all_have_it() {
    let mut f = Fixture::new();
    let home = Caller::default();
    let created = f.ok(
        "CreateKey",
        json!({"MultiRegion": true, "Origin": "EXTERNAL"}),
    );
    let id = created["KeyMetadata"]["KeyId"]
        .as_str()
        .unwrap()
        .to_string();
    import_as(&mut f, &home, &id, &[1; 32], json!({})).unwrap();
    f.ok("ReplicateKey", json!({"KeyId": id, "ReplicaRegion": EU}));
    let state = |f: &mut Fixture| {
        in_eu(f, "DescribeKey", json!({"KeyId": id})).unwrap()["KeyMetadata"]["KeyState"].clone()
    };
    assert_eq!(
        state(&mut f),
        json!("PendingImport"),
        "a replica imports its own copy"
    );
    let e = import_as(&mut f, &eu(), &id, &[9; 32], json!({})).unwrap_err();
    assert_eq!(
        e.code(),
        "IncorrectKeyMaterialException",
        "only the same bytes"
    );
    import_as(&mut f, &eu(), &id, &[1; 32], json!({})).unwrap();
    assert_eq!(state(&mut f), json!("Enabled"));
    let blob = f.encrypt(&id, b"imported everywhere");
    let plain = in_eu(&mut f, "Decrypt", json!({"CiphertextBlob": blob})).unwrap();
    assert_eq!(plain["Plaintext"], json!(b64(b"imported everywhere")));
    // New material: into the primary only, then into each replica; rotation waits for all.
    let new = json!({"ImportType": "NEW_KEY_MATERIAL"});
    let e = import_as(&mut f, &eu(), &id, &[2; 32], new.clone()).unwrap_err();
    assert_eq!(e.code(), "UnsupportedOperationException", "{e}");
    import_as(&mut f, &home, &id, &[2; 32], new).unwrap();
    let pending_state = |f: &mut Fixture| {
        let r = in_eu(
            f,
            "ListKeyRotations",
            json!({"KeyId": id, "IncludeKeyMaterial": "ALL_KEY_MATERIAL"}),
        )
        .unwrap();
        r["Rotations"][1]["KeyMaterialState"].clone()
    };
    assert_eq!(
        pending_state(&mut f),
        json!("PENDING_MULTI_REGION_IMPORT_AND_ROTATION")
    );
    let e = f.err("RotateKeyOnDemand", json!({"KeyId": id}));
    assert_eq!(e.code(), "KMSInvalidStateException", "{e}");
    let existing = json!({"ImportType": "EXISTING_KEY_MATERIAL"});
    import_as(&mut f, &eu(), &id, &[2; 32], existing).unwrap();
    assert_eq!(pending_state(&mut f), json!("PENDING_ROTATION"));
    f.ok("RotateKeyOnDemand", json!({"KeyId": id}));
    let new_blob = in_eu(
        &mut f,
        "Encrypt",
        json!({"KeyId": id, "Plaintext": b64(b"new")}),
    )
    .unwrap();
    let plain = f.ok(
        "Decrypt",
        json!({"CiphertextBlob": new_blob["CiphertextBlob"]}),
    );
    assert_eq!(plain["Plaintext"], json!(b64(b"new")));
    assert_eq!(
        in_eu(&mut f, "DescribeKey", json!({"KeyId": id})).unwrap()["KeyMetadata"]
            ["CurrentKeyMaterialId"],
        f.ok("DescribeKey", json!({"KeyId": id}))["KeyMetadata"]["CurrentKeyMaterialId"]
    );
}

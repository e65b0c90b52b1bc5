//! CloudTrail's `additionalEventData` key material ids: which material each successful
//! Encrypt, Decrypt, ReEncrypt and GenerateDataKey used (so a trail tells a ciphertext made
//! before a rotation from one made after), none on failures or for RSA keys, and kept across
//! a reload of the saved state.

use super::*;

fn last(f: &Fixture, name: &str) -> Value {
    let events = f.events(AuditFilter::default());
    events
        .into_iter()
        .rev()
        .find(|e| e["eventName"] == name)
        .unwrap()
}

fn current(f: &mut Fixture, id: &str) -> String {
    let r = f.ok("DescribeKey", json!({"KeyId": id}));
    r["KeyMetadata"]["CurrentKeyMaterialId"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn each_call_names_the_material_it_used() {
    let mut f = Fixture::new();
    let id = f.key();
    let first = current(&mut f, &id);
    let old = f.encrypt(&id, b"before");
    assert_eq!(
        last(&f, "Encrypt")["additionalEventData"],
        json!({"keyMaterialId": first})
    );
    f.ok("RotateKeyOnDemand", json!({"KeyId": id}));
    let second = current(&mut f, &id);
    assert_ne!(first, second);

    f.ok("Decrypt", json!({"CiphertextBlob": old}));
    let e = last(&f, "Decrypt");
    assert_eq!(e["additionalEventData"], json!({"keyMaterialId": first}));
    assert_eq!(e["responseElements"], Value::Null);

    f.ok("GenerateDataKey", json!({"KeyId": id, "NumberOfBytes": 32}));
    assert_eq!(
        last(&f, "GenerateDataKey")["additionalEventData"],
        json!({"keyMaterialId": second})
    );

    let other = f.key();
    let other_material = current(&mut f, &other);
    f.ok(
        "ReEncrypt",
        json!({"CiphertextBlob": old, "DestinationKeyId": other}),
    );
    assert_eq!(
        last(&f, "ReEncrypt")["additionalEventData"],
        json!({"sourceKeyMaterialId": first, "destinationKeyMaterialId": other_material})
    );
}

#[test]
fn failures_and_keys_without_material_ids_record_none() {
    let mut f = Fixture::new();
    let id = f.key();
    let blob = f.encrypt(&id, b"x");
    f.err(
        "Decrypt",
        json!({"CiphertextBlob": blob, "EncryptionContext": {"a": "b"}}),
    );
    assert_eq!(last(&f, "Decrypt").get("additionalEventData"), None);
    f.err(
        "Encrypt",
        json!({"KeyId": id, "Plaintext": b64(b"x"), "DryRun": true}),
    );
    assert_eq!(last(&f, "Encrypt").get("additionalEventData"), None);

    let rsa = f.ok(
        "CreateKey",
        json!({"KeySpec": "RSA_2048", "KeyUsage": "ENCRYPT_DECRYPT"}),
    )["KeyMetadata"]["KeyId"]
        .as_str()
        .unwrap()
        .to_string();
    f.ok(
        "Encrypt",
        json!({"KeyId": rsa, "Plaintext": b64(b"x"), "EncryptionAlgorithm": "RSAES_OAEP_SHA_256"}),
    );
    assert_eq!(last(&f, "Encrypt").get("additionalEventData"), None);
}

#[test]
fn the_ids_survive_saving_and_loading() {
    let mut f = Fixture::new();
    let id = f.key();
    let material = current(&mut f, &id);
    f.encrypt(&id, b"kept");
    let mut g = Fixture::new();
    g.engine = Engine::restore(
        Config::default(),
        Box::new(ManualClock::new(T0)),
        Box::new(SeededEntropy::new(9)),
        &f.engine.snapshot(),
    )
    .unwrap();
    assert_eq!(
        last(&g, "Encrypt")["additionalEventData"],
        json!({"keyMaterialId": material})
    );
}

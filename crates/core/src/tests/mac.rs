//! HMAC keys: CreateKey and DescribeKey for each spec, GenerateMac/VerifyMac against RFC 2104
//! HMAC of imported material, AWS's errors for wrong keys, algorithms and MACs, states,
//! rotation refusals, and the import rules of HMAC material.

use super::import::{import, no_expiry};
use super::*;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

const SPECS: [(&str, &str, usize); 4] = [
    ("HMAC_224", "HMAC_SHA_224", 28),
    ("HMAC_256", "HMAC_SHA_256", 32),
    ("HMAC_384", "HMAC_SHA_384", 48),
    ("HMAC_512", "HMAC_SHA_512", 64),
];

fn hmac_key(f: &mut Fixture, spec: &str, origin: &str) -> String {
    let r = f.ok(
        "CreateKey",
        json!({"KeySpec": spec, "KeyUsage": "GENERATE_VERIFY_MAC", "Origin": origin}),
    );
    r["KeyMetadata"]["KeyId"].as_str().unwrap().to_string()
}

fn mac(f: &mut Fixture, id: &str, alg: &str, message: &[u8]) -> Result<Value, KmsError> {
    f.call(
        "GenerateMac",
        json!({"KeyId": id, "MacAlgorithm": alg, "Message": b64(message)}),
    )
}

fn verify(
    f: &mut Fixture,
    id: &str,
    alg: &str,
    message: &[u8],
    tag: &str,
) -> Result<Value, KmsError> {
    f.call(
        "VerifyMac",
        json!({"KeyId": id, "MacAlgorithm": alg, "Message": b64(message), "Mac": tag}),
    )
}

#[test]
fn each_spec_describes_its_one_algorithm_and_makes_macs_of_its_length() {
    let mut f = Fixture::new();
    for (spec, alg, len) in SPECS {
        let id = hmac_key(&mut f, spec, "AWS_KMS");
        let m = f.ok("DescribeKey", json!({"KeyId": id}))["KeyMetadata"].clone();
        assert_eq!(m["KeySpec"], json!(spec));
        assert_eq!(m["CustomerMasterKeySpec"], json!(spec));
        assert_eq!(m["KeyUsage"], json!("GENERATE_VERIFY_MAC"));
        assert_eq!(m["MacAlgorithms"], json!([alg]));
        assert!(m.get("EncryptionAlgorithms").is_none(), "{m}");
        assert!(m.get("CurrentKeyMaterialId").is_none(), "{m}");
        let r = mac(&mut f, &id, alg, b"hello").unwrap();
        assert_eq!(r["KeyId"], json!(f.arn(&id)));
        assert_eq!(r["MacAlgorithm"], json!(alg));
        let tag = r["Mac"].as_str().unwrap().to_string();
        assert_eq!(unb64(&r["Mac"]).len(), len);
        let v = verify(&mut f, &id, alg, b"hello", &tag).unwrap();
        assert_eq!(
            v,
            json!({"KeyId": f.arn(&id), "MacValid": true, "MacAlgorithm": alg})
        );
        let e = verify(&mut f, &id, alg, b"hellO", &tag).unwrap_err();
        assert_err(&e, "KMSInvalidMacException", None);
    }
}

#[test]
fn imported_material_gives_rfc_2104_hmac() {
    let mut f = Fixture::new();
    let id = hmac_key(&mut f, "HMAC_256", "EXTERNAL");
    let material: Vec<u8> = (0u8..40).collect();
    import(&mut f, &id, &material, no_expiry()).unwrap();
    let message = b"what do ya want for nothing?";
    let got = unb64(&mac(&mut f, &id, "HMAC_SHA_256", message).unwrap()["Mac"]);
    let mut want = <Hmac<Sha256> as KeyInit>::new_from_slice(&material).unwrap();
    want.update(message);
    assert_eq!(got, want.finalize().into_bytes().to_vec());
    // The same material again is accepted; other material never.
    import(&mut f, &id, &material, no_expiry()).unwrap();
    let e = import(&mut f, &id, &[7; 40], no_expiry()).unwrap_err();
    assert_eq!(e.code(), "IncorrectKeyMaterialException", "{e}");
}

#[test]
fn imported_hmac_material_length_and_symmetric_only_members() {
    let mut f = Fixture::new();
    let id = hmac_key(&mut f, "HMAC_384", "EXTERNAL");
    for bad in [47usize, 129] {
        let e = import(&mut f, &id, &vec![1; bad], no_expiry()).unwrap_err();
        assert_err(
            &e,
            "IncorrectKeyMaterialException",
            Some(&format!("Key material for a HMAC_384 key must be 48 to 128 bytes; the imported material is {bad} bytes.")),
        );
    }
    let mut extra = no_expiry();
    extra["ImportType"] = json!("NEW_KEY_MATERIAL");
    let e = import(&mut f, &id, &[1; 48], extra).unwrap_err();
    assert_eq!(e.code(), "ValidationException", "{e}");
    let m = f.ok("DescribeKey", json!({"KeyId": id}))["KeyMetadata"].clone();
    assert_eq!(
        m["KeyState"],
        json!("PendingImport"),
        "refusals change nothing"
    );
    import(&mut f, &id, &[1; 128], no_expiry()).unwrap();
}

#[test]
fn wrong_keys_algorithms_and_usages_are_refused_as_aws_does() {
    let mut f = Fixture::new();
    let h = hmac_key(&mut f, "HMAC_256", "AWS_KMS");
    let s = f.key();
    let (harn, sarn) = (f.arn(&h), f.arn(&s));
    assert_err(
        &mac(&mut f, &h, "HMAC_SHA_512", b"m").unwrap_err(),
        "InvalidKeyUsageException",
        Some("Algorithm HMAC_SHA_512 is incompatible with key spec HMAC_256."),
    );
    assert_err(
        &mac(&mut f, &h, "INVALID", b"m").unwrap_err(),
        "ValidationException",
        Some("1 validation error detected: Value 'INVALID' at 'macAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [HMAC_SHA_224, HMAC_SHA_256, HMAC_SHA_384, HMAC_SHA_512]"),
    );
    assert_err(
        &mac(&mut f, &s, "HMAC_SHA_256", b"m").unwrap_err(),
        "InvalidKeyUsageException",
        Some(&format!(
            "{sarn} key usage is ENCRYPT_DECRYPT which is not valid for GenerateMac."
        )),
    );
    let e = f.err("Encrypt", json!({"KeyId": h, "Plaintext": b64(b"x")}));
    assert_err(
        &e,
        "InvalidKeyUsageException",
        Some(&format!(
            "{harn} key usage is GENERATE_VERIFY_MAC which is not valid for Encrypt."
        )),
    );
    let e = f.err("CreateKey", json!({"KeySpec": "HMAC_256"}));
    assert_err(
        &e,
        "ValidationException",
        Some("You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys."),
    );
    let e = f.err(
        "CreateKey",
        json!({"KeySpec": "HMAC_256", "KeyUsage": "ENCRYPT_DECRYPT"}),
    );
    assert_err(
        &e,
        "ValidationException",
        Some("KeyUsage ENCRYPT_DECRYPT is not compatible with KeySpec HMAC_256"),
    );
    let e = mac(&mut f, &h, "HMAC_SHA_256", b"").unwrap_err();
    assert_eq!(e.code(), "ValidationException");
    let e = f.err(
        "GenerateMac",
        json!({"KeyId": h, "MacAlgorithm": "HMAC_SHA_256", "Message": b64(b"m"), "DryRun": true}),
    );
    assert_eq!(e.code(), "DryRunOperationException");
}

#[test]
fn states_and_rotation() {
    let mut f = Fixture::new();
    let h = hmac_key(&mut f, "HMAC_224", "AWS_KMS");
    let arn = f.arn(&h);
    f.ok("DisableKey", json!({"KeyId": h}));
    assert_err(
        &mac(&mut f, &h, "HMAC_SHA_224", b"m").unwrap_err(),
        "DisabledException",
        Some(&format!("{arn} is disabled.")),
    );
    f.ok("EnableKey", json!({"KeyId": h}));
    let tag = mac(&mut f, &h, "HMAC_SHA_224", b"m").unwrap()["Mac"]
        .as_str()
        .unwrap()
        .to_string();
    for op in ["EnableKeyRotation", "DisableKeyRotation"] {
        let e = f.err(op, json!({"KeyId": h}));
        assert_err(
            &e,
            "UnsupportedOperationException",
            Some(&format!("{arn} does not support automatic key rotation.")),
        );
    }
    assert_err(
        &f.err("RotateKeyOnDemand", json!({"KeyId": h})),
        "UnsupportedOperationException",
        None,
    );
    let status = f.ok("GetKeyRotationStatus", json!({"KeyId": h}));
    assert_eq!(status["KeyRotationEnabled"], json!(false));
    f.ok("ScheduleKeyDeletion", json!({"KeyId": h}));
    let e = verify(&mut f, &h, "HMAC_SHA_224", b"m", &tag).unwrap_err();
    assert_err(
        &e,
        "KMSInvalidStateException",
        Some(&format!("{arn} is pending deletion.")),
    );
    let alarm = f.events(AuditFilter::default()).last().unwrap().clone();
    assert_eq!(alarm["eventName"], json!("VerifyMac"));
    assert_eq!(
        alarm["alarm"]["name"],
        json!("KeyPendingDeletionUse"),
        "{alarm}"
    );
    f.ok("CancelKeyDeletion", json!({"KeyId": h}));
    f.ok("EnableKey", json!({"KeyId": h}));
    verify(&mut f, &h, "HMAC_SHA_224", b"m", &tag).unwrap();
    // The audit trail never holds the message or the MAC.
    let log = serde_json::to_string(&f.events(AuditFilter::default())).unwrap();
    assert!(!log.contains(&tag) && !log.contains(&b64(b"m")), "{log}");
}

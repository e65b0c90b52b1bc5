//! Post-quantum keys in the engine: ML-DSA and ML-KEM CreateKey, DescribeKey and GetPublicKey
//! fields and sizes, Sign/Verify with RAW and EXTERNAL_MU (and AWS's refusals), Encapsulate
//! and Decapsulate with every error of the model, ML-KEM data key pairs, key states, DryRun,
//! rotation and import refusals, and the audit trail. Independent verifiers check the bytes
//! in pkg-tests/post-quantum.test.mjs.

use super::*;

const DSA: [(&str, usize, usize); 3] = [
    ("ML_DSA_44", 1334, 2420),
    ("ML_DSA_65", 1974, 3309),
    ("ML_DSA_87", 2614, 4627),
];
const KEM: [(&str, usize, usize); 3] = [
    ("ML_KEM_512", 822, 768),
    ("ML_KEM_768", 1206, 1088),
    ("ML_KEM_1024", 1590, 1568),
];

fn create(f: &mut Fixture, spec: &str) -> String {
    let usage = if spec.starts_with("ML_DSA") {
        "SIGN_VERIFY"
    } else {
        "ENCAPSULATE_DECAPSULATE"
    };
    let r = f.ok("CreateKey", json!({"KeySpec": spec, "KeyUsage": usage}));
    r["KeyMetadata"]["KeyId"].as_str().unwrap().to_string()
}

fn sign(f: &mut Fixture, id: &str, kind: &str, msg: &[u8]) -> Result<Value, KmsError> {
    f.call(
        "Sign",
        json!({"KeyId": id, "SigningAlgorithm": "ML_DSA_SHAKE_256", "MessageType": kind, "Message": b64(msg)}),
    )
}

fn encapsulate(f: &mut Fixture, id: &str) -> Result<Value, KmsError> {
    f.call(
        "Encapsulate",
        json!({"KeyId": id, "EncapsulationAlgorithm": "ML_KEM"}),
    )
}

fn decapsulate(f: &mut Fixture, id: &str, ct: &[u8]) -> Result<Value, KmsError> {
    f.call(
        "Decapsulate",
        json!({"KeyId": id, "EncapsulationAlgorithm": "ML_KEM", "SharedSecretCiphertextBlob": b64(ct)}),
    )
}

/// The algorithm lists a key shows: exactly the one its usage names.
fn lists(v: &Value) -> Vec<&str> {
    [
        "EncryptionAlgorithms",
        "SigningAlgorithms",
        "MacAlgorithms",
        "KeyAgreementAlgorithms",
        "EncapsulationAlgorithms",
    ]
    .into_iter()
    .filter(|k| v.get(*k).is_some())
    .collect()
}

#[test]
fn ml_dsa_keys_describe_sign_and_verify() {
    let mut f = Fixture::new();
    for (spec, spki_len, sig_len) in DSA {
        let id = create(&mut f, spec);
        let meta = &f.ok("DescribeKey", json!({"KeyId": id}))["KeyMetadata"];
        assert_eq!(meta["KeySpec"], json!(spec));
        assert_eq!(meta["KeyUsage"], json!("SIGN_VERIFY"));
        assert_eq!(meta["SigningAlgorithms"], json!(["ML_DSA_SHAKE_256"]));
        assert_eq!(lists(meta), ["SigningAlgorithms"]);
        assert!(meta.get("CurrentKeyMaterialId").is_none());
        let public = f.ok("GetPublicKey", json!({"KeyId": id}));
        assert_eq!(unb64(&public["PublicKey"]).len(), spki_len, "{spec}");
        assert_eq!(lists(&public), ["SigningAlgorithms"]);
        let msg = b"a message for the future";
        let raw = sign(&mut f, &id, "RAW", msg).unwrap();
        assert_eq!(raw["KeyId"], json!(f.arn(&id)));
        assert_eq!(raw["SigningAlgorithm"], json!("ML_DSA_SHAKE_256"));
        let signature = raw["Signature"].as_str().unwrap().to_string();
        assert_eq!(unb64(&raw["Signature"]).len(), sig_len, "{spec}");
        assert_eq!(
            sign(&mut f, &id, "RAW", msg).unwrap()["Signature"],
            json!(signature),
            "deterministic"
        );
        let ok = f.ok(
            "Verify",
            json!({"KeyId": id, "SigningAlgorithm": "ML_DSA_SHAKE_256", "Message": b64(msg), "Signature": signature}),
        );
        assert_eq!(ok["SignatureValid"], json!(true));
        let e = f.err(
            "Verify",
            json!({"KeyId": id, "SigningAlgorithm": "ML_DSA_SHAKE_256", "Message": b64(b"another"), "Signature": signature}),
        );
        assert_err(&e, "KMSInvalidSignatureException", None);
    }
}

#[test]
fn ml_dsa_message_types_follow_aws() {
    let mut f = Fixture::new();
    let id = create(&mut f, "ML_DSA_44");
    let e = sign(&mut f, &id, "DIGEST", &[0; 32]).unwrap_err();
    assert_err(
        &e,
        "ValidationException",
        Some("MessageType DIGEST is not valid with ML_DSA key specs. Use RAW or EXTERNAL_MU."),
    );
    let e = sign(&mut f, &id, "EXTERNAL_MU", &[0; 63]).unwrap_err();
    assert_err(
        &e,
        "ValidationException",
        Some("Message must be 64 bytes for MessageType EXTERNAL_MU."),
    );
    let mu = sign(&mut f, &id, "EXTERNAL_MU", &[7; 64]).unwrap();
    let ok = f.ok(
        "Verify",
        json!({"KeyId": id, "SigningAlgorithm": "ML_DSA_SHAKE_256", "MessageType": "EXTERNAL_MU", "Message": b64(&[7; 64]), "Signature": mu["Signature"]}),
    );
    assert_eq!(ok["SignatureValid"], json!(true));
    let e = f.err(
        "Sign",
        json!({"KeyId": id, "SigningAlgorithm": "ECDSA_SHA_256", "Message": "AA=="}),
    );
    assert_err(
        &e,
        "InvalidKeyUsageException",
        Some("Algorithm ECDSA_SHA_256 is incompatible with key spec ML_DSA_44."),
    );
    let ecc = f.ok(
        "CreateKey",
        json!({"KeySpec": "ECC_NIST_P256", "KeyUsage": "SIGN_VERIFY"}),
    )["KeyMetadata"]["KeyId"]
        .clone();
    let e = f.err(
        "Sign",
        json!({"KeyId": ecc, "SigningAlgorithm": "ML_DSA_SHAKE_256", "Message": "AA=="}),
    );
    assert_eq!(e.code(), "InvalidKeyUsageException");
    let too_long = vec![1u8; 4097];
    assert_eq!(
        sign(&mut f, &id, "RAW", &too_long).unwrap_err().code(),
        "ValidationException"
    );
}

#[test]
fn ml_kem_keys_encapsulate_and_decapsulate() {
    let mut f = Fixture::new();
    for (spec, spki_len, ct_len) in KEM {
        let id = create(&mut f, spec);
        let meta = &f.ok("DescribeKey", json!({"KeyId": id}))["KeyMetadata"];
        assert_eq!(meta["KeyUsage"], json!("ENCAPSULATE_DECAPSULATE"));
        assert_eq!(meta["EncapsulationAlgorithms"], json!(["ML_KEM"]));
        assert_eq!(lists(meta), ["EncapsulationAlgorithms"]);
        let public = f.ok("GetPublicKey", json!({"KeyId": id}));
        assert_eq!(unb64(&public["PublicKey"]).len(), spki_len, "{spec}");
        assert_eq!(public["EncapsulationAlgorithms"], json!(["ML_KEM"]));
        assert_eq!(lists(&public), ["EncapsulationAlgorithms"]);
        let out = encapsulate(&mut f, &id).unwrap();
        assert_eq!(out["KeyId"], json!(f.arn(&id)));
        assert_eq!(out["EncapsulationAlgorithm"], json!("ML_KEM"));
        let secret = unb64(&out["SharedSecret"]);
        let ct = unb64(&out["SharedSecretCiphertextBlob"]);
        assert_eq!((secret.len(), ct.len()), (32, ct_len), "{spec}");
        let back = decapsulate(&mut f, &id, &ct).unwrap();
        assert_eq!(unb64(&back["SharedSecret"]), secret, "{spec}");
        assert_eq!(back["KeyId"], json!(f.arn(&id)));
        let again = encapsulate(&mut f, &id).unwrap();
        assert_ne!(
            unb64(&again["SharedSecret"]),
            secret,
            "fresh randomness each call"
        );
        // Implicit rejection: a tampered ciphertext gives another secret, not an error.
        let mut tampered = ct.clone();
        tampered[5] ^= 0x80;
        let rejected = unb64(&decapsulate(&mut f, &id, &tampered).unwrap()["SharedSecret"]);
        assert_eq!(rejected.len(), 32);
        assert_ne!(rejected, secret);
        let e = decapsulate(&mut f, &id, &ct[..ct_len - 1]).unwrap_err();
        assert_err(
            &e,
            "InvalidCiphertextException",
            Some(&format!(
                "The encapsulated shared secret of a {spec} key is {ct_len} bytes; this one is {}.",
                ct_len - 1
            )),
        );
    }
}

#[test]
fn encapsulation_errors_follow_the_model() {
    let mut f = Fixture::new();
    let kem = create(&mut f, "ML_KEM_768");
    let dsa = create(&mut f, "ML_DSA_65");
    let sym = f.key();
    let e = encapsulate(&mut f, &dsa).unwrap_err();
    assert_err(
        &e,
        "InvalidKeyUsageException",
        Some(&format!(
            "{} key usage is SIGN_VERIFY which is not valid for Encapsulate.",
            f.arn(&dsa)
        )),
    );
    let e = decapsulate(&mut f, &sym, &[0; 1088]).unwrap_err();
    assert_err(
        &e,
        "InvalidKeyUsageException",
        Some(&format!(
            "{} key usage is ENCRYPT_DECRYPT which is not valid for Decapsulate.",
            f.arn(&sym)
        )),
    );
    let e = f.err(
        "Encapsulate",
        json!({"KeyId": kem, "EncapsulationAlgorithm": "KYBER"}),
    );
    assert!(e.message().unwrap().contains("at 'encapsulationAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [ML_KEM]"), "{e}");
    let e = f.err("Encapsulate", json!({"KeyId": kem}));
    assert_eq!(e.code(), "ValidationException");
    let e = decapsulate(&mut f, &kem, &[]).unwrap_err();
    assert_eq!(e.code(), "ValidationException");
    let e = decapsulate(&mut f, &kem, &[0; 6145]).unwrap_err();
    assert_eq!(e.code(), "ValidationException");
    let e = f.err(
        "Encapsulate",
        json!({"KeyId": kem, "EncapsulationAlgorithm": "ML_KEM", "DryRun": true}),
    );
    assert_eq!(e.code(), "DryRunOperationException");
    let ct = unb64(&encapsulate(&mut f, &kem).unwrap()["SharedSecretCiphertextBlob"]);
    let e = f.err(
        "Decapsulate",
        json!({"KeyId": kem, "EncapsulationAlgorithm": "ML_KEM", "SharedSecretCiphertextBlob": b64(&ct), "DryRun": true}),
    );
    assert_eq!(e.code(), "DryRunOperationException");
    f.ok("DisableKey", json!({"KeyId": kem}));
    assert_err(
        &encapsulate(&mut f, &kem).unwrap_err(),
        "DisabledException",
        Some(&format!("{} is disabled.", f.arn(&kem))),
    );
    f.ok("EnableKey", json!({"KeyId": kem}));
    f.ok(
        "ScheduleKeyDeletion",
        json!({"KeyId": kem, "PendingWindowInDays": 7}),
    );
    assert_eq!(
        decapsulate(&mut f, &kem, &ct).unwrap_err().code(),
        "KMSInvalidStateException"
    );
    assert_eq!(
        encapsulate(&mut f, "alias/none").unwrap_err().code(),
        "NotFoundException"
    );
}

#[test]
fn ml_kem_data_key_pairs_and_rotation_refusals() {
    let mut f = Fixture::new();
    let sym = f.key();
    for (spec, spki_len, _) in KEM {
        let r = f.ok(
            "GenerateDataKeyPair",
            json!({"KeyId": sym, "KeyPairSpec": spec}),
        );
        let private = unb64(&r["PrivateKeyPlaintext"]);
        assert_eq!(private.len(), 86, "{spec}: PKCS#8 seed form");
        let public = unb64(&r["PublicKey"]);
        assert_eq!(public.len(), spki_len);
        // The pair works: a peer encapsulates to the public key, the private key recovers it.
        let peer = kms_wasm_extras::keypairs::encapsulate_to(spec, &public, &[3; 32]).unwrap();
        let secret = kms_wasm_extras::keypairs::decapsulate(spec, &private, &peer[32..]).unwrap();
        assert_eq!(secret, peer[..32]);
        let sealed = f.ok(
            "Decrypt",
            json!({"CiphertextBlob": r["PrivateKeyCiphertextBlob"]}),
        );
        assert_eq!(unb64(&sealed["Plaintext"]), private);
    }
    let e = f.err(
        "GenerateDataKeyPair",
        json!({"KeyId": sym, "KeyPairSpec": "ML_DSA_44"}),
    );
    assert_eq!(
        e.code(),
        "ValidationException",
        "ML-DSA is not a DataKeyPairSpec"
    );
    for spec in ["ML_DSA_87", "ML_KEM_1024"] {
        let id = create(&mut f, spec);
        assert_eq!(
            f.err("EnableKeyRotation", json!({"KeyId": id})).code(),
            "UnsupportedOperationException"
        );
        assert_err(
            &f.err("RotateKeyOnDemand", json!({"KeyId": id})),
            "UnsupportedOperationException",
            None,
        );
        let e = f.err(
            "GetParametersForImport",
            json!({"KeyId": id, "WrappingAlgorithm": "RSA_AES_KEY_WRAP_SHA_256", "WrappingKeySpec": "RSA_2048"}),
        );
        assert_eq!(e.code(), "UnsupportedOperationException", "{spec}: {e}");
    }
}

#[test]
fn shared_secrets_and_signatures_stay_out_of_the_audit_log() {
    let mut f = Fixture::new();
    let kem = create(&mut f, "ML_KEM_512");
    let out = encapsulate(&mut f, &kem).unwrap();
    let secret = out["SharedSecret"].as_str().unwrap().to_string();
    decapsulate(&mut f, &kem, &unb64(&out["SharedSecretCiphertextBlob"])).unwrap();
    let log = serde_json::to_string(&f.events(AuditFilter::default())).unwrap();
    assert!(
        log.contains("\"Encapsulate\"") && log.contains("\"Decapsulate\""),
        "{log}"
    );
    assert!(!log.contains(&secret), "the shared secret is not logged");
}

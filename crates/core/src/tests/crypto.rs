//! Encrypt, Decrypt, ReEncrypt, GenerateDataKey(WithoutPlaintext), GenerateRandom.

use super::*;

#[test]
fn encryption_context_is_authenticated_in_any_order() {
    let mut f = Fixture::new();
    let id = f.key();
    let r = f.ok("Encrypt", json!({"KeyId": id, "Plaintext": b64(b"secret"), "EncryptionContext": {"a": "1", "b": "2"}}));
    assert_eq!(r["KeyId"], json!(f.arn(&id)));
    assert_eq!(r["EncryptionAlgorithm"], json!("SYMMETRIC_DEFAULT"));
    let blob = r["CiphertextBlob"].clone();
    let d = f.ok(
        "Decrypt",
        json!({"CiphertextBlob": blob, "EncryptionContext": {"b": "2", "a": "1"}}),
    );
    assert_eq!(unb64(&d["Plaintext"]), b"secret");
    assert_eq!(d["KeyId"], json!(f.arn(&id)));
    let current =
        f.ok("DescribeKey", json!({"KeyId": id}))["KeyMetadata"]["CurrentKeyMaterialId"].clone();
    assert_eq!(d["KeyMaterialId"], current);
    for ctx in [
        json!(null),
        json!({"a": "1"}),
        json!({"a": "1", "b": "3"}),
        json!({"a": "1", "b": "2", "c": "3"}),
    ] {
        let e = f.err(
            "Decrypt",
            json!({"CiphertextBlob": blob, "EncryptionContext": ctx}),
        );
        assert_err(&e, "InvalidCiphertextException", None);
    }
}

#[test]
fn tampered_blobs_and_wrong_keys_fail_as_aws_does() {
    let mut f = Fixture::new();
    let (a, b) = (f.key(), f.key());
    let blob = f.encrypt(&a, b"x");
    let mut bytes = unb64(&json!(blob));
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    assert_err(
        &f.err("Decrypt", json!({"CiphertextBlob": b64(&bytes)})),
        "InvalidCiphertextException",
        None,
    );
    bytes[last] ^= 1;
    bytes[3] ^= 1; // inside the key id: caught by the header check, not looked up
    assert_err(
        &f.err("Decrypt", json!({"CiphertextBlob": b64(&bytes)})),
        "InvalidCiphertextException",
        None,
    );
    assert_err(
        &f.err("Decrypt", json!({"CiphertextBlob": b64(b"garbage")})),
        "InvalidCiphertextException",
        None,
    );
    let e = f.err("Decrypt", json!({"CiphertextBlob": blob, "KeyId": b}));
    assert_err(
        &e,
        "IncorrectKeyException",
        Some("The key ID in the request does not identify a CMK that can perform this operation."),
    );
    f.ok("Decrypt", json!({"CiphertextBlob": blob, "KeyId": a}));
    let e = f.err("Encrypt", json!({"KeyId": a, "Plaintext": b64(&[0; 4097])}));
    assert_err(&e, "ValidationException", Some("1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096"));
    let e = f.err(
        "Encrypt",
        json!({"KeyId": a, "Plaintext": b64(b"x"), "EncryptionAlgorithm": "RSAES_OAEP_SHA_256"}),
    );
    assert_eq!(e.code(), "InvalidKeyUsageException");
    let e = f.err(
        "Encrypt",
        json!({"KeyId": a, "Plaintext": b64(b"x"), "DryRun": true}),
    );
    assert_err(
        &e,
        "DryRunOperationException",
        Some("The request would have succeeded, but the DryRun option is set."),
    );
}

#[test]
fn re_encrypt_moves_ciphertext_between_keys() {
    let mut f = Fixture::new();
    let (a, b) = (f.key(), f.key());
    let blob = f.ok(
        "Encrypt",
        json!({"KeyId": a, "Plaintext": b64(b"move me"), "EncryptionContext": {"k": "v"}}),
    )["CiphertextBlob"]
        .clone();
    let r = f.ok("ReEncrypt", json!({"CiphertextBlob": blob, "SourceEncryptionContext": {"k": "v"}, "DestinationKeyId": b}));
    assert_eq!(r["SourceKeyId"], json!(f.arn(&a)));
    assert_eq!(r["KeyId"], json!(f.arn(&b)));
    assert_eq!(r["SourceKeyMaterialId"].as_str().unwrap().len(), 64);
    let d = f.ok("Decrypt", json!({"CiphertextBlob": r["CiphertextBlob"]}));
    assert_eq!(unb64(&d["Plaintext"]), b"move me");
    assert_eq!(d["KeyId"], json!(f.arn(&b)));
    let e = f.err("ReEncrypt", json!({"CiphertextBlob": blob, "SourceEncryptionContext": {"k": "v"}, "SourceKeyId": b, "DestinationKeyId": b}));
    assert_eq!(e.code(), "IncorrectKeyException");
    let e = f.err(
        "ReEncrypt",
        json!({"CiphertextBlob": blob, "DestinationKeyId": b}),
    );
    assert_err(&e, "InvalidCiphertextException", None);
}

#[test]
fn data_keys_and_random() {
    let mut f = Fixture::new();
    let id = f.key();
    let r = f.ok(
        "GenerateDataKey",
        json!({"KeyId": id, "KeySpec": "AES_128", "EncryptionContext": {"p": "q"}}),
    );
    let pt = unb64(&r["Plaintext"]);
    assert_eq!(pt.len(), 16);
    let d = f.ok(
        "Decrypt",
        json!({"CiphertextBlob": r["CiphertextBlob"], "EncryptionContext": {"p": "q"}}),
    );
    assert_eq!(unb64(&d["Plaintext"]), pt);
    assert_eq!(d["KeyMaterialId"], r["KeyMaterialId"]);
    let r = f.ok(
        "GenerateDataKeyWithoutPlaintext",
        json!({"KeyId": id, "NumberOfBytes": 64}),
    );
    assert!(r.get("Plaintext").is_none());
    assert_eq!(
        unb64(&f.ok("Decrypt", json!({"CiphertextBlob": r["CiphertextBlob"]}))["Plaintext"]).len(),
        64
    );
    for input in [
        json!({"KeyId": id}),
        json!({"KeyId": id, "KeySpec": "AES_256", "NumberOfBytes": 32}),
    ] {
        assert_err(
            &f.err("GenerateDataKey", input),
            "ValidationException",
            Some("Please specify either number of bytes or key spec."),
        );
    }
    let e = f.err(
        "GenerateDataKey",
        json!({"KeyId": id, "KeySpec": "AES-256"}),
    );
    assert!(e
        .message()
        .unwrap()
        .contains("Value 'AES-256' at 'keySpec'"));
    assert_eq!(
        unb64(&f.ok("GenerateRandom", json!({"NumberOfBytes": 1024}))["Plaintext"]).len(),
        1024
    );
    assert_err(
        &f.err("GenerateRandom", json!({})),
        "ValidationException",
        Some("NumberOfBytes is required."),
    );
    assert_err(&f.err("GenerateRandom", json!({"NumberOfBytes": 0})), "ValidationException", Some("1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1"));
    assert_err(&f.err("GenerateRandom", json!({"NumberOfBytes": 1025})), "ValidationException", Some("1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024"));
}

#[test]
fn secrets_never_reach_the_audit_log() {
    let mut f = Fixture::new();
    let id = f.key();
    let secret = b"top secret plaintext 0123456789";
    let blob = f.encrypt(&id, secret);
    f.ok("Decrypt", json!({"CiphertextBlob": blob}));
    let dk = f.ok("GenerateDataKey", json!({"KeyId": id, "NumberOfBytes": 32}));
    let log = serde_json::to_string(&f.events(AuditFilter::default())).unwrap();
    assert!(!log.contains(&b64(secret)));
    assert!(!log.contains(&blob));
    assert!(!log.contains(dk["Plaintext"].as_str().unwrap()));
    let snap: Value = serde_json::from_str(&f.engine.snapshot()).unwrap();
    let material = snap["state"]["keys"][&id]["materials"][0]["secret"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(!log.contains(&material));
    let enc = f.events(AuditFilter {
        event_name: Some("Encrypt".into()),
        ..Default::default()
    });
    assert_eq!(enc[0]["requestParameters"], json!({"keyId": id}));
    assert_eq!(enc[0]["resources"][0]["ARN"], json!(f.arn(&id)));
    assert_eq!(enc[0]["readOnly"], json!(true));
}

#[test]
fn in_process_blobs_travel_as_attachments_and_decrypt_on_the_wire() {
    use crate::api::Blob;
    let mut f = Fixture::new();
    let k = f.key();
    let secret = b"attached plaintext".to_vec();
    let caller = Caller::default();
    let body = json!({"KeyId": k, "Plaintext": "#0"}).to_string();
    let (json_out, blobs) = f
        .engine
        .call_with_blobs("Encrypt", &body, vec![Blob(secret.clone())], &caller)
        .unwrap();
    let out: Value = serde_json::from_str(&json_out).unwrap();
    assert_eq!(out["CiphertextBlob"], json!("#0"));
    assert_eq!(blobs.len(), 1);
    // The same ciphertext through the wire (base64) decrypts to the attached plaintext.
    let dec = f.ok("Decrypt", json!({"CiphertextBlob": b64(&blobs[0].0)}));
    assert_eq!(dec["Plaintext"], json!(b64(&secret)));
    // And back through attachments.
    let body = json!({"CiphertextBlob": "#0"}).to_string();
    let (_, plain) = f
        .engine
        .call_with_blobs("Decrypt", &body, vec![Blob(blobs[0].0.clone())], &caller)
        .unwrap();
    assert_eq!(plain[0].0, secret);
    // On the wire a reference is what it always was: bad base64. A missing attachment too.
    let wire = f.err("Encrypt", json!({"KeyId": k, "Plaintext": "#0"}));
    assert_eq!(wire.code(), "SerializationException");
    let body = json!({"KeyId": k, "Plaintext": "#1"}).to_string();
    let missing = f
        .engine
        .call_with_blobs("Encrypt", &body, vec![], &caller)
        .unwrap_err();
    assert_eq!(
        (missing.code(), missing.message()),
        (wire.code(), wire.message())
    );
    // The audit trail keeps no attachment and no index for a blob member.
    for e in f.events(AuditFilter::default()) {
        let text = e.to_string();
        assert!(
            !text.contains("plaintext\"") && !text.contains("ciphertextBlob\""),
            "{text}"
        );
    }
}

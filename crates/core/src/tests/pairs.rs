//! Key pairs beyond signing: RSA Encrypt/Decrypt/ReEncrypt with their limits and errors,
//! GenerateDataKeyPair(WithoutPlaintext), DeriveSharedSecret, importing RSA/ECC/Ed25519 private
//! keys (wrapping rules, same-material rule, deletion), and key pairs in seed documents.

use super::import::{no_expiry, params, wrap};
use super::*;
use kms_wasm_extras::keypairs;

fn pair_key(f: &mut Fixture, spec: &str, usage: &str, origin: &str) -> String {
    let r = f.ok(
        "CreateKey",
        json!({"KeySpec": spec, "KeyUsage": usage, "Origin": origin}),
    );
    r["KeyMetadata"]["KeyId"].as_str().unwrap().to_string()
}

fn public_of(f: &mut Fixture, id: &str) -> Vec<u8> {
    unb64(&f.ok("GetPublicKey", json!({"KeyId": id}))["PublicKey"])
}

#[test]
fn rsa_encrypt_decrypt_and_re_encrypt() {
    let mut f = Fixture::new();
    let rsa = pair_key(&mut f, "RSA_2048", "ENCRYPT_DECRYPT", "AWS_KMS");
    let arn = f.arn(&rsa);
    for (alg, max) in [("RSAES_OAEP_SHA_1", 214), ("RSAES_OAEP_SHA_256", 190)] {
        let plaintext = vec![7u8; max];
        let r = f.ok(
            "Encrypt",
            json!({"KeyId": rsa, "Plaintext": b64(&plaintext), "EncryptionAlgorithm": alg}),
        );
        assert_eq!(r["EncryptionAlgorithm"], json!(alg));
        assert_eq!(
            unb64(&r["CiphertextBlob"]).len(),
            256,
            "raw RSA-OAEP output"
        );
        let d = f.ok("Decrypt", json!({"KeyId": rsa, "CiphertextBlob": r["CiphertextBlob"], "EncryptionAlgorithm": alg}));
        assert_eq!(unb64(&d["Plaintext"]), plaintext);
        assert_eq!(d["KeyId"], json!(arn));
        assert!(d.get("KeyMaterialId").is_none(), "{d}");
        let e = f.err("Encrypt", json!({"KeyId": rsa, "Plaintext": b64(&vec![7u8; max + 1]), "EncryptionAlgorithm": alg}));
        let text = format!(
            "Algorithm {alg} and key spec RSA_2048 cannot encrypt data larger than {max} bytes."
        );
        assert_err(&e, "ValidationException", Some(&text));
    }
    let e = f.err("Encrypt", json!({"KeyId": rsa, "Plaintext": "AA=="}));
    assert_err(
        &e,
        "InvalidKeyUsageException",
        Some("Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048."),
    );
    let e = f.err("Encrypt", json!({"KeyId": rsa, "Plaintext": "AA==", "EncryptionAlgorithm": "RSAES_OAEP_SHA_256", "EncryptionContext": {"a": "b"}}));
    assert_eq!(e.code(), "ValidationException");
    let r = f.ok(
        "Encrypt",
        json!({"KeyId": rsa, "Plaintext": "AAEC", "EncryptionAlgorithm": "RSAES_OAEP_SHA_256"}),
    );
    let blob = r["CiphertextBlob"].clone();
    // RSA ciphertext names no key: without KeyId it is not a ciphertext KMS can place.
    assert_err(
        &f.err("Decrypt", json!({"CiphertextBlob": blob})),
        "InvalidCiphertextException",
        None,
    );
    let e = f.err(
        "Decrypt",
        json!({"KeyId": rsa, "CiphertextBlob": blob, "EncryptionAlgorithm": "RSAES_OAEP_SHA_1"}),
    );
    assert_err(&e, "InvalidCiphertextException", None);
    // ReEncrypt from RSA to a symmetric key and back.
    let sym = f.key();
    let r = f.ok("ReEncrypt", json!({"CiphertextBlob": blob, "SourceKeyId": rsa, "SourceEncryptionAlgorithm": "RSAES_OAEP_SHA_256", "DestinationKeyId": sym}));
    assert_eq!(r["SourceEncryptionAlgorithm"], json!("RSAES_OAEP_SHA_256"));
    assert_eq!(
        r["DestinationEncryptionAlgorithm"],
        json!("SYMMETRIC_DEFAULT")
    );
    assert!(
        r.get("SourceKeyMaterialId").is_none() && r.get("DestinationKeyMaterialId").is_some(),
        "{r}"
    );
    let back = f.ok("ReEncrypt", json!({"CiphertextBlob": r["CiphertextBlob"], "DestinationKeyId": rsa, "DestinationEncryptionAlgorithm": "RSAES_OAEP_SHA_1"}));
    let d = f.ok("Decrypt", json!({"KeyId": rsa, "CiphertextBlob": back["CiphertextBlob"], "EncryptionAlgorithm": "RSAES_OAEP_SHA_1"}));
    assert_eq!(unb64(&d["Plaintext"]), vec![0, 1, 2]);
}

#[test]
fn data_key_pairs_are_sealed_under_a_symmetric_key() {
    let mut f = Fixture::new();
    let sym = f.key();
    for spec in [
        "ECC_NIST_P256",
        "ECC_NIST_P521",
        "ECC_SECG_P256K1",
        "ECC_NIST_EDWARDS25519",
        "RSA_2048",
    ] {
        let ctx = json!({"purpose": "test"});
        let r = f.ok(
            "GenerateDataKeyPair",
            json!({"KeyId": sym, "KeyPairSpec": spec, "EncryptionContext": ctx}),
        );
        assert_eq!(r["KeyPairSpec"], json!(spec));
        assert_eq!(r["KeyId"], json!(f.arn(&sym)));
        let private = unb64(&r["PrivateKeyPlaintext"]);
        assert_eq!(
            keypairs::public_key(spec, &private).unwrap(),
            unb64(&r["PublicKey"]),
            "{spec}: the halves match"
        );
        let d = f.ok(
            "Decrypt",
            json!({"CiphertextBlob": r["PrivateKeyCiphertextBlob"], "EncryptionContext": ctx}),
        );
        assert_eq!(unb64(&d["Plaintext"]), private);
        assert_eq!(d["KeyMaterialId"], r["KeyMaterialId"]);
        let e = f.err(
            "Decrypt",
            json!({"CiphertextBlob": r["PrivateKeyCiphertextBlob"]}),
        );
        assert_err(&e, "InvalidCiphertextException", None);
    }
    let r = f.ok(
        "GenerateDataKeyPairWithoutPlaintext",
        json!({"KeyId": sym, "KeyPairSpec": "ECC_NIST_P384"}),
    );
    assert!(r.get("PrivateKeyPlaintext").is_none(), "{r}");
    let signing = pair_key(&mut f, "ECC_NIST_P256", "SIGN_VERIFY", "AWS_KMS");
    let e = f.err(
        "GenerateDataKeyPair",
        json!({"KeyId": signing, "KeyPairSpec": "ECC_NIST_P256"}),
    );
    let text = format!(
        "{} key usage is SIGN_VERIFY which is not valid for GenerateDataKeyPair.",
        f.arn(&signing)
    );
    assert_err(&e, "InvalidKeyUsageException", Some(&text));
    let e = f.err(
        "GenerateDataKeyPair",
        json!({"KeyId": sym, "KeyPairSpec": "SM2"}),
    );
    assert_eq!(e.code(), "UnsupportedOperationException");
    let e = f.err(
        "GenerateDataKeyPair",
        json!({"KeyId": sym, "KeyPairSpec": "NOPE"}),
    );
    assert_eq!(e.code(), "ValidationException");
}

#[test]
fn ecdh_gives_both_sides_the_same_secret() {
    let mut f = Fixture::new();
    for (spec, len) in [
        ("ECC_NIST_P256", 32),
        ("ECC_NIST_P384", 48),
        ("ECC_NIST_P521", 66),
    ] {
        let a = pair_key(&mut f, spec, "KEY_AGREEMENT", "AWS_KMS");
        let b = pair_key(&mut f, spec, "KEY_AGREEMENT", "AWS_KMS");
        let (pa, pb) = (public_of(&mut f, &a), public_of(&mut f, &b));
        let ab = f.ok(
            "DeriveSharedSecret",
            json!({"KeyId": a, "KeyAgreementAlgorithm": "ECDH", "PublicKey": b64(&pb)}),
        );
        let ba = f.ok(
            "DeriveSharedSecret",
            json!({"KeyId": b, "KeyAgreementAlgorithm": "ECDH", "PublicKey": b64(&pa)}),
        );
        assert_eq!(ab["SharedSecret"], ba["SharedSecret"]);
        assert_eq!(unb64(&ab["SharedSecret"]).len(), len);
        assert_eq!(ab["KeyAgreementAlgorithm"], json!("ECDH"));
        assert_eq!(ab["KeyOrigin"], json!("AWS_KMS"));
        assert_eq!(ab["KeyId"], json!(f.arn(&a)));
    }
    let a = pair_key(&mut f, "ECC_NIST_P256", "KEY_AGREEMENT", "AWS_KMS");
    let other = pair_key(&mut f, "ECC_NIST_P384", "KEY_AGREEMENT", "AWS_KMS");
    let p384 = public_of(&mut f, &other);
    let e = f.err(
        "DeriveSharedSecret",
        json!({"KeyId": a, "KeyAgreementAlgorithm": "ECDH", "PublicKey": b64(&p384)}),
    );
    assert_err(&e, "ValidationException", Some(""));
    let e = f.err(
        "DeriveSharedSecret",
        json!({"KeyId": a, "KeyAgreementAlgorithm": "ECDH", "PublicKey": b64(b"garbage")}),
    );
    assert_err(&e, "ValidationException", Some(""));
    let signing = pair_key(&mut f, "ECC_NIST_P256", "SIGN_VERIFY", "AWS_KMS");
    let e = f.err(
        "DeriveSharedSecret",
        json!({"KeyId": signing, "KeyAgreementAlgorithm": "ECDH", "PublicKey": b64(&p384)}),
    );
    let text = format!(
        "{} key usage is SIGN_VERIFY which is not valid for DeriveSharedSecret.",
        f.arn(&signing)
    );
    assert_err(&e, "InvalidKeyUsageException", Some(&text));
}

/// Imports `pkcs8` into the EXTERNAL key `id` under `alg` with an RSA_3072 wrapping key.
fn import_pair(f: &mut Fixture, id: &str, alg: &str, pkcs8: &[u8]) -> Result<Value, KmsError> {
    let (p, public) = params(f, id, alg, "RSA_3072");
    let mut input = json!({"KeyId": id, "ImportToken": p["ImportToken"], "EncryptedKeyMaterial": wrap(&public, alg, pkcs8)});
    input["ExpirationModel"] = no_expiry()["ExpirationModel"].clone();
    f.call("ImportKeyMaterial", input)
}

#[test]
fn private_keys_import_under_aws_wrapping_rules() {
    let mut f = Fixture::new();
    for (spec, usage, alg) in [
        ("ECC_NIST_P256", "SIGN_VERIFY", "RSAES_OAEP_SHA_256"),
        ("ECC_SECG_P256K1", "SIGN_VERIFY", "RSA_AES_KEY_WRAP_SHA_256"),
        ("ECC_NIST_P521", "KEY_AGREEMENT", "RSA_AES_KEY_WRAP_SHA_1"),
        ("ECC_NIST_EDWARDS25519", "SIGN_VERIFY", "RSAES_OAEP_SHA_1"),
        ("RSA_2048", "SIGN_VERIFY", "RSA_AES_KEY_WRAP_SHA_256"),
        (
            "ML_KEM_768",
            "ENCAPSULATE_DECAPSULATE",
            "RSAES_OAEP_SHA_256",
        ),
        (
            "ML_KEM_1024",
            "ENCAPSULATE_DECAPSULATE",
            "RSA_AES_KEY_WRAP_SHA_1",
        ),
    ] {
        let id = pair_key(&mut f, spec, usage, "EXTERNAL");
        let pkcs8 = keypairs::generate(spec, &[9; 32]).unwrap();
        import_pair(&mut f, &id, alg, &pkcs8).unwrap();
        let m = f.ok("DescribeKey", json!({"KeyId": id}))["KeyMetadata"].clone();
        assert_eq!(
            (m["KeyState"].clone(), m["Origin"].clone()),
            (json!("Enabled"), json!("EXTERNAL")),
            "{spec}"
        );
        assert_eq!(
            public_of(&mut f, &id),
            keypairs::public_key(spec, &pkcs8).unwrap(),
            "{spec}"
        );
        // The same key again is fine; another key is not.
        import_pair(&mut f, &id, alg, &pkcs8).unwrap();
        let other = keypairs::generate(spec, &[8; 32]).unwrap();
        let e = import_pair(&mut f, &id, alg, &other).unwrap_err();
        assert_eq!(e.code(), "IncorrectKeyMaterialException", "{spec}");
        // Deleting the material leaves the key PendingImport; the same material restores it.
        f.ok("DeleteImportedKeyMaterial", json!({"KeyId": id}));
        let e = f.err("GetPublicKey", json!({"KeyId": id}));
        assert_eq!(e.code(), "KMSInvalidStateException");
        import_pair(&mut f, &id, alg, &pkcs8).unwrap();
    }
    let rsa = pair_key(&mut f, "RSA_2048", "SIGN_VERIFY", "EXTERNAL");
    let e = f.err("GetParametersForImport", json!({"KeyId": rsa, "WrappingAlgorithm": "RSAES_OAEP_SHA_256", "WrappingKeySpec": "RSA_2048"}));
    assert_eq!(e.code(), "ValidationException");
    let p521 = pair_key(&mut f, "ECC_NIST_P521", "SIGN_VERIFY", "EXTERNAL");
    let e = f.err("GetParametersForImport", json!({"KeyId": p521, "WrappingAlgorithm": "RSAES_OAEP_SHA_256", "WrappingKeySpec": "RSA_2048"}));
    assert_eq!(e.code(), "ValidationException");
    // A key of another spec is not this key's material.
    let p256 = pair_key(&mut f, "ECC_NIST_P256", "SIGN_VERIFY", "EXTERNAL");
    let p384 = keypairs::generate("ECC_NIST_P384", &[3; 32]).unwrap();
    let e = import_pair(&mut f, &p256, "RSA_AES_KEY_WRAP_SHA_256", &p384).unwrap_err();
    assert_eq!(e.code(), "IncorrectKeyMaterialException");
}

#[test]
fn key_pairs_travel_in_seed_documents() {
    let mut f = Fixture::new();
    let pkcs8 = keypairs::generate("ECC_NIST_P256", &[5; 32]).unwrap();
    let id = "0d4c6f7a-6b1e-4c55-9d2a-3f1e2d3c4b5a";
    let doc = json!({"Keys": [
        {"KeyId": id, "KeySpec": "ECC_NIST_P256", "KeyUsage": "SIGN_VERIFY", "KeyMaterial": [{"Material": b64(&pkcs8)}]},
        {"KeyId": "1d4c6f7a-6b1e-4c55-9d2a-3f1e2d3c4b5a", "KeySpec": "HMAC_384", "KeyUsage": "GENERATE_VERIFY_MAC"},
        {"KeyId": "2d4c6f7a-6b1e-4c55-9d2a-3f1e2d3c4b5a", "KeySpec": "ECC_NIST_EDWARDS25519", "KeyUsage": "SIGN_VERIFY"}
    ]});
    f.engine.apply_seed(&doc.to_string()).unwrap();
    assert_eq!(
        public_of(&mut f, id),
        keypairs::public_key("ECC_NIST_P256", &pkcs8).unwrap()
    );
    let exported = f.engine.export_seed();
    let mut g = Fixture::seeded(3);
    g.engine.apply_seed(&exported).unwrap();
    for k in [
        id,
        "1d4c6f7a-6b1e-4c55-9d2a-3f1e2d3c4b5a",
        "2d4c6f7a-6b1e-4c55-9d2a-3f1e2d3c4b5a",
    ] {
        let a = f.ok("DescribeKey", json!({"KeyId": k}))["KeyMetadata"].clone();
        let b = g.ok("DescribeKey", json!({"KeyId": k}))["KeyMetadata"].clone();
        assert_eq!(a, b, "the exported seed recreates the key");
    }
    let ed = "2d4c6f7a-6b1e-4c55-9d2a-3f1e2d3c4b5a";
    assert_eq!(
        public_of(&mut f, ed),
        public_of(&mut g, ed),
        "with its key pair"
    );
    for (entry, why) in [
        (json!({"KeyId": id, "KeySpec": "ECC_NIST_P256"}), "KeyUsage"),
        (
            json!({"KeyId": id, "KeySpec": "ECC_NIST_P256", "KeyUsage": "ENCRYPT_DECRYPT"}),
            "KeyUsage",
        ),
        (
            json!({"KeyId": id, "KeySpec": "ECC_NIST_P384", "KeyUsage": "SIGN_VERIFY", "KeyMaterial": [{"Material": b64(&pkcs8)}]}),
            "Material",
        ),
        (
            json!({"KeyId": id, "KeySpec": "HMAC_256", "KeyUsage": "GENERATE_VERIFY_MAC", "Rotation": {"Enabled": true}}),
            "Rotation",
        ),
        (
            json!({"KeyId": id, "KeySpec": "SM2", "KeyUsage": "SIGN_VERIFY"}),
            "KeySpec",
        ),
    ] {
        let e = Fixture::new()
            .engine
            .apply_seed(&json!({"Keys": [entry]}).to_string())
            .unwrap_err();
        assert!(e.to_string().contains(why), "{why}: {e}");
    }
}

#[test]
fn aliases_rotate_key_pairs_by_hand_and_imported_pairs_expire() {
    let mut f = Fixture::new();
    let old = pair_key(&mut f, "ECC_NIST_P256", "SIGN_VERIFY", "AWS_KMS");
    let new = pair_key(&mut f, "ECC_NIST_P256", "SIGN_VERIFY", "AWS_KMS");
    f.ok(
        "CreateAlias",
        json!({"AliasName": "alias/signer", "TargetKeyId": old}),
    );
    let sign = |f: &mut Fixture| {
        f.ok("Sign", json!({"KeyId": "alias/signer", "Message": "AA==", "SigningAlgorithm": "ECDSA_SHA_256"}))
    };
    assert_eq!(sign(&mut f)["KeyId"], json!(f.arn(&old)));
    // Manual rotation: the alias moves to the new key; the old key still verifies what it signed.
    let before = sign(&mut f)["Signature"].clone();
    f.ok(
        "UpdateAlias",
        json!({"AliasName": "alias/signer", "TargetKeyId": new}),
    );
    assert_eq!(sign(&mut f)["KeyId"], json!(f.arn(&new)));
    f.ok("Verify", json!({"KeyId": old, "Message": "AA==", "SigningAlgorithm": "ECDSA_SHA_256", "Signature": before}));
    // Not to a key of another spec or usage.
    let rsa = pair_key(&mut f, "RSA_2048", "SIGN_VERIFY", "AWS_KMS");
    let e = f.err(
        "UpdateAlias",
        json!({"AliasName": "alias/signer", "TargetKeyId": rsa}),
    );
    assert_eq!(e.code(), "ValidationException");

    let id = pair_key(&mut f, "ECC_NIST_P384", "SIGN_VERIFY", "EXTERNAL");
    let pkcs8 = keypairs::generate("ECC_NIST_P384", &[4; 32]).unwrap();
    let (p, public) = params(&mut f, &id, "RSA_AES_KEY_WRAP_SHA_256", "RSA_2048");
    let valid_to = (T0 + 2 * 86_400_000) / 1000;
    f.ok(
        "ImportKeyMaterial",
        json!({"KeyId": id, "ImportToken": p["ImportToken"], "EncryptedKeyMaterial": wrap(&public, "RSA_AES_KEY_WRAP_SHA_256", &pkcs8), "ExpirationModel": "KEY_MATERIAL_EXPIRES", "ValidTo": valid_to}),
    );
    let m = f.ok("DescribeKey", json!({"KeyId": id}))["KeyMetadata"].clone();
    assert_eq!(m["KeyState"], json!("Enabled"));
    assert_eq!(m["ExpirationModel"], json!("KEY_MATERIAL_EXPIRES"));
    f.clock.set(T0 + 3 * 86_400_000);
    let m = f.ok("DescribeKey", json!({"KeyId": id}))["KeyMetadata"].clone();
    assert_eq!(
        m["KeyState"],
        json!("PendingImport"),
        "expired material leaves the key PendingImport"
    );
    let e = f.err(
        "Sign",
        json!({"KeyId": id, "Message": "AA==", "SigningAlgorithm": "ECDSA_SHA_384"}),
    );
    assert_eq!(e.code(), "KMSInvalidStateException");
}

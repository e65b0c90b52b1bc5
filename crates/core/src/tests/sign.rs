//! Key pairs (RSA, ECC, Ed25519) for signing: CreateKey's pairs and refusals, DescribeKey's and
//! GetPublicKey's algorithm lists, Sign/Verify in RAW and DIGEST mode for every algorithm,
//! AWS's errors for wrong usages, algorithms, digests and signatures, states, DryRun, and the
//! refusal of rotation. The bytes themselves are checked against openssl and node:crypto in
//! pkg-tests/sign.test.mjs.

use super::*;
use sha2::{Digest, Sha256, Sha384, Sha512};

/// (spec, its signing algorithms, SubjectPublicKeyInfo length).
const SIGNING: [(&str, &[&str], usize); 6] = [
    (
        "RSA_2048",
        &[
            "RSASSA_PKCS1_V1_5_SHA_256",
            "RSASSA_PKCS1_V1_5_SHA_384",
            "RSASSA_PKCS1_V1_5_SHA_512",
            "RSASSA_PSS_SHA_256",
            "RSASSA_PSS_SHA_384",
            "RSASSA_PSS_SHA_512",
        ],
        294,
    ),
    ("ECC_NIST_P256", &["ECDSA_SHA_256"], 91),
    ("ECC_NIST_P384", &["ECDSA_SHA_384"], 120),
    ("ECC_NIST_P521", &["ECDSA_SHA_512"], 158),
    ("ECC_SECG_P256K1", &["ECDSA_SHA_256"], 88),
    (
        "ECC_NIST_EDWARDS25519",
        &["ED25519_SHA_512", "ED25519_PH_SHA_512"],
        44,
    ),
];

fn pair_key(f: &mut Fixture, spec: &str, usage: &str) -> String {
    let r = f.ok("CreateKey", json!({"KeySpec": spec, "KeyUsage": usage}));
    r["KeyMetadata"]["KeyId"].as_str().unwrap().to_string()
}

fn sign(f: &mut Fixture, id: &str, alg: &str, kind: &str, msg: &[u8]) -> Result<Value, KmsError> {
    f.call(
        "Sign",
        json!({"KeyId": id, "SigningAlgorithm": alg, "MessageType": kind, "Message": b64(msg)}),
    )
}

fn verify(
    f: &mut Fixture,
    id: &str,
    alg: &str,
    kind: &str,
    msg: &[u8],
    sig: &str,
) -> Result<Value, KmsError> {
    f.call(
        "Verify",
        json!({"KeyId": id, "SigningAlgorithm": alg, "MessageType": kind, "Message": b64(msg), "Signature": sig}),
    )
}

/// The digest a DIGEST-mode request of `alg` carries for `msg`.
fn digest_of(alg: &str, msg: &[u8]) -> Vec<u8> {
    match alg {
        a if a.ends_with("_384") => Sha384::digest(msg).to_vec(),
        a if a.ends_with("_512") => Sha512::digest(msg).to_vec(),
        _ => Sha256::digest(msg).to_vec(),
    }
}

#[test]
fn every_signing_spec_describes_its_algorithms_and_public_key() {
    let mut f = Fixture::new();
    for (spec, algs, spki_len) in SIGNING {
        let id = pair_key(&mut f, spec, "SIGN_VERIFY");
        let m = f.ok("DescribeKey", json!({"KeyId": id}))["KeyMetadata"].clone();
        assert_eq!(m["KeySpec"], json!(spec));
        assert_eq!(m["SigningAlgorithms"], json!(algs), "{spec}");
        for absent in [
            "EncryptionAlgorithms",
            "MacAlgorithms",
            "KeyAgreementAlgorithms",
            "CurrentKeyMaterialId",
        ] {
            assert!(m.get(absent).is_none(), "{spec}: {absent} in {m}");
        }
        let p = f.ok("GetPublicKey", json!({"KeyId": id}));
        assert_eq!(unb64(&p["PublicKey"]).len(), spki_len, "{spec}");
        assert_eq!(p["KeyId"], json!(f.arn(&id)));
        assert_eq!(p["KeySpec"], json!(spec));
        assert_eq!(p["CustomerMasterKeySpec"], json!(spec));
        assert_eq!(p["KeyUsage"], json!("SIGN_VERIFY"));
        assert_eq!(p["SigningAlgorithms"], json!(algs));
        assert!(p.get("EncryptionAlgorithms").is_none());
    }
    let id = pair_key(&mut f, "RSA_2048", "ENCRYPT_DECRYPT");
    let p = f.ok("GetPublicKey", json!({"KeyId": id}));
    assert_eq!(
        p["EncryptionAlgorithms"],
        json!(["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"])
    );
    assert!(p.get("SigningAlgorithms").is_none());
    let id = pair_key(&mut f, "ECC_NIST_P384", "KEY_AGREEMENT");
    let m = f.ok("DescribeKey", json!({"KeyId": id}))["KeyMetadata"].clone();
    assert_eq!(m["KeyAgreementAlgorithms"], json!(["ECDH"]));
    assert!(m.get("SigningAlgorithms").is_none());
}

#[test]
fn create_key_refuses_pairs_aws_refuses() {
    let mut f = Fixture::new();
    for (spec, usage) in [
        ("RSA_2048", "KEY_AGREEMENT"),
        ("ECC_SECG_P256K1", "KEY_AGREEMENT"),
        ("ECC_NIST_EDWARDS25519", "ENCRYPT_DECRYPT"),
        ("ECC_NIST_P256", "ENCRYPT_DECRYPT"),
        ("RSA_4096", "GENERATE_VERIFY_MAC"),
    ] {
        let e = f.err("CreateKey", json!({"KeySpec": spec, "KeyUsage": usage}));
        let text = format!("KeyUsage {usage} is not compatible with KeySpec {spec}");
        assert_err(&e, "ValidationException", Some(&text));
    }
    let e = f.err("CreateKey", json!({"KeySpec": "ECC_NIST_P256"}));
    assert_err(
        &e,
        "ValidationException",
        Some("You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys."),
    );
}

#[test]
fn every_algorithm_signs_and_verifies_raw_and_digest() {
    let mut f = Fixture::new();
    let msg = b"kms-wasm signs this";
    for (spec, algs, _) in SIGNING {
        let id = pair_key(&mut f, spec, "SIGN_VERIFY");
        for alg in algs {
            let digest = digest_of(alg, msg);
            let raw_ok = *alg != "ED25519_PH_SHA_512";
            let digest_ok = !alg.starts_with("ED25519_SHA");
            if raw_ok {
                let r = sign(&mut f, &id, alg, "RAW", msg).unwrap();
                assert_eq!(r["KeyId"], json!(f.arn(&id)));
                assert_eq!(r["SigningAlgorithm"], json!(alg));
                let sig = r["Signature"].as_str().unwrap().to_string();
                let v = verify(&mut f, &id, alg, "RAW", msg, &sig).unwrap();
                assert_eq!(
                    v,
                    json!({"KeyId": f.arn(&id), "SignatureValid": true, "SigningAlgorithm": alg})
                );
                if digest_ok {
                    // A message and its digest are the same message to Verify.
                    verify(&mut f, &id, alg, "DIGEST", &digest, &sig).unwrap();
                }
                let mut bad = unb64(&json!(sig));
                let last = bad.len() - 1;
                bad[last / 2] ^= 0x10;
                let e = verify(&mut f, &id, alg, "RAW", msg, &b64(&bad)).unwrap_err();
                assert_err(&e, "KMSInvalidSignatureException", None);
                let e = verify(&mut f, &id, alg, "RAW", b"another message", &sig).unwrap_err();
                assert_err(&e, "KMSInvalidSignatureException", None);
            }
            if digest_ok {
                let input = if *alg == "ED25519_PH_SHA_512" {
                    Sha512::digest(msg).to_vec()
                } else {
                    digest.clone()
                };
                let r = sign(&mut f, &id, alg, "DIGEST", &input).unwrap();
                let sig = r["Signature"].as_str().unwrap().to_string();
                verify(&mut f, &id, alg, "DIGEST", &input, &sig).unwrap();
                if raw_ok {
                    verify(&mut f, &id, alg, "RAW", msg, &sig).unwrap();
                }
                let e = sign(&mut f, &id, alg, "DIGEST", &input[1..]).unwrap_err();
                let text = format!("Digest is invalid length for algorithm {alg}.");
                assert_err(&e, "ValidationException", Some(&text));
            }
        }
    }
}

#[test]
fn wrong_keys_algorithms_and_message_types_get_aws_errors() {
    let mut f = Fixture::new();
    let p521 = pair_key(&mut f, "ECC_NIST_P521", "SIGN_VERIFY");
    let e = sign(&mut f, &p521, "ECDSA_SHA_256", "RAW", b"m").unwrap_err();
    assert_err(
        &e,
        "InvalidKeyUsageException",
        Some("Algorithm ECDSA_SHA_256 is incompatible with key spec ECC_NIST_P521."),
    );
    let rsa = pair_key(&mut f, "RSA_2048", "ENCRYPT_DECRYPT");
    let e = sign(&mut f, &rsa, "RSASSA_PSS_SHA_256", "RAW", b"m").unwrap_err();
    let text = format!(
        "{} key usage is ENCRYPT_DECRYPT which is not valid for Sign.",
        f.arn(&rsa)
    );
    assert_err(&e, "InvalidKeyUsageException", Some(&text));
    let sym = f.key();
    let e = verify(&mut f, &sym, "ECDSA_SHA_256", "RAW", b"m", &b64(b"sig")).unwrap_err();
    let text = format!(
        "{} key usage is ENCRYPT_DECRYPT which is not valid for Verify.",
        f.arn(&sym)
    );
    assert_err(&e, "InvalidKeyUsageException", Some(&text));
    let e = f.err("GetPublicKey", json!({"KeyId": sym}));
    assert_eq!(e.code(), "UnsupportedOperationException");
    let ed = pair_key(&mut f, "ECC_NIST_EDWARDS25519", "SIGN_VERIFY");
    let e = sign(&mut f, &ed, "ED25519_SHA_512", "DIGEST", &[0; 64]).unwrap_err();
    assert_eq!(e.code(), "ValidationException");
    let e = sign(&mut f, &ed, "ED25519_PH_SHA_512", "RAW", b"m").unwrap_err();
    assert_eq!(e.code(), "ValidationException");
    let e = sign(&mut f, &ed, "ED25519_SHA_512", "EXTERNAL_MU", &[0; 64]).unwrap_err();
    assert_eq!(e.code(), "ValidationException");
    let e = sign(&mut f, &ed, "NOPE", "RAW", b"m").unwrap_err();
    assert_eq!(e.code(), "ValidationException");
    // One key's signature does not verify under another key of the same spec.
    let a = pair_key(&mut f, "ECC_NIST_P256", "SIGN_VERIFY");
    let b = pair_key(&mut f, "ECC_NIST_P256", "SIGN_VERIFY");
    let sig = sign(&mut f, &a, "ECDSA_SHA_256", "RAW", b"m").unwrap()["Signature"]
        .as_str()
        .unwrap()
        .to_string();
    let e = verify(&mut f, &b, "ECDSA_SHA_256", "RAW", b"m", &sig).unwrap_err();
    assert_err(&e, "KMSInvalidSignatureException", None);
    let e = f.err(
        "Sign",
        json!({"KeyId": a, "SigningAlgorithm": "ECDSA_SHA_256", "Message": b64(b"m"), "DryRun": true}),
    );
    assert_eq!(e.code(), "DryRunOperationException");
}

#[test]
fn states_apply_to_key_pairs_and_rotation_is_refused() {
    let mut f = Fixture::new();
    let id = pair_key(&mut f, "ECC_NIST_P256", "SIGN_VERIFY");
    let arn = f.arn(&id);
    f.ok("DisableKey", json!({"KeyId": id}));
    let e = sign(&mut f, &id, "ECDSA_SHA_256", "RAW", b"m").unwrap_err();
    assert_err(
        &e,
        "DisabledException",
        Some(&format!("{arn} is disabled.")),
    );
    let e = f.err("GetPublicKey", json!({"KeyId": id}));
    assert_err(
        &e,
        "DisabledException",
        Some(&format!("{arn} is disabled.")),
    );
    f.ok("EnableKey", json!({"KeyId": id}));
    let e = f.err("RotateKeyOnDemand", json!({"KeyId": id}));
    assert_err(&e, "UnsupportedOperationException", None);
    let e = f.err("EnableKeyRotation", json!({"KeyId": id}));
    assert_eq!(e.code(), "UnsupportedOperationException");
    f.ok(
        "ScheduleKeyDeletion",
        json!({"KeyId": id, "PendingWindowInDays": 7}),
    );
    let e = sign(&mut f, &id, "ECDSA_SHA_256", "RAW", b"m").unwrap_err();
    assert_err(
        &e,
        "KMSInvalidStateException",
        Some(&format!("{arn} is pending deletion.")),
    );
    assert_eq!(
        f.engine.take_alarms().len(),
        1,
        "using a key pending deletion raises the alarm"
    );
    // Same seed, same keys and signatures: a seeded service stays reproducible.
    let (mut a, mut b) = (Fixture::seeded(7), Fixture::seeded(7));
    let ka = pair_key(&mut a, "ECC_NIST_P256", "SIGN_VERIFY");
    let kb = pair_key(&mut b, "ECC_NIST_P256", "SIGN_VERIFY");
    assert_eq!(
        a.ok("GetPublicKey", json!({"KeyId": ka}))["PublicKey"],
        b.ok("GetPublicKey", json!({"KeyId": kb}))["PublicKey"]
    );
    assert_eq!(
        sign(&mut a, &ka, "ECDSA_SHA_256", "RAW", b"m").unwrap()["Signature"],
        sign(&mut b, &kb, "ECDSA_SHA_256", "RAW", b"m").unwrap()["Signature"]
    );
}

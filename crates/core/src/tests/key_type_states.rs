//! The key-state table of "Key states of AWS KMS keys"
//! (https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html) for every key type:
//! each type's own operations and the management operations, on a key Enabled, Disabled,
//! PendingDeletion and PendingImport (an EXTERNAL key without material; ML-DSA keys have no
//! such state). Each cell runs on a
//! fresh copy of one prepared engine, so no cell sees another's changes.

use super::*;

/// A request from the key's id and a blob made with an Enabled key of the same type.
type Input = fn(&str, &str) -> Value;

/// (key spec, usage, what Enabled made, the type's own operations).
type KeyType = (&'static str, &'static str, Vec<(&'static str, Input)>);

fn key_types() -> Vec<KeyType> {
    vec![
        (
            "SYMMETRIC_DEFAULT",
            "ENCRYPT_DECRYPT",
            vec![
                ("Encrypt", |k, _| json!({"KeyId": k, "Plaintext": "AA=="})),
                ("Decrypt", |k, b| json!({"KeyId": k, "CiphertextBlob": b})),
                (
                    "GenerateDataKey",
                    |k, _| json!({"KeyId": k, "NumberOfBytes": 8}),
                ),
                (
                    "GenerateDataKeyPair",
                    |k, _| json!({"KeyId": k, "KeyPairSpec": "ECC_NIST_P256"}),
                ),
            ],
        ),
        (
            "HMAC_256",
            "GENERATE_VERIFY_MAC",
            vec![
                (
                    "GenerateMac",
                    |k, _| json!({"KeyId": k, "Message": "AA==", "MacAlgorithm": "HMAC_SHA_256"}),
                ),
                (
                    "VerifyMac",
                    |k, b| json!({"KeyId": k, "Message": "AA==", "MacAlgorithm": "HMAC_SHA_256", "Mac": b}),
                ),
            ],
        ),
        (
            "RSA_2048",
            "ENCRYPT_DECRYPT",
            vec![
                (
                    "Encrypt",
                    |k, _| json!({"KeyId": k, "Plaintext": "AA==", "EncryptionAlgorithm": "RSAES_OAEP_SHA_256"}),
                ),
                (
                    "Decrypt",
                    |k, b| json!({"KeyId": k, "CiphertextBlob": b, "EncryptionAlgorithm": "RSAES_OAEP_SHA_256"}),
                ),
                ("GetPublicKey", |k, _| json!({"KeyId": k})),
            ],
        ),
        (
            "ECC_NIST_P256",
            "SIGN_VERIFY",
            vec![
                (
                    "Sign",
                    |k, _| json!({"KeyId": k, "Message": "AA==", "SigningAlgorithm": "ECDSA_SHA_256"}),
                ),
                (
                    "Verify",
                    |k, b| json!({"KeyId": k, "Message": "AA==", "SigningAlgorithm": "ECDSA_SHA_256", "Signature": b}),
                ),
                ("GetPublicKey", |k, _| json!({"KeyId": k})),
            ],
        ),
        (
            "ECC_NIST_EDWARDS25519",
            "SIGN_VERIFY",
            vec![
                (
                    "Sign",
                    |k, _| json!({"KeyId": k, "Message": "AA==", "SigningAlgorithm": "ED25519_SHA_512"}),
                ),
                (
                    "Verify",
                    |k, b| json!({"KeyId": k, "Message": "AA==", "SigningAlgorithm": "ED25519_SHA_512", "Signature": b}),
                ),
            ],
        ),
        (
            "ECC_NIST_P384",
            "KEY_AGREEMENT",
            vec![
                (
                    "DeriveSharedSecret",
                    |k, b| json!({"KeyId": k, "KeyAgreementAlgorithm": "ECDH", "PublicKey": b}),
                ),
                ("GetPublicKey", |k, _| json!({"KeyId": k})),
            ],
        ),
        (
            "ML_DSA_44",
            "SIGN_VERIFY",
            vec![
                (
                    "Sign",
                    |k, _| json!({"KeyId": k, "Message": "AA==", "SigningAlgorithm": "ML_DSA_SHAKE_256"}),
                ),
                (
                    "Verify",
                    |k, b| json!({"KeyId": k, "Message": "AA==", "SigningAlgorithm": "ML_DSA_SHAKE_256", "Signature": b}),
                ),
                ("GetPublicKey", |k, _| json!({"KeyId": k})),
            ],
        ),
        (
            "ML_KEM_512",
            "ENCAPSULATE_DECAPSULATE",
            vec![
                (
                    "Encapsulate",
                    |k, _| json!({"KeyId": k, "EncapsulationAlgorithm": "ML_KEM"}),
                ),
                (
                    "Decapsulate",
                    |k, b| json!({"KeyId": k, "EncapsulationAlgorithm": "ML_KEM", "SharedSecretCiphertextBlob": b}),
                ),
                ("GetPublicKey", |k, _| json!({"KeyId": k})),
            ],
        ),
    ]
}

/// Operations every key type has, with the answers by state.
fn management() -> Vec<(&'static str, Input, [&'static str; 4])> {
    vec![
        (
            "DescribeKey",
            |k, _| json!({"KeyId": k}),
            ["ok", "ok", "ok", "ok"],
        ),
        (
            "EnableKey",
            |k, _| json!({"KeyId": k}),
            ["ok", "ok", "PD", "PI"],
        ),
        (
            "DisableKey",
            |k, _| json!({"KeyId": k}),
            ["ok", "ok", "PD", "PI"],
        ),
        (
            "TagResource",
            |k, _| json!({"KeyId": k, "Tags": [{"TagKey": "a", "TagValue": "b"}]}),
            ["ok", "ok", "PD", "ok"],
        ),
        (
            "CreateAlias",
            |k, _| json!({"AliasName": format!("alias/{}", &k[..8]), "TargetKeyId": k}),
            ["ok", "ok", "PD", "ok"],
        ),
        (
            "ScheduleKeyDeletion",
            |k, _| json!({"KeyId": k}),
            ["ok", "ok", "PD", "ok"],
        ),
        (
            "CancelKeyDeletion",
            |k, _| json!({"KeyId": k}),
            ["NPD", "NPD", "ok", "NPD"],
        ),
    ]
}

/// The blob an Enabled key of the type makes for the type's second operation.
fn made_blob(f: &mut Fixture, spec: &str, k: &str) -> String {
    let (op, input, member) = match spec {
        "SYMMETRIC_DEFAULT" => (
            "Encrypt",
            json!({"KeyId": k, "Plaintext": "AA=="}),
            "CiphertextBlob",
        ),
        "HMAC_256" => (
            "GenerateMac",
            json!({"KeyId": k, "Message": "AA==", "MacAlgorithm": "HMAC_SHA_256"}),
            "Mac",
        ),
        "RSA_2048" => (
            "Encrypt",
            json!({"KeyId": k, "Plaintext": "AA==", "EncryptionAlgorithm": "RSAES_OAEP_SHA_256"}),
            "CiphertextBlob",
        ),
        "ECC_NIST_P256" => (
            "Sign",
            json!({"KeyId": k, "Message": "AA==", "SigningAlgorithm": "ECDSA_SHA_256"}),
            "Signature",
        ),
        "ECC_NIST_EDWARDS25519" => (
            "Sign",
            json!({"KeyId": k, "Message": "AA==", "SigningAlgorithm": "ED25519_SHA_512"}),
            "Signature",
        ),
        "ML_DSA_44" => (
            "Sign",
            json!({"KeyId": k, "Message": "AA==", "SigningAlgorithm": "ML_DSA_SHAKE_256"}),
            "Signature",
        ),
        "ML_KEM_512" => (
            "Encapsulate",
            json!({"KeyId": k, "EncapsulationAlgorithm": "ML_KEM"}),
            "SharedSecretCiphertextBlob",
        ),
        _ => ("GetPublicKey", json!({"KeyId": k}), "PublicKey"),
    };
    f.ok(op, input)[member].as_str().unwrap().to_string()
}

fn create(f: &mut Fixture, spec: &str, usage: &str, origin: &str) -> String {
    let r = f.ok(
        "CreateKey",
        json!({"KeySpec": spec, "KeyUsage": usage, "Origin": origin}),
    );
    r["KeyMetadata"]["KeyId"].as_str().unwrap().to_string()
}

#[test]
fn every_key_type_follows_the_key_state_table() {
    for (spec, usage, own) in key_types() {
        let mut f = Fixture::new();
        // One key per state, all made from an Enabled key's blobs.
        let keys: Vec<String> = (0..3)
            .map(|_| create(&mut f, spec, usage, "AWS_KMS"))
            .collect();
        let blobs: Vec<String> = keys.iter().map(|k| made_blob(&mut f, spec, k)).collect();
        f.ok("DisableKey", json!({"KeyId": keys[1]}));
        f.ok("ScheduleKeyDeletion", json!({"KeyId": keys[2]}));
        // ML-DSA keys take no imported material, so they are never PendingImport.
        let importable = !spec.starts_with("ML_DSA");
        let pending_import = if importable {
            create(&mut f, spec, usage, "EXTERNAL")
        } else {
            keys[0].clone()
        };
        let prepared = f.engine.snapshot();
        let cells = [
            (keys[0].as_str(), blobs[0].as_str()),
            (keys[1].as_str(), blobs[1].as_str()),
            (keys[2].as_str(), blobs[2].as_str()),
            (pending_import.as_str(), blobs[0].as_str()),
        ];
        // A symmetric blob names its key, so another key's blob is refused before the state.
        let uses = own.iter().map(|(op, input)| match (spec, *op) {
            ("SYMMETRIC_DEFAULT", "Decrypt") => (*op, *input, ["ok", "DIS", "PD", "IK"]),
            _ => (*op, *input, ["ok", "DIS", "PD", "PI"]),
        });
        for (op, input, expect) in management().into_iter().chain(uses) {
            for (i, state) in ["Enabled", "Disabled", "PendingDeletion", "PendingImport"]
                .iter()
                .enumerate()
                .take(if importable { 4 } else { 3 })
            {
                let mut g = Fixture::new();
                g.engine = Engine::restore(
                    Config::default(),
                    Box::new(g.clock.clone()),
                    Box::new(SeededEntropy::new(2)),
                    &prepared,
                )
                .unwrap();
                let (k, b) = cells[i];
                let arn = g.arn(k);
                let got = g.call(op, input(k, b));
                let want = match expect[i] {
                    "ok" => {
                        assert!(got.is_ok(), "{spec}: {op} on {state}: {got:?}");
                        continue;
                    }
                    "DIS" => KmsError::Disabled(format!("{arn} is disabled.")),
                    "PD" => KmsError::InvalidState(format!("{arn} is pending deletion.")),
                    "PI" => KmsError::InvalidState(format!("{arn} is pending import.")),
                    "NPD" => KmsError::InvalidState(format!("{arn} is not pending deletion.")),
                    "IK" => KmsError::IncorrectKey(
                        "The key ID in the request does not identify a CMK that can perform this operation.".into(),
                    ),
                    other => unreachable!("{other}"),
                };
                assert_eq!(got.unwrap_err(), want, "{spec}: {op} on {state}");
            }
        }
    }
}

//! Importing key material: parameters, tokens, unwrapping, expiry over virtual time,
//! deletion and re-import, and on-demand rotation to newly imported material.

use super::*;
use crate::env::Entropy;
use kms_wasm_extras::rsa_wrap::{self, Algorithm};
use sha2::{Digest, Sha256};

const D: i64 = 86_400_000;

fn external(f: &mut Fixture) -> String {
    let r = f.ok("CreateKey", json!({"Origin": "EXTERNAL"}));
    r["KeyMetadata"]["KeyId"].as_str().unwrap().to_string()
}

/// Fetches parameters and wraps `material` the way openssl would, with the returned key.
pub(super) fn params(f: &mut Fixture, id: &str, alg: &str, spec: &str) -> (Value, Vec<u8>) {
    let p = f.ok(
        "GetParametersForImport",
        json!({"KeyId": id, "WrappingAlgorithm": alg, "WrappingKeySpec": spec}),
    );
    let public = unb64(&p["PublicKey"]);
    (p, public)
}

pub(super) fn wrap(public: &[u8], alg: &str, material: &[u8]) -> String {
    let mut e = SeededEntropy::new(99);
    b64(&rsa_wrap::wrap(
        public,
        Algorithm::from_aws(alg).unwrap(),
        material,
        &mut |b| e.fill(b),
    )
    .unwrap())
}

pub(super) fn import(
    f: &mut Fixture,
    id: &str,
    material: &[u8],
    extra: Value,
) -> Result<Value, KmsError> {
    let (p, public) = params(f, id, "RSAES_OAEP_SHA_256", "RSA_2048");
    let mut input = json!({"KeyId": id, "ImportToken": p["ImportToken"], "EncryptedKeyMaterial": wrap(&public, "RSAES_OAEP_SHA_256", material)});
    for (k, v) in extra.as_object().unwrap() {
        input[k] = v.clone();
    }
    f.call("ImportKeyMaterial", input)
}

fn describe(f: &mut Fixture, id: &str) -> Value {
    f.ok("DescribeKey", json!({"KeyId": id}))["KeyMetadata"].clone()
}

pub(super) fn no_expiry() -> Value {
    json!({"ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE"})
}

#[test]
fn import_flow_from_pending_import_to_enabled() {
    let mut f = Fixture::new();
    let id = external(&mut f);
    let m = describe(&mut f, &id);
    assert_eq!(
        (
            m["KeyState"].clone(),
            m["Enabled"].clone(),
            m["Origin"].clone()
        ),
        (json!("PendingImport"), json!(false), json!("EXTERNAL"))
    );
    assert!(m.get("CurrentKeyMaterialId").is_none() && m.get("ExpirationModel").is_none());
    let arn = f.arn(&id);
    assert_err(
        &f.err("Encrypt", json!({"KeyId": id, "Plaintext": "AA=="})),
        "KMSInvalidStateException",
        Some(&format!("{arn} is pending import.")),
    );
    let (p, public) = params(&mut f, &id, "RSAES_OAEP_SHA_256", "RSA_2048");
    assert_eq!(p["KeyId"], json!(arn));
    assert_eq!(p["ParametersValidTo"], json!((T0 + D) / 1000));
    assert_eq!(public.len(), 294);
    let material = [42u8; 32];
    let r = f.ok("ImportKeyMaterial", json!({"KeyId": id, "ImportToken": p["ImportToken"],
        "EncryptedKeyMaterial": wrap(&public, "RSAES_OAEP_SHA_256", &material), "ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE"}));
    let expected_id = crate::engine::hex(&Sha256::digest([id.as_bytes(), &material].concat()));
    assert_eq!(r, json!({"KeyId": arn, "KeyMaterialId": expected_id}));
    let m = describe(&mut f, &id);
    assert_eq!(
        (m["KeyState"].clone(), m["ExpirationModel"].clone()),
        (json!("Enabled"), json!("KEY_MATERIAL_DOES_NOT_EXPIRE"))
    );
    assert_eq!(m["CurrentKeyMaterialId"], json!(expected_id));
    let blob = f.encrypt(&id, b"imported");
    assert_eq!(
        unb64(&f.ok("Decrypt", json!({"CiphertextBlob": blob}))["Plaintext"]),
        b"imported"
    );
    // Every accepted algorithm and size works.
    for alg in ["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"] {
        for spec in ["RSA_2048", "RSA_3072"] {
            let (p, public) = params(&mut f, &id, alg, spec);
            f.ok("ImportKeyMaterial", json!({"KeyId": id, "ImportToken": p["ImportToken"],
                "EncryptedKeyMaterial": wrap(&public, alg, &material), "ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE"}));
        }
    }
}

#[test]
fn refused_algorithms_and_keys() {
    let mut f = Fixture::new();
    let id = external(&mut f);
    let e = f.err("GetParametersForImport", json!({"KeyId": id, "WrappingAlgorithm": "RSA_AES_KEY_WRAP_SHA_256", "WrappingKeySpec": "RSA_3072"}));
    assert_err(&e, "ValidationException", Some("Wrapping algorithm RSA_AES_KEY_WRAP_SHA_256 and wrapping key spec RSA_3072 cannot be used to import a SYMMETRIC_DEFAULT key."));
    let e = f.err("GetParametersForImport", json!({"KeyId": id, "WrappingAlgorithm": "RSAES_PKCS1_V1_5", "WrappingKeySpec": "RSA_2048"}));
    assert_eq!(e.code(), "ValidationException");
    let kms_key = f.key();
    let e = f.err("GetParametersForImport", json!({"KeyId": kms_key, "WrappingAlgorithm": "RSAES_OAEP_SHA_256", "WrappingKeySpec": "RSA_2048"}));
    assert_err(
        &e,
        "UnsupportedOperationException",
        Some(&format!(
            "{} origin is AWS_KMS which is not valid for this operation.",
            f.arn(&kms_key)
        )),
    );
    let e = f.err("DeleteImportedKeyMaterial", json!({"KeyId": kms_key}));
    assert_eq!(e.code(), "UnsupportedOperationException");
    let ext = format!(
        "{} origin is EXTERNAL which is not valid for this operation.",
        f.arn(&id)
    );
    for op in [
        "EnableKeyRotation",
        "DisableKeyRotation",
        "GetKeyRotationStatus",
    ] {
        assert_err(
            &f.err(op, json!({"KeyId": id})),
            "UnsupportedOperationException",
            Some(&ext),
        );
    }
    assert_eq!(describe(&mut f, &id)["KeyState"], json!("PendingImport"));
}

#[test]
fn tokens_expire_and_belong_to_their_key() {
    let mut f = Fixture::new();
    let (a, b) = (external(&mut f), external(&mut f));
    let (p, public) = params(&mut f, &a, "RSAES_OAEP_SHA_256", "RSA_2048");
    let wrapped = wrap(&public, "RSAES_OAEP_SHA_256", &[1; 32]);
    let e = f.err("ImportKeyMaterial", json!({"KeyId": b, "ImportToken": p["ImportToken"], "EncryptedKeyMaterial": wrapped, "ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE"}));
    assert_eq!(e.code(), "InvalidImportTokenException");
    let e = f.err("ImportKeyMaterial", json!({"KeyId": a, "ImportToken": b64(b"not a token"), "EncryptedKeyMaterial": wrapped, "ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE"}));
    assert_eq!(e.code(), "InvalidImportTokenException");
    // Material wrapped for another wrapping key does not unwrap with this token.
    let (_, other_public) = params(&mut f, &a, "RSAES_OAEP_SHA_256", "RSA_2048");
    let e = f.err("ImportKeyMaterial", json!({"KeyId": a, "ImportToken": p["ImportToken"], "EncryptedKeyMaterial": wrap(&other_public, "RSAES_OAEP_SHA_256", &[1; 32]), "ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE"}));
    assert_eq!(e.code(), "InvalidCiphertextException");
    f.engine.advance_clock(24.0 * 3600.0).unwrap();
    let e = f.err("ImportKeyMaterial", json!({"KeyId": a, "ImportToken": p["ImportToken"], "EncryptedKeyMaterial": wrapped, "ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE"}));
    assert_eq!(e.code(), "ExpiredImportTokenException");
    assert_eq!(describe(&mut f, &a)["KeyState"], json!("PendingImport"));
}

#[test]
fn material_checks() {
    let mut f = Fixture::new();
    let id = external(&mut f);
    assert_eq!(
        import(&mut f, &id, &[1; 16], no_expiry())
            .unwrap_err()
            .code(),
        "IncorrectKeyMaterialException"
    );
    let e = import(&mut f, &id, &[1; 32], json!({})).unwrap_err();
    assert_err(
        &e,
        "ValidationException",
        Some("A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES"),
    );
    assert_eq!(
        import(&mut f, &id, &[1; 32], json!({"ValidTo": T0 / 1000}))
            .unwrap_err()
            .code(),
        "ValidationException"
    );
    assert_eq!(
        import(
            &mut f,
            &id,
            &[1; 32],
            json!({"ValidTo": (T0 + 366 * D) / 1000})
        )
        .unwrap_err()
        .code(),
        "ValidationException"
    );
    let e = import(
        &mut f,
        &id,
        &[1; 32],
        json!({"ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE", "ValidTo": (T0 + D) / 1000}),
    )
    .unwrap_err();
    assert_eq!(e.code(), "ValidationException");
    assert_eq!(
        describe(&mut f, &id)["KeyState"],
        json!("PendingImport"),
        "failed imports change nothing"
    );
    import(&mut f, &id, &[1; 32], no_expiry()).unwrap();
    let e = import(&mut f, &id, &[2; 32], no_expiry()).unwrap_err();
    assert_eq!(e.code(), "IncorrectKeyMaterialException");
    import(&mut f, &id, &[1; 32], no_expiry()).unwrap();
}

#[test]
fn expiry_deletion_and_reimport_of_the_same_material() {
    let mut f = Fixture::new();
    let id = external(&mut f);
    let arn = f.arn(&id);
    let material = [9u8; 32];
    import(
        &mut f,
        &id,
        &material,
        json!({"ValidTo": (T0 + 10 * D) / 1000}),
    )
    .unwrap();
    let m = describe(&mut f, &id);
    assert_eq!(
        (m["ExpirationModel"].clone(), m["ValidTo"].clone()),
        (json!("KEY_MATERIAL_EXPIRES"), json!((T0 + 10 * D) / 1000))
    );
    let blob = f.encrypt(&id, b"before expiry");
    let current = m["CurrentKeyMaterialId"].clone();
    f.engine.advance_clock(10.0 * DAY).unwrap();
    let m = describe(&mut f, &id);
    assert_eq!(m["KeyState"], json!("PendingImport"));
    assert_eq!(
        m["CurrentKeyMaterialId"], current,
        "the id stays after the material goes"
    );
    assert!(m.get("ExpirationModel").is_none() && m.get("ValidTo").is_none());
    assert_err(
        &f.err("Decrypt", json!({"CiphertextBlob": blob})),
        "KMSInvalidStateException",
        Some(&format!("{arn} is pending import.")),
    );
    let ev = f.events(AuditFilter {
        event_name: Some("DeleteExpiredKeyMaterial".into()),
        ..Default::default()
    });
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0]["eventTime"], json!(crate::api::iso8601(T0 + 10 * D)));
    // The same material brings every old ciphertext back; different material does not fit.
    assert_eq!(
        import(&mut f, &id, &[8; 32], no_expiry())
            .unwrap_err()
            .code(),
        "IncorrectKeyMaterialException"
    );
    import(&mut f, &id, &material, no_expiry()).unwrap();
    assert_eq!(
        unb64(&f.ok("Decrypt", json!({"CiphertextBlob": blob}))["Plaintext"]),
        b"before expiry"
    );
    let r = f.ok("DeleteImportedKeyMaterial", json!({"KeyId": id}));
    assert_eq!(r, json!({"KeyId": arn, "KeyMaterialId": current}));
    assert_eq!(describe(&mut f, &id)["KeyState"], json!("PendingImport"));
    // Deleting again, with nothing there, succeeds and changes nothing.
    f.ok("DeleteImportedKeyMaterial", json!({"KeyId": id}));
    // The state file never keeps deleted material.
    let snap = f.engine.snapshot();
    assert!(!snap.contains(&b64(&material)));
    import(&mut f, &id, &material, no_expiry()).unwrap();
    f.ok("DisableKey", json!({"KeyId": id}));
    f.ok("DeleteImportedKeyMaterial", json!({"KeyId": id}));
    import(&mut f, &id, &material, no_expiry()).unwrap();
    assert_eq!(describe(&mut f, &id)["KeyState"], json!("Enabled"));
}

#[test]
fn on_demand_rotation_to_newly_imported_material() {
    let mut f = Fixture::new();
    let id = external(&mut f);
    let arn = f.arn(&id);
    let first = import(&mut f, &id, &[1; 32], no_expiry()).unwrap()["KeyMaterialId"].clone();
    let e = f.err("RotateKeyOnDemand", json!({"KeyId": id}));
    assert_err(
        &e,
        "KMSInvalidStateException",
        Some(&format!(
            "No available key material pending rotation for the key: {arn}."
        )),
    );
    let old = f.encrypt(&id, b"first material");
    let second = import(&mut f, &id, &[2; 32], json!({"ImportType": "NEW_KEY_MATERIAL", "ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE", "KeyMaterialDescription": "second"})).unwrap()["KeyMaterialId"].clone();
    assert_eq!(
        describe(&mut f, &id)["CurrentKeyMaterialId"],
        first,
        "staged, not yet current"
    );
    let e = import(&mut f, &id, &[3; 32], json!({"ImportType": "NEW_KEY_MATERIAL", "ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE"})).unwrap_err();
    assert_eq!(e.code(), "KMSInvalidStateException");
    assert!(e.message().unwrap().contains("is pending rotation."), "{e}");
    let all = f.ok(
        "ListKeyRotations",
        json!({"KeyId": id, "IncludeKeyMaterial": "ALL_KEY_MATERIAL"}),
    )["Rotations"]
        .clone();
    assert_eq!(all[1]["KeyMaterialState"], json!("PENDING_ROTATION"));
    assert_eq!(all[1]["ImportState"], json!("IMPORTED"));
    assert_eq!(all[1]["KeyMaterialDescription"], json!("second"));
    f.ok("RotateKeyOnDemand", json!({"KeyId": id}));
    assert_eq!(describe(&mut f, &id)["CurrentKeyMaterialId"], second);
    let r = f.ok("ListKeyRotations", json!({"KeyId": id}))["Rotations"].clone();
    assert_eq!(r.as_array().unwrap().len(), 1);
    assert_eq!(
        (
            r[0]["RotationType"].clone(),
            r[0]["KeyMaterialState"].clone()
        ),
        (json!("ON_DEMAND"), json!("CURRENT"))
    );
    let d = f.ok("Decrypt", json!({"CiphertextBlob": old}));
    assert_eq!(d["KeyMaterialId"], first);
}

#[test]
fn pooled_wrapping_keys_are_used_first() {
    let mut f = Fixture::new();
    let id = external(&mut f);
    let mut seed = [0u8; 32];
    SeededEntropy::new(5).fill(&mut seed);
    let (private, public) = rsa_wrap::key_pair_from_seed(2048, &seed).unwrap();
    assert_eq!(f.engine.supply_wrapping_key(&private).unwrap(), 2048);
    assert_eq!(f.engine.wrapping_keys_ready(2048), 1);
    let (_, got) = params(&mut f, &id, "RSAES_OAEP_SHA_1", "RSA_2048");
    assert_eq!(got, public);
    assert_eq!(f.engine.wrapping_keys_ready(2048), 0);
    assert!(f.engine.supply_wrapping_key(b"junk").is_err());
}

/// With the pool empty, wrapping keys come from the injected maker with a seed drawn from the
/// engine's entropy: the same randomSeed gives the same keys, run after run; another, others.
#[test]
fn seeded_engines_make_the_same_wrapping_keys() {
    let keys = |seed: u64| {
        let mut f = Fixture::seeded(seed);
        let id = external(&mut f);
        let (_, first) = params(&mut f, &id, "RSAES_OAEP_SHA_256", "RSA_2048");
        let (_, second) = params(&mut f, &id, "RSAES_OAEP_SHA_256", "RSA_2048");
        assert_ne!(first, second, "every call gets a new key");
        (first, second)
    };
    assert_eq!(keys(42), keys(42));
    assert_ne!(keys(42).0, keys(43).0);
}

/// A maker that hands back a key of the wrong size is refused, not passed on.
#[test]
fn a_wrapping_key_of_the_wrong_size_is_refused() {
    use crate::env::{ExtrasRsa, Rsa};
    struct Wrong;
    impl Rsa for Wrong {
        fn make(&self, _bits: usize, seed: &[u8; 32]) -> Result<Vec<u8>, String> {
            kms_wasm_extras::wrapping_key_from_seed(2048, seed).ok_or_else(|| "none".into())
        }
        fn public_of(&self, pkcs8: &[u8]) -> Result<Option<(Vec<u8>, usize)>, String> {
            ExtrasRsa.public_of(pkcs8)
        }
        fn unwrap(&self, k: &[u8], a: &str, w: &[u8]) -> Result<Option<Vec<u8>>, String> {
            ExtrasRsa.unwrap(k, a, w)
        }
    }
    let mut f = Fixture::new();
    let id = external(&mut f);
    f.engine.set_rsa(Box::new(Wrong));
    let e = f.err(
        "GetParametersForImport",
        json!({"KeyId": id, "WrappingAlgorithm": "RSAES_OAEP_SHA_256", "WrappingKeySpec": "RSA_3072"}),
    );
    assert_eq!(e.code(), "KMSInternalException");
}

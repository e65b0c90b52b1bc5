//! Fuzz-style property tests, on the stable toolchain with proptest: the wire
//! decoder, the ciphertext parser, key-id/ARN/alias resolution and import unwrapping never
//! panic on arbitrary input and always answer. Cases are bounded so `cargo test` stays fast;
//! `PROPTEST_CASES=100000 cargo test --lib props` runs longer.

use super::*;
use crate::crypto::envelope::{seal, Envelope, Header};
use crate::env::Entropy;
use crate::env::SeededEntropy;
use crate::wire;
use kms_wasm_extras::rsa_wrap::{self, Algorithm};
use proptest::prelude::*;
use proptest::test_runner::{Config as RunnerConfig, TestRunner};
use std::cell::RefCell;

/// `PROPTEST_CASES` if set, else `default`.
fn runner(default: u32) -> TestRunner {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(default);
    TestRunner::new(RunnerConfig {
        cases,
        failure_persistence: None,
        ..RunnerConfig::default()
    })
}

const OPS: &[&str] = &[
    "CreateKey",
    "DescribeKey",
    "ListKeys",
    "UpdateKeyDescription",
    "EnableKey",
    "DisableKey",
    "ScheduleKeyDeletion",
    "CancelKeyDeletion",
    "TagResource",
    "UntagResource",
    "ListResourceTags",
    "GetKeyPolicy",
    "PutKeyPolicy",
    "ListKeyPolicies",
    "CreateAlias",
    "UpdateAlias",
    "DeleteAlias",
    "ListAliases",
    "Encrypt",
    "Decrypt",
    "ReEncrypt",
    "GenerateDataKey",
    "GenerateDataKeyWithoutPlaintext",
    "GenerateRandom",
    "GetParametersForImport",
    "ImportKeyMaterial",
    "DeleteImportedKeyMaterial",
    "EnableKeyRotation",
    "DisableKeyRotation",
    "GetKeyRotationStatus",
    "RotateKeyOnDemand",
    "ListKeyRotations",
    "Sign",
    "CreateGrant",
    "Nope",
];

const FIELDS: &[&str] = &[
    "KeyId",
    "AliasName",
    "TargetKeyId",
    "Description",
    "KeySpec",
    "KeyUsage",
    "Origin",
    "Tags",
    "TagKey",
    "TagValue",
    "TagKeys",
    "Policy",
    "PolicyName",
    "Plaintext",
    "CiphertextBlob",
    "EncryptionContext",
    "GrantTokens",
    "NumberOfBytes",
    "Limit",
    "Marker",
    "PendingWindowInDays",
    "DestinationKeyId",
    "SourceKeyId",
    "EncryptionAlgorithm",
    "ImportToken",
    "EncryptedKeyMaterial",
    "ExpirationModel",
    "ValidTo",
    "WrappingAlgorithm",
    "WrappingKeySpec",
    "MultiRegion",
    "DryRun",
    "RotationPeriodInDays",
    "BypassPolicyLockoutSafetyCheck",
    "KeySpec",
    "x",
];

/// Strings that look like what KMS expects, and some that only nearly do.
fn key_ref(ids: Vec<String>) -> BoxedStrategy<String> {
    let id = proptest::sample::select(ids);
    prop_oneof![
        id.clone(),
        id.clone()
            .prop_map(|i| format!("arn:aws:kms:us-east-1:111122223333:key/{i}")),
        id.prop_map(|i| format!("arn:aws:kms:eu-west-1:111122223333:key/{i}")),
        Just("alias/fixture".to_string()),
        Just("arn:aws:kms:us-east-1:111122223333:alias/fixture".to_string()),
        "alias/[a-zA-Z0-9:/_\\-]{0,12}",
        "arn:aws:kms:[a-z0-9\\-]{0,12}:[0-9]{0,13}:(key|alias)/[ -~]{0,40}",
        "arn:[ -~]{0,30}",
        "[0-9a-f\\-]{30,40}",
        "mrk-[0-9a-f]{0,34}",
        any::<String>().prop_map(|s| s.chars().take(80).collect()),
        "[\u{0}-\u{ffff}]{0,10}",
    ]
    .boxed()
}

fn json_value(refs: BoxedStrategy<String>) -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        (0u32..10_000).prop_map(Value::from),
        refs.prop_map(Value::from),
        proptest::collection::vec(any::<u8>(), 0..80).prop_map(|b| Value::from(b64(&b))),
        "[A-Z_0-9]{0,24}".prop_map(Value::from),
        any::<String>().prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((proptest::sample::select(FIELDS), inner), 0..6).prop_map(
                |kv| Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
            ),
        ]
    })
}

/// A fixture with keys in several states, an alias and a ciphertext to aim at.
fn fixture() -> (Fixture, Vec<String>) {
    let mut f = Fixture::new();
    let a = f.key();
    let b = f.key();
    let external = f.ok("CreateKey", json!({"Origin": "EXTERNAL"}))["KeyMetadata"]["KeyId"]
        .as_str()
        .unwrap()
        .to_string();
    f.ok("DisableKey", json!({"KeyId": b}));
    f.ok(
        "CreateAlias",
        json!({"AliasName": "alias/fixture", "TargetKeyId": a}),
    );
    (f, vec![a, b, external])
}

#[test]
fn wire_handle_answers_2xx_or_4xx_for_any_request() {
    let (f, ids) = fixture();
    let f = RefCell::new(f);
    let answered = std::cell::Cell::new(0u32);
    let target = prop_oneof![
        4 => proptest::sample::select(OPS).prop_map(|op| Some(format!("TrentService.{op}"))),
        1 => proptest::option::of(any::<String>()),
    ];
    let body = prop_oneof![
        4 => proptest::collection::vec((proptest::sample::select(FIELDS), json_value(key_ref(ids.clone()))), 0..6)
            .prop_map(|kv| Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect()).to_string().into_bytes()),
        1 => proptest::collection::vec(any::<u8>(), 0..256),
        1 => any::<String>().prop_map(String::into_bytes),
    ];
    runner(384)
        .run(&(target, body), |(target, body)| {
            let mut f = f.borrow_mut();
            let r = wire::handle(&mut f.engine, target.as_deref(), &body, &Caller::default());
            answered.set(answered.get() + u32::from(r.status == 200));
            prop_assert!(
                (200..300).contains(&r.status) || (400..500).contains(&r.status),
                "{} for {:?} {}",
                r.status,
                target,
                String::from_utf8_lossy(&body)
            );
            let parsed: Value =
                serde_json::from_str(if r.body.is_empty() { "{}" } else { &r.body })
                    .map_err(|e| TestCaseError::fail(format!("body is not JSON: {e}")))?;
            if r.status >= 400 {
                prop_assert!(parsed["__type"].is_string());
            }
            Ok(())
        })
        .unwrap();
    assert!(answered.get() > 0, "some generated requests succeed");
}

#[test]
fn key_references_resolve_or_are_refused_for_any_string() {
    let (f, ids) = fixture();
    let f = RefCell::new(f);
    runner(512)
        .run(&(key_ref(ids.clone()), key_ref(ids)), |(key, alias)| {
            let mut f = f.borrow_mut();
            for (op, input) in [
                ("DescribeKey", json!({"KeyId": key})),
                ("Encrypt", json!({"KeyId": key, "Plaintext": "AAAA"})),
                ("ListAliases", json!({"KeyId": key})),
                (
                    "CreateAlias",
                    json!({"AliasName": alias, "TargetKeyId": key}),
                ),
                (
                    "UpdateAlias",
                    json!({"AliasName": alias, "TargetKeyId": key}),
                ),
                ("DeleteAlias", json!({"AliasName": alias})),
            ] {
                if let Err(e) = f.call(op, input) {
                    prop_assert!(e.http_status() == 400, "{op}: {e}");
                }
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn ciphertext_parser_never_panics_and_damage_never_opens() {
    let header = Header {
        key_id: [7; 16],
        mrk: false,
        material_id: [9; 32],
    };
    let secret = [5u8; 32];
    let blob = seal(&header, &secret, &[1; 12], b"plaintext", b"ctx").unwrap();
    let damage = prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..200).prop_map(|b| (b, true)),
        (0..blob.len() * 8).prop_map({
            let blob = blob.clone();
            move |bit| {
                let mut b = blob.clone();
                b[bit / 8] ^= 1 << (bit % 8);
                (b, false)
            }
        }),
        (0..blob.len()).prop_map({
            let blob = blob.clone();
            move |n| (blob[..n].to_vec(), false)
        }),
        proptest::collection::vec(any::<u8>(), 1..40).prop_map({
            let blob = blob.clone();
            move |extra| ([blob.as_slice(), &extra].concat(), false)
        }),
    ];
    runner(1024)
        .run(&damage, |(bytes, _random)| {
            if let Some(env) = Envelope::parse(&bytes) {
                let opened = env.open(&secret, b"ctx");
                prop_assert!(opened.is_none() || bytes == blob, "a damaged blob opened");
                let _ = env.open(&[0u8; 32], b"");
            }
            Ok(())
        })
        .unwrap();
    assert_eq!(
        Envelope::parse(&blob)
            .unwrap()
            .open(&secret, b"ctx")
            .as_deref(),
        Some(&b"plaintext"[..])
    );
}

#[test]
fn import_unwrapping_never_panics_on_arbitrary_bytes() {
    let mut entropy = SeededEntropy::new(3);
    let mut seed = [0u8; 32];
    entropy.fill(&mut seed);
    let (private, public) = rsa_wrap::key_pair_from_seed(2048, &seed).unwrap();
    let algs = [
        Algorithm::OaepSha1,
        Algorithm::OaepSha256,
        Algorithm::AesKeyWrapSha1,
        Algorithm::AesKeyWrapSha256,
    ];
    let good = rsa_wrap::wrap(&public, Algorithm::AesKeyWrapSha256, &[8; 32], &mut |b| {
        entropy.fill(b)
    })
    .unwrap();
    let input = prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..700),
        (0..good.len() * 8).prop_map({
            let good = good.clone();
            move |bit| {
                let mut b = good.clone();
                b[bit / 8] ^= 1 << (bit % 8);
                b
            }
        }),
        (0..good.len()).prop_map({
            let good = good.clone();
            move |n| good[..n].to_vec()
        }),
    ];
    runner(96)
        .run(
            &(input, proptest::sample::select(algs.to_vec())),
            |(bytes, alg)| {
                let out = rsa_wrap::unwrap(&private, alg, &bytes);
                // Only the blob itself unwraps, or (with plain OAEP) its first part, the wrapped
                // AES key.
                prop_assert!(out.is_none() || bytes == good || bytes == good[..256]);
                // A damaged or foreign private key is refused too.
                let _ = rsa_wrap::unwrap(&bytes, alg, &good);
                Ok(())
            },
        )
        .unwrap();
    let ok = rsa_wrap::unwrap(&private, Algorithm::AesKeyWrapSha256, &good);
    assert_eq!(ok.as_deref(), Some(&[8u8; 32][..]));
}

#[test]
fn import_key_material_through_the_engine_refuses_arbitrary_blobs() {
    let (f, ids) = fixture();
    let f = RefCell::new(f);
    let external = ids[2].clone();
    let token = f.borrow_mut().ok(
        "GetParametersForImport",
        json!({"KeyId": external, "WrappingAlgorithm": "RSAES_OAEP_SHA_256", "WrappingKeySpec": "RSA_2048"}),
    )["ImportToken"]
        .clone();
    let input = (
        proptest::collection::vec(any::<u8>(), 1..600),
        prop_oneof![
            Just(token.clone()),
            proptest::collection::vec(any::<u8>(), 1..80).prop_map(|b| Value::from(b64(&b)))
        ],
    );
    runner(48)
        .run(&input, |(material, token)| {
            let r = f.borrow_mut().call(
                "ImportKeyMaterial",
                json!({"KeyId": external, "ImportToken": token, "EncryptedKeyMaterial": b64(&material), "ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE"}),
            );
            prop_assert!(matches!(&r, Err(e) if e.http_status() == 400), "{r:?}");
            Ok(())
        })
        .unwrap();
}

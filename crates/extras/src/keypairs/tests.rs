//! Tests of the public API across every spec and algorithm: encodings and their lengths,
//! deterministic generation, sign/verify round trips in both message types, mismatched specs
//! and algorithms. OAEP, ECDH and damaged keys are in `tests_crypt`, known answers in `tests_kat`.

use super::*;
use std::sync::OnceLock;

/// (spec, SPKI length, PKCS#8 length or 0 where it varies with the RSA key).
const LENGTHS: [(&str, usize, usize); 8] = [
    ("RSA_2048", 294, 0),
    ("RSA_3072", 422, 0),
    ("RSA_4096", 550, 0),
    ("ECC_NIST_P256", 91, 138),
    ("ECC_NIST_P384", 120, 185),
    ("ECC_NIST_P521", 158, 241),
    ("ECC_SECG_P256K1", 88, 135),
    ("ECC_NIST_EDWARDS25519", 44, 48),
];

/// Every spec but the slow big RSA ones, each with a key generated once.
pub(super) fn keys() -> &'static [(&'static str, Vec<u8>)] {
    static KEYS: OnceLock<Vec<(&'static str, Vec<u8>)>> = OnceLock::new();
    KEYS.get_or_init(|| {
        Spec::ALL
            .iter()
            .filter(|s| !matches!(**s, "RSA_3072" | "RSA_4096"))
            .map(|&s| (s, generate(s, &[7; 32]).unwrap()))
            .collect()
    })
}

pub(super) fn key(spec: &str) -> &'static [u8] {
    &keys().iter().find(|(s, _)| *s == spec).unwrap().1
}

/// Which hash RAW messages get under `algorithm` (None: Ed25519's own rules).
fn hash_of(algorithm: &str) -> Option<spec::Hash> {
    match SigningAlgorithm::for_spec(Spec::Rsa(2048), algorithm) {
        Some(SigningAlgorithm::RsaPss(h) | SigningAlgorithm::RsaPkcs1(h)) => Some(h),
        _ => ["ECDSA_SHA_256", "ECDSA_SHA_384", "ECDSA_SHA_512"]
            .iter()
            .zip([spec::Hash::Sha256, spec::Hash::Sha384, spec::Hash::Sha512])
            .find(|(name, _)| **name == algorithm)
            .map(|(_, h)| h),
    }
}

#[test]
fn encodings_have_openssl_lengths_and_are_canonical() {
    for (spec, spki_len, pkcs8_len) in LENGTHS {
        let Some((_, k)) = keys().iter().find(|(s, _)| *s == spec) else {
            continue;
        };
        assert_eq!(public_key(spec, k).unwrap().len(), spki_len, "{spec}");
        if pkcs8_len != 0 {
            assert_eq!(k.len(), pkcs8_len, "{spec}");
        }
        assert_eq!(
            private_key(spec, k).as_ref(),
            Some(k),
            "{spec} is canonical"
        );
    }
}

/// RSA_3072 and RSA_4096 once each (slow in debug builds): the size check and SPKI length.
#[test]
fn big_rsa_keys() {
    for (spec, spki_len, bits) in [("RSA_3072", 422, 3072), ("RSA_4096", 550, 4096)] {
        let k = generate(spec, &[7; 32]).unwrap();
        assert_eq!(k, crate::wrapping_key_from_seed(bits, &[7; 32]).unwrap());
        assert_eq!(public_key(spec, &k).unwrap().len(), spki_len);
        assert!(public_key("RSA_2048", &k).is_none());
        let s = sign(spec, &k, "RSASSA_PSS_SHA_512", false, b"m", &[1; 32]).unwrap();
        assert_eq!(s.len(), bits / 8);
        assert!(verify(spec, &k, "RSASSA_PSS_SHA_512", false, b"m", &s));
    }
}

#[test]
fn generation_is_deterministic() {
    for (spec, k) in keys() {
        assert_eq!(generate(spec, &[7; 32]).as_ref(), Some(k), "{spec}");
        assert_ne!(generate(spec, &[8; 32]).as_ref(), Some(k), "{spec}");
    }
    assert_eq!(
        generate("RSA_2048", &[7; 32]),
        crate::wrapping_key_from_seed(2048, &[7; 32])
    );
    assert!(generate("SYMMETRIC_DEFAULT", &[7; 32]).is_none());
    assert!(generate("HMAC_256", &[7; 32]).is_none());
}

#[test]
fn a_key_of_another_spec_is_refused_everywhere() {
    for (spec, _) in keys() {
        for (other, k) in keys() {
            if spec == other {
                continue;
            }
            assert!(private_key(spec, k).is_none(), "{other} as {spec}");
            assert!(public_key(spec, k).is_none(), "{other} as {spec}");
            for alg in SigningAlgorithm::ALL {
                assert!(sign(spec, k, alg, false, b"m", &[1; 32]).is_none());
            }
        }
    }
}

#[test]
fn every_algorithm_round_trips_in_both_message_types() {
    let message = b"the message";
    for (spec, k) in keys() {
        let mut signed_with = 0;
        for alg in SigningAlgorithm::ALL {
            for digest in [false, true] {
                let input = match (hash_of(alg), digest) {
                    (Some(h), true) => h.digest(message),
                    _ => message.to_vec(),
                };
                let Some(sig) = sign(spec, k, alg, digest, &input, &[3; 32]) else {
                    assert!(!verify(spec, k, alg, digest, &input, &[0; 64]));
                    continue;
                };
                signed_with += 1;
                assert!(verify(spec, k, alg, digest, &input, &sig), "{spec} {alg}");
                let mut bad = sig.clone();
                let last = bad.len() - 1;
                bad[last / 2] ^= 0x10;
                assert!(!verify(spec, k, alg, digest, &input, &bad), "{spec} {alg}");
                assert!(!verify(spec, k, alg, digest, b"another", &sig));
                if let Some(h) = hash_of(alg) {
                    // DIGEST of H(m) and RAW of m are the same signature.
                    let (raw, dig) = (message.to_vec(), h.digest(message));
                    let (m, other) = if digest { (raw, false) } else { (dig, true) };
                    assert!(verify(spec, k, alg, other, &m, &sig), "{spec} {alg}");
                }
            }
        }
        // RSA: 6 algorithms × RAW/DIGEST; a curve: its ECDSA × RAW/DIGEST; Ed25519: one each;
        // ML-DSA: RAW (its other type, EXTERNAL_MU, takes a 64-byte μ: see tests_pq); ML-KEM
        // does not sign.
        let expected = match *spec {
            "RSA_2048" => 12,
            s if s.starts_with("ML_DSA") => 1,
            s if s.starts_with("ML_KEM") => 0,
            _ => 2,
        };
        assert_eq!(signed_with, expected, "{spec}");
    }
}

#[test]
fn algorithms_belong_to_their_spec() {
    let signs = |spec: &str, alg: &str, digest: bool, m: &[u8]| {
        sign(spec, key(spec), alg, digest, m, &[1; 32]).is_some()
    };
    let d32 = [1u8; 32];
    assert!(signs("ECC_SECG_P256K1", "ECDSA_SHA_256", true, &d32));
    // (spec, algorithm, DIGEST?, message): each refused.
    let refused: [(&str, &str, bool, &[u8]); 13] = [
        ("ECC_NIST_P256", "ECDSA_SHA_384", false, b"m"),
        ("ECC_NIST_P256", "ECDSA_SHA_512", false, b"m"),
        ("ECC_NIST_P256", "RSASSA_PSS_SHA_256", false, b"m"),
        ("ECC_NIST_P256", "ED25519_SHA_512", false, b"m"),
        ("ECC_SECG_P256K1", "ECDSA_SHA_384", false, b"m"),
        ("ECC_NIST_P384", "ECDSA_SHA_256", false, b"m"),
        ("ECC_NIST_P521", "ECDSA_SHA_384", false, b"m"),
        ("RSA_2048", "ECDSA_SHA_256", false, b"m"),
        ("RSA_2048", "SM2DSA", false, b"m"),
        // DIGEST lengths must match the hash.
        ("ECC_NIST_P256", "ECDSA_SHA_256", true, &d32[..31]),
        ("RSA_2048", "RSASSA_PSS_SHA_384", true, &d32),
        // Ed25519: PureEdDSA is RAW only, Ed25519ph DIGEST only.
        ("ECC_NIST_EDWARDS25519", "ED25519_SHA_512", true, &d32),
        ("ECC_NIST_EDWARDS25519", "ED25519_PH_SHA_512", false, &d32),
    ];
    for (spec, alg, digest, m) in refused {
        assert!(!signs(spec, alg, digest, m), "{spec} {alg} {digest}");
    }
    // A P-256 signature does not verify as secp256k1's, nor with another hash or length.
    let p256 = key("ECC_NIST_P256");
    let sig = sign(
        "ECC_NIST_P256",
        p256,
        "ECDSA_SHA_256",
        false,
        b"m",
        &[1; 32],
    )
    .unwrap();
    assert!(verify(
        "ECC_NIST_P256",
        p256,
        "ECDSA_SHA_256",
        false,
        b"m",
        &sig
    ));
    for (spec, alg) in [
        ("ECC_SECG_P256K1", "ECDSA_SHA_256"),
        ("ECC_NIST_P256", "ECDSA_SHA_384"),
    ] {
        assert!(!verify(spec, p256, alg, false, b"m", &sig), "{spec} {alg}");
    }
    let digest = spec::Hash::Sha256.digest(b"m");
    assert!(verify(
        "ECC_NIST_P256",
        p256,
        "ECDSA_SHA_256",
        true,
        &digest,
        &sig
    ));
    assert!(!verify(
        "ECC_NIST_P256",
        p256,
        "ECDSA_SHA_256",
        true,
        &digest[1..],
        &sig
    ));
}

#[test]
fn ecdsa_signatures_are_der_and_hedged() {
    let k = key("ECC_NIST_P256");
    let a = sign("ECC_NIST_P256", k, "ECDSA_SHA_256", false, b"m", &[1; 32]).unwrap();
    assert_eq!(
        a,
        sign("ECC_NIST_P256", k, "ECDSA_SHA_256", false, b"m", &[1; 32]).unwrap()
    );
    let b = sign("ECC_NIST_P256", k, "ECDSA_SHA_256", false, b"m", &[2; 32]).unwrap();
    assert_ne!(a, b, "the seed changes k");
    assert_eq!(
        (a[0], usize::from(a[1])),
        (0x30, a.len() - 2),
        "a DER SEQUENCE"
    );
    assert!(a.len() <= 72);
    // The raw r || s form is not accepted.
    let raw = [[1u8; 32], [1u8; 32]].concat();
    assert!(!verify(
        "ECC_NIST_P256",
        k,
        "ECDSA_SHA_256",
        false,
        b"m",
        &raw
    ));
}

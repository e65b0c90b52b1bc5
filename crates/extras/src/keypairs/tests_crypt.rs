//! Tests of the public API beyond signing: RSA-OAEP round trips and length limits, ECDH
//! agreement on the NIST curves, damaged keys refused without a panic, and keys answered from
//! `cache` exactly as parsed ones. Uses the keys `tests` generates once.

use super::tests::{key, keys};
use super::*;

#[test]
fn oaep_round_trips_up_to_the_limit() {
    let k = key("RSA_2048");
    for (alg, max) in [("RSAES_OAEP_SHA_1", 214), ("RSAES_OAEP_SHA_256", 190)] {
        let c = encrypt("RSA_2048", k, alg, &vec![9; max], &[4; 32]).unwrap();
        assert_eq!(decrypt("RSA_2048", k, alg, &c).unwrap(), vec![9; max]);
        assert!(encrypt("RSA_2048", k, alg, &vec![9; max + 1], &[4; 32]).is_none());
        let mut bad = c.clone();
        bad[100] ^= 1;
        assert!(decrypt("RSA_2048", k, alg, &bad).is_none());
        assert!(decrypt("RSA_3072", k, alg, &c).is_none());
    }
    assert!(encrypt("RSA_2048", k, "RSAES_PKCS1_V1_5", b"x", &[4; 32]).is_none());
    assert!(encrypt("RSA_2048", k, "SYMMETRIC_DEFAULT", b"x", &[4; 32]).is_none());
    let p = key("ECC_NIST_P256");
    assert!(encrypt("ECC_NIST_P256", p, "RSAES_OAEP_SHA_256", b"x", &[4; 32]).is_none());
    assert!(decrypt("ECC_NIST_P256", p, "RSAES_OAEP_SHA_256", &[0; 256]).is_none());
}

#[test]
fn ecdh_agrees_on_every_nist_curve() {
    for (spec, len) in [
        ("ECC_NIST_P256", 32),
        ("ECC_NIST_P384", 48),
        ("ECC_NIST_P521", 66),
    ] {
        let a = key(spec);
        let b = generate(spec, &[9; 32]).unwrap();
        let (pa, pb) = (public_key(spec, a).unwrap(), public_key(spec, &b).unwrap());
        let ab = derive_shared_secret(spec, a, &pb).unwrap();
        assert_eq!(ab.len(), len, "{spec}");
        assert_eq!(derive_shared_secret(spec, &b, &pa).unwrap(), ab, "{spec}");
        assert!(derive_shared_secret(spec, a, &pb[..pb.len() - 1]).is_none());
        assert!(derive_shared_secret(spec, a, b"garbage").is_none());
    }
    let p256 = key("ECC_NIST_P256");
    let p384_public = public_key("ECC_NIST_P384", key("ECC_NIST_P384")).unwrap();
    assert!(derive_shared_secret("ECC_NIST_P256", p256, &p384_public).is_none());
    let k1 = key("ECC_SECG_P256K1");
    let k1_public = public_key("ECC_SECG_P256K1", k1).unwrap();
    assert!(derive_shared_secret("ECC_SECG_P256K1", k1, &k1_public).is_none());
    assert!(derive_shared_secret("ECC_NIST_P256", p256, &k1_public).is_none());
    let rsa_public = public_key("RSA_2048", key("RSA_2048")).unwrap();
    assert!(derive_shared_secret("RSA_2048", key("RSA_2048"), &rsa_public).is_none());
}

/// Truncations and bit flips of every key never panic, and never pass as another key.
#[test]
fn damaged_keys_are_refused_without_panicking() {
    for (spec, k) in keys() {
        for n in 0..k.len() {
            assert!(private_key(spec, &k[..n]).is_none(), "{spec} cut at {n}");
        }
        for i in (0..k.len()).step_by(7) {
            let mut bad = k.clone();
            bad[i] ^= 0x01;
            if let Some(canonical) = private_key(spec, &bad) {
                // Only a flip inside the secret itself can still be a key; it is another key.
                assert_ne!(&canonical, k, "{spec} flip at {i}");
            }
        }
        assert!(public_key(spec, b"").is_none());
        assert!(!verify(spec, b"", "ECDSA_SHA_256", false, b"m", b""));
    }
    assert!(private_key("RSA_1024", key("RSA_2048")).is_none());
}

/// The second call with a key takes it from this thread's cache: same answers as the first,
/// which parsed it, and the same bytes under another spec, or cut short, are still refused.
#[test]
fn a_cached_key_answers_as_parsing_it_again() {
    for (spec, k) in keys() {
        let alg = match *spec {
            s if s.starts_with("ML_KEM") => {
                let public = public_key(spec, k).unwrap();
                assert_eq!(public_key(spec, k).unwrap(), public, "{spec}");
                assert!(public_key(spec, &k[..k.len() - 1]).is_none());
                continue;
            }
            s if s.starts_with("ML_DSA") => "ML_DSA_SHAKE_256",
            "RSA_2048" => "RSASSA_PSS_SHA_256",
            "ECC_NIST_P384" => "ECDSA_SHA_384",
            "ECC_NIST_P521" => "ECDSA_SHA_512",
            "ECC_NIST_EDWARDS25519" => "ED25519_SHA_512",
            _ => "ECDSA_SHA_256",
        };
        let first = sign(spec, k, alg, false, b"m", &[5; 32]).unwrap();
        assert_eq!(
            sign(spec, k, alg, false, b"m", &[5; 32]).unwrap(),
            first,
            "{spec}"
        );
        assert!(verify(spec, k, alg, false, b"m", &first), "{spec}");
        assert!(sign(spec, &k[..k.len() - 1], alg, false, b"m", &[5; 32]).is_none());
        assert!(!verify(spec, &k[..k.len() - 1], alg, false, b"m", &first));
        for (other, _) in keys() {
            if other != spec {
                assert!(public_key(other, k).is_none(), "{spec} as {other}");
            }
        }
    }
    assert!(public_key("RSA_3072", key("RSA_2048")).is_none());
}

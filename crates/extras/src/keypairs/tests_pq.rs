//! The post-quantum keys through this module's public functions: sizes of the standards,
//! determinism, EXTERNAL_MU equal to RAW (μ computed here with SHAKE256 apart from ml-dsa),
//! ML-KEM round trips and implicit rejection, and refusals. NIST's known answers are in
//! tests/nist_pq_kat.rs.

use super::*;
use shake::{ExtendableOutput, Shake256, Update, XofReader};

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

fn shake256(parts: &[&[u8]], len: usize) -> Vec<u8> {
    let mut h = Shake256::default();
    for p in parts {
        h.update(p);
    }
    let mut out = vec![0u8; len];
    h.finalize_xof().read(&mut out);
    out
}

/// FIPS 204 §6.2's μ for pure ML-DSA with an empty context: SHAKE256(tr ‖ 0 ‖ 0 ‖ M), tr being
/// SHAKE256 of the raw public key (the SPKI's last bytes after its 22-byte header).
fn external_mu(spki: &[u8], message: &[u8]) -> Vec<u8> {
    let tr = shake256(&[&spki[22..]], 64);
    shake256(&[&tr, &[0, 0], message], 64)
}

#[test]
fn ml_dsa_sizes_determinism_and_external_mu() {
    for (i, (spec, spki_len, sig_len)) in DSA.into_iter().enumerate() {
        let key = generate(spec, &[i as u8 + 1; 32]).unwrap();
        assert_eq!(generate(spec, &[i as u8 + 1; 32]).unwrap(), key, "{spec}");
        assert_eq!(private_key(spec, &key).unwrap(), key, "{spec}: canonical");
        let spki = public_key(spec, &key).unwrap();
        assert_eq!(spki.len(), spki_len, "{spec}");
        let message = b"post-quantum hello";
        let raw = sign(spec, &key, "ML_DSA_SHAKE_256", false, message, &[9; 32]).unwrap();
        assert_eq!(raw.len(), sig_len, "{spec}");
        let again = sign(spec, &key, "ML_DSA_SHAKE_256", false, message, &[7; 32]).unwrap();
        assert_eq!(raw, again, "{spec}: deterministic, whatever the seed");
        let mu = external_mu(&spki, message);
        let over_mu = sign(spec, &key, "ML_DSA_SHAKE_256", true, &mu, &[9; 32]).unwrap();
        assert_eq!(over_mu, raw, "{spec}: EXTERNAL_MU signs what RAW signs");
        assert!(verify(spec, &key, "ML_DSA_SHAKE_256", false, message, &raw));
        assert!(verify(spec, &key, "ML_DSA_SHAKE_256", true, &mu, &raw));
        let mut bad = raw.clone();
        bad[100] ^= 1;
        assert!(!verify(
            spec,
            &key,
            "ML_DSA_SHAKE_256",
            false,
            message,
            &bad
        ));
        assert!(!verify(
            spec,
            &key,
            "ML_DSA_SHAKE_256",
            false,
            b"other",
            &raw
        ));
        assert!(!verify(
            spec,
            &key,
            "ML_DSA_SHAKE_256",
            true,
            &mu[..63],
            &raw
        ));
        assert!(sign(spec, &key, "ML_DSA_SHAKE_256", true, &mu[..63], &[0; 32]).is_none());
        assert!(sign(spec, &key, "ECDSA_SHA_256", false, message, &[0; 32]).is_none());
    }
}

#[test]
fn ml_dsa_keys_are_refused_under_another_level_or_as_garbage() {
    let key = generate("ML_DSA_44", &[1; 32]).unwrap();
    assert!(private_key("ML_DSA_65", &key).is_none());
    assert!(public_key("ML_DSA_87", &key).is_none());
    assert!(private_key("ML_DSA_44", &key[..key.len() - 1]).is_none());
    assert!(private_key("ML_DSA_44", b"not a key").is_none());
    let ec = generate("ECC_NIST_P256", &[1; 32]).unwrap();
    assert!(private_key("ML_DSA_44", &ec).is_none());
}

#[test]
fn ml_kem_sizes_round_trips_and_implicit_rejection() {
    for (i, (spec, spki_len, ct_len)) in KEM.into_iter().enumerate() {
        let key = generate(spec, &[i as u8 + 3; 32]).unwrap();
        assert_eq!(key.len(), 86, "{spec}: PKCS#8 seed form");
        assert_eq!(private_key(spec, &key).unwrap(), key, "{spec}: canonical");
        let spki = public_key(spec, &key).unwrap();
        assert_eq!(spki.len(), spki_len, "{spec}");
        let out = encapsulate(spec, &key, &[5; 32]).unwrap();
        assert_eq!(out.len(), 32 + ct_len, "{spec}");
        let (secret, ct) = out.split_at(32);
        assert_eq!(decapsulate(spec, &key, ct).unwrap(), secret, "{spec}");
        let peer = encapsulate_to(spec, &spki, &[6; 32]).unwrap();
        assert_ne!(peer, out, "{spec}: another m, another exchange");
        assert_eq!(
            decapsulate(spec, &key, &peer[32..]).unwrap(),
            peer[..32],
            "{spec}"
        );
        let mut tampered = ct.to_vec();
        tampered[0] ^= 1;
        let rejected = decapsulate(spec, &key, &tampered).unwrap();
        assert_eq!(rejected.len(), 32);
        assert_ne!(rejected, secret, "{spec}: implicit rejection");
        assert_eq!(decapsulate(spec, &key, &tampered).unwrap(), rejected);
        assert!(
            decapsulate(spec, &key, &ct[1..]).is_none(),
            "{spec}: length"
        );
        assert!(
            encapsulate_to(spec, &key, &[0; 32]).is_none(),
            "{spec}: not an SPKI"
        );
    }
}

#[test]
fn ml_kem_known_answer_through_seed_and_m() {
    // The same d ‖ z and m give the same key, ciphertext and secret: the path NIST's
    // known answers (tests/nist_pq_kat.rs) check through the crate.
    let key = ml_kem::from_seed(768, &[0x42; 64]).unwrap();
    let a = ml_kem::encapsulate_with_m(768, &key, &[0x24; 32]).unwrap();
    let b = ml_kem::encapsulate_with_m(768, &key, &[0x24; 32]).unwrap();
    assert_eq!(a, b);
    assert!(ml_kem::from_seed(700, &[0; 64]).is_none());
    assert!(private_key("ML_KEM_512", &key).is_none(), "another level");
    assert!(encapsulate("ML_DSA_44", &key, &[0; 32]).is_none());
}

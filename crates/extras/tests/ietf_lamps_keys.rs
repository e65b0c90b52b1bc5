// Known answers for key generation from a seed: the example keys of the IETF LAMPS drafts for
// ML-KEM and ML-DSA in X.509 (tests/vectors/ietf-lamps/, provenance in tests/vectors/README.md).
// Each seed-only PKCS#8 private key must be accepted, and the public key derived from it must
// equal the draft's SubjectPublicKeyInfo byte for byte.

use kms_wasm_extras::keypairs::{private_key, public_key};

/// Decodes standard base64 (RFC 4648 §4, with padding), skipping line breaks.
fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not a base64 character: {:?}", c as char),
    };
    let digits: Vec<u8> = text.bytes().filter(|c| !c.is_ascii_whitespace()).collect();
    assert!(
        digits.len().is_multiple_of(4),
        "base64 text of {} characters",
        digits.len()
    );
    let mut out = Vec::with_capacity(digits.len() / 4 * 3);
    for group in digits.chunks(4) {
        let pad = group.iter().rev().take_while(|&&c| c == b'=').count();
        let bits = group[..4 - pad]
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &c)| {
                acc | u32::from(value(c)) << (18 - 6 * i)
            });
        out.extend_from_slice(&bits.to_be_bytes()[1..4 - pad]);
    }
    out
}

/// The DER inside the one PEM block of `file` (under tests/vectors/ietf-lamps/), whose label
/// must be `label`.
fn pem(file: &str, label: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/vectors/ietf-lamps/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("the example key {path} must exist: {e}"));
    let (begin, end) = (
        format!("-----BEGIN {label}-----"),
        format!("-----END {label}-----"),
    );
    let body = text
        .split_once(&begin)
        .and_then(|(_, rest)| rest.split_once(&end))
        .unwrap_or_else(|| panic!("{file} holds no {label} block"))
        .0;
    base64(body)
}

#[test]
fn base64_decoder_matches_rfc_4648_examples() {
    assert_eq!(base64("Zm9vYmFy"), b"foobar");
    assert_eq!(base64("Zm9vYg=="), b"foob");
    assert_eq!(base64("Zm9vYmE="), b"fooba");
}

#[test]
fn lamps_seed_keys_give_the_published_public_keys() {
    let keys = [
        ("ML_KEM_512", "ML-KEM-512"),
        ("ML_KEM_768", "ML-KEM-768"),
        ("ML_KEM_1024", "ML-KEM-1024"),
        ("ML_DSA_44", "ML-DSA-44"),
        ("ML_DSA_65", "ML-DSA-65"),
        ("ML_DSA_87", "ML-DSA-87"),
    ];
    for (spec, name) in keys {
        let seed_form = pem(&format!("{name}-seed.priv"), "PRIVATE KEY");
        let expected = pem(&format!("{name}.pub"), "PUBLIC KEY");
        let accepted = private_key(spec, &seed_form)
            .unwrap_or_else(|| panic!("{spec}: the draft's seed-form private key is refused"));
        let public = public_key(spec, &accepted)
            .unwrap_or_else(|| panic!("{spec}: no public key from the accepted private key"));
        assert!(
            public == expected,
            "{spec}: the derived SubjectPublicKeyInfo differs from {name}.pub"
        );
    }
}

//! Known answers for the elliptic curves: RFC 6979's ECDSA keys and signatures (P-256,
//! P-384), the byte-exact encodings OpenSSL writes for them, a NIST CAVP ECDH vector, and the
//! import forms OpenSSL accepts. The Ed25519 vectors of RFC 8032 are in `ed25519`.

use super::*;

fn unhex(s: &str) -> Vec<u8> {
    let s: String = s.split_whitespace().collect();
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// DER of a tag with a short-form length.
fn tlv(tag: u8, body: &[u8]) -> Vec<u8> {
    assert!(body.len() < 128);
    [vec![tag, body.len() as u8], body.to_vec()].concat()
}

/// DER INTEGER of an unsigned big-endian number.
fn der_int(n: &[u8]) -> Vec<u8> {
    let start = n.iter().position(|&b| b != 0).unwrap_or(n.len() - 1);
    let n = &n[start..];
    let body = if n[0] & 0x80 != 0 {
        [&[0u8][..], n].concat()
    } else {
        n.to_vec()
    };
    tlv(0x02, &body)
}

fn der_signature(r: &str, s: &[u8]) -> Vec<u8> {
    tlv(0x30, &[der_int(&unhex(r)), der_int(s)].concat())
}

/// a - b for big-endian numbers of the same length, a >= b.
fn sub(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; a.len()];
    let mut borrow = 0i16;
    for i in (0..a.len()).rev() {
        let d = i16::from(a[i]) - i16::from(b[i]) - borrow;
        borrow = i16::from(d < 0);
        out[i] = (d + 256 * borrow) as u8;
    }
    out
}

/// PKCS#8 of a P-256 scalar with the ECPrivateKey's optional fields given as DER.
fn p256_pkcs8(scalar: &str, optional: &[u8]) -> Vec<u8> {
    let ec_private_key = tlv(
        0x30,
        &[
            unhex("020101"),
            tlv(0x04, &unhex(scalar)),
            optional.to_vec(),
        ]
        .concat(),
    );
    let algorithm = unhex("301306072a8648ce3d020106082a8648ce3d030107");
    tlv(
        0x30,
        &[unhex("020100"), algorithm, tlv(0x04, &ec_private_key)].concat(),
    )
}

const P256_X: &str = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
const P256_POINT: &str = "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6
                          7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";
/// OpenSSL 3's PKCS#8 of RFC 6979's P-256 key (`cryptography`'s private_bytes, PKCS8, DER).
const P256_OPENSSL: &str = "308187020100301306072a8648ce3d020106082a8648ce3d030107046d306b02
    01010420c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721a144034200046
    0fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb67903fe1008b8bc99a41ae9
    e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";
const P256_SPKI_PREFIX: &str = "3059301306072a8648ce3d020106082a8648ce3d030107034200";

/// RFC 6979 A.2.5: the key, the canonical encodings, and the SHA-256 signatures of "sample"
/// and "test", which verify as RAW over the message and as DIGEST over its hash.
#[test]
fn rfc_6979_p256_signatures_verify() {
    let bare = p256_pkcs8(P256_X, &[]);
    let canonical = private_key("ECC_NIST_P256", &bare).unwrap();
    assert_eq!(canonical, unhex(P256_OPENSSL));
    let spki = public_key("ECC_NIST_P256", &canonical).unwrap();
    assert_eq!(
        spki,
        [unhex(P256_SPKI_PREFIX), unhex("04"), unhex(P256_POINT)].concat()
    );
    let alg = "ECDSA_SHA_256";
    for (message, r, s) in [
        (
            &b"sample"[..],
            "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716",
            "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8",
        ),
        (
            &b"test"[..],
            "f1abb023518351cd71d881567b1ea663ed3efcf6c5132b354f28d3b0b7d38367",
            "019f4113742a2b14bd25926b49c649155f267e60d3814b4c0cc84250e46f0083",
        ),
    ] {
        let sig = der_signature(r, &unhex(s));
        assert!(verify(
            "ECC_NIST_P256",
            &canonical,
            alg,
            false,
            message,
            &sig
        ));
        let digest = spec::Hash::Sha256.digest(message);
        assert!(verify("ECC_NIST_P256", &bare, alg, true, &digest, &sig));
        let mut wrong_r = unhex(r);
        wrong_r[31] ^= 1;
        let bad = tlv(0x30, &[der_int(&wrong_r), der_int(&unhex(s))].concat());
        assert!(!verify(
            "ECC_NIST_P256",
            &canonical,
            alg,
            false,
            message,
            &bad
        ));
        // AWS does not normalize s, so both (r, s) and (r, n - s) are valid signatures.
        let n = unhex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
        let other_s = der_signature(r, &sub(&n, &unhex(s)));
        assert!(verify(
            "ECC_NIST_P256",
            &canonical,
            alg,
            false,
            message,
            &other_s
        ));
    }
}

/// RFC 6979 A.2.6: P-384 with SHA-384 over "sample", and OpenSSL's 185-byte PKCS#8.
#[test]
fn rfc_6979_p384_signature_verifies() {
    let openssl = unhex(
        "3081b6020100301006072a8648ce3d020106052b8104002204819e30819b02010104306b9d3dad2e1b8c1c
         05b19875b6659f4de23c3b667bf297ba9aa47740787137d896d5724e4c70a825f872c9ea60d2edf5a16403
         620004ec3a4e415b4e19a4568618029f427fa5da9a8bc4ae92e02e06aae5286b300c64def8f0ea90558660
         64a254515480bc138015d9b72d7d57244ea8ef9ac0c621896708a59367f9dfb9f54ca84b3f1c9db1288b23
         1c3ae0d4fe7344fd2533264720",
    );
    assert_eq!(private_key("ECC_NIST_P384", &openssl).unwrap(), openssl);
    assert_eq!(public_key("ECC_NIST_P384", &openssl).unwrap().len(), 120);
    let sig = der_signature(
        "94edbb92a5ecb8aad4736e56c691916b3f88140666ce9fa73d64c4ea95ad133c81a648152e44acf96e36dd1e80fabe46",
        &unhex("99ef4aeb15f178cea1fe40db2603138f130e740a19624526203b6351d0a3a94fa329c145786e679e7b82c71a38628ac8"),
    );
    assert!(verify(
        "ECC_NIST_P384",
        &openssl,
        "ECDSA_SHA_384",
        false,
        b"sample",
        &sig
    ));
    assert!(!verify(
        "ECC_NIST_P384",
        &openssl,
        "ECDSA_SHA_384",
        false,
        b"sampl",
        &sig
    ));
}

/// The ECPrivateKey forms an import may carry: a compressed public point, the curve in its
/// own parameters field; and the ones to refuse: another point, another curve.
#[test]
fn ec_import_forms() {
    let canonical = unhex(P256_OPENSSL);
    let compressed = [unhex("03"), unhex(P256_POINT)[..32].to_vec()].concat();
    let with_compressed = p256_pkcs8(
        P256_X,
        &tlv(0xa1, &tlv(0x03, &[&[0][..], &compressed].concat())),
    );
    assert_eq!(
        private_key("ECC_NIST_P256", &with_compressed).unwrap(),
        canonical
    );
    let params = tlv(0xa0, &unhex("06082a8648ce3d030107"));
    assert_eq!(
        private_key("ECC_NIST_P256", &p256_pkcs8(P256_X, &params)).unwrap(),
        canonical
    );
    let other_curve = tlv(0xa0, &unhex("06052b81040022"));
    assert!(private_key("ECC_NIST_P256", &p256_pkcs8(P256_X, &other_curve)).is_none());
    let mut wrong_point = compressed.clone();
    wrong_point[0] = 0x02;
    let wrong = p256_pkcs8(
        P256_X,
        &tlv(0xa1, &tlv(0x03, &[&[0][..], &wrong_point].concat())),
    );
    assert!(private_key("ECC_NIST_P256", &wrong).is_none());
    // The P-256 key under secp256k1's name, a zero scalar, and one equal to the order.
    assert!(private_key("ECC_SECG_P256K1", &canonical).is_none());
    assert!(private_key("ECC_NIST_P256", &p256_pkcs8(&"00".repeat(32), &[])).is_none());
    let n = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
    assert!(private_key("ECC_NIST_P256", &p256_pkcs8(n, &[])).is_none());
}

/// NIST CAVP KAS ECC CDH, P-256 COUNT = 0; the peer's SPKI uncompressed and compressed.
#[test]
fn cavp_p256_ecdh() {
    let ours = p256_pkcs8(
        "7d7dc5f71eb29ddaf80d6214632eeae03d9058af1fb6d22ed80badb62bc1a534",
        &[],
    );
    let x = "700c48f77f56584c5cc632ca65640db91b6bacce3a4df6b42ce7cc838833d287";
    let y = "db71e509e3fd9b060ddb20ba5c51dcc5948d46fbf640dfe0441782cab85fa4ac";
    let z = unhex("46fc62106420ff012e54a434fbdd2d25ccc5852060561e68040dd7778997bd7b");
    let spki = unhex(&format!("{P256_SPKI_PREFIX}04{x}{y}"));
    assert_eq!(
        derive_shared_secret("ECC_NIST_P256", &ours, &spki).unwrap(),
        z
    );
    let compressed = unhex(&format!(
        "3039301306072a8648ce3d020106082a8648ce3d030107032200 02{x}"
    ));
    assert_eq!(
        derive_shared_secret("ECC_NIST_P256", &ours, &compressed).unwrap(),
        z
    );
    let mut off_curve = spki.clone();
    off_curve[90] ^= 1;
    assert!(derive_shared_secret("ECC_NIST_P256", &ours, &off_curve).is_none());
}

/// secp256k1: our signatures come out low-s (k256 normalizes), and a high-s one — what a
/// signer that does not normalize, such as AWS, may produce — still verifies.
#[test]
fn secp256k1_accepts_high_s() {
    let spec = "ECC_SECG_P256K1";
    let key = generate(spec, &[5; 32]).unwrap();
    let n = unhex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
    for seed in 0..8u8 {
        let sig = sign(spec, &key, "ECDSA_SHA_256", false, b"m", &[seed; 32]).unwrap();
        // Split the DER: 30 len 02 rlen r 02 slen s.
        let rlen = usize::from(sig[3]);
        let r = &sig[4..4 + rlen];
        let s = &sig[6 + rlen..];
        let mut s32 = vec![0u8; 32];
        let s_trim = &s[s.len().saturating_sub(32)..];
        s32[32 - s_trim.len()..].copy_from_slice(s_trim);
        assert!(s32 < unhex("7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0"));
        let high = tlv(0x30, &[der_int(r), der_int(&sub(&n, &s32))].concat());
        assert!(verify(spec, &key, "ECDSA_SHA_256", false, b"m", &high));
    }
}

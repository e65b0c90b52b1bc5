// Known-answer tests: a few of NIST's ACVP vectors (tests/vectors/nist-acvp-pq.json, provenance in
// tests/vectors/README.md) are replayed against the `ml-kem` and `ml-dsa` crates directly: key
// generation from seeds, ML-KEM encapsulation and decapsulation (with implicit rejection), ML-DSA
// signature verification. ML-DSA signing has no final-standard known answer in the file yet; the
// file says why (`absent`), and its cases are checked as soon as they are added.

use ml_dsa::{
    ExpandedSigningKey, Keypair, MlDsa44, MlDsa65, MlDsa87, MlDsaParams, Signature, SigningKey,
    VerifyingKey,
};
// ExpandedKeyEncoding is deprecated in ml-kem in favour of seeds, but ACVP publishes the expanded
// dk, so the test reads and writes that form.
#[allow(deprecated)]
use ml_kem::{
    Decapsulate, DecapsulationKey, EncapsulationKey, ExpandedKeyEncoding, KeyExport, MlKem1024,
    MlKem512, MlKem768,
};
use serde_json::Value;
use std::collections::BTreeSet;

const VECTORS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/vectors/nist-acvp-pq.json"
);

fn load() -> Value {
    let text = std::fs::read_to_string(VECTORS)
        .unwrap_or_else(|e| panic!("the vector file {VECTORS} must exist: {e}"));
    serde_json::from_str(&text).expect("the vector file is valid JSON")
}

/// Decodes a hex string (either case); panics on anything else, naming the field.
fn hex(s: &str) -> Vec<u8> {
    fn nibble(c: u8) -> u8 {
        match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            _ => panic!("not a hex digit: {:?}", c as char),
        }
    }
    assert!(s.len().is_multiple_of(2), "odd-length hex string");
    s.as_bytes()
        .chunks(2)
        .map(|p| (nibble(p[0]) << 4) | nibble(p[1]))
        .collect()
}

/// Upper-case hex, as ACVP writes it: failures then show comparable strings, not byte lists.
fn up(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

/// The hex field `key` of a case, upper-cased for comparison with [`up`].
fn text(case: &Value, key: &str) -> String {
    case[key]
        .as_str()
        .unwrap_or_else(|| panic!("field {key} missing in {}", label(case)))
        .to_uppercase()
}

/// The hex field `key` of a case, decoded.
fn field(case: &Value, key: &str) -> Vec<u8> {
    hex(case[key]
        .as_str()
        .unwrap_or_else(|| panic!("field {key} missing in {}", label(case))))
}

/// "ML-KEM-512 tgId 1 tcId 3", to name a failing case.
fn label(case: &Value) -> String {
    format!(
        "{} tgId {} tcId {}",
        case["parameterSet"].as_str().unwrap_or("?"),
        case["tgId"],
        case["tcId"]
    )
}

/// The array `key` of the document; panics if it is missing or empty, so no kind passes vacuously.
fn cases<'a>(doc: &'a Value, key: &str) -> &'a Vec<Value> {
    let list = doc[key]
        .as_array()
        .unwrap_or_else(|| panic!("the vector file has no array {key}"));
    assert!(!list.is_empty(), "the vector file has no {key} cases");
    list
}

/// Runs `$body` with `$P` bound to the parameter-set type that `$name` names.
macro_rules! kem_params {
    ($name:expr, $P:ident => $body:expr) => {
        match $name {
            "ML-KEM-512" => {
                type $P = MlKem512;
                $body
            }
            "ML-KEM-768" => {
                type $P = MlKem768;
                $body
            }
            "ML-KEM-1024" => {
                type $P = MlKem1024;
                $body
            }
            other => panic!("unknown ML-KEM parameter set {other}"),
        }
    };
}

macro_rules! dsa_params {
    ($name:expr, $P:ident => $body:expr) => {
        match $name {
            "ML-DSA-44" => {
                type $P = MlDsa44;
                $body
            }
            "ML-DSA-65" => {
                type $P = MlDsa65;
                $body
            }
            "ML-DSA-87" => {
                type $P = MlDsa87;
                $body
            }
            other => panic!("unknown ML-DSA parameter set {other}"),
        }
    };
}

fn param_set(case: &Value) -> &str {
    case["parameterSet"].as_str().expect("parameterSet")
}

const KEM_SETS: [&str; 3] = ["ML-KEM-512", "ML-KEM-768", "ML-KEM-1024"];
const DSA_SETS: [&str; 3] = ["ML-DSA-44", "ML-DSA-65", "ML-DSA-87"];

/// Fails unless every parameter set in `sets` was seen, so none can silently drop out of `what`.
fn assert_covers(seen: &BTreeSet<String>, sets: &[&str], what: &str) {
    for set in sets {
        assert!(seen.contains(*set), "no {what} case for {set}");
    }
}

#[test]
fn ml_kem_key_generation_from_d_and_z() {
    let doc = load();
    let mut seen = BTreeSet::new();
    for case in cases(&doc, "mlKemKeyGen") {
        let seed: [u8; 64] = [field(case, "d"), field(case, "z")]
            .concat()
            .try_into()
            .expect("d and z are 32 bytes each");
        kem_params!(param_set(case), P => {
            let dk = DecapsulationKey::<P>::from_seed(seed.into());
            let ek = dk.encapsulation_key().to_bytes();
            assert_eq!(up(ek.as_slice()), text(case, "ek"), "ek of {}", label(case));
            #[allow(deprecated)] // the expanded dk is what ACVP publishes
            let expanded = dk.to_expanded_bytes();
            assert_eq!(up(expanded.as_slice()), text(case, "dk"), "expanded dk of {}", label(case));
        });
        seen.insert(param_set(case).to_owned());
    }
    assert_covers(&seen, &KEM_SETS, "mlKemKeyGen");
}

#[test]
fn ml_kem_deterministic_encapsulation() {
    let doc = load();
    let mut seen = BTreeSet::new();
    for case in cases(&doc, "mlKemEncap") {
        let m: [u8; 32] = field(case, "m").try_into().expect("m is 32 bytes");
        kem_params!(param_set(case), P => {
            let ek_bytes = field(case, "ek");
            let ek = EncapsulationKey::<P>::new(
                ek_bytes.as_slice().try_into().expect("ek has the parameter set's length"),
            )
            .expect("ek is valid");
            let (c, k) = ek.encapsulate_deterministic(&m.into());
            assert_eq!(up(c.as_slice()), text(case, "c"), "c of {}", label(case));
            assert_eq!(up(k.as_slice()), text(case, "k"), "k of {}", label(case));
        });
        seen.insert(param_set(case).to_owned());
    }
    assert_covers(&seen, &KEM_SETS, "mlKemEncap");
}

#[test]
fn ml_kem_decapsulation_with_expanded_key_and_implicit_rejection() {
    let doc = load();
    let (mut accepted, mut rejected) = (BTreeSet::new(), BTreeSet::new());
    for group in cases(&doc, "mlKemDecap") {
        let dk_bytes = field(group, "dk");
        let tests = group["tests"].as_array().expect("decapsulation tests");
        assert!(!tests.is_empty());
        kem_params!(param_set(group), P => {
            // The ACVP files carry only the expanded dk; its loader is deprecated in ml-kem in
            // favour of seeds, which is all the more reason to check it against NIST's data.
            #[allow(deprecated)]
            let dk = DecapsulationKey::<P>::from_expanded(
                dk_bytes.as_slice().try_into().expect("dk has the parameter set's length"),
            )
            .expect("dk is valid");
            for test in tests {
                let c = field(test, "c");
                let k = dk.decapsulate(c.as_slice().try_into().expect("c has the right length"));
                assert_eq!(up(k.as_slice()), text(test, "k"),
                    "k of {} tcId {} ({})",
                    param_set(group),
                    test["tcId"],
                    test["reason"]
                );
                let set = param_set(group).to_owned();
                if test["reason"] == "no modification" {
                    accepted.insert(set);
                } else {
                    rejected.insert(set);
                }
            }
        });
    }
    assert_covers(&accepted, &KEM_SETS, "decapsulation-of-a-valid-ciphertext");
    assert_covers(&rejected, &KEM_SETS, "implicit-rejection");
}

#[test]
fn ml_dsa_key_generation_from_seed() {
    let doc = load();
    let mut seen = BTreeSet::new();
    for case in cases(&doc, "mlDsaKeyGen") {
        let seed: [u8; 32] = field(case, "seed").try_into().expect("seed is 32 bytes");
        dsa_params!(param_set(case), P => {
            let sk = SigningKey::<P>::from_seed(&seed.into());
            assert_eq!(up(sk.verifying_key().encode().as_slice()), text(case, "pk"),
                "pk of {}",
                label(case)
            );
            #[allow(deprecated)] // the expanded encoding is what ACVP publishes
            let expanded = sk.expanded_key().to_expanded();
            assert_eq!(up(expanded.as_slice()), text(case, "sk"), "sk of {}", label(case));
        });
        seen.insert(param_set(case).to_owned());
    }
    assert_covers(&seen, &DSA_SETS, "mlDsaKeyGen");
}

fn expanded_signing_key<P: MlDsaParams>(case: &Value) -> ExpandedSigningKey<P> {
    let sk = field(case, "sk");
    // ACVP gives the expanded sk only; from_expanded is deprecated in favour of seeds.
    #[allow(deprecated)]
    ExpandedSigningKey::<P>::from_expanded(
        sk.as_slice()
            .try_into()
            .expect("sk has the parameter set's length"),
    )
}

fn sign<P: MlDsaParams>(case: &Value) -> Vec<u8> {
    let sk = expanded_signing_key::<P>(case);
    let signature: Signature<P> = match case["interface"].as_str() {
        Some("external") => sk
            .sign_deterministic(&field(case, "message"), &field(case, "context"))
            .expect("context within 255 bytes"),
        Some("externalMu") => {
            let mu: [u8; 64] = field(case, "mu").try_into().expect("mu is 64 bytes");
            sk.sign_mu_deterministic(&mu.into())
        }
        Some("internal") => sk.sign_internal(&[&field(case, "message")], &[0u8; 32].into()),
        other => panic!("unknown interface {other:?} in {}", label(case)),
    };
    signature.encode().to_vec()
}

/// No stored ACVP sigGen file pairs final-format prompts with their signatures (README.md says
/// what was searched). While `mlDsaSigGen` is empty, the file itself must say why, in
/// `absent.mlDsaSigGen`: a missing or silently emptied array still fails.
#[test]
fn ml_dsa_deterministic_signing() {
    let doc = load();
    let list = doc["mlDsaSigGen"]
        .as_array()
        .expect("the vector file has no array mlDsaSigGen");
    if list.is_empty() {
        let why = doc["absent"]["mlDsaSigGen"].as_str().unwrap_or_default();
        assert!(
            !why.is_empty(),
            "no mlDsaSigGen cases, and no note in absent.mlDsaSigGen saying why"
        );
        println!("mlDsaSigGen: no cases: {why}");
        return;
    }
    let mut interfaces = BTreeSet::new();
    for case in list {
        let signature = dsa_params!(param_set(case), P => sign::<P>(case));
        assert_eq!(
            up(&signature),
            text(case, "signature"),
            "signature of {}",
            label(case)
        );
        interfaces.insert(case["interface"].as_str().expect("interface").to_owned());
    }
    println!("signing interfaces covered: {interfaces:?}");
}

fn verify<P: MlDsaParams>(case: &Value) -> bool {
    let pk = field(case, "pk");
    let vk = VerifyingKey::<P>::decode(pk.as_slice().try_into().expect("pk has the right length"));
    let Ok(signature) = Signature::<P>::try_from(field(case, "signature").as_slice()) else {
        return false; // a signature that does not even decode does not verify
    };
    match case["interface"].as_str() {
        Some("external") => {
            vk.verify_with_context(&field(case, "message"), &field(case, "context"), &signature)
        }
        Some("externalMu") => {
            let mu: [u8; 64] = field(case, "mu").try_into().expect("mu is 64 bytes");
            vk.verify_mu(&mu.into(), &signature)
        }
        Some("internal") => vk.verify_internal(&field(case, "message"), &signature),
        other => panic!("unknown interface {other:?} in {}", label(case)),
    }
}

#[test]
fn ml_dsa_signature_verification() {
    let doc = load();
    let (mut passed, mut failed) = (BTreeSet::new(), BTreeSet::new());
    for case in cases(&doc, "mlDsaSigVer") {
        let expected = case["testPassed"].as_bool().expect("testPassed");
        let got = dsa_params!(param_set(case), P => verify::<P>(case));
        assert_eq!(
            got,
            expected,
            "verification of {} ({})",
            label(case),
            case["reason"]
        );
        let set = param_set(case).to_owned();
        if expected {
            passed.insert(set);
        } else {
            failed.insert(set);
        }
    }
    assert_covers(&passed, &DSA_SETS, "sigVer-must-verify");
    assert_covers(&failed, &DSA_SETS, "sigVer-must-fail");
}

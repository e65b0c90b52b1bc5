//! Import unwrapping: arbitrary EncryptedKeyMaterial under every wrapping algorithm is refused
//! or unwrapped, never a panic. One RSA-2048 key, made once.
#![no_main]
use kms_wasm::crypto::rsa_wrap::{self, Algorithm};
use kms_wasm::env::SeededEntropy;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static KEY: OnceLock<Vec<u8>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let private = KEY.get_or_init(|| rsa_wrap::generate(2048, &mut SeededEntropy::new(3)).map(|k| k.0).unwrap_or_default());
    let mut entropy = SeededEntropy::new(4);
    for alg in ["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256", "RSA_AES_KEY_WRAP_SHA_1", "RSA_AES_KEY_WRAP_SHA_256"] {
        if let Some(alg) = Algorithm::from_aws(alg) {
            let _ = rsa_wrap::unwrap(private, alg, data, &mut entropy);
        }
    }
});

//! Import unwrapping (kms-wasm-extras' rsa_wrap, which the engine reaches through `env::Rsa`):
//! arbitrary EncryptedKeyMaterial under every wrapping algorithm is refused or unwrapped, never
//! a panic. One RSA-2048 key, made once.
#![no_main]
use kms_wasm_extras::rsa_wrap::{self, Algorithm};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static KEY: OnceLock<Vec<u8>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let private = KEY.get_or_init(|| rsa_wrap::key_pair_from_seed(2048, &[3; 32]).map(|k| k.0).unwrap_or_default());
    for alg in ["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256", "RSA_AES_KEY_WRAP_SHA_1", "RSA_AES_KEY_WRAP_SHA_256"] {
        if let Some(alg) = Algorithm::from_aws(alg) {
            let _ = rsa_wrap::unwrap(private, alg, data);
        }
    }
});

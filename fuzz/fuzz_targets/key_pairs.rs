//! Imported private keys and peer public keys (kms-wasm-extras' keypairs, which the engine
//! reaches through `key_crypto::KeyCrypto`): arbitrary DER as a private key of every spec, as a
//! signature, as an ECDH peer key, as an ML-KEM ciphertext or encapsulation key is refused or
//! used, never a panic.
#![no_main]
use kms_wasm_extras::keypairs;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for spec in keypairs::SPECS {
        let _ = keypairs::private_key(spec, data);
        let _ = keypairs::public_key(spec, data);
    }
    // A fixed P-256 key against arbitrary peers and signatures.
    if let Some(key) = keypairs::generate("ECC_NIST_P256", &[7; 32]) {
        let _ = keypairs::derive_shared_secret("ECC_NIST_P256", &key, data);
        let _ = keypairs::verify("ECC_NIST_P256", &key, "ECDSA_SHA_256", false, b"m", data);
    }
    if let Some(key) = keypairs::generate("ML_DSA_44", &[7; 32]) {
        let _ = keypairs::verify("ML_DSA_44", &key, "ML_DSA_SHAKE_256", false, b"m", data);
        let _ = keypairs::verify("ML_DSA_44", &key, "ML_DSA_SHAKE_256", true, data, &[0; 2420]);
    }
    if let Some(key) = keypairs::generate("ML_KEM_512", &[7; 32]) {
        let _ = keypairs::decapsulate("ML_KEM_512", &key, data);
        let _ = keypairs::encapsulate_to("ML_KEM_512", data, &[1; 32]);
    }
});

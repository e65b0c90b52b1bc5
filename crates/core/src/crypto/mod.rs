//! Cryptography with no KMS concepts: AES-256-GCM sealing (`aead`: the `kms-wasm-aead` crate,
//! or a cipher the host lends) and the ciphertext blob layout; the RSA of key-material import
//! is in kms-wasm-extras (`env::Rsa`), as are HMAC and key pairs (`key_crypto`); `mac` holds
//! the HMAC hashes and compares tags. Crate errors never escape: callers get `None`-style
//! results and decide which AWS exception that is. Depends on RustCrypto crates (sha2).

pub mod aead;
pub mod envelope;
pub mod mac;

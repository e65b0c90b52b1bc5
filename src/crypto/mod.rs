//! Cryptography with no KMS concepts: AES-256-GCM sealing (the `kms-wasm-aead` crate, built
//! for speed, or the host's on wasm32: `aead`) and the ciphertext blob layout; the RSA of key-material import is in
//! kms-wasm-extras (`env::Rsa`). Crate errors never escape: callers get `None`/`Err(())`-style
//! results and decide which AWS exception that is. Depends on RustCrypto crates and sha2 only.

pub mod aead;
pub mod envelope;

//! Cryptography with no KMS concepts: AES-256-GCM sealing (`aead`: the `kms-wasm-aead` crate,
//! built for speed, or on wasm32 the host's) and the ciphertext blob layout; the RSA of
//! key-material import is in kms-wasm-extras (`env::Rsa`). Crate errors never escape: callers
//! get `None`/`Err(())`-style results and decide which AWS exception that is. Depends on
//! RustCrypto crates, sha2 and, on wasm32, `host_aead`.

pub mod aead;
pub mod envelope;

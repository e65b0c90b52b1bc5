//! Cryptography with no KMS concepts: AES-256-GCM sealing (the `kms-wasm-aead` crate, built
//! for speed), the ciphertext blob layout, and RSA wrapping keys for key-material import.
//! Crate errors never escape: callers get `None`/`Err(())`-style results and decide which
//! AWS exception that is. Depends on RustCrypto crates and sha2 only.

pub use kms_wasm_aead as aead;
pub mod envelope;
pub mod rsa_wrap;

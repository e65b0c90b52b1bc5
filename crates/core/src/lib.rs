//! kms-wasm-core: AWS KMS as a pure, synchronous, deterministic Rust engine. Clock, randomness,
//! RSA and the other key types' cryptography come in through `env` and `key_crypto`; nothing here knows JS,
//! files or sockets (the `kms-wasm` crate at the repository root binds it to JS, storage and
//! the host's cipher).
//! Layers, inner first: `error`, `api` → `model` → `crypto`, `policy` → `engine` → `wire`.

pub mod api;
pub mod crypto;
pub mod engine;
pub mod env;
pub mod error;
pub mod key_crypto;
pub mod limits;
pub mod model;
mod policy;
pub mod wire;

pub use engine::{Caller, Config, Engine};
pub use error::KmsError;

#[cfg(test)]
mod tests;

//! kms-wasm: AWS KMS's key lifecycle as a pure, deterministic Rust engine, compiled to
//! WebAssembly for Node and the browser. Inner layers (`api`, `model`, `engine`, `crypto`,
//! `wire`) hold no JS types; `bindings`, `storage`, `extras` and `host_aead` are the wasm-only
//! edges.

pub mod api;
pub mod crypto;
pub mod engine;
pub mod env;
pub mod error;
pub mod model;
pub mod wire;

#[cfg(target_arch = "wasm32")]
mod bindings;
#[cfg(target_arch = "wasm32")]
mod extras;
#[cfg(target_arch = "wasm32")]
mod host_aead;
#[cfg(target_arch = "wasm32")]
mod storage;

pub use engine::{Caller, Config, Engine};

#[cfg(test)]
mod tests;
pub use error::KmsError;

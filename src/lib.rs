//! kms-wasm: the WebAssembly package around `kms-wasm-core`. Here live the edges the core must
//! not know: the JS bindings (`bindings`), the storage back-ends (`storage`), the glue to the
//! extras module (`extras`, `key_crypto_js`), the host's AES-GCM (`host_aead`) and the host's clock and RNG
//! (`host`). All of them are wasm32-only; natively this crate is the core re-exported.

pub use kms_wasm_core::{api, crypto, engine, env, error, key_crypto, limits, model, wire};
pub use kms_wasm_core::{Caller, Config, Engine, KmsError};

#[cfg(target_arch = "wasm32")]
mod bindings;
#[cfg(target_arch = "wasm32")]
mod extras;
#[cfg(target_arch = "wasm32")]
mod host;
#[cfg(target_arch = "wasm32")]
mod host_aead;
#[cfg(target_arch = "wasm32")]
mod key_crypto_js;
#[cfg(target_arch = "wasm32")]
mod storage;

// The lock record is pure Rust: its unit tests also run natively.
#[cfg(all(test, not(target_arch = "wasm32")))]
#[path = "storage/lock_record.rs"]
mod lock_record;

//! kms-wasm-extras-wasm: the second wasm module of the package (pkg/kms_wasm_extras*), the JS
//! surface of kms-wasm-extras: wrapping keys, key-material wrapping and unwrapping, Argon2id
//! (`keys`), asymmetric KMS keys (`keypairs`), HMAC (`mac`), `serve`'s SigV4 verifier
//! (`sigv4`) and seed documents (`seeds`, with the engine of kms-wasm-core). Empty natively.
//! Depends on kms-wasm-extras, kms-wasm-core, wasm-bindgen and js-sys.

#[cfg(target_arch = "wasm32")]
mod keypairs;
#[cfg(target_arch = "wasm32")]
mod keys;
#[cfg(target_arch = "wasm32")]
mod mac;
#[cfg(target_arch = "wasm32")]
mod seeds;
#[cfg(target_arch = "wasm32")]
mod sigv4;

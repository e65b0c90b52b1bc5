//! Key pairs in the engine: the injected `KeyCrypto` provider, new RSA/ECC/Ed25519 material
//! (RSA private keys from the wrapping-key pool when it has one of the size, since they are
//! the same PKCS#8 keys and making one takes seconds in wasm) and the calls that use a key's
//! private half. Depends on `key_crypto`, `key_specs` and `model`.

use super::ids::hex;
use super::key_specs::SpecKind;
use super::Engine;
use crate::api::Blob;
use crate::error::KmsError;
use crate::key_crypto::KeyCrypto;
use crate::model::{Key, Material};
use zeroize::Zeroizing;

/// The provider failed (for instance the extras module is not loaded): an internal error.
pub(crate) fn unavailable(why: String) -> KmsError {
    KmsError::Internal(format!("asymmetric cryptography is unavailable: {why}"))
}

impl Engine {
    /// Replaces the provider of HMAC, RSA, ECC and Ed25519 (see `key_crypto::KeyCrypto`).
    pub fn set_key_crypto(&mut self, provider: Box<dyn KeyCrypto>) {
        self.key_crypto = provider;
    }

    pub(crate) fn key_crypto(&self) -> &dyn KeyCrypto {
        self.key_crypto.as_ref()
    }

    /// 32 bytes from the injected entropy, for a provider call that needs randomness.
    pub(crate) fn seed(&mut self) -> Zeroizing<[u8; 32]> {
        let mut seed = Zeroizing::new([0u8; 32]);
        self.entropy.fill(seed.as_mut());
        seed
    }

    /// A new private key of `spec` as PKCS#8: an RSA key from the pool when one of the size is
    /// waiting, else made by the provider from a seed of the injected entropy.
    pub(crate) fn new_private_key(&mut self, spec: &str) -> Result<Zeroizing<Vec<u8>>, KmsError> {
        if let Some(SpecKind::Rsa(bits)) = SpecKind::of(spec) {
            if let Some(i) = self.wrapping_pool.iter().position(|(b, _)| *b == bits) {
                return Ok(Zeroizing::new(self.wrapping_pool.swap_remove(i).1));
            }
        }
        let seed = self.seed();
        self.key_crypto
            .generate(spec, &seed)
            .map_err(unavailable)?
            .map(Zeroizing::new)
            .ok_or_else(|| KmsError::Internal(format!("no {spec} key could be made")))
    }

    /// The material of a new key pair of `spec`, made at `at`.
    pub(crate) fn new_pair_material(&mut self, spec: &str, at: i64) -> Result<Material, KmsError> {
        let private = self.new_private_key(spec)?;
        let id_bytes: [u8; 32] = self.random_bytes();
        Ok(Material {
            id: hex(&id_bytes),
            secret: Some(Blob(private.to_vec())),
            created_ms: at,
            rotation_type: None,
            import: None,
        })
    }

    /// The DER SubjectPublicKeyInfo of a key pair's key.
    pub(crate) fn public_key_of(&self, key: &Key) -> Result<Vec<u8>, KmsError> {
        let private = private_of(key)?;
        self.key_crypto
            .public_key(&key.key_spec, private)
            .map_err(unavailable)?
            .ok_or_else(|| KmsError::Internal("the key's private key does not parse".into()))
    }
}

/// The PKCS#8 private key of a key pair (its one material, present unless imported material
/// was deleted, which the key-state checks catch first).
pub(crate) fn private_of(key: &Key) -> Result<&[u8], KmsError> {
    key.current_material()
        .and_then(|m| m.secret.as_ref())
        .map(|s| s.0.as_slice())
        .ok_or_else(|| KmsError::Internal("the key has no usable key material".into()))
}

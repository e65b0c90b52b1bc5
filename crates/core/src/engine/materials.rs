//! Key material over time: new backing keys and rotation (automatic, on demand, on schedule),
//! the pool of RSA wrapping keys that the JS edge fills off the main thread (and the injected
//! `env::Rsa` when it is empty), the expiry of imported material at its ValidTo, and pruning of
//! old import parameters. Depends on `env`, `limits` and `model`.

use super::ids::hex;
use super::Engine;
use crate::api::{Blob, KeyState};
use crate::env::Rsa;
use crate::error::KmsError;
use crate::limits::{DAY_MS, DEFAULT_ROTATION_PERIOD_DAYS, EXPIRED_TOKEN_MEMORY_MS};
use crate::model::Material;
use zeroize::Zeroizing;

impl Engine {
    /// Adds a wrapping key pair made elsewhere (a worker thread), so GetParametersForImport
    /// need not generate an RSA key on the caller's thread. Returns its size in bits.
    pub fn supply_wrapping_key(&mut self, pkcs8: &[u8]) -> Result<usize, KmsError> {
        let (_, bits) = self
            .rsa
            .public_of(pkcs8)
            .map_err(|why| KmsError::Internal(format!("RSA is unavailable: {why}")))?
            .ok_or_else(|| {
                KmsError::Validation("the wrapping key is not an RSA PKCS#8 private key".into())
            })?;
        if !matches!(bits, 2048 | 3072 | 4096) {
            return Err(KmsError::Validation(format!(
                "wrapping keys are RSA 2048, 3072 or 4096 bits, not {bits}"
            )));
        }
        self.wrapping_pool.push((bits, pkcs8.to_vec()));
        Ok(bits)
    }

    /// How many ready wrapping keys of `bits` are waiting in the pool.
    pub fn wrapping_keys_ready(&self, bits: usize) -> usize {
        self.wrapping_pool
            .iter()
            .filter(|(b, _)| *b == bits)
            .count()
    }

    /// Replaces the RSA provider: what makes wrapping keys when the pool is empty, derives
    /// public keys and unwraps imported material (see `env::Rsa`).
    pub fn set_rsa(&mut self, rsa: Box<dyn Rsa>) {
        self.rsa = rsa;
    }

    /// A wrapping key pair of `bits`: from the pool, or made here when it is empty from a seed
    /// drawn from the injected entropy (so a seeded engine makes the same keys every run).
    pub(super) fn wrapping_key(&mut self, bits: usize) -> Result<(Vec<u8>, Vec<u8>), KmsError> {
        let private = match self.wrapping_pool.iter().position(|(b, _)| *b == bits) {
            Some(i) => self.wrapping_pool.swap_remove(i).1,
            None => {
                let mut seed = Zeroizing::new([0u8; 32]);
                self.entropy.fill(seed.as_mut());
                self.rsa.make(bits, &seed).map_err(|why| {
                    KmsError::Internal(format!("RSA key generation failed: {why}"))
                })?
            }
        };
        let public = self
            .rsa
            .public_of(&private)
            .map_err(|why| KmsError::Internal(format!("RSA is unavailable: {why}")))?;
        match public {
            Some((public, made)) if made == bits => Ok((private, public)),
            _ => Err(KmsError::Internal(format!(
                "the wrapping key made is not an RSA {bits}-bit PKCS#8 key"
            ))),
        }
    }

    /// Deletes imported material whose ValidTo has come, stamped at ValidTo.
    pub(crate) fn expire_material(&mut self, key_id: &str, material_id: &str, at: i64) {
        let Some(key) = self.state.keys.get_mut(key_id) else {
            return;
        };
        let all = key.materials.iter_mut().chain(key.pending.iter_mut());
        for m in all.filter(|m| m.id == material_id) {
            m.secret = None;
        }
        if matches!(key.state, KeyState::Enabled | KeyState::Disabled)
            && !key.all_material_present()
        {
            key.state = KeyState::PendingImport;
        }
        let arn = key.arn.clone();
        self.touch_key(key_id);
        self.record_service_event("DeleteExpiredKeyMaterial", &arn, key_id, at);
    }

    /// Forgets import parameters long expired (their private keys go at expiry).
    pub(crate) fn prune_imports(&mut self, now: i64) {
        let touched: Vec<String> = self
            .state
            .imports
            .iter()
            .filter(|(_, p)| {
                p.expires_ms <= now
                    && (p.private_key.is_some() || p.expires_ms + EXPIRED_TOKEN_MEMORY_MS <= now)
            })
            .map(|(t, _)| t.clone())
            .collect();
        for token in touched {
            let forget = self
                .state
                .imports
                .get(&token)
                .is_some_and(|p| p.expires_ms + EXPIRED_TOKEN_MEMORY_MS <= now);
            if forget {
                self.state.imports.remove(&token);
            } else if let Some(p) = self.state.imports.get_mut(&token) {
                p.private_key = None;
            }
            self.touch_import(&token);
        }
    }
}

impl Engine {
    /// A fresh AES-256 backing key with a random 256-bit material id.
    pub(crate) fn new_material(&mut self, at: i64, rotation_type: Option<&str>) -> Material {
        self.new_material_of(32, at, rotation_type)
    }

    /// A new material of `len` random bytes (an HMAC key is as long as its hash's output).
    pub(crate) fn new_material_of(
        &mut self,
        len: usize,
        at: i64,
        rotation_type: Option<&str>,
    ) -> Material {
        let id_bytes: [u8; 32] = self.random_bytes();
        Material {
            id: hex(&id_bytes),
            secret: Some(Blob(self.random_vec(len))),
            created_ms: at,
            rotation_type: rotation_type.map(str::to_string),
            import: None,
        }
    }

    /// Makes a new backing key current at `at` and records the service event for automatic
    /// rotations. Older materials stay, so older ciphertext still decrypts.
    pub(crate) fn rotate(&mut self, key_id: &str, at: i64, rotation_type: &str) {
        let material = self.new_material(at, Some(rotation_type));
        let Some(key) = self.state.keys.get_mut(key_id) else {
            return;
        };
        key.materials.push(material);
        let arn = key.arn.clone();
        self.touch_key(key_id);
        if rotation_type == "AUTOMATIC" {
            self.record_service_event("RotateKey", &arn, key_id, at);
        }
    }

    /// An automatic rotation at `at`, and the schedule restarted a full period later.
    pub(crate) fn rotate_on_schedule(&mut self, key_id: &str, at: i64) {
        self.rotate(key_id, at, "AUTOMATIC");
        if let Some(k) = self.state.keys.get_mut(key_id) {
            let days = k
                .rotation
                .period_days
                .unwrap_or(DEFAULT_ROTATION_PERIOD_DAYS);
            k.rotation.next_ms = Some(at + days.max(1) as i64 * DAY_MS);
            self.touch_key(key_id);
        }
    }
}

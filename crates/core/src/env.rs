//! The engine's injected inputs: a base clock, a source of randomness and the RSA of key import,
//! as traits. `ManualClock`/`SeededEntropy` make tests and demos deterministic; the host's real
//! clock and RNG live with the bindings (`kms-wasm`'s `host` module). RSA is kms-wasm-extras:
//! linked natively, injected on wasm32 (a separate module). Depends on sha2 only.

use sha2::{Digest, Sha256};
use std::cell::Cell;
use std::rc::Rc;

/// A base clock in epoch milliseconds. Virtual time is this plus the offset kept in state.
pub trait Clock {
    fn now_ms(&self) -> i64;
}

/// A clock that only moves when told to; shared so a test can hold a handle to it.
#[derive(Clone, Default)]
pub struct ManualClock(Rc<Cell<i64>>);

impl ManualClock {
    pub fn new(start_ms: i64) -> Self {
        Self(Rc::new(Cell::new(start_ms)))
    }
    pub fn set(&self, ms: i64) {
        self.0.set(ms)
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> i64 {
        self.0.get()
    }
}

/// A source of random bytes for key material, nonces, ids and tokens.
pub trait Entropy {
    fn fill(&mut self, buf: &mut [u8]);
}

/// Deterministic bytes from a seed (SHA-256 in counter mode). For tests and reproducible
/// demos only: never for real secrets.
pub struct SeededEntropy {
    seed: u64,
    counter: u64,
}

impl SeededEntropy {
    pub fn new(seed: u64) -> Self {
        Self { seed, counter: 0 }
    }
}

impl Entropy for SeededEntropy {
    fn fill(&mut self, buf: &mut [u8]) {
        for chunk in buf.chunks_mut(32) {
            let mut h = Sha256::new();
            h.update(self.seed.to_le_bytes());
            h.update(self.counter.to_le_bytes());
            self.counter += 1;
            let block = h.finalize();
            chunk.copy_from_slice(&block[..chunk.len()]);
        }
    }
}

/// The RSA the engine needs for importing key material, kept outside it because the code is big
/// and no other operation needs it: natively kms-wasm-extras, on wasm32 the extras module
/// reached through JS (`crate::extras`). `Err` means the provider itself failed (for instance,
/// the extras module is not loaded); a key or a ciphertext that does not work is `Ok(None)`.
pub trait Rsa {
    /// A private key of `bits` as PKCS#8 DER from a 32-byte seed (drawn from the engine's
    /// `Entropy`); the same seed must give the same key, so a seeded service stays deterministic.
    fn make(&self, bits: usize, seed: &[u8; 32]) -> Result<Vec<u8>, String>;
    /// The SubjectPublicKeyInfo DER of a PKCS#8 private key and its modulus size in bits.
    fn public_of(&self, pkcs8: &[u8]) -> Result<Option<(Vec<u8>, usize)>, String>;
    /// The material `wrapped` holds under `algorithm` (an AWS WrappingAlgorithm name).
    fn unwrap(
        &self,
        pkcs8: &[u8],
        algorithm: &str,
        wrapped: &[u8],
    ) -> Result<Option<Vec<u8>>, String>;
}

/// Native builds: kms-wasm-extras, linked in.
#[cfg(not(target_arch = "wasm32"))]
pub struct ExtrasRsa;

#[cfg(not(target_arch = "wasm32"))]
impl Rsa for ExtrasRsa {
    fn make(&self, bits: usize, seed: &[u8; 32]) -> Result<Vec<u8>, String> {
        kms_wasm_extras::wrapping_key_from_seed(bits, seed)
            .ok_or_else(|| format!("no RSA key of {bits} bits"))
    }
    fn public_of(&self, pkcs8: &[u8]) -> Result<Option<(Vec<u8>, usize)>, String> {
        Ok(kms_wasm_extras::rsa_wrap::public_of(pkcs8))
    }
    fn unwrap(
        &self,
        pkcs8: &[u8],
        algorithm: &str,
        wrapped: &[u8],
    ) -> Result<Option<Vec<u8>>, String> {
        use kms_wasm_extras::rsa_wrap::{unwrap, Algorithm};
        let alg = Algorithm::from_aws(algorithm)
            .ok_or_else(|| format!("unknown wrapping algorithm {algorithm}"))?;
        Ok(unwrap(pkcs8, alg, wrapped))
    }
}

/// wasm32 until the bindings install the JS-backed provider: every request fails, saying why.
#[cfg(target_arch = "wasm32")]
pub struct NoRsa;

#[cfg(target_arch = "wasm32")]
impl NoRsa {
    const WHY: &str = "this engine has no RSA provider";
}

#[cfg(target_arch = "wasm32")]
impl Rsa for NoRsa {
    fn make(&self, _bits: usize, _seed: &[u8; 32]) -> Result<Vec<u8>, String> {
        Err(Self::WHY.into())
    }
    fn public_of(&self, _pkcs8: &[u8]) -> Result<Option<(Vec<u8>, usize)>, String> {
        Err(Self::WHY.into())
    }
    fn unwrap(&self, _: &[u8], _: &str, _: &[u8]) -> Result<Option<Vec<u8>>, String> {
        Err(Self::WHY.into())
    }
}

/// The RSA provider an engine starts with.
pub fn default_rsa() -> Box<dyn Rsa> {
    #[cfg(not(target_arch = "wasm32"))]
    return Box::new(ExtrasRsa);
    #[cfg(target_arch = "wasm32")]
    return Box::new(NoRsa);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_entropy_is_reproducible_and_seed_dependent() {
        let (mut a, mut b, mut c) = (
            SeededEntropy::new(1),
            SeededEntropy::new(1),
            SeededEntropy::new(2),
        );
        let (mut x, mut y, mut z) = ([0u8; 48], [0u8; 48], [0u8; 48]);
        a.fill(&mut x);
        b.fill(&mut y);
        c.fill(&mut z);
        assert_eq!(x, y);
        assert_ne!(x, z);
    }

    #[test]
    fn manual_clock_moves_only_when_set() {
        let c = ManualClock::new(5);
        let d = c.clone();
        d.set(9);
        assert_eq!(c.now_ms(), 9);
    }
}

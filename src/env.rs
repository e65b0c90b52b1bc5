//! The engine's two injected inputs: a base clock and a source of randomness.
//! `SystemClock`/`OsEntropy` are the production sources (the only code here that touches
//! js-sys, behind cfg); `ManualClock`/`SeededEntropy` make tests deterministic.

use sha2::{Digest, Sha256};
use std::cell::Cell;
use std::rc::Rc;

/// A base clock in epoch milliseconds. Virtual time is this plus the offset kept in state.
pub trait Clock {
    fn now_ms(&self) -> i64;
}

/// Wall-clock time.
pub struct SystemClock;

impl Clock for SystemClock {
    #[cfg(not(target_arch = "wasm32"))]
    fn now_ms(&self) -> i64 {
        use std::time::{SystemTime, UNIX_EPOCH};
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0)
    }
    #[cfg(target_arch = "wasm32")]
    fn now_ms(&self) -> i64 {
        js_sys::Date::now() as i64
    }
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

/// The operating system's RNG (`crypto.getRandomValues` on wasm32).
pub struct OsEntropy;

impl Entropy for OsEntropy {
    fn fill(&mut self, buf: &mut [u8]) {
        // getrandom only fails when the platform has no RNG at all; there is no sensible way to
        // go on without randomness, so that is treated as a broken invariant.
        if getrandom::fill(buf).is_err() {
            panic!("the platform random number generator is unavailable");
        }
    }
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

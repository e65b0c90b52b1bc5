//! wasm32 only: the host's wall clock (`Date.now()`) and random source
//! (`crypto.getRandomValues`), the production inputs the core takes through its `env` traits.
//! Depends on js-sys and getrandom.

use crate::env::{Clock, Entropy};

/// Wall-clock time.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        js_sys::Date::now() as i64
    }
}

/// The host's cryptographic RNG.
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

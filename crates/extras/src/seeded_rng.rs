//! `SeedStream`, the deterministic CSPRNG that RSA key generation draws from: SHA-256 in
//! counter mode over a 32-byte seed. Block i is SHA-256(DOMAIN || seed || i as u64 LE); the
//! stream is the blocks in order, each byte used once. With a secret, uniformly random seed
//! the output is indistinguishable from random (SHA-256 as a PRF); with a public seed (a test's
//! `randomSeed`) it is reproducible and predictable, which is the point.

use rsa::rand_core::{TryCryptoRng, TryRng};
use sha2::{Digest, Sha256};
use std::convert::Infallible;
use zeroize::Zeroize;

/// Keeps this stream apart from any other use of SHA-256 over the same seed.
const DOMAIN: &[u8] = b"kms-wasm-extras SeedStream v1\0";

/// Deterministic random bytes expanded from a 32-byte seed. Changing how bytes are drawn
/// changes every seeded wrapping key, so the layout above is fixed (hence "v1").
pub struct SeedStream {
    seed: [u8; 32],
    counter: u64,
    block: [u8; 32],
    /// Bytes of `block` already handed out (32: none left).
    used: usize,
}

impl SeedStream {
    pub fn new(seed: &[u8; 32]) -> Self {
        Self {
            seed: *seed,
            counter: 0,
            block: [0; 32],
            used: 32,
        }
    }

    fn refill(&mut self) {
        let mut h = Sha256::new();
        h.update(DOMAIN);
        h.update(self.seed);
        h.update(self.counter.to_le_bytes());
        self.block.copy_from_slice(&h.finalize());
        self.counter += 1;
        self.used = 0;
    }

    /// Fills `out` with the next bytes of the stream.
    pub fn fill(&mut self, mut out: &mut [u8]) {
        while !out.is_empty() {
            if self.used == self.block.len() {
                self.refill();
            }
            let n = out.len().min(self.block.len() - self.used);
            out[..n].copy_from_slice(&self.block[self.used..self.used + n]);
            // Handed-out bytes are not kept around in the buffer.
            self.block[self.used..self.used + n].zeroize();
            self.used += n;
            out = &mut out[n..];
        }
    }
}

impl Drop for SeedStream {
    fn drop(&mut self) {
        self.seed.zeroize();
        self.block.zeroize();
    }
}

impl TryRng for SeedStream {
    type Error = Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let mut b = [0u8; 4];
        self.fill(&mut b);
        Ok(u32::from_le_bytes(b))
    }
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut b = [0u8; 8];
        self.fill(&mut b);
        Ok(u64::from_le_bytes(b))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        self.fill(dst);
        Ok(())
    }
}

/// The stream is a CSPRNG when its seed is secret (see the module comment).
impl TryCryptoRng for SeedStream {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_zero_is_sha256_of_domain_seed_and_counter() {
        let seed = [7u8; 32];
        let mut out = [0u8; 40];
        SeedStream::new(&seed).fill(&mut out);
        let mut h = Sha256::new();
        h.update(DOMAIN);
        h.update(seed);
        h.update(0u64.to_le_bytes());
        assert_eq!(out[..32], h.finalize()[..]);
    }

    #[test]
    fn draws_of_any_size_make_the_same_stream() {
        let mut whole = [0u8; 100];
        SeedStream::new(&[3; 32]).fill(&mut whole);
        let mut s = SeedStream::new(&[3; 32]);
        let mut pieces = Vec::new();
        for n in [1, 4, 27, 8, 32, 28] {
            let mut b = vec![0u8; n];
            s.fill(&mut b);
            pieces.extend(b);
        }
        assert_eq!(pieces, whole);
        let mut other = [0u8; 100];
        SeedStream::new(&[4; 32]).fill(&mut other);
        assert_ne!(other, whole);
    }
}

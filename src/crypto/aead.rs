//! AES-256-GCM as the engine and the sealed file store use it: the software cipher of
//! kms-wasm-aead (its own crate, built for speed) or, on wasm32, the host's (`host_aead`, which
//! Node's entry installs) for messages long enough for the crossing to pay. Both give the same
//! bytes (tested from Node). Depends on kms-wasm-aead, zeroize and, on wasm32, `host_aead`.

pub use kms_wasm_aead::{wipe, KEY_LEN, NONCE_LEN, TAG_LEN};

/// Messages shorter than this stay in software. node:crypto makes a cipher object per call:
/// with warm caches it wins from ~400 bytes, but between other work (a server, a test
/// suite), when its own code is cold too, only from ~1.2 KiB; at 1 KiB it still wins inside
/// `serve`. Measured, see README, Performance.
#[cfg(target_arch = "wasm32")]
const HOST_MIN_LEN: usize = 1024;

/// An AES-256-GCM key, expanded once and kept by callers that use the same key many times.
pub struct Cipher {
    soft: kms_wasm_aead::Cipher,
    /// The raw key, for the host cipher (which takes it per call); wiped on drop.
    #[cfg(target_arch = "wasm32")]
    key: zeroize::Zeroizing<[u8; KEY_LEN]>,
}

impl Cipher {
    /// `None` for a key that is not `KEY_LEN` bytes.
    pub fn new(key: &[u8]) -> Option<Self> {
        Some(Self {
            soft: kms_wasm_aead::Cipher::new(key)?,
            #[cfg(target_arch = "wasm32")]
            key: zeroize::Zeroizing::new(key.try_into().ok()?),
        })
    }

    /// Encrypts `plaintext`; returns ciphertext followed by the tag.
    pub fn seal(&self, nonce: &[u8; NONCE_LEN], plaintext: &[u8], aad: &[u8]) -> Option<Vec<u8>> {
        #[cfg(target_arch = "wasm32")]
        if plaintext.len() >= HOST_MIN_LEN {
            if let Some(out) = crate::host_aead::seal(&self.key[..], nonce, aad, plaintext) {
                return Some(out);
            }
        }
        self.soft.seal(nonce, plaintext, aad)
    }

    /// Decrypts and authenticates ciphertext‖tag; `None` if anything does not verify.
    pub fn open(&self, nonce: &[u8], sealed: &[u8], aad: &[u8]) -> Option<Vec<u8>> {
        #[cfg(target_arch = "wasm32")]
        if sealed.len() >= HOST_MIN_LEN + TAG_LEN && nonce.len() == NONCE_LEN {
            if let Some(out) = crate::host_aead::open(&self.key[..], nonce, aad, sealed) {
                return out;
            }
        }
        self.soft.open(nonce, sealed, aad)
    }
}

/// Encrypts `plaintext` under `key`; `None` only for a key of the wrong length.
pub fn seal(key: &[u8], nonce: &[u8; NONCE_LEN], plaintext: &[u8], aad: &[u8]) -> Option<Vec<u8>> {
    Cipher::new(key)?.seal(nonce, plaintext, aad)
}

/// Decrypts and authenticates ciphertext‖tag under `key`; `None` if anything does not verify.
pub fn open(key: &[u8], nonce: &[u8], sealed: &[u8], aad: &[u8]) -> Option<Vec<u8>> {
    Cipher::new(key)?.open(nonce, sealed, aad)
}

//! AES-256-GCM as the engine and the sealed file store use it: the software cipher of
//! kms-wasm-aead (its own crate, built for speed) or, when the host lends one through
//! `set_host` (Node's entry lends node:crypto's), the host's for messages long enough for the
//! crossing to pay. Both give the same bytes. Depends on kms-wasm-aead and zeroize.

pub use kms_wasm_aead::{wipe, KEY_LEN, NONCE_LEN, TAG_LEN};
use std::cell::RefCell;

/// Messages shorter than this stay in software. node:crypto makes a cipher object per call:
/// with warm caches it wins from ~400 bytes, but between other work (a server, a test
/// suite), when its own code is cold too, only from ~1.2 KiB; at 1 KiB it still wins inside
/// `serve`. Measured: see docs/performance.md.
pub const HOST_MIN_LEN: usize = 1024;

/// An AES-256-GCM implementation the host lends, which must give the software cipher's bytes.
/// The key is passed per call (the host keeps no key objects).
pub trait HostAead {
    /// ciphertext ‖ tag; `None` when the host failed, and the caller seals in software.
    fn seal(&self, key: &[u8], nonce: &[u8], aad: &[u8], plaintext: &[u8]) -> Option<Vec<u8>>;
    /// `Some(Some(plaintext))`; `Some(None)` when it does not authenticate; `None` when the
    /// host failed, and the caller opens in software.
    fn open(&self, key: &[u8], nonce: &[u8], aad: &[u8], sealed: &[u8]) -> Option<Option<Vec<u8>>>;
}

// One slot per thread: the host is per module instance, and the cipher is used both by the
// engine and by the sealed file store, so it is not a field of either.
thread_local! {
    static HOST: RefCell<Option<Box<dyn HostAead>>> = const { RefCell::new(None) };
}

/// Lends (or, with `None`, takes back) the host's AES-256-GCM for this thread.
pub fn set_host(host: Option<Box<dyn HostAead>>) {
    HOST.with(|h| *h.borrow_mut() = host);
}

fn with_host<T>(f: impl FnOnce(&dyn HostAead) -> Option<T>) -> Option<T> {
    HOST.with(|h| h.borrow().as_deref().and_then(f))
}

/// An AES-256-GCM key, expanded once and kept by callers that use the same key many times.
pub struct Cipher {
    soft: kms_wasm_aead::Cipher,
    /// The raw key, for the host cipher (which takes it per call); wiped on drop.
    key: zeroize::Zeroizing<[u8; KEY_LEN]>,
}

impl Cipher {
    /// `None` for a key that is not `KEY_LEN` bytes.
    pub fn new(key: &[u8]) -> Option<Self> {
        Some(Self {
            soft: kms_wasm_aead::Cipher::new(key)?,
            key: zeroize::Zeroizing::new(key.try_into().ok()?),
        })
    }

    /// Encrypts `plaintext`; returns ciphertext followed by the tag.
    pub fn seal(&self, nonce: &[u8; NONCE_LEN], plaintext: &[u8], aad: &[u8]) -> Option<Vec<u8>> {
        if plaintext.len() >= HOST_MIN_LEN {
            if let Some(out) = with_host(|h| h.seal(&self.key[..], nonce, aad, plaintext)) {
                return Some(out);
            }
        }
        self.soft.seal(nonce, plaintext, aad)
    }

    /// Decrypts and authenticates ciphertext‖tag; `None` if anything does not verify.
    pub fn open(&self, nonce: &[u8], sealed: &[u8], aad: &[u8]) -> Option<Vec<u8>> {
        if sealed.len() >= HOST_MIN_LEN + TAG_LEN && nonce.len() == NONCE_LEN {
            if let Some(out) = with_host(|h| h.open(&self.key[..], nonce, aad, sealed)) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::rc::Rc;

    /// A host that counts its calls and answers with the software cipher, or fails on demand.
    struct Counting {
        calls: Rc<Cell<u32>>,
        fail: bool,
    }

    impl HostAead for Counting {
        fn seal(&self, key: &[u8], nonce: &[u8], aad: &[u8], pt: &[u8]) -> Option<Vec<u8>> {
            self.calls.set(self.calls.get() + 1);
            let nonce: &[u8; NONCE_LEN] = nonce.try_into().ok()?;
            (!self.fail).then(|| kms_wasm_aead::Cipher::new(key)?.seal(nonce, pt, aad))?
        }
        fn open(&self, key: &[u8], nonce: &[u8], aad: &[u8], ct: &[u8]) -> Option<Option<Vec<u8>>> {
            self.calls.set(self.calls.get() + 1);
            (!self.fail)
                .then(|| kms_wasm_aead::Cipher::new(key).and_then(|c| c.open(nonce, ct, aad)))
        }
    }

    fn lend(fail: bool) -> Rc<Cell<u32>> {
        let calls = Rc::new(Cell::new(0));
        set_host(Some(Box::new(Counting {
            calls: calls.clone(),
            fail,
        })));
        calls
    }

    #[test]
    fn the_host_takes_messages_from_host_min_len_and_gives_the_software_bytes() {
        let (key, nonce) = ([5u8; KEY_LEN], [9u8; NONCE_LEN]);
        for len in [0, HOST_MIN_LEN - 1, HOST_MIN_LEN, 4096] {
            let pt = vec![0xa5; len];
            set_host(None);
            let soft = seal(&key, &nonce, &pt, b"aad").unwrap();
            let calls = lend(false);
            let hosted = seal(&key, &nonce, &pt, b"aad").unwrap();
            assert_eq!(hosted, soft, "{len} bytes");
            assert_eq!(open(&key, &nonce, &hosted, b"aad").unwrap(), pt);
            let expected = if len >= HOST_MIN_LEN { 2 } else { 0 };
            assert_eq!(calls.get(), expected, "host calls for {len} bytes");
        }
        set_host(None);
    }

    #[test]
    fn a_failing_host_falls_back_to_software_but_a_refusal_stands() {
        let (key, nonce) = ([5u8; KEY_LEN], [9u8; NONCE_LEN]);
        let pt = vec![1u8; 2 * HOST_MIN_LEN];
        let calls = lend(true);
        let sealed = seal(&key, &nonce, &pt, b"").unwrap();
        assert_eq!(open(&key, &nonce, &sealed, b"").unwrap(), pt);
        assert_eq!(calls.get(), 2);
        lend(false);
        let mut forged = sealed.clone();
        forged[0] ^= 1;
        assert_eq!(open(&key, &nonce, &forged, b""), None);
        set_host(None);
    }
}

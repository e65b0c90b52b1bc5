//! A small per-thread cache of parsed keys: Sign, Verify, Encrypt, Decrypt, DeriveSharedSecret
//! and GetPublicKey receive the same stored PKCS#8 again and again, and decoding it costs more
//! than the operation for ECDSA (the public point is recomputed from the scalar) and RSA
//! verification (the key is validated and its CRT values precomputed). Depends on sha2 and `spec`.

use super::spec::Spec;
use sha2::{Digest, Sha256};
use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

/// Keys kept per thread. A service signs with a few keys at a time; each entry costs at most a
/// few KB (RSA_4096 with its CRT values), and a miss only costs what every call cost before.
const CAPACITY: usize = 8;

/// A parsed key and the fingerprint of what it was parsed from.
struct Entry {
    id: [u8; 32],
    key: Rc<dyn Any>,
}

thread_local! {
    /// Least recently used first. Dropping an entry drops its key, and every key type cached
    /// here (ecdsa's, ed25519-dalek's and ml-dsa's `SigningKey`, rsa's `PrivateKey`, ml-kem's
    /// `DecapsulationKey`) wipes its secret on drop, so evicted keys do not linger in memory.
    static CACHE: RefCell<Vec<Entry>> = const { RefCell::new(Vec::new()) };
}

/// SHA-256 of the spec and the DER, rather than the DER itself: the cache keeps no second copy
/// of the secret bytes, and comparing digests tells nothing about them in its timing. The spec
/// is part of it because the same bytes parse differently (or not at all) under another spec.
fn fingerprint(spec: Spec, der: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"kms-wasm-extras parsed key v1\0");
    let (kind, bits) = match spec {
        Spec::Rsa(bits) => (0u8, bits as u64),
        Spec::P256 => (1, 0),
        Spec::P384 => (2, 0),
        Spec::P521 => (3, 0),
        Spec::Secp256k1 => (4, 0),
        Spec::Ed25519 => (5, 0),
        Spec::MlDsa(level) => (6, u64::from(level)),
        Spec::MlKem(level) => (7, u64::from(level)),
    };
    h.update([kind]);
    h.update(bits.to_le_bytes());
    h.update(der);
    h.finalize().into()
}

/// `parse(der)` for a key of `spec`, taken from the cache when these bytes were parsed as
/// `spec` recently. `parse` must depend on nothing but `spec` and `der` (it is `T`'s only
/// producer for that spec), so a hit answers exactly what parsing again would. Failures are
/// not cached: garbage is parsed, and refused, every time.
pub(super) fn parsed<T: 'static>(
    spec: Spec,
    der: &[u8],
    parse: impl FnOnce(&[u8]) -> Option<T>,
) -> Option<Rc<T>> {
    let id = fingerprint(spec, der);
    // A spec has one key type, so the downcast only fails if a caller broke that rule; then
    // the key is parsed afresh and replaces the entry.
    if let Some(key) = with_cache(|cache| hit(cache, &id)).and_then(|k| k.downcast::<T>().ok()) {
        return Some(key);
    }
    let key = Rc::new(parse(der)?);
    with_cache(|cache| {
        cache.retain(|e| e.id != id);
        if cache.len() >= CAPACITY {
            cache.remove(0);
        }
        cache.push(Entry {
            id,
            key: Rc::clone(&key) as Rc<dyn Any>,
        });
        Some(())
    });
    Some(key)
}

/// The entry `id`, now the most recently used.
fn hit(cache: &mut Vec<Entry>, id: &[u8; 32]) -> Option<Rc<dyn Any>> {
    let i = cache.iter().position(|e| e.id == *id)?;
    let entry = cache.remove(i);
    let key = Rc::clone(&entry.key);
    cache.push(entry);
    Some(key)
}

/// `f` on this thread's cache; `None` instead of a panic if the cache is gone (a thread
/// being torn down) or in use, in which case the caller simply parses without it.
fn with_cache<R>(f: impl FnOnce(&mut Vec<Entry>) -> Option<R>) -> Option<R> {
    CACHE
        .try_with(|cache| f(&mut *cache.try_borrow_mut().ok()?))
        .ok()
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn hits_skip_parsing_and_the_spec_is_part_of_the_key() {
        let calls = Cell::new(0);
        let parse = |der: &[u8]| {
            calls.set(calls.get() + 1);
            (!der.is_empty()).then(|| der.to_vec())
        };
        let der = b"cache test key";
        assert_eq!(*parsed(Spec::P256, der, parse).unwrap(), der);
        assert_eq!(*parsed(Spec::P256, der, parse).unwrap(), der);
        assert_eq!(calls.get(), 1);
        assert!(parsed(Spec::P384, der, parse).is_some());
        assert_eq!(calls.get(), 2, "another spec is another entry");
        assert!(parsed(Spec::P256, b"", parse).is_none());
        assert!(parsed(Spec::P256, b"", parse).is_none());
        assert_eq!(calls.get(), 4, "failures are not cached");
    }

    #[test]
    fn the_cache_is_bounded_and_forgets_the_least_recently_used() {
        let calls = Cell::new(0);
        let parse = |der: &[u8]| {
            calls.set(calls.get() + 1);
            Some(der.to_vec())
        };
        let keys: Vec<[u8; 1]> = (0..=CAPACITY as u8).map(|i| [i]).collect();
        for k in &keys[..CAPACITY] {
            parsed(Spec::Ed25519, k, parse);
        }
        parsed(Spec::Ed25519, &keys[0], parse);
        assert_eq!(calls.get(), CAPACITY, "key 0 was still there");
        parsed(Spec::Ed25519, &keys[CAPACITY], parse);
        assert_eq!(with_cache(|c| Some(c.len())), Some(CAPACITY));
        parsed(Spec::Ed25519, &keys[0], parse);
        assert_eq!(
            calls.get(),
            CAPACITY + 1,
            "key 0 was used last, so key 1 went"
        );
        parsed(Spec::Ed25519, &keys[1], parse);
        assert_eq!(calls.get(), CAPACITY + 2);
    }
}

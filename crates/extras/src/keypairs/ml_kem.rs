//! ML-KEM key pairs (ML_KEM_512/768/1024, FIPS 203) as AWS KMS uses them: keys from a 64-byte
//! seed (d ‖ z), PKCS#8 in the seed-only form AWS returns for ML-KEM data key pairs, SPKI with
//! the NIST OIDs, encapsulation to a public key and decapsulation with implicit rejection.
//! Depends on ml-kem, `SeedStream` and `cache`.

use super::cache;
use super::spec::Spec;
use crate::SeedStream;
use ml_kem::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey};
use ml_kem::{Ciphertext, Decapsulate, DecapsulationKey, EncapsulationKey, B32};
use zeroize::Zeroizing;

/// Runs `$body` with `$p` naming the parameter set `$level` names (512, 768 or 1024), else
/// answers `None`. A macro with a type alias rather than a generic function: ml-kem's trait
/// bounds for its key types are crate-private, so generic code cannot name them.
macro_rules! on_level {
    ($level:expr, |$p:ident| $body:expr) => {
        match $level {
            512 => {
                type $p = ml_kem::MlKem512;
                $body
            }
            768 => {
                type $p = ml_kem::MlKem768;
                $body
            }
            1024 => {
                type $p = ml_kem::MlKem1024;
                $body
            }
            _ => None,
        }
    };
}

/// The encoded PKCS#8 (seed form, 86 bytes) of a decapsulation key.
macro_rules! encode {
    ($key:expr) => {
        $key.to_pkcs8_der().ok().map(|doc| doc.as_bytes().to_vec())
    };
}

/// The key in `$pkcs8` (seed form), through the cache: expanding it costs more than a
/// decapsulation.
macro_rules! stored {
    ($p:ident, $level:expr, $pkcs8:expr) => {
        cache::parsed(Spec::MlKem($level), $pkcs8, |der| {
            DecapsulationKey::<$p>::from_pkcs8_der(der).ok()
        })
    };
}

/// The 32-byte shared secret followed by the ciphertext, encapsulated to `$public` with `$m`.
macro_rules! encapsulate {
    ($public:expr, $m:expr) => {{
        let (ciphertext, shared) = $public.encapsulate_deterministic(&B32::from(*$m));
        let shared = Zeroizing::new(shared);
        Some([shared.as_slice(), ciphertext.as_slice()].concat())
    }};
}

/// The PKCS#8 of the key FIPS 203's ML-KEM.KeyGen_internal makes from `d ‖ z`.
pub(super) fn from_seed(level: u16, seed: &[u8; 64]) -> Option<Vec<u8>> {
    on_level!(level, |P| encode!(DecapsulationKey::<P>::from_seed(
        (*seed).into()
    )))
}

/// The key whose `d ‖ z` are the first 64 bytes of the seed's stream.
pub(super) fn generate(level: u16, seed: &[u8; 32]) -> Option<Vec<u8>> {
    let mut dz = Zeroizing::new([0u8; 64]);
    SeedStream::new(seed).fill(dz.as_mut());
    from_seed(level, &dz)
}

/// The canonical seed-form PKCS#8 of `der` if it holds a key of this parameter set.
pub(super) fn private_key(level: u16, der: &[u8]) -> Option<Vec<u8>> {
    on_level!(level, |P| encode!(DecapsulationKey::<P>::from_pkcs8_der(
        der
    )
    .ok()?))
}

/// The DER SubjectPublicKeyInfo: 822 / 1206 / 1590 bytes.
pub(super) fn public_key(level: u16, pkcs8: &[u8]) -> Option<Vec<u8>> {
    on_level!(level, |P| {
        let key = stored!(P, level, pkcs8)?;
        let spki = key.encapsulation_key().to_public_key_der().ok()?;
        Some(spki.into_vec())
    })
}

/// The first 32 bytes of the seed's stream: FIPS 203's m, the encapsulation's randomness.
fn m_of(seed: &[u8; 32]) -> Zeroizing<[u8; 32]> {
    let mut m = Zeroizing::new([0u8; 32]);
    SeedStream::new(seed).fill(m.as_mut());
    m
}

/// Encapsulation with a given m to the public half of the private key `pkcs8`.
pub(super) fn encapsulate_with_m(level: u16, pkcs8: &[u8], m: &[u8; 32]) -> Option<Vec<u8>> {
    on_level!(level, |P| encapsulate!(
        stored!(P, level, pkcs8)?.encapsulation_key(),
        m
    ))
}

/// Encapsulate: the 32-byte shared secret followed by its ciphertext (768 / 1088 / 1568
/// bytes), to the public half of the private key `pkcs8`.
pub(super) fn encapsulate(level: u16, pkcs8: &[u8], seed: &[u8; 32]) -> Option<Vec<u8>> {
    encapsulate_with_m(level, pkcs8, &m_of(seed))
}

/// The same as `encapsulate`, to a DER SubjectPublicKeyInfo: what a peer holding only
/// GetPublicKey's answer does (the console's "you" side of an exchange).
pub(super) fn encapsulate_to(level: u16, spki: &[u8], seed: &[u8; 32]) -> Option<Vec<u8>> {
    let m = m_of(seed);
    on_level!(level, |P| {
        let public = EncapsulationKey::<P>::from_public_key_der(spki).ok()?;
        encapsulate!(public, &*m)
    })
}

/// Decapsulate: the shared secret, or `None` when the ciphertext has the wrong length. Any
/// other bad ciphertext yields FIPS 203's implicit-rejection secret, as AWS documents.
pub(super) fn decapsulate(level: u16, pkcs8: &[u8], ciphertext: &[u8]) -> Option<Vec<u8>> {
    on_level!(level, |P| {
        let key = stored!(P, level, pkcs8)?;
        let ciphertext = Ciphertext::<P>::try_from(ciphertext).ok()?;
        Some(key.decapsulate(&ciphertext).to_vec())
    })
}

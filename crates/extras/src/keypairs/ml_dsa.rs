//! ML-DSA key pairs (ML_DSA_44/65/87, FIPS 204) as AWS KMS uses them: keys from a 32-byte seed
//! ξ, PKCS#8 in the seed-only form of the IETF LAMPS profile, SPKI with the NIST OIDs, and
//! pure ML-DSA with an empty context, deterministic, over the message (RAW) or over a μ the
//! caller computed (EXTERNAL_MU). Depends on ml-dsa and `cache`.

use super::cache;
use super::spec::Spec;
use ml_dsa::pkcs8::spki::AssociatedAlgorithmIdentifier;
use ml_dsa::pkcs8::{der::AnyRef, DecodePrivateKey, EncodePrivateKey, EncodePublicKey};
use ml_dsa::{Keypair, MlDsa44, MlDsa65, MlDsa87, MlDsaParams, Signature, SigningKey};
use std::rc::Rc;

/// What the three parameter sets need of ml-dsa, named once.
trait Level: MlDsaParams + AssociatedAlgorithmIdentifier<Params = AnyRef<'static>> + 'static {}
impl Level for MlDsa44 {}
impl Level for MlDsa65 {}
impl Level for MlDsa87 {}

/// Runs `$f::<P>(args)` for the parameter set `$level` names (44, 65 or 87), else `$other`.
macro_rules! on_level {
    ($level:expr, $f:ident($($arg:expr),*), $other:expr) => {
        match $level {
            44 => $f::<MlDsa44>($($arg),*),
            65 => $f::<MlDsa65>($($arg),*),
            87 => $f::<MlDsa87>($($arg),*),
            _ => $other,
        }
    };
}

/// The key in `pkcs8` (seed form only: the expanded form cannot be checked against a seed, and
/// AWS does not import ML-DSA keys), through the cache: expanding the seed costs about as much
/// as signing.
fn stored<P: Level>(level: u16, pkcs8: &[u8]) -> Option<Rc<SigningKey<P>>> {
    cache::parsed(Spec::MlDsa(level), pkcs8, |der| {
        SigningKey::<P>::from_pkcs8_der(der).ok()
    })
}

fn encode<P: Level>(key: &SigningKey<P>) -> Option<Vec<u8>> {
    Some(key.to_pkcs8_der().ok()?.as_bytes().to_vec())
}

fn generate_with<P: Level>(seed: &[u8; 32]) -> Option<Vec<u8>> {
    encode(&SigningKey::<P>::from_seed(&(*seed).into()))
}

/// The private key whose FIPS 204 seed ξ is `seed` itself, so ML-DSA.KeyGen's known answers
/// apply to it unchanged.
pub(super) fn generate(level: u16, seed: &[u8; 32]) -> Option<Vec<u8>> {
    on_level!(level, generate_with(seed), None)
}

fn private_key_with<P: Level>(der: &[u8]) -> Option<Vec<u8>> {
    encode(&SigningKey::<P>::from_pkcs8_der(der).ok()?)
}

/// The canonical seed-form PKCS#8 of `der` if it holds a key of this parameter set.
pub(super) fn private_key(level: u16, der: &[u8]) -> Option<Vec<u8>> {
    on_level!(level, private_key_with(der), None)
}

fn public_key_with<P: Level>(level: u16, pkcs8: &[u8]) -> Option<Vec<u8>> {
    let key = stored::<P>(level, pkcs8)?;
    Some(key.verifying_key().to_public_key_der().ok()?.into_vec())
}

/// The DER SubjectPublicKeyInfo: 1334 / 1974 / 2614 bytes.
pub(super) fn public_key(level: u16, pkcs8: &[u8]) -> Option<Vec<u8>> {
    on_level!(level, public_key_with(level, pkcs8), None)
}

fn sign_with<P: Level>(
    level: u16,
    pkcs8: &[u8],
    external_mu: bool,
    message: &[u8],
) -> Option<Vec<u8>> {
    let key = stored::<P>(level, pkcs8)?;
    // The expanded key's methods are ml-dsa's FIPS 204 entry points (Algorithm 2, the
    // deterministic variant, with or without a precomputed μ).
    let expanded = key.expanded_key();
    let signature = if external_mu {
        // EXTERNAL_MU: μ is exactly 64 bytes.
        expanded.sign_mu_deterministic(&message.try_into().ok()?)
    } else {
        expanded.sign_deterministic(message, &[]).ok()?
    };
    Some(signature.encode().to_vec())
}

/// A deterministic signature (the hedged variant's randomness is zero), so a signature over μ
/// equals the RAW one over the message μ was computed from, as AWS documents for EXTERNAL_MU
/// ("ML-DSA keys in AWS KMS"). 2420 / 3309 / 4627 bytes.
pub(super) fn sign(level: u16, pkcs8: &[u8], external_mu: bool, message: &[u8]) -> Option<Vec<u8>> {
    on_level!(level, sign_with(level, pkcs8, external_mu, message), None)
}

fn verify_with<P: Level>(
    level: u16,
    pkcs8: &[u8],
    external_mu: bool,
    message: &[u8],
    signature: &[u8],
) -> bool {
    let (Some(key), Ok(signature)) = (
        stored::<P>(level, pkcs8),
        Signature::<P>::try_from(signature),
    ) else {
        return false;
    };
    let public = key.verifying_key();
    if external_mu {
        message
            .try_into()
            .is_ok_and(|mu| public.verify_mu(&mu, &signature))
    } else {
        public.verify_with_context(message, &[], &signature)
    }
}

/// Whether `signature` is a valid ML-DSA signature of the message (or μ) under the key.
pub(super) fn verify(
    level: u16,
    pkcs8: &[u8],
    external_mu: bool,
    message: &[u8],
    signature: &[u8],
) -> bool {
    on_level!(
        level,
        verify_with(level, pkcs8, external_mu, message, signature),
        false
    )
}

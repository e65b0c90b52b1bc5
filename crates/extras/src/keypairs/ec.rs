//! The four Weierstrass curves (P-256, P-384, P-521, secp256k1), written once over
//! RustCrypto's curve traits: key generation from a seed, import validation, SPKI, ECDSA with
//! DER signatures, and ECDH. Depends on elliptic-curve, ecdsa, the curve crates, `SeedStream`
//! and `cache` (stored keys are parsed once, not on every call).

use super::cache;
use super::spec::Spec;
use crate::SeedStream;
use ecdsa::der::{MaxOverhead, MaxSize};
use ecdsa::signature::hazmat::{PrehashVerifier, RandomizedPrehashSigner};
use ecdsa::{DigestAlgorithm, EcdsaCurve, Signature, SigningKey, VerifyingKey};
use elliptic_curve::array::ArraySize;
use elliptic_curve::ops::Invert;
use elliptic_curve::pkcs8::{
    AssociatedOid, DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey,
};
use elliptic_curve::sec1::{FromSec1Point, ModulusSize, ToSec1Point};
use elliptic_curve::subtle::CtOption;
use elliptic_curve::{
    AffinePoint, CurveArithmetic, FieldBytes, FieldBytesSize, PublicKey, Scalar, SecretKey,
};
use std::ops::Add;
use std::rc::Rc;
use zeroize::Zeroizing;

/// What the generic code needs of a curve beyond the RustCrypto traits.
pub(super) trait Curve:
    EcdsaCurve + CurveArithmetic + DigestAlgorithm + AssociatedOid + 'static
{
    /// The key spec, which names this curve's keys in the cache.
    const SPEC: Spec;
    /// Mask for the first (most significant) byte of a candidate private scalar: the bits
    /// above the order's length are cleared so rejection sampling rarely rejects (P-521's
    /// 66 bytes hold 528 bits for a 521-bit order).
    const TOP_BYTE_MASK: u8;
}

impl Curve for p256::NistP256 {
    const SPEC: Spec = Spec::P256;
    const TOP_BYTE_MASK: u8 = 0xff;
}
impl Curve for p384::NistP384 {
    const SPEC: Spec = Spec::P384;
    const TOP_BYTE_MASK: u8 = 0xff;
}
impl Curve for p521::NistP521 {
    const SPEC: Spec = Spec::P521;
    const TOP_BYTE_MASK: u8 = 0x01;
}
impl Curve for k256::Secp256k1 {
    const SPEC: Spec = Spec::Secp256k1;
    const TOP_BYTE_MASK: u8 = 0xff;
}

/// The trait bounds every function below repeats (Rust does not carry `where` clauses on
/// associated types through a supertrait).
macro_rules! ec_fn {
    ($(#[$m:meta])* fn $name:ident($($arg:ident: $ty:ty),*) -> $ret:ty $body:block) => {
        $(#[$m])*
        pub(super) fn $name<C: Curve>($($arg: $ty),*) -> $ret
        where
            FieldBytesSize<C>: ModulusSize,
            AffinePoint<C>: FromSec1Point<C> + ToSec1Point<C>,
            Scalar<C>: Invert<Output = CtOption<Scalar<C>>>,
            MaxSize<C>: ArraySize,
            <FieldBytesSize<C> as Add>::Output: Add<MaxOverhead> + ArraySize,
        $body
    };
}

fn encode<C: Curve>(key: &SecretKey<C>) -> Option<Vec<u8>>
where
    FieldBytesSize<C>: ModulusSize,
    AffinePoint<C>: FromSec1Point<C> + ToSec1Point<C>,
{
    // elliptic-curve writes what OpenSSL writes: the curve OID in the AlgorithmIdentifier
    // only, and the uncompressed public point inside the ECPrivateKey.
    Some(key.to_pkcs8_der().ok()?.as_bytes().to_vec())
}

ec_fn! {
    /// A private key drawn from the seed's stream by rejection sampling: candidates of the
    /// field's size, top bits masked, until one is a valid scalar (1..n-1). Done here rather
    /// than with the crate's `random` so the key stays the same whatever the crate does.
    fn generate(seed: &[u8; 32]) -> Option<Vec<u8>> {
        let mut stream = SeedStream::new(seed);
        let mut candidate = Zeroizing::new(FieldBytes::<C>::default());
        // Even P-256 (the worst case) rejects a candidate with probability about 2^-32;
        // the bound only keeps the loop finite.
        for _ in 0..16 {
            stream.fill(&mut candidate);
            if let Some(first) = candidate.first_mut() {
                *first &= C::TOP_BYTE_MASK;
            }
            if let Ok(key) = SecretKey::<C>::from_bytes(&candidate) {
                return encode(&key);
            }
        }
        None
    }
}

ec_fn! {
    /// The canonical PKCS#8 of an EC private key on `C`. The decoder checks the curve OID (and
    /// the ECPrivateKey's own parameters if present), that the scalar is in 1..n-1, and that
    /// an embedded public point, compressed or not, is the scalar's.
    fn private_key(der: &[u8]) -> Option<Vec<u8>> {
        encode(&SecretKey::<C>::from_pkcs8_der(der).ok()?)
    }
}

ec_fn! {
    /// The signing key of a stored key (one `private_key` or `generate` made), parsed as
    /// `private_key` parses it (so garbage is still refused) but only on a cache miss: the
    /// decoder's check of the embedded point and `SigningKey`'s derivation of the public key
    /// each cost a scalar multiplication, as much as the signature itself.
    fn signing_key(pkcs8: &[u8]) -> Option<Rc<SigningKey<C>>> {
        cache::parsed(C::SPEC, pkcs8, |der| {
            Some(SigningKey::<C>::from(SecretKey::<C>::from_pkcs8_der(der).ok()?))
        })
    }
}

ec_fn! {
    /// SubjectPublicKeyInfo: id-ecPublicKey, the curve OID, the uncompressed point.
    fn public_key(pkcs8: &[u8]) -> Option<Vec<u8>> {
        let key = signing_key::<C>(pkcs8)?;
        let public = PublicKey::<C>::from(key.verifying_key());
        Some(public.to_public_key_der().ok()?.into_vec())
    }
}

ec_fn! {
    /// ECDSA of `prehash` as DER. k is RFC 6979's, with 32+ bytes of the seed's stream as
    /// the added entropy (hedged: a repeated seed still never reuses k across messages).
    /// secp256k1 signatures come out low-s because k256 always normalizes; that is still
    /// standard ECDSA, which anyone's verifier accepts.
    fn sign(pkcs8: &[u8], prehash: &[u8], seed: &[u8; 32]) -> Option<Vec<u8>> {
        let key = signing_key::<C>(pkcs8)?;
        let signature: Signature<C> =
            key.sign_prehash_with_rng(&mut SeedStream::new(seed), prehash).ok()?;
        Some(signature.to_der().as_bytes().to_vec())
    }
}

ec_fn! {
    /// Whether `signature` (DER only) is valid for `prehash`. s is normalized first: (r, s)
    /// and (r, n - s) are equally valid ECDSA, but k256's verifier refuses a high s, which
    /// any signer that does not normalize produces half the time (AWS does not say it does).
    fn verify(pkcs8: &[u8], prehash: &[u8], signature: &[u8]) -> bool {
        let Ok(signature) = Signature::<C>::from_der(signature) else {
            return false;
        };
        let Some(key) = signing_key::<C>(pkcs8) else {
            return false;
        };
        let public: &VerifyingKey<C> = key.verifying_key();
        public.verify_prehash(prehash, &signature.normalize_s()).is_ok()
    }
}

ec_fn! {
    /// ECDH as OpenSSL derives it: the x-coordinate of d·Q, unhashed. The peer's SPKI must
    /// name the same curve and hold a point on it (compressed or not).
    fn derive(pkcs8: &[u8], peer_spki: &[u8]) -> Option<Vec<u8>> {
        let key = signing_key::<C>(pkcs8)?;
        let peer = PublicKey::<C>::from_public_key_der(peer_spki).ok()?;
        let shared =
            elliptic_curve::ecdh::diffie_hellman(key.as_nonzero_scalar(), peer.as_affine());
        Some(shared.raw_secret_bytes().to_vec())
    }
}

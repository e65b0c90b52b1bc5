//! DeriveSharedSecret with an ECC KEY_AGREEMENT key: validate → resolve → check state → check
//! usage and algorithm → (DryRun) → ECDH with the peer's public key, whose raw result (the
//! x-coordinate, as openssl derives it) is the shared secret ("DeriveSharedSecret",
//! https://docs.aws.amazon.com/kms/latest/APIReference/API_DeriveSharedSecret.html).
//! Depends on `pairs` and the engine's resolve/state helpers.

use super::crypto::{dry_run, unsupported_recipient};
use crate::api::shapes::*;
use crate::api::{validate, Blob, KEY_AGREEMENT_ALGORITHMS};
use crate::engine::cx::{wrong_usage, Cx};
use crate::engine::pairs::{private_of, unavailable};
use crate::engine::resolve::Accept;
use crate::error::KmsError;

/// The model's bound on `PublicKey`.
const MAX_PUBLIC_KEY: usize = 8192;

pub(crate) fn derive_shared_secret(
    cx: &mut Cx,
    r: DeriveSharedSecretRequest,
) -> Result<DeriveSharedSecretResponse, KmsError> {
    validate::one_of(
        "keyAgreementAlgorithm",
        &r.key_agreement_algorithm,
        KEY_AGREEMENT_ALGORITHMS,
    )?;
    validate::blob("publicKey", &r.public_key, 1, MAX_PUBLIC_KEY)?;
    validate::grant_tokens(&r.grant_tokens)?;
    if r.recipient.is_some() {
        return Err(unsupported_recipient());
    }
    let id = cx.resolve("keyId", &r.key_id, Accept::KeyOrAlias)?;
    cx.usable(&id)?;
    let key = cx.key(&id)?;
    if key.key_usage != "KEY_AGREEMENT" {
        return Err(wrong_usage(&key.arn, &key.key_usage, "DeriveSharedSecret"));
    }
    if r.dry_run == Some(true) {
        return Err(dry_run());
    }
    // AWS answers a public key it cannot use (garbage, another curve) with an empty message.
    let secret = cx
        .engine
        .key_crypto()
        .derive(&key.key_spec, private_of(key)?, &r.public_key.0)
        .map_err(unavailable)?
        .ok_or_else(|| KmsError::Validation(String::new()))?;
    Ok(DeriveSharedSecretResponse {
        key_id: key.arn.clone(),
        shared_secret: Blob(secret),
        key_agreement_algorithm: r.key_agreement_algorithm,
        key_origin: key.origin,
    })
}

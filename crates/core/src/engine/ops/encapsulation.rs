//! Encapsulate and Decapsulate with an ML-KEM key (ENCAPSULATE_DECAPSULATE), each: validate →
//! resolve → check state → check usage → (DryRun) → FIPS 203 with the injected `KeyCrypto`
//! provider ("Encapsulate", https://docs.aws.amazon.com/kms/latest/APIReference/API_Encapsulate.html).
//! Decapsulate refuses only a ciphertext of the wrong length; any other bad ciphertext gives
//! ML-KEM's implicit-rejection secret, as AWS documents. Depends on `pairs`, `key_specs`.

use super::crypto::dry_run;
use crate::api::shapes::*;
use crate::api::{validate, Blob, ENCAPSULATION_ALGORITHMS};
use crate::engine::cx::{wrong_usage, Cx};
use crate::engine::key_specs::{kem_ciphertext_len, SpecKind};
use crate::engine::pairs::{private_of, unavailable};
use crate::engine::resolve::Accept;
use crate::error::KmsError;

/// The model's bound on `SharedSecretCiphertextBlob`.
const MAX_CIPHERTEXT: usize = 6144;
/// ML-KEM's shared secret: 32 bytes at every level.
const SECRET_LEN: usize = 32;

/// What both operations check before the cryptography; the key's id.
fn kem_key(
    cx: &mut Cx,
    op: &str,
    key_id: &str,
    algorithm: &str,
    grant_tokens: &Option<Vec<String>>,
) -> Result<String, KmsError> {
    validate::one_of(
        "encapsulationAlgorithm",
        algorithm,
        ENCAPSULATION_ALGORITHMS,
    )?;
    validate::grant_tokens(grant_tokens)?;
    let id = cx.resolve("keyId", key_id, Accept::KeyOrAlias)?;
    cx.usable(&id)?;
    let key = cx.key(&id)?;
    if key.key_usage != "ENCAPSULATE_DECAPSULATE" {
        return Err(wrong_usage(&key.arn, &key.key_usage, op));
    }
    Ok(id)
}

pub(crate) fn encapsulate(
    cx: &mut Cx,
    r: EncapsulateRequest,
) -> Result<EncapsulateResponse, KmsError> {
    let id = kem_key(
        cx,
        "Encapsulate",
        &r.key_id,
        &r.encapsulation_algorithm,
        &r.grant_tokens,
    )?;
    if r.dry_run == Some(true) {
        return Err(dry_run());
    }
    let seed = cx.engine.seed();
    let key = cx.key(&id)?;
    let mut out = cx
        .engine
        .key_crypto()
        .encapsulate(&key.key_spec, private_of(key)?, &seed)
        .map_err(unavailable)?
        .filter(|out| out.len() > SECRET_LEN)
        .ok_or_else(|| KmsError::Internal("the key could not encapsulate".into()))?;
    let ciphertext = out.split_off(SECRET_LEN);
    Ok(EncapsulateResponse {
        key_id: key.arn.clone(),
        shared_secret: Blob(out),
        shared_secret_ciphertext_blob: Blob(ciphertext),
        encapsulation_algorithm: r.encapsulation_algorithm,
    })
}

pub(crate) fn decapsulate(
    cx: &mut Cx,
    r: DecapsulateRequest,
) -> Result<DecapsulateResponse, KmsError> {
    let ciphertext = &r.shared_secret_ciphertext_blob.0;
    validate::blob(
        "sharedSecretCiphertextBlob",
        &r.shared_secret_ciphertext_blob,
        1,
        MAX_CIPHERTEXT,
    )?;
    let id = kem_key(
        cx,
        "Decapsulate",
        &r.key_id,
        &r.encapsulation_algorithm,
        &r.grant_tokens,
    )?;
    let key = cx.key(&id)?;
    let expected = match SpecKind::of(&key.key_spec) {
        Some(SpecKind::MlKem(level)) => kem_ciphertext_len(level),
        _ => 0,
    };
    if ciphertext.len() != expected {
        return Err(KmsError::InvalidCiphertext(Some(format!(
            "The encapsulated shared secret of a {} key is {expected} bytes; this one is {}.",
            key.key_spec,
            ciphertext.len()
        ))));
    }
    if r.dry_run == Some(true) {
        return Err(dry_run());
    }
    let secret = cx
        .engine
        .key_crypto()
        .decapsulate(&key.key_spec, private_of(key)?, ciphertext)
        .map_err(unavailable)?
        .ok_or_else(|| KmsError::Internal("the key could not decapsulate".into()))?;
    Ok(DecapsulateResponse {
        key_id: key.arn.clone(),
        shared_secret: Blob(secret),
        encapsulation_algorithm: r.encapsulation_algorithm,
    })
}

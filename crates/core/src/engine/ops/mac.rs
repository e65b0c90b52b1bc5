//! GenerateMac and VerifyMac with HMAC keys, each: validate → resolve → check state → check
//! usage and algorithm → (DryRun) → compute. The MAC is RFC 2104 HMAC over the message as given
//! (no digest handling), computed by the injected `KeyCrypto` (kms-wasm-extras). Depends on
//! `crypto::mac`, `key_specs`, `pairs`, the engine's resolve/state helpers and `api` shapes.

use super::crypto::dry_run;
use crate::api::shapes::*;
use crate::api::{validate, Blob, MAC_ALGORITHMS};
use crate::crypto::mac::{tags_equal, MacHash};
use crate::engine::cx::Cx;
use crate::engine::key_specs::{mac_algorithm, SpecKind};
use crate::engine::pairs::unavailable;
use crate::engine::resolve::Accept;
use crate::error::KmsError;
use crate::limits::{MAX_CIPHERTEXT, MAX_PLAINTEXT};
use zeroize::Zeroizing;

/// What both operations check: the request's members, then the key (state, usage, algorithm).
/// Returns the key's id and ARN, the hash and a copy of the key's HMAC key.
fn mac_key(
    cx: &mut Cx,
    op: &str,
    message: &Blob,
    key_id: &str,
    algorithm: &str,
    grant_tokens: &Option<Vec<String>>,
) -> Result<(String, MacHash, Zeroizing<Vec<u8>>), KmsError> {
    validate::blob("message", message, 1, MAX_PLAINTEXT)?;
    validate::one_of("macAlgorithm", algorithm, MAC_ALGORITHMS)?;
    validate::grant_tokens(grant_tokens)?;
    let id = cx.resolve("keyId", key_id, Accept::KeyOrAlias)?;
    cx.usable(&id)?;
    let key = cx.key(&id)?;
    if key.key_usage != "GENERATE_VERIFY_MAC" {
        return Err(KmsError::InvalidKeyUsage(format!(
            "{} key usage is {} which is not valid for {op}.",
            key.arn, key.key_usage
        )));
    }
    let hash = match SpecKind::of(&key.key_spec) {
        Some(SpecKind::Hmac(hash)) if mac_algorithm(hash) == algorithm => hash,
        _ => {
            return Err(KmsError::InvalidKeyUsage(format!(
                "Algorithm {algorithm} is incompatible with key spec {}.",
                key.key_spec
            )))
        }
    };
    let secret = key
        .current_material()
        .and_then(|m| m.secret.as_ref())
        .ok_or_else(|| KmsError::Internal("the key has no usable key material".into()))?;
    Ok((key.arn.clone(), hash, Zeroizing::new(secret.0.clone())))
}

/// HMAC-`hash` of `message` under `secret`, by the provider.
fn compute(cx: &Cx, hash: MacHash, secret: &[u8], message: &[u8]) -> Result<Vec<u8>, KmsError> {
    cx.engine
        .key_crypto()
        .mac(mac_algorithm(hash), secret, message)
        .map_err(unavailable)?
        .filter(|tag| tag.len() == hash.output_len())
        .ok_or_else(|| KmsError::Internal("HMAC failed".into()))
}

pub(crate) fn generate_mac(
    cx: &mut Cx,
    r: GenerateMacRequest,
) -> Result<GenerateMacResponse, KmsError> {
    let (arn, hash, secret) = mac_key(
        cx,
        "GenerateMac",
        &r.message,
        &r.key_id,
        &r.mac_algorithm,
        &r.grant_tokens,
    )?;
    if r.dry_run == Some(true) {
        return Err(dry_run());
    }
    let tag = compute(cx, hash, &secret, &r.message.0)?;
    Ok(GenerateMacResponse {
        mac: Blob(tag),
        mac_algorithm: r.mac_algorithm,
        key_id: arn,
    })
}

pub(crate) fn verify_mac(cx: &mut Cx, r: VerifyMacRequest) -> Result<VerifyMacResponse, KmsError> {
    validate::blob("mac", &r.mac, 1, MAX_CIPHERTEXT)?;
    let (arn, hash, secret) = mac_key(
        cx,
        "VerifyMac",
        &r.message,
        &r.key_id,
        &r.mac_algorithm,
        &r.grant_tokens,
    )?;
    if r.dry_run == Some(true) {
        return Err(dry_run());
    }
    // A mismatch is an exception, never `MacValid: false` (as AWS answers).
    if !tags_equal(&compute(cx, hash, &secret, &r.message.0)?, &r.mac.0) {
        return Err(KmsError::InvalidMac);
    }
    Ok(VerifyMacResponse {
        key_id: arn,
        mac_valid: true,
        mac_algorithm: r.mac_algorithm,
    })
}

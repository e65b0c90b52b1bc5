//! Sign, Verify and GetPublicKey with RSA, ECC, Ed25519 and ML-DSA keys (GetPublicKey also
//! ML-KEM's), each: validate → resolve → check state → check usage, algorithm and message
//! type → (DryRun) → compute with the injected `KeyCrypto` provider ("Digital signing with asymmetric keys",
//! https://docs.aws.amazon.com/kms/latest/developerguide/asymmetric-key-specs.html).
//! Depends on `key_specs`, `pairs` and the engine's resolve/state helpers.

use super::crypto::dry_run;
use crate::api::shapes::*;
use crate::api::{validate, Blob, MESSAGE_TYPES, SIGNING_ALGORITHMS};
use crate::engine::cx::{wrong_usage, Cx};
use crate::engine::key_specs::{algorithm_lists, digest_len, signing_algorithms, SpecKind};
use crate::engine::pairs::{private_of, unavailable};
use crate::engine::resolve::Accept;
use crate::error::KmsError;
use crate::key_crypto::SignInput;
use crate::limits::MAX_PLAINTEXT;

/// The largest signature the model accepts in Verify.
const MAX_SIGNATURE: usize = 6144;
/// ML-DSA's μ (FIPS 204 §6.2): EXTERNAL_MU messages are exactly this long.
const EXTERNAL_MU_LEN: usize = 64;

/// What Sign and Verify check before the cryptography: members, key, state, usage, algorithm
/// and message type. Returns the key's id and whether the message is a digest.
fn signing_key(
    cx: &mut Cx,
    op: &str,
    r: (&str, &Blob, &Option<String>, &str, &Option<Vec<String>>),
) -> Result<(String, bool), KmsError> {
    let (key_id, message, message_type, algorithm, grant_tokens) = r;
    validate::blob("message", message, 1, MAX_PLAINTEXT)?;
    validate::opt_one_of("messageType", message_type, MESSAGE_TYPES)?;
    validate::one_of("signingAlgorithm", algorithm, SIGNING_ALGORITHMS)?;
    validate::grant_tokens(grant_tokens)?;
    let id = cx.resolve("keyId", key_id, Accept::KeyOrAlias)?;
    cx.usable(&id)?;
    let key = cx.key(&id)?;
    if key.key_usage != "SIGN_VERIFY" {
        return Err(wrong_usage(&key.arn, &key.key_usage, op));
    }
    let kind = SpecKind::of(&key.key_spec);
    if !kind.is_some_and(|k| signing_algorithms(k).contains(&algorithm)) {
        return Err(KmsError::InvalidKeyUsage(format!(
            "Algorithm {algorithm} is incompatible with key spec {}.",
            key.key_spec
        )));
    }
    // ML-DSA takes RAW or its μ (EXTERNAL_MU, FIPS 204 §6.2); every other key RAW or DIGEST.
    let ml_dsa = matches!(kind, Some(SpecKind::MlDsa(_)));
    let digest =
        match (message_type.as_deref().unwrap_or("RAW"), ml_dsa) {
            ("RAW", _) => false,
            ("DIGEST", false) | ("EXTERNAL_MU", true) => true,
            ("DIGEST", true) => return Err(KmsError::Validation(
                "MessageType DIGEST is not valid with ML_DSA key specs. Use RAW or EXTERNAL_MU."
                    .into(),
            )),
            (other, _) => {
                return Err(KmsError::Validation(format!(
                    "MessageType {other} is valid only with ML_DSA key specs."
                )))
            }
        };
    if ml_dsa && digest && message.0.len() != EXTERNAL_MU_LEN {
        return Err(KmsError::Validation(format!(
            "Message must be {EXTERNAL_MU_LEN} bytes for MessageType EXTERNAL_MU."
        )));
    }
    // Ed25519's two algorithms each take one message type ("cannot be used interchangeably").
    match (algorithm, digest) {
        ("ED25519_SHA_512", true) => {
            return Err(KmsError::Validation(
                "Algorithm ED25519_SHA_512 requires MessageType RAW.".into(),
            ))
        }
        ("ED25519_PH_SHA_512", false) => {
            return Err(KmsError::Validation(
                "Algorithm ED25519_PH_SHA_512 requires MessageType DIGEST.".into(),
            ))
        }
        _ => {}
    }
    if digest && !ml_dsa && message.0.len() != digest_len(algorithm) {
        return Err(KmsError::Validation(format!(
            "Digest is invalid length for algorithm {algorithm}."
        )));
    }
    Ok((id, digest))
}

pub(crate) fn sign(cx: &mut Cx, r: SignRequest) -> Result<SignResponse, KmsError> {
    let (id, digest) = signing_key(
        cx,
        "Sign",
        (
            &r.key_id,
            &r.message,
            &r.message_type,
            &r.signing_algorithm,
            &r.grant_tokens,
        ),
    )?;
    if r.dry_run == Some(true) {
        return Err(dry_run());
    }
    let seed = cx.engine.seed();
    let key = cx.key(&id)?;
    let input = SignInput {
        spec: &key.key_spec,
        pkcs8: private_of(key)?,
        algorithm: &r.signing_algorithm,
        digest,
        message: &r.message.0,
    };
    let signature = cx
        .engine
        .key_crypto()
        .sign(&input, &seed)
        .map_err(unavailable)?
        .ok_or_else(|| KmsError::Internal("the signature could not be made".into()))?;
    Ok(SignResponse {
        key_id: key.arn.clone(),
        signature: Blob(signature),
        signing_algorithm: r.signing_algorithm,
    })
}

pub(crate) fn verify(cx: &mut Cx, r: VerifyRequest) -> Result<VerifyResponse, KmsError> {
    validate::blob("signature", &r.signature, 1, MAX_SIGNATURE)?;
    let (id, digest) = signing_key(
        cx,
        "Verify",
        (
            &r.key_id,
            &r.message,
            &r.message_type,
            &r.signing_algorithm,
            &r.grant_tokens,
        ),
    )?;
    if r.dry_run == Some(true) {
        return Err(dry_run());
    }
    let key = cx.key(&id)?;
    let input = SignInput {
        spec: &key.key_spec,
        pkcs8: private_of(key)?,
        algorithm: &r.signing_algorithm,
        digest,
        message: &r.message.0,
    };
    // An invalid signature is an exception, never `SignatureValid: false` (as AWS answers).
    if !cx
        .engine
        .key_crypto()
        .verify(&input, &r.signature.0)
        .map_err(unavailable)?
    {
        return Err(KmsError::InvalidKmsSignature);
    }
    Ok(VerifyResponse {
        key_id: key.arn.clone(),
        signature_valid: true,
        signing_algorithm: r.signing_algorithm,
    })
}

pub(crate) fn get_public_key(
    cx: &mut Cx,
    r: GetPublicKeyRequest,
) -> Result<GetPublicKeyResponse, KmsError> {
    validate::grant_tokens(&r.grant_tokens)?;
    let id = cx.resolve("keyId", &r.key_id, Accept::KeyOrAlias)?;
    cx.usable(&id)?;
    let key = cx.key(&id)?;
    if !SpecKind::of(&key.key_spec).is_some_and(SpecKind::is_pair) {
        return Err(KmsError::UnsupportedOperation(Some(format!(
            "{} key spec {} does not have a public key.",
            key.arn, key.key_spec
        ))));
    }
    let public = cx.engine.public_key_of(key)?;
    let lists = algorithm_lists(&key.key_spec, &key.key_usage);
    Ok(GetPublicKeyResponse {
        key_id: key.arn.clone(),
        public_key: Blob(public),
        customer_master_key_spec: key.key_spec.clone(),
        key_spec: key.key_spec.clone(),
        key_usage: key.key_usage.clone(),
        encryption_algorithms: lists.encryption,
        signing_algorithms: lists.signing,
        key_agreement_algorithms: lists.key_agreement,
        encapsulation_algorithms: lists.encapsulation,
    })
}

//! GenerateDataKey, GenerateDataKeyWithoutPlaintext, GenerateDataKeyPair,
//! GenerateDataKeyPairWithoutPlaintext and GenerateRandom: fresh secrets returned sealed under a
//! symmetric key (and in plaintext where asked). Each: validate → resolve → check state and
//! usage → (DryRun) → make and seal. Depends on `crypto` (seal), `pairs` and `api` shapes.

use super::crypto::{check_encrypt_key, dry_run, seal, unsupported_recipient, Scheme};
use crate::api::shapes::*;
use crate::api::{validate, Blob, DATA_KEY_PAIR_SPECS, DATA_KEY_SPECS};
use crate::engine::cx::Cx;
use crate::engine::key_specs::SpecKind;
use crate::engine::pairs::unavailable;
use crate::engine::resolve::Accept;
use crate::error::KmsError;
use crate::limits::MAX_RANDOM_BYTES;

fn data_key(
    cx: &mut Cx,
    r: GenerateDataKeyRequest,
    with_plaintext: bool,
) -> Result<GenerateDataKeyResponse, KmsError> {
    validate::opt_range("numberOfBytes", r.number_of_bytes, 1, MAX_RANDOM_BYTES)?;
    validate::opt_one_of("keySpec", &r.key_spec, DATA_KEY_SPECS)?;
    validate::grant_tokens(&r.grant_tokens)?;
    let len = match (r.number_of_bytes, r.key_spec.as_deref()) {
        (Some(n), None) => n as usize,
        (None, Some("AES_128")) => 16,
        (None, Some(_)) => 32,
        _ => {
            return Err(KmsError::Validation(
                "Please specify either number of bytes or key spec.".into(),
            ))
        }
    };
    if r.recipient.is_some() {
        return Err(unsupported_recipient());
    }
    let id = cx.resolve("keyId", &r.key_id, Accept::KeyOrAlias)?;
    let op = if with_plaintext {
        "GenerateDataKey"
    } else {
        "GenerateDataKeyWithoutPlaintext"
    };
    check_encrypt_key(cx, &id, &None, op)?;
    if r.dry_run == Some(true) {
        return Err(dry_run());
    }
    let plaintext = cx.engine.random_vec(len);
    let (blob, material_id) = seal(cx, &id, &plaintext, &r.encryption_context)?;
    Ok(GenerateDataKeyResponse {
        ciphertext_blob: Blob(blob),
        plaintext: with_plaintext.then_some(Blob(plaintext)),
        key_id: cx.key(&id)?.arn.clone(),
        key_material_id: material_id,
    })
}

pub(crate) fn generate_data_key(
    cx: &mut Cx,
    r: GenerateDataKeyRequest,
) -> Result<GenerateDataKeyResponse, KmsError> {
    data_key(cx, r, true)
}

pub(crate) fn generate_data_key_without_plaintext(
    cx: &mut Cx,
    r: GenerateDataKeyRequest,
) -> Result<GenerateDataKeyResponse, KmsError> {
    if r.recipient.is_some() {
        // The model has no Recipient member here; treat it like any unknown member.
        return data_key(
            cx,
            GenerateDataKeyRequest {
                recipient: None,
                ..r
            },
            false,
        );
    }
    data_key(cx, r, false)
}

pub(crate) fn generate_random(
    cx: &mut Cx,
    r: GenerateRandomRequest,
) -> Result<GenerateRandomResponse, KmsError> {
    let Some(n) = r.number_of_bytes else {
        return Err(KmsError::Validation("NumberOfBytes is required.".into()));
    };
    validate::range("numberOfBytes", n, 1, MAX_RANDOM_BYTES)?;
    validate::opt_len("customKeyStoreId", &r.custom_key_store_id, 1, 64)?;
    if r.custom_key_store_id.is_some() {
        return Err(KmsError::UnsupportedOperation(Some(
            "Custom key stores are not supported by kms-wasm".into(),
        )));
    }
    if r.recipient.is_some() {
        return Err(unsupported_recipient());
    }
    Ok(GenerateRandomResponse {
        plaintext: Blob(cx.engine.random_vec(n as usize)),
    })
}

/// What both data-key-pair operations share: a new key pair of `KeyPairSpec`, its private key
/// sealed under the symmetric key `KeyId` (a normal ciphertext: Decrypt it with the same
/// encryption context), its public key, and the private key in plaintext where asked.
fn data_key_pair(
    cx: &mut Cx,
    r: GenerateDataKeyPairRequest,
    op: &str,
) -> Result<GenerateDataKeyPairResponse, KmsError> {
    validate::one_of("keyPairSpec", &r.key_pair_spec, DATA_KEY_PAIR_SPECS)?;
    validate::grant_tokens(&r.grant_tokens)?;
    if r.recipient.is_some() {
        return Err(unsupported_recipient());
    }
    let spec = r.key_pair_spec.as_str();
    if spec == "SM2" {
        return Err(sm2_outside_china());
    }
    if !SpecKind::of(spec).is_some_and(SpecKind::is_pair) {
        return Err(KmsError::UnsupportedOperation(Some(format!(
            "KeyPairSpec {spec} is not supported by kms-wasm yet"
        ))));
    }
    let id = cx.resolve("keyId", &r.key_id, Accept::KeyOrAlias)?;
    let Scheme::Symmetric = check_encrypt_key(cx, &id, &None, op)? else {
        return Err(KmsError::Internal(
            "a data key pair under an RSA key".into(),
        ));
    };
    if r.dry_run == Some(true) {
        return Err(dry_run());
    }
    let private = cx.engine.new_private_key(spec)?;
    let public = cx
        .engine
        .key_crypto()
        .public_key(spec, &private)
        .map_err(unavailable)?
        .ok_or_else(|| KmsError::Internal("the new key pair has no public key".into()))?;
    let (blob, material_id) = seal(cx, &id, &private, &r.encryption_context)?;
    Ok(GenerateDataKeyPairResponse {
        private_key_ciphertext_blob: Blob(blob),
        private_key_plaintext: (op == "GenerateDataKeyPair").then(|| Blob(private.to_vec())),
        public_key: Blob(public),
        key_id: cx.key(&id)?.arn.clone(),
        key_pair_spec: r.key_pair_spec,
        key_material_id: material_id,
    })
}

/// SM2 keys exist only in AWS's China Regions.
pub(super) fn sm2_outside_china() -> KmsError {
    KmsError::UnsupportedOperation(Some(
        "The SM2 key spec is available only in the AWS China Regions.".into(),
    ))
}

pub(crate) fn generate_data_key_pair(
    cx: &mut Cx,
    r: GenerateDataKeyPairRequest,
) -> Result<GenerateDataKeyPairResponse, KmsError> {
    data_key_pair(cx, r, "GenerateDataKeyPair")
}

pub(crate) fn generate_data_key_pair_without_plaintext(
    cx: &mut Cx,
    r: GenerateDataKeyPairRequest,
) -> Result<GenerateDataKeyPairResponse, KmsError> {
    // The model has no Recipient member here; treat it like any unknown member.
    let r = GenerateDataKeyPairRequest {
        recipient: None,
        ..r
    };
    data_key_pair(cx, r, "GenerateDataKeyPairWithoutPlaintext")
}

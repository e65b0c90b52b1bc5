//! Encrypt, Decrypt and ReEncrypt. Each one: validate → resolve → check state → check usage
//! and algorithm → (DryRun) → seal/open. Symmetric blobs name their key and material, so
//! Decrypt needs no KeyId and finds rotated-out material; RSA keys (`rsa_crypto`) need it.
//! Depends on `crypto::envelope`, the engine's resolve/state helpers, and `api` shapes.

use super::rsa_crypto::{no_context, rsa_decrypt, rsa_encrypt};
use crate::api::shapes::*;
use crate::api::{validate, Blob, DRY_RUN_MODIFIERS, ENCRYPTION_ALGORITHMS};
use crate::crypto::aead::Cipher;
use crate::crypto::envelope::{self, Envelope};
use crate::engine::cx::pending_import;
use crate::engine::cx::{wrong_usage, Cx};
use crate::engine::ids::{key_arn, key_id_string};
use crate::engine::key_specs::{encryption_algorithms, SpecKind};
use crate::engine::resolve::Accept;
use crate::engine::Engine;
use crate::error::KmsError;
use crate::limits::{MAX_CIPHERTEXT, MAX_PLAINTEXT};

const SYMMETRIC_DEFAULT: &str = "SYMMETRIC_DEFAULT";

pub(super) fn dry_run() -> KmsError {
    KmsError::DryRunOperation(
        "The request would have succeeded, but the DryRun option is set.".into(),
    )
}

pub(super) fn unsupported_recipient() -> KmsError {
    KmsError::UnsupportedOperation(Some(
        "Recipient (attested Nitro Enclaves requests) is not supported by kms-wasm".into(),
    ))
}

fn context_aad(ctx: &Option<EncryptionContext>) -> Vec<u8> {
    ctx.as_ref()
        .map(|c| envelope::context_aad(c.iter()))
        .unwrap_or_default()
}

/// How a key encrypts: AES-GCM envelopes, or raw RSAES-OAEP with the named algorithm.
pub(super) enum Scheme {
    Symmetric,
    Rsa(String),
}

/// The key must be usable for encryption with `algorithm` (SYMMETRIC_DEFAULT when omitted,
/// which RSA keys refuse: AWS requires their algorithm to be named).
pub(super) fn check_encrypt_key(
    cx: &mut Cx,
    id: &str,
    algorithm: &Option<String>,
    op: &str,
) -> Result<Scheme, KmsError> {
    cx.usable(id)?;
    let key = cx.key(id)?;
    if key.key_usage != "ENCRYPT_DECRYPT" {
        return Err(wrong_usage(&key.arn, &key.key_usage, op));
    }
    let alg = algorithm.as_deref().unwrap_or(SYMMETRIC_DEFAULT);
    match SpecKind::of(&key.key_spec) {
        Some(SpecKind::Symmetric) if alg == SYMMETRIC_DEFAULT => Ok(Scheme::Symmetric),
        Some(kind @ SpecKind::Rsa(_)) if encryption_algorithms(kind).contains(&alg) => {
            Ok(Scheme::Rsa(alg.to_string()))
        }
        _ => Err(KmsError::InvalidKeyUsage(format!(
            "Algorithm {alg} is incompatible with key spec {}.",
            key.key_spec
        ))),
    }
}

/// Seals `plaintext` with the key's current material; returns the blob and the material id.
pub(super) fn seal(
    cx: &mut Cx,
    id: &str,
    plaintext: &[u8],
    ctx: &Option<EncryptionContext>,
) -> Result<(Vec<u8>, String), KmsError> {
    let nonce: [u8; 12] = cx.engine.random_bytes();
    let internal = || KmsError::Internal("the key has no usable key material".into());
    let (key_id, material_id) = {
        let key = cx.key(id)?;
        let material = key.current_material().ok_or_else(internal)?;
        if material.secret.is_none() {
            return Err(pending_import(&key.arn));
        }
        (key.id.clone(), material.id.clone())
    };
    let engine = &mut *cx.engine;
    let header = engine
        .crypto_cache
        .header(&key_id, &material_id)
        .ok_or_else(internal)?;
    let cipher = material_cipher(engine, &key_id, &material_id).ok_or_else(internal)?;
    let blob = envelope::seal_with(&header, cipher, &nonce, plaintext, &context_aad(ctx))
        .ok_or_else(internal)?;
    cx.material = Some(material_id.clone());
    Ok((blob, material_id))
}

/// The expanded AES-GCM key of `key_id`'s material `material_id`; `None` if that material
/// has no key bytes.
fn material_cipher<'e>(
    engine: &'e mut Engine,
    key_id: &str,
    material_id: &str,
) -> Option<&'e Cipher> {
    let key = engine.state.keys.get(key_id)?;
    let secret = key.material(material_id)?.secret.as_ref()?;
    engine.crypto_cache.cipher(material_id, &secret.0)
}

/// What a successful open yields.
struct Opened {
    /// The key's ARN, taken while the call is in the key's account (ReEncrypt may then move
    /// to the destination key's).
    key_arn: String,
    plaintext: Vec<u8>,
    /// The symmetric material that decrypted (RSA keys have no material ids to show).
    material_id: Option<String>,
    algorithm: String,
}

/// The ciphertext side of Decrypt and ReEncrypt, with the member paths for error messages.
struct Source<'a> {
    blob: &'a Option<Blob>,
    key_id: &'a Option<String>,
    key_id_path: &'static str,
    context: &'a Option<EncryptionContext>,
    algorithm: &'a Option<String>,
    algorithm_path: &'static str,
}

/// The decrypting half shared by Decrypt and ReEncrypt.
fn open(cx: &mut Cx, src: Source, ignore_ciphertext: bool) -> Result<Opened, KmsError> {
    let Source {
        blob,
        key_id,
        key_id_path,
        context: ctx,
        algorithm,
        algorithm_path,
    } = src;
    let Some(blob) = blob else {
        return Err(KmsError::constraint(
            None,
            "ciphertextBlob",
            "Member must not be null",
        ));
    };
    validate::blob("ciphertextBlob", blob, 1, MAX_CIPHERTEXT)?;
    validate::opt_one_of(algorithm_path, algorithm, ENCRYPTION_ALGORITHMS)?;
    let named = match key_id {
        Some(k) => Some(cx.resolve(key_id_path, k, Accept::KeyOrAlias)?),
        None => None,
    };
    // RSA ciphertext is raw RSAES-OAEP: it names no key, so the caller must.
    if let Some(named) = &named {
        if matches!(
            SpecKind::of(&cx.key(named)?.key_spec),
            Some(SpecKind::Rsa(_))
        ) {
            let Scheme::Rsa(alg) = check_encrypt_key(cx, named, algorithm, "Decrypt")? else {
                return Err(KmsError::Internal(
                    "an RSA key with a symmetric scheme".into(),
                ));
            };
            if ignore_ciphertext {
                return Err(dry_run());
            }
            no_context(ctx)?;
            let plaintext = rsa_decrypt(cx, named, &alg, &blob.0)?;
            return Ok(Opened {
                key_arn: cx.key(named)?.arn.clone(),
                plaintext,
                material_id: None,
                algorithm: alg,
            });
        }
    }
    let env = Envelope::parse(&blob.0).ok_or(KmsError::InvalidCiphertext(None))?;
    let id = key_id_string(&env.header.key_id, env.header.mrk);
    if let Some(named) = named {
        if named != id {
            return Err(KmsError::IncorrectKey(
                "The key ID in the request does not identify a CMK that can perform this operation.".into(),
            ));
        }
    } else if cx.find_ciphertext_key(&id) {
        cx.resources.push(key_arn(&cx.engine.cfg, &id));
        // The key the ciphertext names is judged as if the request had named it.
        cx.authorize(&id, "ciphertextBlob", &id)?;
    } else {
        // A well-formed blob of a key this account does not have (deleted, or never here).
        return Err(KmsError::AccessDenied(
            "The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.".into(),
        ));
    }
    check_encrypt_key(cx, &id, algorithm, "Decrypt")?;
    let material_id = crate::engine::ids::hex(&env.header.material_id);
    if ignore_ciphertext {
        return Err(dry_run());
    }
    let key = cx.key(&id)?;
    let material = key
        .material(&material_id)
        .ok_or(KmsError::InvalidCiphertext(None))?;
    if material.secret.is_none() {
        return Err(pending_import(&key.arn));
    }
    let cipher =
        material_cipher(cx.engine, &id, &material_id).ok_or(KmsError::InvalidCiphertext(None))?;
    let plaintext = env
        .open_with(cipher, &context_aad(ctx))
        .ok_or(KmsError::InvalidCiphertext(None))?;
    cx.source_material = Some(material_id.clone());
    Ok(Opened {
        key_arn: cx.key(&id)?.arn.clone(),
        plaintext,
        material_id: Some(material_id),
        algorithm: SYMMETRIC_DEFAULT.into(),
    })
}

fn dry_run_modifiers(m: &Option<Vec<String>>) -> Result<bool, KmsError> {
    let mut ignore = false;
    for (i, v) in m.iter().flatten().enumerate() {
        validate::one_of(
            &format!("dryRunModifiers.{}.member", i + 1),
            v,
            DRY_RUN_MODIFIERS,
        )?;
        ignore = true;
    }
    Ok(ignore)
}

pub(crate) fn encrypt(cx: &mut Cx, r: EncryptRequest) -> Result<EncryptResponse, KmsError> {
    validate::blob("plaintext", &r.plaintext, 1, MAX_PLAINTEXT)?;
    validate::opt_one_of(
        "encryptionAlgorithm",
        &r.encryption_algorithm,
        ENCRYPTION_ALGORITHMS,
    )?;
    validate::grant_tokens(&r.grant_tokens)?;
    let id = cx.resolve("keyId", &r.key_id, Accept::KeyOrAlias)?;
    let scheme = check_encrypt_key(cx, &id, &r.encryption_algorithm, "Encrypt")?;
    if let Scheme::Rsa(_) = scheme {
        no_context(&r.encryption_context)?;
    }
    if r.dry_run == Some(true) {
        return Err(dry_run());
    }
    let (blob, algorithm) = match scheme {
        Scheme::Symmetric => {
            let (blob, _) = seal(cx, &id, &r.plaintext.0, &r.encryption_context)?;
            (blob, SYMMETRIC_DEFAULT.to_string())
        }
        Scheme::Rsa(alg) => (rsa_encrypt(cx, &id, &alg, &r.plaintext.0)?, alg),
    };
    Ok(EncryptResponse {
        ciphertext_blob: Blob(blob),
        key_id: cx.key(&id)?.arn.clone(),
        encryption_algorithm: algorithm,
    })
}

pub(crate) fn decrypt(cx: &mut Cx, r: DecryptRequest) -> Result<DecryptResponse, KmsError> {
    validate::grant_tokens(&r.grant_tokens)?;
    let ignore = dry_run_modifiers(&r.dry_run_modifiers)?;
    if r.recipient.is_some() {
        return Err(unsupported_recipient());
    }
    let dry = r.dry_run == Some(true);
    let src = Source {
        blob: &r.ciphertext_blob,
        key_id: &r.key_id,
        key_id_path: "keyId",
        context: &r.encryption_context,
        algorithm: &r.encryption_algorithm,
        algorithm_path: "encryptionAlgorithm",
    };
    let o = open(cx, src, dry && ignore)?;
    if dry {
        return Err(dry_run());
    }
    Ok(DecryptResponse {
        key_id: o.key_arn,
        plaintext: Blob(o.plaintext),
        encryption_algorithm: o.algorithm,
        key_material_id: o.material_id,
    })
}

pub(crate) fn re_encrypt(cx: &mut Cx, r: ReEncryptRequest) -> Result<ReEncryptResponse, KmsError> {
    validate::grant_tokens(&r.grant_tokens)?;
    let ignore = dry_run_modifiers(&r.dry_run_modifiers)?;
    validate::opt_one_of(
        "destinationEncryptionAlgorithm",
        &r.destination_encryption_algorithm,
        ENCRYPTION_ALGORITHMS,
    )?;
    let dry = r.dry_run == Some(true);
    let src = Source {
        blob: &r.ciphertext_blob,
        key_id: &r.source_key_id,
        key_id_path: "sourceKeyId",
        context: &r.source_encryption_context,
        algorithm: &r.source_encryption_algorithm,
        algorithm_path: "sourceEncryptionAlgorithm",
    };
    let o = open(cx, src, dry && ignore)?;
    let dest = cx.resolve(
        "destinationKeyId",
        &r.destination_key_id,
        Accept::KeyOrAlias,
    )?;
    let scheme = check_encrypt_key(cx, &dest, &r.destination_encryption_algorithm, "ReEncrypt")?;
    if let Scheme::Rsa(_) = scheme {
        no_context(&r.destination_encryption_context)?;
    }
    if dry {
        return Err(dry_run());
    }
    let (blob, dest_material, dest_algorithm) = match scheme {
        Scheme::Symmetric => {
            let (blob, m) = seal(cx, &dest, &o.plaintext, &r.destination_encryption_context)?;
            (blob, Some(m), SYMMETRIC_DEFAULT.to_string())
        }
        Scheme::Rsa(alg) => (rsa_encrypt(cx, &dest, &alg, &o.plaintext)?, None, alg),
    };
    Ok(ReEncryptResponse {
        ciphertext_blob: Blob(blob),
        source_key_id: o.key_arn,
        key_id: cx.key(&dest)?.arn.clone(),
        source_encryption_algorithm: o.algorithm,
        destination_encryption_algorithm: dest_algorithm,
        source_key_material_id: o.material_id,
        destination_key_material_id: dest_material,
    })
}

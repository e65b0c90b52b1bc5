//! ImportKeyMaterial, in steps: validate the request, check the key and the token, check the
//! terms, unwrap the material, check the ImportType against what the key has, store it.
//! Depends on the import module's checks, `params::token_params`, `Cx`, `env::Rsa`, `model`.

use super::params::token_params;
use super::{not_pending_deletion, origin_check};
use crate::api::shapes::*;
use crate::api::{validate, Blob, KeyState};
use crate::engine::cx::Cx;
use crate::engine::ids::hex;
use crate::engine::key_specs::SpecKind;
use crate::engine::pairs::unavailable;
use crate::engine::resolve::Accept;
use crate::error::KmsError;
use crate::limits::{MAX_CIPHERTEXT, MAX_VALID_TO_AHEAD_MS};
use crate::model::{ImportParams, Imported, Key, Material};
use sha2::{Digest, Sha256};

const EXPIRATION_MODELS: &[&str] = &["KEY_MATERIAL_EXPIRES", "KEY_MATERIAL_DOES_NOT_EXPIRE"];
const IMPORT_TYPES: &[&str] = &["NEW_KEY_MATERIAL", "EXISTING_KEY_MATERIAL"];

/// The terms of an import, checked as AWS documents them.
fn import_terms(cx: &Cx, r: &ImportKeyMaterialRequest) -> Result<Imported, KmsError> {
    let model = r
        .expiration_model
        .clone()
        .unwrap_or_else(|| "KEY_MATERIAL_EXPIRES".into());
    let valid_to = r.valid_to.map(|t| t.0);
    match (model.as_str(), valid_to) {
        ("KEY_MATERIAL_EXPIRES", None) => {
            return Err(KmsError::Validation(
                "A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES".into(),
            ))
        }
        ("KEY_MATERIAL_EXPIRES", Some(t)) if t <= cx.now => {
            return Err(KmsError::Validation(
                "ValidTo must be in the future.".into(),
            ))
        }
        ("KEY_MATERIAL_EXPIRES", Some(t)) if t > cx.now + MAX_VALID_TO_AHEAD_MS => {
            return Err(KmsError::Validation(
                "ValidTo must be no more than 365 days in the future.".into(),
            ))
        }
        ("KEY_MATERIAL_DOES_NOT_EXPIRE", Some(_)) => return Err(KmsError::Validation(
            "A validTo date must not be set if the ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE"
                .into(),
        )),
        _ => {}
    }
    Ok(Imported {
        expiration_model: model,
        valid_to_ms: valid_to,
        description: r.key_material_description.clone(),
    })
}

/// The id of imported material: SHA-256(key id ‖ material), so the same bytes give the same id.
fn imported_material_id(key_id: &str, material: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(key_id.as_bytes());
    h.update(material);
    hex(&h.finalize())
}

pub(crate) fn import_key_material(
    cx: &mut Cx,
    r: ImportKeyMaterialRequest,
) -> Result<KeyMaterialResponse, KmsError> {
    validate_import(&r)?;
    let id = cx.resolve("keyId", &r.key_id, Accept::Key)?;
    let key = cx.key(&id)?;
    origin_check(key)?;
    not_pending_deletion(key)?;
    let (arn, spec) = (key.arn.clone(), key.key_spec.clone());
    let kind = SpecKind::of(&spec)
        .ok_or_else(|| KmsError::Internal(format!("key spec {spec} has no import rules")))?;
    symmetric_only_members(&r, kind)?;
    let params = token_params(cx, &r.import_token.0, &id)?;
    let terms = import_terms(cx, &r)?;
    let material = unwrap_material(cx, &params, &r.encrypted_key_material.0, &spec, kind)?;
    let material_id = imported_material_id(&id, &material);
    let first = check_import_type(cx.key(&id)?, &r, &material_id)?;
    let now = cx.now;
    store_material(cx.key_mut(&id)?, &material_id, material, terms, now, first);
    Ok(KeyMaterialResponse {
        key_id: arn,
        key_material_id: material_id,
    })
}

/// The framework's constraints on ImportKeyMaterial's members.
fn validate_import(r: &ImportKeyMaterialRequest) -> Result<(), KmsError> {
    validate::blob("importToken", &r.import_token, 1, MAX_CIPHERTEXT)?;
    validate::blob(
        "encryptedKeyMaterial",
        &r.encrypted_key_material,
        1,
        MAX_CIPHERTEXT,
    )?;
    validate::opt_one_of("expirationModel", &r.expiration_model, EXPIRATION_MODELS)?;
    validate::opt_one_of("importType", &r.import_type, IMPORT_TYPES)?;
    if let Some(d) = &r.key_material_description {
        validate::len("keyMaterialDescription", d, 0, 256)?;
        validate::chars("keyMaterialDescription", d, "^[a-zA-Z0-9:/_\\s.-]+$", |c| {
            c.is_ascii_alphanumeric()
                || c.is_whitespace()
                || matches!(c, ':' | '/' | '_' | '.' | '-')
        })?;
    }
    if let Some(m) = &r.key_material_id {
        validate::len("keyMaterialId", m, 64, 64)?;
        validate::chars(
            "keyMaterialId",
            m,
            "^[a-f0-9]+$",
            |c| matches!(c, 'a'..='f' | '0'..='9'),
        )?;
    }
    Ok(())
}

/// The material `wrapped` holds under the token's wrapping key: a key of the spec's length, or
/// a private key of the spec.
fn unwrap_material(
    cx: &Cx,
    params: &ImportParams,
    wrapped: &[u8],
    spec: &str,
    kind: SpecKind,
) -> Result<Vec<u8>, KmsError> {
    let private = params
        .private_key
        .as_ref()
        .ok_or_else(|| KmsError::Internal("token without its key".into()))?;
    let material = cx
        .engine
        .rsa
        .unwrap(&private.0, &params.wrapping_algorithm, wrapped)
        .map_err(|why| KmsError::Internal(format!("RSA is unavailable: {why}")))?
        .ok_or_else(|| {
            KmsError::InvalidCiphertext(Some(format!(
                "The encrypted key material could not be unwrapped with the {} wrapping key of this import token.",
                params.wrapping_algorithm
            )))
        })?;
    if kind.is_pair() {
        // A private key, in any DER encoding of it: kept in one canonical form, so the same
        // key re-imported in another encoding is still the same material.
        return cx
            .engine
            .key_crypto()
            .private_key(spec, &material)
            .map_err(unavailable)?
            .ok_or_else(|| {
                KmsError::IncorrectKeyMaterial(format!(
                    "The key material is not a {spec} private key in PKCS#8 (DER) format."
                ))
            });
    }
    let (min, max) = kind.imported_len();
    let len = material.len();
    if len < min || len > max {
        let want = if min == max {
            format!("{} bits ({min} bytes)", min * 8)
        } else {
            format!("{min} to {max} bytes")
        };
        return Err(KmsError::IncorrectKeyMaterial(format!(
            "Key material for a {spec} key must be {want}; the imported material is {len} bytes."
        )));
    }
    Ok(material)
}

/// ImportType, KeyMaterialId and KeyMaterialDescription are for symmetric encryption keys
/// only (ImportKeyMaterial, AWS KMS API Reference): other keys keep their first material.
fn symmetric_only_members(r: &ImportKeyMaterialRequest, kind: SpecKind) -> Result<(), KmsError> {
    let given = r.import_type.is_some()
        || r.key_material_id.is_some()
        || r.key_material_description.is_some();
    if given && kind != SpecKind::Symmetric {
        return Err(KmsError::Validation(
            "ImportType, KeyMaterialId and KeyMaterialDescription are only usable with symmetric encryption keys.".into(),
        ));
    }
    Ok(())
}

/// Whether this import may bring `material_id` to `key` under its ImportType (default: new
/// material for a key that never had any, the same material again otherwise). Returns whether
/// it is the key's first material.
fn check_import_type(
    key: &Key,
    r: &ImportKeyMaterialRequest,
    material_id: &str,
) -> Result<bool, KmsError> {
    let known = key
        .materials
        .iter()
        .chain(key.pending.iter())
        .any(|m| m.id == material_id);
    let first = key.materials.is_empty();
    let default = if first {
        "NEW_KEY_MATERIAL"
    } else {
        "EXISTING_KEY_MATERIAL"
    };
    let arn = &key.arn;
    let import_type = r.import_type.as_deref().unwrap_or(default);
    // New material comes into a multi-Region key through its primary key; each replica then
    // imports the same bytes as EXISTING_KEY_MATERIAL.
    if import_type == "NEW_KEY_MATERIAL" && key.is_replica() {
        return Err(KmsError::UnsupportedOperation(Some(format!(
            "New key material cannot be imported into {arn}, a multi-Region replica key: import it into its primary key, then into each replica as EXISTING_KEY_MATERIAL."
        ))));
    }
    if import_type == "EXISTING_KEY_MATERIAL" {
        if !known || r.key_material_id.as_ref().is_some_and(|m| m != material_id) {
            return Err(KmsError::IncorrectKeyMaterial(format!(
                "The key material does not match the key material previously imported into {arn}."
            )));
        }
    } else if !first {
        if r.key_material_id.is_some() {
            return Err(KmsError::Validation(
                "KeyMaterialId cannot be specified when ImportType is NEW_KEY_MATERIAL.".into(),
            ));
        }
        if known {
            return Err(KmsError::IncorrectKeyMaterial(format!(
                "Key material {material_id} is already associated with {arn}; import it with ImportType EXISTING_KEY_MATERIAL."
            )));
        }
        if let Some(p) = &key.pending {
            return Err(KmsError::InvalidState(format!(
                "New key material (id: {material_id}) cannot be imported into KMS key {}, because another key material (id: {}) is pending rotation.",
                key.id, p.id
            )));
        }
    }
    Ok(first)
}

/// Puts the material back where it was deleted from, or adds it: as the key's first
/// material, or staged for RotateKeyOnDemand. PendingImport becomes Enabled once every
/// material is back; a Disabled key stays Disabled.
fn store_material(
    key: &mut Key,
    material_id: &str,
    material: Vec<u8>,
    terms: Imported,
    now: i64,
    first: bool,
) {
    let slot = key
        .materials
        .iter_mut()
        .chain(key.pending.iter_mut())
        .find(|m| m.id == material_id);
    match slot {
        Some(m) => {
            let description = terms
                .description
                .clone()
                .or_else(|| m.import.as_ref().and_then(|i| i.description.clone()));
            m.secret = Some(Blob(material));
            m.import = Some(Imported {
                description,
                ..terms
            });
        }
        None => {
            let m = Material {
                id: material_id.to_string(),
                secret: Some(Blob(material)),
                created_ms: now,
                rotation_type: None,
                import: Some(terms),
            };
            if first {
                key.materials.push(m);
            } else {
                key.pending = Some(m);
            }
        }
    }
    if key.state == KeyState::PendingImport && key.all_material_present() {
        key.state = KeyState::Enabled;
    }
}

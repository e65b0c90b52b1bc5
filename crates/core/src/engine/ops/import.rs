//! Importing key material (reference §6.6, §9): GetParametersForImport, ImportKeyMaterial,
//! DeleteImportedKeyMaterial. Material expiry and the wrapping-key pool live in
//! `materials.rs`. Depends on `env::Rsa` (unwrapping), `model`, and the engine's resolve/state helpers.

use crate::api::shapes::*;
use crate::api::{validate, Blob, KeyState, Origin, Timestamp};
use crate::engine::cx::pending_deletion;
use crate::engine::cx::Cx;
use crate::engine::ids::{uuid_bytes, uuid_string};
use crate::engine::resolve::Accept;
use crate::error::KmsError;
use crate::limits::{IMPORT_PARAMETERS_VALIDITY_MS, MAX_VALID_TO_AHEAD_MS};
use crate::model::{ImportParams, Imported, Key, Material};
use sha2::{Digest, Sha256};

const WRAPPING_ALGORITHMS: &[&str] = &[
    "RSAES_PKCS1_V1_5",
    "RSAES_OAEP_SHA_1",
    "RSAES_OAEP_SHA_256",
    "RSA_AES_KEY_WRAP_SHA_1",
    "RSA_AES_KEY_WRAP_SHA_256",
    "SM2PKE",
];
const WRAPPING_KEY_SPECS: &[&str] = &["RSA_2048", "RSA_3072", "RSA_4096", "SM2"];
const EXPIRATION_MODELS: &[&str] = &["KEY_MATERIAL_EXPIRES", "KEY_MATERIAL_DOES_NOT_EXPIRE"];
const IMPORT_TYPES: &[&str] = &["NEW_KEY_MATERIAL", "EXISTING_KEY_MATERIAL"];
/// The first bytes of every import token this emulator issues.
const TOKEN_MAGIC: &[u8; 5] = b"KMSW\x01";

fn origin_check(key: &Key) -> Result<(), KmsError> {
    match key.origin {
        Origin::External => Ok(()),
        Origin::AwsKms => Err(KmsError::UnsupportedOperation(Some(format!(
            "{} origin is AWS_KMS which is not valid for this operation.",
            key.arn
        )))),
    }
}

fn not_pending_deletion(key: &Key) -> Result<(), KmsError> {
    if key.state == KeyState::PendingDeletion {
        return Err(pending_deletion(&key.arn));
    }
    Ok(())
}

pub(crate) fn get_parameters_for_import(
    cx: &mut Cx,
    r: GetParametersForImportRequest,
) -> Result<GetParametersForImportResponse, KmsError> {
    validate::one_of(
        "wrappingAlgorithm",
        &r.wrapping_algorithm,
        WRAPPING_ALGORITHMS,
    )?;
    validate::one_of("wrappingKeySpec", &r.wrapping_key_spec, WRAPPING_KEY_SPECS)?;
    let id = cx.resolve("keyId", &r.key_id, Accept::Key)?;
    let key = cx.key(&id)?;
    origin_check(key)?;
    not_pending_deletion(key)?;
    let (alg, spec) = (r.wrapping_algorithm.as_str(), r.wrapping_key_spec.as_str());
    if alg == "RSAES_PKCS1_V1_5" {
        return Err(KmsError::Validation(
            "Wrapping algorithm RSAES_PKCS1_V1_5 is not supported.".into(),
        ));
    }
    // Symmetric material takes plain RSA-OAEP; the RSA_AES algorithms are for asymmetric keys.
    let bits = match (alg, spec) {
        ("RSAES_OAEP_SHA_1" | "RSAES_OAEP_SHA_256", "RSA_2048") => 2048,
        ("RSAES_OAEP_SHA_1" | "RSAES_OAEP_SHA_256", "RSA_3072") => 3072,
        ("RSAES_OAEP_SHA_1" | "RSAES_OAEP_SHA_256", "RSA_4096") => 4096,
        _ => {
            return Err(KmsError::Validation(format!(
                "Wrapping algorithm {alg} and wrapping key spec {spec} cannot be used to import a {} key.",
                key.key_spec
            )))
        }
    };
    let arn = key.arn.clone();
    let (private, public) = cx.engine.wrapping_key(bits)?;
    let token_id: [u8; 16] = cx.engine.random_bytes();
    let key_bytes =
        uuid_bytes(&id).ok_or_else(|| KmsError::Internal("key id is not a UUID".into()))?;
    let token = [TOKEN_MAGIC.as_slice(), &token_id, &key_bytes].concat();
    let expires_ms = cx.now + IMPORT_PARAMETERS_VALIDITY_MS;
    let params = ImportParams {
        key_id: id,
        wrapping_algorithm: alg.to_string(),
        wrapping_key_spec: spec.to_string(),
        private_key: Some(Blob(private)),
        expires_ms,
    };
    let token_key = crate::engine::ids::hex(&token_id);
    cx.engine.touch_import(&token_key);
    cx.engine.state.imports.insert(token_key, params);
    Ok(GetParametersForImportResponse {
        key_id: arn,
        import_token: Blob(token),
        public_key: Blob(public),
        parameters_valid_to: Timestamp(expires_ms),
    })
}

/// The import parameters an import token names, if it was issued for `key_id`.
fn token_params(cx: &Cx, token: &[u8], key_id: &str) -> Result<ImportParams, KmsError> {
    let invalid = || {
        KmsError::InvalidImportToken(
            "The import token is invalid or was not issued for this KMS key.".into(),
        )
    };
    if token.len() != 37 || &token[..5] != TOKEN_MAGIC {
        return Err(invalid());
    }
    let key_bytes: [u8; 16] = token[21..37].try_into().map_err(|_| invalid())?;
    let params = cx
        .engine
        .state
        .imports
        .get(&crate::engine::ids::hex(&token[5..21]))
        .ok_or_else(invalid)?;
    if params.key_id != key_id || uuid_string(&key_bytes) != key_id {
        return Err(invalid());
    }
    if params.expires_ms <= cx.now {
        return Err(KmsError::ExpiredImportToken(format!(
            "The import token expired at {}. Call GetParametersForImport for a new one.",
            crate::api::iso8601(params.expires_ms)
        )));
    }
    Ok(params.clone())
}

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
    crate::engine::ids::hex(&h.finalize())
}

pub(crate) fn import_key_material(
    cx: &mut Cx,
    r: ImportKeyMaterialRequest,
) -> Result<KeyMaterialResponse, KmsError> {
    validate::blob("importToken", &r.import_token, 1, 6144)?;
    validate::blob("encryptedKeyMaterial", &r.encrypted_key_material, 1, 6144)?;
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
    let id = cx.resolve("keyId", &r.key_id, Accept::Key)?;
    let key = cx.key(&id)?;
    origin_check(key)?;
    not_pending_deletion(key)?;
    let (arn, spec) = (key.arn.clone(), key.key_spec.clone());
    let params = token_params(cx, &r.import_token.0, &id)?;
    let terms = import_terms(cx, &r)?;
    let private = params
        .private_key
        .ok_or_else(|| KmsError::Internal("token without its key".into()))?;
    let material = cx
        .engine
        .rsa
        .unwrap(&private.0, &params.wrapping_algorithm, &r.encrypted_key_material.0)
        .map_err(|why| KmsError::Internal(format!("RSA is unavailable: {why}")))?
        .ok_or_else(|| {
            KmsError::InvalidCiphertext(Some(format!(
                "The encrypted key material could not be unwrapped with the {} wrapping key of this import token.",
                params.wrapping_algorithm
            )))
        })?;
    if material.len() != 32 {
        return Err(KmsError::IncorrectKeyMaterial(format!(
            "Key material for a {spec} key must be 256 bits (32 bytes); the imported material is {} bytes.",
            material.len()
        )));
    }
    let material_id = imported_material_id(&id, &material);
    let key = cx.key(&id)?;
    let known = key
        .materials
        .iter()
        .chain(key.pending.iter())
        .any(|m| m.id == material_id);
    let first = key.materials.is_empty();
    let import_type = r.import_type.clone().unwrap_or_else(|| {
        if first {
            "NEW_KEY_MATERIAL"
        } else {
            "EXISTING_KEY_MATERIAL"
        }
        .into()
    });
    let incorrect = || {
        KmsError::IncorrectKeyMaterial(format!(
            "The key material does not match the key material previously imported into {arn}."
        ))
    };
    if import_type == "EXISTING_KEY_MATERIAL" {
        if !known
            || r.key_material_id
                .as_ref()
                .is_some_and(|m| *m != material_id)
        {
            return Err(incorrect());
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
                "New key material (id: {material_id}) cannot be imported into KMS key {id}, because another key material (id: {}) is pending rotation.",
                p.id
            )));
        }
    }
    // Mutate.
    let now = cx.now;
    let key = cx.key_mut(&id)?;
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
                id: material_id.clone(),
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
    // PendingImport becomes Enabled once every material is back; a Disabled key stays Disabled.
    if key.state == KeyState::PendingImport && key.all_material_present() {
        key.state = KeyState::Enabled;
    }
    Ok(KeyMaterialResponse {
        key_id: arn,
        key_material_id: material_id,
    })
}

pub(crate) fn delete_imported_key_material(
    cx: &mut Cx,
    r: DeleteImportedKeyMaterialRequest,
) -> Result<KeyMaterialResponse, KmsError> {
    if let Some(m) = &r.key_material_id {
        validate::len("keyMaterialId", m, 64, 64)?;
    }
    let id = cx.resolve("keyId", &r.key_id, Accept::Key)?;
    let key = cx.key(&id)?;
    origin_check(key)?;
    let arn = key.arn.clone();
    let target = r
        .key_material_id
        .clone()
        .or_else(|| key.current_material().map(|m| m.id.clone()));
    let Some(target) = target else {
        // Nothing was ever imported: nothing to delete, and AWS answers success.
        return Ok(KeyMaterialResponse {
            key_id: arn,
            key_material_id: String::new(),
        });
    };
    let exists = key
        .materials
        .iter()
        .chain(key.pending.iter())
        .any(|m| m.id == target);
    if !exists {
        return Err(KmsError::NotFound(format!(
            "Key material {target} is not associated with {arn}."
        )));
    }
    let present = key
        .materials
        .iter()
        .chain(key.pending.iter())
        .any(|m| m.id == target && m.secret.is_some());
    if present {
        let key = cx.key_mut(&id)?;
        if key.pending.as_ref().is_some_and(|p| p.id == target) {
            key.pending = None;
        }
        for m in key.materials.iter_mut().filter(|m| m.id == target) {
            m.secret = None;
            if let Some(i) = m.import.as_mut() {
                i.valid_to_ms = None;
            }
        }
        if matches!(key.state, KeyState::Enabled | KeyState::Disabled)
            && !key.all_material_present()
        {
            key.state = KeyState::PendingImport;
        }
    }
    Ok(KeyMaterialResponse {
        key_id: arn,
        key_material_id: target,
    })
}

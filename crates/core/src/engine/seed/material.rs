//! One material entry of a seed document, checked and built in steps: the bytes, their id,
//! how the material became current, and (imported material only) its expiry terms.
//! Depends on the seed module's helpers, `ids` and `model`.

use super::{bad, date};
use crate::api::{Blob, Origin};
use crate::engine::ids::hex;
use crate::engine::key_specs::SpecKind;
use crate::error::KmsError;
use crate::key_crypto::KeyCrypto;
use crate::model::{Imported, Material, SeedMaterial};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use sha2::{Digest, Sha256};

/// Generated material of a seeded key gets an id derived from its bytes, so the same seed
/// always produces the same ciphertext headers. Imported material ids are SHA-256(key id ‖
/// material), as ImportKeyMaterial makes them.
fn seeded_material_id(key_id: &str, material: &[u8], imported: bool) -> String {
    let mut h = Sha256::new();
    if !imported {
        h.update(b"kms-wasm seed material\0");
    }
    h.update(key_id.as_bytes());
    h.update(material);
    hex(&h.finalize())
}

/// The material of an AWS_KMS key whose entry declares none: `secret`, drawn by the service.
pub(super) fn generated_material(key_id: &str, secret: Vec<u8>, created: i64) -> Material {
    Material {
        id: seeded_material_id(key_id, &secret, false),
        secret: Some(Blob(secret)),
        created_ms: created,
        rotation_type: None,
        import: None,
    }
}

/// What a key's material must be: its key spec and kind, and the provider that checks (and
/// puts in canonical form) a key pair's private key.
pub(super) struct MaterialRules<'a> {
    pub spec: &'a str,
    pub kind: SpecKind,
    pub pairs: &'a dyn KeyCrypto,
}

/// The material entry `m` of the key `key_id`; `first` is the key's original material.
pub(super) fn seed_material(
    at: &str,
    key_id: &str,
    origin: Origin,
    m: SeedMaterial,
    (created, first): (i64, bool),
    rules: &MaterialRules,
) -> Result<Material, KmsError> {
    let imported = origin == Origin::External;
    let secret = secret(at, m.material.as_deref(), imported, rules)?;
    let id = material_id(at, key_id, secret.as_deref(), m.key_material_id, imported)?;
    let rotation_type = rotation_type(at, first, m.rotation_type.as_deref())?;
    let created_ms = date(&format!("{at}.Date"), &m.date, created)?;
    let import = import_terms(at, imported, m.expiration_model.as_deref(), &m.valid_to)?;
    Ok(Material {
        id,
        secret: secret.map(Blob),
        created_ms,
        rotation_type,
        import,
    })
}

/// Base64 of material the key spec takes; absent only for imported material that is
/// currently deleted.
fn secret(
    at: &str,
    b64: Option<&str>,
    imported: bool,
    rules: &MaterialRules,
) -> Result<Option<Vec<u8>>, KmsError> {
    let at = format!("{at}.Material");
    let Some(b64) = b64 else {
        return match imported {
            true => Ok(None),
            false => Err(bad(&at, "is required for AWS_KMS keys")),
        };
    };
    let bytes = STANDARD
        .decode(b64.as_bytes())
        .map_err(|_| bad(&at, "is not base64"))?;
    if rules.kind.is_pair() {
        let spec = rules.spec;
        return match rules.pairs.private_key(spec, &bytes) {
            Ok(Some(canonical)) => Ok(Some(canonical)),
            Ok(None) => Err(bad(
                &at,
                format!("must be a {spec} private key in PKCS#8 DER (base64)"),
            )),
            Err(why) => Err(KmsError::Internal(format!(
                "asymmetric cryptography is unavailable: {why}"
            ))),
        };
    }
    let (min, max) = rules.kind.imported_len();
    if bytes.len() < min || bytes.len() > max {
        let want = if min == max {
            format!("{min} bytes ({} bits)", min * 8)
        } else {
            format!("{min} to {max} bytes")
        };
        return Err(bad(&at, format!("must be {want}, not {}", bytes.len())));
    }
    Ok(Some(bytes))
}

/// The declared id, or the one derived from the bytes; imported ids must match the bytes.
fn material_id(
    at: &str,
    key_id: &str,
    secret: Option<&[u8]>,
    given: Option<String>,
    imported: bool,
) -> Result<String, KmsError> {
    let at = format!("{at}.KeyMaterialId");
    let id = match (secret, given) {
        (Some(s), given) => {
            let derived = seeded_material_id(key_id, s, imported);
            match given {
                // Imported material ids are commitments to the bytes and must match them.
                Some(g) if imported && g != derived => {
                    return Err(bad(
                        &at,
                        "does not match the material (SHA-256 of key id and material)",
                    ))
                }
                Some(g) => g,
                None => derived,
            }
        }
        (None, Some(g)) => g,
        (None, None) => return Err(bad(&at, "is required when Material is absent")),
    };
    if id.len() != 64 || !id.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')) {
        return Err(bad(&at, "must be 64 lowercase hex characters"));
    }
    Ok(id)
}

/// The first material was not rotated in; every later one was, automatically or on demand.
fn rotation_type(
    at: &str,
    first: bool,
    declared: Option<&str>,
) -> Result<Option<String>, KmsError> {
    let at = format!("{at}.RotationType");
    match (first, declared) {
        (true, None) => Ok(None),
        (true, Some(_)) => Err(bad(&at, "the first material was not rotated in")),
        (false, Some(t @ ("AUTOMATIC" | "ON_DEMAND"))) => Ok(Some(t.to_string())),
        (false, _) => Err(bad(&at, "must be AUTOMATIC or ON_DEMAND")),
    }
}

/// The expiry terms of imported material (default: it does not expire); other material has
/// none.
fn import_terms(
    at: &str,
    imported: bool,
    model: Option<&str>,
    valid_to: &Option<String>,
) -> Result<Option<Imported>, KmsError> {
    if !imported {
        return match (model, valid_to) {
            (None, None) => Ok(None),
            _ => Err(bad(
                &format!("{at}.ExpirationModel"),
                "only imported (EXTERNAL) material expires",
            )),
        };
    }
    let model = model.unwrap_or("KEY_MATERIAL_DOES_NOT_EXPIRE").to_string();
    let valid_to_at = format!("{at}.ValidTo");
    let valid_to_ms = match (model.as_str(), valid_to) {
        ("KEY_MATERIAL_EXPIRES", Some(_)) => Some(date(&valid_to_at, valid_to, 0)?),
        ("KEY_MATERIAL_EXPIRES", None) => {
            return Err(bad(&valid_to_at, "is required with KEY_MATERIAL_EXPIRES"))
        }
        ("KEY_MATERIAL_DOES_NOT_EXPIRE", None) => None,
        ("KEY_MATERIAL_DOES_NOT_EXPIRE", Some(_)) => {
            return Err(bad(
                &valid_to_at,
                "is not allowed with KEY_MATERIAL_DOES_NOT_EXPIRE",
            ))
        }
        (other, _) => {
            return Err(bad(
                &format!("{at}.ExpirationModel"),
                format!("{other:?} is not KEY_MATERIAL_EXPIRES or KEY_MATERIAL_DOES_NOT_EXPIRE"),
            ))
        }
    };
    Ok(Some(Imported {
        expiration_model: model,
        valid_to_ms,
        description: None,
    }))
}

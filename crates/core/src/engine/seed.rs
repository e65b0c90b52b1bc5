//! Seed documents: a JSON fixture declaring keys with fixed ids, material and rotation history,
//! applied as strictly as the API validates its input (errors name the entry and the field),
//! idempotently; and the export of the current state as such a document. Seeded material is
//! for tests and demos only. Depends on `model`, `api` validation and the engine's id helpers.

use super::ids::{is_uuid, key_arn};
use super::validate_input;
use super::Engine;
use crate::api::{parse_iso8601, Blob, KeyManager, KeyState, Origin};
use crate::error::KmsError;
use crate::limits::{
    DAY_MS, DEFAULT_ROTATION_PERIOD_DAYS, MAX_DESCRIPTION_LEN, ROTATION_PERIOD_DAYS,
};
use crate::model::{Alias, Imported, Key, Material, Rotation, SeedDocument, SeedKey, SeedMaterial};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use sha2::{Digest, Sha256};

/// A `ValidationException` naming the entry and field of the seed document.
fn bad(at: &str, why: impl std::fmt::Display) -> KmsError {
    KmsError::Validation(format!("seed document: {at}: {why}"))
}

fn date(at: &str, text: &Option<String>, default: i64) -> Result<i64, KmsError> {
    match text {
        None => Ok(default),
        Some(t) => {
            parse_iso8601(t).ok_or_else(|| bad(at, format!("{t:?} is not an ISO-8601 date")))
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    super::ids::hex(bytes)
}

/// Generated material of a seeded key gets an id derived from its bytes, so the same seed
/// always produces the same ciphertext headers.
fn seeded_material_id(key_id: &str, material: &[u8], imported: bool) -> String {
    let mut h = Sha256::new();
    if !imported {
        h.update(b"kms-wasm seed material\0");
    }
    h.update(key_id.as_bytes());
    h.update(material);
    hex(&h.finalize())
}

impl Engine {
    /// Applies a seed document: every key in it is created or replaced (with its aliases);
    /// keys not in it are left alone. Nothing changes unless the whole document is valid.
    pub fn apply_seed(&mut self, json: &str) -> Result<usize, KmsError> {
        let doc: SeedDocument = serde_json::from_str(json).map_err(|e| bad("JSON", e))?;
        let now = self.now_ms();
        let mut keys = Vec::with_capacity(doc.keys.len());
        let mut aliases: Vec<(String, String)> = Vec::new();
        for (i, k) in doc.keys.into_iter().enumerate() {
            let at = format!("Keys[{i}] ({})", k.key_id);
            let (key, names) = self.seed_key(&at, k, now)?;
            for (j, name) in names.into_iter().enumerate() {
                let where_ = format!("{at}.Aliases[{j}]");
                super::validate_input::check_alias_name(&name)
                    .map_err(|e| bad(&where_, e.message().unwrap_or(e.code())))?;
                if aliases.iter().any(|(n, _)| *n == name) {
                    return Err(bad(&where_, format!("{name} is declared twice")));
                }
                if let Some(a) = self.state.aliases.get(&name) {
                    let elsewhere = a.target_key_id != key.id
                        && !keys.iter().any(|k: &Key| k.id == a.target_key_id);
                    if elsewhere && self.state.keys.contains_key(&a.target_key_id) {
                        return Err(bad(
                            &where_,
                            format!("{name} already points at key {}", a.target_key_id),
                        ));
                    }
                }
                aliases.push((name, key.id.clone()));
            }
            if keys.iter().any(|k: &Key| k.id == key.id) {
                return Err(bad(&at, "the KeyId is declared twice"));
            }
            keys.push(key);
        }
        let count = keys.len();
        for key in keys {
            let id = key.id.clone();
            self.state.keys.insert(id.clone(), key);
            self.touch_key(&id);
        }
        for (name, target) in aliases {
            let alias = Alias {
                target_key_id: target,
                creation_ms: now,
                last_updated_ms: now,
            };
            let same = self
                .state
                .aliases
                .get(&name)
                .is_some_and(|a| a.target_key_id == alias.target_key_id);
            if !same {
                self.state.aliases.insert(name.clone(), alias);
                self.touch_alias(&name);
            }
        }
        self.due_cache = None;
        Ok(count)
    }

    fn seed_key(&mut self, at: &str, k: SeedKey, now: i64) -> Result<(Key, Vec<String>), KmsError> {
        if !is_uuid(&k.key_id) || k.key_id.chars().any(|c| c.is_ascii_uppercase()) {
            return Err(bad(
                &format!("{at}.KeyId"),
                "must be a lowercase UUID such as 1234abcd-12ab-34cd-56ef-1234567890ab",
            ));
        }
        let id = k.key_id.clone();
        let created = date(&format!("{at}.CreationDate"), &k.creation_date, now)?;
        let description = k.description.unwrap_or_default();
        crate::api::validate::len("description", &description, 0, MAX_DESCRIPTION_LEN)
            .map_err(|e| bad(&format!("{at}.Description"), e))?;
        let origin = match k.origin.as_deref().unwrap_or("AWS_KMS") {
            "AWS_KMS" => Origin::AwsKms,
            "EXTERNAL" => Origin::External,
            other => {
                return Err(bad(
                    &format!("{at}.Origin"),
                    format!("{other:?} is not AWS_KMS or EXTERNAL"),
                ))
            }
        };
        let policy = match k.policy {
            None => validate_input::default_policy(&self.cfg.account_id, "arn:aws"),
            Some(serde_json::Value::String(s)) => s,
            Some(v) => serde_json::to_string_pretty(&v).unwrap_or_default(),
        };
        validate_input::policy(&policy)
            .map_err(|e| bad(&format!("{at}.Policy"), e.message().unwrap_or(e.code())))?;
        validate_input::tags(&k.tags)
            .map_err(|e| bad(&format!("{at}.Tags"), e.message().unwrap_or(e.code())))?;
        let mut materials = Vec::new();
        for (j, m) in k.key_material.into_iter().enumerate() {
            materials.push(self.seed_material(
                &format!("{at}.KeyMaterial[{j}]"),
                &id,
                origin,
                m,
                created,
                j == 0,
            )?);
        }
        if materials.is_empty() && origin == Origin::AwsKms {
            let secret = self.random_vec(32);
            let mid = seeded_material_id(&id, &secret, false);
            materials.push(Material {
                id: mid,
                secret: Some(Blob(secret)),
                created_ms: created,
                rotation_type: None,
                import: None,
            });
        }
        let complete = !materials.is_empty() && materials.iter().all(|m| m.secret.is_some());
        let state = match k.key_state.as_deref().unwrap_or(if complete {
            "Enabled"
        } else {
            "PendingImport"
        }) {
            "Enabled" => KeyState::Enabled,
            "Disabled" => KeyState::Disabled,
            "PendingDeletion" => KeyState::PendingDeletion,
            "PendingImport" => KeyState::PendingImport,
            other => {
                return Err(bad(
                    &format!("{at}.KeyState"),
                    format!("{other:?} is not Enabled, Disabled, PendingDeletion or PendingImport"),
                ))
            }
        };
        if (state == KeyState::PendingImport) == complete && state != KeyState::PendingDeletion {
            let why = if complete {
                "PendingImport needs an EXTERNAL key with material missing"
            } else {
                "a key without all its material must be PendingImport"
            };
            return Err(bad(&format!("{at}.KeyState"), why));
        }
        let deletion_ms = match (state, &k.deletion_date) {
            (KeyState::PendingDeletion, None) => {
                return Err(bad(
                    &format!("{at}.DeletionDate"),
                    "is required for PendingDeletion",
                ))
            }
            (KeyState::PendingDeletion, d) => Some(date(&format!("{at}.DeletionDate"), d, now)?),
            (_, Some(_)) => {
                return Err(bad(
                    &format!("{at}.DeletionDate"),
                    "is only allowed with KeyState PendingDeletion",
                ))
            }
            (_, None) => None,
        };
        let rotation = match k.rotation {
            None => Rotation {
                on_demand_count: 0,
                ..Default::default()
            },
            Some(r) if !r.enabled => Rotation::default(),
            Some(r) => {
                let where_ = format!("{at}.Rotation");
                if origin == Origin::External {
                    return Err(bad(
                        &where_,
                        "automatic rotation is not available for EXTERNAL keys",
                    ));
                }
                let period = r
                    .rotation_period_in_days
                    .unwrap_or(DEFAULT_ROTATION_PERIOD_DAYS);
                if !ROTATION_PERIOD_DAYS.contains(&period) {
                    return Err(bad(
                        &format!("{where_}.RotationPeriodInDays"),
                        format!(
                            "must be between {} and {}",
                            ROTATION_PERIOD_DAYS.start(),
                            ROTATION_PERIOD_DAYS.end()
                        ),
                    ));
                }
                let last = materials.last().map_or(created, |m| m.created_ms);
                let next = date(
                    &format!("{where_}.NextRotationDate"),
                    &r.next_rotation_date,
                    last + period as i64 * DAY_MS,
                )?;
                Rotation {
                    enabled: true,
                    period_days: Some(period),
                    next_ms: Some(next),
                    enabled_ms: Some(created),
                    on_demand_count: 0,
                }
            }
        };
        let on_demand = materials
            .iter()
            .filter(|m| m.rotation_type.as_deref() == Some("ON_DEMAND"))
            .count() as u32;
        let key = Key {
            arn: key_arn(&self.cfg, &id),
            id,
            account_id: self.cfg.account_id.clone(),
            creation_ms: created,
            description,
            key_usage: "ENCRYPT_DECRYPT".into(),
            key_spec: "SYMMETRIC_DEFAULT".into(),
            origin,
            key_manager: KeyManager::Customer,
            state,
            deletion_ms,
            pending_window_days: deletion_ms.map(|_| 30),
            policy,
            tags: k
                .tags
                .into_iter()
                .map(|t| (t.tag_key, t.tag_value))
                .collect(),
            materials,
            pending: None,
            rotation: Rotation {
                on_demand_count: on_demand,
                ..rotation
            },
        };
        Ok((key, k.aliases))
    }

    fn seed_material(
        &mut self,
        at: &str,
        key_id: &str,
        origin: Origin,
        m: SeedMaterial,
        created: i64,
        first: bool,
    ) -> Result<Material, KmsError> {
        let imported = origin == Origin::External;
        let secret = match &m.material {
            Some(b64) => {
                let bytes = STANDARD
                    .decode(b64.as_bytes())
                    .map_err(|_| bad(&format!("{at}.Material"), "is not base64"))?;
                if bytes.len() != 32 {
                    return Err(bad(
                        &format!("{at}.Material"),
                        format!("must be 32 bytes (256 bits), not {}", bytes.len()),
                    ));
                }
                Some(bytes)
            }
            None if imported => None,
            None => {
                return Err(bad(
                    &format!("{at}.Material"),
                    "is required for AWS_KMS keys",
                ))
            }
        };
        let id = match (&secret, &m.key_material_id) {
            (Some(s), given) => {
                let derived = seeded_material_id(key_id, s, imported);
                match given {
                    // Imported material ids are commitments to the bytes and must match them.
                    Some(g) if imported && *g != derived => {
                        return Err(bad(
                            &format!("{at}.KeyMaterialId"),
                            "does not match the material (SHA-256 of key id and material)",
                        ))
                    }
                    Some(g) => g.clone(),
                    None => derived,
                }
            }
            (None, Some(g)) => g.clone(),
            (None, None) => {
                return Err(bad(
                    &format!("{at}.KeyMaterialId"),
                    "is required when Material is absent",
                ))
            }
        };
        if id.len() != 64 || !id.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')) {
            return Err(bad(
                &format!("{at}.KeyMaterialId"),
                "must be 64 lowercase hex characters",
            ));
        }
        let rotation_type = match (first, m.rotation_type.as_deref()) {
            (true, None) => None,
            (true, Some(_)) => {
                return Err(bad(
                    &format!("{at}.RotationType"),
                    "the first material was not rotated in",
                ))
            }
            (false, Some(t @ ("AUTOMATIC" | "ON_DEMAND"))) => Some(t.to_string()),
            (false, _) => {
                return Err(bad(
                    &format!("{at}.RotationType"),
                    "must be AUTOMATIC or ON_DEMAND",
                ))
            }
        };
        let created_ms = date(&format!("{at}.Date"), &m.date, created)?;
        let import = match (imported, m.expiration_model.as_deref()) {
            (false, None) if m.valid_to.is_none() => None,
            (false, _) => {
                return Err(bad(
                    &format!("{at}.ExpirationModel"),
                    "only imported (EXTERNAL) material expires",
                ))
            }
            (true, model) => {
                let model = model.unwrap_or("KEY_MATERIAL_DOES_NOT_EXPIRE").to_string();
                let valid_to_ms = match (model.as_str(), &m.valid_to) {
                    ("KEY_MATERIAL_EXPIRES", Some(_)) => {
                        Some(date(&format!("{at}.ValidTo"), &m.valid_to, 0)?)
                    }
                    ("KEY_MATERIAL_EXPIRES", None) => {
                        return Err(bad(
                            &format!("{at}.ValidTo"),
                            "is required with KEY_MATERIAL_EXPIRES",
                        ))
                    }
                    ("KEY_MATERIAL_DOES_NOT_EXPIRE", None) => None,
                    ("KEY_MATERIAL_DOES_NOT_EXPIRE", Some(_)) => {
                        return Err(bad(
                            &format!("{at}.ValidTo"),
                            "is not allowed with KEY_MATERIAL_DOES_NOT_EXPIRE",
                        ))
                    }
                    (other, _) => {
                        return Err(bad(
                            &format!("{at}.ExpirationModel"),
                            format!(
                            "{other:?} is not KEY_MATERIAL_EXPIRES or KEY_MATERIAL_DOES_NOT_EXPIRE"
                        ),
                        ))
                    }
                };
                Some(Imported {
                    expiration_model: model,
                    valid_to_ms,
                    description: None,
                })
            }
        };
        Ok(Material {
            id,
            secret: secret.map(Blob),
            created_ms,
            rotation_type,
            import,
        })
    }
}

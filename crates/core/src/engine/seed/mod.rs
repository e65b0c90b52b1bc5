//! Seed documents: a JSON fixture declaring keys with fixed ids, material and rotation history,
//! applied as strictly as the API validates its input (errors name the entry and the field),
//! idempotently, and all or nothing; and the export of the current state as such a document
//! (`export`). Seeded material is for tests and demos only. Depends on `model`, `api`
//! validation, `validate_input` and the engine's id helpers.

mod export;
mod key;
mod material;

use super::validate_input::check_alias_name;
use super::Engine;
use crate::api::parse_iso8601;
use crate::error::KmsError;
use crate::model::{Alias, Key, SeedDocument};

/// A `ValidationException` naming the entry and field of the seed document.
fn bad(at: &str, why: impl std::fmt::Display) -> KmsError {
    KmsError::Validation(format!("seed document: {at}: {why}"))
}

/// An ISO-8601 date of the document, or `default` when it is absent.
fn date(at: &str, text: &Option<String>, default: i64) -> Result<i64, KmsError> {
    match text {
        None => Ok(default),
        Some(t) => {
            parse_iso8601(t).ok_or_else(|| bad(at, format!("{t:?} is not an ISO-8601 date")))
        }
    }
}

impl Engine {
    /// Applies a seed document: every key in it is created or replaced (with its aliases);
    /// keys not in it are left alone. Nothing changes unless the whole document is valid.
    pub fn apply_seed(&mut self, json: &str) -> Result<usize, KmsError> {
        // Validate and build every key and alias first…
        let doc: SeedDocument = serde_json::from_str(json).map_err(|e| bad("JSON", e))?;
        let now = self.now_ms();
        let mut keys: Vec<Key> = Vec::with_capacity(doc.keys.len());
        let mut aliases: Vec<(String, String)> = Vec::new();
        for (i, k) in doc.keys.into_iter().enumerate() {
            let at = format!("Keys[{i}] ({})", k.key_id);
            let (key, names) = self.seed_key(&at, k, now)?;
            for (j, name) in names.into_iter().enumerate() {
                self.check_seed_alias(&format!("{at}.Aliases[{j}]"), &name, &key, &keys, &aliases)?;
                aliases.push((name, key.id.clone()));
            }
            if keys.iter().any(|k| k.id == key.id) {
                return Err(bad(&at, "the KeyId is declared twice"));
            }
            keys.push(key);
        }
        // …then change the state.
        let count = keys.len();
        for key in keys {
            let id = key.id.clone();
            self.state.keys.insert(id.clone(), key);
            self.touch_key(&id);
        }
        for (name, target) in aliases {
            let same = self
                .state
                .aliases
                .get(&name)
                .is_some_and(|a| a.target_key_id == target);
            if !same {
                let alias = Alias {
                    target_key_id: target,
                    creation_ms: now,
                    last_updated_ms: now,
                };
                self.state.aliases.insert(name.clone(), alias);
                self.touch_alias(&name);
            }
        }
        self.due_cache = None;
        Ok(count)
    }

    /// An alias of `key` is a valid name, declared once in the document, and not taken by a
    /// key that the document leaves alone.
    fn check_seed_alias(
        &self,
        at: &str,
        name: &str,
        key: &Key,
        keys: &[Key],
        aliases: &[(String, String)],
    ) -> Result<(), KmsError> {
        check_alias_name(name).map_err(|e| bad(at, e.message().unwrap_or(e.code())))?;
        if aliases.iter().any(|(n, _)| n == name) {
            return Err(bad(at, format!("{name} is declared twice")));
        }
        if let Some(a) = self.state.aliases.get(name) {
            let elsewhere =
                a.target_key_id != key.id && !keys.iter().any(|k| k.id == a.target_key_id);
            if elsewhere && self.state.keys.contains_key(&a.target_key_id) {
                return Err(bad(
                    at,
                    format!("{name} already points at key {}", a.target_key_id),
                ));
            }
        }
        Ok(())
    }
}

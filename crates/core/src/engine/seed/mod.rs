//! Seed documents: a JSON fixture declaring keys with fixed ids, material and rotation history,
//! applied as strictly as the API validates its input (errors name the entry and the field),
//! idempotently, and all or nothing; and the export of the current state as such a document
//! (`export`). Planning (checking and building) is apart from applying, so the browser package
//! can plan in its extras module. Seeded material is for tests and demos only. Depends on
//! `model`, `api` validation, `validate_input`, `key_crypto` and the engine's id helpers.

mod export;
mod key;
mod material;
mod sets;

use super::ids::alias_arn;
use super::key_specs::SpecKind;
use super::regions::valid_region;
use super::validate_input::check_alias_name;
use super::{Config, Engine};
use crate::api::parse_iso8601;
use crate::error::KmsError;
use crate::key_crypto::KeyCrypto;
use crate::model::{Alias, Key, SeedDocument};
use key::Builder;
use material::generated_material;

pub use export::{export_seed_doc, SeedSource};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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

/// What applying a seed document needs to know of the service it is applied to.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeedContext {
    pub account_id: String,
    pub region: String,
    pub now_ms: i64,
    /// The aliases (in every Region of the account) that point at existing keys: alias ARN →
    /// key id.
    pub taken: BTreeMap<String, String>,
}

/// A seed document checked and built, ready to apply: the keys (each in the Region its ARN
/// names), their aliases (alias ARN, key id), and the keys (ARNs) whose single material is a
/// placeholder the service draws as it applies them.
/// Planning needs no randomness and no state, so it can run apart from the engine (in the
/// browser package, in the extras module, which keeps seeds out of the main download).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeedPlan {
    pub keys: Vec<Key>,
    pub aliases: Vec<(String, String)>,
    pub generate: Vec<String>,
}

/// Checks and builds seed document `json` for the service `ctx` describes; `pairs` checks the
/// private keys of key pairs. All of it is checked before anything is applied.
pub fn plan_seed(
    json: &str,
    ctx: &SeedContext,
    pairs: &dyn KeyCrypto,
) -> Result<SeedPlan, KmsError> {
    let doc: SeedDocument = serde_json::from_str(json).map_err(|e| bad("JSON", e))?;
    let mut plan = SeedPlan {
        keys: Vec::with_capacity(doc.keys.len()),
        aliases: Vec::new(),
        generate: Vec::new(),
    };
    for (i, k) in doc.keys.into_iter().enumerate() {
        let at = format!("Keys[{i}] ({})", k.key_id);
        let region = k.region.clone().unwrap_or_else(|| ctx.region.clone());
        if !valid_region(&region) {
            return Err(bad(
                &format!("{at}.Region"),
                format!("{region:?} is not a Region name"),
            ));
        }
        let builder = Builder {
            cfg: Config {
                region: region.clone(),
                account_id: ctx.account_id.clone(),
                ..Config::default()
            },
            now: ctx.now_ms,
            pairs,
        };
        let (key, names, generate) = builder.seed_key(&at, k)?;
        for (j, name) in names.into_iter().enumerate() {
            let at = format!("{at}.Aliases[{j}]");
            check_alias_name(&name).map_err(|e| bad(&at, e.message().unwrap_or(e.code())))?;
            let arn = alias_arn(&builder.cfg, &name);
            check_seed_alias(&at, &arn, &key, ctx, &plan)?;
            plan.aliases.push((arn, key.id.clone()));
        }
        if plan.keys.iter().any(|k| k.arn == key.arn) {
            return Err(bad(&at, "the KeyId is declared twice"));
        }
        if generate {
            plan.generate.push(key.arn.clone());
        }
        plan.keys.push(key);
    }
    sets::link_sets(&mut plan)?;
    Ok(plan)
}

/// Gives the replicas that `sets::link_sets` left empty the material just drawn for their
/// primary: one set, one material.
fn copy_drawn_material(plan: &mut SeedPlan) {
    let drawn: Vec<(String, Vec<crate::model::Material>)> = plan
        .keys
        .iter()
        .filter(|k| k.multi_region.is_some() && !k.is_replica())
        .map(|k| (k.id.clone(), k.materials.clone()))
        .collect();
    for key in plan
        .keys
        .iter_mut()
        .filter(|k| k.is_replica() && k.materials.is_empty())
    {
        if let Some((_, materials)) = drawn.iter().find(|(id, _)| *id == key.id) {
            key.materials = materials.clone();
        }
    }
}

/// An alias of `key` is a valid name, declared once in the document, and not taken by a key
/// that the document leaves alone.
fn check_seed_alias(
    at: &str,
    arn: &str,
    key: &Key,
    ctx: &SeedContext,
    plan: &SeedPlan,
) -> Result<(), KmsError> {
    let name = arn.split_once(":alias/").map_or(arn, |(_, n)| n);
    let name = format!("alias/{name}");
    if plan.aliases.iter().any(|(a, _)| a == arn) {
        return Err(bad(at, format!("{name} is declared twice")));
    }
    if let Some(target) = ctx.taken.get(arn) {
        if *target != key.id && !plan.keys.iter().any(|k| k.id == *target) {
            return Err(bad(at, format!("{name} already points at key {target}")));
        }
    }
    Ok(())
}

impl Engine {
    /// Applies a seed document: every key in it is created or replaced (with its aliases);
    /// keys not in it are left alone. Nothing changes unless the whole document is valid.
    pub fn apply_seed(&mut self, json: &str) -> Result<usize, KmsError> {
        let plan = plan_seed(json, &self.seed_context(), self.key_crypto())?;
        self.apply_seed_plan(plan)
    }

    /// What `plan_seed` needs to know of this service.
    pub fn seed_context(&self) -> SeedContext {
        let mut taken = BTreeMap::new();
        let mut add =
            |region: &str, keys: &BTreeMap<String, Key>, aliases: &BTreeMap<String, Alias>| {
                let cfg = Config {
                    region: region.to_string(),
                    ..self.cfg.clone()
                };
                for (name, a) in aliases
                    .iter()
                    .filter(|(_, a)| keys.contains_key(&a.target_key_id))
                {
                    taken.insert(alias_arn(&cfg, name), a.target_key_id.clone());
                }
            };
        let state = &self.state;
        add(&self.cfg.region, &state.keys, &state.aliases);
        for (id, p) in &state.elsewhere {
            let (account, region) = crate::model::split_partition(id);
            if account == self.cfg.account_id {
                add(region, &p.keys, &p.aliases);
            }
        }
        SeedContext {
            account_id: self.cfg.account_id.clone(),
            region: self.cfg.region.clone(),
            now_ms: self.now_ms(),
            taken,
        }
    }

    /// Applies a plan made by `plan_seed` for this service: draws the material it leaves to
    /// the service, then creates or replaces its keys and aliases. Returns how many keys.
    pub fn apply_seed_plan(&mut self, mut plan: SeedPlan) -> Result<usize, KmsError> {
        for key in plan
            .keys
            .iter_mut()
            .filter(|k| plan.generate.contains(&k.arn))
        {
            let kind = SpecKind::of(&key.key_spec)
                .ok_or_else(|| bad("KeySpec", format!("{:?} is unknown", key.key_spec)))?;
            let secret = if kind.is_pair() {
                self.new_private_key(&key.key_spec)?.to_vec()
            } else {
                self.random_vec(kind.generated_len())
            };
            key.materials = vec![generated_material(&key.id, secret, key.creation_ms)];
        }
        copy_drawn_material(&mut plan);
        let now = self.now_ms();
        let count = plan.keys.len();
        let home = self.cfg.region.clone();
        for key in plan.keys {
            let id = key.id.clone();
            self.enter_region(crate::model::arn_region(&key.arn).unwrap_or(&home));
            self.state.keys.insert(id.clone(), key);
            self.touch_key(&id);
        }
        for (arn, target) in plan.aliases {
            // arn:<partition>:kms:<region>:<account>:alias/<name>
            let parts: Vec<&str> = arn.splitn(6, ':').collect();
            let (Some(region), Some(name)) = (parts.get(3), parts.get(5)) else {
                continue;
            };
            let name = name.to_string();
            self.enter_region(region);
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
        self.enter_region(&home);
        self.due_cache = None;
        Ok(count)
    }
}

//! One key entry of a seed document, checked and built in steps: identity and attributes,
//! material, state (with its deletion date), rotation. Each step names the field it refuses.
//! Material the entry leaves to the service is a placeholder the service fills when it applies
//! the plan. Depends on the seed module's helpers, `material`, `validate_input`, `ids`, `limits`.

use super::material::{generated_material, seed_material, MaterialRules};
use super::{bad, date};
use crate::api::{validate, KeyManager, KeyState, Origin};
use crate::engine::ids::{is_mrk, is_uuid, key_arn};
use crate::engine::key_specs::{usage_allowed, SpecKind};
use crate::engine::regions::valid_region;
use crate::engine::validate_input;
use crate::engine::Config;
use crate::error::KmsError;
use crate::key_crypto::KeyCrypto;
use crate::limits::{
    DAY_MS, DEFAULT_ROTATION_PERIOD_DAYS, MAX_DESCRIPTION_LEN, ROTATION_PERIOD_DAYS,
};
use crate::model::{Key, Material, MultiRegion, Rotation, SeedKey, SeedRotation, UsageTracking};

/// What builds keys from entries: the account and Region they belong to, now, and the
/// provider that checks key pairs' private keys.
pub(super) struct Builder<'a> {
    pub cfg: Config,
    pub now: i64,
    pub pairs: &'a dyn KeyCrypto,
}

impl Builder<'_> {
    /// The key an entry declares, its alias names (checked by the caller), and whether its
    /// material is left for the service to draw.
    pub(super) fn seed_key(
        &self,
        at: &str,
        mut k: SeedKey,
    ) -> Result<(Key, Vec<String>, bool), KmsError> {
        let now = self.now;
        let lower = !k.key_id.chars().any(|c| c.is_ascii_uppercase());
        let mrk = is_mrk(&k.key_id);
        if !lower || !(is_uuid(&k.key_id) || mrk) {
            return Err(bad(
                &format!("{at}.KeyId"),
                "must be a lowercase UUID such as 1234abcd-12ab-34cd-56ef-1234567890ab \
                 (or mrk- and 32 hex digits for a multi-Region key)",
            ));
        }
        let multi_region = multi_region(at, mrk, k.primary_region.take(), &self.cfg.region)?;
        let id = k.key_id.clone();
        let created = date(&format!("{at}.CreationDate"), &k.creation_date, now)?;
        let description = k.description.unwrap_or_default();
        validate::len("description", &description, 0, MAX_DESCRIPTION_LEN)
            .map_err(|e| bad(&format!("{at}.Description"), e))?;
        let origin = origin(at, k.origin.as_deref())?;
        let policy = self.seed_policy(at, k.policy)?;
        validate_input::tags(&k.tags)
            .map_err(|e| bad(&format!("{at}.Tags"), e.message().unwrap_or(e.code())))?;
        let (spec, usage, kind) = spec_and_usage(at, k.key_spec, k.key_usage)?;
        if k.key_material.len() > 1 && !kind.rotates() {
            return Err(bad(
                &format!("{at}.KeyMaterial"),
                format!("a {spec} key has one material (only symmetric encryption keys rotate)"),
            ));
        }
        let mut materials = Vec::new();
        let rules = MaterialRules {
            spec: &spec,
            kind,
            pairs: self.pairs,
        };
        for (j, m) in k.key_material.into_iter().enumerate() {
            let at = format!("{at}.KeyMaterial[{j}]");
            materials.push(seed_material(
                &at,
                &id,
                origin,
                m,
                (created, j == 0),
                &rules,
            )?);
        }
        let generate = materials.is_empty() && origin == Origin::AwsKms;
        if generate {
            materials.push(generated_material(&id, Vec::new(), created));
        }
        if k.rotation.as_ref().is_some_and(|r| r.enabled) && !kind.rotates() {
            return Err(bad(
                &format!("{at}.Rotation"),
                format!("a {spec} key does not rotate (only symmetric encryption keys do)"),
            ));
        }
        let complete = !materials.is_empty() && materials.iter().all(|m| m.secret.is_some());
        let state = state(at, k.key_state.as_deref(), complete)?;
        let deletion_ms = deletion(at, state, &k.deletion_date, now)?;
        let rotation = rotation(at, k.rotation, origin, &materials, created)?;
        let key = Key {
            arn: key_arn(&self.cfg, &id),
            id,
            account_id: self.cfg.account_id.clone(),
            creation_ms: created,
            description,
            key_usage: usage,
            key_spec: spec,
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
            rotation,
            // Tracking starts when the seed is applied: the seed says nothing of earlier uses.
            usage_tracking: Some(UsageTracking::since(now)),
            grants: Vec::new(),
            multi_region,
        };
        Ok((key, k.aliases, generate))
    }

    /// The entry's policy (a JSON string or object; absent: AWS's default policy), checked as
    /// PutKeyPolicy checks one.
    fn seed_policy(&self, at: &str, policy: Option<serde_json::Value>) -> Result<String, KmsError> {
        let policy = match policy {
            None => validate_input::default_policy(&self.cfg.account_id, "arn:aws"),
            Some(serde_json::Value::String(s)) => s,
            Some(v) => serde_json::to_string_pretty(&v).unwrap_or_default(),
        };
        validate_input::policy(&policy)
            .map_err(|e| bad(&format!("{at}.Policy"), e.message().unwrap_or(e.code())))?;
        Ok(policy)
    }
}

/// The entry's key spec (default SYMMETRIC_DEFAULT) and usage, a pair AWS allows and this
/// build implements.
fn spec_and_usage(
    at: &str,
    spec: Option<String>,
    usage: Option<String>,
) -> Result<(String, String, SpecKind), KmsError> {
    let spec = spec.unwrap_or_else(|| "SYMMETRIC_DEFAULT".into());
    let kind = SpecKind::of(&spec).ok_or_else(|| {
        bad(
            &format!("{at}.KeySpec"),
            format!("{spec:?} is not a key spec kms-wasm implements"),
        )
    })?;
    let usage = match usage {
        Some(u) => u,
        None if kind == SpecKind::Symmetric => "ENCRYPT_DECRYPT".into(),
        None => {
            return Err(bad(
                &format!("{at}.KeyUsage"),
                "is required for this KeySpec",
            ))
        }
    };
    if !usage_allowed(&spec, &usage) {
        return Err(bad(
            &format!("{at}.KeyUsage"),
            format!("{usage:?} is not compatible with KeySpec {spec}"),
        ));
    }
    Ok((spec, usage, kind))
}

fn origin(at: &str, origin: Option<&str>) -> Result<Origin, KmsError> {
    match origin.unwrap_or("AWS_KMS") {
        "AWS_KMS" => Ok(Origin::AwsKms),
        "EXTERNAL" => Ok(Origin::External),
        other => Err(bad(
            &format!("{at}.Origin"),
            format!("{other:?} is not AWS_KMS or EXTERNAL"),
        )),
    }
}

/// The declared state (default: Enabled, or PendingImport when material is missing), which
/// must agree with the material: only a key missing some is PendingImport.
fn state(at: &str, declared: Option<&str>, complete: bool) -> Result<KeyState, KmsError> {
    let default = if complete { "Enabled" } else { "PendingImport" };
    let state = match declared.unwrap_or(default) {
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
    Ok(state)
}

/// The deletion date: required with PendingDeletion, refused otherwise.
fn deletion(
    at: &str,
    state: KeyState,
    date_text: &Option<String>,
    now: i64,
) -> Result<Option<i64>, KmsError> {
    let at = format!("{at}.DeletionDate");
    match (state, date_text) {
        (KeyState::PendingDeletion, None) => Err(bad(&at, "is required for PendingDeletion")),
        (KeyState::PendingDeletion, d) => Ok(Some(date(&at, d, now)?)),
        (_, Some(_)) => Err(bad(&at, "is only allowed with KeyState PendingDeletion")),
        (_, None) => Ok(None),
    }
}

/// The rotation schedule, and how many on-demand rotations the material history shows.
fn rotation(
    at: &str,
    declared: Option<SeedRotation>,
    origin: Origin,
    materials: &[Material],
    created: i64,
) -> Result<Rotation, KmsError> {
    let on_demand_count = materials
        .iter()
        .filter(|m| m.rotation_type.as_deref() == Some("ON_DEMAND"))
        .count() as u32;
    let r = match declared {
        Some(r) if r.enabled => r,
        _ => {
            return Ok(Rotation {
                on_demand_count,
                ..Default::default()
            })
        }
    };
    let at = format!("{at}.Rotation");
    if origin == Origin::External {
        return Err(bad(
            &at,
            "automatic rotation is not available for EXTERNAL keys",
        ));
    }
    let period = r
        .rotation_period_in_days
        .unwrap_or(DEFAULT_ROTATION_PERIOD_DAYS);
    if !ROTATION_PERIOD_DAYS.contains(&period) {
        return Err(bad(
            &format!("{at}.RotationPeriodInDays"),
            format!(
                "must be between {} and {}",
                ROTATION_PERIOD_DAYS.start(),
                ROTATION_PERIOD_DAYS.end()
            ),
        ));
    }
    let last = materials.last().map_or(created, |m| m.created_ms);
    let next = date(
        &format!("{at}.NextRotationDate"),
        &r.next_rotation_date,
        last + period as i64 * DAY_MS,
    )?;
    Ok(Rotation {
        enabled: true,
        period_days: Some(period),
        next_ms: Some(next),
        enabled_ms: Some(created),
        on_demand_count,
    })
}

/// A multi-Region entry's place in its set (its replicas are filled in once the whole
/// document is read); `PrimaryRegion` only on an `mrk-` id.
fn multi_region(
    at: &str,
    mrk: bool,
    primary: Option<String>,
    region: &str,
) -> Result<Option<MultiRegion>, KmsError> {
    if !mrk {
        return match primary {
            None => Ok(None),
            Some(_) => Err(bad(
                &format!("{at}.PrimaryRegion"),
                "only a multi-Region key (an mrk- KeyId) has a primary Region",
            )),
        };
    }
    let primary = primary.unwrap_or_else(|| region.to_string());
    if !valid_region(&primary) {
        return Err(bad(
            &format!("{at}.PrimaryRegion"),
            format!("{primary:?} is not a Region name"),
        ));
    }
    Ok(Some(MultiRegion {
        primary,
        replicas: Vec::new(),
    }))
}

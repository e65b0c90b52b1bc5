//! Exporting the current state as a seed document, so a state built by hand (or in the
//! console) becomes a fixture. Like planning, it can run apart from the engine, on the keys
//! and aliases the engine hands out (`SeedSource`): the browser package exports in its extras
//! module. Depends on `model` seed types.

use crate::api::shapes::Tag;
use crate::api::{iso8601, KeyManager, KeyState, Origin};
use crate::engine::Engine;
use crate::model::{Alias, Key, SeedDocument, SeedKey, SeedMaterial, SeedRotation};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What an export reads: the keys and aliases of each Region of the service's own account
/// (`region` absent: the service's own Region).
#[derive(Serialize, Deserialize)]
pub struct SeedSource {
    pub parts: Vec<SeedPart>,
}

#[derive(Serialize, Deserialize)]
pub struct SeedPart {
    #[serde(default)]
    pub region: Option<String>,
    pub keys: BTreeMap<String, Key>,
    pub aliases: BTreeMap<String, Alias>,
}

/// One Region's keys and aliases, borrowed from the state or from a `SeedSource`.
#[derive(Serialize)]
pub struct PartRef<'a> {
    region: Option<&'a str>,
    keys: &'a BTreeMap<String, Key>,
    aliases: &'a BTreeMap<String, Alias>,
}

impl SeedSource {
    /// Its parts, borrowed (what `export_seed_doc` reads).
    pub fn parts(&self) -> Vec<PartRef<'_>> {
        let parts = self.parts.iter();
        parts
            .map(|p| PartRef {
                region: p.region.as_deref(),
                keys: &p.keys,
                aliases: &p.aliases,
            })
            .collect()
    }
}

impl Engine {
    /// The current state as a seed document; see `export_seed_doc`.
    pub fn export_seed(&self) -> String {
        export_seed_doc(&self.seed_parts())
    }

    /// The keys and aliases an export reads, as JSON (`SeedSource`), written from the state
    /// as it is (no copy).
    pub fn seed_source(&self) -> String {
        let json = serde_json::to_string(&self.seed_parts()).unwrap_or_default();
        format!("{{\"parts\":{json}}}")
    }

    /// Each Region of the service's own account, its own first (with no `region`).
    fn seed_parts(&self) -> Vec<PartRef<'_>> {
        let state = &self.state;
        let mut parts = vec![PartRef {
            region: None,
            keys: &state.keys,
            aliases: &state.aliases,
        }];
        for (id, p) in &state.elsewhere {
            let (account, region) = crate::model::split_partition(id);
            if account == self.cfg.account_id {
                parts.push(PartRef {
                    region: Some(region),
                    keys: &p.keys,
                    aliases: &p.aliases,
                });
            }
        }
        parts
    }
}

/// `parts` as a seed document (customer managed keys; AWS managed keys are recreated on
/// first use). Material is included in base64: a fixture, not a backup format for secrets
/// that matter.
pub fn export_seed_doc(parts: &[PartRef]) -> String {
    let keys = parts
        .iter()
        .flat_map(|p| part_keys(p.region, p.keys, p.aliases));
    serde_json::to_string_pretty(&SeedDocument {
        schema: None,
        keys: keys.collect(),
    })
    .unwrap_or_default()
}

/// The seed entries of one Region's customer managed keys.
fn part_keys<'a>(
    region: Option<&'a str>,
    keys: &'a BTreeMap<String, Key>,
    aliases: &'a BTreeMap<String, Alias>,
) -> impl Iterator<Item = SeedKey> + 'a {
    {
        keys.values()
            .filter(|k| k.key_manager == KeyManager::Customer)
            .map(move |k| SeedKey {
                key_id: k.id.clone(),
                region: region.map(String::from),
                primary_region: k.multi_region.as_ref().map(|m| m.primary.clone()),
                description: Some(k.description.clone()),
                creation_date: Some(iso8601(k.creation_ms)),
                key_spec: Some(k.key_spec.clone()),
                key_usage: Some(k.key_usage.clone()),
                origin: Some(
                    if k.origin == Origin::External {
                        "EXTERNAL"
                    } else {
                        "AWS_KMS"
                    }
                    .into(),
                ),
                key_state: Some(format!("{:?}", k.state)),
                deletion_date: k
                    .deletion_ms
                    .filter(|_| k.state == KeyState::PendingDeletion)
                    .map(iso8601),
                policy: Some(serde_json::Value::String(k.policy.clone())),
                tags: k
                    .tags
                    .iter()
                    .map(|(a, b)| Tag {
                        tag_key: a.clone(),
                        tag_value: b.clone(),
                    })
                    .collect(),
                aliases: aliases
                    .iter()
                    .filter(|(_, a)| a.target_key_id == k.id)
                    .map(|(n, _)| n.clone())
                    .collect(),
                key_material: k
                    .materials
                    .iter()
                    .map(|m| SeedMaterial {
                        material: m.secret.as_ref().map(|s| STANDARD.encode(&s.0)),
                        key_material_id: Some(m.id.clone()),
                        date: Some(iso8601(m.created_ms)),
                        rotation_type: m.rotation_type.clone(),
                        expiration_model: m.import.as_ref().map(|i| i.expiration_model.clone()),
                        valid_to: m.import.as_ref().and_then(|i| i.valid_to_ms).map(iso8601),
                    })
                    .collect(),
                rotation: k.rotation.enabled.then(|| SeedRotation {
                    enabled: true,
                    rotation_period_in_days: k.rotation.period_days,
                    next_rotation_date: k.rotation.next_ms.map(iso8601),
                }),
            })
    }
}

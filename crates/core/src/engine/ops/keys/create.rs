//! CreateKey, in steps: validate the request, settle the key spec and usage, settle the
//! origin, check the quota, build the key. Depends on `Cx`, `validate_input`, `ids`, `limits`.

use super::metadata;
use crate::api::shapes::*;
use crate::api::{validate, KeyManager, KeyState, Origin};
use crate::api::{CUSTOMER_MASTER_KEY_SPECS, KEY_SPECS, KEY_USAGES, ORIGINS};
use crate::engine::cx::Cx;
use crate::engine::ids::{hex, key_arn};
use crate::engine::key_specs::{usage_allowed, SpecKind};
use crate::engine::validate_input;
use crate::error::KmsError;
use crate::limits::{MAX_DESCRIPTION_LEN, MAX_KEYS};
use crate::model::{Key, MultiRegion, UsageTracking};

pub(crate) fn create_key(cx: &mut Cx, r: CreateKeyRequest) -> Result<CreateKeyResponse, KmsError> {
    validate_request(&r)?;
    let (spec, usage, kind) = spec_and_usage(&r)?;
    let origin = origin(&r)?;
    if origin == Origin::External && !kind.importable() {
        return Err(KmsError::UnsupportedOperation(Some(format!(
            "KeySpec {spec} does not support imported key material. Use Origin AWS_KMS."
        ))));
    }
    if cx.engine.state.keys.len() >= MAX_KEYS {
        return Err(KmsError::LimitExceeded(format!(
            "This account has reached the limit of {MAX_KEYS} customer managed keys in this Region."
        )));
    }
    // A multi-Region key's id (`mrk-` and 32 hex digits) is the same in every Region.
    let multi_region = (r.multi_region == Some(true)).then(|| MultiRegion {
        primary: cx.engine.cfg.region.clone(),
        replicas: Vec::new(),
    });
    let id = match multi_region {
        Some(_) => format!("mrk-{}", hex(&cx.engine.random_bytes::<16>())),
        None => cx.engine.uuid(),
    };
    let cfg = cx.engine.cfg.clone();
    let arn = key_arn(&cfg, &id);
    if let Some(text) = &r.policy {
        let bypass = r.bypass_policy_lockout_safety_check == Some(true);
        cx.lockout_check(text, &arn, bypass)?;
    }
    let policy = r.policy.unwrap_or_else(|| {
        let prefix = arn.split(":kms:").next().unwrap_or("arn:aws").to_string();
        validate_input::default_policy(&cfg.account_id, &prefix)
    });
    // An EXTERNAL key starts with no material and waits for ImportKeyMaterial.
    let (materials, state) = match origin {
        Origin::AwsKms if kind.is_pair() => (
            vec![cx.engine.new_pair_material(&spec, cx.now)?],
            KeyState::Enabled,
        ),
        Origin::AwsKms => (
            vec![cx
                .engine
                .new_material_of(kind.generated_len(), cx.now, None)],
            KeyState::Enabled,
        ),
        Origin::External => (Vec::new(), KeyState::PendingImport),
    };
    let key = Key {
        id: id.clone(),
        arn: arn.clone(),
        account_id: cfg.account_id.clone(),
        creation_ms: cx.now,
        description: r.description.unwrap_or_default(),
        key_usage: usage,
        key_spec: spec,
        origin,
        key_manager: KeyManager::Customer,
        state,
        deletion_ms: None,
        pending_window_days: None,
        policy,
        tags: r
            .tags
            .unwrap_or_default()
            .into_iter()
            .map(|t| (t.tag_key, t.tag_value))
            .collect(),
        materials,
        pending: None,
        rotation: Default::default(),
        usage_tracking: Some(UsageTracking::since(cx.now)),
        grants: Vec::new(),
        multi_region,
    };
    let meta = metadata(&key);
    cx.engine.touch_key(&id);
    cx.engine.state.keys.insert(id, key);
    cx.resources.push(arn);
    Ok(CreateKeyResponse { key_metadata: meta })
}

/// The framework's constraints on CreateKey's members, then the policy and tag rules.
fn validate_request(r: &CreateKeyRequest) -> Result<(), KmsError> {
    validate::opt_len("description", &r.description, 0, MAX_DESCRIPTION_LEN)?;
    validate::opt_one_of("keyUsage", &r.key_usage, KEY_USAGES)?;
    validate::opt_one_of(
        "customerMasterKeySpec",
        &r.customer_master_key_spec,
        CUSTOMER_MASTER_KEY_SPECS,
    )?;
    validate::opt_one_of("keySpec", &r.key_spec, KEY_SPECS)?;
    validate::opt_one_of("origin", &r.origin, ORIGINS)?;
    validate::opt_len("customKeyStoreId", &r.custom_key_store_id, 1, 64)?;
    validate::opt_len("xksKeyId", &r.xks_key_id, 1, 128)?;
    if let Some(p) = &r.policy {
        validate_input::policy(p)?;
    }
    validate_input::tags(r.tags.as_deref().unwrap_or_default())
}

/// The key spec (KeySpec or its older synonym CustomerMasterKeySpec) and the key usage,
/// which must be a pair AWS allows, and one this build implements.
fn spec_and_usage(r: &CreateKeyRequest) -> Result<(String, String, SpecKind), KmsError> {
    let spec = match (&r.key_spec, &r.customer_master_key_spec) {
        (Some(a), Some(b)) if a != b => {
            return Err(KmsError::Validation(
                "KeySpec and CustomerMasterKeySpec are synonyms; specify one of them, not two different values.".into(),
            ))
        }
        (Some(s), _) | (None, Some(s)) => s.clone(),
        (None, None) => "SYMMETRIC_DEFAULT".to_string(),
    };
    let usage = match (&r.key_usage, spec.as_str()) {
        (Some(u), _) => u.clone(),
        (None, "SYMMETRIC_DEFAULT") => "ENCRYPT_DECRYPT".to_string(),
        (None, _) => {
            return Err(KmsError::Validation(
                "You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.".into(),
            ))
        }
    };
    if !usage_allowed(&spec, &usage) {
        return Err(KmsError::Validation(format!(
            "KeyUsage {usage} is not compatible with KeySpec {spec}"
        )));
    }
    if spec == "SM2" {
        return Err(crate::engine::ops::data_keys::sm2_outside_china());
    }
    let kind = SpecKind::of(&spec).ok_or_else(|| unsupported(&format!("KeySpec {spec}")))?;
    Ok((spec, usage, kind))
}

/// Where the key's material comes from: generated here or imported; custom key stores are
/// not built yet.
fn origin(r: &CreateKeyRequest) -> Result<Origin, KmsError> {
    let origin = match r.origin.as_deref().unwrap_or("AWS_KMS") {
        "AWS_KMS" => Origin::AwsKms,
        "EXTERNAL" => Origin::External,
        other => return Err(unsupported(&format!("Origin {other} (custom key stores)"))),
    };
    if r.custom_key_store_id.is_some() || r.xks_key_id.is_some() {
        return Err(unsupported("Custom key stores"));
    }
    Ok(origin)
}

fn unsupported(what: &str) -> KmsError {
    KmsError::UnsupportedOperation(Some(format!("{what} is not supported by kms-wasm yet")))
}

//! Key lifecycle operations: CreateKey, DescribeKey, ListKeys, UpdateKeyDescription,
//! EnableKey, DisableKey, and the `KeyMetadata` view of a stored key.
//! Depends on `api` shapes, `model`, and the engine's resolve/state helpers.

use crate::api::shapes::*;
use crate::api::{validate, KeyManager, KeyState, Origin, Timestamp};
use crate::api::{CUSTOMER_MASTER_KEY_SPECS, KEY_SPECS, KEY_USAGES, ORIGINS, RESOURCE_OWNERS};
use crate::engine::cx::Cx;
use crate::engine::ids::key_arn;
use crate::engine::pagination::Paging;
use crate::engine::resolve::Accept;
use crate::engine::validate_input;
use crate::error::KmsError;
use crate::limits::{MAX_DESCRIPTION_LEN, MAX_KEYS};
use crate::model::Key;

/// The `KeyMetadata` AWS would return for `key`.
pub(crate) fn metadata(key: &Key) -> KeyMetadata {
    // Expiry terms show only while the current imported material is present.
    let present_import = key
        .current_material()
        .filter(|m| m.secret.is_some())
        .and_then(|m| m.import.as_ref());
    KeyMetadata {
        aws_account_id: key.account_id.clone(),
        key_id: key.id.clone(),
        arn: key.arn.clone(),
        creation_date: Timestamp(key.creation_ms),
        enabled: key.state == KeyState::Enabled,
        description: key.description.clone(),
        key_usage: key.key_usage.clone(),
        key_state: key.state,
        deletion_date: key
            .deletion_ms
            .filter(|_| key.state == KeyState::PendingDeletion)
            .map(Timestamp),
        valid_to: present_import.and_then(|i| i.valid_to_ms).map(Timestamp),
        origin: key.origin,
        key_manager: key.key_manager,
        customer_master_key_spec: key.key_spec.clone(),
        key_spec: key.key_spec.clone(),
        encryption_algorithms: (key.key_usage == "ENCRYPT_DECRYPT")
            .then(|| vec!["SYMMETRIC_DEFAULT".to_string()]),
        expiration_model: present_import.map(|i| i.expiration_model.clone()),
        multi_region: false,
        current_key_material_id: key.current_material().map(|m| m.id.clone()),
    }
}

/// The KeyUsage values AWS allows for each KeySpec (reference §6.1 CreateKey).
fn usage_allowed(spec: &str, usage: &str) -> bool {
    match spec {
        "SYMMETRIC_DEFAULT" => usage == "ENCRYPT_DECRYPT",
        s if s.starts_with("HMAC_") => usage == "GENERATE_VERIFY_MAC",
        s if s.starts_with("RSA_") => matches!(usage, "ENCRYPT_DECRYPT" | "SIGN_VERIFY"),
        "ECC_NIST_P256" | "ECC_NIST_P384" | "ECC_NIST_P521" => {
            matches!(usage, "SIGN_VERIFY" | "KEY_AGREEMENT")
        }
        "ECC_SECG_P256K1" | "ECC_NIST_EDWARDS25519" => usage == "SIGN_VERIFY",
        s if s.starts_with("ML_DSA_") => usage == "SIGN_VERIFY",
        s if s.starts_with("ML_KEM_") => usage == "ENCAPSULATE_DECAPSULATE",
        "SM2" => matches!(usage, "ENCRYPT_DECRYPT" | "SIGN_VERIFY" | "KEY_AGREEMENT"),
        _ => false,
    }
}

fn unsupported(what: &str) -> KmsError {
    KmsError::UnsupportedOperation(Some(format!("{what} is not supported by kms-wasm yet")))
}

pub(crate) fn create_key(cx: &mut Cx, r: CreateKeyRequest) -> Result<CreateKeyResponse, KmsError> {
    // Validate: framework constraints, then the service's own rules.
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
    let tags = r.tags.unwrap_or_default();
    validate_input::tags(&tags)?;
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
    if spec != "SYMMETRIC_DEFAULT" {
        return Err(unsupported(&format!("KeySpec {spec}")));
    }
    let origin = match r.origin.as_deref().unwrap_or("AWS_KMS") {
        "AWS_KMS" => Origin::AwsKms,
        "EXTERNAL" => Origin::External,
        other => return Err(unsupported(&format!("Origin {other} (custom key stores)"))),
    };
    if r.custom_key_store_id.is_some() || r.xks_key_id.is_some() {
        return Err(unsupported("Custom key stores"));
    }
    if r.multi_region == Some(true) {
        return Err(unsupported("MultiRegion keys"));
    }
    if cx.engine.state.keys.len() >= MAX_KEYS {
        return Err(KmsError::LimitExceeded(format!(
            "This account has reached the limit of {MAX_KEYS} customer managed keys in this Region."
        )));
    }
    // Mutate.
    let id = cx.engine.uuid();
    let cfg = cx.engine.cfg.clone();
    let arn = key_arn(&cfg, &id);
    let policy = r.policy.unwrap_or_else(|| {
        let prefix = arn.split(":kms:").next().unwrap_or("arn:aws").to_string();
        validate_input::default_policy(&cfg.account_id, &prefix)
    });
    // An EXTERNAL key starts with no material and waits for ImportKeyMaterial.
    let (materials, state) = match origin {
        Origin::AwsKms => (
            vec![cx.engine.new_material(cx.now, None)],
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
        tags: tags.into_iter().map(|t| (t.tag_key, t.tag_value)).collect(),
        materials,
        pending: None,
        rotation: Default::default(),
    };
    let meta = metadata(&key);
    cx.engine.touch_key(&id);
    cx.engine.state.keys.insert(id, key);
    cx.resources.push(arn);
    Ok(CreateKeyResponse { key_metadata: meta })
}

pub(crate) fn describe_key(
    cx: &mut Cx,
    r: DescribeKeyRequest,
) -> Result<DescribeKeyResponse, KmsError> {
    validate::grant_tokens(&r.grant_tokens)?;
    let id = cx.resolve("keyId", &r.key_id, Accept::KeyOrAlias)?;
    Ok(CreateKeyResponse {
        key_metadata: metadata(cx.key(&id)?),
    })
}

pub(crate) fn list_keys(cx: &mut Cx, r: ListKeysRequest) -> Result<ListKeysResponse, KmsError> {
    let paging = Paging::new("ListKeys", r.limit, &r.marker, 100, 1000)?;
    if let Some(owners) = &r.resource_owners {
        validate::range("resourceOwners", owners.len() as i64, 1, 2).map_err(|_| {
            KmsError::constraint(
                None,
                "resourceOwners",
                "Member must have length between 1 and 2",
            )
        })?;
        for (i, o) in owners.iter().enumerate() {
            validate::one_of(
                &format!("resourceOwners.{}.member", i + 1),
                o,
                RESOURCE_OWNERS,
            )?;
        }
    }
    // Keys shared through AWS RAM do not exist here, so OTHER_ACCOUNTS_VIA_RAM alone is empty.
    let own = r
        .resource_owners
        .as_ref()
        .is_none_or(|o| o.iter().any(|x| x == "SELF"));
    let keys = cx.engine.state.keys.values().filter(|_| own).map(|k| {
        (
            k.id.clone(),
            KeyListEntry {
                key_id: k.id.clone(),
                key_arn: k.arn.clone(),
            },
        )
    });
    let (keys, next_marker, truncated) = paging.take(keys);
    Ok(ListKeysResponse {
        keys,
        next_marker,
        truncated,
    })
}

pub(crate) fn update_key_description(
    cx: &mut Cx,
    r: UpdateKeyDescriptionRequest,
) -> Result<Empty, KmsError> {
    validate::len("description", &r.description, 0, MAX_DESCRIPTION_LEN)?;
    let id = cx.resolve("keyId", &r.key_id, Accept::Key)?;
    cx.manageable(&id)?;
    cx.key_mut(&id)?.description = r.description;
    Ok(Empty {})
}

pub(crate) fn enable_key(cx: &mut Cx, r: KeyIdRequest) -> Result<Empty, KmsError> {
    set_enabled(cx, &r.key_id, KeyState::Enabled)
}

pub(crate) fn disable_key(cx: &mut Cx, r: KeyIdRequest) -> Result<Empty, KmsError> {
    set_enabled(cx, &r.key_id, KeyState::Disabled)
}

fn set_enabled(cx: &mut Cx, key_id: &str, to: KeyState) -> Result<Empty, KmsError> {
    let id = cx.resolve("keyId", key_id, Accept::Key)?;
    cx.switchable(&id)?;
    if cx.key(&id)?.state == to {
        return Ok(Empty {});
    }
    cx.key_mut(&id)?.state = to;
    // No rotation happens while a key is disabled. If one fell due meanwhile, re-enabling
    // performs exactly one, now, and the schedule restarts a full period later.
    let rot = &cx.key(&id)?.rotation;
    if to == KeyState::Enabled && rot.enabled && rot.next_ms.is_some_and(|n| n <= cx.now) {
        let now = cx.now;
        cx.engine.rotate_on_schedule(&id, now);
    }
    Ok(Empty {})
}

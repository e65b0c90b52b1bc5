//! The one operation table: AWS operation name → handler, shared by the JS class and the
//! wire. `call` parses the request, runs the handler, and writes the audit event.
//! Depends on the operation modules in `ops`, `Cx`, `audit`, `api` and `error`.

use super::audit::{self, Caller};
use super::cx::Cx;
use super::ops::{agreement, aliases, crypto, data_keys, deletion, encapsulation, import, keys};
use super::ops::{grants, last_usage, mac, multi_region, policy};
use super::ops::{rotation, sign, tags};
use super::request_object::RequestObject;
use super::Engine;
use crate::api::{blob as attachments, Blob, ALL_OPERATIONS};
use crate::error::KmsError;
use crate::model;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// A handler's answer: the AWS JSON response, and what the audit event records of it.
pub(crate) struct Output {
    json: String,
    elements: audit::Elements,
}

type Handler = fn(&mut Cx, &Value) -> Result<Output, KmsError>;

/// Binds a typed handler into the table: the request is deserialised into its AWS shape, the
/// response serialised back.
macro_rules! op {
    ($name:literal, $f:path) => {
        ($name, |cx: &mut Cx, input: &Value| run(cx, input, $f))
    };
}

const TABLE: &[(&str, Handler)] = &[
    op!("CreateKey", keys::create_key),
    op!("DescribeKey", keys::describe_key),
    op!("ListKeys", keys::list_keys),
    op!("UpdateKeyDescription", keys::update_key_description),
    op!("EnableKey", keys::enable_key),
    op!("DisableKey", keys::disable_key),
    op!("ScheduleKeyDeletion", deletion::schedule_key_deletion),
    op!("CancelKeyDeletion", deletion::cancel_key_deletion),
    op!("CreateAlias", aliases::create_alias),
    op!("UpdateAlias", aliases::update_alias),
    op!("DeleteAlias", aliases::delete_alias),
    op!("ListAliases", aliases::list_aliases),
    op!("TagResource", tags::tag_resource),
    op!("UntagResource", tags::untag_resource),
    op!("ListResourceTags", tags::list_resource_tags),
    op!("GetKeyPolicy", policy::get_key_policy),
    op!("PutKeyPolicy", policy::put_key_policy),
    op!("ListKeyPolicies", policy::list_key_policies),
    op!("GetKeyLastUsage", last_usage::get_key_last_usage),
    op!("CreateGrant", grants::create_grant),
    op!("ListGrants", grants::list_grants),
    op!("ListRetirableGrants", grants::list_retirable_grants),
    op!("RetireGrant", grants::retire_grant),
    op!("RevokeGrant", grants::revoke_grant),
    op!("Encrypt", crypto::encrypt),
    op!("Decrypt", crypto::decrypt),
    op!("ReEncrypt", crypto::re_encrypt),
    op!("GenerateDataKey", data_keys::generate_data_key),
    op!(
        "GenerateDataKeyWithoutPlaintext",
        data_keys::generate_data_key_without_plaintext
    ),
    op!("GenerateRandom", data_keys::generate_random),
    op!("GenerateMac", mac::generate_mac),
    op!("VerifyMac", mac::verify_mac),
    op!("Sign", sign::sign),
    op!("Verify", sign::verify),
    op!("GetPublicKey", sign::get_public_key),
    op!("GenerateDataKeyPair", data_keys::generate_data_key_pair),
    op!(
        "GenerateDataKeyPairWithoutPlaintext",
        data_keys::generate_data_key_pair_without_plaintext
    ),
    op!("DeriveSharedSecret", agreement::derive_shared_secret),
    op!("Encapsulate", encapsulation::encapsulate),
    op!("Decapsulate", encapsulation::decapsulate),
    op!("EnableKeyRotation", rotation::enable_key_rotation),
    op!("DisableKeyRotation", rotation::disable_key_rotation),
    op!("GetKeyRotationStatus", rotation::get_key_rotation_status),
    op!("RotateKeyOnDemand", rotation::rotate_key_on_demand),
    op!("ListKeyRotations", rotation::list_key_rotations),
    op!("GetParametersForImport", import::get_parameters_for_import),
    op!("ImportKeyMaterial", import::import_key_material),
    op!(
        "DeleteImportedKeyMaterial",
        import::delete_imported_key_material
    ),
    op!("ReplicateKey", multi_region::replicate_key),
    op!("UpdatePrimaryRegion", multi_region::update_primary_region),
];

/// Names of the operations this build implements, in table order.
pub fn implemented_operations() -> impl Iterator<Item = &'static str> {
    TABLE.iter().map(|(n, _)| *n)
}

pub fn is_implemented(op: &str) -> bool {
    TABLE.iter().any(|(n, _)| *n == op)
}

fn run<Req, Resp>(
    cx: &mut Cx,
    input: &Value,
    f: fn(&mut Cx, Req) -> Result<Resp, KmsError>,
) -> Result<Output, KmsError>
where
    Req: DeserializeOwned,
    Resp: Serialize,
{
    let req = attachments::decoding(cx.attachments.take(), || {
        Req::deserialize(RequestObject(input))
    })
    .map_err(shape_error)?;
    let resp = f(cx, req)?;
    let encoding =
        |e: serde_json::Error| KmsError::Internal(format!("response encoding failed: {e}"));
    let (json, blobs) = if cx.binary {
        let (written, blobs) = attachments::encoding(|| serde_json::to_string(&resp));
        let n = blobs.len();
        cx.attachments = Some(blobs);
        (written, n)
    } else {
        attachments::counting(|| serde_json::to_string(&resp))
    };
    let json = json.map_err(encoding)?;
    let elements = if cx.read_only {
        audit::Elements::None
    } else if blobs == 0 {
        // No blob in it: the audit record keeps the response text as it is.
        audit::Elements::Json(json.clone())
    } else {
        // Read back from the text rather than serialised again into a tree: one serialiser
        // per response type instead of two (about 5 KB of wasm); blob members, written as
        // base64 or `"#<n>"`, are dropped from the tree either way.
        audit::Elements::Tree(serde_json::from_str(&json).map_err(encoding)?)
    };
    Ok(Output { json, elements })
}

/// Maps serde's complaint about a request into the exception AWS's framework would send.
fn shape_error(e: serde_json::Error) -> KmsError {
    let text = e.to_string();
    if let Some(rest) = text.strip_prefix("missing field `") {
        let member = rest.split('`').next().unwrap_or_default();
        return KmsError::Validation(format!(
            "1 validation error detected: Value null at '{}' failed to satisfy constraint: Member must not be null",
            crate::api::lower_camel(member)
        ));
    }
    // Type mismatches (a number where a string belongs, bad base64, ...) are framework
    // deserialisation failures in AWS too.
    let why = text.split(" at line ").next().unwrap_or(&text).to_string();
    KmsError::Serialization(why)
}

/// Parses, runs and audits one call. With `blobs` (in-process callers), blob members are
/// attachment indexes in both directions and the response's attachments come back with it.
pub(super) fn call(
    engine: &mut Engine,
    op: &str,
    body: &str,
    blobs: Option<Vec<Blob>>,
    caller: &Caller,
    now: i64,
) -> Result<(String, Vec<Blob>), KmsError> {
    engine.enter_caller(caller);
    let revision = engine.revision();
    let request_id = engine.uuid();
    engine.last_request_id = request_id.clone();
    let parsed: Result<Value, KmsError> = if body.trim().is_empty() {
        Ok(Value::Object(Default::default()))
    } else {
        match serde_json::from_str::<Value>(body) {
            Ok(v @ Value::Object(_)) => Ok(v),
            Ok(_) => Err(KmsError::Serialization(
                "The request body must be a JSON object".into(),
            )),
            Err(_) => Err(KmsError::Serialization(
                "The request body is not valid JSON".into(),
            )),
        }
    };
    let (input, parsed) = match parsed {
        Ok(v) => (v, Ok(())),
        Err(e) => (Value::Null, Err(e)),
    };
    let mut cx = Cx {
        engine: &mut *engine,
        now,
        op,
        caller,
        request: &input,
        resources: Vec::new(),
        alarm: false,
        read_only: audit::is_read_only(op),
        binary: blobs.is_some(),
        attachments: blobs,
        also_in: Vec::new(),
        material: None,
        source_material: None,
    };
    let result = parsed.and_then(|()| match TABLE.iter().find(|(n, _)| *n == op) {
        Some((_, handler)) => handler(&mut cx, &input),
        None if ALL_OPERATIONS.contains(&op) => Err(KmsError::UnsupportedOperation(Some(format!(
            "{op} is not supported by kms-wasm yet"
        )))),
        None => Err(KmsError::UnknownOperation(format!(
            "Unknown operation {op}"
        ))),
    });
    let Cx {
        resources,
        alarm,
        attachments,
        also_in,
        material,
        source_material,
        ..
    } = cx;
    if engine.revision() != revision {
        // The call is recorded where it ran (its caller's Region, or the key owner's account).
        let (account, region) = (engine.cfg.account_id.clone(), engine.cfg.region.clone());
        for arn in &resources {
            let id = arn.rsplit('/').next().unwrap_or(arn);
            engine.note_key_changed(id);
            // A changed multi-Region primary key passes what its set shares to its replicas.
            if super::ids::is_mrk(id) {
                let (account, region) = (model::arn_account(arn), model::arn_region(arn));
                if let (Some(account), Some(region)) = (account, region) {
                    engine.enter(account, region);
                    engine.sync_replicas(id, now);
                }
            }
        }
        engine.enter(&account, &region);
    }
    let (json, elements) = match result {
        Ok(Output { json, elements }) => (Ok(json), elements),
        Err(e) => (Err(e), audit::Elements::None),
    };
    engine.record_call(audit::Call {
        op,
        input,
        result: json.as_ref().map(|_| elements),
        resources,
        caller,
        now,
        request_id: &request_id,
        alarm,
        also_in,
        materials: (material, source_material),
    });
    engine.go_home();
    json.map(|j| (j, attachments.unwrap_or_default()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_implemented_operation_is_an_aws_operation_once() {
        let names: Vec<&str> = implemented_operations().collect();
        assert_eq!(names.len(), 50);
        for (i, n) in names.iter().enumerate() {
            assert!(ALL_OPERATIONS.contains(n), "{n} is not an AWS operation");
            assert!(!names[..i].contains(n), "{n} is in the table twice");
        }
    }
}

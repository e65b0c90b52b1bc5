//! CloudTrail-shaped audit events: one per API call, plus service events (DeleteKey, ...).
//! Blob members (plaintext, ciphertext, tokens, key material) are never copied in.
//! Depends on `api` (member lists, dates), `engine` and serde_json.

use super::dispatch::lower_camel;
use super::Engine;
use crate::api::{iso8601, BLOB_MEMBERS, TIMESTAMP_MEMBERS};
use crate::error::KmsError;
use serde::Deserialize;
use serde_json::{json, Map, Value};

/// Who made a request, as far as the transport knows.
#[derive(Clone, Debug)]
pub struct Caller {
    pub source_ip: String,
    pub user_agent: String,
}

impl Default for Caller {
    fn default() -> Self {
        Self {
            source_ip: "127.0.0.1".into(),
            user_agent: "kms-wasm".into(),
        }
    }
}

/// Which events `Engine::audit_log` returns. Every field narrows the result.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AuditFilter {
    /// Key id, key ARN or alias name: events whose resources include that key.
    pub key_id: Option<String>,
    pub event_name: Option<String>,
    /// Only events with an `errorCode`.
    pub failed_only: bool,
    /// Only events that raised the pending-deletion alarm.
    pub alarms_only: bool,
}

impl AuditFilter {
    pub fn matches(&self, e: &Value) -> bool {
        if let Some(name) = &self.event_name {
            if e["eventName"].as_str() != Some(name) {
                return false;
            }
        }
        if self.failed_only && e.get("errorCode").is_none() {
            return false;
        }
        if self.alarms_only && e.get("alarm").is_none() {
            return false;
        }
        if let Some(k) = &self.key_id {
            let id = k.rsplit('/').next().unwrap_or(k);
            let hit = e["resources"].as_array().into_iter().flatten().any(|r| {
                r["ARN"]
                    .as_str()
                    .is_some_and(|arn| arn == k || arn.ends_with(&format!("/{id}")))
            });
            let named = e["requestParameters"]["keyId"].as_str() == Some(k.as_str());
            if !hit && !named {
                return false;
            }
        }
        true
    }
}

/// Operations that only read (CloudTrail `readOnly: true`), crypto included.
const READ_ONLY: &[&str] = &[
    "DescribeKey",
    "ListKeys",
    "ListAliases",
    "ListResourceTags",
    "GetKeyPolicy",
    "ListKeyPolicies",
    "GetKeyRotationStatus",
    "ListKeyRotations",
    "GetParametersForImport",
    "Encrypt",
    "Decrypt",
    "ReEncrypt",
    "GenerateDataKey",
    "GenerateDataKeyWithoutPlaintext",
    "GenerateRandom",
    "ListGrants",
    "ListRetirableGrants",
    "GetPublicKey",
    "Sign",
    "Verify",
    "GenerateMac",
    "VerifyMac",
    "GenerateDataKeyPair",
    "GenerateDataKeyPairWithoutPlaintext",
    "DescribeCustomKeyStores",
    "GetKeyLastUsage",
];

/// Converts AWS member names to CloudTrail's lowerCamelCase and drops blobs. Encryption
/// context maps are copied as they are: their keys are user data, not member names.
fn scrub(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut out = Map::new();
            for (k, val) in m {
                if BLOB_MEMBERS.contains(&k.as_str()) {
                    continue;
                }
                let val = if k.ends_with("EncryptionContext") {
                    val.clone()
                } else if TIMESTAMP_MEMBERS.contains(&k.as_str()) {
                    val.as_f64()
                        .map(|s| Value::from(iso8601((s * 1000.0) as i64)))
                        .unwrap_or(val.clone())
                } else {
                    scrub(val)
                };
                out.insert(lower_camel(k), val);
            }
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(scrub).collect()),
        other => other.clone(),
    }
}

fn resources(engine: &Engine, arns: Vec<String>) -> Value {
    let mut seen: Vec<String> = Vec::new();
    for a in arns {
        if !seen.contains(&a) {
            seen.push(a);
        }
    }
    Value::Array(
        seen.into_iter()
            .map(|arn| json!({"accountId": engine.cfg.account_id, "type": "AWS::KMS::Key", "ARN": arn}))
            .collect(),
    )
}

fn base(engine: &mut Engine, name: &str, now: i64) -> Map<String, Value> {
    let acct = engine.cfg.account_id.clone();
    let event_id = engine.uuid();
    let mut m = Map::new();
    m.insert("eventVersion".into(), "1.08".into());
    m.insert("eventTime".into(), iso8601(now).into());
    m.insert("eventSource".into(), "kms.amazonaws.com".into());
    m.insert("eventName".into(), name.into());
    m.insert("awsRegion".into(), engine.cfg.region.clone().into());
    m.insert("eventID".into(), event_id.into());
    m.insert("recipientAccountId".into(), acct.into());
    m.insert("managementEvent".into(), true.into());
    m.insert("eventCategory".into(), "Management".into());
    m
}

/// The event for one API call, successful or not.
#[allow(clippy::too_many_arguments)]
pub(super) fn api_event(
    engine: &mut Engine,
    op: &str,
    input: &Value,
    result: &Result<Value, KmsError>,
    arns: Vec<String>,
    caller: &Caller,
    now: i64,
    request_id: &str,
) -> Value {
    let mut m = base(engine, op, now);
    let acct = engine.cfg.account_id.clone();
    m.insert(
        "userIdentity".into(),
        json!({"type": "Root", "principalId": acct, "arn": format!("arn:aws:iam::{acct}:root"), "accountId": acct}),
    );
    m.insert("sourceIPAddress".into(), caller.source_ip.clone().into());
    m.insert("userAgent".into(), caller.user_agent.clone().into());
    let mut params = scrub(input);
    if op == "Decrypt" {
        if let Some(p) = params.as_object_mut() {
            p.entry("encryptionAlgorithm")
                .or_insert("SYMMETRIC_DEFAULT".into());
        }
    }
    let empty = params.as_object().is_some_and(|p| p.is_empty());
    m.insert(
        "requestParameters".into(),
        if empty || input.is_null() {
            Value::Null
        } else {
            params
        },
    );
    let read_only = READ_ONLY.contains(&op);
    let response = match result {
        Ok(v) if !read_only && v.as_object().is_some_and(|o| !o.is_empty()) => scrub(v),
        _ => Value::Null,
    };
    m.insert("responseElements".into(), response);
    if let Err(e) = result {
        m.insert("errorCode".into(), e.code().into());
        if let Some(msg) = e.message() {
            m.insert("errorMessage".into(), msg.into());
        }
    }
    m.insert("requestID".into(), request_id.into());
    m.insert("readOnly".into(), read_only.into());
    m.insert("resources".into(), resources(engine, arns));
    m.insert("eventType".into(), "AwsApiCall".into());
    Value::Object(m)
}

/// An event KMS records on its own (`RotateKey`, `DeleteKey`, `DeleteExpiredKeyMaterial`),
/// stamped with the time it was due.
pub(crate) fn service_event(
    engine: &mut Engine,
    name: &str,
    key_arn: &str,
    key_id: &str,
    at: i64,
) -> Value {
    let mut m = base(engine, name, at);
    let acct = engine.cfg.account_id.clone();
    m.insert(
        "userIdentity".into(),
        json!({"accountId": acct, "invokedBy": "AWS Internal"}),
    );
    m.insert("sourceIPAddress".into(), "AWS Internal".into());
    m.insert("userAgent".into(), "AWS Internal".into());
    m.insert("requestParameters".into(), Value::Null);
    m.insert("responseElements".into(), Value::Null);
    m.insert("readOnly".into(), false.into());
    m.insert(
        "resources".into(),
        resources(engine, vec![key_arn.to_string()]),
    );
    m.insert("eventType".into(), "AwsServiceEvent".into());
    m.insert("serviceEventDetails".into(), json!({"keyId": key_id}));
    Value::Object(m)
}

/// Marks an event as the pending-deletion alarm (an emulator extension to CloudTrail's shape,
/// standing in for the CloudWatch alarm AWS's documentation describes).
pub(super) fn mark_alarm(event: &mut Value, op: &str) {
    if let Some(m) = event.as_object_mut() {
        m.insert(
            "alarm".into(),
            json!({
                "name": "KeyPendingDeletionUse",
                "reason": format!("{op} tried to use a KMS key that is pending deletion"),
            }),
        );
    }
}

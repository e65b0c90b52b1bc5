//! The audit trail: one compact record per API call and per service event (DeleteKey,
//! RotateKey, ...), rendered as CloudTrail events when read. Blob members (plaintext,
//! ciphertext, tokens, key material) are never recorded.
//! Depends on `api` (member lists, dates), `model::AuditRecord`, `engine` and serde_json.

pub use super::identity::Caller;
use super::{Config, Engine};
use crate::api::lower_camel;
use crate::api::{iso8601, BLOB_MEMBERS, TIMESTAMP_MEMBERS};
use crate::error::KmsError;
use crate::model::split_partition;
use crate::model::{AuditRecord, RawJson};
use serde_json::value::RawValue;
use serde_json::{json, Map, Value};

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
    "DeriveSharedSecret",
    "Encapsulate",
    "Decapsulate",
    "DescribeCustomKeyStores",
    "GetKeyLastUsage",
];

pub(super) fn is_read_only(op: &str) -> bool {
    READ_ONLY.contains(&op)
}

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

/// Removes blob members (at any depth, outside encryption contexts) in place: what a record
/// keeps of a request or response. Names are converted when the record is rendered
/// (`scrub`), so the tree itself is stored rather than copied on every call (a converted
/// copy of CreateKey's KeyMetadata was a fifth of its cost).
fn strip_blobs(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.retain(|k, _| !BLOB_MEMBERS.contains(&k.as_str()));
            for (k, val) in m.iter_mut() {
                if !k.ends_with("EncryptionContext") {
                    strip_blobs(val);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(strip_blobs),
        _ => {}
    }
}

fn dedup(arns: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(arns.len());
    for a in arns {
        if !out.contains(&a) {
            out.push(a);
        }
    }
    out
}

impl Engine {
    fn new_record(&mut self, name: &str, at: i64) -> AuditRecord {
        AuditRecord {
            seq: 0,
            time_ms: at,
            name: name.to_string(),
            service: false,
            event_id: self.uuid(),
            request_id: None,
            request: Value::Null,
            response: None,
            error_code: None,
            error_message: None,
            resources: Vec::new(),
            read_only: false,
            source_ip: None,
            user_agent: None,
            principal: None,
            invoked_by: None,
            partition: Some(self.here_id.clone()),
            alarm: false,
            key_id: None,
            material: None,
            source_material: None,
        }
    }

    /// Records one API call, successful or not.
    pub(super) fn record_call(&mut self, call: Call<'_>) {
        let mut r = self.new_record(call.op, call.now);
        r.request_id = Some(call.request_id.to_string());
        r.read_only = is_read_only(call.op);
        let mut request = call.input;
        strip_blobs(&mut request);
        if let Value::Object(p) = &mut request {
            if call.op == "Decrypt" {
                p.entry("EncryptionAlgorithm")
                    .or_insert("SYMMETRIC_DEFAULT".into());
            }
            if p.is_empty() {
                request = Value::Null;
            }
        }
        r.request = request;
        match call.result {
            Ok(elements) => {
                r.response = elements.into_record();
                (r.material, r.source_material) = call.materials;
            }
            Err(e) => {
                r.error_code = Some(e.code().to_string());
                r.error_message = e.message().map(str::to_string);
            }
        }
        r.resources = dedup(call.resources);
        r.source_ip = Some(call.caller.source_ip.clone());
        r.user_agent = Some(call.caller.user_agent.clone());
        r.principal = call
            .caller
            .service
            .clone()
            .or(call.caller.principal.clone());
        r.invoked_by = call.caller.via_service.clone();
        r.alarm = call.alarm;
        // The event's ids are known now: a successful cryptographic call is its keys' last use.
        crate::model::note_use(&mut self.state, &r);
        // A call AWS logs in more than one Region (UpdatePrimaryRegion) is recorded in each.
        for region in call.also_in {
            let mut copy = r.clone();
            copy.partition = Some(crate::model::partition_id(&self.cfg.account_id, &region));
            copy.event_id = self.uuid();
            self.push_record(copy);
        }
        self.push_record(r);
    }

    /// Records an event KMS performs on its own, stamped with the time it was due.
    pub(crate) fn record_service_event(
        &mut self,
        name: &str,
        key_arn: &str,
        key_id: &str,
        at: i64,
    ) {
        let mut r = self.new_record(name, at);
        r.service = true;
        r.resources = vec![key_arn.to_string()];
        r.key_id = Some(key_id.to_string());
        self.push_record(r);
    }
}

/// What a record keeps of a response (CloudTrail `responseElements`).
pub(crate) enum Elements {
    /// Read-only calls record none.
    None,
    /// The response text, known to hold no blob.
    Json(String),
    /// The response as a tree, whose blobs are removed before it is kept.
    Tree(Value),
}

impl Elements {
    fn into_record(self) -> Option<RawJson> {
        let text = match self {
            Elements::None => return None,
            Elements::Json(text) => text,
            Elements::Tree(mut v) => {
                strip_blobs(&mut v);
                v.to_string()
            }
        };
        if text == "{}" {
            return None;
        }
        RawValue::from_string(text).ok().map(RawJson)
    }
}

/// What `record_call` needs to know about a finished call.
pub(super) struct Call<'a> {
    pub op: &'a str,
    /// The parsed request, kept (without its blobs) as the record's request parameters.
    pub input: Value,
    /// What the record keeps of the response, or the error.
    pub result: Result<Elements, &'a KmsError>,
    pub resources: Vec<String>,
    pub caller: &'a Caller,
    pub now: i64,
    pub request_id: &'a str,
    pub alarm: bool,
    /// Other Regions (of the same account) that record the call too.
    pub also_in: Vec<String>,
    /// The key material ids the call sealed and opened with (`additionalEventData`), kept
    /// only when it succeeded.
    pub materials: (Option<String>, Option<String>),
}

/// The CloudTrail form of a record.
pub(super) fn render(cfg: &Config, r: &AuditRecord) -> Value {
    let (acct, region) = match r.partition.as_deref() {
        Some(p) => split_partition(p),
        None => (cfg.account_id.as_str(), cfg.region.as_str()),
    };
    let mut m = Map::new();
    m.insert("eventVersion".into(), "1.08".into());
    let identity = if r.service {
        json!({"accountId": acct, "invokedBy": "AWS Internal"})
    } else {
        super::identity::user_identity(acct, r.principal.as_deref(), r.invoked_by.as_deref())
    };
    m.insert("userIdentity".into(), identity);
    m.insert("eventTime".into(), iso8601(r.time_ms).into());
    m.insert("eventSource".into(), "kms.amazonaws.com".into());
    m.insert("eventName".into(), r.name.clone().into());
    m.insert("awsRegion".into(), region.into());
    let internal = || Value::from("AWS Internal");
    m.insert(
        "sourceIPAddress".into(),
        r.source_ip.clone().map_or_else(internal, Value::from),
    );
    m.insert(
        "userAgent".into(),
        r.user_agent.clone().map_or_else(internal, Value::from),
    );
    // Records keep AWS member names (older saved states hold them already converted, which
    // `scrub` leaves as they are).
    m.insert("requestParameters".into(), scrub(&r.request));
    let response = r
        .response
        .as_ref()
        .and_then(|raw| serde_json::from_str::<Value>(raw.0.get()).ok())
        .unwrap_or(Value::Null);
    m.insert("responseElements".into(), scrub(&response));
    // CloudTrail names the key material a cryptographic call used ("Encrypt", "Decrypt",
    // "ReEncrypt" in https://docs.aws.amazon.com/kms/latest/developerguide/ct-encrypt.html).
    let ids = match (&r.source_material, &r.material) {
        (Some(from), Some(to)) => {
            json!({"sourceKeyMaterialId": from, "destinationKeyMaterialId": to})
        }
        (Some(id), None) | (None, Some(id)) => json!({ "keyMaterialId": id }),
        (None, None) => Value::Null,
    };
    if !ids.is_null() {
        m.insert("additionalEventData".into(), ids);
    }
    if let Some(c) = &r.error_code {
        m.insert("errorCode".into(), c.clone().into());
    }
    if let Some(msg) = &r.error_message {
        m.insert("errorMessage".into(), msg.clone().into());
    }
    if let Some(id) = &r.request_id {
        m.insert("requestID".into(), id.clone().into());
    }
    m.insert("eventID".into(), r.event_id.clone().into());
    m.insert("readOnly".into(), r.read_only.into());
    let resources: Vec<Value> = r
        .resources
        .iter()
        .map(|arn| {
            let owner = crate::model::arn_account(arn).unwrap_or(acct);
            json!({"accountId": owner, "type": "AWS::KMS::Key", "ARN": arn})
        })
        .collect();
    m.insert("resources".into(), resources.into());
    m.insert(
        "eventType".into(),
        if r.service {
            "AwsServiceEvent"
        } else {
            "AwsApiCall"
        }
        .into(),
    );
    m.insert("managementEvent".into(), true.into());
    m.insert("recipientAccountId".into(), acct.into());
    m.insert("eventCategory".into(), "Management".into());
    if let Some(k) = &r.key_id {
        m.insert("serviceEventDetails".into(), json!({"keyId": k}));
    }
    if r.alarm {
        // An emulator extension to CloudTrail's shape, standing in for the CloudWatch alarm
        // AWS's documentation describes for use of a key pending deletion.
        m.insert(
            "alarm".into(),
            json!({"name": "KeyPendingDeletionUse", "reason": format!("{} tried to use a KMS key that is pending deletion", r.name)}),
        );
    }
    m.insert("eventSequence".into(), r.seq.into());
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records saved before responses were kept as text (converted names, ISO dates) render
    /// the same as records kept now (AWS names, epoch seconds), and both load and save alike.
    #[test]
    fn old_and_new_records_render_alike() {
        let old = r#"{"seq":1,"timeMs":0,"name":"CreateKey","eventId":"e","response":{"keyMetadata":{"keyId":"k","creationDate":"2026-01-01T00:00:00Z"}}}"#;
        let new = r#"{"seq":1,"timeMs":0,"name":"CreateKey","eventId":"e","response":{"KeyMetadata":{"KeyId":"k","CreationDate":1767225600}}}"#;
        let (a, b): (AuditRecord, AuditRecord) = (
            serde_json::from_str(old).unwrap(),
            serde_json::from_str(new).unwrap(),
        );
        assert_eq!(serde_json::to_string(&b).unwrap(), new);
        let cfg = Config::default();
        assert_eq!(
            render(&cfg, &a)["responseElements"],
            render(&cfg, &b)["responseElements"]
        );
        assert_eq!(
            render(&cfg, &b)["responseElements"]["keyMetadata"]["creationDate"],
            "2026-01-01T00:00:00Z"
        );
    }

    #[test]
    fn responses_with_blobs_are_kept_without_them() {
        let tree = serde_json::json!({"KeyId": "k", "Plaintext": "c2VjcmV0"});
        let kept = Elements::Tree(tree).into_record().unwrap();
        assert_eq!(kept.0.get(), r#"{"KeyId":"k"}"#);
        assert!(Elements::Json("{}".into()).into_record().is_none());
    }
}

//! The AWS JSON 1.1 wire: status codes, headers, error bodies, unknown and unsupported ops.

use super::*;
use crate::wire::{handle, Response};

fn post(f: &mut Fixture, op: &str, body: &str) -> (Response, Value) {
    let r = handle(
        &mut f.engine,
        Some(&format!("TrentService.{op}")),
        body.as_bytes(),
        &Caller::default(),
    );
    let v = if r.body.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&r.body).unwrap()
    };
    (r, v)
}

#[test]
fn success_and_error_responses() {
    let mut f = Fixture::new();
    let (r, v) = post(&mut f, "CreateKey", "");
    assert_eq!(r.status, 200);
    assert!(r
        .headers
        .iter()
        .any(|(k, v)| *k == "content-type" && v == "application/x-amz-json-1.1"));
    assert!(r
        .headers
        .iter()
        .any(|(k, v)| *k == "x-amzn-requestid" && v.len() == 36));
    let id = v["KeyMetadata"]["KeyId"].as_str().unwrap().to_string();
    let (r, v) = post(&mut f, "EnableKey", &json!({"KeyId": id}).to_string());
    assert_eq!((r.status, v), (200, json!({})));
    let (r, v) = post(&mut f, "DescribeKey", r#"{"KeyId":"nope"}"#);
    assert_eq!(
        (r.status, v),
        (
            400,
            json!({"__type": "NotFoundException", "message": "Invalid keyId 'nope'"})
        )
    );
    assert!(r
        .headers
        .iter()
        .any(|(k, v)| *k == "x-amzn-errortype" && v == "NotFoundException"));
    let (r, v) = post(
        &mut f,
        "Decrypt",
        &json!({"CiphertextBlob": b64(b"junk")}).to_string(),
    );
    assert_eq!(
        (r.status, v),
        (400, json!({"__type": "InvalidCiphertextException"}))
    );
    let (_, v) = post(&mut f, "ConnectCustomKeyStore", "{}");
    assert_eq!(
        v,
        json!({"__type": "UnsupportedOperationException", "message": "ConnectCustomKeyStore is not supported by kms-wasm yet"})
    );
    let (_, v) = post(&mut f, "Nope", "{}");
    assert_eq!(v["__type"], json!("UnknownOperationException"));
    let r = handle(
        &mut f.engine,
        Some("Other.CreateKey"),
        b"{}",
        &Caller::default(),
    );
    assert_eq!(r.status, 400);
    let (_, v) = post(&mut f, "CreateKey", "[1]");
    assert_eq!(v["__type"], json!("SerializationException"));
    let (_, v) = post(
        &mut f,
        "Encrypt",
        &json!({"KeyId": id, "Plaintext": "%%%"}).to_string(),
    );
    assert_eq!(v["__type"], json!("SerializationException"));
}

#[test]
fn every_call_is_audited_with_its_outcome() {
    let mut f = Fixture::new();
    let id = f.key();
    f.err("DisableKey", json!({"KeyId": "alias/x"}));
    f.ok("DisableKey", json!({"KeyId": id}));
    let all = f.events(AuditFilter::default());
    assert_eq!(
        all.iter()
            .map(|e| e["eventName"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["CreateKey", "DisableKey", "DisableKey"]
    );
    assert_eq!(
        all[0]["responseElements"]["keyMetadata"]["keyId"],
        json!(id)
    );
    assert_eq!(all[1]["errorCode"], json!("NotFoundException"));
    assert_eq!(all[1]["errorMessage"], json!("Invalid keyId 'alias/x'"));
    assert_eq!(all[0]["eventSource"], json!("kms.amazonaws.com"));
    assert_eq!(all[0]["eventTime"], json!("2026-01-01T00:00:00Z"));
    assert_eq!(
        f.events(AuditFilter {
            failed_only: true,
            ..Default::default()
        })
        .len(),
        1
    );
    assert_eq!(
        f.events(AuditFilter {
            key_id: Some(id.clone()),
            ..Default::default()
        })
        .len(),
        2
    );
}

/// SigV4 errors come from kms-wasm-extras, which cannot use this crate's `KmsError`: its bodies
/// must be the bytes `wire::error_body` writes for the same exception, escapes included.
#[test]
fn sigv4_error_bodies_are_the_wires_own() {
    use kms_wasm_extras::sigv4::SigV4Error;
    let messages = [
        "Missing Authentication Token",
        "quote \" backslash \\ newline \n tab \t cr \r bell \u{7} bs \u{8} ff \u{c} del \u{7f} é ✓",
        "",
    ];
    for m in messages {
        let ours = SigV4Error::new("InvalidSignatureException", m);
        let wire = crate::wire::error_body(&KmsError::InvalidSignature(m.into()));
        assert_eq!(ours.body(), wire);
        assert_eq!(ours.http_status(), 400);
    }
    let missing = SigV4Error::new("MissingAuthenticationTokenException", "x");
    assert_eq!(
        missing.body(),
        crate::wire::error_body(&KmsError::MissingAuthenticationToken("x".into()))
    );
    assert_eq!(missing.http_status(), 403);
}

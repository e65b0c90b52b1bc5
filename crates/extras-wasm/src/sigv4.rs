//! SigV4 verification for `kms-wasm serve --credentials`, wasm32 only: a
//! `SigV4Verifier` holds the accepted access keys and checks each HTTP request with
//! `sigv4::verify` against the real wall clock. Secrets stay inside: no message or debug output
//! carries one. Depends on `sigv4`, js-sys and wasm-bindgen.

use js_sys::{Object, Reflect, TypeError};
use kms_wasm_extras::sigv4::{self, Credential, SignedRequest};
use wasm_bindgen::prelude::*;

/// The AWS JSON 1.1 content type of the main module's wire responses (`wire::CONTENT_TYPE`).
const CONTENT_TYPE: &str = "application/x-amz-json-1.1";

fn type_error(message: &str) -> JsValue {
    TypeError::new(message).into()
}

#[wasm_bindgen]
pub struct SigV4Verifier {
    credentials: Vec<Credential>,
}

#[wasm_bindgen]
impl SigV4Verifier {
    /// `specs`: `ACCESS_KEY:SECRET[:principal]` each (the principal defaults to the access
    /// key id and may itself hold colons, as an ARN does).
    #[wasm_bindgen(constructor)]
    pub fn new(specs: Vec<String>) -> Result<SigV4Verifier, JsValue> {
        let mut credentials: Vec<Credential> = Vec::with_capacity(specs.len());
        for (i, spec) in specs.iter().enumerate() {
            let mut parts = spec.splitn(3, ':');
            let access = parts.next().unwrap_or_default();
            let secret = parts.next().unwrap_or_default();
            let principal = parts.next().unwrap_or(access);
            // Never echo the spec: it holds the secret.
            if access.is_empty() || secret.is_empty() || principal.is_empty() {
                return Err(type_error(&format!(
                    "credentials #{}: expected ACCESS_KEY:SECRET[:principal] with a non-empty access key and secret",
                    i + 1
                )));
            }
            if credentials.iter().any(|c| c.access_key_id == access) {
                return Err(type_error(&format!(
                    "credentials #{}: access key {access} is given twice",
                    i + 1
                )));
            }
            credentials.push(Credential {
                access_key_id: access.to_string(),
                secret_access_key: secret.to_string(),
                principal: principal.to_string(),
            });
        }
        if credentials.is_empty() {
            return Err(type_error("SigV4Verifier needs at least one credential"));
        }
        Ok(SigV4Verifier { credentials })
    }

    /// The accepted access key ids (never the secrets).
    #[wasm_bindgen(js_name = accessKeyIds)]
    pub fn access_key_ids(&self) -> Vec<String> {
        self.credentials
            .iter()
            .map(|c| c.access_key_id.clone())
            .collect()
    }

    /// Checks one request. `raw_headers` alternates names and values (Node's
    /// `req.rawHeaders`); `path` and `query` are the request target split at `?`, as sent.
    /// Answers `{ok: true, principal, accessKeyId}` or `{ok: false, status, headers, body}`,
    /// an AWS error response ready to send.
    pub fn verify(
        &self,
        method: &str,
        path: &str,
        query: &str,
        raw_headers: Vec<String>,
        body: &[u8],
        now_ms: f64,
    ) -> JsValue {
        let headers: Vec<(String, String)> = raw_headers
            .chunks(2)
            .map(|p| (p[0].clone(), p.get(1).cloned().unwrap_or_default()))
            .collect();
        let req = SignedRequest {
            method,
            path,
            query,
            headers: &headers,
            body,
        };
        let out = Object::new();
        match sigv4::verify(&req, &self.credentials, now_ms as i64) {
            Ok(cred) => {
                set(&out, "ok", true.into());
                set(&out, "principal", cred.principal.as_str().into());
                set(&out, "accessKeyId", cred.access_key_id.as_str().into());
            }
            Err(e) => {
                set(&out, "ok", false.into());
                set(&out, "status", e.http_status().into());
                let h = Object::new();
                set(&h, "content-type", CONTENT_TYPE.into());
                set(&h, "x-amzn-errortype", e.code().into());
                set(&out, "headers", h.into());
                set(&out, "body", e.body().into());
            }
        }
        out.into()
    }
}

fn set(target: &Object, key: &str, value: JsValue) {
    let _ = Reflect::set(target, &key.into(), &value);
}

//! AWS's published Signature Version 4 test suite (vendor/aws-sig-v4-test-suite) against the
//! verifier of `kms-wasm serve --credentials`: every signed request verifies, and fails once
//! its signature, body or a signed header changes. Depends on kms-wasm-extras's `sigv4` only.

use kms_wasm_extras::sigv4::{verify, Credential, SignedRequest};
use std::path::{Path, PathBuf};

/// The suite's example credentials and signing time (20150830T123600Z).
const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const SIGNED_AT_MS: i64 = 1_440_938_160_000;

/// A `.sreq` file: the request line, headers (a line starting with whitespace continues the
/// previous header), a blank line and the body.
struct Parsed {
    method: String,
    path: String,
    query: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

fn parse(text: &str) -> Parsed {
    let (head, body) = text.split_once("\n\n").unwrap_or((text, ""));
    let mut lines = head.lines();
    let request_line = lines.next().expect("a request line");
    let (method, rest) = request_line.split_once(' ').expect("method and target");
    // The target may hold spaces (`/example space/`): it ends before the protocol.
    let target = rest.strip_suffix(" HTTP/1.1").expect("HTTP/1.1");
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        if line.starts_with([' ', '\t']) {
            let last = headers.last_mut().expect("a header to continue");
            last.1.push(' ');
            last.1.push_str(line.trim());
        } else {
            let (name, value) = line.split_once(':').expect("name:value");
            // As an HTTP parser does: whitespace around a field value is not part of it.
            headers.push((name.to_string(), value.trim().to_string()));
        }
    }
    Parsed {
        method: method.to_string(),
        path: path.to_string(),
        query: query.to_string(),
        headers,
        body: body.as_bytes().to_vec(),
    }
}

fn suite() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../vendor/aws-sig-v4-test-suite")
}

fn signed_requests(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("the vendored suite") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            signed_requests(&path, out);
        } else if path.extension().is_some_and(|e| e == "sreq") {
            out.push(path);
        }
    }
}

fn check(p: &Parsed) -> Result<(), String> {
    let creds = [Credential {
        access_key_id: ACCESS_KEY.into(),
        secret_access_key: SECRET.into(),
        principal: "arn:aws:iam::111122223333:user/example".into(),
    }];
    let req = SignedRequest {
        method: &p.method,
        path: &p.path,
        query: &p.query,
        headers: &p.headers,
        body: &p.body,
    };
    verify(&req, &creds, SIGNED_AT_MS)
        .map(|_| ())
        .map_err(|e| format!("{}: {}", e.code(), e.message()))
}

/// The `.sreq` with the Authorization header of the case's `.authz`. They agree in every case
/// but one: get-vanilla-with-session-token's `.sreq` carries get-vanilla's signature (a slip in
/// AWS's files), while its `.authz` is the signature of its canonical request (`.creq`).
fn with_authz(sreq: &Path) -> String {
    let text = std::fs::read_to_string(sreq).expect("a readable .sreq");
    let authz = std::fs::read_to_string(sreq.with_extension("authz")).expect("a readable .authz");
    let (head, body) = text.split_once("\n\n").unwrap_or((&text, ""));
    let head: Vec<String> = head
        .lines()
        .map(|l| {
            if l.starts_with("Authorization:") {
                format!("Authorization: {}", authz.trim())
            } else {
                l.to_string()
            }
        })
        .collect();
    format!("{}\n\n{body}", head.join("\n"))
}

#[test]
fn every_signed_request_of_the_suite_verifies_and_a_change_breaks_it() {
    let mut files = Vec::new();
    signed_requests(&suite(), &mut files);
    files.sort();
    // The suite as vendored holds 34 signed requests: a missing folder must fail, not pass.
    assert_eq!(files.len(), 34, "{files:?}");
    let mut failures = Vec::new();
    for file in &files {
        let name = file.file_stem().and_then(|s| s.to_str()).unwrap_or("?");
        let text = with_authz(file);
        let request = parse(&text);
        if let Err(e) = check(&request) {
            failures.push(format!("{name}: {e}"));
            continue;
        }
        let mut bad_signature = parse(&text);
        for (k, v) in bad_signature.headers.iter_mut() {
            if k.eq_ignore_ascii_case("authorization") {
                let flipped = if v.ends_with('0') { '1' } else { '0' };
                v.pop();
                v.push(flipped);
            }
        }
        let mut bad_body = parse(&text);
        bad_body.body.push(b'x');
        let mut bad_host = parse(&text);
        for (k, v) in bad_host.headers.iter_mut() {
            if k.eq_ignore_ascii_case("host") {
                v.push_str(".evil");
            }
        }
        for (what, changed) in [
            ("signature", bad_signature),
            ("body", bad_body),
            ("host", bad_host),
        ] {
            if check(&changed).is_ok() {
                failures.push(format!("{name}: still verifies with a changed {what}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

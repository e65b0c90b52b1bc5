//! The SigV4 verifier of `kms-wasm serve --credentials` on arbitrary requests (path, query,
//! Authorization, X-Amz-Date, any other header, body): every answer is a verdict, never a panic,
//! whatever follows a `%` or sits where a date, a scope or a signature should be.
#![no_main]
use kms_wasm_extras::sigv4::{verify, Credential, SignedRequest};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let creds = [Credential {
        access_key_id: "AKIDEXAMPLE".into(),
        secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".into(),
        principal: "arn:aws:iam::111122223333:user/fuzz".into(),
    }];
    let mut lines = text.splitn(6, '\n');
    let path = lines.next().unwrap_or("/");
    let query = lines.next().unwrap_or("");
    let authorization = lines.next().unwrap_or("");
    let date = lines.next().unwrap_or("");
    let other = lines.next().unwrap_or("");
    let body = lines.next().unwrap_or("");
    let (name, value) = other.split_once(':').unwrap_or(("x-amz-target", other));
    let headers = vec![
        ("Host".to_string(), "localhost:4599".to_string()),
        ("Authorization".to_string(), authorization.to_string()),
        ("X-Amz-Date".to_string(), date.to_string()),
        (name.to_string(), value.to_string()),
    ];
    let req = SignedRequest { method: "POST", path, query, headers: &headers, body: body.as_bytes() };
    let _ = verify(&req, &creds, 1_440_938_160_000);
});

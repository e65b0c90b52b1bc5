//! AWS Signature Version 4 verification for `kms-wasm serve --credentials`: canonical request,
//! string to sign, the HMAC-SHA256 key chain, and AWS's errors for unsigned, unknown, expired or
//! wrongly signed requests. Time is the real clock (clients sign with it), never the virtual
//! one. Depends on hmac, sha2, `amz_date` and `sigv4_error`.

use crate::amz_date::{amz_date, amz_date_ms};
use crate::sigv4_canonical::{canonical_query, normalize_path, percent_decode, uri_encode};
pub use crate::sigv4_error::SigV4Error;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

/// An access key the endpoint accepts, and the principal it stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credential {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub principal: String,
}

/// The parts of an HTTP request a signature covers. Header names in any case; repeated
/// headers appear once per value.
pub struct SignedRequest<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub query: &'a str,
    pub headers: &'a [(String, String)],
    pub body: &'a [u8],
}

/// AWS accepts signatures up to five minutes away from its own clock.
const MAX_SKEW_MS: i64 = 5 * 60 * 1000;

fn invalid_signature() -> SigV4Error {
    SigV4Error::new(
        "InvalidSignatureException",
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
    )
}

fn incomplete(why: &str) -> SigV4Error {
    SigV4Error::new("IncompleteSignatureException", why)
}

/// Lowercase hex, as SigV4 writes hashes and signatures.
fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 15)] as char);
    }
    out
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    // HMAC takes keys of any length, so this never fails; if it did, the empty result would
    // simply not match any signature.
    match <Hmac<Sha256> as KeyInit>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(data);
            mac.finalize().into_bytes().to_vec()
        }
        Err(_) => Vec::new(),
    }
}

fn header<'a>(req: &'a SignedRequest, name: &str) -> Option<&'a str> {
    req.headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// `Credential=AKID/20260101/us-east-1/kms/aws4_request, SignedHeaders=a;b, Signature=hex`.
struct Authorization<'a> {
    access_key: &'a str,
    scope: &'a str,
    date: &'a str,
    signed_headers: &'a str,
    signature: &'a str,
}

fn parse_authorization(value: &str) -> Result<Authorization<'_>, SigV4Error> {
    let rest = value.strip_prefix("AWS4-HMAC-SHA256 ").ok_or_else(|| {
        incomplete("Authorization header requires the AWS4-HMAC-SHA256 algorithm.")
    })?;
    let (mut credential, mut signed, mut signature) = (None, None, None);
    for part in rest.split(',').map(str::trim) {
        if let Some(v) = part.strip_prefix("Credential=") {
            credential = Some(v);
        } else if let Some(v) = part.strip_prefix("SignedHeaders=") {
            signed = Some(v);
        } else if let Some(v) = part.strip_prefix("Signature=") {
            signature = Some(v);
        }
    }
    let credential = credential
        .ok_or_else(|| incomplete("Authorization header requires 'Credential' parameter."))?;
    let signed_headers = signed
        .ok_or_else(|| incomplete("Authorization header requires 'SignedHeaders' parameter."))?;
    let signature = signature
        .ok_or_else(|| incomplete("Authorization header requires 'Signature' parameter."))?;
    let (access_key, scope) = credential
        .split_once('/')
        .ok_or_else(|| incomplete("Credential should be scoped to a valid region."))?;
    let date = scope.split('/').next().unwrap_or_default();
    if scope.split('/').count() != 4 || !scope.ends_with("/aws4_request") {
        return Err(incomplete(
            "Credential should be scoped with a valid terminator: 'aws4_request'.",
        ));
    }
    Ok(Authorization {
        access_key,
        scope,
        date,
        signed_headers,
        signature,
    })
}

/// Checks the request's signature against `credentials`; returns the matching credential.
pub fn verify<'c>(
    req: &SignedRequest,
    credentials: &'c [Credential],
    now_ms: i64,
) -> Result<&'c Credential, SigV4Error> {
    let Some(value) = header(req, "authorization") else {
        return Err(SigV4Error::new(
            "MissingAuthenticationTokenException",
            "Missing Authentication Token",
        ));
    };
    let auth = parse_authorization(value)?;
    let Some(cred) = credentials
        .iter()
        .find(|c| c.access_key_id == auth.access_key)
    else {
        return Err(SigV4Error::new(
            "UnrecognizedClientException",
            "The security token included in the request is invalid.",
        ));
    };
    let date = signing_date(req, &auth, now_ms)?;
    let canonical = canonical_request(req, &auth)?;
    let expected = signature(&cred.secret_access_key, &auth, date, &canonical);
    // Constant-time comparison: the signature is a secret-derived value.
    let same = expected.len() == auth.signature.len()
        && expected
            .bytes()
            .zip(auth.signature.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    if same {
        Ok(cred)
    } else {
        Err(invalid_signature())
    }
}

/// The request's X-Amz-Date, which must be within `MAX_SKEW_MS` of now and on the scope's day.
fn signing_date<'r>(
    req: &'r SignedRequest,
    auth: &Authorization,
    now_ms: i64,
) -> Result<&'r str, SigV4Error> {
    let date = header(req, "x-amz-date").ok_or_else(|| {
        incomplete(
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
        )
    })?;
    let signed_at = amz_date_ms(date)
        .ok_or_else(|| incomplete("X-Amz-Date is not in the form 20260101T000000Z."))?;
    if (signed_at - now_ms).abs() > MAX_SKEW_MS {
        let (earlier, word) = if signed_at < now_ms {
            (now_ms - MAX_SKEW_MS, "earlier")
        } else {
            (now_ms + MAX_SKEW_MS, "later")
        };
        let sign = if word == "earlier" { "-" } else { "+" };
        return Err(SigV4Error::new(
            "InvalidSignatureException",
            format!(
                "Signature expired: {date} is now {word} than {} ({} {sign} 5 min.)",
                amz_date(earlier),
                amz_date(now_ms)
            ),
        ));
    }
    if !date.starts_with(auth.date) {
        return Err(invalid_signature());
    }
    Ok(date)
}

/// SigV4's canonical request: method, path, query, the signed headers (Host among them) and
/// the hash of the body.
fn canonical_request(req: &SignedRequest, auth: &Authorization) -> Result<String, SigV4Error> {
    let names: Vec<&str> = auth.signed_headers.split(';').collect();
    if !names.contains(&"host") {
        return Err(incomplete("'Host' must be a signed header."));
    }
    let mut canonical_headers = String::new();
    for name in &names {
        let values: Vec<String> = req
            .headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        canonical_headers.push_str(&format!("{name}:{}\n", values.join(",")));
    }
    // Always the hash of the body received: an `x-amz-content-sha256` header is the sender's
    // claim, and trusting it would let a changed body pass under the original signature. (A
    // signature over UNSIGNED-PAYLOAD, which KMS does not take, does not match either.)
    let payload = hex(&Sha256::digest(req.body));
    Ok(format!(
        "{}\n{}\n{}\n{canonical_headers}\n{}\n{payload}",
        req.method,
        uri_encode(&normalize_path(&percent_decode(req.path)), true),
        canonical_query(req.query),
        auth.signed_headers
    ))
}

/// The signature the holder of `secret` makes over `canonical` for the credential scope.
fn signature(secret: &str, auth: &Authorization, date: &str, canonical: &str) -> String {
    let to_sign = format!(
        "AWS4-HMAC-SHA256\n{date}\n{}\n{}",
        auth.scope,
        hex(&Sha256::digest(canonical.as_bytes()))
    );
    let mut parts = auth.scope.split('/');
    let (d, region, service) = (
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
    );
    let k_date = hmac(format!("AWS4{secret}").as_bytes(), d.as_bytes());
    let k_signing = hmac(
        &hmac(&hmac(&k_date, region.as_bytes()), service.as_bytes()),
        b"aws4_request",
    );
    hex(&hmac(&k_signing, to_sign.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn creds() -> Vec<Credential> {
        vec![Credential {
            access_key_id: "AKIDEXAMPLE".into(),
            secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".into(),
            principal: "arn:aws:iam::111122223333:user/test".into(),
        }]
    }

    /// Signed by botocore's SigV4Auth (boto3's signer), not by this code.
    fn botocore_request() -> Vec<(String, String)> {
        [
            ("Content-Type", "application/x-amz-json-1.1"),
            ("X-Amz-Target", "TrentService.DescribeKey"),
            ("X-Amz-Date", "20261129T140203Z"),
            ("Host", "127.0.0.1:4599"),
            ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261129/us-east-1/kms/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=142d0596d44571a79c4a323833d38a1395a5e8f28836d1216215f94858827d5d"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }

    const BODY: &[u8] = br#"{"KeyId":"alias/test"}"#;
    const AT: i64 = 1_795_960_923_000; // 2026-11-29T14:02:03Z

    fn req<'a>(headers: &'a [(String, String)], body: &'a [u8]) -> SignedRequest<'a> {
        SignedRequest {
            method: "POST",
            path: "/",
            query: "",
            headers,
            body,
        }
    }

    #[test]
    fn accepts_a_botocore_signature() {
        assert_eq!(amz_date_ms("20261129T140203Z"), Some(AT));
        let h = botocore_request();
        assert_eq!(
            verify(&req(&h, BODY), &creds(), AT + 60_000)
                .unwrap()
                .principal,
            "arn:aws:iam::111122223333:user/test"
        );
    }

    #[test]
    fn refuses_what_aws_refuses() {
        let h = botocore_request();
        let code = |h: &[(String, String)], body: &[u8], creds: &[Credential], now: i64| {
            verify(&req(h, body), creds, now).unwrap_err().code()
        };
        assert_eq!(code(&h, b"{}", &creds(), AT), "InvalidSignatureException");
        let mut wrong = creds();
        wrong[0].secret_access_key = "other".into();
        assert_eq!(code(&h, BODY, &wrong, AT), "InvalidSignatureException");
        wrong[0].access_key_id = "AKIDOTHER".into();
        assert_eq!(code(&h, BODY, &wrong, AT), "UnrecognizedClientException");
        let e = verify(&req(&h, BODY), &creds(), AT + 10 * 60_000).unwrap_err();
        assert_eq!(e.message(), "Signature expired: 20261129T140203Z is now earlier than 20261129T140703Z (20261129T141203Z - 5 min.)");
        let unsigned: Vec<(String, String)> = h
            .iter()
            .filter(|(k, _)| k != "Authorization")
            .cloned()
            .collect();
        assert_eq!(
            code(&unsigned, BODY, &creds(), AT),
            "MissingAuthenticationTokenException"
        );
        let mut tampered = h.clone();
        tampered[1].1 = "TrentService.ScheduleKeyDeletion".into();
        assert_eq!(
            code(&tampered, BODY, &creds(), AT),
            "InvalidSignatureException"
        );
    }

    #[test]
    fn a_changed_body_fails_even_with_a_claimed_payload_hash() {
        // The body's hash in an x-amz-content-sha256 header is a claim, not a proof.
        let mut h = botocore_request();
        h.push(("X-Amz-Content-Sha256".into(), hex(&Sha256::digest(BODY))));
        assert!(verify(&req(&h, BODY), &creds(), AT).is_ok());
        let e = verify(&req(&h, br#"{"KeyId":"alias/other"}"#), &creds(), AT).unwrap_err();
        assert_eq!(e.code(), "InvalidSignatureException");
    }
}

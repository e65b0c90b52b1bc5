//! Hostile input through the engine: requests that once panicked, and deep nesting.

use super::*;
use crate::wire;

#[test]
fn tag_keys_with_a_multibyte_character_across_byte_4_do_not_panic() {
    // "aws:" is checked on the first four bytes, which here end inside 🔑.
    let mut f = Fixture::new();
    for key in ["a\u{0}b🔑\u{202e}", "abc🔑", "ab€", "é🔑"] {
        let r = f.ok(
            "CreateKey",
            json!({"Tags": [{"TagKey": key, "TagValue": "v"}]}),
        );
        let id = r["KeyMetadata"]["KeyId"].as_str().unwrap().to_string();
        f.ok(
            "TagResource",
            json!({"KeyId": id, "Tags": [{"TagKey": key, "TagValue": "w"}]}),
        );
        f.ok("UntagResource", json!({"KeyId": id, "TagKeys": [key]}));
    }
    let e = f.err(
        "CreateKey",
        json!({"Tags": [{"TagKey": "AWS:🔑", "TagValue": "v"}]}),
    );
    assert_eq!(e.code(), "TagException");
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let mut f = Fixture::new();
    let n = 100_000;
    for body in [
        format!("{}{}", "[".repeat(n), "]".repeat(n)),
        format!("{{\"Description\":{}{}}}", "[".repeat(n), "]".repeat(n)),
        format!("{}1{}", "{\"a\":".repeat(n), "}".repeat(n)),
    ] {
        let r = wire::handle(
            &mut f.engine,
            Some("TrentService.CreateKey"),
            body.as_bytes(),
            &Caller::default(),
        );
        assert_eq!(r.status, 400, "{}", r.body);
        assert!(r.body.contains("SerializationException"), "{}", r.body);
    }
    let r = f.ok("ListKeys", json!({}));
    assert_eq!(r["Keys"], json!([]));
}

#[test]
fn bodies_past_the_cap_are_refused_before_decoding() {
    let mut f = Fixture::new();
    let body = format!("{{\"Description\":\"{}\"}}", "d".repeat(wire::MAX_BODY));
    let r = wire::handle(
        &mut f.engine,
        Some("TrentService.CreateKey"),
        body.as_bytes(),
        &Caller::default(),
    );
    assert_eq!(r.status, 400);
    assert!(r.body.contains("SerializationException") && r.body.contains("larger than"));
    assert_eq!(f.ok("ListKeys", json!({}))["Keys"], json!([]));
}

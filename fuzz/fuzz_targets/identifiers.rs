//! Key id / key ARN / alias name / alias ARN resolution on arbitrary strings: every answer is a
//! success or a 4xx AWS exception, never a panic.
#![no_main]
use kms_wasm_core::env::{ManualClock, SeededEntropy};
use kms_wasm_core::{Caller, Config, Engine};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let mut engine = Engine::new(Config::default(), Box::new(ManualClock::new(0)), Box::new(SeededEntropy::new(1)));
    let caller = Caller::default();
    let created = engine.call("CreateKey", "{}", &caller).unwrap_or_default();
    let id = created.split("\"KeyId\":\"").nth(1).and_then(|s| s.split('"').next()).unwrap_or("").to_string();
    let quoted = serde_json::to_string(text).unwrap_or_default();
    for (op, body) in [
        ("DescribeKey", format!("{{\"KeyId\":{quoted}}}")),
        ("Encrypt", format!("{{\"KeyId\":{quoted},\"Plaintext\":\"AA==\"}}")),
        ("CreateAlias", format!("{{\"AliasName\":{quoted},\"TargetKeyId\":\"{id}\"}}")),
        ("TagResource", format!("{{\"KeyId\":\"{id}\",\"Tags\":[{{\"TagKey\":{quoted},\"TagValue\":\"v\"}}]}}")),
    ] {
        if let Err(e) = engine.call(op, &body, &caller) {
            assert!(e.http_status() < 500, "{op}: {e}");
        }
    }
});

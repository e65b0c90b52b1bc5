//! The AWS JSON 1.1 decoder: any target and body bytes get a 2xx or 4xx answer, never a panic.
#![no_main]
use kms_wasm_core::env::{ManualClock, SeededEntropy};
use kms_wasm_core::{wire, Caller, Config, Engine};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut engine = Engine::new(Config::default(), Box::new(ManualClock::new(0)), Box::new(SeededEntropy::new(1)));
    // First line: the X-Amz-Target; the rest: the body.
    let split = data.iter().position(|b| *b == b'\n').unwrap_or(data.len());
    let (target, body) = data.split_at(split);
    let body = body.get(1..).unwrap_or_default();
    let target = String::from_utf8_lossy(target);
    let r = wire::handle(&mut engine, Some(&target), body, &Caller::default());
    assert!(r.status == 200 || (400..500).contains(&r.status), "status {}", r.status);
});

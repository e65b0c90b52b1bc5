//! Native micro-benchmark of the engine's per-call cost (no JS, no wasm): Encrypt 1 KiB,
//! DescribeKey and CreateKey through `Engine::call`, against raw AES-256-GCM. Run with
//! `cargo bench --bench engine`. The published figures (docs/performance.md) come from `npm run bench` instead.

// A measuring harness, not library code: a failed call should stop it loudly.
#![allow(clippy::unwrap_used)]

use kms_wasm_core::env::{Entropy, ManualClock};
use kms_wasm_core::{Caller, Config, Engine};
use std::time::Instant;

/// The operating system's RNG, as the wasm package's host entropy is in production.
struct OsEntropy;

impl Entropy for OsEntropy {
    fn fill(&mut self, buf: &mut [u8]) {
        getrandom::fill(buf).unwrap();
    }
}

fn per_op(label: &str, n: usize, mut f: impl FnMut()) {
    for _ in 0..n / 10 {
        f();
    }
    let t = Instant::now();
    for _ in 0..n {
        f();
    }
    let us = t.elapsed().as_secs_f64() * 1e6 / n as f64;
    println!("{label:<28} {us:>8.2} µs/op  {:>10.0} ops/s", 1e6 / us);
}

fn main() {
    let clock = ManualClock::new(1_767_225_600_000);
    let mut e = Engine::new(Config::default(), Box::new(clock), Box::new(OsEntropy));
    let caller = Caller::default();
    let out = e.call("CreateKey", "{}", &caller).unwrap();
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let id = v["KeyMetadata"]["KeyId"].as_str().unwrap().to_string();
    let pt = base64_1k();
    let body = format!(r#"{{"KeyId":"{id}","Plaintext":"{pt}"}}"#);
    per_op("Encrypt 1 KiB", 20_000, || {
        e.call("Encrypt", &body, &caller).unwrap();
    });
    let describe = format!(r#"{{"KeyId":"{id}"}}"#);
    per_op("DescribeKey", 20_000, || {
        e.call("DescribeKey", &describe, &caller).unwrap();
    });
    let key = [7u8; 32];
    let nonce = [1u8; 12];
    let data = vec![0u8; 1024];
    per_op("raw AES-256-GCM 1 KiB", 20_000, || {
        kms_wasm_core::crypto::aead::seal(&key, &nonce, &data, &[]).unwrap();
    });
    per_op("CreateKey", 5_000, || {
        e.call("CreateKey", "{}", &caller).unwrap();
    });
    for _ in 0..5_000 {
        e.call("CreateKey", "{}", &caller).unwrap();
    }
    let snap = e.snapshot();
    let t = Instant::now();
    let restored = Engine::restore(
        Config::default(),
        Box::new(ManualClock::new(0)),
        Box::new(OsEntropy),
        &snap,
    )
    .unwrap();
    println!(
        "restore {} keys ({} KiB)      {:>8.1} ms",
        10_001,
        snap.len() / 1024,
        t.elapsed().as_secs_f64() * 1e3
    );
    let t = Instant::now();
    let _copy = restored.checkpoint();
    println!(
        "checkpoint of 10,001 keys     {:>8.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
}

fn base64_1k() -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode([0x5au8; 1024])
}

//! The ciphertext blob parser and opener: damaged or foreign blobs are refused, never a panic;
//! and Decrypt through the engine answers InvalidCiphertext/AccessDenied, not a fault.
#![no_main]
use kms_wasm_core::crypto::envelope::Envelope;
use kms_wasm_core::env::{ManualClock, SeededEntropy};
use kms_wasm_core::{Caller, Config, Engine};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some(env) = Envelope::parse(data) {
        let _ = env.open(&[7u8; 32], b"");
    }
    let mut engine = Engine::new(Config::default(), Box::new(ManualClock::new(0)), Box::new(SeededEntropy::new(1)));
    let blob = base64_encode(data);
    let body = format!("{{\"CiphertextBlob\":\"{blob}\"}}");
    if let Err(e) = engine.call("Decrypt", &body, &Caller::default()) {
        assert!(e.http_status() < 500, "{e}");
    }
});

fn base64_encode(data: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for c in data.chunks(3) {
        let n = (c[0] as u32) << 16 | (*c.get(1).unwrap_or(&0) as u32) << 8 | *c.get(2).unwrap_or(&0) as u32;
        for i in 0..4 {
            if i <= c.len() {
                out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

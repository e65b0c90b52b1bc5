#!/usr/bin/env bash
# Builds the npm package's wasm part: the crate for wasm32 (release), then wasm-bindgen
# --target web into pkg/. The hand-written JS in js/ imports pkg/ directly, so nothing is
# copied. Debian's wasm-opt corrupts wasm-bindgen output and is deliberately not used.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --lib --release --target wasm32-unknown-unknown --locked
wasm-bindgen --target web --remove-name-section --remove-producers-section --out-dir pkg --out-name kms_wasm \
  target/wasm32-unknown-unknown/release/kms_wasm.wasm
echo "build: pkg/kms_wasm_bg.wasm $(wc -c < pkg/kms_wasm_bg.wasm) bytes"

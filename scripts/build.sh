#!/usr/bin/env bash
# Builds the npm package's wasm part: the main crate (the bindings around crates/core) and the
# extras module (crates/extras-wasm around crates/extras: RSA wrapping keys, Argon2id and SigV4,
# loaded only when needed) for wasm32 (release), then wasm-bindgen --target web into pkg/
# (kms_wasm* and kms_wasm_extras*). The hand-written JS in js/ imports pkg/ directly, so
# nothing is copied. Debian's wasm-opt corrupts wasm-bindgen output and is deliberately not used.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --lib --release --target wasm32-unknown-unknown --locked
cargo build -p kms-wasm-extras-wasm --lib --release --target wasm32-unknown-unknown --locked
for pair in kms_wasm:kms_wasm kms_wasm_extras_wasm:kms_wasm_extras; do
  crate=${pair%%:*} name=${pair##*:}
  input="target/wasm32-unknown-unknown/release/$crate.wasm"
  # Nothing changed since pkg/ was written: leave it alone, so that running this beside running
  # tests (npm pack's prepack) never rewrites files they are reading.
  if [ -f "pkg/${name}_bg.wasm" ] && [ -f "pkg/${name}.js" ] && [ "pkg/${name}_bg.wasm" -nt "$input" ]; then
    echo "build: pkg/${name}_bg.wasm up to date"
    continue
  fi
  # Written beside pkg/ and renamed into it: a reader sees the old file or the new one, never half.
  tmp=$(mktemp -d pkg.tmp-XXXXXX)
  wasm-bindgen --target web --remove-name-section --remove-producers-section --out-dir "$tmp" --out-name "$name" "$input"
  mkdir -p pkg
  for f in "$tmp"/*; do mv -f "$f" pkg/; done
  rmdir "$tmp"
  echo "build: pkg/${name}_bg.wasm $(wc -c < "pkg/${name}_bg.wasm") bytes"
done
# When pkg/ was last brought up to date (scripts/start.sh compares the sources with it).
touch pkg/.built

#!/usr/bin/env bash
# Everything `npm test` (and so .ci/run) checks: setup, build (the wasm, then the CommonJS
# entry js/node.cjs), the repository's structure
# (scripts/check-structure.mjs), Biome's format and lint check of the JavaScript, CSS and HTML
# (biome.jsonc), rustfmt, clippy natively and for wasm32, the Rust tests, then the node:test
# suites of the built package (pkg-tests/) and of the package's own plumbing (test-support/),
# and the test-suite guides' examples (examples/) with node:test, Vitest and Jest (ES modules,
# and CommonJS with a jsdom suite).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
bash scripts/build.sh
node scripts/build-cjs.mjs
echo "test: structure (no JS crate in the core's tree, no module cycle, no file over 400 lines)"
node scripts/check-structure.mjs
echo "test: biome ci (format + lint)"
node_modules/.bin/biome ci .
echo "test: cargo fmt --check"
cargo fmt --all --check
echo "test: cargo clippy (native, all targets)"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "test: cargo clippy (wasm32)"
cargo clippy --workspace --lib --target wasm32-unknown-unknown --locked -- -D warnings
echo "test: cargo test"
cargo test --workspace --locked
echo "test: fuzzing (each target ${FUZZ_SECONDS:-15} s)"
bash scripts/fuzz.sh
echo "test: node --test"
node --test pkg-tests/ test-support/
echo "test: examples/ (the guides of docs/testing.md) with node:test, Vitest and Jest"
node --test examples/node-test/
(cd examples/vitest && ../../node_modules/.bin/vitest run)
(cd examples/jest && NODE_OPTIONS=--experimental-vm-modules ../../node_modules/.bin/jest)
(cd examples/jest-cjs && ../../node_modules/.bin/jest)

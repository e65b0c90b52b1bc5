#!/usr/bin/env bash
# Installs what building and testing need, and only what is missing: the wasm32 target and
# wasm-bindgen-cli at exactly the version in Cargo.lock (scripts/setup-build.sh), cargo-fuzz,
# npm dependencies (npm ci when node_modules is missing or older than package-lock.json),
# Debian's chromium for the browser tests, and a Python venv in .venv/ with boto3, the AWS CLI
# and cryptography for the Python tests. Safe to run any number of times.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "setup: $*"; }

bash scripts/setup-build.sh

# cargo-fuzz for scripts/fuzz.sh (libFuzzer targets in fuzz/), pinned.
if [ "$(cargo fuzz --version 2>/dev/null | awk '{ print $2 }')" = "0.13.2" ]; then
  say "cargo-fuzz 0.13.2 present"
else
  say "installing cargo-fuzz 0.13.2"
  cargo install cargo-fuzz --version 0.13.2
fi

stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  say "npm ci"
  npm ci --no-audit --no-fund
else
  say "node_modules up to date"
fi

# The browser tests (pkg-tests/console*.test.mjs, indexeddb, import-browser, fixtures-browser)
# drive Debian's chromium through playwright-core; no browser is ever downloaded by npm.
if [ -x /usr/bin/chromium ]; then
  say "chromium present"
elif command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  say "installing Debian's chromium for the browser tests"
  apt-get install -y chromium || { apt-get update && apt-get install -y chromium; }
else
  # Not fatal here (building needs no browser), but the browser tests fail without one.
  say "no /usr/bin/chromium and no root apt-get: the browser tests will fail until Debian's chromium is" \
    "installed (as root: apt-get install chromium), or skip them on purpose with KMS_WASM_SKIP_BROWSER=1" >&2
fi

# cryptography: OpenSSL's ML-DSA and ML-KEM (its wheels bundle an OpenSSL that has them) check
# the post-quantum keys' bytes independently (pkg-tests/python-post-quantum.test.mjs).
PY_CHECK="import boto3, awscli; from cryptography.hazmat.primitives.asymmetric import mldsa, mlkem"
if .venv/bin/python -c "$PY_CHECK" 2>/dev/null && [ -x .venv/bin/aws ]; then
  say "Python venv .venv with boto3, awscli and cryptography present"
else
  say "creating the Python venv .venv with boto3, awscli and cryptography"
  [ -x .venv/bin/python ] || python3 -m venv .venv
  .venv/bin/python -m pip install --quiet --disable-pip-version-check boto3 awscli "cryptography>=51"
fi
say "done"

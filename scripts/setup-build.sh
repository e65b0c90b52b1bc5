#!/usr/bin/env bash
# Installs what building the wasm (scripts/build.sh) needs, and only what is missing: the
# wasm32 target and wasm-bindgen-cli at exactly the version in Cargo.lock. `npm start` runs
# only this (when pkg/ must be built); scripts/setup.sh runs it before the test tools.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "setup: $*"; }

if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "wasm32-unknown-unknown target present"
else
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The CLI must equal the wasm-bindgen crate in Cargo.lock exactly.
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "$want" ]; then
  echo "setup: cannot find the wasm-bindgen version in Cargo.lock" >&2
  exit 1
fi
have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
if [ "$have" = "$want" ]; then
  say "wasm-bindgen $want present"
else
  say "installing wasm-bindgen-cli $want (was: ${have:-none}); this takes about 2 minutes"
  # Not --locked: the CLI's own lockfile pins a crate version missing from the registry here.
  cargo install wasm-bindgen-cli --version "$want"
fi

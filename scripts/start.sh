#!/usr/bin/env bash
# `npm start`: serves the emulator and its console (`kms-wasm serve`, arguments passed on:
# `npm start -- --port 0`). Serving needs only Node and the built wasm in pkg/: when pkg/ is
# there and newer than every Rust source, it starts at once; otherwise it installs what the
# build needs (scripts/setup-build.sh: the wasm32 target, wasm-bindgen-cli) and builds first.
# The test tools (npm packages, chromium, Python) are npm test's business, not this.
set -euo pipefail
cd "$(dirname "$0")/.."

built=(pkg/.built pkg/kms_wasm.js pkg/kms_wasm_bg.wasm pkg/kms_wasm_extras.js pkg/kms_wasm_extras_bg.wasm)
fresh=yes
for f in "${built[@]}"; do [ -f "$f" ] || fresh=no; done
# build.sh touches pkg/.built when it is done: a source newer than that means a rebuild.
if [ "$fresh" = yes ] && [ -n "$(find Cargo.toml Cargo.lock src crates -newer pkg/.built -type f -print -quit)" ]; then
  fresh=no
fi
if [ "$fresh" = yes ]; then
  echo "start: pkg/ is up to date"
else
  echo "start: building pkg/ (the wasm modules) first"
  bash scripts/setup-build.sh
  bash scripts/build.sh
fi
exec node bin/kms-wasm.js serve "$@"

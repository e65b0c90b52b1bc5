#!/usr/bin/env bash
# Runs every fuzz target (fuzz/fuzz_targets/) for FUZZ_SECONDS each (default 15) over the corpus
# kept in fuzz/corpus/<target>; inputs libFuzzer finds go to a temporary folder, not into the
# repository. A crash or panic fails the run and leaves the input in fuzz/artifacts/.
# cargo-fuzz uses nightly-only compiler flags; RUSTC_BOOTSTRAP=1 lets the machine's one stable
# toolchain build it.
set -euo pipefail
cd "$(dirname "$0")/.."

secs="${FUZZ_SECONDS:-15}"
export RUSTC_BOOTSTRAP=1
cargo fuzz build -O
for target in wire ciphertext identifiers unwrap sigv4 key_pairs; do
  work=$(mktemp -d)
  mkdir "$work/new"
  echo "fuzz: $target for ${secs} s"
  if ! cargo fuzz run -O "$target" "$work/new" "fuzz/corpus/$target" -- -max_total_time="$secs" > "$work/log" 2>&1; then
    tail -40 "$work/log" >&2
    rm -rf "$work"
    echo "fuzz: $target failed (the input is in fuzz/artifacts/$target)" >&2
    exit 1
  fi
  grep -E "^Done" "$work/log" || true
  rm -rf "$work"
done

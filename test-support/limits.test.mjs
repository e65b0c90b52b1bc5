// The console's copy of AWS's numbers (www/lib/limits.js) equals the engine's
// (crates/core/src/limits.rs), so the page never refuses what the engine allows or the reverse.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { DAY_MS, MAX_POLICY_BYTES, ROTATION_PERIOD_DAYS } from "../www/lib/limits.js";

const rust = readFileSync(new URL("../crates/core/src/limits.rs", import.meta.url), "utf8");

/** The integer a `pub const NAME: T = <expr>;` evaluates to (products of literals and consts). */
function constant(name) {
  const m = rust.match(new RegExp(`pub const ${name}: [^=]+= ([^;]+);`));
  assert.ok(m, `crates/core/src/limits.rs defines ${name}`);
  return m[1].split("*").reduce((n, f) => {
    const t = f.trim();
    return n * (/^[\d_]+$/.test(t) ? Number(t.replaceAll("_", "")) : constant(t));
  }, 1);
}

test("www/lib/limits.js equals crates/core/src/limits.rs", () => {
  assert.equal(DAY_MS, constant("DAY_MS"));
  assert.equal(MAX_POLICY_BYTES, constant("MAX_POLICY_BYTES"));
  assert.equal(ROTATION_PERIOD_DAYS.default, constant("DEFAULT_ROTATION_PERIOD_DAYS"));
  const range = rust.match(/pub const ROTATION_PERIOD_DAYS: [^=]+= (\d+)\.\.=(\d+);/);
  assert.ok(range, "crates/core/src/limits.rs defines ROTATION_PERIOD_DAYS as a range");
  assert.deepEqual([ROTATION_PERIOD_DAYS.min, ROTATION_PERIOD_DAYS.max], [Number(range[1]), Number(range[2])]);
});

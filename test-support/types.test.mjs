// The package's generated files and TypeScript declarations: js/types.d.ts, js/exceptions.js and
// js/exceptions.d.ts match AWS's model (vendored in vendor/aws-kms-model/), and a strict
// TypeScript consumer compiles against the package while its @ts-expect-error lines stay errors.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const MODEL = join(ROOT, "vendor/aws-kms-model/service-2.json");

// The model is part of the repository: a missing file fails here (gen-types cannot read it).
test("js/types.d.ts and js/exceptions.{js,d.ts} are what scripts/gen-types.mjs makes from the model", async () => {
  const { stdout } = await run(process.execPath, [join(ROOT, "scripts/gen-types.mjs"), "--check", MODEL]);
  assert.match(stdout, /up to date/);
  for (const file of ["js/types.d.ts", "js/exceptions.js", "js/exceptions.d.ts"])
    assert.ok(stdout.includes(file), file);
});

test("tsc --strict --noEmit accepts test-support/consumer.ts", async () => {
  const tsc = join(ROOT, "node_modules/typescript/bin/tsc");
  try {
    await run(process.execPath, [tsc, "-p", join(ROOT, "test-support/tsconfig.json")], { cwd: ROOT, timeout: 120_000 });
  } catch (e) {
    assert.fail(`tsc reported:\n${e.stdout}${e.stderr}`);
  }
});

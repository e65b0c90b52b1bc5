// The extras module (pkg/kms_wasm_extras*, built from crates/extras): RSA key generation and
// Argon2id live there, not in the main module; its exports (seeded keys are reproducible,
// Argon2id matches the reference implementation); Node's key-generation worker runs it; and a
// seeded service makes the same wrapping keys in a fresh process every time.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { promisify } from "node:util";
import { nodeKeygenWorkers } from "../js/keygen-node.js";
import * as extras from "../pkg/kms_wasm_extras.js";
import { ROOT } from "./helpers.mjs";

const run = promisify(execFile);
const extrasWasm = () => readFileSync(new URL("../pkg/kms_wasm_extras_bg.wasm", import.meta.url));
extras.initSync({ module: extrasWasm() });
const bitsOf = (pkcs8) =>
  createPrivateKey({ key: Buffer.from(pkcs8), format: "der", type: "pkcs8" }).asymmetricKeyDetails.modulusLength;

test("the main module holds no RSA key generation or Argon2id; the extras module does", () => {
  const main = readFileSync(new URL("../pkg/kms_wasm.js", import.meta.url), "utf8");
  assert.doesNotMatch(main, /export function (generateWrappingKey|argon2id)\b/);
  assert.match(main, /export function setExtrasHooks\b/);
  const exported = WebAssembly.Module.exports(new WebAssembly.Module(extrasWasm())).map((e) => e.name);
  for (const name of ["generatewrappingkey", "generatewrappingkeyfromseed", "argon2id"]) {
    assert.ok(
      exported.some((e) => e.toLowerCase() === name),
      `the extras module exports ${name}`,
    );
  }
});

test("generateWrappingKeyFromSeed: the same seed gives the same key, another seed another; bad input is refused", () => {
  const seed = new Uint8Array(32).fill(9);
  const a = extras.generateWrappingKeyFromSeed(2048, seed);
  assert.deepEqual(extras.generateWrappingKeyFromSeed(2048, seed), a);
  assert.notDeepEqual(extras.generateWrappingKeyFromSeed(2048, new Uint8Array(32).fill(10)), a);
  assert.equal(bitsOf(a), 2048);
  assert.throws(() => extras.generateWrappingKeyFromSeed(2048, new Uint8Array(31)), {
    name: "ValidationException",
    message: /32 bytes/,
  });
  assert.throws(() => extras.generateWrappingKeyFromSeed(1024, seed), {
    name: "ValidationException",
    message: /not 1024/,
  });
  assert.throws(() => extras.generateWrappingKey(512), { name: "ValidationException" });
});

test("argon2id equals the reference implementation's output", () => {
  // `echo -n password | argon2 somesalt -id -t 2 -k 64 -p 1 -l 32 -r` (Debian's argon2).
  const key = extras.argon2id(Buffer.from("password"), Buffer.from("somesalt"), 64, 2, 1);
  assert.equal(Buffer.from(key).toString("hex"), "16a1a498734609dd01456da406de9f3d9da93e6c86c300a12fc1465214ce4922");
  assert.throws(() => extras.argon2id(Buffer.from("p"), Buffer.from("short"), 64, 2, 1), {
    name: "ValidationException",
  });
});

test("Node's key-generation worker loads the extras module and makes keys", async () => {
  const module = new WebAssembly.Module(extrasWasm());
  const worker = nodeKeygenWorkers(() => module)();
  try {
    const [a, b] = await Promise.all([worker.generate(2048), worker.generate(3072)]);
    assert.deepEqual([bitsOf(a), bitsOf(b)], [2048, 3072]);
    await assert.rejects(worker.generate(1000), /not 1000/);
  } finally {
    worker.terminate();
  }
});

test("a randomSeed gives the same wrapping keys in separate processes", async () => {
  const script = `
    import { KeyManagementService } from "./js/node.js";
    const kms = await KeyManagementService.open({ randomSeed: 2024 });
    const { KeyMetadata: { KeyId } } = await kms.createKey({ Origin: "EXTERNAL" });
    const keys = [];
    for (const WrappingKeySpec of ["RSA_2048", "RSA_2048", "RSA_3072"]) {
      const p = await kms.getParametersForImport({ KeyId, WrappingAlgorithm: "RSAES_OAEP_SHA_256", WrappingKeySpec });
      keys.push(Buffer.from(p.PublicKey).toString("base64"));
    }
    console.log(JSON.stringify(keys));
    await kms.close();
  `;
  const once = async () =>
    JSON.parse(
      (await run(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, timeout: 60_000 })).stdout,
    );
  const [a, b] = await Promise.all([once(), once()]);
  assert.deepEqual(a, b);
  assert.equal(new Set(a).size, 3, "every call gets a new key");
});

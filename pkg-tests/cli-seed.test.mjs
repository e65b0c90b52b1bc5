// `kms-wasm serve --seed` and `kms-wasm seed export`, end to end: a state built over HTTP in
// a file store is exported as a seed, served again from it by a fresh memory endpoint, and
// the ciphertext made by the first endpoint decrypts in the second.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { open, post, ROOT, startServer, tempDir } from "./helpers.mjs";

const CLI = join(ROOT, "bin/kms-wasm.js");
const run = (...args) => spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: "utf8", timeout: 30_000 });

describe("kms-wasm seed export and serve --seed", () => {
  it("exports a file store as a seed that another endpoint serves, with the same material", async (t) => {
    const dir = await tempDir(t);
    const data = join(dir, "kms.json");
    const a = await startServer(["--data", data]);
    let blob;
    let keyId;
    try {
      const created = await post(a.url, "CreateKey", { Description: "from the CLI" });
      assert.equal(created.status, 200);
      keyId = created.json.KeyMetadata.KeyId;
      assert.equal((await post(a.url, "CreateAlias", { AliasName: "alias/cli", TargetKeyId: keyId })).status, 200);
      assert.equal((await post(a.url, "RotateKeyOnDemand", { KeyId: keyId })).status, 200);
      const enc = await post(a.url, "Encrypt", {
        KeyId: "alias/cli",
        Plaintext: Buffer.from("over http").toString("base64"),
      });
      assert.equal(enc.status, 200);
      blob = enc.json.CiphertextBlob;
    } finally {
      await a.stop();
    }

    const printed = run("seed", "export", "--data", data);
    assert.equal(printed.status, 0, printed.stderr);
    const doc = JSON.parse(printed.stdout);
    assert.equal(doc.Keys.length, 1);
    assert.equal(doc.Keys[0].KeyId, keyId);
    assert.deepEqual(doc.Keys[0].Aliases, ["alias/cli"]);
    assert.equal(doc.Keys[0].KeyMaterial.length, 2);
    const out = join(dir, "seed.json");
    const written = run("seed", "export", "--data", data, "--out", out);
    assert.equal(written.status, 0, written.stderr);
    assert.match(written.stderr, /wrote 1 key\(s\)/);
    assert.deepEqual(JSON.parse(await readFile(out, "utf8")), doc);

    const b = await startServer(["--seed", out]);
    try {
      const dec = await post(b.url, "Decrypt", { CiphertextBlob: blob });
      assert.equal(dec.status, 200, JSON.stringify(dec.json));
      assert.equal(Buffer.from(dec.json.Plaintext, "base64").toString(), "over http");
      assert.equal(dec.json.KeyId, `arn:aws:kms:us-east-1:111122223333:key/${keyId}`);
      const rotations = await post(b.url, "ListKeyRotations", { KeyId: keyId });
      assert.equal(rotations.json.Rotations.length, 1);
    } finally {
      await b.stop();
    }
  });

  it("refuses a bad seed at start, naming the entry and field", async (t) => {
    const dir = await tempDir(t);
    const bad = join(dir, "bad.json");
    await writeFile(bad, JSON.stringify({ Keys: [{ KeyId: "nope" }] }));
    const r = spawnSync(process.execPath, [CLI, "serve", "--port", "0", "--seed", bad], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 30_000,
    });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /ValidationException: seed document: Keys\[0\] \(nope\)\.KeyId/);
    const missing = spawnSync(process.execPath, [CLI, "serve", "--port", "0", "--seed", join(dir, "none.json")], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 30_000,
    });
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /cannot read --seed .*none\.json: ENOENT/);
  });

  it("exports a state exported from the console (exportState), and refuses a file in use", async (t) => {
    const dir = await tempDir(t);
    const kms = await open();
    const { KeyMetadata } = await kms.createKey({ Description: "from a console export" });
    const state = join(dir, "kms-console-state.json");
    await writeFile(state, JSON.stringify(JSON.parse(await kms.exportState()), null, 2));
    const r = run("seed", "export", "--data", state);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), await kms.exportSeed());
    assert.equal(JSON.parse(r.stdout).Keys[0].KeyId, KeyMetadata.KeyId);

    const data = join(dir, "served.json");
    const server = await startServer(["--data", data]);
    try {
      const busy = run("seed", "export", "--data", data);
      assert.equal(busy.status, 1);
      assert.match(busy.stderr, /KmsStorageError: .*in use by process/);
    } finally {
      await server.stop();
    }
  });

  it("seed export refuses a missing store and bad usage", async (t) => {
    const dir = await tempDir(t);
    const r = run("seed", "export", "--data", join(dir, "absent.json"));
    assert.equal(r.status, 1);
    assert.match(r.stderr, /absent\.json does not exist/);
    assert.equal(run("seed", "export").status, 2);
    assert.equal(run("seed", "import", "--data", "x").status, 2);
    const help = run("seed", "--help");
    assert.equal(help.status, 0);
    assert.match(help.stdout, /kms-wasm seed export --data/);
  });
});

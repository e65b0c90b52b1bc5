// The npm package as a user gets it: `npm pack` the repo, install the tarball into a fresh
// project, import it from plain Node ESM (no bundler), and find the `kms-wasm` bin.
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { ROOT } from "./helpers.mjs";

const run = promisify(execFile);
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const npmEnv = {
  ...process.env,
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_update_notifier: "false",
};
// `npm test` sets npm_* variables for its own run; don't let them steer the nested npm.
for (const k of Object.keys(npmEnv)) if (k.startsWith("npm_lifecycle") || k === "npm_package_json") delete npmEnv[k];

describe("npm pack + install into a fresh project", () => {
  let project;
  let tarball;
  let packed;
  let dir;
  after(() => dir && rm(dir, { recursive: true, force: true }));
  before(async () => {
    const meta = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8"));
    assert.equal(meta.name, "kms-wasm");
    dir = await mkdtemp(join(tmpdir(), "kms-wasm-pack-"));
    const { stdout } = await run(NPM, ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], {
      cwd: ROOT,
      env: npmEnv,
      timeout: 120_000,
    });
    packed = JSON.parse(stdout)[0];
    tarball = join(dir, packed.filename);
    assert.ok(existsSync(tarball), `npm pack wrote ${tarball}`);
    project = join(dir, "consumer");
    await mkdir(project);
    await writeFile(
      join(project, "package.json"),
      JSON.stringify({ name: "consumer", version: "1.0.0", private: true, type: "module" }),
    );
    await run(NPM, ["install", tarball, "--no-audit", "--no-fund", "--prefer-offline", "--no-package-lock"], {
      cwd: project,
      env: npmEnv,
      timeout: 180_000,
    });
  });

  test("the tarball ships the wasm, the JS entry, types and the bin, and no build leftovers", () => {
    const files = packed.files.map((f) => f.path);
    assert.ok(
      files.some((f) => f.endsWith(".wasm")),
      "a .wasm file is packed",
    );
    assert.ok(
      files.some((f) => f.endsWith(".d.ts")),
      "TypeScript declarations are packed",
    );
    assert.ok(files.includes("bin/kms-wasm.js"), "bin/kms-wasm.js is packed");
    for (const f of [
      "bin/wrap.js",
      "js/keygen-worker.js",
      "js/keygen-worker-node.js",
      "js/extras.js",
      "pkg/kms_wasm_extras.js",
      "pkg/kms_wasm_extras_bg.wasm",
    ]) {
      assert.ok(files.includes(f), `${f} is packed`);
    }
    assert.ok(
      !files.some((f) => f.startsWith("target/") || f.startsWith("node_modules/") || f.startsWith(".venv/")),
      "no build or dependency folders",
    );
    assert.ok(packed.size < 10 * 1024 * 1024, `tarball size ${packed.size}`);
  });

  test("import { KeyManagementService } from 'kms-wasm' runs createKey + encrypt + decrypt", async () => {
    const script = `
      import { KeyManagementService } from "kms-wasm";
      const kms = await KeyManagementService.open({ storage: "memory" });
      const { KeyMetadata } = await kms.createKey({ Description: "installed" });
      const { CiphertextBlob } = await kms.encrypt({ KeyId: KeyMetadata.KeyId, Plaintext: new TextEncoder().encode("from a consumer") });
      const { Plaintext, KeyId } = await kms.decrypt({ CiphertextBlob });
      console.log(JSON.stringify({ text: new TextDecoder().decode(Plaintext), KeyId, arn: KeyMetadata.Arn, blob: CiphertextBlob instanceof Uint8Array }));
    `;
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], {
      cwd: project,
      timeout: 60_000,
    });
    const out = JSON.parse(stdout.trim().split("\n").pop());
    assert.deepEqual(out, { text: "from a consumer", KeyId: out.arn, arn: out.arn, blob: true });
    assert.match(out.arn, /^arn:aws:kms:us-east-1:111122223333:key\/[0-9a-f-]{36}$/);
  });

  test("import from the installed package: wrapping keys from its worker, wrapKeyMaterial, kms-wasm wrap", async () => {
    const script = `
      import { KeyManagementService, wrapKeyMaterial } from "kms-wasm";
      import { execFileSync } from "node:child_process";
      import { readFileSync, writeFileSync } from "node:fs";
      const kms = await KeyManagementService.open({});
      const { KeyMetadata: { KeyId } } = await kms.createKey({ Origin: "EXTERNAL" });
      const material = crypto.getRandomValues(new Uint8Array(32));
      for (const WrappingAlgorithm of ["RSAES_OAEP_SHA_256", "RSAES_OAEP_SHA_1"]) {
        const p = await kms.getParametersForImport({ KeyId, WrappingAlgorithm, WrappingKeySpec: "RSA_2048" });
        let EncryptedKeyMaterial = wrapKeyMaterial({ PublicKey: p.PublicKey, KeyMaterial: material, WrappingAlgorithm });
        if (WrappingAlgorithm === "RSAES_OAEP_SHA_1") {
          writeFileSync("pub.der", p.PublicKey);
          writeFileSync("material.bin", material);
          execFileSync("node_modules/.bin/kms-wasm", ["wrap", "--public-key", "pub.der", "--material", "material.bin", "--algorithm", WrappingAlgorithm, "--out", "wrapped.bin"]);
          EncryptedKeyMaterial = readFileSync("wrapped.bin");
        }
        await kms.importKeyMaterial({ KeyId, ImportToken: p.ImportToken, EncryptedKeyMaterial, ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE" });
      }
      console.log((await kms.describeKey({ KeyId })).KeyMetadata.KeyState);
      await kms.close();
    `;
    const { stdout, stderr } = await run(process.execPath, ["--input-type=module", "-e", script], {
      cwd: project,
      timeout: 60_000,
    });
    assert.equal(stdout.trim().split("\n").pop(), "Enabled");
    assert.doesNotMatch(stderr, /kms-wasm:/, "no fallback to key generation on the main thread");
  });

  test("the file store works from the installed package", async () => {
    const script = `
      import { KeyManagementService } from "kms-wasm";
      const kms = await KeyManagementService.open({ file: "./state.json" });
      await kms.createKey({});
      await kms.close();
      const again = await KeyManagementService.open({ file: "./state.json" });
      console.log((await again.listKeys({})).Keys.length);
    `;
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], {
      cwd: project,
      timeout: 60_000,
    });
    assert.equal(stdout.trim().split("\n").pop(), "1");
    assert.equal(typeof JSON.parse(await readFile(join(project, "state.json"), "utf8")).schemaVersion, "number");
  });

  test("the extras module from the installed package: seeded wrapping keys and an encrypted file store", async () => {
    const script = `
      import { KeyManagementService } from "kms-wasm";
      const keys = [];
      for (let i = 0; i < 2; i++) {
        const kms = await KeyManagementService.open({ randomSeed: 7 });
        const { KeyMetadata: { KeyId } } = await kms.createKey({ Origin: "EXTERNAL" });
        const p = await kms.getParametersForImport({ KeyId, WrappingAlgorithm: "RSAES_OAEP_SHA_256", WrappingKeySpec: "RSA_2048" });
        keys.push(Buffer.from(p.PublicKey).toString("base64"));
        await kms.close();
      }
      const sealed = await KeyManagementService.open({ file: "./sealed.json", passphrase: "pass" });
      await sealed.createKey({});
      await sealed.close();
      const again = await KeyManagementService.open({ file: "./sealed.json", passphrase: "pass" });
      console.log(JSON.stringify({ same: keys[0] === keys[1], keys: (await again.listKeys({})).Keys.length }));
      await again.close();
    `;
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], {
      cwd: project,
      timeout: 60_000,
    });
    assert.deepEqual(JSON.parse(stdout.trim().split("\n").pop()), { same: true, keys: 1 });
  });

  test("the package's types entry exists", async () => {
    const pj = JSON.parse(await readFile(join(project, "node_modules/kms-wasm/package.json"), "utf8"));
    const types = pj.types ?? pj.typings ?? pj.exports?.["."]?.types;
    assert.ok(types, "package.json names its TypeScript declarations");
    assert.ok(existsSync(join(project, "node_modules/kms-wasm", types)), `${types} is installed`);
    const dts = await readFile(join(project, "node_modules/kms-wasm", types), "utf8");
    assert.match(dts, /KeyManagementService/);
  });

  test("the kms-wasm bin is installed and serves", async () => {
    const bin = join(project, "node_modules/.bin/kms-wasm");
    assert.ok(existsSync(bin), "node_modules/.bin/kms-wasm exists");
    const proc = spawn(bin, ["serve", "--port", "0"], { cwd: project, stdio: ["ignore", "pipe", "pipe"] });
    const exited = new Promise((r) => proc.on("exit", (code) => r(code)));
    try {
      const url = await new Promise((resolve, reject) => {
        let out = "";
        const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 20_000);
        proc.stdout.on("data", (d) => {
          out += d;
          const m = out.match(/kms-wasm listening on (http:\/\/127\.0\.0\.1:\d+)/);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
        proc.stderr.on("data", (d) => (out += d));
      });
      const r = await fetch(`${url}/`, {
        method: "POST",
        headers: { "x-amz-target": "TrentService.ListKeys", "content-type": "application/x-amz-json-1.1" },
        body: "{}",
      });
      assert.equal(r.status, 200);
      assert.deepEqual((await r.json()).Keys, []);
    } finally {
      proc.kill("SIGTERM");
      await exited;
    }
  });
});

// The npm package as a user gets it: `npm pack` the repo (its prepack builds the wasm and the
// CommonJS entry), install the tarball into a fresh project with no Rust on PATH, import it from
// plain Node ESM and CommonJS (no bundler), start its server, and run `npx kms-wasm serve` with
// the console in Chromium.
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { launch, watch } from "./browser-support.mjs";
import { createKey, ready } from "./console-support.mjs";
import { ROOT } from "./helpers.mjs";
import { needs } from "./prerequisites.mjs";

const run = promisify(execFile);
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const NPX = process.platform === "win32" ? "npx.cmd" : "npx";
const npmEnv = {
  ...process.env,
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_update_notifier: "false",
};
// `npm test` sets npm_* variables for its own run; don't let them steer the nested npm.
for (const k of Object.keys(npmEnv)) if (k.startsWith("npm_lifecycle") || k === "npm_package_json") delete npmEnv[k];
// The consumer's machine has Node and npm, and no Rust: only their folder and the system's.
const noRust = { ...npmEnv, PATH: [...new Set([dirname(process.execPath), "/usr/bin", "/bin"])].join(delimiter) };

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
    // With its scripts: prepack builds (here, pkg/ and js/node.cjs are current: it rewrites nothing).
    const { stdout } = await run(NPM, ["pack", "--json", "--pack-destination", dir], {
      cwd: ROOT,
      env: npmEnv,
      timeout: 120_000,
    });
    // prepack's own lines come first on stdout; npm's JSON starts at a line of its own.
    packed = JSON.parse(stdout.slice(stdout.search(/^\[$/m)))[0];
    assert.match(stdout, /build-cjs: js\/node\.cjs/, "prepack ran");
    tarball = join(dir, packed.filename);
    assert.ok(existsSync(tarball), `npm pack wrote ${tarball}`);
    project = join(dir, "consumer");
    await mkdir(project);
    await writeFile(
      join(project, "package.json"),
      JSON.stringify({ name: "consumer", version: "1.0.0", private: true, type: "module" }),
    );
    const cargo = await run("sh", ["-c", "command -v cargo rustc wasm-bindgen"], { env: noRust }).catch((e) => e);
    assert.notEqual(cargo.code ?? 0, 0, `no Rust tool on the consumer's PATH: ${cargo.stdout}`);
    await run(NPM, ["install", tarball, "--no-audit", "--no-fund", "--prefer-offline", "--no-package-lock"], {
      cwd: project,
      env: noRust,
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
      "js/node.cjs",
      "js/server.js",
      "js/server.d.ts",
      "js/server/http.js",
      "schema/seed.schema.json",
    ]) {
      assert.ok(files.includes(f), `${f} is packed`);
    }
    assert.ok(
      !files.some(
        (f) =>
          /^(target|node_modules|\.venv|src|crates)\//.test(f) ||
          f.endsWith(".rs") ||
          f.startsWith("Cargo") ||
          f.includes(".tmp-"),
      ),
      "no Rust sources, build or dependency folders",
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
      env: noRust,
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
      env: noRust,
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
      env: noRust,
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
      env: noRust,
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

  test("npx kms-wasm serve answers the SDK's wire and serves the console, which works in Chromium", {
    skip: needs.browser.skip,
  }, async () => {
    assert.ok(existsSync(join(project, "node_modules/.bin/kms-wasm")), "node_modules/.bin/kms-wasm exists");
    // Its own process group, so that stopping npx stops the server it started too.
    const proc = spawn(NPX, ["--no-install", "kms-wasm", "serve", "--port", "0"], {
      cwd: project,
      env: noRust,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise((r) => proc.on("exit", (code) => r(code)));
    let browser;
    try {
      const url = await new Promise((resolve, reject) => {
        let out = "";
        const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 30_000);
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
      needs.browser.require();
      browser = await launch();
      const page = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
      const errors = watch(page);
      await page.goto(`${url}/`);
      await ready(page);
      const keyId = await createKey(page, url, { alias: "from-the-tarball" });
      assert.match(keyId, /^[0-9a-f-]{36}$/);
      errors.check("the console served by the installed package");
      // The console talks to its own service in the page (IndexedDB), not to the endpoint.
      assert.equal((await (await fetch(`${url}/_kms/health`)).json()).status, "ok");
    } finally {
      await browser?.close();
      process.kill(-proc.pid, "SIGTERM");
      await exited;
    }
  });

  test("require('kms-wasm') and require('kms-wasm/node') load the CommonJS build, one module for both", async () => {
    const script = `
      const a = require("kms-wasm");
      const b = require("kms-wasm/node");
      a.KeyManagementService.open({}).then(async (kms) => {
        const { KeyMetadata } = await kms.createKey({});
        const missing = await kms.describeKey({ KeyId: "alias/none" }).catch((e) => e);
        console.log(JSON.stringify({ same: a === b, state: KeyMetadata.KeyState, cls: missing instanceof a.NotFoundException }));
        await kms.close();
      });
    `;
    const { stdout } = await run(process.execPath, ["--input-type=commonjs", "-e", script], {
      cwd: project,
      env: noRust,
      timeout: 60_000,
    });
    assert.deepEqual(JSON.parse(stdout.trim().split("\n").pop()), { same: true, state: "Enabled", cls: true });
  });

  test("startServer from 'kms-wasm/server', the node and web entries, the seed schema and the package metadata", async () => {
    const script = `
      import { startServer } from "kms-wasm/server";
      import { createRequire } from "node:module";
      import { readFileSync } from "node:fs";
      const server = await startServer({ port: 0 });
      const health = await (await fetch(server.url + "/_kms/health")).json();
      await server.kms.createKey({});
      await server.close();
      const schema = JSON.parse(readFileSync(createRequire(import.meta.url).resolve("kms-wasm/schema/seed.schema.json"), "utf8"));
      const entries = ["kms-wasm/node", "kms-wasm/web"].map((e) => import.meta.resolve(e).split("node_modules/kms-wasm/")[1]);
      console.log(JSON.stringify({ status: health.status, title: typeof schema.title, entries }));
    `;
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], {
      cwd: project,
      env: noRust,
      timeout: 60_000,
    });
    assert.deepEqual(JSON.parse(stdout.trim().split("\n").pop()), {
      status: "ok",
      title: "string",
      entries: ["js/node.js", "js/web.js"],
    });
    const pj = JSON.parse(await readFile(join(project, "node_modules/kms-wasm/package.json"), "utf8"));
    assert.match(pj.repository?.url ?? "", /^git\+https:\/\//);
    assert.match(pj.homepage ?? "", /^https:\/\//);
    assert.ok(pj.keywords?.includes("kms"));
  });
});

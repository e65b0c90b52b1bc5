// `kms-wasm serve` (bin/serve.js, js/server/http.js): CLI arguments, port 0, static files with their MIME
// types, path traversal, emulator-route input errors, the audit caller, a data file across
// restarts, storage failures as HTTP 500, a clean stop on SIGINT, --version, one-line usage
// errors, and wrapping keys prepared at start with /_kms/health.
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const BIN = join(ROOT, "bin/kms-wasm.js");
const run = promisify(execFile);

function serve(args = []) {
  const proc = spawn(process.execPath, [BIN, "serve", "--port", "0", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const exited = new Promise((resolve) => proc.on("exit", (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill("SIGKILL");
      reject(new Error(`no URL printed:\n${out}`));
    }, 15_000);
    proc.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/kms-wasm listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], proc, exited, output: () => out });
      }
    });
    proc.stderr.on("data", (d) => (out += d));
    exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`exited early:\n${out}`));
    });
  });
}

async function stop(s, signal = "SIGTERM") {
  s.proc.kill(signal);
  return s.exited;
}

const kms = (url, op, body = {}, headers = {}) =>
  fetch(`${url}/`, {
    method: "POST",
    headers: { "x-amz-target": `TrentService.${op}`, ...headers },
    body: JSON.stringify(body),
  });

/** A GET with the path sent exactly as given (fetch would normalise `..`). */
const rawGet = (url, path) =>
  new Promise((resolve, reject) => {
    const u = new URL(url);
    request({ host: u.hostname, port: u.port, path, method: "GET" }, (res) => {
      res.resume();
      resolve(res.statusCode);
    })
      .on("error", reject)
      .end();
  });

describe("kms-wasm serve", () => {
  test("--help prints usage and exits 0; a bad command exits 2", async () => {
    const { stdout } = await run(process.execPath, [BIN, "--help"]);
    assert.match(stdout, /Usage: kms-wasm serve/);
    const bad = await run(process.execPath, [BIN, "frobnicate"]).catch((e) => e);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown command/);
    const badPort = await run(process.execPath, [BIN, "serve", "--port", "99999"]).catch((e) => e);
    assert.equal(badPort.code, 2);
    // One line saying what is wrong and where the help is, not the whole usage text.
    assert.equal(
      badPort.stderr,
      "kms-wasm: --port must be an integer from 0 to 65535, got 99999 (see kms-wasm --help)\n",
    );
    const unknown = await run(process.execPath, [BIN, "serve", "--prot", "1"]).catch((e) => e);
    assert.deepEqual([unknown.code, unknown.stderr], [2, "kms-wasm: Unknown option '--prot' (see kms-wasm --help)\n"]);
    const badKeys = await run(process.execPath, [BIN, "serve", "--prepare-wrapping-keys", "RSA_1024"]).catch((e) => e);
    assert.equal(badKeys.code, 2);
    assert.match(
      badKeys.stderr,
      /^kms-wasm: --prepare-wrapping-keys unknown WrappingKeySpec "RSA_1024" \(see kms-wasm --help\)\n$/,
    );
  });

  test("--version prints the package's version", async () => {
    const { version } = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8"));
    for (const args of [["--version"], ["serve", "--version"]]) {
      const { stdout } = await run(process.execPath, [BIN, ...args]);
      assert.equal(stdout, `kms-wasm ${version}\n`);
    }
  });

  test("--prepare-wrapping-keys: listening before the keys are made; /_kms/health says when they are", async () => {
    const s = await serve(["--prepare-wrapping-keys", "RSA_2048,RSA_4096", "--credentials", "AKID:secret"]);
    try {
      // Unsigned, even with --credentials: a readiness probe signs nothing.
      const first = await (await fetch(`${s.url}/_kms/health`)).json();
      assert.equal(first.status, "ok");
      assert.ok(["preparing", "ready"].includes(first.wrappingKeys), first.wrappingKeys);
      for (let i = 0; i < 200 && !s.output().includes("wrapping keys ready"); i++)
        await new Promise((r) => setTimeout(r, 50));
      assert.match(s.output(), /kms-wasm wrapping keys ready: RSA_2048,RSA_4096\n/);
      assert.equal((await (await fetch(`${s.url}/_kms/health`)).json()).wrappingKeys, "ready");
      assert.equal((await fetch(`${s.url}/_kms/clock`)).status, 403, "the other routes still need a signature");
    } finally {
      await stop(s);
    }
  });

  test("static files, MIME types, traversal, emulator-route errors, audit caller; SIGINT exits 0", async () => {
    const s = await serve();
    try {
      for (const [path, type] of [
        ["/", /text\/html/],
        ["/pkg/kms_wasm_bg.wasm", /^application\/wasm$/],
        ["/js/web.js", /text\/javascript/],
        ["/pkg/kms_wasm.js", /text\/javascript/],
      ]) {
        const r = await fetch(s.url + path);
        assert.equal(r.status, 200, path);
        assert.match(r.headers.get("content-type"), type, path);
        await r.arrayBuffer();
      }
      assert.equal(await rawGet(s.url, "/js/%2e%2e/package.json"), 404);
      assert.equal(await rawGet(s.url, "/../Cargo.toml"), 404);
      assert.equal((await fetch(`${s.url}/nope.html`)).status, 404);
      const clockErr = await fetch(`${s.url}/_kms/clock`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"advanceSeconds":"soon"}',
      });
      assert.equal(clockErr.status, 400);
      assert.equal((await clockErr.json()).__type, "ValidationException");
      assert.equal(
        (
          await fetch(`${s.url}/_kms/clock`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: "{",
          })
        ).status,
        400,
      );
      assert.equal((await fetch(`${s.url}/_kms/nothing`)).status, 404);
      const huge = await kms(s.url, "Encrypt", { Plaintext: "A".repeat(2 * 1024 * 1024) });
      assert.equal(huge.status, 413);
      const made = await kms(s.url, "CreateKey", {}, { "user-agent": "serve-test/1.0" });
      assert.equal(made.status, 200);
      assert.match(made.headers.get("x-amzn-requestid"), /^[0-9a-f-]{36}$/);
      const { events } = await (await fetch(`${s.url}/_kms/audit?eventName=CreateKey`)).json();
      assert.equal(events.length, 1);
      assert.equal(events[0].userAgent, "serve-test/1.0");
      assert.equal(events[0].sourceIPAddress, "127.0.0.1");
      const failed = await (await fetch(`${s.url}/_kms/audit?failedOnly=true`)).json();
      assert.deepEqual(failed.events, []);
    } finally {
      const { code } = await stop(s, "SIGINT");
      assert.equal(code, 0, s.output());
    }
    assert.match(s.output(), /kms-wasm stopped \(SIGINT\)/);
  });

  test("--data keeps state across restarts; a failed save is HTTP 500 naming the file", async (t) => {
    const dir = await mkdtemp(join(tmpdir(), "kms-wasm-serve-"));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const data = join(dir, "state", "kms-data.json");
    await mkdir(dirname(data));
    let s = await serve(["--data", data]);
    const { KeyMetadata } = await (await kms(s.url, "CreateKey", { Description: "kept" })).json();
    assert.equal((await stop(s)).code, 0);
    s = await serve(["--data", data]);
    try {
      const again = await (await kms(s.url, "DescribeKey", { KeyId: KeyMetadata.KeyId })).json();
      assert.equal(again.KeyMetadata.Description, "kept");
      await rm(dirname(data), { recursive: true });
      const r = await kms(s.url, "CreateKey", {});
      assert.equal(r.status, 500);
      const body = await r.json();
      assert.equal(body.__type, "KMSInternalException");
      assert.ok(body.message.includes(data), body.message);
      const keys = await (await kms(s.url, "ListKeys")).json();
      assert.equal(keys.Keys.length, 1, "the unsaved key was rolled back");
    } finally {
      await stop(s);
    }
  });

  test("an unreadable --data file stops the server with the file named", async (t) => {
    const dir = await mkdtemp(join(tmpdir(), "kms-wasm-serve-"));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const bad = join(dir, "bad.json");
    await (await import("node:fs/promises")).writeFile(bad, "not json");
    const r = await run(process.execPath, [BIN, "serve", "--port", "0", "--data", bad]).catch((e) => e);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /KmsStorageError/);
    assert.ok(r.stderr.includes(bad));
  });
});

// The Vite recipe (examples/vite, docs/browser.md) in Debian's chromium: the example, with the
// package copied into its node_modules as npm installs it, built by `vite build` and served
// statically, and run by Vite's dev server, with and without WebCrypto (then the RSA wrapping key
// comes from the worker). Without the recipe the dev page fails, and an old target fails the build.

import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, rm, symlink } from "node:fs/promises";
import { createServer as createHttpServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { build, createLogger, createServer } from "vite";
import { launch, staticServer, watch } from "./browser-support.mjs";
import { ROOT } from "./helpers.mjs";
import { needs } from "./prerequisites.mjs";

const EXPECTED = { decrypted: "hello from Vite", signatureValid: true, wrappingKeyBytes: 294 }; // RSA-2048 SPKI
/** Vite 5 and 6's default build target ("modules"), which has no top-level await. */
const OLD_TARGET = ["es2020", "edge88", "firefox78", "chrome87", "safari14"];

let app; // the temp copy of examples/vite
let browser;

/** The example in a temp folder, with kms-wasm as `npm install` leaves it (package.json's "files"). */
async function installExample() {
  const dir = await mkdtemp(join(tmpdir(), "kms-wasm-vite-"));
  await cp(join(ROOT, "examples/vite"), dir, { recursive: true });
  // A copy, not a symlink: Vite treats a symlinked package as linked source (not pre-bundled),
  // and its dev server refuses to serve files outside the project (the wasm: 403).
  const pkg = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8"));
  const installed = join(dir, "node_modules/kms-wasm");
  for (const entry of ["package.json", ...pkg.files].filter((f) => existsSync(join(ROOT, f)))) {
    await cp(join(ROOT, entry), join(installed, entry), { recursive: true });
  }
  // vite.config.mjs imports "vite": the repository's, as if installed next to kms-wasm.
  await mkdir(join(dir, "node_modules"), { recursive: true });
  await symlink(join(ROOT, "node_modules/vite"), join(dir, "node_modules/vite"), "dir");
  return dir;
}

/** Vite's dev server on a free port (its own `server.port: 0` falls back to 5173): `{ url, close }`. */
async function devServer(inline = {}) {
  const http = createHttpServer();
  const vite = await createServer({
    root: app,
    logLevel: "error",
    server: { middlewareMode: true, hmr: { server: http } },
    ...inline,
  });
  http.on("request", vite.middlewares);
  await new Promise((resolve) => http.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${http.address().port}`,
    async close() {
      await vite.close();
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}

/** Opens `url`, waits for the example's result (or a page error): `{ status, text, workers, requests, problems }`. */
async function runPage(url, { withoutWebCrypto = false } = {}) {
  const page = await browser.newPage();
  try {
    const seen = watch(page);
    const workers = [];
    const requests = [];
    page.on("worker", (w) => workers.push(new URL(w.url()).pathname));
    page.on("request", (r) => requests.push(new URL(r.url()).pathname));
    if (withoutWebCrypto) {
      // As on a plain-http origin other than localhost: the wrapping key must come from the worker.
      await page.addInitScript(() => Object.defineProperty(globalThis.crypto, "subtle", { value: undefined }));
    }
    const failed = new Promise((resolve) => page.once("pageerror", resolve));
    await page.goto(`${url}/`);
    await Promise.race([page.locator("#result[data-status]").waitFor({ state: "attached", timeout: 20_000 }), failed]);
    const result = page.locator("#result");
    return {
      status: await result.getAttribute("data-status"),
      text: await result.textContent(),
      workers,
      requests,
      problems: seen.problems,
    };
  } finally {
    await page.close();
  }
}

async function assertRuns(url, label) {
  for (const withoutWebCrypto of [false, true]) {
    const r = await runPage(url, { withoutWebCrypto });
    const how = `${label}, ${withoutWebCrypto ? "no WebCrypto" : "WebCrypto"}`;
    assert.equal(r.status, "done", `${how}: ${r.text}\n${r.problems.join("\n")}`);
    assert.deepEqual(JSON.parse(r.text), EXPECTED, how);
    // Once: the worker is handed the page's compiled module rather than fetching it again.
    assert.equal(
      r.requests.filter((p) => /kms_wasm_extras_bg.*\.wasm$/.test(p)).length,
      1,
      `${how}: the extras module was fetched once\n${r.requests.join("\n")}`,
    );
    const ran = r.workers.some((p) => p.includes("keygen-worker"));
    assert.equal(ran, withoutWebCrypto, `${how}: a keygen worker ran only without WebCrypto (${r.workers})`);
    assert.deepEqual(r.problems, [], `${how}: no console errors, page errors or failed requests`);
  }
}

describe("Vite recipe (examples/vite)", { skip: needs.browser.skip }, () => {
  before(async () => {
    needs.browser.require();
    app = await installExample();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    if (app) await rm(app, { recursive: true, force: true });
  });

  test("vite build: the built page runs from a static server", async () => {
    const warnings = [];
    const logger = createLogger("warn");
    logger.warn = (msg) => warnings.push(msg);
    logger.warnOnce = logger.warn;
    await build({ root: app, logLevel: "warn", customLogger: logger });
    assert.deepEqual(warnings, [], "vite build warned");
    const server = await staticServer(join(app, "dist"));
    try {
      await assertRuns(server.url, "vite build");
    } finally {
      await server.close();
    }
  });

  test("vite dev server: the page runs", async () => {
    const server = await devServer();
    try {
      await assertRuns(server.url, "dev server");
    } finally {
      await server.close();
    }
  });

  test("without optimizeDeps.exclude the dev server's pre-bundled copy gets index.html as its wasm, and says so", async () => {
    // No config file at all, with a cache of its own: what a user without the recipe runs.
    const server = await devServer({ configFile: false, cacheDir: join(app, "node_modules/.vite-bare") });
    try {
      const r = await runPage(server.url);
      assert.equal(r.status, null, "the page never got a result");
      assert.ok(r.requests.includes("/node_modules/.vite-bare/pkg/kms_wasm_bg.wasm"), r.requests.join("\n"));
      // The package says what came back and what to set, not WebAssembly's "magic word".
      assert.ok(
        r.problems.some(
          (p) =>
            p.includes("is not a WebAssembly module (the server sent text/html") && p.includes("optimizeDeps.exclude"),
        ),
        r.problems.join("\n"),
      );
    } finally {
      await server.close();
    }
  });

  test("vite build with Vite 5 and 6's default target fails on the package's top-level await", async () => {
    await assert.rejects(
      // No config file: an inline target would be merged with the example's "es2022".
      build({ root: app, configFile: false, logLevel: "silent", build: { target: OLD_TARGET, write: false } }),
      /Top-level await is not available in the configured target environment/,
    );
  });
});

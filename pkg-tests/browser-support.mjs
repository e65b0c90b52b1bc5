// Shared setup for the browser suites (console.test.mjs, indexeddb.test.mjs): Debian's
// chromium driven by playwright-core (never a downloaded browser), a tiny static file server
// rooted at the repository (as `python3 -m http.server` would be), the `kms-wasm serve`
// endpoint, page error collection and screenshots. Whether the browser is there: prerequisites.mjs.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { after, before } from "node:test";
import { chromium } from "playwright-core";
import { ROOT } from "./helpers.mjs";
import { CHROMIUM, needs } from "./prerequisites.mjs";
export const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
/** Where screenshots go: /tmp/console-<name>.png unless KMS_WASM_SHOTS names a folder. */
export const SHOTS = process.env.KMS_WASM_SHOTS ?? "/tmp";

export const launch = () => chromium.launch({ executablePath: CHROMIUM, args: ARGS });
export const launchPersistent = (dir, options = {}) =>
  chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, args: ARGS, ...options });

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/** A plain static server over the repository on a free port (plus an empty /blank.html): `{ url, close }`. */
export function staticServer(root = ROOT) {
  const base = normalize(root + sep);
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (path === "/blank.html") {
      return res
        .writeHead(200, { "content-type": "text/html" })
        .end('<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>blank</title>');
    }
    let file = normalize(join(base, path));
    if (!file.startsWith(base)) return res.writeHead(403).end();
    if (file.endsWith(sep)) file += "index.html";
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": MIME[extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        close: () =>
          new Promise((r) => {
            server.closeAllConnections();
            server.close(r);
          }),
      }),
    ),
  );
}

/**
 * For a test file: a static server and a browser started before its tests and closed after
 * them (nothing is started when the user opted out of the browser tests; without a browser the
 * hook fails, so every test of the file does). Read `session.server` and `session.browser` inside tests.
 */
export function browserSession() {
  const session = { server: undefined, browser: undefined };
  before(async () => {
    if (needs.browser.skip) return;
    needs.browser.require();
    session.server = await staticServer();
    session.browser = await launch();
  });
  after(async () => {
    await session.browser?.close();
    await session.server?.close();
  });
  return session;
}

/** `kms-wasm serve --port 0`: `{ url, stop }`. */
export function serve() {
  const proc = spawn(process.execPath, [join(ROOT, "bin/kms-wasm.js"), "serve", "--port", "0"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill("SIGKILL");
      reject(new Error(`kms-wasm serve printed no URL:\n${out}`));
    }, 15_000);
    proc.stderr.on("data", (d) => (out += d));
    proc.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[1],
          stop: () =>
            new Promise((r) => {
              proc.once("exit", r);
              proc.kill("SIGTERM");
            }),
        });
      }
    });
    proc.once("exit", () => {
      clearTimeout(timer);
      reject(new Error(`kms-wasm serve exited:\n${out}`));
    });
  });
}

/** Collects console errors, page errors and failed requests of `page`; `check()` asserts none. */
export function watch(page) {
  const problems = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return {
    problems,
    check(label = "page") {
      assert.deepEqual(problems, [], `${label}: no console errors, page errors or failed requests`);
    },
  };
}

/** Saves a screenshot (notifications removed, so they hide nothing). */
export async function shot(page, name, options = {}) {
  await page.evaluate(() => {
    for (const t of document.querySelectorAll(".toast")) t.remove();
  });
  await page.screenshot({ path: join(SHOTS, `console-${name}.png`), fullPage: true, ...options });
}

/** Elements of `main` that stick out past the right edge (outside the scrolling boxes). */
export function overflowing(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll("main *, header *, nav *, .clockbar *")]
      .filter((el) => !el.closest("pre, .tabs, .timeline-wrap, .links, .visually-hidden, dialog, tr.json-row"))
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}.${el.className}`),
  );
}

// Page helpers shared by the console's browser suites: opening the console, waiting for it, its
// state badge, walks through the create wizard (key types included), the cryptographic
// configuration and public key tabs, and running "Who can do what".
// Depends on node:assert, ./browser-support.mjs and a playwright page.
import assert from "node:assert/strict";
import { watch } from "./browser-support.mjs";

/** Where the console lives on the static server (rooted at the repository). */
export const WWW = "/www/";

/** Waits until the console has opened its service and drawn its first view. */
export async function ready(page) {
  await page.waitForFunction(() => window.__consoleReady === true, null, { timeout: 30_000 });
}

/** The state badge in the key page's heading. */
export const badge = (page) => page.locator("h1 .badge");

/** Walks the create wizard at `origin` (the static server); resolves to the new key's id. */
export async function createKey(page, origin, { alias, description = "", external = false, tag }) {
  await page.goto(`${origin}${WWW}#/create?fresh`);
  await page.waitForSelector("#create-wizard");
  if (external) {
    await page.click(".advanced summary");
    await page.check("#origin-EXTERNAL");
    await page.click("#wizard-next");
    assert.match(await page.textContent("#wizard-error"), /understand/, "External needs the acknowledgement");
    await page.check("#external-ack");
  }
  await page.click("#wizard-next");
  await page.fill("#alias", alias);
  await page.fill("#description", description);
  if (tag) {
    await page.click("#add-tag");
    await page.fill("#tag-key-0", tag[0]);
    await page.fill("#tag-value-0", tag[1]);
  }
  await page.click("#wizard-next");
  await page.waitForSelector("dl.summary");
  await page.click("#wizard-next");
  await page.waitForSelector(".key-page");
  return page.getAttribute(".key-page", "data-key-id");
}

/** A phone: the browser-context options the narrow-screen tests use. */
export const PHONE = { viewport: { width: 375, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/**
 * A fresh page of the console in `session`'s browser, opened and ready: `{ context, page, errors }`.
 * `options` are the browser context's (a desktop viewport unless given).
 */
export async function openConsole(session, options = {}) {
  const context = await session.browser.newContext({ viewport: { width: 1200, height: 900 }, ...options });
  const page = await context.newPage();
  const errors = watch(page);
  await page.goto(`${session.server.url}${WWW}`);
  await ready(page);
  return { context, page, errors };
}

/** The text of `sel`, or undefined when the page has no such element. */
export const textOf = (page, sel) =>
  page
    .locator(sel)
    .count()
    .then((n) => (n ? page.textContent(sel) : undefined));

/**
 * Runs "Who can do what" (Key policy tab) for a principal (a preset id, or an ARN typed in) and
 * an operation; resolves to the panel's texts.
 */
export async function whoCan(page, principal, operation) {
  await page.click("#tab-policy");
  await page.waitForSelector("#who-try");
  if (principal.startsWith("arn:")) await page.fill("#who-principal", principal);
  else await page.click(`#who-preset-${principal}`);
  await page.selectOption("#who-operation", operation);
  await page.evaluate(() => document.getElementById("who-out").replaceChildren());
  await page.click("#who-try");
  await page.waitForSelector("#who-verdict");
  const keys = { verdict: "#who-verdict", error: "#who-error", why: "#who-why", out: "#who-out" };
  const more = { grant: "#who-grant", disagree: "#who-disagree" };
  const out = {};
  for (const [k, sel] of Object.entries({ ...keys, ...more })) out[k] = await textOf(page, sel);
  return out;
}

/**
 * Walks the wizard (on the console at `origin`) with a key type, usage and spec, checking the
 * review shows the spec (and each `review` pattern); resolves to the new key's id.
 */
export async function createTyped(page, origin, { alias, type, usage, spec, external = false, review: expect = [] }) {
  await page.goto(`${origin}${WWW}#/create?fresh`);
  await page.waitForSelector("#create-wizard");
  await page.check(`#type-${type}`);
  await page.check(`#usage-${usage}`);
  await page.check(`#spec-${spec}`);
  if (external) {
    await page.click(".advanced summary");
    await page.check("#origin-EXTERNAL");
    await page.check("#external-ack");
  }
  await page.click("#wizard-next");
  await page.fill("#alias", alias);
  await page.click("#wizard-next");
  const review = await (await page.waitForSelector("dl.summary")).textContent();
  assert.match(review, new RegExp(`Key spec${spec}`), "the review shows the key spec");
  for (const re of expect) assert.match(review, re);
  await page.click("#wizard-next");
  await page.waitForSelector(".key-page");
  return page.getAttribute(".key-page", "data-key-id");
}

/** The cryptographic configuration panel as { term: definition }. */
export async function cryptoConfig(page) {
  await page.click("#tab-general");
  await page.waitForSelector("#crypto-config");
  return page.evaluate(() => {
    const out = {};
    for (const dt of document.querySelectorAll("#crypto-config dt"))
      out[dt.textContent] = dt.nextElementSibling.textContent;
    return out;
  });
}

/** The Public key tab's PEM text, checked to be what createPublicKey loads. */
export async function publicPem(page) {
  await page.click("#tab-public-key");
  const pem = await (await page.waitForSelector("#public-key-pem")).textContent();
  assert.match(pem, /^-----BEGIN PUBLIC KEY-----\n/);
  assert.match(pem, /\n-----END PUBLIC KEY-----\n$/);
  for (const line of pem.trim().split("\n").slice(1, -1)) assert.ok(line.length <= 64, "64-character base64 lines");
  return pem;
}

/** Saves `snapshot` (text) as the console's stored state in the page's origin, before the console opens. */
export async function putSavedState(page, snapshot) {
  await page.evaluate(
    (text) =>
      new Promise((resolve, reject) => {
        const r = indexedDB.open("kms-console", 1);
        r.onupgradeneeded = () => r.result.createObjectStore("kms");
        r.onerror = () => reject(r.error);
        r.onsuccess = () => {
          const tx = r.result.transaction("kms", "readwrite");
          tx.objectStore("kms").put(text, "snapshot");
          tx.oncomplete = () => {
            r.result.close();
            resolve();
          };
        };
      }),
    snapshot,
  );
}

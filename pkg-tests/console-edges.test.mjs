// The console's edges in a real browser: served by `kms-wasm serve` (at / and /www/);
// saved state it cannot read (written by a newer kms-wasm) is shown, not overwritten, and can
// be deleted on request; a second tab writing the same database makes this one's save fail
// with a banner offering a reload, which then shows the other tab's state.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { browserSession, serve, shot, watch } from "./browser-support.mjs";
import { putSavedState } from "./console-support.mjs";
import { needs } from "./prerequisites.mjs";

const session = browserSession();

const ready = (page) => page.waitForFunction(() => window.__consoleReady !== undefined, null, { timeout: 30_000 });

/** Creates a key through the service the page runs (the wizard is covered elsewhere). */
const createKey = (page, Description) =>
  page.evaluate((d) => window.__console.kms.createKey({ Description: d }), Description);

describe("the console's edges", { skip: needs.browser.skip }, () => {
  test("served by `kms-wasm serve` at / and at /www/, without errors", async () => {
    const s = await serve();
    try {
      const context = await session.browser.newContext();
      for (const path of ["/", "/www/"]) {
        const page = await context.newPage();
        const errors = watch(page);
        await page.goto(`${s.url}${path}`);
        await ready(page);
        assert.equal(await page.evaluate(() => window.__consoleReady), true);
        await page.waitForSelector("main h1");
        errors.check(`kms-wasm serve ${path}`);
        await page.close();
      }
      await context.close();
    } finally {
      await s.stop();
    }
  });

  test("saved state from a newer kms-wasm is refused, left alone, and deleted only on request", async () => {
    const context = await session.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${session.server.url}/blank.html`);
    const newer = JSON.stringify({ schemaVersion: 99, state: {} });
    await putSavedState(page, newer);
    await page.goto(`${session.server.url}/www/`);
    await ready(page);
    assert.equal(await page.evaluate(() => window.__consoleReady), "error");
    assert.match(await page.textContent("#startup-error"), /KmsStorageError: .*schemaVersion 99.*left untouched/s);
    await shot(page, "startup-error");
    page.once("dialog", (d) => d.dismiss());
    await page.click("#delete-saved-state");
    await page.reload();
    await ready(page);
    assert.equal(await page.evaluate(() => window.__consoleReady), "error", "dismissed: nothing was deleted");
    page.once("dialog", (d) => d.accept());
    await Promise.all([page.waitForNavigation(), page.click("#delete-saved-state")]);
    await ready(page);
    assert.equal(await page.evaluate(() => window.__consoleReady), true, "a fresh console after deleting");
    await context.close();
  });

  test("a second tab's writes: this tab's save fails with a banner; reloading shows them", async () => {
    const context = await session.browser.newContext();
    const a = await context.newPage();
    const b = await context.newPage();
    for (const p of [a, b]) {
      // The key list (a fresh console would land on Start here): tab B creates from its link.
      await p.goto(`${session.server.url}/www/#/keys`);
      await ready(p);
    }
    const fromA = (await createKey(a, "made in tab A")).KeyMetadata.KeyId;
    await b.click("#create-key-link");
    await b.click("#wizard-next");
    await b.fill("#alias", "from-b");
    await b.click("#wizard-next");
    await b.click("#wizard-next");
    await b.waitForSelector(".storage-banner");
    assert.match(await b.textContent(".storage-banner"), /another tab or worker changed it/);
    assert.match(await b.textContent("#wizard-error"), /KmsStorageError/);
    await shot(b, "second-tab");
    await Promise.all([b.waitForNavigation(), b.click(".storage-banner button")]);
    await ready(b);
    await b.click('nav a[data-view="keys"]');
    await b.waitForSelector("#keys-table");
    assert.deepEqual(await b.locator("#keys-table tbody tr").evaluateAll((rows) => rows.map((r) => r.dataset.keyId)), [
      fromA,
    ]);
    await context.close();
  });
});

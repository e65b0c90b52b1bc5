// Page helpers shared by the console's browser suites (console.test.mjs, console-views.test.mjs):
// waiting for the console, its state badge and a walk through the create wizard.
// Depends on node:assert and a playwright page.
import assert from "node:assert/strict";

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

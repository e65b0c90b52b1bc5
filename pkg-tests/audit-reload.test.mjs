// The console's audit trail across a page reload, in real Chromium with IndexedDB (issue 15):
// Encrypt, Decrypt, a refused call and the pending-deletion alarm change no key, so no call
// commits them; the page hiding on reload writes them, and so does the batch a second later.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { AUDIT_CALLS, AUDIT_EXPECTED } from "./audit-scenario.mjs";
import { browserSession, watch } from "./browser-support.mjs";
import { ready, WWW } from "./console-support.mjs";
import { needs } from "./prerequisites.mjs";

const session = browserSession();

/** In the console's own service: the shared scenario. */
const calls = (page) => page.evaluate(`(async () => { const kms = window.__console.kms; ${AUDIT_CALLS} })()`);

/** The console's events after the last scheduled deletion, as [name, error, alarm]. */
const eventsAfterLastChange = (page) =>
  page.evaluate(async () => {
    const log = await window.__console.kms.auditLog();
    const at = log.findLastIndex((e) => e.eventName === "ScheduleKeyDeletion");
    // The console's own reads (ListKeys, DescribeKey... as it draws) are left out.
    return log
      .slice(at + 1)
      .filter((e) => e.eventName === "Encrypt" || e.eventName === "Decrypt")
      .map((e) => [e.eventName, e.errorCode ?? null, e.alarm?.name === "KeyPendingDeletionUse"]);
  });

describe("the console's audit trail survives a reload", { skip: needs.browser.skip }, () => {
  for (const [name, wait] of [
    ["reloaded at once (the page-hide save)", 0],
    ["reloaded after the batch (at most a second)", 2_500],
  ]) {
    test(name, async () => {
      const context = await session.browser.newContext();
      const page = await context.newPage();
      const errors = watch(page);
      await page.goto(`${session.server.url}${WWW}#/keys`);
      await ready(page);
      await calls(page);
      if (wait) await page.waitForTimeout(wait);
      await page.reload();
      await ready(page);
      assert.deepEqual(await eventsAfterLastChange(page), AUDIT_EXPECTED);
      errors.check(name);
      await context.close();
    });
  }
});

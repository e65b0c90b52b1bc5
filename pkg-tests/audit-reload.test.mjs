// The console's audit trail across a page reload, in real Chromium with IndexedDB (issue 15):
// Encrypt, Decrypt, a refused call and the pending-deletion alarm change no key, so no call
// commits them; the page hiding on reload writes them, and so does the batch a second later.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { browserSession, watch } from "./browser-support.mjs";
import { ready, WWW } from "./console-support.mjs";
import { needs } from "./prerequisites.mjs";

const session = browserSession();

const EXPECTED = [
  ["Encrypt", null, false],
  ["Decrypt", null, false],
  ["Decrypt", "InvalidCiphertextException", false],
  ["Encrypt", "KMSInvalidStateException", true],
];

/** In the console's own service: two keys, one scheduled for deletion, then the four read-only calls. */
const calls = (page) =>
  page.evaluate(async () => {
    const kms = window.__console.kms;
    const id = (await kms.createKey({})).KeyMetadata.KeyId;
    const doomed = (await kms.createKey({})).KeyMetadata.KeyId;
    await kms.scheduleKeyDeletion({ KeyId: doomed, PendingWindowInDays: 7 });
    const ct = (await kms.encrypt({ KeyId: id, Plaintext: new Uint8Array([1, 2, 3]) })).CiphertextBlob;
    await kms.decrypt({ CiphertextBlob: ct });
    await kms.decrypt({ CiphertextBlob: new Uint8Array(64) }).catch(() => {});
    await kms.encrypt({ KeyId: doomed, Plaintext: new Uint8Array([1]) }).catch(() => {});
  });

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
      assert.deepEqual(await eventsAfterLastChange(page), EXPECTED);
      errors.check(name);
      await context.close();
    });
  }
});

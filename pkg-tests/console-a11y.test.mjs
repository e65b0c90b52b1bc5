// axe-core on every view of the console that is not a key's tab (1 of 2), at desktop and phone
// sizes: Start here, the lessons, the key list, each step of the create wizard, the audit log,
// About, the clock bar's form, the confirm dialogs, the notifications and banners (alarm,
// storage), another Region, the pages of a deleted, a missing and a locked-out key, the startup
// error. No serious or critical finding on any. A key's tabs by key type: console-a11y-keys.test.mjs.
import { describe, test } from "node:test";
import { browserSession } from "./browser-support.mjs";
import { auditor, makeKeys, SIZES, visit } from "./console-a11y-support.mjs";
import { clock, open } from "./console-lessons-support.mjs";
import { putSavedState, WWW } from "./console-support.mjs";
import { needs } from "./prerequisites.mjs";

const session = browserSession();
const BOB = "arn:aws:iam::111122223333:user/bob";

/** Start here, the lessons and their states (a step not ready, all shown, a bad link, none such). */
async function course(page, url, a) {
  await page.waitForSelector(".start-page");
  await a.check("Start here");
  await visit(page, url, "#/keys", ".empty");
  await a.check("Customer managed keys, none yet");
  await visit(page, url, "#/learn", "#lesson-list");
  await a.check("Lessons");
  const lessons = await page.locator("#lesson-list li").evaluateAll((li) => li.map((l) => l.dataset.lesson));
  for (const n of lessons) {
    await visit(page, url, `#/learn/${n}`, `.lesson-page[data-lesson="${n}"] #lesson-steps`);
    await a.check(`Lesson ${n}`);
  }
  await visit(page, url, "#/learn/1", '.lesson-page[data-lesson="1"] #lesson-steps');
  await page.click("#show-decrypt");
  await page.waitForSelector("#shown-decrypt.not-yet");
  await a.check("Lesson 1, Show me before its step can be done");
  const steps = await page.locator(".lesson-step").evaluateAll((s) => s.map((x) => x.dataset.step));
  for (const step of steps) {
    await page.click(`#show-${step}`);
    await page.waitForSelector(`#step-${step}[data-done="true"]`);
  }
  await page.waitForSelector("#lesson-done");
  await a.check("Lesson 1 done, every step shown");
  await page.click("#lesson-reset");
  await page.waitForSelector("dialog[open]");
  await a.check("Dialog: reset this lesson");
  await page.click("#dialog-cancel");
  await page.waitForSelector("dialog", { state: "detached" });
  await visit(page, url, "#/learn/2?seed=not-a-scenario", "#lesson-seed-error");
  await a.check("Lesson 2 from a link whose scenario cannot be read");
  await visit(page, url, "#/learn/99", "main h1 >> text=No such lesson");
  await a.check("No such lesson");
  await visit(page, url, "#/start", ".start-page .lesson-item.done");
  await a.check("Start here with a lesson done");
}

/** The create wizard, each step, with its errors and the choices that redraw it. */
async function wizard(page, url, a) {
  await visit(page, url, "#/create?fresh", "#create-wizard #key-type");
  await a.check("Create key 1/3: symmetric");
  await page.click(".advanced summary");
  await page.check("#origin-EXTERNAL");
  await page.click("#wizard-next");
  await page.waitForSelector("#wizard-error >> text=understand");
  await a.check("Create key 1/3: External, not acknowledged");
  await page.check("#origin-AWS_KMS");
  await page.check("#type-asymmetric");
  await page.check("#usage-sign");
  await a.check("Create key 1/3: asymmetric, sign and verify");
  await page.check("#type-post-quantum");
  await page.waitForSelector("#pq-explain");
  await a.check("Create key 1/3: post-quantum");
  await page.check("#type-symmetric");
  await page.click("#wizard-next");
  await page.click("#add-tag");
  await page.click("#wizard-next");
  await page.waitForSelector("#wizard-error >> text=alias");
  await a.check("Create key 2/3: labels, a tag row, no alias");
  await page.fill("#alias", "a11y-wizard");
  await page.fill("#tag-key-0", "team");
  await page.click("#wizard-next");
  await page.waitForSelector("dl.summary");
  await a.check("Create key 3/3: review");
}

/** The key list's rows, the audit log, About, the navigation's tools, dialogs, clock, toasts, Regions. */
async function shell(page, url, a, keys) {
  await visit(page, url, "#/keys", `tr[data-key-id="${keys.locked}"]`);
  await a.check("Customer managed keys: enabled, pending deletion, no access");
  await visit(page, url, "#/audit", "#audit-table");
  await a.check("Audit log");
  await page.click("#audit-table tbody button[aria-expanded]");
  await page.waitForSelector("#audit-table tr.json-row:not([hidden])");
  await a.check("Audit log, an event's JSON open");
  await visit(page, url, "#/audit?failed=1&alarms=1", "#audit-alarms:checked");
  await a.check("Audit log, failed calls and alarms only");
  await visit(page, url, "#/about", "main h1 >> text=About this console");
  await a.check("About this console");
  const tools = page.locator("details.state-tools");
  if (!(await tools.evaluate((d) => d.open))) await page.click("details.state-tools summary");
  await a.check("Navigation with the demo state tools open");
  for (const [open, name] of [
    [() => page.click("#export-state"), "Export the state"],
    [() => page.click("#reset-state"), "Reset the console"],
    [
      () =>
        page.setInputFiles("#import-state-file", {
          name: "s.json",
          mimeType: "application/json",
          buffer: Buffer.from("{}"),
        }),
      "Replace the console's state",
    ],
  ]) {
    await open();
    await page.waitForSelector("dialog[open]");
    await a.check(`Dialog: ${name}`);
    await page.click("#dialog-cancel");
    await page.waitForSelector("dialog", { state: "detached" });
  }
  await page.click("#clock-set");
  await page.waitForSelector("#clock-date");
  await a.check("Clock bar, Set date open");
  await page.fill("#clock-date", "2020-01-01T00:00");
  await page.click("#clock-set-apply");
  await page.waitForSelector("#clock-refused >> text=Refused");
  await a.check("Clock bar, a date before now refused");
  await page.click(".set-date button:not([type=submit])");
  await page.evaluate(() => {
    const e = new Error("Key 1234 is pending deletion.");
    e.name = "KMSInvalidStateException";
    window.__console.fail(e, "Encrypt");
  });
  await page.waitForSelector(".toast.error .toast-hint");
  await a.check("An error notification with its hint");
  await visit(page, url, "#/keys", `tr[data-key-id="${keys.locked}"]`);
  await page.selectOption("#region-select", "eu-west-1");
  await page.waitForSelector("#keys-region >> text=eu-west-1");
  await page.waitForSelector(".empty");
  await a.check("Customer managed keys in another Region, none there");
  await page.selectOption("#region-select", "us-east-1");
  await page.waitForSelector(`tr[data-key-id="${keys.locked}"]`);
}

/** A locked-out key, a missing one, the alarm, a deleted key's page, the storage banner. */
async function edges(page, url, a, keys) {
  await visit(page, url, `#/keys/${keys.locked}`, "#locked-out");
  await a.check("A key the console is locked out of");
  await page.fill("#recover-principal", BOB);
  await page.click("#recover-restore");
  await page.waitForSelector("#recover-out .form-error");
  await a.check("Locked out, a recovery refused");
  await visit(page, url, "#/keys/00000000-1111-2222-3333-444444444444", "#key-gone");
  await a.check("Key not found");
  await page.evaluate(
    (k) => window.__console.kms.encrypt({ KeyId: k, Plaintext: new Uint8Array(1) }).catch(() => {}),
    keys.doomed,
  );
  await page.waitForSelector("#alarm-banner");
  await a.check("The alarm banner over a view");
  await clock(page, "clock-30d");
  await visit(page, url, `#/keys/${keys.doomed}`, "#key-deleted");
  await a.check("A deleted key's tombstone page");
  await page.evaluate(() => {
    const e = new Error("The state could not be written.");
    e.name = "KmsStorageError";
    window.__console.fail(e);
  });
  await page.waitForSelector(".storage-banner");
  await a.check("The storage failure banner");
}

/** Saved state written by a newer kms-wasm: the console shows why it cannot start. */
async function startupError(context, a) {
  const page = await context.newPage();
  await page.goto(`${session.server.url}/blank.html`);
  await putSavedState(page, JSON.stringify({ schemaVersion: 99, state: {} }));
  await page.goto(`${session.server.url}${WWW}`);
  await page.waitForSelector("#startup-error");
  await a.check("Startup error: saved state from a newer kms-wasm", page);
}

describe("the console's views pass axe-core (no serious or critical finding)", { skip: needs.browser.skip }, () => {
  for (const [name, size] of SIZES) {
    test(`every view but a key's tabs, ${name}`, async (t) => {
      const { context, page, errors, url } = await open(session, size);
      const a = auditor(page, name);
      await course(page, url, a);
      await wizard(page, url, a);
      const keys = await makeKeys(page, { plain: {}, doomed: {}, locked: {} });
      await page.evaluate(async ({ doomed, locked }) => {
        const kms = window.__console.kms;
        await kms.scheduleKeyDeletion({ KeyId: doomed, PendingWindowInDays: 7 });
        const Policy = JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { AWS: "arn:aws:iam::111122223333:user/alice" },
              Action: "kms:*",
              Resource: "*",
            },
          ],
        });
        await kms.putKeyPolicy({ KeyId: locked, Policy, BypassPolicyLockoutSafetyCheck: true });
      }, keys);
      await shell(page, url, a, keys);
      await edges(page, url, a, keys);
      errors.check(`views at ${name} size`);
      await context.close();
      const fresh = await session.browser.newContext(size);
      await startupError(fresh, a);
      await fresh.close();
      a.done(t);
    });
  }
});

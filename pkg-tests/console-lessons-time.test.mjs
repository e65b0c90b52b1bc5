// The console's lessons in a real browser (2 of 3): the two that use the virtual clock. Lesson 2
// (automatic rotation: a year on the clock, old ciphertext still decrypts, a new one does not
// count; at desktop and phone sizes, and by "Show me") and lesson 5 (disable, audit log, schedule
// deletion, alarm; cancel at desktop size, let the deletion happen on a phone), each walked by
// clicking and done only after its last step.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { browserSession } from "./browser-support.mjs";
import {
  backTo,
  clock,
  createFromLesson,
  DESKTOP,
  decrypt,
  encrypt,
  expectTicks,
  fits,
  go,
  keyIds,
  lesson,
  lessonDone,
  lessonShot,
  open,
  PHONE,
  walkAndShoot,
} from "./console-lessons-support.mjs";
import { needs } from "./prerequisites.mjs";

const session = browserSession();
const TWO = ["create", "encrypt-before", "enable", "year", "old-decrypts", "on-demand"];
const FIVE = ["create", "encrypt", "disable", "watch", "schedule", "alarm", "decide"];

/** Lesson 5 up to the alarm, by clicking; resolves to the key's id. */
async function lesson5ToAlarm(page, url, { phone }) {
  await lesson(page, url, 5);
  const id = await createFromLesson(page, { n: 5, alias: "payroll" });
  await page.click("#tab-crypto");
  await encrypt(page, "payroll 2024");
  await backTo(page, 5);
  await expectTicks(page, ["create", "encrypt"], FIVE.length);

  await go(page, "disable");
  await page.click("#action-disable");
  await page.waitForSelector("h1 .badge >> text=Disabled");
  await page.click("#tab-crypto");
  // The Decrypt box kept the ciphertext: the forgotten application tries it.
  assert.match(await decrypt(page), /DisabledException/);
  await backTo(page, 5);
  await expectTicks(page, FIVE.slice(0, 4), FIVE.length);
  await go(page, "watch");
  await page.waitForSelector("#audit-table tr.failed >> text=DisabledException");
  if (phone) await fits(page, "the audit log on a phone");

  await backTo(page, 5);
  await go(page, "schedule");
  await page.click("#action-schedule-deletion");
  await page.fill("#deletion-days", "7");
  await page.check("dialog input[type=checkbox]");
  await page.click("#dialog-confirm");
  await page.waitForSelector("h1 .badge >> text=Pending deletion");
  await backTo(page, 5);
  await expectTicks(page, FIVE.slice(0, 5), FIVE.length);

  await go(page, "alarm");
  assert.match(await decrypt(page), /KMSInvalidStateException/);
  await page.waitForSelector("#alarm-banner");
  await backTo(page, 5);
  await expectTicks(page, FIVE.slice(0, 6), FIVE.length);
  return id;
}

/** Lesson 2 by clicking: rotation on, a year passes, old ciphertext decrypts, on demand. */
async function walkLesson2(page, url, { phone }) {
  await lesson(page, url, 2);
  await createFromLesson(page, { n: 2, alias: "orders" });
  await backTo(page, 2);
  await go(page, "encrypt-before");
  await encrypt(page, "written before the rotation");
  await backTo(page, 2);
  await expectTicks(page, ["create", "encrypt-before"], TWO.length);

  // A year with rotation off rotates nothing: the step waits for rotation to be on.
  await clock(page, "clock-1y");
  await expectTicks(page, ["create", "encrypt-before"], TWO.length);

  await go(page, "enable");
  await page.check("#rotation-enabled");
  await page.fill("#rotation-period", "90");
  await page.click("#rotation-save");
  await page.waitForSelector("#rotation-status >> text=every 90 days");
  await clock(page, "clock-1y");
  await page.waitForSelector("#rotation-history");
  assert.equal(await page.locator("#rotation-history tbody tr").count(), 4, "four 90-day rotations in a year");
  if (phone) await fits(page, "the rotation tab on a phone");
  await backTo(page, 2);
  await expectTicks(page, ["create", "encrypt-before", "enable", "year"], TWO.length);

  // A ciphertext made after the rotation decrypts with the new material: not the step's goal.
  await go(page, "old-decrypts");
  const old = await page.inputValue("#pg-decrypt-input");
  await encrypt(page, "written after the rotation");
  await page.click("#pg-use-ciphertext");
  assert.match(await decrypt(page), /written after the rotation/);
  await backTo(page, 2);
  await expectTicks(page, ["create", "encrypt-before", "enable", "year"], TWO.length);

  await go(page, "old-decrypts");
  await page.fill("#pg-decrypt-input", old);
  assert.match(await decrypt(page), /written before the rotation/);
  await backTo(page, 2);
  await expectTicks(page, ["create", "encrypt-before", "enable", "year", "old-decrypts"], TWO.length);
  await page.click("#show-on-demand");
  await page.waitForSelector("#shown-on-demand >> text=RotateKeyOnDemand");
  await expectTicks(page, TWO, TWO.length);
  await page.waitForSelector("#lesson-done");
  if (phone) await fits(page, "lesson 2 on a phone");
}

describe("the console's lessons in a browser: the clock (2 and 5)", { skip: needs.browser.skip }, () => {
  test("lesson 2 at desktop size: rotation on, a year passes, old ciphertext decrypts, on demand", async () => {
    await walkAndShoot(session, 2, "desktop", (page, url) => walkLesson2(page, url, { phone: false }));
  });

  test("lesson 2 on a phone", async () => {
    await walkAndShoot(session, 2, "phone", (page, url) => walkLesson2(page, url, { phone: true }));
  });

  test("lesson 2's Show me: each step done by the console, explained", async () => {
    const { context, page, errors, url } = await open(session, DESKTOP);
    await lesson(page, url, 2);
    for (const step of TWO) {
      await page.click(`#show-${step}`);
      await page.waitForSelector(`#shown-${step}:not(.not-yet)`);
      await page.waitForSelector(`#step-${step}[data-done="true"]`);
    }
    assert.match(await page.textContent("#shown-year"), /lists 4 rotations/);
    assert.match(await page.textContent("#shown-old-decrypts"), /written before the rotation/);
    assert.ok(await lessonDone(page));
    errors.check("lesson 2 by Show me");
    await context.close();
  });

  test("lesson 5 at desktop size: the alarm, then cancel", async () => {
    const { context, page, errors, url } = await open(session, DESKTOP);
    const id = await lesson5ToAlarm(page, url, { phone: false });
    await go(page, "decide");
    await page.click("#action-cancel-deletion");
    await page.waitForSelector("h1 .badge >> text=Disabled");
    await backTo(page, 5);
    await expectTicks(page, FIVE, FIVE.length);
    await page.waitForSelector("#lesson-done");
    assert.ok((await keyIds(page)).includes(id), "cancelled: the key is still there");
    await lessonShot(page, 5, "desktop");
    errors.check("lesson 5, desktop");
    await context.close();
  });

  test("lesson 5 on a phone: the alarm, then the deletion happens", async () => {
    const { context, page, errors, url } = await open(session, PHONE);
    const id = await lesson5ToAlarm(page, url, { phone: true });
    await clock(page, "clock-30d");
    await backTo(page, 5);
    await expectTicks(page, FIVE, FIVE.length);
    assert.ok(await lessonDone(page), "done from the audit log, with the key gone");
    assert.ok(!(await keyIds(page)).includes(id), "the key was deleted");
    await fits(page, "lesson 5 on a phone");
    await lessonShot(page, 5, "phone");
    errors.check("lesson 5, phone");
    await context.close();
  });
});

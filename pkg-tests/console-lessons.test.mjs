// The console's lessons in a real browser (1 of 3): the Start here landing, lesson 1 walked by
// clicking at desktop and phone sizes, a lesson not passed by skipping steps, and the progress
// kept across a reload and an export/import of the state file. Lessons 2 and 5 (the clock):
// console-lessons-time.test.mjs; 3, 4 and 6 (aliases, import, policy): console-lessons-keys.test.mjs.
// End-state screenshots: `${KMS_WASM_SHOTS ?? /tmp}/lessons/lesson-<n>-<desktop|phone>.png`.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { LESSONS } from "../www/lessons/index.js";
import { browserSession } from "./browser-support.mjs";
import {
  axeViolations,
  backTo,
  createFromLesson,
  DESKTOP,
  decrypt,
  encrypt,
  expectTicks,
  fits,
  go,
  lesson,
  lessonDone,
  lessonShot,
  open,
  PHONE,
  ticked,
} from "./console-lessons-support.mjs";
import { ready } from "./console-support.mjs";
import { needs } from "./prerequisites.mjs";

const session = browserSession();
const ALL = ["create", "encrypt", "decrypt", "wrong-context", "data-key", "open-data-key"];
/** How many lessons the console lists (the "n/COUNT" beside Lessons in the navigation). */
const COUNT = LESSONS.length;

/** Lesson 1 by clicking, from its page, checking the ticks as it goes. */
async function walkLesson1(page, { phone = false } = {}) {
  await createFromLesson(page, { n: 1, alias: "lesson1" });
  await backTo(page, 1);
  await expectTicks(page, ["create"], ALL.length);

  await go(page, "encrypt");
  await page.waitForSelector("#pg-encrypt");
  await encrypt(page, "my first secret", "purpose=lesson-1");
  await page.click("#pg-use-ciphertext");
  assert.equal(await page.inputValue("#pg-dec-context"), "purpose=lesson-1", "Decrypt this copies the context");
  assert.match(await decrypt(page), /my first secret/);
  assert.match(await decrypt(page, "purpose=other"), /InvalidCiphertextException/);
  if (phone) await fits(page, "Try it on a phone");
  await backTo(page, 1);
  await expectTicks(page, ["create", "encrypt", "decrypt", "wrong-context"], ALL.length);

  await go(page, "data-key");
  await page.fill("#pg-dk-context", "purpose=lesson-1-data");
  await page.click("#pg-datakey");
  const blob = await (await page.waitForSelector("#pg-dk-cipher")).inputValue();
  await backTo(page, 1);
  await expectTicks(page, ALL.slice(0, 5), ALL.length);
  assert.equal(await page.isDisabled("#show-data-key"), true, "Show me is off for a step done");

  await go(page, "open-data-key");
  await page.fill("#pg-decrypt-input", blob);
  const opened = await decrypt(page, "purpose=lesson-1-data");
  assert.doesNotMatch(opened, /Exception/);
  await backTo(page, 1);
  await expectTicks(page, ALL, ALL.length);
  await page.waitForSelector("#lesson-done >> text=Lesson 1 done");
  assert.match(await page.textContent("#lesson-badge"), /Done/);
  assert.equal(await page.textContent("#nav-lessons-done"), `1/${COUNT}`);
  assert.match(await page.textContent("#next-lesson"), /lesson 2/);
}

describe("the console's lessons in a browser: landing, lesson 1, progress", { skip: needs.browser.skip }, () => {
  test("a fresh console lands on Start here; with a key it opens on the keys", async () => {
    const { context, page, errors, url } = await open(session);
    assert.match(page.url(), /#\/start$/);
    assert.equal(await page.textContent("main h1"), "Start here");
    assert.match(await page.textContent("main"), /What this console shows that AWS's cannot: time/);
    const items = page.locator("#lesson-list li");
    assert.deepEqual(
      await page.locator("#lesson-list li a").allTextContents(),
      LESSONS.map((l) => `${l.n}. ${l.title}`),
      "every lesson of www/lessons/index.js, in order",
    );
    assert.deepEqual(await items.evaluateAll((li) => li.map((l) => l.dataset.status)), Array(COUNT).fill("new"));
    assert.equal(await page.textContent("#nav-lessons-done"), `0/${COUNT}`);
    assert.equal(await page.getAttribute('nav a[data-view="start"]', "aria-current"), "page");
    assert.deepEqual(await axeViolations(page), [], "Start here: no accessibility violations");
    await page.click("#start-keys");
    await page.waitForSelector("main h1 >> text=Customer managed keys");

    await page.evaluate(() => window.__console.kms.createKey({}));
    await page.goto(url);
    await ready(page);
    await page.waitForSelector("main h1 >> text=Customer managed keys");
    assert.doesNotMatch(page.url(), /#\/start/, "a console with keys opens on them");
    await page.click('nav a[data-view="learn"]');
    await page.waitForSelector("#lesson-list");
    errors.check("landing");
    await context.close();
  });

  test("lesson 1 by clicking at desktop size: done only after every step", async () => {
    const { context, page, errors, url } = await open(session, DESKTOP);
    await lesson(page, url, 1);
    await expectTicks(page, [], ALL.length);
    await walkLesson1(page);
    await lessonShot(page, 1, "desktop");
    errors.check("lesson 1, desktop");
    await context.close();
  });

  test("lesson 1 by clicking on a phone", async () => {
    const { context, page, errors } = await open(session, PHONE);
    assert.match(page.url(), /#\/start$/);
    await fits(page, "Start here on a phone");
    await page.click("#lesson-link-1");
    await page.waitForSelector("#lesson-steps");
    await fits(page, "lesson 1 on a phone");
    await walkLesson1(page, { phone: true });
    await fits(page, "lesson 1 done on a phone");
    await lessonShot(page, 1, "phone");
    errors.check("lesson 1, phone");
    await context.close();
  });

  test("skipping steps does not pass: Check on nothing, a key without use, the wrong key", async () => {
    const { context, page, errors, url } = await open(session);
    await lesson(page, url, 1);
    await page.click("#lesson-check");
    await page.waitForSelector(".toast >> text=Checked: 0 of 6 steps done.");
    await expectTicks(page, [], ALL.length);

    // "Show me" for a later step says what is missing, and does nothing.
    await page.click("#show-decrypt");
    await page.waitForSelector("#shown-decrypt.not-yet >> text=Do step 1 first");
    assert.deepEqual(await axeViolations(page), [], "a lesson page: no accessibility violations");

    // A key without the lesson's tag is not the lesson's, whatever is done with it.
    await createFromLesson(page, { n: 1, alias: "untagged", tag: false });
    await page.click("#tab-crypto");
    await encrypt(page, "x", "purpose=a");
    await page.click("#pg-use-ciphertext");
    await decrypt(page);
    await backTo(page, 1);
    await expectTicks(page, [], ALL.length);

    // The lesson's key, then an Encrypt without a context: only step 1.
    await createFromLesson(page, { n: 1, alias: "lesson1" });
    await page.click("#tab-crypto");
    await encrypt(page, "no context");
    await page.click("#pg-use-ciphertext");
    await decrypt(page);
    await backTo(page, 1);
    await page.click("#lesson-check");
    await page.waitForSelector(".toast >> text=Checked: 1 of 6 steps done.");
    await expectTicks(page, ["create"], ALL.length);

    // Decrypting with a context no Encrypt used does not tick "decrypt" either.
    await go(page, "encrypt");
    await encrypt(page, "with context", "purpose=a");
    await page.click("#pg-use-ciphertext");
    assert.match(await decrypt(page, "purpose=b"), /InvalidCiphertextException/);
    await backTo(page, 1);
    await expectTicks(page, ["create", "encrypt", "wrong-context"], ALL.length);
    assert.equal(await page.textContent("#nav-lessons-done"), `0/${COUNT}`);
    errors.check("skipping");
    await context.close();
  });

  test("progress survives a reload, an export, a reset and an import; an older file imports without it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kms-lessons-"));
    const { context, page, errors, url } = await open(session);
    await lesson(page, url, 1);
    for (const step of ALL) {
      await page.click(`#show-${step}`);
      await page.waitForSelector(`#step-${step}[data-done="true"]`);
    }
    assert.ok(await lessonDone(page), "Show me for every step finishes the lesson");
    await page.reload();
    await ready(page);
    await page.waitForSelector("#lesson-done");
    assert.equal(await page.textContent("#nav-lessons-done"), `1/${COUNT}`);

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      (async () => {
        await page.click("#export-state");
        await page.click("#dialog-confirm");
      })(),
    ]);
    const file = JSON.parse(await readFile(await download.path(), "utf8"));
    assert.equal(file.consoleLessons.version, 1);
    assert.equal(file.consoleLessons.lessons[1].done, true);
    assert.deepEqual(file.consoleLessons.lessons[1].steps, ALL);
    await writeFile(join(dir, "with.json"), JSON.stringify(file));
    const { consoleLessons, ...older } = file;
    await writeFile(join(dir, "older.json"), JSON.stringify(older));

    await page.click("#reset-state");
    await page.click("#dialog-confirm");
    await page.waitForSelector(".empty");
    assert.equal(await page.textContent("#nav-lessons-done"), `0/${COUNT}`, "a reset forgets the progress");

    for (const [name, done] of [
      ["with.json", `1/${COUNT}`],
      ["older.json", `0/${COUNT}`],
    ]) {
      await page.setInputFiles("#import-state-file", join(dir, name));
      await page.click("#dialog-confirm");
      await page.waitForSelector(".toast >> text=State imported.");
      await page.waitForSelector("#keys-table");
      assert.equal(await page.textContent("#nav-lessons-done"), done, name);
    }
    // The older file brought the keys back without progress: the lesson judges them afresh.
    await lesson(page, url, 1);
    assert.equal(await lessonDone(page), true, "its steps are all in the imported state");
    assert.deepEqual((await ticked(page)).length, ALL.length);
    errors.check("progress");
    await context.close();
    await rm(dir, { recursive: true, force: true });
  });
});

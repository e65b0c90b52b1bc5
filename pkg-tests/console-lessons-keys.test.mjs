// The console's lessons in a real browser (3 of 3): lesson 3 (manual rotation with aliases)
// started from a scenario link and walked by clicking, at desktop size and on a phone, with
// "Reset this lesson" removing only its keys; lesson 4 (bring your own key material) by clicking:
// wrap, import with an expiry, the clock passes it, the same material imported from its file;
// lesson 6 (who can decrypt this?) with the Key policy tab's "Who can do what" (4 and 6 at desktop
// and phone sizes); a teacher's link made from a lesson's keys, and a scenario file.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
import { whoCan } from "./console-support.mjs";
import { needs } from "./prerequisites.mjs";

const session = browserSession();
const THREE = ["app-key", "app-encrypts", "cmk-b", "move", "old-decrypt", "new-to-b", "a-must-stay"];
const FOUR = ["create", "parameters", "import", "encrypt", "expire", "reimport", "old-decrypts"];
const SIX = ["create", "ask-bob", "deny-bob", "bob-refused", "alice-allowed"];
const A = "c3a1e550-3a00-4a3a-8a3a-00000000000a";
const B = "c3a1e550-3b00-4b3b-8b3b-00000000000b";

/** The lesson 3 scenario's link, as the lesson page offers it. */
async function scenarioLink(url) {
  const { context, page } = await open(session, DESKTOP);
  await lesson(page, url, 3);
  const href = await page.getAttribute("#lesson-scenario-link", "href");
  await context.close();
  assert.match(href, /^#\/learn\/3\?seed=[A-Za-z0-9_-]+$/);
  return href;
}

/** Lesson 3 from the scenario link to its end, by clicking. */
async function walkLesson3(session, size, { phone = false } = {}) {
  const { context, page, errors, url } = await open(session, size, await scenarioLink(`${session.server.url}/www/`));
  await page.waitForSelector("#lesson-seed-offer >> text=CMK-A");
  await page.click("#lesson-seed-apply");
  await page.waitForSelector(".toast >> text=starts from the scenario: 2 keys");
  await page.waitForSelector("#step-app-key[data-done='true']");
  assert.deepEqual((await keyIds(page)).sort(), [A, B], "the scenario's keys");
  assert.doesNotMatch(page.url(), /seed=/, "the offer is gone once taken");
  await expectTicks(page, ["app-key", "cmk-b"], THREE.length);
  if (phone) await fits(page, "lesson 3 on a phone");

  // The application encrypts by alias: it lands on CMK-A.
  await page.click("#app-encrypt");
  await page.waitForSelector("#app-records li >> text=CMK-A");
  await page.click("#app-encrypt");
  await page.waitForSelector("#app-records li:nth-child(2)");
  await expectTicks(page, ["app-key", "app-encrypts", "cmk-b"], THREE.length);

  // Move the alias as the console's Aliases tabs do: delete on CMK-A, add on CMK-B.
  await go(page, "move");
  await page.click("#alias-list li:has-text('alias/lesson3-app') button");
  await page.waitForSelector(".toast >> text=Alias deleted.");
  await page.click('nav a[data-view="keys"]');
  await page.click(`#keys-table tr[data-key-id="${B}"] a.key-link`);
  await page.click("#tab-aliases");
  await page.fill("#alias-new", "lesson3-app");
  await page.click("#alias-add");
  await page.waitForSelector("#alias-list >> text=alias/lesson3-app");
  await backTo(page, 3);
  await expectTicks(page, ["app-key", "app-encrypts", "cmk-b", "move"], THREE.length);

  await page.click("#app-decrypt");
  await page.waitForSelector("#app-records li >> text=Decrypt: “order #1001”, by CMK-A");
  await page.click("#app-encrypt");
  await page.waitForSelector("#app-records li:nth-child(3) >> text=encrypted under CMK-B");
  await expectTicks(page, THREE.slice(0, 6), THREE.length);

  // Why CMK-A must stay: disabled, the old records fail; enabled again, the lesson is done.
  await go(page, "a-must-stay");
  await page.click("#action-disable");
  await page.waitForSelector("h1 .badge >> text=Disabled");
  await backTo(page, 3);
  await page.click("#app-decrypt");
  await page.waitForSelector("#app-records li:nth-child(1) >> text=DisabledException");
  assert.match(await page.textContent("#app-records li:nth-child(3)"), /by CMK-B/);
  assert.equal(await lessonDone(page), false, "not done while CMK-A is disabled");
  await go(page, "a-must-stay");
  await page.click("#action-enable");
  await page.waitForSelector("h1 .badge >> text=Enabled");
  await backTo(page, 3);
  await expectTicks(page, THREE, THREE.length);
  await page.waitForSelector("#lesson-done");
  return { context, page, errors, url };
}

/** Lesson 4 by clicking: wrap, import with an expiry, the clock passes it, the same material again. */
async function walkLesson4(page, url, { phone }) {
  await lesson(page, url, 4);
  await createFromLesson(page, { n: 4, alias: "byok", external: true });
  await backTo(page, 4);
  await expectTicks(page, ["create"], FOUR.length);

  await go(page, "parameters");
  await page.click("#get-parameters");
  await page.waitForSelector("#download-public-key");
  await backTo(page, 4);
  await expectTicks(page, ["create", "parameters"], FOUR.length);

  await go(page, "import");
  await page.click("#wrap-for-me");
  await page.waitForSelector("#wrap-done");
  const [file] = await Promise.all([page.waitForEvent("download"), page.click("#download-plaintext")]);
  const material = await file.path();
  assert.equal((await readFile(material)).length, 32);
  if (phone) await fits(page, "the import wizard on a phone");
  await page.check("#expiry-expires");
  await page.click("#import-material");
  await page.waitForSelector("#material-status >> text=expires on");
  await page.click("#tab-crypto");
  await encrypt(page, "under my own material");
  await backTo(page, 4);
  await expectTicks(page, ["create", "parameters", "import", "encrypt"], FOUR.length);

  await clock(page, "clock-30d");
  await go(page, "expire");
  await page.waitForSelector("h1 .badge >> text=Pending import");
  await backTo(page, 4);
  await expectTicks(page, FOUR.slice(0, 5), FOUR.length);

  await go(page, "reimport");
  await page.click("#get-parameters");
  await page.waitForSelector("#download-public-key");
  assert.equal(await page.inputValue("#material-source"), "file", "the same material, from the kept file");
  await page.setInputFiles("#material-file", material);
  await page.click("#wrap-for-me");
  await page.waitForSelector("#wrap-done");
  await page.click("#import-material");
  await page.waitForSelector("h1 .badge >> text=Enabled");
  await backTo(page, 4);
  await expectTicks(page, FOUR.slice(0, 6), FOUR.length);

  await go(page, "old-decrypts");
  assert.match(await decrypt(page), /under my own material/);
  await backTo(page, 4);
  await expectTicks(page, FOUR, FOUR.length);
  await page.waitForSelector("#lesson-done");
  if (phone) await fits(page, "lesson 4 on a phone");
}

/** Lesson 6 by clicking: who can decrypt, a Deny for bob in the key policy, asked again. */
async function walkLesson6(page, url, { phone }) {
  await lesson(page, url, 6);
  await createFromLesson(page, { n: 6, alias: "shared" });
  await backTo(page, 6);
  await go(page, "ask-bob");
  assert.match((await whoCan(page, "bob", "Decrypt")).verdict, /ALLOWED/);
  await backTo(page, 6);
  await expectTicks(page, ["create", "ask-bob"], SIX.length);

  await go(page, "deny-bob");
  await page.click("#policy-example-deny-bob");
  await page.click("#policy-save");
  await page.waitForSelector(".toast >> text=Key policy saved");
  await backTo(page, 6);
  await expectTicks(page, ["create", "ask-bob", "deny-bob"], SIX.length);

  await go(page, "bob-refused");
  assert.match((await whoCan(page, "bob", "Decrypt")).verdict, /DENIED/);
  assert.match((await whoCan(page, "alice", "Decrypt")).verdict, /ALLOWED/);
  if (phone) await fits(page, "who can do what on a phone");
  await backTo(page, 6);
  await expectTicks(page, SIX, SIX.length);
  await page.waitForSelector("#lesson-done");
  if (phone) await fits(page, "lesson 6 on a phone");
}

describe("the console's lessons in a browser: aliases, imports, policies (3, 4 and 6)", {
  skip: needs.browser.skip,
}, () => {
  test("lesson 3 at desktop size, from a scenario link; Reset removes only its keys", async () => {
    const { context, page, errors } = await walkLesson3(session, DESKTOP);
    await lessonShot(page, 3, "desktop");

    // A teacher's link made from the lesson's keys opens them in another browser.
    await page.click("#lesson-share");
    const shared = await (await page.waitForSelector("#lesson-share-url")).inputValue();
    const pupil = await open(session, DESKTOP, shared.slice(shared.indexOf("#")));
    await pupil.page.click("#lesson-seed-apply");
    await pupil.page.waitForSelector("#step-app-key[data-done='true']");
    assert.deepEqual((await keyIds(pupil.page)).sort(), [A, B], "the shared link's keys");
    pupil.errors.check("a shared scenario link");
    await pupil.context.close();

    const other = await page.evaluate(async () => (await window.__console.kms.createKey({})).KeyMetadata.KeyId);
    await page.click("#lesson-reset");
    assert.match(await page.textContent("dialog"), /only schedules a deletion/);
    await page.click("#dialog-confirm");
    await page.waitForSelector(".toast >> text=Lesson 3 reset: 2 keys removed.");
    assert.deepEqual(await keyIds(page), [other], "the other key stays");
    await expectTicks(page, [], THREE.length);
    assert.equal(await page.locator("#app-records").count(), 0, "the application's records went too");
    errors.check("lesson 3, desktop");
    await context.close();
  });

  test("lesson 3 on a phone", async () => {
    const { context, page, errors } = await walkLesson3(session, PHONE, { phone: true });
    await fits(page, "lesson 3 done on a phone");
    await lessonShot(page, 3, "phone");
    errors.check("lesson 3, phone");
    await context.close();
  });

  test("lesson 4 at desktop size: import with an expiry, expire, import the same material again", async () => {
    await walkAndShoot(session, 4, "desktop", (page, url) => walkLesson4(page, url, { phone: false }));
  });

  test("lesson 4 on a phone", async () => {
    await walkAndShoot(session, 4, "phone", (page, url) => walkLesson4(page, url, { phone: true }));
  });

  test("a scenario file starts a lesson with its keys; a bad one says why", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kms-lessons-"));
    const id = "1e550000-0000-4000-8000-000000000001";
    const seed = { Keys: [{ KeyId: id, Description: "from the teacher", Aliases: ["alias/teacher"] }] };
    await writeFile(join(dir, "seed.json"), JSON.stringify(seed));
    await writeFile(join(dir, "bad.json"), JSON.stringify({ keys: [] }));
    const { context, page, errors, url } = await open(session, DESKTOP);
    await lesson(page, url, 1);
    await page.setInputFiles("#lesson-seed-file", join(dir, "bad.json"));
    await page.waitForSelector("#lesson-seed-file-error >> text=Keys list");
    await page.setInputFiles("#lesson-seed-file", join(dir, "seed.json"));
    await page.waitForSelector("#step-create[data-done='true']");
    assert.deepEqual(await keyIds(page), [id]);
    const tags = await page.evaluate(async (k) => (await window.__console.kms.listResourceTags({ KeyId: k })).Tags, id);
    assert.deepEqual(tags, [{ TagKey: "lesson", TagValue: "1" }], "tagged for the lesson");
    await expectTicks(page, ["create"], 6);
    errors.check("a scenario file");
    await context.close();
    await rm(dir, { recursive: true, force: true });
  });

  test("lesson 6 at desktop size: who can decrypt, a Deny for bob, asked again", async () => {
    await walkAndShoot(session, 6, "desktop", (page, url) => walkLesson6(page, url, { phone: false }));
  });

  test("lesson 6 on a phone", async () => {
    await walkAndShoot(session, 6, "phone", (page, url) => walkLesson6(page, url, { phone: true }));
  });
});

// The console's lessons in a real browser: lesson 10 (keys in many Regions) walked by clicking at
// desktop and phone sizes: a multi-Region key from the wizard, a replica from its Regionality tab,
// a ciphertext of us-east-1 decrypted in eu-west-1, a rotation seen from the replica, the replica's
// own alias and enabled state; "Show me" for every step, then Reset in both Regions; and no tick by skipping (a single-Region
// key, decrypts in the Region that encrypted, a rotation before the replica, a disable with no use).
// End-state screenshots: `${KMS_WASM_SHOTS ?? /tmp}/lessons/lesson-10-<desktop|phone>.png`.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
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
  walkAndShoot,
} from "./console-lessons-support.mjs";
import { needs } from "./prerequisites.mjs";

const session = browserSession();
const TEN = ["create", "replicate", "cross-region", "rotate", "alias", "own-state"];
const HOME = "us-east-1";
const AWAY = "eu-west-1";

/** Waits until the console works in `region` with a view drawn. */
async function waitForRegion(page, region) {
  await page.waitForFunction(
    (r) => window.__console.region === r && document.querySelector("#view h1") !== null,
    region,
  );
}

/** The wizard from step 1's link, with "Multi-Region key" ticked, alias and tag; resolves to the key id. */
async function createMultiRegion(page, alias) {
  await go(page, "create");
  await page.waitForSelector("#create-wizard");
  await page.check("#multi-region");
  await page.click("#wizard-next");
  await page.fill("#alias", alias);
  await page.click("#add-tag");
  await page.fill("#tag-key-0", "lesson");
  await page.fill("#tag-value-0", "10");
  await page.click("#wizard-next");
  assert.match(await (await page.waitForSelector("dl.summary")).textContent(), /RegionalityMulti-Region key/);
  await page.click("#wizard-next");
  await page.waitForSelector(".key-page");
  return page.getAttribute(".key-page", "data-key-id");
}

/** From a key's page, through the Regionality tab, to the copy named by `link` in `region`. */
async function follow(page, link, region, type) {
  await page.click("#tab-regionality");
  await page.click(link);
  await waitForRegion(page, region);
  await page.waitForFunction((t) => document.getElementById("mrk-type")?.textContent === t, type);
}
const toReplica = (page) => follow(page, `#replica-link-${AWAY}`, AWAY, "Multi-Region replica key");
const toPrimary = (page) => follow(page, "#mrk-primary-link", HOME, "Multi-Region primary key");

/** Replicates the key shown (its Regionality tab) to eu-west-1 with the console's form. */
async function replicate(page) {
  await page.waitForSelector("#replicate-form");
  await page.selectOption("#replicate-region", AWAY);
  await page.click("#replicate-key");
  await page.waitForSelector(`#replica-link-${AWAY}`);
}

/** The lesson panel's rows: `region role state` each. */
const copies = (page) =>
  page
    .locator("#lesson-copies tbody tr")
    .evaluateAll((rows) => rows.map((r) => `${r.dataset.region} ${r.dataset.role} ${r.dataset.state}`));

/** Lesson 10 by clicking from its page, checking the ticks after each step. */
async function walk(page, url, { phone = false } = {}) {
  await lesson(page, url, 10);
  await expectTicks(page, [], TEN.length);
  assert.match(await page.textContent("#lesson-regions"), /Do step 1 first/);
  if (phone) await fits(page, "lesson 10 on a phone");

  const id = await createMultiRegion(page, "lesson10");
  assert.match(id, /^mrk-[0-9a-f]{32}$/);
  await backTo(page, 10);
  await expectTicks(page, ["create"], TEN.length);

  await go(page, "replicate");
  await replicate(page);
  const tags = await page.evaluate(
    async ([k, r]) => (await window.__console.service.inRegion(r).listResourceTags({ KeyId: k })).Tags,
    [id, AWAY],
  );
  assert.deepEqual(tags, [{ TagKey: "lesson", TagValue: "10" }], "the form gave the replica the key's tags");
  await backTo(page, 10);
  await expectTicks(page, TEN.slice(0, 2), TEN.length);
  assert.deepEqual(await copies(page), [`${HOME} primary Enabled`, `${AWAY} replica Enabled`]);
  if (phone) await fits(page, "lesson 10's table of copies on a phone");

  // Encrypt with the primary; the replica's Try it tab still holds the ciphertext and its context.
  await go(page, "cross-region");
  await encrypt(page, "paid in Virginia", "purpose=lesson-10");
  await toReplica(page);
  await page.click("#tab-crypto");
  assert.match(await decrypt(page), /paid in Virginia/);
  if (phone) await fits(page, "the replica's Try it tab on a phone");
  await backTo(page, 10);
  assert.equal(await page.evaluate(() => window.__console.region), AWAY, "the lesson is read from eu-west-1 too");
  await expectTicks(page, TEN.slice(0, 3), TEN.length);

  await go(page, "rotate");
  await waitForRegion(page, HOME);
  await page.click("#rotate-now");
  await page.waitForSelector(".toast >> text=Rotated");
  await toReplica(page);
  await page.click("#tab-rotation");
  await page.waitForSelector("#section-rotation >> text=1 rotation so far");
  await backTo(page, 10);
  await expectTicks(page, TEN.slice(0, 4), TEN.length);
  const materials = await page
    .locator("#lesson-copies tbody tr code")
    .evaluateAll((codes) => codes.map((c) => c.title));
  assert.equal(new Set(materials).size, 1, "one key material in both Regions");

  await go(page, "alias");
  await waitForRegion(page, AWAY);
  await page.fill("#alias-new", "lesson10");
  await page.click("#alias-add");
  await page.waitForSelector("#alias-list >> text=alias/lesson10");
  await backTo(page, 10);
  await expectTicks(page, TEN.slice(0, 5), TEN.length);

  // Disable the replica, use the primary meanwhile: not done until the replica is enabled again.
  await go(page, "own-state");
  await waitForRegion(page, AWAY);
  await page.click("#action-disable");
  await page.waitForSelector("h1 .badge >> text=Disabled");
  await toPrimary(page);
  await page.click("#tab-crypto");
  await encrypt(page, "the primary still works");
  assert.doesNotMatch(await page.textContent("#pg-encrypt-out"), /Exception/);
  await backTo(page, 10);
  assert.deepEqual(await copies(page), [`${HOME} primary Enabled`, `${AWAY} replica Disabled`]);
  await expectTicks(page, TEN.slice(0, 5), TEN.length);
  assert.equal(await lessonDone(page), false, "not done while the replica is disabled");
  await go(page, "own-state");
  await page.click("#action-enable");
  await page.waitForSelector("h1 .badge >> text=Enabled");
  await backTo(page, 10);
  await expectTicks(page, TEN, TEN.length);
  await page.waitForSelector("#lesson-done >> text=Lesson 10 done");
  if (phone) await fits(page, "lesson 10 done on a phone");
  return id;
}

describe("the console's lessons in a browser: keys in many Regions (10)", { skip: needs.browser.skip }, () => {
  test("lesson 10 by clicking at desktop size; the primary can then move to the replica's Region", async () => {
    const { context, page, errors, url } = await open(session, DESKTOP);
    const id = await walk(page, url);
    await lessonShot(page, 10, "desktop");
    assert.deepEqual(await axeViolations(page), [], "lesson 10 with its table: no accessibility violations");

    // Going further: UpdatePrimaryRegion from the lesson's panel swaps the roles, and the lesson holds.
    await page.selectOption("#lesson-primary-region", AWAY);
    await page.click("#lesson-move-primary");
    await page.waitForSelector(`.toast >> text=the primary is now in ${AWAY}`);
    await page.waitForSelector(`#lesson-copies tr[data-region="${AWAY}"][data-role="primary"]`);
    assert.deepEqual(await copies(page), [`${AWAY} primary Enabled`, `${HOME} replica Enabled`]);
    await expectTicks(page, TEN, TEN.length);
    const type = await page.evaluate(
      async ([k, r]) =>
        (await window.__console.service.inRegion(r).describeKey({ KeyId: k })).KeyMetadata.MultiRegionConfiguration
          .MultiRegionKeyType,
      [id, HOME],
    );
    assert.equal(type, "REPLICA", "the engine agrees: us-east-1 holds a replica now");
    errors.check("lesson 10, desktop");
    await context.close();
  });

  test("lesson 10 by clicking on a phone", async () => {
    await walkAndShoot(session, 10, "phone", (page, url) => walk(page, url, { phone: true }));
  });

  test("Show me does every step, across Regions, and explains each", async () => {
    const { context, page, errors, url } = await open(session, DESKTOP);
    await lesson(page, url, 10);
    for (const step of TEN) {
      await page.click(`#show-${step}`);
      await page.waitForSelector(`#step-${step}[data-done="true"]`);
      assert.doesNotMatch(await page.getAttribute(`#shown-${step}`, "class"), /not-yet/, step);
    }
    await page.waitForSelector("#lesson-done");
    assert.match(await page.textContent("#shown-cross-region"), new RegExp(`Decrypt of that ciphertext in ${AWAY}`));
    assert.match(await page.textContent("#shown-own-state"), /DisabledException/);
    const key = await page.textContent("#lesson-key-id");
    const tags = await page.evaluate(
      async ([k, r]) => (await window.__console.service.inRegion(r).listResourceTags({ KeyId: k })).Tags,
      [key, AWAY],
    );
    assert.deepEqual(tags, [{ TagKey: "lesson", TagValue: "10" }], "Show me tags the replica through ReplicateKey");

    // Reset takes the key out of both Regions (the replica by its ARN).
    await page.click("#lesson-reset");
    assert.match(await page.textContent("dialog"), new RegExp(`${key} in ${AWAY}`), "the dialog names the replica too");
    await page.click("#dialog-confirm");
    await page.waitForSelector(".toast >> text=Lesson 10 reset: 2 keys removed.");
    const left = await page.evaluate(
      async (regions) =>
        Promise.all(regions.map(async (r) => (await window.__console.service.inRegion(r).listKeys({})).Keys.length)),
      [HOME, AWAY],
    );
    assert.deepEqual(left, [0, 0], "no key left in either Region");
    await expectTicks(page, [], TEN.length);
    errors.check("lesson 10, Show me");
    await context.close();
  });

  test("skipping steps does not pass: one Region, a rotation before the replica, a disable with no use", async () => {
    const { context, page, errors, url } = await open(session, DESKTOP);
    await lesson(page, url, 10);
    await page.click("#lesson-check");
    await page.waitForSelector(".toast >> text=Checked: 0 of 6 steps done.");
    await page.click("#show-cross-region");
    await page.waitForSelector("#shown-cross-region.not-yet >> text=Do step 1 first");

    // A single-Region key with the lesson's tag is not a multi-Region key.
    await createFromLesson(page, { n: 10, alias: "only-here" });
    await backTo(page, 10);
    await expectTicks(page, [], TEN.length);

    // The multi-Region key, used and rotated while it has no replica: only step 1.
    await createMultiRegion(page, "lesson10");
    await page.click("#tab-crypto");
    await encrypt(page, "made at home");
    await page.click("#pg-use-ciphertext");
    assert.match(await decrypt(page), /made at home/);
    await page.click("#tab-rotation");
    await page.click("#rotate-now");
    await page.waitForSelector(".toast >> text=Rotated");
    await backTo(page, 10);
    await expectTicks(page, ["create"], TEN.length);

    // Replicated: the replica lists that rotation, but it came before the replica; and a
    // ciphertext made in eu-west-1 and decrypted there crossed no Region.
    await go(page, "replicate");
    await replicate(page);
    await toReplica(page);
    await page.click("#tab-rotation");
    await page.waitForSelector("#section-rotation >> text=1 rotation so far");
    await page.click("#tab-crypto");
    await encrypt(page, "made in Ireland", "purpose=lesson-10");
    await page.click("#pg-use-ciphertext");
    assert.match(await decrypt(page), /made in Ireland/);
    // Disabled and enabled again with no use anywhere meanwhile: the primary was never shown to work.
    await page.click("#tab-general");
    await page.click("#action-disable");
    await page.waitForSelector("h1 .badge >> text=Disabled");
    await page.click("#action-enable");
    await page.waitForSelector("h1 .badge >> text=Enabled");
    await backTo(page, 10);
    await expectTicks(page, ["create", "replicate"], TEN.length);
    await page.click("#lesson-check");
    await page.waitForSelector(".toast >> text=Checked: 2 of 6 steps done.");
    errors.check("lesson 10, skipping");
    await context.close();
  });
});

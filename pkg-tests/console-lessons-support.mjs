// Page helpers for the lessons' browser suites (console-lessons*.test.mjs): the two screen sizes,
// opening a lesson, reading its ticks, going back to it as a learner would (the navigation),
// the Try it and clock actions the lessons ask for, and the end-of-lesson screenshot in
// `${KMS_WASM_SHOTS ?? /tmp}/lessons/`, and axe-core's accessibility check.
// Depends on ./browser-support.mjs, ./console-support.mjs and ./helpers.mjs.
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { overflowing, SHOTS, watch } from "./browser-support.mjs";
import { ready, WWW } from "./console-support.mjs";
import { ROOT } from "./helpers.mjs";

export const DESKTOP = { viewport: { width: 1366, height: 900 } };
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
export const LESSON_SHOTS = join(SHOTS, "lessons");

/** A fresh console (its own browser context, so its own IndexedDB): `{ context, page, errors, url }`. */
export async function open(session, size = DESKTOP, hash = "") {
  const context = await session.browser.newContext({ ...size, acceptDownloads: true });
  const page = await context.newPage();
  const errors = watch(page);
  const url = `${session.server.url}${WWW}`;
  await page.goto(`${url}${hash}`);
  await ready(page);
  return { context, page, errors, url };
}

/** Opens lesson `n` by its address. */
export async function lesson(page, url, n) {
  await page.goto(`${url}#/learn/${n}`);
  await page.waitForSelector(`.lesson-page[data-lesson="${n}"] #lesson-steps`);
}

/** Back to lesson `n` through the navigation, as a learner would. */
export async function backTo(page, n) {
  await page.click('nav a[data-view="learn"]');
  await page.click(`#lesson-link-${n}`);
  await page.waitForSelector(`.lesson-page[data-lesson="${n}"] #lesson-steps`);
}

/** The ids of the steps ticked on the lesson page shown. */
export const ticked = (page) =>
  page
    .locator(".lesson-step")
    .evaluateAll((steps) => steps.filter((s) => s.dataset.done === "true").map((s) => s.dataset.step));

/** Whether the lesson page shown says the lesson is done. */
export const lessonDone = async (page) => (await page.getAttribute(".lesson-page", "data-done")) === "true";

/** Asserts the ticked steps of the lesson shown, and that it is not done unless all are. */
export async function expectTicks(page, expected, all) {
  assert.deepEqual((await ticked(page)).sort(), [...expected].sort());
  if (all !== undefined) assert.equal(await lessonDone(page), expected.length === all, "done only with every step");
}

/** Follows a step's "Go to …" link. */
export async function go(page, step) {
  await page.click(`#go-${step}`);
}

/** Encrypt on the Try it tab shown (text, optional `k=v` context); resolves when it answered. */
export async function encrypt(page, text, context = "") {
  await page.waitForSelector("#pg-encrypt");
  await page.fill("#pg-plaintext", text);
  await page.fill("#pg-enc-context", context);
  await page.evaluate(() => document.getElementById("pg-encrypt-out").replaceChildren());
  await page.click("#pg-encrypt");
  await page.waitForSelector("#pg-encrypt-out >> *");
}

/** Decrypt (the box's ciphertext, this context) on the Try it tab; resolves to the answer's text. */
export async function decrypt(page, context) {
  await page.waitForSelector("#pg-decrypt");
  if (context !== undefined) await page.fill("#pg-dec-context", context);
  await page.evaluate(() => document.getElementById("pg-decrypt-out").replaceChildren());
  await page.click("#pg-decrypt");
  await page.waitForSelector("#pg-decrypt-out >> *");
  return page.textContent("#pg-decrypt-out");
}

/** Presses a clock bar button (`clock-1d`, `clock-30d`, `clock-1y`) and waits for its notice. */
export async function clock(page, id) {
  await page.click(`#${id}`);
  await page.waitForSelector(".toast >> text=Virtual time is now");
}

/** Screenshot of a lesson's end state: lessons/lesson-<n>-<desktop|phone>.png. */
export async function lessonShot(page, n, kind) {
  await mkdir(LESSON_SHOTS, { recursive: true });
  await page.evaluate(() => {
    for (const t of document.querySelectorAll(".toast")) t.remove();
  });
  await page.screenshot({ path: join(LESSON_SHOTS, `lesson-${n}-${kind}.png`), fullPage: true });
}

/**
 * Lesson `n` walked in a fresh console at `kind` size ("desktop" or "phone"): `walk(page, url)`,
 * then its end-state screenshot lesson-<n>-<kind>.png; fails on console errors.
 */
export async function walkAndShoot(session, n, kind, walk) {
  const { context, page, errors, url } = await open(session, kind === "phone" ? PHONE : DESKTOP);
  await walk(page, url);
  await lessonShot(page, n, kind);
  errors.check(`lesson ${n}, ${kind}`);
  await context.close();
}

/** Asserts nothing sticks out past the right edge of the page shown. */
export async function fits(page, label) {
  assert.deepEqual(await overflowing(page), [], `${label}: nothing sticks out`);
}

/** In the page's own KMS: the key ids of the Region. */
export const keyIds = (page) =>
  page.evaluate(async () => (await window.__console.kms.listKeys({})).Keys.map((k) => k.KeyId));

/**
 * From a lesson's "Go to Create key" link: the wizard with an alias and the tag `lesson` = `n`
 * (External under the advanced options); resolves to the new key's id, on its page.
 */
export async function createFromLesson(page, { n, alias, external = false, tag = true, step = "create" }) {
  await go(page, step);
  await page.waitForSelector("#create-wizard");
  if (external) {
    await page.click(".advanced summary");
    await page.check("#origin-EXTERNAL");
    await page.check("#external-ack");
  }
  await page.click("#wizard-next");
  await page.fill("#alias", alias);
  if (tag) {
    await page.click("#add-tag");
    await page.fill("#tag-key-0", "lesson");
    await page.fill("#tag-value-0", String(n));
  }
  await page.click("#wizard-next");
  await page.waitForSelector("dl.summary");
  await page.click("#wizard-next");
  await page.waitForSelector(".key-page");
  return page.getAttribute(".key-page", "data-key-id");
}

/** axe-core's WCAG 2 A/AA and best-practice violations on the page shown, as "rule: targets". */
export async function axeViolations(page) {
  await page.addScriptTag({ path: join(ROOT, "node_modules/axe-core/axe.min.js") });
  return page.evaluate(async () =>
    (await window.axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "best-practice"] })).violations.map(
      (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
    ),
  );
}

/**
 * From a lesson's "Go to Create key" link: the wizard with a key type, usage and spec (ids as the
 * wizard names them: `asymmetric`, `sign`, `ECC_NIST_P256`…), an alias and the tag `lesson` = `n`;
 * resolves to the new key's id, on its page.
 */
export async function createTypedFromLesson(page, { n, alias, type, usage, spec, step = "create" }) {
  await go(page, step);
  await page.waitForSelector("#create-wizard");
  await page.check(`#type-${type}`);
  await page.check(`#usage-${usage}`);
  await page.check(`#spec-${spec}`);
  await page.click("#wizard-next");
  await page.fill("#alias", alias);
  await page.click("#add-tag");
  await page.fill("#tag-key-0", "lesson");
  await page.fill("#tag-value-0", String(n));
  await page.click("#wizard-next");
  assert.match(await (await page.waitForSelector("dl.summary")).textContent(), new RegExp(`Key spec${spec}`));
  await page.click("#wizard-next");
  await page.waitForSelector(".key-page");
  return page.getAttribute(".key-page", "data-key-id");
}

/**
 * Clicks `selector` and waits until the view was drawn again (the old `#view` content is marked
 * first, so a drawing that looks the same as before is still waited for).
 */
export async function clickAndRedraw(page, selector) {
  await page.evaluate(() => {
    for (const el of document.querySelectorAll("#view > *")) el.dataset.stale = "true";
  });
  await page.click(selector);
  await page.waitForSelector("#view > :not([data-stale])");
}

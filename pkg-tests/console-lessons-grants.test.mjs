// The console's lesson 9 (grants) in a real browser: the key policy narrowed to the root user,
// bob refused, a grant made on the Grants tab letting him in (Who can do what names it), the
// grant retired and bob refused again; walked by clicking at desktop and phone sizes, done by
// Show me, and not passed when the policy, rather than a grant, lets bob in.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { browserSession } from "./browser-support.mjs";
import {
  backTo,
  createFromLesson,
  DESKTOP,
  expectTicks,
  fits,
  go,
  lesson,
  open,
  walkAndShoot,
} from "./console-lessons-support.mjs";
import { whoCan } from "./console-support.mjs";
import { needs } from "./prerequisites.mjs";

const session = browserSession();
const NINE = ["create", "narrow", "refused", "grant", "allowed", "retire", "refused-again"];

/** Replaces the key policy on the Key policy tab with `text` and saves it. */
async function savePolicy(page, text) {
  await page.fill("#policy-text", text);
  await page.click("#policy-save");
  await page.waitForSelector(".toast >> text=Key policy saved");
}

/** Lesson 9 from its page up to bob refused; resolves to the policy text the lesson showed. */
async function toRefused(page, url) {
  await lesson(page, url, 9);
  await createFromLesson(page, { n: 9, alias: "granted" });
  await backTo(page, 9);
  const policy = await page.textContent("#lesson9-policy");
  assert.match(policy, /aws:PrincipalArn/);
  await go(page, "narrow");
  await savePolicy(page, policy);
  await backTo(page, 9);
  await expectTicks(page, ["create", "narrow"], NINE.length);
  await go(page, "refused");
  assert.match((await whoCan(page, "bob", "Decrypt")).verdict, /DENIED/);
  await backTo(page, 9);
  await expectTicks(page, NINE.slice(0, 3), NINE.length);
  return policy;
}

/** The Grants tab's form: a grant for bob to Encrypt and Decrypt. */
async function grantBob(page) {
  await page.waitForSelector("#grant-create");
  await page.click("#grant-preset-bob");
  await page.check("#grant-op-Encrypt");
  await page.check("#grant-op-Decrypt");
  await page.click("#grant-create");
  await page.waitForSelector("#grant-token");
}

async function walkLesson9(page, url, { phone }) {
  await toRefused(page, url);
  await go(page, "grant");
  await grantBob(page);
  if (phone) await fits(page, "the Grants tab on a phone");
  await backTo(page, 9);
  await expectTicks(page, NINE.slice(0, 4), NINE.length);

  await go(page, "allowed");
  const allowed = await whoCan(page, "bob", "Decrypt");
  assert.match(allowed.verdict, /ALLOWED/);
  assert.ok(allowed.grant, "Who can do what names the grant");
  await backTo(page, 9);
  await expectTicks(page, NINE.slice(0, 5), NINE.length);

  await go(page, "retire");
  await page.click("#grants-table .grant-retire");
  await page.waitForSelector(".toast >> text=retired");
  await backTo(page, 9);
  await expectTicks(page, NINE.slice(0, 6), NINE.length);
  await go(page, "refused-again");
  assert.match((await whoCan(page, "bob", "Decrypt")).verdict, /DENIED/);
  await backTo(page, 9);
  await expectTicks(page, NINE, NINE.length);
  await page.waitForSelector("#lesson-done");
  if (phone) await fits(page, "lesson 9 on a phone");
}

describe("the console's lesson 9 (grants) in a browser", { skip: needs.browser.skip }, () => {
  test("at desktop size", async () => {
    await walkAndShoot(session, 9, "desktop", (page, url) => walkLesson9(page, url, { phone: false }));
  });

  test("on a phone", async () => {
    await walkAndShoot(session, 9, "phone", (page, url) => walkLesson9(page, url, { phone: true }));
  });

  test("by Show me: each step done by the console, explained", async () => {
    const { context, page, errors, url } = await open(session, DESKTOP);
    await lesson(page, url, 9);
    for (const step of NINE) {
      await page.click(`#show-${step}`);
      await page.waitForSelector(`#shown-${step}:not(.not-yet)`);
      await page.waitForSelector(`#step-${step}[data-done="true"]`);
    }
    assert.match(await page.textContent("#shown-allowed"), /ALLOWED/);
    assert.match(await page.textContent("#shown-refused-again"), /DENIED/);
    await page.waitForSelector("#lesson-done");
    errors.check("lesson 9 by Show me");
    await context.close();
  });

  test("bob let in by the policy, not by a grant, does not pass step 5", async () => {
    const { context, page, errors, url } = await open(session, DESKTOP);
    await toRefused(page, url);
    await go(page, "grant");
    await grantBob(page);
    // The policy goes back to the default one (the account lets bob in): his success proves nothing.
    const id = await page.getAttribute(".key-page", "data-key-id");
    const account = await page.evaluate(
      async (k) => (await window.__console.kms.describeKey({ KeyId: k })).KeyMetadata.AWSAccountId,
      id,
    );
    await page.click("#tab-policy");
    const everyone = {
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${account}:root` },
      Action: "kms:*",
      Resource: "*",
    };
    await savePolicy(page, JSON.stringify({ Version: "2012-10-17", Statement: [everyone] }));
    assert.match((await whoCan(page, "bob", "Decrypt")).verdict, /ALLOWED/);
    await backTo(page, 9);
    await expectTicks(page, NINE.slice(0, 4), NINE.length);
    errors.check("lesson 9 without the grant's doing");
    await context.close();
  });
});

// The console (www/) in a real browser, beyond the learner's story of console.test.mjs: editing a
// key's configuration (policy, tags, aliases, description, data keys, a date on the clock), a
// narrow screen, and the create wizard by keyboard. Screenshots go to /tmp/console-*.png.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { browserSession, overflowing, shot, watch } from "./browser-support.mjs";
import { badge, createKey, openConsole, PHONE, ready, WWW } from "./console-support.mjs";
import { needs } from "./prerequisites.mjs";

const session = browserSession();

describe("the console's views in a browser", { skip: needs.browser.skip }, () => {
  test("configuration: policy checked before saving, tags, aliases, description, data keys, set date", async () => {
    const context = await session.browser.newContext({ viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    const errors = watch(page);
    await page.goto(`${session.server.url}${WWW}`);
    await ready(page);
    const id = await createKey(page, session.server.url, { alias: "config" });

    await page.click("#tab-policy");
    const policy = await page.inputValue("#policy-text");
    assert.match(policy, /"Statement"/);
    await page.fill("#policy-text", "{ not json");
    await page.click("#policy-save");
    assert.match(await page.textContent("#policy-status"), /Not valid JSON/);
    await page.fill(
      "#policy-text",
      JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Maybe", Action: "kms:*" }] }),
    );
    await page.click("#policy-check");
    assert.match(await page.textContent("#policy-status"), /Effect/);
    const edited = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "console",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::111122223333:root" },
          Action: "kms:*",
          Resource: "*",
        },
      ],
    });
    await page.fill("#policy-text", edited);
    await page.click("#policy-save");
    await page.waitForSelector(".toast >> text=Key policy saved");
    assert.match(await page.inputValue("#policy-text"), /"Sid": "console"/);
    await shot(page, "policy");

    await page.click("#tab-tags");
    await page.fill("#tag-key", "env");
    await page.fill("#tag-value", "demo");
    await page.click("#tag-add");
    await page.waitForSelector("#tags-table >> text=demo");
    await page.click("#tab-aliases");
    await page.fill("#alias-new", "config-two");
    await page.click("#alias-add");
    await page.waitForSelector("#alias-list >> text=alias/config-two");
    await page.click("#tab-general");
    await page.fill("#edit-description", "changed here");
    await page.click("#save-description");
    await page.waitForSelector(".toast >> text=Description saved");
    assert.equal(await page.inputValue("#edit-description"), "changed here");

    // Data keys, and the context check that makes Decrypt fail.
    await page.click("#tab-crypto");
    await page.fill("#pg-dk-context", "purpose=test");
    await page.click("#pg-datakey");
    await page.waitForSelector("#pg-dk-plain");
    assert.equal(Buffer.from(await page.inputValue("#pg-dk-plain"), "base64").length, 32);
    await page.fill("#pg-decrypt-input", await page.inputValue("#pg-dk-cipher"));
    await page.fill("#pg-dec-context", "purpose=other");
    await page.click("#pg-decrypt");
    await page.waitForSelector("#pg-decrypt-out >> text=InvalidCiphertextException");

    // Set a date on the clock bar.
    await page.click("#clock-set");
    await page.fill("#clock-date", "2031-02-03T04:05");
    await page.click("#clock-set-apply");
    await page.waitForSelector("#clock-now >> text=2031-02-03 04:05");
    assert.match(await page.textContent("#clock-offset"), /days ahead of real time/);
    errors.check("configuration");
    await context.close();
    assert.ok(id);
  });

  test("narrow screens: no sideways scrolling, readable views", async () => {
    const { context, page, errors } = await openConsole(session, PHONE);
    const id = await createKey(page, session.server.url, { alias: "narrow", external: true });

    for (const [hash, name] of [
      ["#/keys", "narrow-keys"],
      [`#/keys/${id}`, "narrow-key"],
      [`#/keys/${id}/material`, "narrow-material"],
      [`#/keys/${id}/timeline`, "narrow-timeline"],
      ["#/audit", "narrow-audit"],
      ["#/create?fresh", "narrow-create"],
    ]) {
      await page.goto(`${session.server.url}${WWW}${hash}`);
      await page.waitForSelector("main h1");
      await page.waitForTimeout(50);
      assert.deepEqual(await overflowing(page), [], `${hash} fits a 375 px screen`);
      await shot(page, name);
    }
    errors.check("narrow");
    await context.close();
  });

  test("keyboard: reach and use the create wizard without a mouse", async () => {
    const context = await session.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${session.server.url}${WWW}#/create?fresh`);
    await ready(page);
    await page.focus("#wizard-next");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#alias");
    await page.focus("#alias");
    await page.keyboard.type("by-keyboard");
    await page.keyboard.press("Enter");
    await page.waitForSelector("dl.summary");
    await page.keyboard.press("Enter");
    await page.waitForSelector(".key-page");
    // Section links move with the arrow keys.
    await page.focus("#tab-general");
    await page.keyboard.press("ArrowRight");
    assert.equal(await page.evaluate(() => document.activeElement.id), "tab-rotation");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#rotation-status");
    // The deletion dialog closes with Escape and changes nothing.
    await page.focus("#action-schedule-deletion");
    await page.keyboard.press("Enter");
    await page.waitForSelector("dialog[open]");
    await page.keyboard.press("Escape");
    await page.waitForSelector("dialog", { state: "detached" });
    assert.equal(await badge(page).textContent(), "Enabled");
    await context.close();
  });
});

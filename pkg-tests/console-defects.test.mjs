// The console's explanations and defects found by a learner, in Debian's chromium: time-caused
// states say why beside the key (material expired on its ValidTo, deletion at the end of the
// waiting period), errors come with their usual cause, "Decrypt this" keeps the encryption
// context, the import steps after expiry, tokens and success, and a 390 px phone (audit rows,
// the sideways-scrolling rows' edge shadows). Through the page's own controls and the clock bar.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { browserSession, shot } from "./browser-support.mjs";
import { createKey, openConsole, PHONE, WWW } from "./console-support.mjs";
import { needs } from "./prerequisites.mjs";

const session = browserSession();
let dir;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "kms-defects-"));
});
after(() => dir && rm(dir, { recursive: true, force: true }));

/** Moves the virtual clock with a clock bar button and waits for the page drawn after it. */
async function clock(page, id) {
  await page.click(`#${id}`);
  await page.waitForSelector(".toast >> text=Virtual time is now");
}

/** Step 1 then step 2 of the import, wrapping the plaintext `file` in the page. */
async function wrapFile(page, file) {
  await page.click("#get-parameters");
  await page.waitForSelector("#download-public-key");
  await page.selectOption("#material-source", "file");
  await page.setInputFiles("#material-file", file);
  await page.click("#wrap-for-me");
  await page.waitForSelector("#wrap-done");
}

/** `2027-01-05T00:31` (a datetime-local value, UTC) as the console prints it. */
const printed = (value) => `${value.replace("T", " ")} UTC`;

describe("the console explains itself (defects found by a learner)", { skip: needs.browser.skip }, () => {
  test("import: no stray null, expired tokens, inline errors, folded steps, expiry explained, same material back", async () => {
    const { context, page, errors } = await openConsole(session, { viewport: { width: 1366, height: 900 } });
    const material = join(dir, "PlaintextKeyMaterial.bin");
    await writeFile(material, randomBytes(32));
    await createKey(page, session.server.url, { alias: "expiring", external: true });

    await wrapFile(page, material);
    assert.doesNotMatch(await page.textContent(".wrap-result"), /null|undefined/, "nothing printed for a missing part");

    // A day later the token is stale: no downloads, and the refusal appears beside step 3.
    await clock(page, "clock-1d");
    await page.waitForSelector("#params-expired");
    assert.match(
      await page.textContent("#why-token"),
      /Import token expired: .* expired on .*, 24 hours later.*Next: get new/,
    );
    assert.equal(await page.locator("#download-public-key, #download-import-token").count(), 0);
    assert.equal(await page.isDisabled("#wrap-for-me"), true);
    await page.click("#import-material");
    const refusal = await (await page.waitForSelector("#import-error")).textContent();
    assert.match(refusal, /ExpiredImportTokenException.*older than 24 hours of virtual time/s);
    await page.waitForSelector(".toast.error .toast-hint >> text=older than 24 hours");

    // New parameters, material that expires 30 days ahead; the steps fold into a summary.
    await wrapFile(page, material);
    await page.check("#expiry-expires");
    const validTo = await page.inputValue("#material-valid-to");
    await page.click("#import-material");
    await page.waitForSelector("h1 .badge >> text=Enabled");
    assert.match(await page.textContent("#import-done"), /Key material imported on/);
    assert.equal(await page.isVisible("#get-parameters"), false, "the steps are folded away");
    assert.equal(await page.locator("#import-error").count(), 0);

    // The clock passes ValidTo: the page says why the key is Pending import, with the date.
    await clock(page, "clock-30d");
    await page.waitForSelector("h1 .badge >> text=Pending import");
    const why = await page.textContent("#why-material");
    assert.match(
      why,
      new RegExp(`expired on ${printed(validTo)}, the expiry date \\(ValidTo\\) set when it was imported`),
    );
    assert.match(why, /Next: re-import the same material/);
    await shot(page, "why-expired");
    await page.click('#nav a[data-view="keys"]');
    const listed = await (await page.waitForSelector("#keys-table .state-why")).textContent();
    assert.equal(listed, `Material expired on ${printed(validTo)} (the date set at import)`);
    await page.goBack();
    await page.waitForSelector("#material-source");

    // Re-import: the same material by default, no rotation import type, no stale downloads.
    assert.equal(await page.inputValue("#material-source"), "file");
    assert.deepEqual(await page.locator("#material-source option").evaluateAll((o) => o.map((x) => x.value)), ["file"]);
    assert.match(await page.textContent("#same-material-note"), /accepts only that same material back/);
    assert.equal(await page.locator("#import-type-new").count(), 0, "no NEW_KEY_MATERIAL while pending import");
    assert.equal(await page.locator("#download-public-key").count(), 0, "the old parameters expired too");
    await wrapFile(page, material);
    await page.check("#expiry-none");
    await page.click("#import-material");
    await page.waitForSelector("h1 .badge >> text=Enabled");
    assert.equal(await page.locator("#why-material").count(), 0, "explained only while it applies");
    errors.check("import");
    await context.close();
  });

  test("Decrypt this carries the encryption context; a wrong one comes with its usual cause; rotations explained", async () => {
    const { context, page, errors } = await openConsole(session);
    await createKey(page, session.server.url, { alias: "with-context" });
    await page.click("#tab-crypto");
    await page.fill("#pg-plaintext", "secret note");
    await page.fill("#pg-enc-context", "tenant=acme\npurpose=demo");
    await page.click("#pg-encrypt");
    await page.click("#pg-use-ciphertext");
    assert.equal(await page.inputValue("#pg-dec-context"), "tenant=acme\npurpose=demo");
    await page.click("#pg-decrypt");
    assert.equal(await (await page.waitForSelector("#pg-decrypted")).textContent(), "secret note");

    await page.fill("#pg-dec-context", "tenant=acme");
    await page.click("#pg-decrypt");
    await page.waitForSelector("#pg-decrypt-out >> text=InvalidCiphertextException");
    assert.match(
      await page.textContent("#pg-decrypt-out .error-hint"),
      /encryption context differs from the one used to encrypt \(it must match exactly/,
    );

    // A year of 90-day rotations: the page says why the material changed, and old ciphertext still decrypts.
    await page.click("#tab-rotation");
    await page.check("#rotation-enabled");
    await page.fill("#rotation-period", "90");
    await page.click("#rotation-save");
    await page.waitForSelector("#rotation-status >> text=every");
    await clock(page, "clock-1y");
    await page.waitForSelector("#rotation-history tbody tr >> nth=3");
    assert.match(
      await page.textContent("#why-rotation"),
      /automatic rotation is on with a period of 90 days.*still decrypt/,
    );
    await page.click("#tab-crypto");
    await page.fill("#pg-dec-context", "tenant=acme\npurpose=demo");
    await page.click("#pg-decrypt");
    assert.equal(await (await page.waitForSelector("#pg-decrypted")).textContent(), "secret note");
    errors.check("decrypt this");
    await context.close();
  });

  test("deletion: words once, the alarm closes when the key goes, and the key keeps a tombstone page", async () => {
    const { context, page, errors } = await openConsole(session);
    const id = await createKey(page, session.server.url, { alias: "doomed" });
    assert.match(await page.textContent("#detail-material-id"), /^[0-9a-f]{64}$/);
    assert.match(await page.textContent(".material-id-note"), /An identifier, not the material/);
    assert.equal(await page.evaluate(() => document.getElementById("detail-material-id").tagName), "CODE");
    await page.click("#action-schedule-deletion");
    await page.fill("#deletion-days", "7");
    await page.check("dialog input[type=checkbox]");
    await page.click("#dialog-confirm");
    await page.waitForSelector("h1 .badge >> text=Pending deletion");
    await page.waitForSelector("#deletion-left .countdown:not(:empty)");
    const left = await page.textContent("#deletion-left");
    assert.match(left, /^Waiting period: 6 days 23 h left\./);
    assert.equal(left.match(/left/g).length, 1, `"left" once: ${left}`);
    assert.doesNotMatch(await page.textContent("#section-general"), /PendingDeletion/);
    assert.match(await page.textContent("#section-general"), /StatusPending deletion/);
    const deletionDate = (await page.textContent(".explain strong")).replace(/^.* on /, "");

    await page.click("#tab-crypto");
    await page.click("#pg-encrypt");
    await page.waitForSelector("#pg-encrypt-out >> text=KMSInvalidStateException");
    assert.match(await page.textContent("#pg-encrypt-out .error-hint"), /pending deletion.*cancel the deletion/);
    await page.waitForSelector("#alarm-banner");

    await clock(page, "clock-30d");
    await page.waitForSelector("#alarm-banner", { state: "detached" });
    assert.equal(await page.textContent("h1"), "Deleted key (was alias/doomed)");
    const deleted = await page.textContent("#key-deleted");
    assert.ok(deleted.startsWith(`Deleted on ${deletionDate}: its key material is gone`), deleted);
    assert.match(deleted, /nothing encrypted under it can be decrypted again.*its audit trail/);
    const trail = await page.locator("#tombstone-trail tbody tr").evaluateAll((r) => r.map((x) => x.dataset.event));
    for (const name of ["DeleteKey", "Encrypt", "ScheduleKeyDeletion", "CreateKey"])
      assert.ok(trail.includes(name), name);
    await shot(page, "tombstone");
    // The sentences the clock bar can say instead of bare event names (views/why.js).
    const said = await page.evaluate(async () => {
      const { serviceEventSentences } = await import("./views/why.js");
      return serviceEventSentences(window.__console, await window.__console.service.auditLog({}));
    });
    assert.deepEqual(said, [
      `key ${id.slice(0, 8)}… was deleted on ${deletionDate}, at the end of its waiting period: nothing encrypted under it can be decrypted again.`,
    ]);
    await page.reload();
    await page.waitForSelector("#key-deleted");
    assert.equal(await page.locator("#alarm-banner").count(), 0, "still closed after a reload");
    assert.ok(page.url().includes(id));
    errors.check("deletion");
    await context.close();
  });

  test("a 390 px phone: audit JSON stays shut until opened; sideways rows show an edge shadow", async () => {
    const { context, page, errors } = await openConsole(session, { ...PHONE, viewport: { width: 390, height: 844 } });
    const id = await createKey(page, session.server.url, { alias: "phone", tag: ["team", "mobile"] });
    await page.goto(`${session.server.url}${WWW}#/audit?reads=1`);
    await page.waitForSelector("#audit-table tr.json-row", { state: "attached" });
    const rows = await page.locator("#audit-table tbody tr:not(.json-row)").count();
    assert.ok(rows >= 5, `${rows} events`);
    assert.equal(await page.locator("#audit-table tr.json-row >> visible=true").count(), 0, "no JSON open");
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    assert.ok(height < 1200 + rows * 200, `the page is ${height} px tall for ${rows} events`);
    await page.click("#audit-table tbody tr:first-child button");
    assert.equal(await page.locator("#audit-table tr.json-row >> visible=true").count(), 1, "one opened");

    await page.goto(`${session.server.url}${WWW}#/keys/${id}`);
    await page.waitForSelector(".tabs");
    for (const sel of [".tabs", ".side .links"]) {
      const { left, right, scrolls } = await edges(page, sel);
      assert.ok(scrolls, `${sel} scrolls sideways at 390 px`);
      assert.ok(right < left - 40, `${sel}: a shadow at the right edge (${right}) and none at the left (${left})`);
    }
    await shot(page, "narrow-tabs", { fullPage: false });
    errors.check("phone");
    await context.close();
  });
});

/**
 * The brightness (R+G+B) near the left and the right edge of `sel`, half way down, its text
 * made transparent so only what is painted behind it counts; and whether it scrolls sideways.
 */
async function edges(page, sel) {
  const el = page.locator(sel);
  const scrolls = await el.evaluate((n) => n.scrollWidth > n.clientWidth + 4);
  const style = await page.addStyleTag({ content: `${sel}, ${sel} * { color: transparent !important; }` });
  const png = await el.screenshot();
  await style.evaluate((n) => n.remove());
  const shade = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = new OffscreenCanvas(img.width, img.height);
    const g = c.getContext("2d", { willReadFrequently: true });
    g.drawImage(img, 0, 0);
    const at = (x) => [...g.getImageData(x, Math.floor(img.height / 2), 1, 1).data].slice(0, 3).reduce((a, b) => a + b);
    const inset = Math.ceil(img.width / 100); // a few pixels in: the outermost column may be the box's edge
    return { left: at(inset), right: at(img.width - 1 - inset) };
  }, png.toString("base64"));
  return { ...shade, scrolls };
}

// The console (www/) in a real browser, served by a plain static server at the repository
// root: the whole story a learner walks through. Create a KMS key and an External key;
// download the wrapping key and token, wrap with openssl, upload, import; the "wrap for me"
// path; encrypt/decrypt; rotation and a year on the clock; schedule deletion, use the key,
// see the alarm, cancel; reload and browser restart keep everything; export/import state.
// Screenshots of each view go to /tmp/console-*.png (see browser-support.mjs).
// console-views.test.mjs covers configuration, a narrow screen and the keyboard;
// console-edges.test.mjs kms-wasm serve, unreadable saved state and a second tab.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { KeyManagementService } from "kms-wasm";
import { launch, launchPersistent, shot, staticServer, watch } from "./browser-support.mjs";
import { badge, createKey, ready, WWW } from "./console-support.mjs";
import { needs } from "./prerequisites.mjs";

let server, browser, dir;

before(async () => {
  if (needs.browser.skip) return;
  needs.browser.require();
  dir = await mkdtemp(join(tmpdir(), "kms-console-"));
  server = await staticServer();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Clicks a download button; resolves to the downloaded bytes. */
async function downloaded(page, selector, confirm = false) {
  const [dl] = await Promise.all([
    page.waitForEvent("download"),
    (async () => {
      await page.click(selector);
      if (confirm) await page.click("#dialog-confirm");
    })(),
  ]);
  return { name: dl.suggestedFilename(), bytes: await readFile(await dl.path()) };
}

async function encryptDecrypt(page, text, context) {
  await page.click("#tab-crypto");
  await page.fill("#pg-plaintext", text);
  await page.fill("#pg-enc-context", context);
  await page.click("#pg-encrypt");
  await page.waitForSelector("#pg-ciphertext");
  await page.click("#pg-use-ciphertext");
  await page.fill("#pg-dec-context", context);
  await page.click("#pg-decrypt");
  return (await page.waitForSelector("#pg-decrypted")).textContent();
}

async function clock(page, id) {
  await page.click(`#${id}`);
  await page.waitForSelector(".toast >> text=Virtual time is now");
}

describe("the console in a browser", { skip: needs.browser.skip }, () => {
  test("the learner's story: create, import, encrypt, rotate, delete, alarm, cancel, reload", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    const errors = watch(page);
    await page.goto(`${server.url}${WWW}#/keys`); // a fresh console lands on Start here otherwise
    await ready(page);
    await page.waitForSelector(".empty");
    assert.equal(await page.locator("#keys-table").count(), 0, "a fresh console has no keys");
    await shot(page, "keys-empty");

    // A key whose material KMS generates.
    const orders = await createKey(page, server.url, {
      alias: "orders",
      description: "order card numbers",
      tag: ["team", "payments"],
    });
    assert.equal(await badge(page).textContent(), "Enabled");
    await shot(page, "key-general");

    // An External key: download the wrapping key and token, wrap with openssl, upload.
    const ext = await createKey(page, server.url, { alias: "byok", description: "bring your own key", external: true });
    assert.equal(await badge(page).textContent(), "Pending import");
    assert.match(page.url(), /\/material$/);
    await page.selectOption("#wrapping-spec", "RSA_2048");
    await page.selectOption("#wrapping-algorithm", "RSAES_OAEP_SHA_256");
    await page.click("#get-parameters");
    await page.waitForSelector("#params-card");
    assert.match(await page.textContent("#params-countdown"), /23 h 5\d min left|1 day left|24 h/);
    const pub = await downloaded(page, "#download-public-key");
    const token = await downloaded(page, "#download-import-token");
    assert.equal(pub.name, "WrappingPublicKey.bin");
    assert.equal(token.name, "ImportToken.bin");
    const work = await mkdtemp(join(dir, "openssl-"));
    await writeFile(join(work, "WrappingPublicKey.bin"), pub.bytes);
    execFileSync("openssl", ["rand", "-out", join(work, "PlaintextKeyMaterial.bin"), "32"]);
    execFileSync("openssl", [
      "pkeyutl",
      "-encrypt",
      "-in",
      join(work, "PlaintextKeyMaterial.bin"),
      "-out",
      join(work, "EncryptedKeyMaterial.bin"),
      "-inkey",
      join(work, "WrappingPublicKey.bin"),
      "-keyform",
      "DER",
      "-pubin",
      "-pkeyopt",
      "rsa_padding_mode:oaep",
      "-pkeyopt",
      "rsa_oaep_md:sha256",
      "-pkeyopt",
      "rsa_mgf1_md:sha256",
    ]);
    assert.match(await page.textContent("#openssl-commands"), /rsa_oaep_md:sha256/);
    await page.setInputFiles("#upload-material", join(work, "EncryptedKeyMaterial.bin"));
    await page.waitForSelector("#staged-material >> text=Ready: 256 bytes");
    assert.equal(await page.textContent("#staged-token"), "No file yet");
    await writeFile(join(work, "ImportToken.bin"), token.bytes);
    await page.setInputFiles("#upload-token", join(work, "ImportToken.bin"));
    await page.waitForSelector("#staged-token >> text=Ready");
    await shot(page, "key-material");
    await page.check("#expiry-none");
    await page.click("#import-material");
    await page.waitForSelector("h1 .badge >> text=Enabled");
    assert.match(await page.textContent("#material-status"), /does not expire/);
    assert.equal(await encryptDecrypt(page, "card 4111", "tenant=acme"), "card 4111");
    await shot(page, "playground");

    // The "wrap for me" path, with material that expires in 30 days.
    const wrapped = await createKey(page, server.url, { alias: "wrapped-here", external: true });
    await page.selectOption("#wrapping-spec", "RSA_3072");
    await page.click("#get-parameters");
    await page.waitForSelector("#params-card");
    await page.click("#wrap-for-me");
    await page.waitForSelector("#wrap-done");
    const plain = await downloaded(page, "#download-plaintext");
    assert.equal(plain.bytes.length, 32);
    assert.equal((await downloaded(page, "#download-encrypted")).bytes.length, 384);
    assert.match(await page.textContent("#staged-material"), /384 bytes \(wrapped in this page\)/);
    await page.check("#expiry-expires");
    await page.click("#import-material");
    await page.waitForSelector("h1 .badge >> text=Enabled");
    assert.match(await page.textContent("#material-status"), /expires on/);
    assert.equal(await encryptDecrypt(page, "hello", ""), "hello");

    // Rotation: on, every 365 days; rotate now; a year on the clock adds an automatic one.
    await page.goto(`${server.url}${WWW}#/keys/${orders}/rotation`);
    await page.waitForSelector("#rotation-history-empty");
    await page.check("#rotation-enabled");
    await page.fill("#rotation-period", "365");
    await page.click("#rotation-save");
    await page.waitForSelector("#rotation-status >> text=every");
    await page.click("#rotate-now");
    await page.waitForSelector("#rotation-history tbody tr");
    assert.equal(await page.locator("#rotation-history tbody tr").count(), 1);
    await clock(page, "clock-1y");
    assert.match(await page.textContent(".toast >> nth=-1"), /rotated automatically|expired on/);
    await page.waitForSelector("#rotation-history tbody tr >> nth=1");
    assert.match(await page.textContent("#rotation-history"), /Automatic/);
    await shot(page, "rotation");
    await page.click("#tab-timeline");
    await page.waitForSelector("#timeline-svg");
    assert.ok(
      (await page.locator('#timeline-list li[data-kind="rotation"]').count()) >= 2,
      "rotations on the timeline",
    );
    await shot(page, "timeline");

    // The wrapped key's material expired during that year; the External one never expires.
    await page.goto(`${server.url}${WWW}#/keys/${wrapped}/timeline`);
    await page.waitForSelector("h1 .badge >> text=Pending import");
    assert.ok(
      (await page.locator('#timeline-list li[data-kind="removed"]').count()) >= 1,
      "material expiry on the timeline",
    );
    await shot(page, "timeline-imported");

    // Schedule deletion; a use raises the alarm; the banner links to the event; cancel.
    await page.goto(`${server.url}${WWW}#/keys/${orders}`);
    await page.waitForSelector("#action-schedule-deletion");
    await page.click("#action-schedule-deletion");
    await page.fill("#deletion-days", "7");
    assert.equal(await page.isDisabled("#dialog-confirm"), true, "the confirmation needs the box ticked");
    await shot(page, "schedule-deletion", { fullPage: false });
    await page.check("dialog input[type=checkbox]");
    await page.click("#dialog-confirm");
    await page.waitForSelector("h1 .badge >> text=Pending deletion");
    await page.click("#tab-crypto");
    await page.click("#pg-encrypt");
    await page.waitForSelector("#pg-encrypt-out >> text=KMSInvalidStateException");
    await page.waitForSelector("#alarm-banner");
    assert.match(await page.textContent("#alarm-banner"), /pending deletion/);
    await shot(page, "alarm");
    await page.click("#alarm-event-link");
    await page.waitForSelector("#audit-table tr.focus.alarm");
    assert.match(await page.textContent("#audit-table tr.focus"), /Encrypt.*ALARM.*KMSInvalidStateException/s);
    await shot(page, "audit");
    await page.goto(`${server.url}${WWW}#/keys/${orders}`);
    await page.click("#action-cancel-deletion");
    await page.waitForSelector("h1 .badge >> text=Disabled");
    await page.click("#action-enable");
    await page.waitForSelector("h1 .badge >> text=Enabled");
    await page.click("#alarm-dismiss");

    // Audit filters: failed only shows the refused Encrypt.
    await page.goto(`${server.url}${WWW}#/audit?failed=1`);
    await page.waitForSelector("#audit-table");
    const failed = await page.locator("#audit-table tbody tr:not(.json-row)").allTextContents();
    assert.ok(failed.length >= 1 && failed.every((t) => /Exception/.test(t)), failed.join("\n"));

    // Reload: everything is still there (IndexedDB).
    await page.goto(`${server.url}${WWW}#/keys`);
    await page.waitForSelector("#keys-table");
    const before = await page.locator("#keys-table tbody tr").allTextContents();
    await page.reload();
    await ready(page);
    await page.waitForSelector("#keys-table");
    assert.deepEqual(await page.locator("#keys-table tbody tr").allTextContents(), before);
    assert.equal(before.length, 3);
    await shot(page, "keys");

    // The keys as a seed document: a fixture from which a Node service gets the same keys.
    const seedFile = await downloaded(page, "#export-seed");
    assert.match(seedFile.name, /^kms-seed-\d{4}-\d{2}-\d{2}\.json$/);
    const seed = JSON.parse(seedFile.bytes.toString("utf8"));
    const shown = await page.locator("#keys-table tbody tr").evaluateAll((rows) => rows.map((r) => r.dataset.keyId));
    assert.deepEqual(seed.Keys.map((k) => k.KeyId).sort(), [...shown].sort());
    const fromSeed = await KeyManagementService.open({ seed });
    assert.deepEqual((await fromSeed.listKeys({})).Keys.map((k) => k.KeyId).sort(), [...shown].sort());
    await fromSeed.close();

    // Export, reset, import back.
    // Export warns first: the file holds key material. Cancelled, nothing is downloaded.
    await page.click("#export-state");
    assert.match(await page.textContent("dialog"), /key material/);
    await page.click("#dialog-cancel");
    const exported = await downloaded(page, "#export-state", true);
    const state = JSON.parse(exported.bytes.toString("utf8"));
    assert.equal(typeof state.schemaVersion, "number");
    await page.click("#reset-state");
    await page.click("#dialog-confirm");
    await page.waitForSelector(".empty");
    await writeFile(join(dir, "state.json"), exported.bytes);
    await page.setInputFiles("#import-state-file", join(dir, "state.json"));
    await page.click("#dialog-confirm");
    await page.waitForSelector("#keys-table");
    assert.deepEqual(await page.locator("#keys-table tbody tr").allTextContents(), before);
    await page.goto(`${server.url}${WWW}#/keys/${ext}/crypto`);
    assert.equal(await encryptDecrypt(page, "after import", "a=b"), "after import");

    // Filter by state.
    await page.goto(`${server.url}${WWW}#/keys?state=PendingImport`);
    await page.waitForSelector("#keys-table");
    assert.deepEqual(
      await page.locator("#keys-table tbody tr").evaluateAll((rows) => rows.map((r) => r.dataset.keyId)),
      [wrapped],
    );

    errors.check("desktop story");
    await context.close();
  });

  test("a browser restart keeps the state (persistent profile)", async () => {
    const profile = await mkdtemp(join(dir, "profile-"));
    let context = await launchPersistent(profile);
    let page = await context.newPage();
    await page.goto(`${server.url}${WWW}`);
    await ready(page);
    const id = await createKey(page, server.url, { alias: "survivor" });
    await clock(page, "clock-30d");
    const now = await page.textContent("#clock-now");
    await context.close();

    context = await launchPersistent(profile);
    page = await context.newPage();
    const errors = watch(page);
    await page.goto(`${server.url}${WWW}#/keys/${id}`);
    await ready(page);
    await page.waitForSelector("h1 .badge >> text=Enabled");
    assert.match(await page.textContent("h1"), /alias\/survivor/);
    assert.ok((await page.textContent("#clock-now")) >= now, "the virtual clock offset survived");
    errors.check("after restart");
    await context.close();
  });
});

// axe-core on a key's page (2 of 2), at desktop and phone sizes: every tab of a symmetric key,
// an imported-material key (Pending import, each step of the import wizard, imported, material
// deleted, an expired token), RSA, ECC signing, HMAC, key agreement, ML-DSA, ML-KEM and a
// multi-Region key (its primary and replica), each tab's results after its buttons are pressed,
// and the key states and dialogs of the key actions. No serious or critical finding on any.
import { describe, test } from "node:test";
import { browserSession } from "./browser-support.mjs";
import { auditor, makeKeys, SIZES, visit } from "./console-a11y-support.mjs";
import { clock, open } from "./console-lessons-support.mjs";
import { needs } from "./prerequisites.mjs";

const session = browserSession();

const KEYS = {
  symmetric: {},
  external: { Origin: "EXTERNAL" },
  rsa: { KeySpec: "RSA_2048", KeyUsage: "ENCRYPT_DECRYPT" },
  signing: { KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" },
  hmac: { KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC" },
  agreement: { KeySpec: "ECC_NIST_P256", KeyUsage: "KEY_AGREEMENT" },
  "ml-dsa": { KeySpec: "ML_DSA_65", KeyUsage: "SIGN_VERIFY" },
  "ml-kem": { KeySpec: "ML_KEM_768", KeyUsage: "ENCAPSULATE_DECAPSULATE" },
  "multi-region": { MultiRegion: true },
};

/** Opens a key's tab in us-east-1 (named, since the walk visits a replica elsewhere), once that key's page shows it. */
const tab = (page, url, id, name) =>
  visit(page, url, `#/keys/${id}/${name}?region=us-east-1`, `.key-page[data-key-id="${id}"] #section-${name}`);

/** Presses every button of the tab shown, in order (with the "Use this" buttons that appear), letting each answer. */
async function pressAll(page, name) {
  const buttons = page.locator(`#section-${name} button:not([disabled])`);
  for (let i = 0; i < Math.min(await buttons.count(), 16); i++) {
    await buttons.nth(i).click();
    await page.waitForTimeout(30);
  }
  await page.waitForTimeout(150);
}

/**
 * The tabs drawn differently by key type (the others are the same for every key, and checked on
 * the symmetric and the imported-material key).
 */
const BY_TYPE = new Set(["general", "regionality", "material", "rotation", "public-key", "crypto"]);

/** Every tab of every key, as drawn, then Try it with its results. */
async function everyTab(page, url, a, keys) {
  for (const [kind, id] of Object.entries(keys)) {
    await tab(page, url, id, "general");
    const tabs = await page.locator("nav.tabs a").evaluateAll((links) => links.map((l) => l.id.slice(4)));
    const all = kind === "symmetric" || kind === "external";
    for (const name of tabs.filter((n) => all || BY_TYPE.has(n))) {
      if (name !== "general") await tab(page, url, id, name);
      await a.check(`${kind} key: ${name} tab`);
    }
    await tab(page, url, id, "crypto");
    await pressAll(page, "crypto");
    await a.check(`${kind} key: Try it, every button pressed`);
  }
}

/** The symmetric key's forms with their answers: rotation, policy and who-can, grants, tags, aliases. */
async function symmetricForms(page, url, a, id) {
  await tab(page, url, id, "rotation");
  await page.check("#rotation-enabled");
  await page.click("#rotation-save");
  await page.waitForSelector("#rotation-status >> text=every");
  await page.click("#rotate-now");
  await page.waitForSelector("#rotation-history");
  await a.check("symmetric key: rotation on, a rotation in the history");
  await tab(page, url, id, "policy");
  await page.fill("#policy-text", "{ not json");
  await page.click("#policy-check");
  await page.waitForSelector("#policy-status.form-error");
  await a.check("symmetric key: policy, not valid JSON");
  const aliceOnly = JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:user/alice" }, Action: "kms:*", Resource: "*" },
    ],
  });
  await page.fill("#policy-text", aliceOnly);
  await page.click("#policy-save");
  await page.waitForSelector("#policy-bypass-warning");
  await a.check("symmetric key: policy refused by the lockout check");
  await page.click("#who-try");
  await page.waitForSelector("#who-verdict");
  await a.check("symmetric key: who can do what, answered");
  await tab(page, url, id, "grants");
  await page.click("#grant-create");
  await page.waitForSelector("#grant-out >> text=Pick at least one operation");
  await a.check("symmetric key: a grant refused by the form");
  await page.check("#grant-op-Decrypt");
  await page.click("#grant-create");
  await page.waitForSelector("#grant-created");
  await a.check("symmetric key: a grant created, the grants listed");
  await tab(page, url, id, "tags");
  await page.fill("#tag-key", "team");
  await page.fill("#tag-value", "a11y");
  await page.click("#tag-add");
  await page.waitForSelector("#tags-table");
  await a.check("symmetric key: a tag");
  await tab(page, url, id, "aliases");
  await page.fill("#alias-new", "a11y-second");
  await page.click("#alias-add");
  await page.waitForSelector("#alias-list >> text=alias/a11y-second");
  await a.check("symmetric key: two aliases");
}

/** The import wizard's steps, a refusal, success, the material deleted, and a token that expired. */
async function importSteps(page, url, a, id) {
  await tab(page, url, id, "material");
  await page.click("#get-parameters");
  await page.waitForSelector("#params-card");
  await a.check("external key: import step 1 done, the parameters");
  await page.click("#wrap-for-me");
  await page.waitForSelector("#wrap-done");
  await a.check("external key: import step 2 done, the material wrapped");
  await page.check("#expiry-expires");
  const inAMonth = await page.inputValue("#material-valid-to");
  await page.fill("#material-valid-to", "2099-01-01T00:00");
  await page.click("#import-material");
  await page.waitForSelector("#import-error");
  await a.check("external key: import refused (an expiry too far ahead)");
  await page.check("#expiry-expires");
  await page.fill("#material-valid-to", inAMonth);
  await page.click("#import-material");
  await page.waitForSelector("#import-done");
  await a.check("external key: material imported, expiring");
  await tab(page, url, id, "timeline");
  await a.check("external key: timeline with the material's bars");
  await page.click("#action-delete-material");
  await page.waitForSelector("dialog[open]");
  await a.check("external key: dialog, delete the key material");
  await page.click("#dialog-confirm");
  await page.waitForSelector("h1 .badge >> text=Pending import");
  await tab(page, url, id, "material");
  await page.click("#get-parameters");
  await page.waitForSelector("#params-card");
  await a.check("external key: material deleted, import it again");
  await clock(page, "clock-1d");
  await page.waitForSelector("#params-card >> text=/expired/i");
  await a.check("external key: the import token expired");
}

/** A multi-Region key's replica, then a key disabled, its deletion dialog, pending deletion. */
async function regionsAndStates(page, url, a, keys) {
  await tab(page, url, keys["multi-region"], "regionality");
  await page.selectOption("#replicate-region", "eu-west-1");
  await page.click("#replicate-key");
  await page.waitForSelector("#mrk-replicas a");
  await a.check("multi-Region key: primary with a replica");
  await visit(page, url, `#/keys/${keys["multi-region"]}/regionality?region=eu-west-1`, "#mrk-type >> text=replica");
  await a.check("multi-Region key: the replica's Regionality");
  await tab(page, url, keys.rsa, "general");
  await page.click("#action-disable");
  await page.waitForSelector("h1 .badge >> text=Disabled");
  await a.check("a disabled key");
  await page.click("#action-schedule-deletion");
  await page.waitForSelector("dialog[open]");
  await a.check("dialog: schedule key deletion");
  await page.fill("#deletion-days", "7");
  await page.check("dialog input[type=checkbox]");
  await page.click("#dialog-confirm");
  await page.waitForSelector("h1 .badge >> text=Pending deletion");
  await a.check("a key pending deletion");
  await tab(page, url, keys.symmetric, "general");
  await page.click("#action-schedule-deletion");
  await page.fill("#deletion-days", "7");
  await page.check("dialog input[type=checkbox]");
  await page.click("#dialog-confirm");
  await tab(page, url, keys.symmetric, "crypto");
  await page.click("#pg-encrypt");
  await page.waitForSelector("#pg-encrypt-out .error-hint");
  await a.check("Try it on a key pending deletion: the error and its hint");
  await visit(page, url, "#/keys", "#keys-table");
  await a.check("Customer managed keys of every type and state");
}

describe("a key's page passes axe-core (no serious or critical finding)", { skip: needs.browser.skip }, () => {
  for (const [name, size] of SIZES) {
    test(`every tab of every key type, its forms and states, ${name}`, async (t) => {
      const { context, page, errors, url } = await open(session, size, "#/keys");
      const a = auditor(page, name);
      const keys = await makeKeys(page, KEYS);
      await everyTab(page, url, a, keys);
      await symmetricForms(page, url, a, keys.symmetric);
      await importSteps(page, url, a, keys.external);
      await regionsAndStates(page, url, a, keys);
      errors.check(`key pages at ${name} size`);
      await context.close();
      a.done(t);
    });
  }
});

// The console's lessons for the other key types in a real browser: lesson 7 (sign a JWT: the
// JWT workbench, the Public key tab) and lesson 8 (a MAC: the HMAC key's Try it tab), each walked
// by clicking at desktop and phone sizes; the tokens the page builds checked by node:crypto; and
// neither lesson passed by skipping steps (a Verify with no Sign before it, a refusal before a pass).
import assert from "node:assert/strict";
import { verify } from "node:crypto";
import { describe, test } from "node:test";
import { browserSession } from "./browser-support.mjs";
import {
  axeViolations,
  backTo,
  clickAndRedraw,
  createTypedFromLesson,
  DESKTOP,
  expectTicks,
  fits,
  go,
  lesson,
  lessonShot,
  open,
  PHONE,
} from "./console-lessons-support.mjs";
import { publicPem } from "./console-support.mjs";
import { needs } from "./prerequisites.mjs";

const session = browserSession();
const SEVEN = ["create", "sign", "public-key", "verify", "tamper"];
const EIGHT = ["create", "generate", "verify", "changed"];
const P256 = { n: 7, alias: "lesson7-jwt", type: "asymmetric", usage: "sign", spec: "ECC_NIST_P256" };
const HMAC = { n: 8, alias: "lesson8-mac", type: "symmetric", usage: "mac", spec: "HMAC_256" };
const WEBHOOK = '{"event":"invoice.paid","amount":100}';

const b64url = (part) => Buffer.from(part, "base64url");

/** The token's signing input and 64-byte signature; asserts the header ES256 needs. */
function parts(token) {
  const [header, payload, signature] = token.split(".");
  assert.deepEqual(JSON.parse(b64url(header)), { alg: "ES256", typ: "JWT" });
  const sig = b64url(signature);
  assert.equal(sig.length, 64, "JWS's r‖s: 64 bytes for ES256");
  return { input: `${header}.${payload}`, claims: JSON.parse(b64url(payload)), sig };
}

/** node:crypto's verdict on a token (an independent verifier: OpenSSL, r‖s as JWS writes it). */
const nodeVerifies = (token, pem) => {
  const { input, sig } = parts(token);
  return verify("sha256", Buffer.from(input), { key: pem, dsaEncoding: "ieee-p1363" }, sig);
};

/** Asserts the page shown does not scroll sideways (long words in text included, which `fits` cannot see). */
async function noSideScroll(page, label) {
  const [wide, viewport] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(wide <= viewport, `${label}: ${wide} px wide on a ${viewport} px screen`);
  await fits(page, label);
}

/** The workbench's verdict after "Verify the token": `{ here, kms, text }`. */
async function verdict(page) {
  await clickAndRedraw(page, "#jwt-verify");
  const el = await page.waitForSelector("#jwt-verdict");
  return {
    here: await el.getAttribute("data-here"),
    kms: await el.getAttribute("data-kms"),
    text: await el.textContent(),
  };
}

/** Lesson 7 by clicking from its page; resolves to the genuine and the tampered token. */
async function walkLesson7(page, { phone = false } = {}) {
  assert.match(await page.textContent("#lesson-jwt"), /Do step 1 first/);
  await createTypedFromLesson(page, P256);
  await backTo(page, 7);
  await expectTicks(page, ["create"], SEVEN.length);
  if (phone) await noSideScroll(page, "lesson 7 with its workbench on a phone");

  assert.match(await page.textContent("#jwt-signing-input"), /^eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9\.eyJ/);
  await clickAndRedraw(page, "#jwt-sign");
  await page.waitForSelector("#jwt-signature");
  await expectTicks(page, ["create", "sign"], SEVEN.length);
  const der = Buffer.from((await page.textContent("#jwt-der-size")).match(/[0-9a-f]{140,}/)[0], "hex");
  assert.ok(der.length >= 70 && der.length <= 72, `P-256 DER: 70 to 72 bytes (${der.length})`);
  const token = await page.inputValue("#jwt-token");
  const { input, claims, sig } = parts(token);
  assert.equal(claims.sub, "alice");
  if (phone) await noSideScroll(page, "the signature taken apart on a phone");

  await go(page, "public-key");
  const pem = await publicPem(page);
  assert.equal(nodeVerifies(token, pem), true, "node:crypto verifies the page's token with the public key");
  assert.equal(verify("sha256", Buffer.from(input), pem, der), true, "and KMS's DER signature, the same one");
  await backTo(page, 7);
  await expectTicks(page, ["create", "sign", "public-key"], SEVEN.length);
  assert.equal(await page.inputValue("#jwt-token"), token, "the token is still in the workbench");

  await clickAndRedraw(page, "#jwt-public-key");
  assert.equal(await page.textContent("#jwt-pem"), pem, "the workbench's PEM is the Public key tab's");
  const good = await verdict(page);
  assert.deepEqual([good.here, good.kms], ["true", "true"], good.text);
  assert.match(good.text, /SignatureValid: true/);
  await expectTicks(page, SEVEN.slice(0, 4), SEVEN.length);

  await clickAndRedraw(page, "#jwt-tamper");
  const tampered = await page.inputValue("#jwt-token");
  assert.equal(parts(tampered).claims.admin, true, "the payload now says admin");
  assert.deepEqual(parts(tampered).sig, sig, "with the old signature");
  assert.equal(nodeVerifies(tampered, pem), false, "node:crypto refuses the tampered token too");
  const bad = await verdict(page);
  assert.deepEqual([bad.here, bad.kms], ["false", "false"], bad.text);
  assert.match(bad.text, /KMSInvalidSignatureException/);
  await expectTicks(page, SEVEN, SEVEN.length);
  await page.waitForSelector("#lesson-done >> text=Lesson 7 done");
  assert.match(await page.textContent("#next-lesson"), /lesson 8/);
  if (phone) await noSideScroll(page, "lesson 7 done on a phone");
}

/** Lesson 8 by clicking from its page: a MAC on the Try it tab, checked as a receiver would. */
async function walkLesson8(page, { phone = false } = {}) {
  await createTypedFromLesson(page, HMAC);
  await backTo(page, 8);
  await expectTicks(page, ["create"], EIGHT.length);

  await go(page, "generate");
  await page.fill("#pg-mac-message", WEBHOOK);
  await page.click("#pg-mac-generate");
  const mac = await (await page.waitForSelector("#pg-mac-hex")).inputValue();
  assert.match(mac, /^[0-9a-f]{64}$/, "HMAC_SHA_256: 32 bytes");
  if (phone) await noSideScroll(page, "Try it for an HMAC key on a phone");
  await backTo(page, 8);
  await expectTicks(page, ["create", "generate"], EIGHT.length);

  // The receiver has the message and the MAC beside it, and asks KMS.
  await go(page, "verify");
  await page.fill("#pg-mac-check-message", WEBHOOK);
  await page.fill("#pg-mac-check-value", mac);
  await page.click("#pg-mac-verify");
  assert.match(await (await page.waitForSelector("#pg-mac-valid")).textContent(), /MacValid: true/);
  await backTo(page, 8);
  await expectTicks(page, ["create", "generate", "verify"], EIGHT.length);

  await go(page, "changed");
  await page.fill("#pg-mac-check-message", WEBHOOK);
  await page.fill("#pg-mac-check-value", mac);
  await page.click("#pg-mac-tamper");
  await page.waitForSelector("#pg-mac-invalid");
  assert.match(await page.textContent("#pg-mac-verify-out"), /KMSInvalidMacException/);
  await backTo(page, 8);
  await expectTicks(page, EIGHT, EIGHT.length);
  await page.waitForSelector("#lesson-done >> text=Lesson 8 done");
  if (phone) await noSideScroll(page, "lesson 8 done on a phone");
}

describe("the console's lessons in a browser: sign a JWT, a MAC (7 and 8)", { skip: needs.browser.skip }, () => {
  for (const [kind, size] of [
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ]) {
    test(`lesson 7 by clicking (${kind}): a JWT signed by KMS, verified here and by node:crypto, tampered`, async () => {
      const { context, page, errors, url } = await open(session, size);
      await lesson(page, url, 7);
      await expectTicks(page, [], SEVEN.length);
      await walkLesson7(page, { phone: kind === "phone" });
      await lessonShot(page, 7, kind);
      errors.check(`lesson 7, ${kind}`);
      await context.close();
    });

    test(`lesson 8 by clicking (${kind}): a MAC made, checked, and refused for a changed message`, async () => {
      const { context, page, errors, url } = await open(session, size);
      await lesson(page, url, 8);
      await expectTicks(page, [], EIGHT.length);
      await walkLesson8(page, { phone: kind === "phone" });
      await lessonShot(page, 8, kind);
      errors.check(`lesson 8, ${kind}`);
      await context.close();
    });
  }

  test("lesson 7 is not passed by skipping: no Verify counts before a RAW Sign, no refusal before a pass", async () => {
    const { context, page, errors, url } = await open(session, DESKTOP);
    await lesson(page, url, 7);
    await page.click("#show-verify");
    await page.waitForSelector("#shown-verify.not-yet >> text=Do step 2 first");
    await createTypedFromLesson(page, P256);

    // On the Try it tab: a signature nobody made is refused; a DIGEST signature verifies. Neither is
    // the JWT's Sign (ECDSA_SHA_256 over the signing input, RAW), so nothing after step 1 ticks.
    await page.click("#tab-crypto");
    await page.fill("#pg-verify-message", "x");
    await page.fill("#pg-verify-signature", Buffer.alloc(64, 7).toString("base64"));
    await page.click("#pg-verify");
    await page.waitForSelector("#pg-verify-out >> text=KMSInvalidSignatureException");
    await page.selectOption("#pg-sign-type", "DIGEST");
    await page.click("#pg-sign");
    await page.click("#pg-use-signature");
    await page.click("#pg-verify");
    await page.waitForSelector("#pg-signature-valid");
    await page.click("#pg-verify-tampered");
    await page.waitForSelector("#pg-signature-invalid");
    await backTo(page, 7);
    await expectTicks(page, ["create"], SEVEN.length);

    // Signed, then tampered before any Verify passed: the refusal does not count.
    await clickAndRedraw(page, "#jwt-sign");
    await clickAndRedraw(page, "#jwt-tamper");
    const early = await verdict(page);
    assert.equal(early.kms, "false", early.text);
    assert.match(early.text, /The verifier fetched the public key first/);
    await expectTicks(page, ["create", "sign", "public-key"], SEVEN.length);

    // A token that is not ES256 is refused before any call, and changes nothing.
    await page.fill("#jwt-token", "eyJhbGciOiJub25lIn0.e30.");
    await clickAndRedraw(page, "#jwt-verify");
    await page.waitForSelector("#jwt-refused >> text=accepts ES256 only");

    // A genuine token passes; passing again does not stand in for the tampered one.
    await clickAndRedraw(page, "#jwt-sign");
    assert.equal((await verdict(page)).kms, "true");
    assert.equal((await verdict(page)).kms, "true");
    await expectTicks(page, SEVEN.slice(0, 4), SEVEN.length);
    assert.deepEqual(await axeViolations(page), [], "lesson 7 with its workbench: no accessibility violations");

    // "Show me" tampers with the genuine token and asks both verifiers.
    await page.click("#show-tamper");
    await page.waitForSelector("#step-tamper[data-done='true']");
    assert.match(await page.textContent("#shown-tamper"), /NOT valid[\s\S]*KMSInvalidSignatureException/);
    await expectTicks(page, SEVEN, SEVEN.length);
    await page.waitForSelector("#jwt-tampered");
    assert.deepEqual(await axeViolations(page), [], "lesson 7 done, a tampered token refused: no violations");
    errors.check("lesson 7, skipping");
    await context.close();
  });

  test("lesson 8 is not passed by skipping: a refused MAC before any pass counts for nothing", async () => {
    const { context, page, errors, url } = await open(session, DESKTOP);
    await lesson(page, url, 8);
    await createTypedFromLesson(page, HMAC);
    await page.click("#tab-crypto");
    await page.fill("#pg-mac-check-message", WEBHOOK);
    await page.fill("#pg-mac-check-value", "00".repeat(32));
    await page.click("#pg-mac-verify");
    await page.waitForSelector("#pg-mac-invalid");
    await backTo(page, 8);
    await expectTicks(page, ["create"], EIGHT.length);

    await go(page, "generate");
    await page.fill("#pg-mac-message", WEBHOOK);
    await page.click("#pg-mac-generate");
    await page.click("#pg-mac-use");
    await page.click("#pg-mac-tamper");
    await page.waitForSelector("#pg-mac-invalid");
    await backTo(page, 8);
    await expectTicks(page, ["create", "generate"], EIGHT.length);

    await go(page, "verify");
    await page.fill("#pg-mac-message", WEBHOOK);
    await page.click("#pg-mac-generate");
    await page.click("#pg-mac-use");
    for (let i = 0; i < 2; i++) {
      await page.evaluate(() => document.getElementById("pg-mac-verify-out").replaceChildren());
      await page.click("#pg-mac-verify");
      await page.waitForSelector("#pg-mac-valid");
    }
    await backTo(page, 8);
    await expectTicks(page, ["create", "generate", "verify"], EIGHT.length);

    await page.click("#show-changed");
    await page.waitForSelector("#step-changed[data-done='true']");
    assert.match(await page.textContent("#shown-changed"), /KMSInvalidMacException/);
    await expectTicks(page, EIGHT, EIGHT.length);
    errors.check("lesson 8, skipping");
    await context.close();
  });
});

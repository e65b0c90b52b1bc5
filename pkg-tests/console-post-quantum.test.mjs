// The console (www/) with post-quantum keys, in a real browser: the wizard's ML-DSA and ML-KEM
// choices with what post-quantum means (and no External origin); an ML_DSA_65 key's Try it (its
// signatures checked by @noble/post-quantum, μ by node:crypto's SHAKE256, the ECDSA comparison);
// an ML_KEM_768 key's exchange with the page, tampering and KMS's own Encapsulate.
// Screenshots go to /tmp/console-*.png.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, test } from "node:test";
import { ml_dsa65 } from "@noble/post-quantum/ml-dsa.js";
import { browserSession, overflowing, shot } from "./browser-support.mjs";
import { createTyped, cryptoConfig, openConsole, PHONE, publicPem, WWW } from "./console-support.mjs";
import { needs } from "./prerequisites.mjs";

const session = browserSession();

const open = () => openConsole(session);

/** Walks the wizard with the post-quantum key type (always KMS-made); resolves to the new key's id. */
const createPq = (page, { alias, usage, spec }) =>
  createTyped(page, session.server.url, {
    alias,
    type: "post-quantum",
    usage,
    spec,
    review: [/Key material originKMS/],
  });

/** The Public key tab's DER SubjectPublicKeyInfo (node's OpenSSL 3.0 cannot load ML keys). */
async function publicDer(page) {
  const pem = await publicPem(page);
  return Buffer.from(pem.split("\n").slice(1, -2).join(""), "base64");
}

const shake256 = (length, ...parts) => {
  const hash = createHash("shake256", { outputLength: length });
  for (const p of parts) hash.update(p);
  return hash.digest();
};

describe("the console's post-quantum keys in a browser", { skip: needs.browser.skip }, () => {
  test("wizard: ML-DSA and ML-KEM specs, what post-quantum means, no External origin", async () => {
    const { context, page, errors } = await open();
    await page.goto(`${session.server.url}${WWW}#/create?fresh`);
    await page.waitForSelector("#create-wizard");
    const ids = (sel) => page.locator(sel).evaluateAll((els) => els.map((e) => e.id));
    assert.equal(await page.locator("#pq-explain").count(), 0, "no post-quantum text for symmetric keys");
    await page.check("#type-asymmetric");
    await page.check("#usage-sign");
    assert.equal((await ids("#key-spec input")).filter((id) => id.includes("ML_")).length, 0);

    await page.check("#type-post-quantum");
    assert.deepEqual(await ids("#key-usage input"), ["usage-sign", "usage-kem"]);
    assert.deepEqual(await ids("#key-spec input"), ["spec-ML_DSA_44", "spec-ML_DSA_65", "spec-ML_DSA_87"]);
    assert.match(await page.textContent("#key-spec"), /ML-DSA-65, NIST category 3: 3309-byte signatures/);
    const explain = await page.textContent("#pq-explain");
    for (const words of [
      /Shor's algorithm/,
      /RSA and elliptic-curve/,
      /harvest now, decrypt later/,
      /FIPS 204/,
      /FIPS 203/,
      /2024/,
      /ML-DSA signing keys in 2025/,
      /ML-KEM key encapsulation in 2026/,
      /migrat/,
    ])
      assert.match(explain, words);
    await page.check("#usage-kem");
    assert.deepEqual(await ids("#key-spec input"), ["spec-ML_KEM_512", "spec-ML_KEM_768", "spec-ML_KEM_1024"]);
    assert.match(await page.textContent("#key-spec"), /ML-KEM-768, NIST category 3: .*1088-byte ciphertexts/);
    assert.equal(await page.isVisible("#pq-explain"), true);

    await page.click(".advanced summary");
    assert.equal(await page.isDisabled("#origin-EXTERNAL"), true, "post-quantum keys are never imported");
    assert.equal(await page.isVisible("#external-pq-note"), true);
    assert.match(await page.textContent("#external-pq-note"), /UnsupportedOperationException/);
    assert.equal(await page.isVisible("#external-pairs-note"), false, "the PKCS#8 import note is not theirs");
    await shot(page, "create-post-quantum");
    await page.check("#type-asymmetric");
    assert.equal(await page.isVisible("#external-pq-note"), false);
    assert.equal(await page.locator("#pq-explain").count(), 0);
    errors.check("wizard");
    await context.close();
  });

  test("ML_DSA_65 key: configuration, public key, sign (RAW and EXTERNAL_MU), sizes, verify, tamper", async () => {
    const { context, page, errors } = await open();
    await createPq(page, { alias: "pq-signer", usage: "sign", spec: "ML_DSA_65" });
    assert.deepEqual(await cryptoConfig(page), {
      "Key type": "Asymmetric",
      "Key spec": "ML_DSA_65",
      "Key usage": "Sign and verify",
      "Signing algorithms": "ML_DSA_SHAKE_256",
    });
    const spki = await publicDer(page);
    assert.equal(spki.length, 1974);
    assert.match(await page.textContent("#public-key-openssl"), /openssl pkeyutl -verify/);
    const rawKey = spki.subarray(22);

    await page.click("#tab-crypto");
    assert.equal(await page.textContent("#tab-crypto"), "Try it: sign & verify");
    const message = "release 9.9.9 of the bootloader";
    await page.fill("#pg-pq-message", message);
    await page.click("#pg-pq-sign");
    const signature = Buffer.from(await (await page.waitForSelector("#pg-pq-signature-b64")).inputValue(), "base64");
    assert.equal(signature.length, 3309);
    assert.match(await page.textContent("#pg-pq-signature-size"), /3309 bytes/);
    assert.equal(ml_dsa65.verify(signature, Buffer.from(message), rawKey), true, "@noble/post-quantum verifies it");
    assert.equal(await page.inputValue("#pg-pq-signature-hex"), signature.toString("hex"));
    const compare = await page.textContent("#pg-pq-compare");
    const ecdsa = Number(compare.match(/^ML-DSA-65: 3,309 bytes · ECDSA P-256: (\d+) bytes/)?.[1]);
    assert.ok(ecdsa >= 68 && ecdsa <= 72, `a DER ECDSA P-256 signature is 70–72 bytes, rarely less (${compare})`);
    assert.match(compare, /64 bytes as WebCrypto's raw r‖s/);
    assert.match(await page.textContent("#pg-pq-compare-keys"), /1,974 bytes for ML-DSA-65 · 91 bytes for P-256/);

    await page.click("#pg-pq-use-signature");
    await page.click("#pg-pq-verify");
    assert.match(await (await page.waitForSelector("#pg-pq-valid")).textContent(), /SignatureValid: true/);
    await page.click("#pg-pq-verify-tampered");
    await page.waitForSelector("#pg-pq-invalid");
    assert.match(await page.textContent("#pg-pq-verify-out"), /KMSInvalidSignatureException/);
    await shot(page, "try-ml-dsa");

    // EXTERNAL_MU: the page's μ is FIPS 204's, and signing it gives the RAW message's signature.
    await page.selectOption("#pg-pq-type", "EXTERNAL_MU");
    await page.click("#pg-pq-sign");
    const mu = await (await page.waitForSelector("#pg-pq-mu")).textContent();
    const expected = shake256(64, shake256(64, rawKey), Buffer.from([0, 0]), Buffer.from(message));
    assert.equal(mu, expected.toString("hex"));
    await page.waitForSelector("#pg-pq-same");
    assert.equal(Buffer.from(await page.inputValue("#pg-pq-signature-b64"), "base64").equals(signature), true);
    await page.click("#pg-pq-use-signature");
    await page.click("#pg-pq-verify");
    await page.waitForSelector("#pg-pq-valid");
    await page.click("#pg-pq-verify-tampered");
    await page.waitForSelector("#pg-pq-invalid");
    errors.check("ML-DSA key");
    await context.close();
  });

  test("ML_KEM_768 key: you encapsulate, KMS decapsulates the same secret; tampering; KMS encapsulates", async () => {
    const { context, page, errors } = await open();
    await createPq(page, { alias: "pq-kem", usage: "kem", spec: "ML_KEM_768" });
    assert.deepEqual(await cryptoConfig(page), {
      "Key type": "Asymmetric",
      "Key spec": "ML_KEM_768",
      "Key usage": "Encapsulate and decapsulate",
      "Encapsulation algorithms": "ML_KEM",
    });
    assert.equal((await publicDer(page)).length, 1206);
    assert.match(await page.textContent("#public-key-openssl"), /openssl pkeyutl -encap/);

    await page.click("#tab-crypto");
    assert.equal(await page.textContent("#tab-crypto"), "Try it: encapsulate & decapsulate");
    assert.equal(await page.isDisabled("#pg-kem-decapsulate"), true, "nothing to decapsulate yet");
    await page.click("#pg-kem-encapsulate");
    const sizes = await (await page.waitForSelector("#pg-kem-sizes")).textContent();
    assert.match(
      sizes,
      /Public key: 1,206 bytes .*1,184 bytes of key.* ciphertext: 1,088 bytes · shared secret: 32 bytes/,
    );
    const ciphertext = Buffer.from(await page.inputValue("#pg-kem-ciphertext-b64"), "base64");
    assert.equal(ciphertext.length, 1088);
    const yours = await page.textContent("#pg-kem-your-secret");
    assert.match(yours, /^[0-9a-f]{64}$/);

    await page.click("#pg-kem-decapsulate");
    assert.match(await (await page.waitForSelector("#pg-kem-verdict")).textContent(), /^Equal: .*32-byte secret/);
    assert.equal(await page.textContent("#pg-kem-kms-secret"), yours, "KMS recovered the page's secret");

    await page.click("#pg-kem-tamper");
    const tampered = await (await page.waitForSelector("#pg-kem-tampered-secret")).textContent();
    assert.match(tampered, /^[0-9a-f]{64}$/);
    assert.notEqual(tampered, yours, "a tampered ciphertext gives another secret");
    assert.match(await page.textContent("#pg-kem-tamper-verdict"), /implicit rejection/);
    assert.doesNotMatch(await page.textContent("#pg-kem-tamper-out"), /Exception/, "and no error");

    await page.click("#pg-kem-truncate");
    await page.waitForSelector("#pg-kem-truncated");
    assert.match(await page.textContent("#pg-kem-short-out"), /InvalidCiphertextException/);
    assert.equal(await page.textContent("#pg-kem-tampered-secret"), tampered, "the tampering result stays");

    await page.click("#pg-kem-kms-encapsulate");
    assert.equal(await (await page.waitForSelector("#pg-kem-self-verdict")).textContent(), "Equal.");
    const self = await page.textContent("#pg-kem-self-secret");
    assert.match(self, /^[0-9a-f]{64}$/);
    assert.equal(await page.textContent("#pg-kem-self-back"), self);
    assert.notEqual(self, yours, "a fresh secret each time");
    await shot(page, "try-ml-kem");

    await page.goto(`${session.server.url}${WWW}#/audit`);
    await page.waitForSelector("#view table");
    const audit = await page.textContent("#view");
    for (const name of ["Decapsulate", "Encapsulate", "GetPublicKey"]) assert.match(audit, new RegExp(name));
    errors.check("ML-KEM key");
    await context.close();
  });

  test("a phone's width: the post-quantum wizard and both Try it tabs fit without sideways scrolling", async () => {
    const { context, page, errors } = await openConsole(session, PHONE);
    await page.goto(`${session.server.url}${WWW}#/create?fresh`);
    await page.check("#type-post-quantum");
    assert.deepEqual(await overflowing(page), [], "the wizard fits");
    await createPq(page, { alias: "narrow-dsa", usage: "sign", spec: "ML_DSA_87" });
    await page.click("#tab-crypto");
    await page.selectOption("#pg-pq-type", "EXTERNAL_MU");
    await page.click("#pg-pq-sign");
    assert.match(await (await page.waitForSelector("#pg-pq-compare")).textContent(), /^ML-DSA-87: 4,627 bytes/);
    assert.deepEqual(await overflowing(page), [], "ML-DSA's Try it fits");
    await createPq(page, { alias: "narrow-kem", usage: "kem", spec: "ML_KEM_1024" });
    await page.click("#tab-crypto");
    await page.click("#pg-kem-encapsulate");
    await page.click("#pg-kem-decapsulate");
    await page.waitForSelector("#pg-kem-verdict >> text=Equal");
    await page.click("#pg-kem-tamper");
    await page.waitForSelector("#pg-kem-tamper-verdict");
    assert.deepEqual(await overflowing(page), [], "ML-KEM's Try it fits");
    await shot(page, "narrow-try-ml-kem");
    errors.check("narrow post-quantum keys");
    await context.close();
  });
});

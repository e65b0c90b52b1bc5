// The console (www/) with every classical key type, in a real browser: the create wizard's key
// type, usage and spec; the cryptographic configuration; the Public key tab (its PEM loads in
// node:crypto, and so does the downloaded file); and "Try it" for signing (a signature copied
// from the page verifies in node:crypto), HMAC, RSA encryption and ECDH key agreement.
// Screenshots go to /tmp/console-*.png. console.test.mjs covers symmetric keys.
import assert from "node:assert/strict";
import { createHmac, createPublicKey, publicEncrypt, constants as rsa, verify } from "node:crypto";
import { readFile } from "node:fs/promises";
import { describe, test } from "node:test";
import { browserSession, overflowing, shot } from "./browser-support.mjs";
import { createTyped, cryptoConfig, openConsole, PHONE, publicPem, WWW } from "./console-support.mjs";
import { needs } from "./prerequisites.mjs";

const session = browserSession();

/** A page on a fresh console (its own browser context, so its own IndexedDB). */
const open = ({ downloads = false } = {}) => openConsole(session, { acceptDownloads: downloads });

describe("the console's key types in a browser", { skip: needs.browser.skip }, () => {
  test("wizard: usages and specs follow the key type; External only for symmetric and HMAC keys", async () => {
    const { context, page, errors } = await open();
    await page.goto(`${session.server.url}${WWW}#/create?fresh`);
    await page.waitForSelector("#create-wizard");
    const ids = (sel) => page.locator(sel).evaluateAll((els) => els.map((e) => e.id));
    assert.doesNotMatch(await page.textContent("#create-wizard"), /not emulated/);
    assert.deepEqual(await ids("#key-usage input"), ["usage-encrypt", "usage-mac"]);
    assert.deepEqual(await ids("#key-spec input"), ["spec-SYMMETRIC_DEFAULT"]);
    await page.check("#usage-mac");
    assert.deepEqual(await ids("#key-spec input"), [
      "spec-HMAC_224",
      "spec-HMAC_256",
      "spec-HMAC_384",
      "spec-HMAC_512",
    ]);
    assert.equal(await page.isDisabled("#origin-EXTERNAL"), false, "HMAC keys can be imported");

    await page.check("#type-asymmetric");
    assert.deepEqual(await ids("#key-usage input"), ["usage-encrypt", "usage-sign", "usage-agreement"]);
    assert.deepEqual(await ids("#key-spec input"), ["spec-RSA_2048", "spec-RSA_3072", "spec-RSA_4096"]);
    assert.match(await page.textContent("#key-spec"), /at most 190 bytes per Encrypt with RSAES_OAEP_SHA_256/);
    await page.check("#usage-sign");
    assert.deepEqual(await ids("#key-spec input"), [
      "spec-RSA_2048",
      "spec-RSA_3072",
      "spec-RSA_4096",
      "spec-ECC_NIST_P256",
      "spec-ECC_NIST_P384",
      "spec-ECC_NIST_P521",
      "spec-ECC_SECG_P256K1",
      "spec-ECC_NIST_EDWARDS25519",
    ]);
    await page.check("#usage-agreement");
    assert.deepEqual(await ids("#key-spec input"), ["spec-ECC_NIST_P256", "spec-ECC_NIST_P384", "spec-ECC_NIST_P521"]);
    await page.click(".advanced summary");
    assert.equal(await page.isDisabled("#origin-EXTERNAL"), true, "key pairs are not imported by the console");
    assert.equal(await page.isVisible("#external-pairs-note"), true);
    assert.match(await page.textContent("#external-pairs-note"), /symmetric and HMAC/);
    await shot(page, "create-asymmetric");

    await page.check("#type-symmetric");
    assert.equal(await page.isDisabled("#origin-EXTERNAL"), false);
    assert.equal(await page.isVisible("#external-pairs-note"), false);
    errors.check("wizard");
    await context.close();
  });

  test("ECC_NIST_P256 signing key: configuration, public key (PEM and download), sign, verify, tamper", async () => {
    const { context, page, errors } = await open({ downloads: true });
    await createTyped(page, session.server.url, {
      alias: "signer",
      type: "asymmetric",
      usage: "sign",
      spec: "ECC_NIST_P256",
    });
    assert.deepEqual(await cryptoConfig(page), {
      "Key type": "Asymmetric",
      "Key spec": "ECC_NIST_P256",
      "Key usage": "Sign and verify",
      "Signing algorithms": "ECDSA_SHA_256",
    });
    await shot(page, "key-ecc-general");

    const pem = await publicPem(page);
    const publicKey = createPublicKey(pem);
    assert.equal(publicKey.asymmetricKeyType, "ec");
    assert.equal(publicKey.asymmetricKeyDetails.namedCurve, "prime256v1");
    const [dl] = await Promise.all([page.waitForEvent("download"), page.click("#public-key-download")]);
    assert.match(dl.suggestedFilename(), /\.pem$/);
    assert.equal(await readFile(await dl.path(), "utf8"), pem, "the download is the PEM shown");
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: session.server.url });
    await page.click("#public-key-copy");
    await page.waitForSelector(".toast >> text=Public key copied");
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), pem, "Copy puts the PEM on the clipboard");
    await shot(page, "key-public-key");

    await page.click("#tab-rotation");
    assert.match(await page.textContent("#rotation-unsupported"), /cannot rotate/);
    assert.match(await page.textContent("#section-rotation"), /Manual rotation with aliases/);

    await page.click("#tab-crypto");
    assert.equal(await page.textContent("#tab-crypto"), "Try it: sign & verify");
    const message = "ship it: build 42";
    await page.fill("#pg-sign-message", message);
    await page.click("#pg-sign");
    const signature = Buffer.from(await (await page.waitForSelector("#pg-signature-b64")).inputValue(), "base64");
    assert.ok(signature.length <= 72, `a DER ECDSA P-256 signature is at most 72 bytes (${signature.length})`);
    assert.match(await page.textContent("#pg-signature-size"), new RegExp(`${signature.length} bytes`));
    assert.equal(verify("sha256", Buffer.from(message), publicKey, signature), true, "node:crypto verifies it");
    assert.equal(await page.inputValue("#pg-signature-hex"), signature.toString("hex"));

    await page.click("#pg-use-signature");
    await page.click("#pg-verify");
    assert.match(await (await page.waitForSelector("#pg-signature-valid")).textContent(), /SignatureValid: true/);
    await page.click("#pg-verify-here");
    assert.match(await (await page.waitForSelector("#pg-verify-here-result")).textContent(), /^Valid/);
    await page.click("#pg-verify-tampered");
    await page.waitForSelector("#pg-signature-invalid");
    assert.match(await page.textContent("#pg-verify-out"), /KMSInvalidSignatureException/);

    // DIGEST: the page hashes the message; the signature still verifies over the message.
    await page.selectOption("#pg-sign-type", "DIGEST");
    await page.click("#pg-sign");
    await page.waitForSelector("#pg-sign-out >> text=Sent the SHA-256 digest");
    const overDigest = Buffer.from(await page.inputValue("#pg-signature-b64"), "base64");
    assert.equal(verify("sha256", Buffer.from(message), publicKey, overDigest), true);
    await shot(page, "try-sign");
    errors.check("signing key");
    await context.close();
  });

  test("ECC_NIST_EDWARDS25519: RAW for Ed25519, DIGEST for Ed25519ph, 64-byte signatures", async () => {
    const { context, page, errors } = await open();
    await createTyped(page, session.server.url, {
      alias: "edwards",
      type: "asymmetric",
      usage: "sign",
      spec: "ECC_NIST_EDWARDS25519",
    });
    assert.equal((await cryptoConfig(page))["Signing algorithms"], "ED25519_SHA_512, ED25519_PH_SHA_512");
    const publicKey = createPublicKey(await publicPem(page));
    assert.equal(publicKey.asymmetricKeyType, "ed25519");
    await page.click("#tab-crypto");
    assert.equal(await page.isDisabled("#pg-sign-type option[value=DIGEST]"), true, "Ed25519 signs messages");
    await page.fill("#pg-sign-message", "hello edwards");
    await page.click("#pg-sign");
    const sig = Buffer.from(await (await page.waitForSelector("#pg-signature-b64")).inputValue(), "base64");
    assert.equal(sig.length, 64);
    assert.equal(verify(null, Buffer.from("hello edwards"), publicKey, sig), true);
    await page.selectOption("#pg-sign-alg", "ED25519_PH_SHA_512");
    assert.equal(await page.inputValue("#pg-sign-type"), "DIGEST", "Ed25519ph signs digests");
    await page.click("#pg-sign");
    await page.waitForSelector("#pg-sign-out >> text=ED25519_PH_SHA_512 signature: 64 bytes");
    await page.click("#pg-use-signature");
    await page.click("#pg-verify");
    await page.waitForSelector("#pg-signature-valid");
    errors.check("Ed25519 key");
    await context.close();
  });

  test("HMAC_256 key: MAC algorithms, no public key, generate and verify, a changed message fails", async () => {
    const { context, page, errors } = await open();
    await createTyped(page, session.server.url, { alias: "macs", type: "symmetric", usage: "mac", spec: "HMAC_256" });
    assert.deepEqual(await cryptoConfig(page), {
      "Key type": "Symmetric",
      "Key spec": "HMAC_256",
      "Key usage": "Generate and verify MAC",
      "MAC algorithms": "HMAC_SHA_256",
    });
    assert.equal(await page.locator("#tab-public-key").count(), 0, "an HMAC key has no public key");
    await page.click("#tab-rotation");
    await page.waitForSelector("#rotation-unsupported");
    await page.click("#tab-timeline");
    await page.waitForSelector("#section-timeline svg");

    await page.click("#tab-crypto");
    await page.fill("#pg-mac-message", "amount=100&to=alice");
    await page.click("#pg-mac-generate");
    const hex = await (await page.waitForSelector("#pg-mac-hex")).inputValue();
    assert.match(hex, /^[0-9a-f]{64}$/, "HMAC_SHA_256: 32 bytes");
    assert.equal(Buffer.from(await page.inputValue("#pg-mac-b64"), "base64").toString("hex"), hex);
    await page.click("#pg-mac-use");
    assert.equal(await page.inputValue("#pg-mac-check-value"), hex);
    await page.click("#pg-mac-verify");
    assert.match(await (await page.waitForSelector("#pg-mac-valid")).textContent(), /MacValid: true/);
    await page.click("#pg-mac-tamper");
    await page.waitForSelector("#pg-mac-invalid");
    assert.match(await page.textContent("#pg-mac-verify-out"), /KMSInvalidMacException/);
    await shot(page, "try-mac");
    errors.check("HMAC key");
    await context.close();
  });

  test("imported HMAC_512 key: 64 bytes of material wrapped in the page; its MACs equal node:crypto's", async () => {
    const { context, page, errors } = await open({ downloads: true });
    await createTyped(page, session.server.url, {
      alias: "mac-import",
      type: "symmetric",
      usage: "mac",
      spec: "HMAC_512",
      external: true,
    });
    await page.waitForSelector("#section-material");
    assert.match(await page.textContent("#openssl-commands"), /openssl rand -out PlaintextKeyMaterial.bin 64/);
    await page.click("#get-parameters");
    await page.waitForSelector("#params-card");
    await page.click("#wrap-for-me");
    assert.match(await (await page.waitForSelector("#wrap-done")).textContent(), /^Wrapped 64 bytes/);
    const [dl] = await Promise.all([page.waitForEvent("download"), page.click("#download-plaintext")]);
    const material = await readFile(await dl.path());
    assert.equal(material.length, 64);
    await page.check("#expiry-none");
    await page.click("#import-material");
    await page.waitForSelector("h1 .badge >> text=Enabled");
    assert.equal(await page.locator("#import-type-new").count(), 0, "HMAC keys never rotate to new material");
    await page.click("#tab-rotation");
    await page.waitForSelector("#rotation-unsupported");

    await page.click("#tab-crypto");
    await page.fill("#pg-mac-message", "imported");
    await page.click("#pg-mac-generate");
    const hex = await (await page.waitForSelector("#pg-mac-hex")).inputValue();
    assert.equal(hex, createHmac("sha512", material).update("imported").digest("hex"));
    errors.check("imported HMAC key");
    await context.close();
  });

  test("RSA_2048 encryption key: OAEP limit, encrypt with KMS, in the page and in node, decrypt with KMS", async () => {
    const { context, page, errors } = await open();
    await createTyped(page, session.server.url, {
      alias: "rsa-box",
      type: "asymmetric",
      usage: "encrypt",
      spec: "RSA_2048",
    });
    const config = await cryptoConfig(page);
    assert.equal(config["Encryption algorithms"], "RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256");
    assert.equal(config["Key usage"], "Encrypt and decrypt");
    const pem = await publicPem(page);
    assert.equal(createPublicKey(pem).asymmetricKeyDetails.modulusLength, 2048);

    await page.click("#tab-crypto");
    assert.equal(await page.inputValue("#pg-rsa-alg"), "RSAES_OAEP_SHA_256");
    assert.match(await page.textContent("#pg-rsa-limit"), /at most 190 bytes/);
    await page.fill("#pg-rsa-plaintext", "s3cret");
    await page.click("#pg-rsa-encrypt");
    const ct = Buffer.from(await (await page.waitForSelector("#pg-rsa-ciphertext")).inputValue(), "base64");
    assert.equal(ct.length, 256, "as long as the modulus");
    await page.click("#pg-rsa-use");
    await page.click("#pg-rsa-decrypt");
    assert.equal(await (await page.waitForSelector("#pg-rsa-decrypted")).textContent(), "s3cret");

    // Encrypted in the page by WebCrypto with the public key.
    await page.fill("#pg-rsa-plaintext", "from webcrypto");
    await page.click("#pg-rsa-encrypt-here");
    await page.waitForSelector("#pg-rsa-encrypt-out >> text=WebCrypto");
    await page.click("#pg-rsa-use");
    await page.click("#pg-rsa-decrypt");
    await page.waitForSelector("#pg-rsa-decrypted >> text=from webcrypto");

    // Encrypted by node:crypto with the PEM from the page.
    const fromNode = publicEncrypt(
      { key: pem, padding: rsa.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
      Buffer.from("from node"),
    );
    await page.fill("#pg-rsa-decrypt-input", fromNode.toString("base64"));
    await page.click("#pg-rsa-decrypt");
    await page.waitForSelector("#pg-rsa-decrypted >> text=from node");

    // Over the limit: KMS refuses, the page says why.
    await page.fill("#pg-rsa-plaintext", "x".repeat(191));
    assert.match(await page.textContent("#pg-rsa-count"), /191 of 190 bytes/);
    await page.click("#pg-rsa-encrypt");
    await page.waitForSelector("#pg-rsa-encrypt-out >> text=ValidationException");
    await shot(page, "try-rsa");
    errors.check("RSA key");
    await context.close();
  });

  test("ECC_NIST_P384 key agreement key: ECDH secrets equal on both sides", async () => {
    const { context, page, errors } = await open();
    await createTyped(page, session.server.url, {
      alias: "agree",
      type: "asymmetric",
      usage: "agreement",
      spec: "ECC_NIST_P384",
    });
    assert.deepEqual(await cryptoConfig(page), {
      "Key type": "Asymmetric",
      "Key spec": "ECC_NIST_P384",
      "Key usage": "Key agreement",
      "Key agreement algorithms": "ECDH",
    });
    const publicKey = createPublicKey(await publicPem(page));
    assert.equal(publicKey.asymmetricKeyDetails.namedCurve, "secp384r1");

    await page.click("#tab-crypto");
    assert.equal(await page.isDisabled("#pg-ecdh-derive"), true);
    await page.click("#pg-ecdh-partner");
    createPublicKey(await (await page.waitForSelector("#pg-ecdh-partner-pem")).textContent());
    await page.click("#pg-ecdh-derive");
    assert.match(await (await page.waitForSelector("#pg-ecdh-verdict")).textContent(), /^Equal: the same 48-byte/);
    const kms = await page.textContent("#pg-ecdh-kms");
    assert.match(kms, /^[0-9a-f]{96}$/);
    assert.equal(await page.textContent("#pg-ecdh-page"), kms);
    await shot(page, "try-agreement");
    errors.check("key agreement key");
    await context.close();
  });

  test("a phone's width: the wizard, a P-521 key's public key and signatures fit without sideways scrolling", async () => {
    const { context, page, errors } = await openConsole(session, PHONE);
    await page.goto(`${session.server.url}${WWW}#/create?fresh`);
    await page.check("#type-asymmetric");
    await page.check("#usage-sign");
    assert.deepEqual(await overflowing(page), [], "the wizard fits");
    await createTyped(page, session.server.url, {
      alias: "narrow-p521",
      type: "asymmetric",
      usage: "sign",
      spec: "ECC_NIST_P521",
    });
    assert.deepEqual(await overflowing(page), [], "the key page fits");
    assert.equal(createPublicKey(await publicPem(page)).asymmetricKeyDetails.namedCurve, "secp521r1");
    assert.deepEqual(await overflowing(page), [], "the public key fits");
    await page.click("#tab-crypto");
    await page.click("#pg-sign");
    const sig = Buffer.from(await (await page.waitForSelector("#pg-signature-b64")).inputValue(), "base64");
    assert.ok(sig.length <= 139, `a DER ECDSA P-521 signature is at most 139 bytes (${sig.length})`);
    await page.click("#pg-use-signature");
    await page.click("#pg-verify-here");
    await page.waitForSelector("#pg-verify-here-result >> text=Valid");
    assert.deepEqual(await overflowing(page), [], "Try it fits");
    await shot(page, "narrow-try-sign");
    errors.check("narrow key types");
    await context.close();
  });
});

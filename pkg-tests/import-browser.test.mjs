// Importing key material in a browser (Debian's chromium through playwright-core): RSA wrapping
// keys are made by the browser's WebCrypto, or, where a page has none, in a module Web Worker
// (js/keygen-worker.js, which loads the extras module); either way the page's timers keep firing
// while an RSA-3072 key is made, and wrapKeyMaterial's output imports. All RSA is in the extras
// module, which the page fetches only when an import needs it (before GetParametersForImport),
// or at open for a randomSeed, whose wrapping keys are the same in every page load.

import assert from "node:assert/strict";
import { test } from "node:test";
import { browserSession, watch } from "./browser-support.mjs";
import { needs } from "./prerequisites.mjs";

const session = browserSession();

for (const { name, withoutWebCrypto } of [
  { name: "WebCrypto", withoutWebCrypto: false },
  { name: "a Web Worker (no WebCrypto on the page)", withoutWebCrypto: true },
]) {
  test(`browser: wrapping keys come from ${name}; the page keeps running; wrapKeyMaterial imports`, {
    skip: needs.browser.skip,
  }, async (t) => {
    const page = await session.browser.newPage();
    const seen = watch(page);
    const workers = [];
    page.on("worker", (w) => workers.push(w.url()));
    const fetched = [];
    page.on("request", (r) => fetched.push(new URL(r.url()).pathname));
    if (withoutWebCrypto)
      await page.addInitScript(() => Object.defineProperty(globalThis.crypto, "subtle", { value: undefined }));
    await page.goto(`${session.server.url}/blank.html`);
    const r = await page.evaluate(RUN);
    t.diagnostic(
      `RSA_3072 parameters in chromium via ${name}: ${r.ticks} timer ticks, longest stall ${r.longest.toFixed(1)} ms`,
    );
    assert.equal(r.publicKeyBytes, 422, "an RSA-3072 SubjectPublicKeyInfo");
    assert.equal(r.wrappedBytes, 384);
    assert.deepEqual([r.state, r.text], ["Enabled", "in the page"]);
    assert.ok(r.ticks >= 5, `the page's timers kept firing while the key was made (${r.ticks} ticks)`);
    const ran = workers.some((u) => u.endsWith("/js/keygen-worker.js"));
    assert.equal(ran, withoutWebCrypto, `a keygen worker ran only without WebCrypto (${workers.join(", ")})`);
    assert.equal(r.extrasBeforeImport, false, "open and CreateKey did not fetch the extras module");
    assert.match(
      r.wrapBeforeImport,
      /extras module.*loadExtras/,
      "wrapKeyMaterial needs the extras module loaded first",
    );
    assert.ok(fetched.includes("/pkg/kms_wasm_extras_bg.wasm"), "GetParametersForImport fetched the extras module");
    seen.check("import page");
    await page.close();
  });
}

test("browser: a randomSeed makes the same wrapping keys in every page load (the extras module, fetched by open)", {
  skip: needs.browser.skip,
}, async () => {
  const keys = [];
  for (let i = 0; i < 2; i++) {
    const page = await session.browser.newPage();
    const seen = watch(page);
    const fetched = [];
    page.on("request", (r) => fetched.push(new URL(r.url()).pathname));
    await page.goto(`${session.server.url}/blank.html`);
    keys.push(await page.evaluate(SEEDED));
    assert.ok(
      fetched.includes("/pkg/kms_wasm_extras_bg.wasm"),
      `open() fetched the extras module (${fetched.join(", ")})`,
    );
    seen.check("seeded import page");
    await page.close();
  }
  assert.equal(keys[0].length, 2);
  assert.notEqual(keys[0][0], keys[0][1], "every call gets a new key");
  assert.deepEqual(keys[0], keys[1]);
});

test("browser: without the extras module, import calls fail with a clear error and the service goes on", {
  skip: needs.browser.skip,
}, async () => {
  const page = await session.browser.newPage();
  await page.route("**/pkg/kms_wasm_extras_bg.wasm", (route) => route.abort());
  await page.goto(`${session.server.url}/blank.html`);
  const r = await page.evaluate(async () => {
    const { KeyManagementService } = await import("/js/web.js");
    const kms = await KeyManagementService.open({ storage: "memory" });
    const {
      KeyMetadata: { KeyId },
    } = await kms.createKey({ Origin: "EXTERNAL" });
    const failed = await kms
      .getParametersForImport({ KeyId, WrappingAlgorithm: "RSAES_OAEP_SHA_256", WrappingKeySpec: "RSA_2048" })
      .then(
        () => "answered",
        (e) => `${e.name}: ${e.message}`,
      );
    const wire = await kms.handle(
      "TrentService.ImportKeyMaterial",
      JSON.stringify({ KeyId, ImportToken: "AAAA", EncryptedKeyMaterial: "AAAA" }),
    );
    const other = (await kms.createKey({})).KeyMetadata.KeyState;
    await kms.close();
    return { failed, wireStatus: wire.status, other };
  });
  assert.match(r.failed, /^KMSInternalException: .*extras module, which is not loaded/);
  assert.equal(
    r.wireStatus,
    400,
    "ImportKeyMaterial's own checks answer as before (the token is refused before any RSA)",
  );
  assert.equal(r.other, "Enabled", "the service goes on");
  await page.close();
});

/** Runs in the page: a seeded service's wrapping keys (base64 SPKI), and one import with them. */
async function SEEDED() {
  const { KeyManagementService, wrapKeyMaterial } = await import("/js/web.js");
  const kms = await KeyManagementService.open({ randomSeed: 5, storage: "memory" });
  const {
    KeyMetadata: { KeyId },
  } = await kms.createKey({ Origin: "EXTERNAL" });
  const spki = [];
  let p;
  for (let i = 0; i < 2; i++) {
    p = await kms.getParametersForImport({
      KeyId,
      WrappingAlgorithm: "RSAES_OAEP_SHA_256",
      WrappingKeySpec: "RSA_2048",
    });
    spki.push(btoa(String.fromCharCode(...p.PublicKey)));
  }
  const KeyMaterial = new Uint8Array(32).fill(1);
  const EncryptedKeyMaterial = wrapKeyMaterial({
    PublicKey: p.PublicKey,
    KeyMaterial,
    WrappingAlgorithm: "RSAES_OAEP_SHA_256",
  });
  await kms.importKeyMaterial({
    KeyId,
    ImportToken: p.ImportToken,
    EncryptedKeyMaterial,
    ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE",
  });
  if ((await kms.describeKey({ KeyId })).KeyMetadata.KeyState !== "Enabled")
    throw new Error("the import did not enable the key");
  await kms.close();
  return spki;
}

/** Runs in the page: an import whose wrapping parameters need a fresh RSA-3072 key. */
async function RUN() {
  const { KeyManagementService, wrapKeyMaterial } = await import("/js/web.js");
  const kms = await KeyManagementService.open({ storage: "memory" });
  const {
    KeyMetadata: { KeyId },
  } = await kms.createKey({ Origin: "EXTERNAL" });
  const extrasBeforeImport = performance
    .getEntriesByType("resource")
    .some((e) => e.name.endsWith("/pkg/kms_wasm_extras_bg.wasm"));
  let wrapBeforeImport = "did not throw";
  try {
    wrapKeyMaterial({
      PublicKey: new Uint8Array(294),
      KeyMaterial: new Uint8Array(32),
      WrappingAlgorithm: "RSAES_OAEP_SHA_256",
    });
  } catch (e) {
    wrapBeforeImport = e.message;
  }
  let ticks = 0;
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    ticks++;
  }, 1);
  const p = await kms.getParametersForImport({
    KeyId,
    WrappingAlgorithm: "RSAES_OAEP_SHA_256",
    WrappingKeySpec: "RSA_3072",
  });
  longest = Math.max(longest, performance.now() - last);
  clearInterval(timer);
  const KeyMaterial = globalThis.crypto.getRandomValues(new Uint8Array(32));
  const EncryptedKeyMaterial = wrapKeyMaterial({
    PublicKey: p.PublicKey,
    KeyMaterial,
    WrappingAlgorithm: "RSAES_OAEP_SHA_256",
  });
  await kms.importKeyMaterial({
    KeyId,
    ImportToken: p.ImportToken,
    EncryptedKeyMaterial,
    ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE",
  });
  const { CiphertextBlob } = await kms.encrypt({ KeyId, Plaintext: new TextEncoder().encode("in the page") });
  const text = new TextDecoder().decode((await kms.decrypt({ CiphertextBlob })).Plaintext);
  const state = (await kms.describeKey({ KeyId })).KeyMetadata.KeyState;
  await kms.close();
  return {
    ticks,
    longest,
    publicKeyBytes: p.PublicKey.length,
    text,
    state,
    wrappedBytes: EncryptedKeyMaterial.length,
    extrasBeforeImport,
    wrapBeforeImport,
  };
}

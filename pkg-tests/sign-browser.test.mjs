// Key pairs in a browser (Debian's chromium through playwright-core): the package's web build
// signs with ECDSA, Ed25519 and RSA-PSS keys and Chromium's own WebCrypto loads GetPublicKey's
// DER and verifies the signatures; ECDH secrets equal WebCrypto's; an RSA_4096 key is created
// while the page's timers keep firing. Symmetric and HMAC use never fetch the extras module;
// the first key-pair call does.

import assert from "node:assert/strict";
import { test } from "node:test";
import { browserSession, watch } from "./browser-support.mjs";
import { needs } from "./prerequisites.mjs";

const session = browserSession();

test("browser: WebCrypto verifies kms-wasm's signatures and derives its ECDH secrets", {
  skip: needs.browser.skip,
}, async (t) => {
  const page = await session.browser.newPage();
  const seen = watch(page);
  await page.goto(`${session.server.url}/blank.html`);
  const r = await page.evaluate(RUN);
  t.diagnostic(`CreateKey RSA_4096 in chromium: longest timer stall ${r.longest.toFixed(1)} ms`);
  assert.equal(r.extrasAfterSymmetric, false, "symmetric and HMAC use did not fetch the extras module");
  assert.equal(r.extrasAfterPairs, true, "a key pair fetched it");
  assert.deepEqual(r.verdicts, {
    "ECDSA P-256": true,
    "ECDSA P-384": true,
    "ECDSA P-521": true,
    Ed25519: true,
    "RSA-PSS 2048": true,
    "RSASSA-PKCS1-v1_5 2048": true,
    "tampered P-256": false,
  });
  assert.equal(r.ecdhEqual, true, "DeriveSharedSecret equals WebCrypto's deriveBits");
  assert.equal(r.rsa4096Spki, 550);
  assert.ok(r.ticks >= 5, `the page's timers kept firing while an RSA_4096 key was made (${r.ticks} ticks)`);
  seen.check("sign page");
  await page.close();
});

/** Runs in the page. */
async function RUN() {
  const { KeyManagementService } = await import("/js/web.js");
  const kms = await KeyManagementService.open({ storage: "memory" });
  const fetchedExtras = () =>
    performance.getEntriesByType("resource").some((e) => e.name.endsWith("/pkg/kms_wasm_extras_bg.wasm"));
  const sym = (await kms.createKey({})).KeyMetadata.KeyId;
  await kms.encrypt({ KeyId: sym, Plaintext: new Uint8Array([1, 2, 3]) });
  const hmac = (await kms.createKey({ KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC" })).KeyMetadata.KeyId;
  const extrasAfterSymmetric = fetchedExtras();
  // GenerateMac runs in the extras module; it loads on demand.
  await kms.generateMac({ KeyId: hmac, Message: new Uint8Array([1]), MacAlgorithm: "HMAC_SHA_256" });

  const message = new TextEncoder().encode("signed in the page");
  const { subtle } = crypto;
  /** DER SEQUENCE{r, s} → r‖s of `size` bytes each, as WebCrypto wants ECDSA signatures. */
  const p1363 = (der, size) => {
    let i = 2 + (der[1] & 0x80 ? der[1] & 0x7f : 0);
    const out = new Uint8Array(2 * size);
    for (let n = 0; n < 2; n++) {
      const len = der[i + 1];
      let v = der.subarray(i + 2, i + 2 + len);
      while (v.length > size && v[0] === 0) v = v.subarray(1);
      out.set(v, n * size + size - v.length);
      i += 2 + len;
    }
    return out;
  };
  const cases = [
    [
      "ECDSA P-256",
      "ECC_NIST_P256",
      "ECDSA_SHA_256",
      { name: "ECDSA", namedCurve: "P-256" },
      { name: "ECDSA", hash: "SHA-256" },
      32,
    ],
    [
      "ECDSA P-384",
      "ECC_NIST_P384",
      "ECDSA_SHA_384",
      { name: "ECDSA", namedCurve: "P-384" },
      { name: "ECDSA", hash: "SHA-384" },
      48,
    ],
    [
      "ECDSA P-521",
      "ECC_NIST_P521",
      "ECDSA_SHA_512",
      { name: "ECDSA", namedCurve: "P-521" },
      { name: "ECDSA", hash: "SHA-512" },
      66,
    ],
    ["Ed25519", "ECC_NIST_EDWARDS25519", "ED25519_SHA_512", { name: "Ed25519" }, { name: "Ed25519" }, 0],
    [
      "RSA-PSS 2048",
      "RSA_2048",
      "RSASSA_PSS_SHA_256",
      { name: "RSA-PSS", hash: "SHA-256" },
      { name: "RSA-PSS", saltLength: 32 },
      0,
    ],
    [
      "RSASSA-PKCS1-v1_5 2048",
      "RSA_2048",
      "RSASSA_PKCS1_V1_5_SHA_256",
      { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
      { name: "RSASSA-PKCS1-v1_5" },
      0,
    ],
  ];
  const verdicts = {};
  for (const [label, KeySpec, SigningAlgorithm, importAlg, verifyAlg, size] of cases) {
    const { KeyMetadata } = await kms.createKey({ KeySpec, KeyUsage: "SIGN_VERIFY" });
    const { PublicKey } = await kms.getPublicKey({ KeyId: KeyMetadata.KeyId });
    const key = await subtle.importKey("spki", PublicKey, importAlg, false, ["verify"]);
    const { Signature } = await kms.sign({ KeyId: KeyMetadata.KeyId, Message: message, SigningAlgorithm });
    const sig = size ? p1363(Signature, size) : Signature;
    verdicts[label] = await subtle.verify(verifyAlg, key, sig, message);
    if (label === "ECDSA P-256") {
      const bad = Uint8Array.from(sig);
      bad[5] ^= 1;
      verdicts["tampered P-256"] = await subtle.verify(verifyAlg, key, bad, message);
    }
  }
  const extrasAfterPairs = fetchedExtras();

  const { KeyMetadata: ka } = await kms.createKey({ KeySpec: "ECC_NIST_P256", KeyUsage: "KEY_AGREEMENT" });
  const peer = await subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, false, ["deriveBits"]);
  const peerSpki = new Uint8Array(await subtle.exportKey("spki", peer.publicKey));
  const { SharedSecret } = await kms.deriveSharedSecret({
    KeyId: ka.KeyId,
    KeyAgreementAlgorithm: "ECDH",
    PublicKey: peerSpki,
  });
  const kmsPublic = await subtle.importKey(
    "spki",
    (await kms.getPublicKey({ KeyId: ka.KeyId })).PublicKey,
    { name: "ECDH", namedCurve: "P-256" },
    false,
    [],
  );
  const theirs = new Uint8Array(await subtle.deriveBits({ name: "ECDH", public: kmsPublic }, peer.privateKey, 256));
  const ecdhEqual = theirs.length === SharedSecret.length && theirs.every((b, i) => b === SharedSecret[i]);

  let last = performance.now();
  let longest = 0;
  let ticks = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    ticks++;
  }, 5);
  const { KeyMetadata: big } = await kms.createKey({ KeySpec: "RSA_4096", KeyUsage: "SIGN_VERIFY" });
  clearInterval(timer);
  const rsa4096Spki = (await kms.getPublicKey({ KeyId: big.KeyId })).PublicKey.length;
  await kms.close();
  return { extrasAfterSymmetric, extrasAfterPairs, verdicts, ecdhEqual, rsa4096Spki, longest, ticks };
}

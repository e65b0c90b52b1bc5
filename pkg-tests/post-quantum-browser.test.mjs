// ML-DSA and ML-KEM in a browser (Debian's chromium through playwright-core): the package's web
// build creates ML-DSA-65 and ML-KEM-768 keys, signs (RAW and EXTERNAL_MU), encapsulates,
// decapsulates and encapsulates to a public key with encapsulateToPublicKey in the page; Node
// checks every signature and secret with @noble/post-quantum, known keys byte for byte.

import assert from "node:assert/strict";
import { test } from "node:test";
import { browserSession, watch } from "./browser-support.mjs";
import { DSA, hex, KEM, knownKeys, MESSAGE, mu, rawOf, spkiOf } from "./post-quantum-support.mjs";
import { needs } from "./prerequisites.mjs";

const session = browserSession();
const { doc, keys } = knownKeys();

test("browser: kms-wasm's ML-DSA signatures and ML-KEM secrets are noble's", { skip: needs.browser.skip }, async () => {
  const page = await session.browser.newPage();
  const seen = watch(page);
  await page.goto(`${session.server.url}/blank.html`);
  const dsa = keys.ML_DSA_65;
  const kem = keys.ML_KEM_768;
  const theirs = KEM.ML_KEM_768.noble.encapsulate(kem.publicKey);
  const input = {
    seed: JSON.stringify(doc),
    dsaKeyId: dsa.KeyId,
    kemKeyId: kem.KeyId,
    message: Array.from(MESSAGE),
    mu: Array.from(mu(dsa.publicKey, MESSAGE)),
    nobleSignature: Array.from(DSA.ML_DSA_65.noble.sign(MESSAGE, dsa.secretKey)),
    nobleCiphertext: Array.from(theirs.cipherText),
  };
  const r = await page.evaluate(RUN, input);
  const u8 = (a) => Uint8Array.from(a);
  // μ of the page's new key, computed here with node:crypto; the page signs it.
  const freshMu = Array.from(mu(rawOf(u8(r.dsaPublicKey)), MESSAGE));
  r.muSignature = await page.evaluate(SIGN_MU, { keyId: r.dsaKeyId, mu: freshMu });
  const { noble: mldsa, oid: dsaOid } = DSA.ML_DSA_65;
  const { noble: mlkem, oid: kemOid } = KEM.ML_KEM_768;

  assert.equal(r.dsaKeySpec, "ML_DSA_65");
  const fresh = u8(r.dsaPublicKey);
  assert.deepEqual(fresh, spkiOf(dsaOid, rawOf(fresh)), "the new key's SPKI is the NIST DER");
  assert.equal(r.signature.length, 3309);
  assert.equal(mldsa.verify(u8(r.signature), MESSAGE, rawOf(fresh)), true, "noble verifies the page's signature");
  assert.equal(mldsa.verify(u8(r.signature), new Uint8Array(3), rawOf(fresh)), false, "and only for its message");
  assert.equal(hex(u8(r.muSignature)), hex(u8(r.signature)), "EXTERNAL_MU (μ from node:crypto) = RAW");

  assert.equal(hex(u8(r.knownPublicKey)), hex(spkiOf(dsaOid, dsa.publicKey)));
  const deterministic = mldsa.sign(MESSAGE, dsa.secretKey, { extraEntropy: false });
  assert.equal(hex(u8(r.knownSignature)), hex(deterministic), "the known key signs as noble does");
  assert.equal(hex(u8(r.seededAtOpenSignature)), hex(deterministic), "open({ seed }) loaded the extras module");
  assert.equal(hex(u8(r.knownMuSignature)), hex(deterministic), "with μ from Node too");
  assert.equal(r.nobleSignatureValid, true, "the page's Verify takes noble's signature");
  assert.equal(r.tamperedError, "KMSInvalidSignatureException");

  assert.equal(r.kemKeySpec, "ML_KEM_768");
  const kemSpki = u8(r.kemPublicKey);
  assert.deepEqual(kemSpki, spkiOf(kemOid, rawOf(kemSpki)));
  assert.equal(r.ownRoundTrip, true, "Encapsulate then Decapsulate in the page");
  assert.equal(r.ciphertext.length, 1088);
  assert.equal(hex(mlkem.decapsulate(u8(r.ciphertext), kem.secretKey)), hex(u8(r.secret)), "noble decapsulates it");
  assert.equal(hex(u8(r.nobleSecret)), hex(theirs.sharedSecret), "the page decapsulates noble's ciphertext");
  const peer = mlkem.decapsulate(u8(r.peerCiphertext), kem.secretKey);
  assert.equal(hex(peer), hex(u8(r.peerSecret)), "encapsulateToPublicKey in the page, decapsulated by noble");
  assert.equal(r.peerDecapsulated, true, "and by the page's Decapsulate");
  assert.equal(r.wrongLength, "InvalidCiphertextException");
  seen.check("post-quantum page");
  await page.close();
});

/** Runs in the page. */
async function RUN(input) {
  const { KeyManagementService, encapsulateToPublicKey } = await import("/js/web.js");
  // First, before anything has loaded the extras module: a service opened with a seed of
  // asymmetric keys loads it itself (their material is checked there).
  const seeded = await KeyManagementService.open({ storage: "memory", seed: input.seed });
  const kms = await KeyManagementService.open({ storage: "memory" });
  const u8 = (a) => Uint8Array.from(a);
  const arr = (b) => Array.from(b);
  const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
  const errorName = (p) =>
    p.then(
      () => "no error",
      (e) => e.name,
    );
  const message = u8(input.message);
  const ALG = "ML_DSA_SHAKE_256";
  const out = {};

  const { KeyMetadata: dsa } = await kms.createKey({ KeySpec: "ML_DSA_65", KeyUsage: "SIGN_VERIFY" });
  out.dsaKeySpec = dsa.KeySpec;
  const dsaPublicKey = (await kms.getPublicKey({ KeyId: dsa.KeyId })).PublicKey;
  out.dsaPublicKey = arr(dsaPublicKey);
  const raw = await kms.sign({ KeyId: dsa.KeyId, Message: message, SigningAlgorithm: ALG });
  out.signature = arr(raw.Signature);
  out.dsaKeyId = dsa.KeyId;
  await kms.applySeed(input.seed);
  // μ needs SHAKE256, which WebCrypto lacks: Node computes it (the known key's here, the new
  // key's for SIGN_MU below).
  const known = await kms.sign({ KeyId: input.dsaKeyId, Message: message, SigningAlgorithm: ALG });
  out.knownSignature = arr(known.Signature);
  const atOpen = await seeded.sign({ KeyId: input.dsaKeyId, Message: message, SigningAlgorithm: ALG });
  out.seededAtOpenSignature = arr(atOpen.Signature);
  out.knownPublicKey = arr((await kms.getPublicKey({ KeyId: input.dsaKeyId })).PublicKey);
  const viaMu = await kms.sign({
    KeyId: input.dsaKeyId,
    Message: u8(input.mu),
    MessageType: "EXTERNAL_MU",
    SigningAlgorithm: ALG,
  });
  out.knownMuSignature = arr(viaMu.Signature);
  const verify = (Signature) =>
    kms.verify({ KeyId: input.dsaKeyId, Message: message, Signature, SigningAlgorithm: ALG });
  out.nobleSignatureValid = (await verify(u8(input.nobleSignature))).SignatureValid;
  const tampered = u8(input.nobleSignature);
  tampered[100] ^= 1;
  out.tamperedError = await errorName(verify(tampered));

  const { KeyMetadata: kem } = await kms.createKey({ KeySpec: "ML_KEM_768", KeyUsage: "ENCAPSULATE_DECAPSULATE" });
  out.kemKeySpec = kem.KeySpec;
  out.kemPublicKey = arr((await kms.getPublicKey({ KeyId: kem.KeyId })).PublicKey);
  const own = await kms.encapsulate({ KeyId: kem.KeyId, EncapsulationAlgorithm: "ML_KEM" });
  const back = await kms.decapsulate({
    KeyId: kem.KeyId,
    EncapsulationAlgorithm: "ML_KEM",
    SharedSecretCiphertextBlob: own.SharedSecretCiphertextBlob,
  });
  out.ownRoundTrip = same(back.SharedSecret, own.SharedSecret);

  const knownKem = { KeyId: input.kemKeyId, EncapsulationAlgorithm: "ML_KEM" };
  const enc = await kms.encapsulate(knownKem);
  out.secret = arr(enc.SharedSecret);
  out.ciphertext = arr(enc.SharedSecretCiphertextBlob);
  const dec = await kms.decapsulate({ ...knownKem, SharedSecretCiphertextBlob: u8(input.nobleCiphertext) });
  out.nobleSecret = arr(dec.SharedSecret);
  out.wrongLength = await errorName(kms.decapsulate({ ...knownKem, SharedSecretCiphertextBlob: new Uint8Array(1087) }));

  const knownSpki = (await kms.getPublicKey({ KeyId: input.kemKeyId })).PublicKey;
  const peer = encapsulateToPublicKey("ML_KEM_768", knownSpki);
  out.peerSecret = arr(peer.SharedSecret);
  out.peerCiphertext = arr(peer.SharedSecretCiphertextBlob);
  const peerBack = await kms.decapsulate({ ...knownKem, SharedSecretCiphertextBlob: peer.SharedSecretCiphertextBlob });
  out.peerDecapsulated = same(peerBack.SharedSecret, peer.SharedSecret);
  globalThis.kms = kms;
  return out;
}

/** Runs in the page after RUN: signs μ with the new ML-DSA key, then closes the service. */
async function SIGN_MU({ keyId, mu }) {
  const { kms } = globalThis;
  const input = { KeyId: keyId, Message: Uint8Array.from(mu), MessageType: "EXTERNAL_MU" };
  const { Signature } = await kms.sign({ ...input, SigningAlgorithm: "ML_DSA_SHAKE_256" });
  await kms.close();
  return Array.from(Signature);
}

// ML-DSA and ML-KEM round trips and errors through the three ways in: the JS API,
// @aws-sdk/client-kms with requestHandler() (in-process) and @aws-sdk/client-kms over
// `kms-wasm serve --seed`. The same scenario runs on each, with known keys so that
// @noble/post-quantum checks every signature and secret byte for byte; the SDK paths must raise
// the SDK's own exception classes.

import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import * as K from "@aws-sdk/client-kms";
import { checkMessage, lowerFirst, msg, open, rejects } from "./helpers.mjs";
import { DSA, hex, KEM, knownKeys, MESSAGE, mu, rawOf, spkiOf } from "./post-quantum-support.mjs";
import { clientInProcess, clientOverServe } from "./sdk-support.mjs";

const { doc, keys } = knownKeys();
const ALG = "ML_DSA_SHAKE_256";
const flip = (b, at = b.length >> 1) => {
  const c = Uint8Array.from(b);
  c[at] ^= 1;
  return c;
};

/** The JS API as `{ call(op, input), fails(promise, name, message) }`. */
const viaJs = (kms) => ({ call: (op, input) => kms[lowerFirst(op)](input), fails: rejects });

const COMMANDS = {
  CreateKey: K.CreateKeyCommand,
  Decapsulate: K.DecapsulateCommand,
  Decrypt: K.DecryptCommand,
  DisableKey: K.DisableKeyCommand,
  EnableKey: K.EnableKeyCommand,
  Encapsulate: K.EncapsulateCommand,
  GenerateDataKeyPair: K.GenerateDataKeyPairCommand,
  GenerateDataKeyPairWithoutPlaintext: K.GenerateDataKeyPairWithoutPlaintextCommand,
  GetPublicKey: K.GetPublicKeyCommand,
  Sign: K.SignCommand,
  Verify: K.VerifyCommand,
};
/** The SDK's class for each error; the KMS model has no ValidationException, so the base class. */
const EXCEPTIONS = {
  DisabledException: K.DisabledException,
  DryRunOperationException: K.DryRunOperationException,
  InvalidCiphertextException: K.InvalidCiphertextException,
  InvalidKeyUsageException: K.InvalidKeyUsageException,
  KMSInvalidSignatureException: K.KMSInvalidSignatureException,
  ValidationException: K.KMSServiceException,
};

/**
 * An SDK client the same way; errors must be instances of the SDK's exception class for `name`
 * (EXCEPTIONS) and carry that name.
 */
const viaSdk = (client) => ({
  call: (op, input) => client.send(new COMMANDS[op](input)),
  async fails(promise, name, message) {
    const e = await promise.then(
      () => undefined,
      (x) => x,
    );
    assert.ok(e, `expected ${name}, but the call succeeded`);
    const cls = EXCEPTIONS[name];
    assert.ok(cls && e instanceof cls, `expected the SDK's ${name}, got ${e.name}: ${e.message}`);
    assert.equal(e.name, name);
    assert.equal(e.$metadata?.httpStatusCode, 400);
    checkMessage(e.message, message);
    return e;
  },
});

/** Known keys sign, verify, encapsulate and decapsulate as noble does; new keys and data key pairs too. */
async function roundTrips({ call }) {
  for (const [spec, { noble, oid, signature }] of Object.entries(DSA)) {
    const k = keys[spec];
    const pub = await call("GetPublicKey", { KeyId: k.KeyId });
    assert.equal(hex(pub.PublicKey), hex(spkiOf(oid, k.publicKey)), `${spec}: GetPublicKey is noble's key`);
    assert.deepEqual([pub.KeySpec, pub.KeyUsage, pub.SigningAlgorithms], [spec, "SIGN_VERIFY", [ALG]]);
    const raw = await call("Sign", { KeyId: k.KeyId, Message: MESSAGE, SigningAlgorithm: ALG });
    assert.equal(raw.Signature.length, signature);
    assert.equal(raw.SigningAlgorithm, ALG);
    const expected = hex(noble.sign(MESSAGE, k.secretKey, { extraEntropy: false }));
    assert.equal(hex(raw.Signature), expected, `${spec}: noble's deterministic signature`);
    const m = mu(k.publicKey, MESSAGE);
    const viaMu = await call("Sign", { KeyId: k.KeyId, Message: m, MessageType: "EXTERNAL_MU", SigningAlgorithm: ALG });
    assert.equal(hex(viaMu.Signature), expected, `${spec}: EXTERNAL_MU signs what RAW signs`);
    assert.equal(noble.verify(viaMu.Signature, MESSAGE, k.publicKey), true);
    const hedged = noble.sign(MESSAGE, k.secretKey);
    const ok = await call("Verify", { KeyId: k.KeyId, Message: MESSAGE, Signature: hedged, SigningAlgorithm: ALG });
    assert.equal(ok.SignatureValid, true, `${spec}: Verify takes noble's hedged signature`);
    const okMu = await call("Verify", {
      KeyId: k.KeyId,
      Message: m,
      MessageType: "EXTERNAL_MU",
      Signature: hedged,
      SigningAlgorithm: ALG,
    });
    assert.equal(okMu.SignatureValid, true, `${spec}: and with μ`);
  }
  for (const [spec, { noble, oid, ciphertext }] of Object.entries(KEM)) {
    const k = keys[spec];
    const pub = await call("GetPublicKey", { KeyId: k.KeyId });
    assert.equal(hex(pub.PublicKey), hex(spkiOf(oid, k.publicKey)), `${spec}: GetPublicKey is noble's key`);
    assert.deepEqual([pub.KeyUsage, pub.EncapsulationAlgorithms], ["ENCAPSULATE_DECAPSULATE", ["ML_KEM"]]);
    const input = { KeyId: k.KeyId, EncapsulationAlgorithm: "ML_KEM" };
    const enc = await call("Encapsulate", input);
    assert.equal(enc.SharedSecretCiphertextBlob.length, ciphertext);
    assert.equal(enc.EncapsulationAlgorithm, "ML_KEM");
    const nobleSecret = noble.decapsulate(enc.SharedSecretCiphertextBlob, k.secretKey);
    assert.equal(hex(nobleSecret), hex(enc.SharedSecret), `${spec}: noble decapsulates Encapsulate's ciphertext`);
    const theirs = noble.encapsulate(k.publicKey);
    const dec = await call("Decapsulate", { ...input, SharedSecretCiphertextBlob: theirs.cipherText });
    assert.equal(hex(dec.SharedSecret), hex(theirs.sharedSecret), `${spec}: Decapsulate of noble's ciphertext`);
    const bad = flip(theirs.cipherText);
    const rejected = await call("Decapsulate", { ...input, SharedSecretCiphertextBlob: bad });
    assert.equal(hex(rejected.SharedSecret), hex(noble.decapsulate(bad, k.secretKey)), `${spec}: implicit rejection`);

    const { KeyMetadata: sym } = await call("CreateKey", {});
    const pair = await call("GenerateDataKeyPair", { KeyId: sym.KeyId, KeyPairSpec: spec });
    const mine = noble.keygen(pair.PrivateKeyPlaintext.subarray(22));
    assert.equal(hex(pair.PublicKey), hex(spkiOf(oid, mine.publicKey)), `${spec}: data key pair = noble's of its seed`);
    const sealed = await call("GenerateDataKeyPairWithoutPlaintext", { KeyId: sym.KeyId, KeyPairSpec: spec });
    const opened = (await call("Decrypt", { CiphertextBlob: sealed.PrivateKeyCiphertextBlob })).Plaintext;
    assert.equal(hex(sealed.PublicKey), hex(spkiOf(oid, noble.keygen(opened.subarray(22)).publicKey)));
  }
  const { KeyMetadata: dsa } = await call("CreateKey", { KeySpec: "ML_DSA_65", KeyUsage: "SIGN_VERIFY" });
  assert.deepEqual(dsa.SigningAlgorithms, [ALG]);
  const spki = (await call("GetPublicKey", { KeyId: dsa.KeyId })).PublicKey;
  const { Signature } = await call("Sign", { KeyId: dsa.KeyId, Message: MESSAGE, SigningAlgorithm: ALG });
  assert.equal(DSA.ML_DSA_65.noble.verify(Signature, MESSAGE, rawOf(spki)), true, "a new key's signature in noble");
  const { KeyMetadata: kem } = await call("CreateKey", { KeySpec: "ML_KEM_768", KeyUsage: "ENCAPSULATE_DECAPSULATE" });
  assert.deepEqual(kem.EncapsulationAlgorithms, ["ML_KEM"]);
  const kemPub = (await call("GetPublicKey", { KeyId: kem.KeyId })).PublicKey;
  const theirs = KEM.ML_KEM_768.noble.encapsulate(rawOf(kemPub));
  const dec = await call("Decapsulate", {
    KeyId: kem.KeyId,
    EncapsulationAlgorithm: "ML_KEM",
    SharedSecretCiphertextBlob: theirs.cipherText,
  });
  assert.equal(hex(dec.SharedSecret), hex(theirs.sharedSecret), "a new key decapsulates noble's ciphertext");
}

/** Every refusal, with AWS's exception (and kms-wasm's message). */
async function errors({ call, fails }) {
  const dsa = keys.ML_DSA_65;
  const kem = keys.ML_KEM_768;
  const sign = (extra) => call("Sign", { KeyId: dsa.KeyId, Message: MESSAGE, SigningAlgorithm: ALG, ...extra });
  const signature = (await sign()).Signature;
  const verify = (extra) =>
    call("Verify", { KeyId: dsa.KeyId, Message: MESSAGE, Signature: signature, SigningAlgorithm: ALG, ...extra });
  const kemInput = { KeyId: kem.KeyId, EncapsulationAlgorithm: "ML_KEM" };
  const ct = (n) => new Uint8Array(n).fill(7);

  const noDigest = "MessageType DIGEST is not valid with ML_DSA key specs. Use RAW or EXTERNAL_MU.";
  const digest = new Uint8Array(64);
  await fails(sign({ Message: digest, MessageType: "DIGEST" }), "ValidationException", noDigest);
  await fails(verify({ Message: digest, MessageType: "DIGEST" }), "ValidationException", noDigest);
  const muLength = "Message must be 64 bytes for MessageType EXTERNAL_MU.";
  for (const n of [32, 63, 65, 4096]) {
    await fails(sign({ Message: new Uint8Array(n), MessageType: "EXTERNAL_MU" }), "ValidationException", muLength);
  }
  await fails(verify({ Message: new Uint8Array(63), MessageType: "EXTERNAL_MU" }), "ValidationException", muLength);
  await fails(
    sign({ SigningAlgorithm: "ECDSA_SHA_256" }),
    "InvalidKeyUsageException",
    "Algorithm ECDSA_SHA_256 is incompatible with key spec ML_DSA_65.",
  );
  const { KeyMetadata: ec } = await call("CreateKey", { KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" });
  await fails(
    call("Sign", { KeyId: ec.KeyId, Message: digest, MessageType: "EXTERNAL_MU", SigningAlgorithm: "ECDSA_SHA_256" }),
    "ValidationException",
    "MessageType EXTERNAL_MU is valid only with ML_DSA key specs.",
  );

  const pqArn = (k) => `arn:aws:kms:us-east-1:111122223333:key/${k.KeyId}`;
  for (const n of [1, 768, 1087, 1089, 1568]) {
    await fails(
      call("Decapsulate", { ...kemInput, SharedSecretCiphertextBlob: ct(n) }),
      "InvalidCiphertextException",
      `The encapsulated shared secret of a ML_KEM_768 key is 1088 bytes; this one is ${n}.`,
    );
  }
  await fails(
    call("Encapsulate", { KeyId: dsa.KeyId, EncapsulationAlgorithm: "ML_KEM" }),
    "InvalidKeyUsageException",
    `${pqArn(dsa)} key usage is SIGN_VERIFY which is not valid for Encapsulate.`,
  );
  await fails(
    call("Decapsulate", { KeyId: dsa.KeyId, EncapsulationAlgorithm: "ML_KEM", SharedSecretCiphertextBlob: ct(1088) }),
    "InvalidKeyUsageException",
    `${pqArn(dsa)} key usage is SIGN_VERIFY which is not valid for Decapsulate.`,
  );
  await fails(
    call("Sign", { KeyId: kem.KeyId, Message: MESSAGE, SigningAlgorithm: ALG }),
    "InvalidKeyUsageException",
    `${pqArn(kem)} key usage is ENCAPSULATE_DECAPSULATE which is not valid for Sign.`,
  );
  await fails(call("Encapsulate", { ...kemInput, EncapsulationAlgorithm: "ECDH" }), "ValidationException");

  await fails(sign({ DryRun: true }), "DryRunOperationException", msg.dryRun);
  await fails(verify({ DryRun: true }), "DryRunOperationException", msg.dryRun);
  await fails(call("Encapsulate", { ...kemInput, DryRun: true }), "DryRunOperationException", msg.dryRun);
  const real = KEM.ML_KEM_768.noble.encapsulate(kem.publicKey).cipherText;
  await fails(
    call("Decapsulate", { ...kemInput, SharedSecretCiphertextBlob: real, DryRun: true }),
    "DryRunOperationException",
    msg.dryRun,
  );

  // Disabled keys refuse every use, and work again once enabled.
  const { KeyMetadata: d } = await call("CreateKey", { KeySpec: "ML_DSA_44", KeyUsage: "SIGN_VERIFY" });
  const { KeyMetadata: e } = await call("CreateKey", { KeySpec: "ML_KEM_512", KeyUsage: "ENCAPSULATE_DECAPSULATE" });
  const enc = await call("Encapsulate", { KeyId: e.KeyId, EncapsulationAlgorithm: "ML_KEM" });
  const decIn = {
    KeyId: e.KeyId,
    EncapsulationAlgorithm: "ML_KEM",
    SharedSecretCiphertextBlob: enc.SharedSecretCiphertextBlob,
  };
  for (const key of [d, e]) await call("DisableKey", { KeyId: key.KeyId });
  await fails(
    call("Sign", { KeyId: d.KeyId, Message: MESSAGE, SigningAlgorithm: ALG }),
    "DisabledException",
    msg.disabled(d.Arn),
  );
  await fails(
    call("Encapsulate", { KeyId: e.KeyId, EncapsulationAlgorithm: "ML_KEM" }),
    "DisabledException",
    msg.disabled(e.Arn),
  );
  await fails(call("Decapsulate", decIn), "DisabledException", msg.disabled(e.Arn));
  await fails(
    call("Encapsulate", { KeyId: e.KeyId, EncapsulationAlgorithm: "ML_KEM", DryRun: true }),
    "DisabledException",
  );
  for (const key of [d, e]) await call("EnableKey", { KeyId: key.KeyId });
  assert.deepEqual((await call("Decapsulate", decIn)).SharedSecret, enc.SharedSecret, "enabled again: it decapsulates");
}

describe("ML-DSA and ML-KEM through the JS API", () => {
  test("round trips", async () => roundTrips(viaJs(await open({ seed: doc }))));
  test("errors", async () => errors(viaJs(await open({ seed: doc }))));
});

describe("ML-DSA and ML-KEM through @aws-sdk/client-kms with requestHandler()", () => {
  test("round trips", async () => roundTrips(viaSdk(clientInProcess(await open({ seed: doc })))));
  test("errors", async () => errors(viaSdk(clientInProcess(await open({ seed: doc })))));
});

describe("ML-DSA and ML-KEM through @aws-sdk/client-kms over kms-wasm serve --seed", () => {
  const dir = mkdtempSync(join(tmpdir(), "kms-wasm-pq-"));
  const seedFile = join(dir, "seed.json");
  writeFileSync(seedFile, JSON.stringify(doc));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const serve = clientOverServe(["--seed", seedFile]);
  test("round trips", () => roundTrips(viaSdk(serve.client)));
  test("errors", () => errors(viaSdk(serve.client)));
});

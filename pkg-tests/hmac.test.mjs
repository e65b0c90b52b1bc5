// HMAC keys (HMAC_224/256/384/512, GENERATE_VERIFY_MAC) checked against node:crypto, which
// nobody here wrote: material imported from Node gives the MACs createHmac gives, through the
// JS API, through @aws-sdk/client-kms with requestHandler(), and over `kms-wasm serve`.
// Also what DescribeKey shows, the wrong pairings and the refusals of rotation.

import assert from "node:assert/strict";
import { createHmac, randomBytes } from "node:crypto";
import { describe, test } from "node:test";
import * as K from "@aws-sdk/client-kms";
import { bytes, open, rejects } from "./helpers.mjs";
import { NO_EXPIRY, nodeWrap } from "./import-helpers.mjs";
import { clientInProcess, clientOverServe } from "./sdk-support.mjs";

const SPECS = { HMAC_224: "sha224", HMAC_256: "sha256", HMAC_384: "sha384", HMAC_512: "sha512" };
const algorithmOf = (spec) => `HMAC_SHA_${spec.slice(5)}`;
const MESSAGE = bytes("The quick brown fox jumps over the lazy dog");

/** Creates an EXTERNAL HMAC key through `send(op, input)` and imports `material` wrapped by node:crypto. */
async function importedKey(send, spec, material) {
  const { KeyMetadata } = await send("CreateKey", {
    KeySpec: spec,
    KeyUsage: "GENERATE_VERIFY_MAC",
    Origin: "EXTERNAL",
  });
  const params = await send("GetParametersForImport", {
    KeyId: KeyMetadata.KeyId,
    WrappingAlgorithm: "RSAES_OAEP_SHA_256",
    WrappingKeySpec: "RSA_2048",
  });
  await send("ImportKeyMaterial", {
    KeyId: KeyMetadata.KeyId,
    ImportToken: params.ImportToken,
    EncryptedKeyMaterial: nodeWrap(params.PublicKey, material, "RSAES_OAEP_SHA_256"),
    ...NO_EXPIRY,
  });
  return KeyMetadata;
}

/** The same checks through any client: MACs equal node:crypto's, VerifyMac accepts them and refuses others. */
async function checkEverySpec(send, invalidMac) {
  for (const [spec, hash] of Object.entries(SPECS)) {
    // Material of the spec's length and of the longest AWS accepts (1024 bits).
    for (const length of [createHmac(hash, "").digest().length, 128]) {
      const material = new Uint8Array(randomBytes(length));
      const key = await importedKey(send, spec, material);
      const MacAlgorithm = algorithmOf(spec);
      const out = await send("GenerateMac", { KeyId: key.KeyId, Message: MESSAGE, MacAlgorithm });
      const expected = createHmac(hash, material).update(MESSAGE).digest();
      assert.deepEqual(Buffer.from(out.Mac), expected, `${spec}, ${length}-byte material`);
      assert.equal(out.KeyId, key.Arn);
      assert.equal(out.MacAlgorithm, MacAlgorithm);
      const ok = await send("VerifyMac", { KeyId: key.KeyId, Message: MESSAGE, MacAlgorithm, Mac: expected });
      assert.equal(ok.MacValid, true);
      assert.equal(ok.KeyId, key.Arn);
      const tampered = Uint8Array.from(expected);
      tampered[0] ^= 1;
      await invalidMac(send("VerifyMac", { KeyId: key.KeyId, Message: MESSAGE, MacAlgorithm, Mac: tampered }));
    }
  }
}

describe("HMAC keys through the JS API", () => {
  const call = (kms) => (op, input) => kms[op[0].toLowerCase() + op.slice(1)](input);

  test("imported material gives node:crypto's MACs for every spec", async () => {
    const kms = await open();
    await checkEverySpec(call(kms), (p) => rejects(p, "KMSInvalidMacException", null));
  });

  test("DescribeKey, generated keys, wrong pairings and rotation", async () => {
    const kms = await open();
    const { KeyMetadata: k } = await kms.createKey({ KeySpec: "HMAC_384", KeyUsage: "GENERATE_VERIFY_MAC" });
    assert.deepEqual(k.MacAlgorithms, ["HMAC_SHA_384"]);
    assert.equal(k.KeySpec, "HMAC_384");
    assert.equal(k.CustomerMasterKeySpec, "HMAC_384");
    assert.equal(k.EncryptionAlgorithms, undefined);
    assert.equal(k.CurrentKeyMaterialId, undefined, "only symmetric encryption keys show it");
    const mac = await kms.generateMac({ KeyId: k.KeyId, Message: MESSAGE, MacAlgorithm: "HMAC_SHA_384" });
    assert.equal(mac.Mac.length, 48);
    await rejects(
      kms.generateMac({ KeyId: k.KeyId, Message: MESSAGE, MacAlgorithm: "HMAC_SHA_512" }),
      "InvalidKeyUsageException",
      "Algorithm HMAC_SHA_512 is incompatible with key spec HMAC_384.",
    );
    await rejects(
      kms.createKey({ KeySpec: "HMAC_256" }),
      "ValidationException",
      "You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.",
    );
    await rejects(kms.encrypt({ KeyId: k.KeyId, Plaintext: MESSAGE }), "InvalidKeyUsageException");
    const { KeyMetadata: sym } = await kms.createKey({});
    await rejects(
      kms.generateMac({ KeyId: sym.KeyId, Message: MESSAGE, MacAlgorithm: "HMAC_SHA_256" }),
      "InvalidKeyUsageException",
      `${sym.Arn} key usage is ENCRYPT_DECRYPT which is not valid for GenerateMac.`,
    );
    await rejects(kms.rotateKeyOnDemand({ KeyId: k.KeyId }), "UnsupportedOperationException", null);
    await rejects(kms.enableKeyRotation({ KeyId: k.KeyId }), "UnsupportedOperationException");
    // The disabled key refuses MACs with the state error, before the usage rules.
    await kms.disableKey({ KeyId: k.KeyId });
    await rejects(
      kms.generateMac({ KeyId: k.KeyId, Message: MESSAGE, MacAlgorithm: "HMAC_SHA_384" }),
      "DisabledException",
      `${k.Arn} is disabled.`,
    );
  });

  test("the audit log records MAC calls without the message or the MAC", async () => {
    const kms = await open();
    const { KeyMetadata: k } = await kms.createKey({ KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC" });
    const secret = "secret-message-for-the-audit-test";
    const { Mac } = await kms.generateMac({ KeyId: k.KeyId, Message: bytes(secret), MacAlgorithm: "HMAC_SHA_256" });
    await kms.verifyMac({ KeyId: k.KeyId, Message: bytes(secret), MacAlgorithm: "HMAC_SHA_256", Mac });
    const events = await kms.auditLog({ keyId: k.KeyId });
    const names = events.map((e) => e.eventName);
    assert.ok(names.includes("GenerateMac") && names.includes("VerifyMac"), names.join());
    const text = JSON.stringify(events);
    assert.ok(!text.includes(secret) && !text.includes(Buffer.from(secret).toString("base64")));
    assert.ok(!text.includes(Buffer.from(Mac).toString("base64")));
  });
});

const COMMANDS = {
  CreateKey: K.CreateKeyCommand,
  GetParametersForImport: K.GetParametersForImportCommand,
  ImportKeyMaterial: K.ImportKeyMaterialCommand,
  GenerateMac: K.GenerateMacCommand,
  VerifyMac: K.VerifyMacCommand,
};
/** `send(op, input)` for an SDK client. */
const sdkSend = (client) => (op, input) => client.send(new COMMANDS[op](input));
const sdkInvalidMac = (p) =>
  assert.rejects(p, (e) => {
    assert.ok(e instanceof K.KMSInvalidMacException, `${e.name}: ${e.message}`);
    return true;
  });

describe("HMAC keys through @aws-sdk/client-kms", () => {
  test("requestHandler(): node:crypto's MACs for every spec", async () => {
    const kms = await open();
    const client = clientInProcess(kms);
    await checkEverySpec(sdkSend(client), sdkInvalidMac);
  });

  describe("over kms-wasm serve", () => {
    const serve = clientOverServe();
    test("node:crypto's MACs for every spec", async () => {
      await checkEverySpec(sdkSend(serve.client), sdkInvalidMac);
    });
  });
});

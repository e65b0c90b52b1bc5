// Importing key material through the JS API: EXTERNAL keys, every accepted wrapping algorithm
// × wrapping key spec with material wrapped by openssl (AWS's documented commands) and by
// node:crypto, token and material expiry over virtual time, wrong and foreign tokens, material
// checks, deletion and re-import, refused algorithms. Where wrapping keys are made: import-keygen.test.mjs.

import assert from "node:assert/strict";
import { createPublicKey } from "node:crypto";
import { after, test } from "node:test";
import { bytes, DAY, HEX64_RE, msg, open, rejects, START_MS, tempDir, text, UUID_RE } from "./helpers.mjs";
import {
  ALGORITHMS,
  externalKey,
  importWith,
  NO_EXPIRY,
  newMaterial,
  nodeWrap,
  opensslWrap,
  SPEC_BITS,
  SPECS,
  whileTicking,
} from "./import-helpers.mjs";

/** Wrapping keys come from workers unless a randomSeed is given, so these services have none. */
const openPooled = (opts = {}) => open({ randomSeed: undefined, ...opts });
const kms = await openPooled();
after(() => kms.close());

const incorrect = (arn) => `The key material does not match the key material previously imported into ${arn}.`;
const invalidToken = "The import token is invalid or was not issued for this KMS key.";

test("CreateKey with Origin EXTERNAL: no material, PendingImport; GetParametersForImport's answer", async () => {
  const { KeyMetadata: m } = await kms.createKey({ Origin: "EXTERNAL", Description: "byok" });
  assert.match(m.KeyId, UUID_RE);
  assert.equal(m.Origin, "EXTERNAL");
  assert.equal(m.KeyState, "PendingImport");
  assert.equal(m.Enabled, false);
  assert.equal(m.KeySpec, "SYMMETRIC_DEFAULT");
  assert.equal(m.KeyUsage, "ENCRYPT_DECRYPT");
  assert.equal(m.CurrentKeyMaterialId, undefined);
  assert.equal(m.ExpirationModel, undefined);
  assert.deepEqual((await kms.describeKey({ KeyId: m.KeyId })).KeyMetadata, m);
  await rejects(
    kms.encrypt({ KeyId: m.KeyId, Plaintext: bytes("x") }),
    "KMSInvalidStateException",
    msg.pendingImport(m.Arn),
  );
  await rejects(
    kms.enableKeyRotation({ KeyId: m.KeyId }),
    "UnsupportedOperationException",
    `${m.Arn} origin is EXTERNAL which is not valid for this operation.`,
  );

  const p = await kms.getParametersForImport({
    KeyId: m.KeyId,
    WrappingAlgorithm: "RSAES_OAEP_SHA_256",
    WrappingKeySpec: "RSA_2048",
  });
  assert.deepEqual(Object.keys(p).sort(), ["ImportToken", "KeyId", "ParametersValidTo", "PublicKey"]);
  assert.equal(p.KeyId, m.Arn);
  assert.deepEqual(p.ParametersValidTo, new Date(START_MS + DAY * 1000));
  const pub = createPublicKey({ key: Buffer.from(p.PublicKey), format: "der", type: "spki" });
  assert.equal(pub.asymmetricKeyType, "rsa");
  assert.equal(pub.asymmetricKeyDetails.modulusLength, 2048);
  assert.equal(pub.asymmetricKeyDetails.publicExponent, 65537n);
  assert.ok(p.ImportToken instanceof Uint8Array && p.ImportToken.length > 0 && p.ImportToken.length <= 6144);
  // Every call issues a new wrapping key and token.
  const q = await kms.getParametersForImport({
    KeyId: m.KeyId,
    WrappingAlgorithm: "RSAES_OAEP_SHA_256",
    WrappingKeySpec: "RSA_2048",
  });
  assert.notDeepEqual(q.PublicKey, p.PublicKey);
  assert.notDeepEqual(q.ImportToken, p.ImportToken);
  assert.equal((await kms.describeKey({ KeyId: m.KeyId })).KeyMetadata.KeyState, "PendingImport");
});

test("every algorithm × wrapping key spec: openssl- and node:crypto-wrapped material imports; RSA keygen never blocks", async (t) => {
  const svc = await openPooled(); // its own pool: the first RSA_4096 request meets no ready key
  t.after(() => svc.close());
  const dir = await tempDir(t);
  const one = async (alg, spec, first) => {
    const { KeyMetadata } = await svc.createKey({ Origin: "EXTERNAL", Description: `${alg} ${spec}` });
    const KeyId = KeyMetadata.KeyId;
    const request = () => svc.getParametersForImport({ KeyId, WrappingAlgorithm: alg, WrappingKeySpec: spec });
    let params;
    if (spec === "RSA_4096" && first) {
      const { value, ticks, longestStallMs } = await whileTicking(request);
      params = value;
      t.diagnostic(
        `RSA_4096 parameters: event loop ticked ${ticks} times, longest stall ${longestStallMs.toFixed(1)} ms`,
      );
      assert.ok(ticks >= 5, `the event loop kept running while the key was made (${ticks} ticks)`);
    } else {
      params = await request();
    }
    const bits = SPEC_BITS[spec];
    assert.equal(
      createPublicKey({ key: Buffer.from(params.PublicKey), format: "der", type: "spki" }).asymmetricKeyDetails
        .modulusLength,
      bits,
    );
    const material = newMaterial();
    const byOpenssl = await opensslWrap(dir, params.PublicKey, material, alg);
    assert.equal(byOpenssl.length, bits / 8);
    const imported = await svc.importKeyMaterial({
      KeyId,
      ImportToken: params.ImportToken,
      EncryptedKeyMaterial: byOpenssl,
      ...NO_EXPIRY,
    });
    assert.deepEqual(imported, { KeyId: KeyMetadata.Arn, KeyMaterialId: imported.KeyMaterialId });
    assert.match(imported.KeyMaterialId, HEX64_RE);
    const m = (await svc.describeKey({ KeyId })).KeyMetadata;
    assert.equal(m.KeyState, "Enabled", `${alg} ${spec}`);
    assert.equal(m.ExpirationModel, "KEY_MATERIAL_DOES_NOT_EXPIRE");
    assert.equal(m.CurrentKeyMaterialId, imported.KeyMaterialId);
    const { CiphertextBlob } = await svc.encrypt({ KeyId, Plaintext: bytes(`${alg} ${spec}`) });
    assert.equal(text((await svc.decrypt({ CiphertextBlob })).Plaintext), `${alg} ${spec}`);
    // node:crypto's wrapping of the same material restores it after deletion.
    await svc.deleteImportedKeyMaterial({ KeyId });
    await rejects(svc.decrypt({ CiphertextBlob }), "KMSInvalidStateException", msg.pendingImport(KeyMetadata.Arn));
    const byNode = nodeWrap(params.PublicKey, material, alg);
    const again = await svc.importKeyMaterial({
      KeyId,
      ImportToken: params.ImportToken,
      EncryptedKeyMaterial: byNode,
      ...NO_EXPIRY,
    });
    assert.equal(again.KeyMaterialId, imported.KeyMaterialId);
    assert.equal(text((await svc.decrypt({ CiphertextBlob })).Plaintext), `${alg} ${spec}`);
  };
  // In turn, smallest keys first, so the stall measured is that of the RSA_4096 request alone
  // (on 2 cores, parallel key sizes gain little and blur it).
  for (const spec of SPECS) {
    for (const [i, alg] of ALGORITHMS.entries()) await one(alg, spec, i === 0);
  }
});

test("import tokens expire after 24 hours of virtual time", async () => {
  const { keyId, params, alg } = await externalKey(kms);
  const material = newMaterial();
  const issued = kms.now().getTime();
  assert.equal(params.ParametersValidTo.getTime(), issued + DAY * 1000);
  await kms.advanceClock(DAY - 1);
  await importWith(kms, keyId, params, material, alg);
  await kms.advanceClock(1);
  await rejects(
    importWith(kms, keyId, params, material, alg),
    "ExpiredImportTokenException",
    `The import token expired at ${new Date(issued + DAY * 1000).toISOString().replace(".000", "")}. Call GetParametersForImport for a new one.`,
  );
  const fresh = await kms.getParametersForImport({ KeyId: keyId, WrappingAlgorithm: alg, WrappingKeySpec: "RSA_2048" });
  await importWith(kms, keyId, fresh, material, alg);
});

test("material expires at ValidTo: PendingImport, a DeleteExpiredKeyMaterial event, restored by re-import", async () => {
  const { keyId, arn, params, alg } = await externalKey(kms);
  const material = newMaterial();
  const now = kms.now().getTime();
  const noValidTo = { ExpirationModel: "KEY_MATERIAL_EXPIRES" };
  await rejects(
    importWith(kms, keyId, params, material, alg, noValidTo),
    "ValidationException",
    "A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES",
  );
  await rejects(
    importWith(kms, keyId, params, material, alg, { ExpirationModel: undefined }),
    "ValidationException",
    "A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES",
  );
  await rejects(
    importWith(kms, keyId, params, material, alg, { ...noValidTo, ValidTo: new Date(now) }),
    "ValidationException",
    "ValidTo must be in the future.",
  );
  await rejects(
    importWith(kms, keyId, params, material, alg, { ...noValidTo, ValidTo: new Date(now + 366 * DAY * 1000) }),
    "ValidationException",
    "ValidTo must be no more than 365 days in the future.",
  );
  await rejects(
    importWith(kms, keyId, params, material, alg, { ValidTo: new Date(now + DAY * 1000) }),
    "ValidationException",
    "A validTo date must not be set if the ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE",
  );
  assert.equal(
    (await kms.describeKey({ KeyId: keyId })).KeyMetadata.KeyState,
    "PendingImport",
    "nothing changed on failure",
  );

  const validTo = new Date(now + 2 * DAY * 1000);
  await importWith(kms, keyId, params, material, alg, { ...noValidTo, ValidTo: validTo });
  const m = (await kms.describeKey({ KeyId: keyId })).KeyMetadata;
  assert.equal(m.ExpirationModel, "KEY_MATERIAL_EXPIRES");
  assert.deepEqual(m.ValidTo, validTo);
  const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: bytes("expiring") });
  await kms.advanceClock(2 * DAY - 1);
  assert.equal((await kms.describeKey({ KeyId: keyId })).KeyMetadata.KeyState, "Enabled");
  await kms.advanceClock(1);
  const expired = (await kms.describeKey({ KeyId: keyId })).KeyMetadata;
  assert.equal(expired.KeyState, "PendingImport");
  assert.equal(expired.Description, m.Description);
  await rejects(kms.decrypt({ CiphertextBlob }), "KMSInvalidStateException", msg.pendingImport(arn));
  const [event] = await kms.auditLog({ keyId, eventName: "DeleteExpiredKeyMaterial" });
  assert.equal(event.eventType, "AwsServiceEvent");
  assert.equal(event.eventTime, validTo.toISOString().replace(".000", ""));
  const fresh = await kms.getParametersForImport({ KeyId: keyId, WrappingAlgorithm: alg, WrappingKeySpec: "RSA_2048" });
  await importWith(kms, keyId, fresh, material, alg);
  assert.equal(text((await kms.decrypt({ CiphertextBlob })).Plaintext), "expiring");
});

test("wrong, foreign and mismatched tokens; material wrapped for another wrapping key", async () => {
  const a = await externalKey(kms);
  const b = await externalKey(kms);
  const material = newMaterial();
  const wrapped = nodeWrap(a.params.PublicKey, material, a.alg);
  const attempt = (ImportToken, EncryptedKeyMaterial, KeyId = a.keyId) =>
    kms.importKeyMaterial({ KeyId, ImportToken, EncryptedKeyMaterial, ...NO_EXPIRY });
  await rejects(attempt(bytes("not a token"), wrapped), "InvalidImportTokenException", invalidToken);
  const forged = a.params.ImportToken.slice();
  forged[8] ^= 1;
  await rejects(attempt(forged, wrapped), "InvalidImportTokenException", invalidToken);
  // b's token, used for a (even with material wrapped for b's key).
  await rejects(
    attempt(b.params.ImportToken, nodeWrap(b.params.PublicKey, material, b.alg)),
    "InvalidImportTokenException",
    invalidToken,
  );
  const cannot = (alg) =>
    `The encrypted key material could not be unwrapped with the ${alg} wrapping key of this import token.`;
  // Material wrapped for another token's public key (of the same key).
  const other = await kms.getParametersForImport({
    KeyId: a.keyId,
    WrappingAlgorithm: "RSAES_OAEP_SHA_256",
    WrappingKeySpec: "RSA_2048",
  });
  await rejects(
    attempt(a.params.ImportToken, nodeWrap(other.PublicKey, material, a.alg)),
    "InvalidCiphertextException",
    cannot(a.alg),
  );
  // The right key but the other OAEP hash; garbage.
  await rejects(
    attempt(a.params.ImportToken, nodeWrap(a.params.PublicKey, material, "RSAES_OAEP_SHA_1")),
    "InvalidCiphertextException",
    cannot(a.alg),
  );
  await rejects(
    attempt(a.params.ImportToken, new Uint8Array(256).fill(7)),
    "InvalidCiphertextException",
    cannot(a.alg),
  );
  assert.equal((await kms.describeKey({ KeyId: a.keyId })).KeyMetadata.KeyState, "PendingImport");
  await attempt(other.ImportToken, nodeWrap(other.PublicKey, material, a.alg));
  assert.equal((await kms.describeKey({ KeyId: a.keyId })).KeyMetadata.KeyState, "Enabled");
});

test("material is tied to its key: different material refused, the same restores old ciphertexts", async () => {
  const { keyId, arn, params, alg } = await externalKey(kms);
  const material = newMaterial();
  await rejects(
    importWith(kms, keyId, params, material.slice(0, 16), alg),
    "IncorrectKeyMaterialException",
    "Key material for a SYMMETRIC_DEFAULT key must be 256 bits (32 bytes); the imported material is 16 bytes.",
  );
  const { KeyMaterialId } = await importWith(kms, keyId, params, material, alg);
  const old = await kms.encrypt({ KeyId: keyId, Plaintext: bytes("old"), EncryptionContext: { a: "b" } });
  await rejects(importWith(kms, keyId, params, newMaterial(), alg), "IncorrectKeyMaterialException", incorrect(arn));
  await rejects(
    importWith(kms, keyId, params, newMaterial(), alg, { ImportType: "EXISTING_KEY_MATERIAL" }),
    "IncorrectKeyMaterialException",
    incorrect(arn),
  );
  await rejects(
    importWith(kms, keyId, params, material, alg, {
      ImportType: "EXISTING_KEY_MATERIAL",
      KeyMaterialId: "0".repeat(64),
    }),
    "IncorrectKeyMaterialException",
    incorrect(arn),
  );

  assert.deepEqual(await kms.deleteImportedKeyMaterial({ KeyId: keyId }), { KeyId: arn, KeyMaterialId });
  const gone = (await kms.describeKey({ KeyId: keyId })).KeyMetadata;
  assert.equal(gone.KeyState, "PendingImport");
  assert.equal(gone.CurrentKeyMaterialId, KeyMaterialId);
  // Deleting again is a no-op; different material is still refused after deletion.
  assert.equal((await kms.deleteImportedKeyMaterial({ KeyId: keyId })).KeyId, arn);
  await rejects(importWith(kms, keyId, params, newMaterial(), alg), "IncorrectKeyMaterialException", incorrect(arn));
  const back = await importWith(kms, keyId, params, material, alg, {
    ImportType: "EXISTING_KEY_MATERIAL",
    KeyMaterialId,
  });
  assert.equal(back.KeyMaterialId, KeyMaterialId);
  const d = await kms.decrypt({ CiphertextBlob: old.CiphertextBlob, EncryptionContext: { a: "b" } });
  assert.equal(text(d.Plaintext), "old");
  // Re-importing into a disabled key leaves it disabled; after a deletion, import enables it.
  await kms.disableKey({ KeyId: keyId });
  await importWith(kms, keyId, params, material, alg);
  assert.equal((await kms.describeKey({ KeyId: keyId })).KeyMetadata.KeyState, "Disabled");
  await kms.deleteImportedKeyMaterial({ KeyId: keyId });
  assert.equal((await kms.describeKey({ KeyId: keyId })).KeyMetadata.KeyState, "PendingImport");
  await importWith(kms, keyId, params, material, alg);
  assert.equal((await kms.describeKey({ KeyId: keyId })).KeyMetadata.KeyState, "Enabled");

  const { KeyMetadata: native } = await kms.createKey({});
  const awsKms = `${native.Arn} origin is AWS_KMS which is not valid for this operation.`;
  await rejects(kms.deleteImportedKeyMaterial({ KeyId: native.KeyId }), "UnsupportedOperationException", awsKms);
  await rejects(
    kms.getParametersForImport({
      KeyId: native.KeyId,
      WrappingAlgorithm: "RSAES_OAEP_SHA_256",
      WrappingKeySpec: "RSA_2048",
    }),
    "UnsupportedOperationException",
    awsKms,
  );
});

test("refused wrapping algorithms, with AWS's messages; the key stays PendingImport", async () => {
  const {
    KeyMetadata: { KeyId },
  } = await kms.createKey({ Origin: "EXTERNAL" });
  const ask = (WrappingAlgorithm, WrappingKeySpec) =>
    kms.getParametersForImport({ KeyId, WrappingAlgorithm, WrappingKeySpec });
  for (const alg of ["RSA_AES_KEY_WRAP_SHA_1", "RSA_AES_KEY_WRAP_SHA_256"]) {
    for (const spec of ["RSA_2048", "RSA_3072", "RSA_4096"]) {
      await rejects(
        ask(alg, spec),
        "ValidationException",
        `Wrapping algorithm ${alg} and wrapping key spec ${spec} cannot be used to import a SYMMETRIC_DEFAULT key.`,
      );
    }
  }
  for (const spec of ["RSA_2048", "RSA_4096"]) {
    await rejects(
      ask("RSAES_PKCS1_V1_5", spec),
      "ValidationException",
      "Wrapping algorithm RSAES_PKCS1_V1_5 is not supported.",
    );
  }
  await rejects(
    ask("SM2PKE", "SM2"),
    "ValidationException",
    "Wrapping algorithm SM2PKE and wrapping key spec SM2 cannot be used to import a SYMMETRIC_DEFAULT key.",
  );
  await rejects(
    ask("RSAES_OAEP_SHA_256", "RSA_1024"),
    "ValidationException",
    msg.constraint(
      "RSA_1024",
      "wrappingKeySpec",
      "Member must satisfy enum value set: [RSA_2048, RSA_3072, RSA_4096, SM2]",
    ),
  );
  assert.equal((await kms.describeKey({ KeyId })).KeyMetadata.KeyState, "PendingImport");
  const failed = await kms.auditLog({ keyId: KeyId, eventName: "GetParametersForImport", failedOnly: true });
  assert.equal(failed.length, 10, "each refused call is audited");
});

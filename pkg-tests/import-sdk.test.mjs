// Importing key material through @aws-sdk/client-kms against `kms-wasm serve`: every accepted
// wrapping algorithm × wrapping key spec with openssl- and node:crypto-wrapped material,
// token and material expiry driven by /_kms/clock, the import exceptions as the SDK's classes,
// and on-demand rotation to newly imported material.

import assert from "node:assert/strict";
import { createPublicKey } from "node:crypto";
import { after, before, describe, test } from "node:test";
import {
  CreateKeyCommand,
  DecryptCommand,
  DeleteImportedKeyMaterialCommand,
  DescribeKeyCommand,
  EncryptCommand,
  ExpiredImportTokenException,
  GetParametersForImportCommand,
  ImportKeyMaterialCommand,
  IncorrectKeyMaterialException,
  InvalidCiphertextException,
  InvalidImportTokenException,
  KMSClient,
  KMSInvalidStateException,
  ListKeyRotationsCommand,
  RotateKeyOnDemandCommand,
  UnsupportedOperationException,
} from "@aws-sdk/client-kms";
import { bytes, CREDS, DAY, REGION, startServer, tempDir, text } from "./helpers.mjs";
import { ALGORITHMS, NO_EXPIRY, newMaterial, nodeWrap, opensslWrap, SPEC_BITS, SPECS } from "./import-helpers.mjs";

/** Asserts that `promise` rejects with an instance of the SDK's exception `type` and `message`. */
async function sdkRejects(promise, type, message) {
  await assert.rejects(promise, (e) => {
    assert.ok(e instanceof type, `expected ${type.name}, got ${e.name}: ${e.message}`);
    if (message !== undefined) assert.equal(e.message, message);
    return true;
  });
}

describe("import through the AWS SDK against kms-wasm serve", () => {
  let server;
  let client;
  let clock;
  before(async () => {
    server = await startServer();
    client = new KMSClient({ region: REGION, endpoint: server.url, credentials: CREDS });
    clock = async (body) => {
      const r = await fetch(
        `${server.url}/_kms/clock`,
        body
          ? { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }
          : undefined,
      );
      return new Date((await r.json()).now);
    };
  });
  after(() => server?.stop());

  const send = (command) => client.send(command);
  const external = async () => (await send(new CreateKeyCommand({ Origin: "EXTERNAL" }))).KeyMetadata;
  const params = (KeyId, WrappingAlgorithm = "RSAES_OAEP_SHA_256", WrappingKeySpec = "RSA_2048") =>
    send(new GetParametersForImportCommand({ KeyId, WrappingAlgorithm, WrappingKeySpec }));
  const importMaterial = (KeyId, p, material, alg = "RSAES_OAEP_SHA_256", extra = NO_EXPIRY) =>
    send(
      new ImportKeyMaterialCommand({
        KeyId,
        ImportToken: p.ImportToken,
        EncryptedKeyMaterial: nodeWrap(p.PublicKey, material, alg),
        ...extra,
      }),
    );
  const state = async (KeyId) => (await send(new DescribeKeyCommand({ KeyId }))).KeyMetadata.KeyState;

  test("token expiry and material expiry over /_kms/clock; the SDK's exception classes", async () => {
    const key = await external();
    const p = await params(key.KeyId);
    const issued = await clock();
    assert.ok(Math.abs(p.ParametersValidTo.getTime() - (issued.getTime() + DAY * 1000)) < 60_000);
    const material = newMaterial();
    await sdkRejects(
      importMaterial(key.KeyId, { ...p, ImportToken: bytes("junk") }, material),
      InvalidImportTokenException,
    );
    await sdkRejects(importMaterial(key.KeyId, p, newMaterial(), "RSAES_OAEP_SHA_1"), InvalidCiphertextException);
    await sdkRejects(importMaterial(key.KeyId, p, material.slice(0, 31)), IncorrectKeyMaterialException);

    const validTo = new Date((await clock()).getTime() + 3 * DAY * 1000);
    const expires = { ExpirationModel: "KEY_MATERIAL_EXPIRES", ValidTo: validTo };
    await importMaterial(key.KeyId, p, material, "RSAES_OAEP_SHA_256", expires);
    const described = (await send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata;
    assert.equal(described.ExpirationModel, "KEY_MATERIAL_EXPIRES");
    assert.ok(Math.abs(described.ValidTo.getTime() - validTo.getTime()) < 1000);
    const { CiphertextBlob } = await send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: bytes("sdk import") }));
    await sdkRejects(
      importMaterial(key.KeyId, p, newMaterial()),
      IncorrectKeyMaterialException,
      `The key material does not match the key material previously imported into ${key.Arn}.`,
    );

    await clock({ advanceSeconds: DAY + 60 });
    await sdkRejects(importMaterial(key.KeyId, p, material), ExpiredImportTokenException);
    await clock({ advanceSeconds: 2 * DAY });
    assert.equal(await state(key.KeyId), "PendingImport");
    await sdkRejects(
      send(new DecryptCommand({ CiphertextBlob })),
      KMSInvalidStateException,
      `${key.Arn} is pending import.`,
    );
    const audit = await (
      await fetch(`${server.url}/_kms/audit?keyId=${key.KeyId}&eventName=DeleteExpiredKeyMaterial`)
    ).json();
    assert.equal(audit.events.length, 1);

    await importMaterial(key.KeyId, await params(key.KeyId), material);
    assert.equal(await state(key.KeyId), "Enabled");
    assert.equal(text((await send(new DecryptCommand({ CiphertextBlob }))).Plaintext), "sdk import");
    const { KeyMetadata: native } = await send(new CreateKeyCommand({}));
    await sdkRejects(
      send(new DeleteImportedKeyMaterialCommand({ KeyId: native.KeyId })),
      UnsupportedOperationException,
      `${native.Arn} origin is AWS_KMS which is not valid for this operation.`,
    );
  });

  test("refused wrapping algorithms answer ValidationException with AWS's message", async () => {
    const key = await external();
    await assert.rejects(params(key.KeyId, "RSA_AES_KEY_WRAP_SHA_256", "RSA_3072"), (e) => {
      assert.equal(e.name, "ValidationException");
      assert.equal(
        e.message,
        "Wrapping algorithm RSA_AES_KEY_WRAP_SHA_256 and wrapping key spec RSA_3072 cannot be used to import a SYMMETRIC_DEFAULT key.",
      );
      return true;
    });
    await assert.rejects(params(key.KeyId, "RSAES_PKCS1_V1_5", "RSA_2048"), {
      name: "ValidationException",
      message: "Wrapping algorithm RSAES_PKCS1_V1_5 is not supported.",
    });
  });

  test("on-demand rotation to newly imported material", async () => {
    const key = await external();
    const p = await params(key.KeyId);
    const first = await importMaterial(key.KeyId, p, newMaterial());
    const old = (await send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: bytes("first") }))).CiphertextBlob;
    const second = await importMaterial(key.KeyId, p, newMaterial(), "RSAES_OAEP_SHA_256", {
      ...NO_EXPIRY,
      ImportType: "NEW_KEY_MATERIAL",
    });
    assert.notEqual(second.KeyMaterialId, first.KeyMaterialId);
    const all = await send(new ListKeyRotationsCommand({ KeyId: key.KeyId, IncludeKeyMaterial: "ALL_KEY_MATERIAL" }));
    assert.deepEqual(
      all.Rotations.map((r) => r.KeyMaterialState),
      ["CURRENT", "PENDING_ROTATION"],
    );
    await send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId }));
    const m = (await send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata;
    assert.equal(m.CurrentKeyMaterialId, second.KeyMaterialId);
    const d = await send(new DecryptCommand({ CiphertextBlob: old }));
    assert.equal(text(d.Plaintext), "first");
    assert.equal(d.KeyMaterialId, first.KeyMaterialId);
  });

  // Last, so that stopping the server ends the background refills it leaves.
  test("every algorithm × wrapping key spec, wrapped by openssl and by node:crypto", async (t) => {
    const dir = await tempDir(t);
    for (const spec of SPECS) {
      for (const alg of ALGORITHMS) {
        const key = await external();
        const p = await params(key.KeyId, alg, spec);
        assert.equal(p.KeyId, key.Arn);
        const bits = SPEC_BITS[spec];
        assert.equal(
          createPublicKey({ key: Buffer.from(p.PublicKey), format: "der", type: "spki" }).asymmetricKeyDetails
            .modulusLength,
          bits,
        );
        const material = newMaterial();
        const byOpenssl = await opensslWrap(dir, p.PublicKey, material, alg);
        const r = await send(
          new ImportKeyMaterialCommand({
            KeyId: key.KeyId,
            ImportToken: p.ImportToken,
            EncryptedKeyMaterial: byOpenssl,
            ...NO_EXPIRY,
          }),
        );
        assert.equal(r.KeyId, key.Arn);
        assert.equal(await state(key.KeyId), "Enabled", `${alg} ${spec}`);
        const { CiphertextBlob } = await send(
          new EncryptCommand({ KeyId: key.KeyId, Plaintext: bytes(`${alg} ${spec}`) }),
        );
        await send(new DeleteImportedKeyMaterialCommand({ KeyId: key.KeyId }));
        assert.equal(await state(key.KeyId), "PendingImport");
        const again = await send(
          new ImportKeyMaterialCommand({
            KeyId: key.KeyId,
            ImportToken: p.ImportToken,
            EncryptedKeyMaterial: nodeWrap(p.PublicKey, material, alg),
            ...NO_EXPIRY,
          }),
        );
        assert.equal(again.KeyMaterialId, r.KeyMaterialId);
        assert.equal(text((await send(new DecryptCommand({ CiphertextBlob }))).Plaintext), `${alg} ${spec}`);
      }
    }
  });
});

// Envelope encryption end to end with the AWS Encryption SDK for JavaScript
// (@aws-crypto/client-node, KMS keyring) against kms-wasm: in-process through
// requestHandler() and over HTTP against `kms-wasm serve`.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { buildClient, CommitmentPolicy, KmsKeyringNode } from "@aws-crypto/client-node";
import { DecryptCommand, KMS } from "@aws-sdk/client-kms";
import { CREDS, open, REGION, startServer, text } from "./helpers.mjs";

const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
const CONTEXT = { tenant: "acme", purpose: "esdk-test" };
const MESSAGE = `Envelope encryption with kms-wasm: ${"x".repeat(5000)}`;

/** Encrypts and decrypts with a KMS keyring whose clients come from `makeClient`; then disables. */
async function roundTrip(makeClient) {
  const admin = makeClient();
  const { KeyMetadata } = await admin.createKey({ Description: "esdk" });
  const regions = [];
  const keyring = new KmsKeyringNode({
    generatorKeyId: KeyMetadata.Arn,
    clientProvider: (region) => {
      regions.push(region);
      return makeClient();
    },
  });
  const { result, messageHeader } = await encrypt(keyring, MESSAGE, { encryptionContext: CONTEXT });
  assert.ok(result instanceof Uint8Array && result.length > MESSAGE.length);
  assert.equal(messageHeader.encryptedDataKeys.length, 1);
  assert.equal(messageHeader.encryptedDataKeys[0].providerId, "aws-kms");
  assert.equal(messageHeader.encryptedDataKeys[0].providerInfo, KeyMetadata.Arn, "the EDK names the key ARN");
  assert.ok(
    regions.every((r) => r === REGION),
    `client regions: ${regions}`,
  );

  // The encrypted data key inside the message is a kms-wasm ciphertext: it decrypts directly too.
  const edk = messageHeader.encryptedDataKeys[0].encryptedDataKey;
  const dk = await admin.send(
    new DecryptCommand({ CiphertextBlob: edk, EncryptionContext: messageHeader.encryptionContext }),
  );
  assert.equal(dk.KeyId, KeyMetadata.Arn);

  const out = await decrypt(keyring, result);
  assert.equal(text(out.plaintext), MESSAGE);
  for (const [k, v] of Object.entries(CONTEXT)) assert.equal(out.messageHeader.encryptionContext[k], v);

  // A keyring for another key cannot decrypt it.
  const { KeyMetadata: other } = await admin.createKey({});
  const wrong = new KmsKeyringNode({ generatorKeyId: other.Arn, clientProvider: () => makeClient() });
  await assert.rejects(decrypt(wrong, result));

  // Once the key is disabled the message no longer decrypts.
  await admin.disableKey({ KeyId: KeyMetadata.KeyId });
  await assert.rejects(decrypt(keyring, result), (e) => {
    const all = JSON.stringify([e.message, ...(e.errors ?? []).map((x) => x?.message ?? String(x))]);
    assert.match(all, /DisabledException|is disabled/, `the failure comes from the disabled key: ${all}`);
    return true;
  });
  await admin.enableKey({ KeyId: KeyMetadata.KeyId });
  assert.equal(text((await decrypt(keyring, result)).plaintext), MESSAGE, "re-enabling restores decryption");
}

describe("AWS Encryption SDK (KMS keyring)", () => {
  test("through requestHandler()", async () => {
    const kms = await open({ clock: { start: "2026-01-01T00:00:00Z", frozen: false } });
    const handler = kms.requestHandler();
    await roundTrip(
      () =>
        new KMS({
          region: REGION,
          endpoint: "http://kms.invalid",
          credentials: CREDS,
          requestHandler: handler,
          maxAttempts: 1,
        }),
    );
    const names = (await kms.auditLog({})).map((e) => e.eventName);
    assert.ok(names.includes("GenerateDataKey") && names.includes("Decrypt"), `audited: ${names}`);
  });

  describe("over HTTP", () => {
    let server;
    before(async () => {
      server = await startServer();
    });
    after(() => server?.stop());
    test("against kms-wasm serve", async () => {
      await roundTrip(() => new KMS({ region: REGION, endpoint: server.url, credentials: CREDS, maxAttempts: 1 }));
    });
  });
});

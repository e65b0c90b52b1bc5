// Key policies enforced per caller (issue 18), through every way in: the JS API's `as()`,
// `handle()` with a caller, the SDK through `requestHandler({ principals })`, and the SDK over
// `kms-wasm serve` with two `--credentials` mapped to two principals. An explicit Deny of
// kms:Decrypt for Bob stops Bob only; the default policy changes nothing; the audit log names
// the caller.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CreateKeyCommand, DecryptCommand, EncryptCommand, KMSClient, PutKeyPolicyCommand } from "@aws-sdk/client-kms";
import { ACCOUNT, bytes, open, REGION, rejects, text } from "./helpers.mjs";
import { twoPrincipals } from "./sdk-support.mjs";

const ROOT_ARN = `arn:aws:iam::${ACCOUNT}:root`;
const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;
const BOB = `arn:aws:iam::${ACCOUNT}:user/bob`;
const denyBob = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "Enable IAM User Permissions",
      Effect: "Allow",
      Principal: { AWS: ROOT_ARN },
      Action: "kms:*",
      Resource: "*",
    },
    { Sid: "NoDecryptForBob", Effect: "Deny", Principal: { AWS: BOB }, Action: "kms:Decrypt", Resource: "*" },
  ],
});
const explicitDeny = (arn) =>
  `User: ${BOB} is not authorized to perform: kms:Decrypt on resource: ${arn} with an explicit deny in a resource-based policy`;

test("as(): the default policy lets every principal of the account in; an explicit Deny stops Bob only", async () => {
  const kms = await open();
  const { KeyMetadata } = await kms.createKey({});
  const { CiphertextBlob } = await kms.as(BOB).encrypt({ KeyId: KeyMetadata.KeyId, Plaintext: bytes("hi") });
  assert.equal(text((await kms.as(BOB).decrypt({ CiphertextBlob })).Plaintext), "hi");
  await kms.putKeyPolicy({ KeyId: KeyMetadata.KeyId, Policy: denyBob });
  assert.equal(text((await kms.as(ALICE).decrypt({ CiphertextBlob })).Plaintext), "hi");
  assert.equal(text((await kms.decrypt({ CiphertextBlob })).Plaintext), "hi");
  await rejects(kms.as(BOB).decrypt({ CiphertextBlob }), "AccessDeniedException", explicitDeny(KeyMetadata.Arn));
  await kms.as(BOB).encrypt({ KeyId: KeyMetadata.KeyId, Plaintext: bytes("still allowed") });
  const [refused] = await kms.auditLog({ failedOnly: true });
  assert.equal(refused.errorCode, "AccessDeniedException");
  assert.deepEqual(
    [refused.userIdentity.type, refused.userIdentity.arn, refused.userIdentity.userName],
    ["IAMUser", BOB, "bob"],
  );
  const raw = await kms.handle(
    "TrentService.Decrypt",
    JSON.stringify({ CiphertextBlob: Buffer.from(CiphertextBlob).toString("base64") }),
    {
      principal: BOB,
    },
  );
  assert.equal(raw.status, 400);
  assert.equal(JSON.parse(raw.body).__type, "AccessDeniedException");
  assert.throws(() => kms.as("bob"), TypeError);
  await kms.close();
});

test("requestHandler({ principals }): the SDK's access key names the principal", async () => {
  const kms = await open();
  const { KeyMetadata } = await kms.createKey({ Policy: denyBob });
  const handler = kms.requestHandler({ principals: { AKIDBOB: BOB, AKIDALICE: ALICE } });
  const client = (accessKeyId) =>
    new KMSClient({
      region: REGION,
      credentials: { accessKeyId, secretAccessKey: "s" },
      requestHandler: handler,
      maxAttempts: 1,
    });
  const { CiphertextBlob } = await client("AKIDBOB").send(
    new EncryptCommand({ KeyId: KeyMetadata.KeyId, Plaintext: bytes("x") }),
  );
  await client("AKIDALICE").send(new DecryptCommand({ CiphertextBlob }));
  await client("AKIDOTHER").send(new DecryptCommand({ CiphertextBlob })); // unknown keys: the account's root user
  const e = await client("AKIDBOB")
    .send(new DecryptCommand({ CiphertextBlob }))
    .then(
      () => assert.fail("Bob decrypted"),
      (err) => err,
    );
  assert.equal(e.name, "AccessDeniedException");
  assert.equal(e.$metadata.httpStatusCode, 400);
  assert.equal(e.message, explicitDeny(KeyMetadata.Arn));
  assert.throws(() => kms.requestHandler({ principals: { AKID: "not-an-arn" } }), TypeError);
  await kms.close();
});

describe("kms-wasm serve with two --credentials mapped to two principals", () => {
  test("Bob is refused Decrypt, Alice is not, over HTTP with the SDK", async () => {
    const { alice, bob, stop } = await twoPrincipals(ALICE, BOB);
    try {
      const { KeyMetadata } = await alice.send(new CreateKeyCommand({}));
      await alice.send(new PutKeyPolicyCommand({ KeyId: KeyMetadata.KeyId, Policy: denyBob, PolicyName: "default" }));
      const { CiphertextBlob } = await bob.send(
        new EncryptCommand({ KeyId: KeyMetadata.KeyId, Plaintext: bytes("y") }),
      );
      assert.equal(text((await alice.send(new DecryptCommand({ CiphertextBlob }))).Plaintext), "y");
      const e = await bob.send(new DecryptCommand({ CiphertextBlob })).then(
        () => assert.fail("Bob decrypted"),
        (err) => err,
      );
      assert.equal(e.name, "AccessDeniedException");
      assert.equal(e.message, explicitDeny(KeyMetadata.Arn));
    } finally {
      await stop();
    }
  });
});

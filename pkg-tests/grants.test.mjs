// Grants through the built package: Alice's key policy allows Alice alone, and a grant lets Bob
// do exactly its operations until Alice retires it. In-process with `kms.as(...)`, and with
// @aws-sdk/client-kms over `kms-wasm serve` with two `--credentials` mapped to two principals.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  CreateGrantCommand,
  CreateKeyCommand,
  DecryptCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  ListGrantsCommand,
  ListRetirableGrantsCommand,
  RetireGrantCommand,
} from "@aws-sdk/client-kms";
import { ACCOUNT, bytes, open, rejects, text } from "./helpers.mjs";
import { twoPrincipals } from "./sdk-support.mjs";

const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;
const BOB = `arn:aws:iam::${ACCOUNT}:user/bob`;
const onlyAlice = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { AWS: ALICE }, Action: "kms:*", Resource: "*" }],
});
const noPolicyAllows = (arn, action) =>
  `User: ${BOB} is not authorized to perform: ${action} on resource: ${arn} because no resource-based policy allows the ${action} action`;

test("as(): a grant lets Bob encrypt and decrypt, nothing else, until it is retired", async () => {
  const kms = await open();
  const alice = kms.as(ALICE);
  const bob = kms.as(BOB);
  const { KeyMetadata } = await alice.createKey({ Policy: onlyAlice });
  const { Arn } = KeyMetadata;
  await rejects(
    bob.encrypt({ KeyId: Arn, Plaintext: bytes("x") }),
    "AccessDeniedException",
    noPolicyAllows(Arn, "kms:Encrypt"),
  );
  const { GrantId, GrantToken } = await alice.createGrant({
    KeyId: Arn,
    GranteePrincipal: BOB,
    RetiringPrincipal: ALICE,
    Operations: ["Encrypt", "Decrypt"],
    Constraints: { EncryptionContextSubset: { app: "billing" } },
    Name: "billing",
  });
  assert.match(GrantId, /^[0-9a-f]{64}$/);
  const EncryptionContext = { app: "billing", id: "7" };
  const { CiphertextBlob } = await bob.encrypt({
    KeyId: Arn,
    Plaintext: bytes("hi"),
    EncryptionContext,
    GrantTokens: [GrantToken],
  });
  assert.equal(text((await bob.decrypt({ CiphertextBlob, EncryptionContext })).Plaintext), "hi");
  await rejects(bob.encrypt({ KeyId: Arn, Plaintext: bytes("x") }), "AccessDeniedException"); // no context
  await rejects(bob.generateDataKey({ KeyId: Arn, KeySpec: "AES_256", EncryptionContext }), "AccessDeniedException");
  await rejects(bob.retireGrant({ GrantToken }), "AccessDeniedException");
  const { Grants } = await alice.listGrants({ KeyId: Arn });
  assert.deepEqual(
    Grants.map((g) => [g.GrantId, g.Name, g.GranteePrincipal, g.RetiringPrincipal, g.IssuingAccount, g.Operations]),
    [[GrantId, "billing", BOB, ALICE, `arn:aws:iam::${ACCOUNT}:root`, ["Encrypt", "Decrypt"]]],
  );
  assert.equal((await kms.listRetirableGrants({ RetiringPrincipal: ALICE })).Grants.length, 1);
  await alice.retireGrant({ KeyId: Arn, GrantId });
  await rejects(
    bob.decrypt({ CiphertextBlob, EncryptionContext }),
    "AccessDeniedException",
    noPolicyAllows(Arn, "kms:Decrypt"),
  );
  await rejects(
    bob.encrypt({ KeyId: Arn, Plaintext: bytes("x"), GrantTokens: [GrantToken] }),
    "InvalidGrantTokenException",
  );
  const [created] = await kms.auditLog({ eventName: "CreateGrant" });
  assert.equal(created.userIdentity.arn, ALICE);
  assert.equal(created.readOnly, false);
  await kms.close();
});

describe("kms-wasm serve with two --credentials mapped to two principals", () => {
  test("Alice grants Bob Encrypt and Decrypt over HTTP with the SDK, then retires the grant", async () => {
    const { alice, bob, stop } = await twoPrincipals(ALICE, BOB);
    const refused = (p) =>
      p.then(
        () => assert.fail("Bob was allowed"),
        (err) => err,
      );
    try {
      const { KeyMetadata } = await alice.send(new CreateKeyCommand({ Policy: onlyAlice }));
      const KeyId = KeyMetadata.Arn;
      let e = await refused(bob.send(new EncryptCommand({ KeyId, Plaintext: bytes("y") })));
      assert.equal(e.name, "AccessDeniedException");
      const { GrantId, GrantToken } = await alice.send(
        new CreateGrantCommand({
          KeyId,
          GranteePrincipal: BOB,
          RetiringPrincipal: BOB,
          Operations: ["Encrypt", "Decrypt"],
        }),
      );
      const { CiphertextBlob } = await bob.send(
        new EncryptCommand({ KeyId, Plaintext: bytes("y"), GrantTokens: [GrantToken] }),
      );
      assert.equal(text((await bob.send(new DecryptCommand({ CiphertextBlob }))).Plaintext), "y");
      e = await refused(bob.send(new GenerateDataKeyCommand({ KeyId, KeySpec: "AES_256" })));
      assert.equal(e.message, noPolicyAllows(KeyId, "kms:GenerateDataKey"));
      const listed = await alice.send(new ListGrantsCommand({ KeyId, GranteePrincipal: BOB }));
      assert.deepEqual(
        listed.Grants.map((g) => g.GrantId),
        [GrantId],
      );
      assert.ok(listed.Grants[0].CreationDate instanceof Date);
      const retirable = await bob.send(new ListRetirableGrantsCommand({ RetiringPrincipal: BOB }));
      assert.equal(retirable.Grants.length, 1);
      await bob.send(new RetireGrantCommand({ GrantToken }));
      e = await refused(bob.send(new DecryptCommand({ CiphertextBlob })));
      assert.equal(e.name, "AccessDeniedException");
    } finally {
      await stop();
    }
  });
});

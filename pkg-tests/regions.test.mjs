// Many Regions in one service (issue 19): in-process with `kms.inRegion()`, through
// `requestHandler()` and over `kms-wasm serve` with one SDK client per Region (the Region comes
// from the request's SigV4 credential scope), each Region has its own keys, aliases and audit
// trail; a key ARN of another Region is not found; a state file keeps every Region.
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  KMSClient,
  ListKeysCommand,
} from "@aws-sdk/client-kms";
import { ACCOUNT, CREDS, open, REGION, rejects, startServer, tempDir } from "./helpers.mjs";

const EU = "eu-west-1";

test("inRegion(): each Region has its own keys, aliases and audit trail", async () => {
  const kms = await open();
  const eu = kms.inRegion(EU);
  const home = (await kms.createKey({})).KeyMetadata;
  const there = (await eu.createKey({ Description: "in Ireland" })).KeyMetadata;
  assert.equal(there.Arn, `arn:aws:kms:${EU}:${ACCOUNT}:key/${there.KeyId}`);
  assert.deepEqual(
    (await kms.listKeys({})).Keys.map((k) => k.KeyId),
    [home.KeyId],
  );
  assert.deepEqual(
    (await eu.listKeys({})).Keys.map((k) => k.KeyId),
    [there.KeyId],
  );
  await kms.createAlias({ AliasName: "alias/app", TargetKeyId: home.KeyId });
  await eu.createAlias({ AliasName: "alias/app", TargetKeyId: there.KeyId });
  assert.equal((await eu.describeKey({ KeyId: "alias/app" })).KeyMetadata.Description, "in Ireland");
  await rejects(kms.describeKey({ KeyId: there.Arn }), "NotFoundException", `Invalid arn ${EU}`);
  await rejects(eu.describeKey({ KeyId: home.KeyId }), "NotFoundException");
  const euEvents = await eu.auditLog();
  assert.ok(euEvents.length >= 4);
  assert.ok(euEvents.every((e) => e.awsRegion === EU));
  assert.ok((await kms.auditLog({ region: REGION })).every((e) => e.awsRegion === REGION));
  assert.equal((await kms.auditLog()).length, euEvents.length + (await kms.auditLog({ region: REGION })).length);
  // A view composes: Bob in Ireland.
  const bob = eu.as(`arn:aws:iam::${ACCOUNT}:user/bob`);
  assert.equal((await bob.describeKey({ KeyId: there.KeyId })).KeyMetadata.KeyId, there.KeyId);
  assert.deepEqual(bob.caller, { principal: `arn:aws:iam::${ACCOUNT}:user/bob`, region: EU });
  assert.throws(() => kms.inRegion("Ireland"), /region must be an AWS Region/);
});

test("AWS managed keys are per Region, and another account's principal has keys of its own", async () => {
  const kms = await open();
  const home = (await kms.describeKey({ KeyId: "alias/aws/ebs" })).KeyMetadata;
  const eu = (await kms.inRegion(EU).describeKey({ KeyId: "alias/aws/ebs" })).KeyMetadata;
  assert.notEqual(home.KeyId, eu.KeyId);
  assert.equal(eu.KeyManager, "AWS");
  assert.equal(eu.Arn.split(":")[3], EU);
  const eve = kms.as("arn:aws:iam::444455556666:user/eve");
  const own = (await eve.createKey({})).KeyMetadata;
  assert.equal(own.AWSAccountId, "444455556666");
  assert.deepEqual(
    (await eve.listKeys({})).Keys.map((k) => k.KeyId),
    [own.KeyId],
  );
  assert.ok(!(await kms.listKeys({})).Keys.some((k) => k.KeyId === own.KeyId));
  // Another account's keys by ARN: found, and refused by their policies (a customer managed
  // key's default policy names its account; an AWS managed key serves its account only).
  const customer = (await kms.createKey({})).KeyMetadata;
  await rejects(eve.describeKey({ KeyId: customer.Arn }), "AccessDeniedException");
  await rejects(eve.describeKey({ KeyId: home.Arn }), "AccessDeniedException");
  await rejects(eve.describeKey({ KeyId: customer.KeyId }), "NotFoundException");
});

test("a state file keeps every Region", async (t) => {
  const file = join(await tempDir(t), "kms.json");
  const kms = await open({ storage: undefined, file });
  const { KeyMetadata } = await kms.inRegion(EU).createKey({});
  await kms.close();
  const again = await open({ storage: undefined, file });
  assert.equal((await again.inRegion(EU).describeKey({ KeyId: KeyMetadata.KeyId })).KeyMetadata.Arn, KeyMetadata.Arn);
  assert.deepEqual((await again.listKeys({})).Keys, []);
  await again.close();
  // Opened as a service of that Region, its keys are the service's own.
  const irish = await open({ storage: undefined, file, region: EU });
  assert.deepEqual(
    (await irish.listKeys({})).Keys.map((k) => k.KeyId),
    [KeyMetadata.KeyId],
  );
  await irish.close();
});

/** Two clients, one per Region, sending to `endpoint` (or in-process through `handler`). */
function clients(options) {
  const client = (region) => new KMSClient({ region, credentials: CREDS, maxAttempts: 1, ...options });
  return { home: client(REGION), eu: client(EU) };
}

async function separateRegions({ home, eu }) {
  const a = (await home.send(new CreateKeyCommand({ Description: "home" }))).KeyMetadata;
  const b = (await eu.send(new CreateKeyCommand({ Description: "eu" }))).KeyMetadata;
  assert.equal(a.Arn.split(":")[3], REGION);
  assert.equal(b.Arn.split(":")[3], EU);
  await home.send(new CreateAliasCommand({ AliasName: "alias/shared-name", TargetKeyId: a.KeyId }));
  await eu.send(new CreateAliasCommand({ AliasName: "alias/shared-name", TargetKeyId: b.KeyId }));
  const described = await eu.send(new DescribeKeyCommand({ KeyId: "alias/shared-name" }));
  assert.equal(described.KeyMetadata.Description, "eu");
  assert.deepEqual(
    (await eu.send(new ListKeysCommand({}))).Keys.map((k) => k.KeyId),
    [b.KeyId],
  );
  await assert.rejects(home.send(new DescribeKeyCommand({ KeyId: b.Arn })), (e) => e.name === "NotFoundException");
}

test("requestHandler(): an SDK client per Region sees its own keys and aliases", async () => {
  const kms = await open();
  const c = clients({ endpoint: "http://kms.invalid", requestHandler: kms.requestHandler() });
  await separateRegions(c);
  assert.equal((await kms.inRegion(EU).listKeys({})).Keys.length, 1);
});

describe("kms-wasm serve", () => {
  test("the account comes from the principal an access key maps to", async () => {
    const bob = "arn:aws:iam::444455556666:user/bob";
    const server = await startServer(["--credentials", `AKIDBOB:bob-secret:${bob}`]);
    try {
      const client = new KMSClient({
        region: EU,
        endpoint: server.url,
        credentials: { accessKeyId: "AKIDBOB", secretAccessKey: "bob-secret" },
        maxAttempts: 1,
      });
      const { KeyMetadata } = await client.send(new CreateKeyCommand({}));
      assert.equal(KeyMetadata.Arn, `arn:aws:kms:${EU}:444455556666:key/${KeyMetadata.KeyId}`);
      client.destroy();
    } finally {
      await server.stop();
    }
  });

  test("an SDK client per Region against one endpoint sees its own keys and aliases", async () => {
    const server = await startServer();
    try {
      const c = clients({ endpoint: server.url });
      await separateRegions(c);
      const r = await fetch(`${server.url}/`, {
        method: "POST",
        headers: {
          "content-type": "application/x-amz-json-1.1",
          "x-amz-target": "TrentService.ListKeys",
          authorization:
            "AWS4-HMAC-SHA256 Credential=AKID/20260101/Atlantis/kms/aws4_request, SignedHeaders=host, Signature=00",
        },
        body: "{}",
      });
      assert.equal(r.status, 400);
      assert.equal((await r.json()).__type, "InvalidSignatureException");
    } finally {
      await server.stop();
    }
  });
});

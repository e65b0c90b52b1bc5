// Key rotation through the built package: automatic rotation over virtual time (JS API and
// the AWS SDK against `kms-wasm serve` with /_kms/clock), on-demand rotation, the catch-up on
// EnableKey, AWS managed keys, and manual rotation by moving an alias.

import assert from "node:assert/strict";
import { after, test } from "node:test";
import {
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListKeyRotationsCommand,
  RotateKeyOnDemandCommand,
  UnsupportedOperationException,
} from "@aws-sdk/client-kms";
import {
  arnOf,
  bytes,
  CREDS,
  DAY,
  HEX64_RE,
  open,
  REGION,
  rejects,
  START_MS,
  startServer,
  text,
  withKey,
} from "./helpers.mjs";

const at = (days) => new Date(START_MS + days * DAY * 1000);

test("automatic rotation: three periods in one jump, each on its own date", async () => {
  const { kms, keyId, arn } = await withKey();
  assert.deepEqual(await kms.getKeyRotationStatus({ KeyId: keyId }), { KeyRotationEnabled: false, KeyId: arn });
  const old = await kms.encrypt({ KeyId: keyId, Plaintext: bytes("before rotation") });
  await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
  const status = await kms.getKeyRotationStatus({ KeyId: keyId });
  assert.deepEqual(status, {
    KeyRotationEnabled: true,
    KeyId: arn,
    RotationPeriodInDays: 90,
    NextRotationDate: at(90),
  });
  const before = (await kms.describeKey({ KeyId: keyId })).KeyMetadata.CurrentKeyMaterialId;
  await kms.advanceClock(3 * 90 * DAY);
  const { Rotations, Truncated } = await kms.listKeyRotations({ KeyId: keyId });
  assert.equal(Truncated, false);
  assert.deepEqual(
    Rotations.map((r) => r.RotationDate),
    [at(90), at(180), at(270)],
  );
  assert.ok(Rotations.every((r) => r.RotationType === "AUTOMATIC" && HEX64_RE.test(r.KeyMaterialId)));
  assert.deepEqual(
    Rotations.map((r) => r.KeyMaterialState),
    ["NON_CURRENT", "NON_CURRENT", "CURRENT"],
  );
  const now = (await kms.describeKey({ KeyId: keyId })).KeyMetadata.CurrentKeyMaterialId;
  assert.notEqual(now, before);
  assert.equal(now, Rotations[2].KeyMaterialId);
  const events = await kms.auditLog({ eventName: "RotateKey" });
  assert.deepEqual(
    events.map((e) => e.eventTime),
    [at(90), at(180), at(270)].map((d) => d.toISOString().replace(".000", "")),
  );
  assert.equal(events[0].eventType, "AwsServiceEvent");
  const d = await kms.decrypt({ CiphertextBlob: old.CiphertextBlob });
  assert.equal(text(d.Plaintext), "before rotation");
  assert.equal(d.KeyMaterialId, before);
  const fresh = await kms.encrypt({ KeyId: keyId, Plaintext: bytes("after") });
  assert.equal((await kms.decrypt({ CiphertextBlob: fresh.CiphertextBlob })).KeyMaterialId, now);
  assert.deepEqual((await kms.getKeyRotationStatus({ KeyId: keyId })).NextRotationDate, at(360));
});

test("no rotation while disabled; one catch-up rotation on EnableKey", async () => {
  const { kms, keyId } = await withKey();
  await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
  await kms.disableKey({ KeyId: keyId });
  await kms.advanceClock(200 * DAY);
  assert.deepEqual((await kms.listKeyRotations({ KeyId: keyId })).Rotations, []);
  await kms.enableKey({ KeyId: keyId });
  const { Rotations } = await kms.listKeyRotations({ KeyId: keyId });
  assert.deepEqual(
    Rotations.map((r) => r.RotationDate),
    [at(200)],
  );
  assert.deepEqual((await kms.getKeyRotationStatus({ KeyId: keyId })).NextRotationDate, at(290));
});

test("on-demand rotation leaves the schedule alone and has AWS's limit", async () => {
  const { kms, keyId, arn } = await withKey();
  await kms.enableKeyRotation({ KeyId: keyId });
  assert.deepEqual(await kms.rotateKeyOnDemand({ KeyId: keyId }), { KeyId: arn });
  const { Rotations } = await kms.listKeyRotations({ KeyId: keyId });
  assert.equal(Rotations[0].RotationType, "ON_DEMAND");
  assert.deepEqual((await kms.getKeyRotationStatus({ KeyId: keyId })).NextRotationDate, at(365));
  for (let i = 1; i < 25; i++) await kms.rotateKeyOnDemand({ KeyId: keyId });
  await rejects(
    kms.rotateKeyOnDemand({ KeyId: keyId }),
    "LimitExceededException",
    `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${arn}`,
  );
  await rejects(
    kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 89 }),
    "ValidationException",
    /rotationPeriodInDays/,
  );
});

test("AWS managed keys appear on first use and rotate yearly, or every 1095 days as an option", async () => {
  const kms = await open();
  await kms.encrypt({ KeyId: "alias/aws/s3", Plaintext: bytes("x") });
  const { KeyMetadata } = await kms.describeKey({ KeyId: "alias/aws/s3" });
  assert.equal(KeyMetadata.KeyManager, "AWS");
  const s = await kms.getKeyRotationStatus({ KeyId: KeyMetadata.KeyId });
  assert.equal(s.KeyRotationEnabled, true);
  assert.equal(s.RotationPeriodInDays, 365);
  await rejects(kms.disableKeyRotation({ KeyId: KeyMetadata.KeyId }), "UnsupportedOperationException");
  await kms.advanceClock(365 * DAY);
  assert.equal((await kms.listKeyRotations({ KeyId: KeyMetadata.KeyId })).Rotations.length, 1);
  const old = await open({ awsManagedKeyRotationDays: 1095 });
  const m = (await old.describeKey({ KeyId: "alias/aws/ebs" })).KeyMetadata;
  assert.deepEqual((await old.getKeyRotationStatus({ KeyId: m.KeyId })).NextRotationDate, at(1095));
});

test("manual rotation: an alias moves, old ciphertext follows its own key, ReEncrypt moves it", async () => {
  const kms = await open();
  const v1 = (await kms.createKey({})).KeyMetadata.KeyId;
  const v2 = (await kms.createKey({})).KeyMetadata.KeyId;
  await kms.createAlias({ AliasName: "alias/app", TargetKeyId: v1 });
  const old = await kms.encrypt({ KeyId: "alias/app", Plaintext: bytes("record") });
  await kms.updateAlias({ AliasName: "alias/app", TargetKeyId: v2 });
  assert.equal((await kms.decrypt({ CiphertextBlob: old.CiphertextBlob })).KeyId, arnOf(v1));
  const moved = await kms.reEncrypt({ CiphertextBlob: old.CiphertextBlob, DestinationKeyId: "alias/app" });
  assert.equal(moved.KeyId, arnOf(v2));
  await kms.disableKey({ KeyId: v1 });
  await rejects(kms.decrypt({ CiphertextBlob: old.CiphertextBlob }), "DisabledException", `${arnOf(v1)} is disabled.`);
  await kms.scheduleKeyDeletion({ KeyId: v1, PendingWindowInDays: 7 });
  await kms.advanceClock(7 * DAY);
  await rejects(kms.decrypt({ CiphertextBlob: old.CiphertextBlob }), "AccessDeniedException");
  assert.equal(text((await kms.decrypt({ CiphertextBlob: moved.CiphertextBlob })).Plaintext), "record");
});

test("rotation through @aws-sdk/client-kms against the endpoint, driven by /_kms/clock", async () => {
  const server = await startServer();
  after(() => server.stop());
  const client = new KMSClient({ region: REGION, endpoint: server.url, credentials: CREDS });
  const clock = async (body) =>
    (
      await fetch(`${server.url}/_kms/clock`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      })
    ).json();
  const start = new Date((await (await fetch(`${server.url}/_kms/clock`)).json()).now);
  const { KeyMetadata } = await client.send(new CreateKeyCommand({}));
  const KeyId = KeyMetadata.KeyId;
  const blob = (await client.send(new EncryptCommand({ KeyId, Plaintext: bytes("sdk") }))).CiphertextBlob;
  await client.send(new EnableKeyRotationCommand({ KeyId, RotationPeriodInDays: 90 }));
  const s = await client.send(new GetKeyRotationStatusCommand({ KeyId }));
  assert.equal(s.KeyRotationEnabled, true);
  assert.ok(s.NextRotationDate instanceof Date);
  const next = s.NextRotationDate.getTime();
  assert.ok(Math.abs(next - (start.getTime() + 90 * DAY * 1000)) < 60_000);
  const moved = await clock({ advanceSeconds: 2 * 90 * DAY + 60 });
  assert.ok(new Date(moved.now) > new Date(next + 90 * DAY * 1000));
  const r = await client.send(new ListKeyRotationsCommand({ KeyId }));
  assert.equal(r.Rotations.length, 2);
  assert.ok(r.Rotations.every((x) => x.RotationType === "AUTOMATIC" && x.RotationDate instanceof Date));
  assert.equal(r.Rotations[0].RotationDate.getTime(), next);
  await client.send(new RotateKeyOnDemandCommand({ KeyId }));
  const all = await client.send(new ListKeyRotationsCommand({ KeyId, IncludeKeyMaterial: "ALL_KEY_MATERIAL" }));
  assert.equal(all.Rotations.length, 4);
  assert.equal(all.Rotations[3].RotationType, "ON_DEMAND");
  const d = await client.send(new DecryptCommand({ CiphertextBlob: blob }));
  assert.equal(text(d.Plaintext), "sdk");
  const cur = (await client.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata.CurrentKeyMaterialId;
  assert.equal(cur, all.Rotations[3].KeyMaterialId);
  const ext = await client.send(new CreateKeyCommand({ Origin: "EXTERNAL" }));
  await assert.rejects(
    client.send(new EnableKeyRotationCommand({ KeyId: ext.KeyMetadata.KeyId })),
    (e) => e instanceof UnsupportedOperationException,
  );
});

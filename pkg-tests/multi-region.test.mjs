// Multi-Region keys end to end: CreateKey MultiRegion, ReplicateKey, cross-Region Decrypt,
// UpdatePrimaryRegion, rotation on the primary only and deletion with replicas; in-process with
// kms.inRegion(), through requestHandler() and over `kms-wasm serve` with one SDK client per
// Region, and the AWS Encryption SDK's MRK-aware keyrings decrypting in the replica's Region.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  AwsKmsMrkAwareSymmetricDiscoveryKeyringNode,
  AwsKmsMrkAwareSymmetricKeyringNode,
  buildClient,
  CommitmentPolicy,
  KmsKeyringNode,
} from "@aws-crypto/client-node";
import { KMS } from "@aws-sdk/client-kms";
import {
  ACCOUNT,
  arnOf,
  bytes,
  CREDS,
  DAY,
  defaultPolicy,
  iso,
  msg,
  open,
  REGION,
  rejects,
  SAMPLE_POLICY,
  START_MS,
  startServer,
  text,
} from "./helpers.mjs";

const EU = "eu-west-1";
const AP = "ap-southeast-2";
const MRK_RE = /^mrk-[0-9a-f]{32}$/;
const CTX = { app: "mrk-test" };
const at = (days) => iso(START_MS + days * DAY * 1000);

/** A service, its eu-west-1 view, and a primary key in us-east-1 replicated to eu-west-1. */
async function replicated(createInput = {}, replicateInput = {}) {
  const kms = await open();
  const eu = kms.inRegion(EU);
  const primary = (await kms.createKey({ MultiRegion: true, ...createInput })).KeyMetadata;
  const r = await kms.replicateKey({ KeyId: primary.KeyId, ReplicaRegion: EU, ...replicateInput });
  return { kms, eu, primary, replica: r.ReplicaKeyMetadata, r, id: primary.KeyId };
}

describe("in-process with kms.inRegion()", () => {
  test("CreateKey MultiRegion and ReplicateKey: one key id, an ARN per Region", async () => {
    const single = (await (await open()).createKey({})).KeyMetadata;
    assert.equal(single.MultiRegion, false);
    assert.equal(single.MultiRegionConfiguration, undefined);
    const { kms, eu, primary, replica, r, id } = await replicated(
      { Description: "primary", Tags: [{ TagKey: "team", TagValue: "core" }] },
      { Description: "replica", Tags: [{ TagKey: "site", TagValue: "dublin" }] },
    );
    assert.match(id, MRK_RE);
    assert.equal(primary.Arn, arnOf(id));
    assert.equal(primary.MultiRegion, true);
    const primaryRef = { Arn: arnOf(id), Region: REGION };
    const replicaRef = { Arn: arnOf(id, EU), Region: EU };
    assert.deepEqual(primary.MultiRegionConfiguration, {
      MultiRegionKeyType: "PRIMARY",
      PrimaryKey: primaryRef,
      ReplicaKeys: [],
    });
    assert.equal(replica.KeyId, id);
    assert.equal(replica.Arn, arnOf(id, EU));
    assert.equal(replica.Description, "replica");
    assert.equal(replica.KeyState, "Enabled");
    assert.equal(replica.MultiRegion, true);
    assert.deepEqual(replica.MultiRegionConfiguration, {
      MultiRegionKeyType: "REPLICA",
      PrimaryKey: primaryRef,
      ReplicaKeys: [replicaRef],
    });
    assert.equal(r.ReplicaPolicy, defaultPolicy());
    assert.deepEqual(r.ReplicaTags, [{ TagKey: "site", TagValue: "dublin" }]);
    const again = (await kms.describeKey({ KeyId: id })).KeyMetadata;
    assert.deepEqual(again.MultiRegionConfiguration.ReplicaKeys, [replicaRef]);
    assert.equal(replica.CurrentKeyMaterialId, again.CurrentKeyMaterialId, "the same key material");
    assert.deepEqual((await eu.describeKey({ KeyId: id })).KeyMetadata, replica);
    assert.deepEqual((await eu.listKeys({})).Keys, [{ KeyId: id, KeyArn: arnOf(id, EU) }]);
    // Tags, descriptions and policies are each key's own.
    assert.deepEqual((await kms.listResourceTags({ KeyId: id })).Tags, [{ TagKey: "team", TagValue: "core" }]);
    assert.deepEqual((await eu.listResourceTags({ KeyId: id })).Tags, [{ TagKey: "site", TagValue: "dublin" }]);
    await eu.putKeyPolicy({ KeyId: id, Policy: SAMPLE_POLICY });
    assert.equal((await eu.getKeyPolicy({ KeyId: id })).Policy, SAMPLE_POLICY);
    assert.equal((await kms.getKeyPolicy({ KeyId: id })).Policy, defaultPolicy());
    await eu.updateKeyDescription({ KeyId: id, Description: "changed in Ireland" });
    assert.equal((await kms.describeKey({ KeyId: id })).KeyMetadata.Description, "primary");
  });

  test("a ciphertext of the primary decrypts in the replica's Region, and back", async () => {
    const { kms, eu, id } = await replicated();
    const ct = (await kms.encrypt({ KeyId: id, Plaintext: bytes("from Virginia"), EncryptionContext: CTX }))
      .CiphertextBlob;
    for (const KeyId of [undefined, id, arnOf(id, EU)]) {
      const out = await eu.decrypt({ CiphertextBlob: ct, EncryptionContext: CTX, KeyId });
      assert.equal(text(out.Plaintext), "from Virginia");
      assert.equal(out.KeyId, arnOf(id, EU), `KeyId ${KeyId}: the replica decrypted`);
    }
    const back = await eu.generateDataKey({ KeyId: id, KeySpec: "AES_256" });
    const out = await kms.decrypt({ CiphertextBlob: back.CiphertextBlob, KeyId: arnOf(id) });
    assert.deepEqual(out.Plaintext, back.Plaintext);
    assert.equal(out.KeyId, arnOf(id));
    // A single-Region key's ciphertext does not decrypt in another Region.
    const single = (await kms.createKey({})).KeyMetadata;
    const sct = (await kms.encrypt({ KeyId: single.KeyId, Plaintext: bytes("x") })).CiphertextBlob;
    await rejects(eu.decrypt({ CiphertextBlob: sct }), "AccessDeniedException", msg.accessDenied);
  });

  test("aliases and the enabled state are each Region's own", async () => {
    const { kms, eu, id } = await replicated();
    await kms.createAlias({ AliasName: "alias/orders", TargetKeyId: id });
    await eu.createAlias({ AliasName: "alias/orders-eu", TargetKeyId: id });
    const names = async (svc) =>
      (await svc.listAliases({ KeyId: id })).Aliases.map((a) => [a.AliasName, a.AliasArn, a.TargetKeyId]);
    assert.deepEqual(await names(kms), [["alias/orders", `arn:aws:kms:${REGION}:${ACCOUNT}:alias/orders`, id]]);
    assert.deepEqual(await names(eu), [["alias/orders-eu", `arn:aws:kms:${EU}:${ACCOUNT}:alias/orders-eu`, id]]);
    await rejects(eu.describeKey({ KeyId: "alias/orders" }), "NotFoundException");
    const ct = (await kms.encrypt({ KeyId: "alias/orders", Plaintext: bytes("hi") })).CiphertextBlob;
    await eu.disableKey({ KeyId: id });
    assert.equal((await eu.describeKey({ KeyId: id })).KeyMetadata.KeyState, "Disabled");
    assert.equal((await kms.describeKey({ KeyId: id })).KeyMetadata.KeyState, "Enabled");
    await rejects(eu.decrypt({ CiphertextBlob: ct }), "DisabledException", msg.disabled(arnOf(id, EU)));
    assert.equal(text((await kms.decrypt({ CiphertextBlob: ct })).Plaintext), "hi");
    await eu.enableKey({ KeyId: id });
    assert.equal(text((await eu.decrypt({ CiphertextBlob: ct, KeyId: "alias/orders-eu" })).Plaintext), "hi");
  });

  test("only the primary replicates and rotates; its rotations reach the replica", async () => {
    const { kms, eu, id } = await replicated();
    await rejects(kms.replicateKey({ KeyId: id, ReplicaRegion: EU }), "AlreadyExistsException");
    await rejects(eu.replicateKey({ KeyId: id, ReplicaRegion: AP }), "UnsupportedOperationException");
    const single = (await kms.createKey({})).KeyMetadata;
    await rejects(kms.replicateKey({ KeyId: single.KeyId, ReplicaRegion: EU }), "UnsupportedOperationException");
    await rejects(eu.enableKeyRotation({ KeyId: id }), "UnsupportedOperationException");
    await rejects(eu.rotateKeyOnDemand({ KeyId: id }), "UnsupportedOperationException");
    await kms.enableKeyRotation({ KeyId: id });
    assert.equal((await eu.getKeyRotationStatus({ KeyId: id })).KeyRotationEnabled, true);
    const before = (await kms.describeKey({ KeyId: id })).KeyMetadata.CurrentKeyMaterialId;
    await kms.rotateKeyOnDemand({ KeyId: id });
    const now = (await kms.describeKey({ KeyId: id })).KeyMetadata.CurrentKeyMaterialId;
    assert.notEqual(now, before);
    assert.equal((await eu.describeKey({ KeyId: id })).KeyMetadata.CurrentKeyMaterialId, now);
    const ct = (await kms.encrypt({ KeyId: id, Plaintext: bytes("rotated") })).CiphertextBlob;
    assert.equal((await eu.decrypt({ CiphertextBlob: ct })).KeyMaterialId, now);
  });

  test("audit: each call in its caller's Region; the replica's creation and syncs in its own", async () => {
    const { kms, id } = await replicated();
    await kms.rotateKeyOnDemand({ KeyId: id });
    await kms.updatePrimaryRegion({ KeyId: id, PrimaryRegion: EU });
    const trail = async (region) => {
      const events = await kms.auditLog({ region, keyId: id });
      assert.ok(events.every((e) => e.awsRegion === region));
      return events.map((e) => `${e.eventName} ${e.eventType}`);
    };
    const home = await trail(REGION);
    const eu = await trail(EU);
    const calls = `us-east-1: ${home}; eu-west-1: ${eu}`;
    // "A ReplicateKey request results in a ReplicateKey operation and a CreateKey operation"
    // (https://docs.aws.amazon.com/kms/latest/developerguide/ct-replicate-key.html): the call in
    // the primary's Region, where it was made; the replica's creation, by KMS, in its Region.
    assert.ok(home.includes("ReplicateKey AwsApiCall"), calls);
    assert.equal(eu[0], "CreateKey AwsServiceEvent", calls);
    assert.ok(eu.includes("SynchronizeMultiRegionKey AwsServiceEvent"), calls);
    // "The UpdatePrimaryRegion operation writes two CloudTrail log entries", one in each Region
    // (https://docs.aws.amazon.com/kms/latest/developerguide/ct-update-primary-region.html).
    assert.ok(home.includes("UpdatePrimaryRegion AwsApiCall"), calls);
    assert.ok(eu.includes("UpdatePrimaryRegion AwsApiCall"), calls);
  });

  test("asymmetric and HMAC multi-Region keys: sign or MAC in one Region, verify in the other", async () => {
    const kms = await open();
    const eu = kms.inRegion(EU);
    const make = async (KeySpec, KeyUsage) => {
      const { KeyId } = (await kms.createKey({ MultiRegion: true, KeySpec, KeyUsage })).KeyMetadata;
      await kms.replicateKey({ KeyId, ReplicaRegion: EU });
      return KeyId;
    };
    const ec = await make("ECC_NIST_P256", "SIGN_VERIFY");
    assert.deepEqual(
      (await eu.getPublicKey({ KeyId: ec })).PublicKey,
      (await kms.getPublicKey({ KeyId: ec })).PublicKey,
    );
    const sig = { Message: bytes("signed"), SigningAlgorithm: "ECDSA_SHA_256" };
    const { Signature } = await kms.sign({ KeyId: ec, ...sig });
    assert.equal((await eu.verify({ KeyId: ec, Signature, ...sig })).SignatureValid, true);
    const hmac = await make("HMAC_256", "GENERATE_VERIFY_MAC");
    const mac = { Message: bytes("mac'd"), MacAlgorithm: "HMAC_SHA_256" };
    const { Mac } = await eu.generateMac({ KeyId: hmac, ...mac });
    assert.equal((await kms.verifyMac({ KeyId: hmac, Mac, ...mac })).MacValid, true);
  });

  test("UpdatePrimaryRegion swaps the primary and replica roles", async () => {
    const { kms, eu, id } = await replicated();
    await rejects(eu.updatePrimaryRegion({ KeyId: id, PrimaryRegion: EU }), "UnsupportedOperationException");
    await kms.updatePrimaryRegion({ KeyId: arnOf(id), PrimaryRegion: EU });
    const euKey = (await eu.describeKey({ KeyId: id })).KeyMetadata;
    assert.deepEqual(euKey.MultiRegionConfiguration, {
      MultiRegionKeyType: "PRIMARY",
      PrimaryKey: { Arn: arnOf(id, EU), Region: EU },
      ReplicaKeys: [{ Arn: arnOf(id), Region: REGION }],
    });
    const home = (await kms.describeKey({ KeyId: id })).KeyMetadata.MultiRegionConfiguration;
    assert.equal(home.MultiRegionKeyType, "REPLICA");
    assert.deepEqual(home.PrimaryKey, { Arn: arnOf(id, EU), Region: EU });
    await rejects(kms.enableKeyRotation({ KeyId: id }), "UnsupportedOperationException");
    await rejects(kms.replicateKey({ KeyId: id, ReplicaRegion: AP }), "UnsupportedOperationException");
    await eu.enableKeyRotation({ KeyId: id });
    const ap = (await eu.replicateKey({ KeyId: id, ReplicaRegion: AP })).ReplicaKeyMetadata;
    assert.deepEqual(ap.MultiRegionConfiguration.PrimaryKey, { Arn: arnOf(id, EU), Region: EU });
    const ct = (await kms.inRegion(AP).encrypt({ KeyId: id, Plaintext: bytes("g'day") })).CiphertextBlob;
    assert.equal(text((await kms.decrypt({ CiphertextBlob: ct })).Plaintext), "g'day");
  });

  test("deletion: the primary waits for its replicas, then its own window starts", async () => {
    const { kms, eu, id } = await replicated();
    const s = await kms.scheduleKeyDeletion({ KeyId: id, PendingWindowInDays: 7 });
    assert.equal(s.KeyId, arnOf(id));
    assert.equal(s.KeyState, "PendingReplicaDeletion");
    assert.equal(s.PendingWindowInDays, 7);
    assert.equal(s.DeletionDate, undefined);
    let key = (await kms.describeKey({ KeyId: id })).KeyMetadata;
    assert.equal(key.KeyState, "PendingReplicaDeletion");
    assert.equal(key.Enabled, false);
    assert.equal(key.DeletionDate, undefined);
    assert.equal(key.PendingDeletionWindowInDays, 7);
    await rejects(kms.encrypt({ KeyId: id, Plaintext: bytes("x") }), "KMSInvalidStateException");
    await rejects(kms.replicateKey({ KeyId: id, ReplicaRegion: AP }), "KMSInvalidStateException");
    const ct = (await eu.encrypt({ KeyId: id, Plaintext: bytes("still here") })).CiphertextBlob;
    const gone = await eu.scheduleKeyDeletion({ KeyId: id, PendingWindowInDays: 10 });
    assert.equal(gone.KeyState, "PendingDeletion");
    assert.equal(iso(gone.DeletionDate), at(10));
    await kms.advanceClock(10 * DAY + 1);
    await rejects(eu.describeKey({ KeyId: id }), "NotFoundException");
    key = (await kms.describeKey({ KeyId: id })).KeyMetadata;
    assert.equal(key.KeyState, "PendingDeletion");
    assert.equal(iso(key.DeletionDate), at(17), "the 7-day window starts when the last replica goes");
    assert.deepEqual(key.MultiRegionConfiguration.ReplicaKeys, []);
    await rejects(kms.decrypt({ CiphertextBlob: ct }), "KMSInvalidStateException", msg.pendingDeletion(arnOf(id)));
    await kms.advanceClock(7 * DAY);
    await rejects(kms.describeKey({ KeyId: id }), "NotFoundException");
  });

  test("CancelKeyDeletion on a primary pending replica deletion leaves it Disabled", async () => {
    const { kms, id } = await replicated();
    await kms.scheduleKeyDeletion({ KeyId: id });
    await kms.cancelKeyDeletion({ KeyId: id });
    const key = (await kms.describeKey({ KeyId: id })).KeyMetadata;
    assert.equal(key.KeyState, "Disabled");
    assert.equal(key.PendingDeletionWindowInDays, undefined);
  });
});

/** Two `KMS` clients, us-east-1 and eu-west-1, with `options` (an endpoint or a request handler). */
function clients(options) {
  const client = (region) => new KMS({ region, credentials: CREDS, maxAttempts: 1, ...options });
  return { home: client(REGION), eu: client(EU) };
}

/** ReplicateKey, Decrypt both ways and UpdatePrimaryRegion through SDK clients; returns the key id. */
async function acrossRegions({ home, eu }) {
  const id = (await home.createKey({ MultiRegion: true, Description: "sdk" })).KeyMetadata.KeyId;
  assert.match(id, MRK_RE);
  const r = await home.replicateKey({
    KeyId: arnOf(id),
    ReplicaRegion: EU,
    Policy: SAMPLE_POLICY,
    Tags: [{ TagKey: "k", TagValue: "v" }],
  });
  assert.equal(r.ReplicaKeyMetadata.Arn, arnOf(id, EU));
  assert.equal(r.ReplicaKeyMetadata.MultiRegionConfiguration.MultiRegionKeyType, "REPLICA");
  assert.deepEqual(r.ReplicaTags, [{ TagKey: "k", TagValue: "v" }]);
  assert.equal(r.ReplicaPolicy, SAMPLE_POLICY);
  assert.equal((await eu.getKeyPolicy({ KeyId: id })).Policy, SAMPLE_POLICY);
  assert.equal((await eu.describeKey({ KeyId: id })).KeyMetadata.Arn, arnOf(id, EU));
  const ct = (await home.encrypt({ KeyId: id, Plaintext: bytes("sdk"), EncryptionContext: CTX })).CiphertextBlob;
  const out = await eu.decrypt({ CiphertextBlob: ct, EncryptionContext: CTX });
  assert.equal(text(out.Plaintext), "sdk");
  assert.equal(out.KeyId, arnOf(id, EU));
  const ct2 = (await eu.encrypt({ KeyId: arnOf(id, EU), Plaintext: bytes("back") })).CiphertextBlob;
  const out2 = await home.decrypt({ CiphertextBlob: ct2, KeyId: id });
  assert.equal(text(out2.Plaintext), "back");
  assert.equal(out2.KeyId, arnOf(id));
  await rejects(home.replicateKey({ KeyId: id, ReplicaRegion: EU }), "AlreadyExistsException");
  await rejects(eu.replicateKey({ KeyId: id, ReplicaRegion: AP }), "UnsupportedOperationException");
  await home.updatePrimaryRegion({ KeyId: id, PrimaryRegion: EU });
  const type = async (c) =>
    (await c.describeKey({ KeyId: id })).KeyMetadata.MultiRegionConfiguration.MultiRegionKeyType;
  assert.deepEqual([await type(eu), await type(home)], ["PRIMARY", "REPLICA"]);
  return id;
}

test("requestHandler(): an SDK client per Region replicates and decrypts across Regions", async () => {
  const kms = await open();
  const id = await acrossRegions(clients({ endpoint: "http://kms.invalid", requestHandler: kms.requestHandler() }));
  const decrypts = await kms.auditLog({ region: EU, eventName: "Decrypt" });
  assert.equal(decrypts.length, 1);
  assert.equal(decrypts[0].resources[0].ARN, arnOf(id, EU));
});

describe("over kms-wasm serve", () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(() => server?.stop());

  test("an SDK client per Region replicates and decrypts across Regions", async () => {
    await acrossRegions(clients({ endpoint: server.url }));
  });

  test("deletion with replicas, the window moved by POST /_kms/clock", async () => {
    const { home, eu } = clients({ endpoint: server.url });
    const id = (await home.createKey({ MultiRegion: true })).KeyMetadata.KeyId;
    await home.replicateKey({ KeyId: id, ReplicaRegion: EU });
    const s = await home.scheduleKeyDeletion({ KeyId: id, PendingWindowInDays: 7 });
    assert.equal(s.KeyState, "PendingReplicaDeletion");
    assert.equal(s.DeletionDate, undefined);
    await eu.scheduleKeyDeletion({ KeyId: id, PendingWindowInDays: 7 });
    const clock = await fetch(`${server.url}/_kms/clock`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ advanceSeconds: 7 * DAY + 1 }),
    });
    assert.equal(clock.status, 200);
    const now = Date.parse((await clock.json()).now);
    await rejects(eu.describeKey({ KeyId: id }), "NotFoundException");
    const key = (await home.describeKey({ KeyId: id })).KeyMetadata;
    assert.equal(key.KeyState, "PendingDeletion");
    const days = (key.DeletionDate.getTime() - now) / (DAY * 1000);
    assert.ok(days > 6.99 && days <= 7, `deletion in ${days} days`);
  });
});

describe("AWS Encryption SDK: MRK-aware keyrings decrypt in the replica's Region", () => {
  const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
  const MESSAGE = `multi-Region envelope ${"m".repeat(3000)}`;

  /** Encrypts in us-east-1 under the primary ARN, decrypts in eu-west-1; returns the key id. */
  async function esdkAcrossRegions({ home, eu }) {
    const id = (await home.createKey({ MultiRegion: true })).KeyMetadata.KeyId;
    await home.replicateKey({ KeyId: id, ReplicaRegion: EU });
    const sealing = new AwsKmsMrkAwareSymmetricKeyringNode({ keyId: arnOf(id), client: home });
    const { result, messageHeader } = await encrypt(sealing, MESSAGE, { encryptionContext: CTX });
    assert.equal(messageHeader.encryptedDataKeys[0].providerInfo, arnOf(id));
    assert.equal(await eu.config.region(), EU);
    const opening = new AwsKmsMrkAwareSymmetricKeyringNode({ keyId: arnOf(id, EU), client: eu });
    const out = await decrypt(opening, result);
    assert.equal(text(out.plaintext), MESSAGE);
    assert.equal(out.messageHeader.encryptionContext.app, CTX.app);
    const discovery = new AwsKmsMrkAwareSymmetricDiscoveryKeyringNode({
      client: eu,
      discoveryFilter: { accountIDs: [ACCOUNT], partition: "aws" },
    });
    assert.equal(text((await decrypt(discovery, result)).plaintext), MESSAGE);
    // A keyring that is not MRK-aware does not take the replica's ARN for the primary's.
    const strict = new KmsKeyringNode({ keyIds: [arnOf(id, EU)], clientProvider: () => eu });
    await assert.rejects(decrypt(strict, result));
    return id;
  }

  /** The Decrypt events of `events`: each must be the replica's, in eu-west-1. */
  function replicaDecrypts(events, id) {
    const decrypts = events.filter((e) => e.eventName === "Decrypt");
    assert.equal(decrypts.length, 2, "the MRK-aware keyring and the discovery keyring");
    for (const e of decrypts) {
      assert.equal(e.awsRegion, EU);
      assert.equal(e.resources[0].ARN, arnOf(id, EU));
    }
  }

  test("in-process: a client per Region through requestHandler()", async () => {
    const kms = await open({ clock: { start: "2026-01-01T00:00:00Z", frozen: false } });
    const id = await esdkAcrossRegions(
      clients({ endpoint: "http://kms.invalid", requestHandler: kms.requestHandler() }),
    );
    replicaDecrypts(await kms.auditLog({}), id);
  });

  test("over kms-wasm serve", async () => {
    const server = await startServer();
    try {
      const id = await esdkAcrossRegions(clients({ endpoint: server.url }));
      const audit = await (await fetch(`${server.url}/_kms/audit?eventName=Decrypt`)).json();
      replicaDecrypts(audit.events, id);
    } finally {
      await server.stop();
    }
  });
});

// Test-suite fixtures through the JS API: seed documents (open({ seed }), applySeed,
// exportSeed), snapshot/restore, removeKeys, isolation between instances, randomSeed
// reproducibility and the clock's `now` synonym.
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { bytes, DAY, open, rejects, START, START_MS, tempDir, text } from "./helpers.mjs";

const K1 = "11111111-2222-4333-8444-555555555555";
const K2 = "66666666-7777-4888-8999-aaaaaaaaaaaa";
const b64 = (fill) => Buffer.alloc(32, fill).toString("base64");

/** Two keys: one with a rotation history and an alias, one pending deletion. */
const SEED = {
  Keys: [
    {
      KeyId: K1,
      Description: "orders",
      CreationDate: "2025-01-01T00:00:00Z",
      Tags: [{ TagKey: "team", TagValue: "payments" }],
      Aliases: ["alias/orders"],
      KeyMaterial: [
        { Material: b64(1) },
        { Material: b64(2), Date: "2025-06-01T00:00:00Z", RotationType: "ON_DEMAND" },
      ],
      Rotation: { Enabled: true, RotationPeriodInDays: 365 },
    },
    {
      KeyId: K2,
      KeyState: "PendingDeletion",
      DeletionDate: "2026-01-10T00:00:00Z",
      KeyMaterial: [{ Material: b64(3) }],
    },
  ],
};

/** The state as the API shows it. The audit log is read first: the list calls add events. */
async function listAll(kms) {
  const audit = await kms.auditLog();
  return {
    audit,
    now: kms.now().toISOString(),
    keys: (await kms.listKeys({})).Keys,
    aliases: (await kms.listAliases({})).Aliases,
  };
}

describe("seed documents", () => {
  it("fixes ids and material: what one service encrypted, another opened from the seed decrypts", async () => {
    const a = await open({ seed: SEED });
    const { CiphertextBlob, KeyId } = await a.encrypt({ KeyId: "alias/orders", Plaintext: bytes("yesterday") });
    assert.equal(KeyId, `arn:aws:kms:us-east-1:111122223333:key/${K1}`);
    const b = await open({ seed: JSON.stringify(SEED), randomSeed: 99 });
    const { Plaintext } = await b.decrypt({ CiphertextBlob });
    assert.equal(text(Plaintext), "yesterday");
    // A service without the seed does not know the key.
    const c = await open({ randomSeed: 99 });
    await rejects(c.decrypt({ CiphertextBlob }), "AccessDeniedException");
  });

  it("brings the rotation history, tags, state and due transitions", async () => {
    const kms = await open({ seed: SEED });
    const m = (await kms.describeKey({ KeyId: K1 })).KeyMetadata;
    assert.equal(m.CreationDate.toISOString(), "2025-01-01T00:00:00.000Z");
    assert.equal(m.Description, "orders");
    const { Rotations } = await kms.listKeyRotations({ KeyId: K1 });
    assert.equal(Rotations.length, 1);
    assert.equal(Rotations[0].RotationType, "ON_DEMAND");
    assert.equal(Rotations[0].RotationDate.toISOString(), "2025-06-01T00:00:00.000Z");
    assert.equal(Rotations[0].KeyMaterialId, m.CurrentKeyMaterialId);
    const status = await kms.getKeyRotationStatus({ KeyId: K1 });
    assert.equal(status.KeyRotationEnabled, true);
    assert.equal(status.NextRotationDate.toISOString(), "2026-06-01T00:00:00.000Z");
    assert.deepEqual((await kms.listResourceTags({ KeyId: K1 })).Tags, [{ TagKey: "team", TagValue: "payments" }]);
    const k2 = (await kms.describeKey({ KeyId: K2 })).KeyMetadata;
    assert.equal(k2.KeyState, "PendingDeletion");
    assert.equal(k2.DeletionDate.toISOString(), "2026-01-10T00:00:00.000Z");
    await kms.advanceClock(200 * DAY);
    assert.equal((await kms.listKeyRotations({ KeyId: K1 })).Rotations.length, 2);
    await rejects(kms.describeKey({ KeyId: K2 }), "NotFoundException");
  });

  it("is validated strictly: the error names the entry and field, and nothing changes", async () => {
    const kms = await open();
    const bad = { Keys: [SEED.Keys[0], { ...SEED.Keys[1], KeyId: "not-a-uuid" }] };
    const e = await rejects(kms.applySeed(bad), "ValidationException", /Keys\[1\] \(not-a-uuid\)\.KeyId/);
    assert.equal(e.$fault, "client");
    assert.deepEqual((await kms.listKeys({})).Keys, []);
    await rejects(
      kms.applySeed({ Keys: [{ KeyId: K1, KeyMaterial: [{ Material: "c2hvcnQ=" }] }] }),
      "ValidationException",
      /Keys\[0\] \(11111111-2222-4333-8444-555555555555\)\.KeyMaterial\[0\]/,
    );
    await rejects(kms.applySeed({ Keys: [{ KeyId: K1, Colour: "blue" }] }), "ValidationException", /Colour/);
    await rejects(kms.applySeed("{not json"), "ValidationException", /seed document: JSON/);
    assert.deepEqual((await kms.listKeys({})).Keys, []);
    await assert.rejects(kms.applySeed(42), TypeError);
    // open({ seed }) with a bad document rejects the same way.
    await rejects(open({ seed: bad }), "ValidationException", /Keys\[1\]/);
  });

  it("is idempotent: applying it again changes nothing", async () => {
    const kms = await open({ seed: SEED });
    const before = await kms.exportSeed();
    const keys = (await kms.listKeys({})).Keys;
    assert.equal(await kms.applySeed(SEED), 2);
    assert.deepEqual(await kms.exportSeed(), before);
    assert.deepEqual((await kms.listKeys({})).Keys, keys);
    assert.deepEqual(
      (await kms.listAliases({ KeyId: K1 })).Aliases.map((a) => a.AliasName),
      ["alias/orders"],
    );
  });

  it("a state built by calls becomes a fixture: exportSeed → open({ seed }) round trip", async () => {
    const a = await open();
    const { KeyMetadata } = await a.createKey({
      Description: "built by hand",
      Tags: [{ TagKey: "env", TagValue: "test" }],
    });
    const KeyId = KeyMetadata.KeyId;
    await a.createAlias({ AliasName: "alias/handmade", TargetKeyId: KeyId });
    const old = await a.encrypt({ KeyId, Plaintext: bytes("before rotation") });
    await a.enableKeyRotation({ KeyId, RotationPeriodInDays: 90 });
    await a.rotateKeyOnDemand({ KeyId });
    const { KeyMetadata: other } = await a.createKey({});
    await a.disableKey({ KeyId: other.KeyId });
    const seed = await a.exportSeed();
    assert.equal(seed.Keys.length, 2);
    assert.ok(seed.Keys.some((k) => k.KeyId === KeyId && k.KeyMaterial.length === 2));

    const b = await open({ seed, randomSeed: 12345 });
    assert.deepEqual(await b.exportSeed(), seed);
    assert.equal(text((await b.decrypt({ CiphertextBlob: old.CiphertextBlob })).Plaintext), "before rotation");
    assert.deepEqual(await b.describeKey({ KeyId }), await a.describeKey({ KeyId }));
    assert.deepEqual(await b.listKeyRotations({ KeyId }), await a.listKeyRotations({ KeyId }));
    assert.deepEqual(await b.getKeyRotationStatus({ KeyId }), await a.getKeyRotationStatus({ KeyId }));
    assert.equal((await b.describeKey({ KeyId: other.KeyId })).KeyMetadata.KeyState, "Disabled");
  });

  it("open({ file, seed }) saves the seeded keys", async (t) => {
    const dir = await tempDir(t);
    const file = join(dir, "kms.json");
    const a = await open({ storage: undefined, file, seed: SEED });
    await a.close();
    const b = await open({ storage: undefined, file });
    assert.deepEqual((await b.listKeys({})).Keys.map((k) => k.KeyId).sort(), [K1, K2]);
    await b.close();
  });
});

describe("snapshot and restore", () => {
  it("returns keys, aliases, clock and audit log exactly", async () => {
    const kms = await open({ seed: SEED });
    await kms.createKey({ Description: "before" });
    await kms.advanceClock(DAY);
    const snap = kms.snapshot();
    const before = await listAll(kms);

    const { KeyMetadata } = await kms.createKey({ Description: "after" });
    await kms.createAlias({ AliasName: "alias/after", TargetKeyId: KeyMetadata.KeyId });
    await kms.deleteAlias({ AliasName: "alias/orders" });
    await kms.disableKey({ KeyId: K1 });
    await kms.advanceClock(30 * DAY); // K2's deletion falls due
    assert.notDeepEqual(await listAll(kms), before);

    await kms.restore(snap);
    assert.deepEqual(await listAll(kms), before);
    assert.equal((await kms.describeKey({ KeyId: K1 })).KeyMetadata.KeyState, "Enabled");
    // The same snapshot can be restored again after more changes.
    await kms.reset();
    await kms.restore(snap);
    assert.deepEqual(await listAll(kms), before);
    await assert.rejects(kms.restore({}), TypeError);
  });

  it("a restore with a file store is saved (reopen sees it)", async (t) => {
    const dir = await tempDir(t);
    const file = join(dir, "kms.json");
    const kms = await open({ storage: undefined, file, seed: SEED });
    const snap = kms.snapshot();
    const before = await listAll(kms);
    await kms.createKey({});
    await kms.deleteAlias({ AliasName: "alias/orders" });
    await kms.restore(snap);
    await kms.close();
    const again = await open({ storage: undefined, file });
    const after = await listAll(again);
    assert.deepEqual(after.keys, before.keys);
    assert.deepEqual(after.aliases, before.aliases);
    assert.equal(after.now, before.now);
    await again.close();
  });
});

describe("removeKeys", () => {
  it("takes keys out at once, by id or ARN, with their aliases, saved; the audit log stays", async (t) => {
    const file = join(await tempDir(t), "kms.json");
    const kms = await open({ storage: undefined, file, seed: SEED });
    const eu = (await kms.inRegion("eu-west-1").createKey({})).KeyMetadata;
    const events = (await kms.auditLog()).length;
    assert.equal(await kms.removeKeys([K1, eu.Arn, "no-such-key"]), 2);
    assert.equal((await kms.auditLog()).length, events, "no event for the removal");
    assert.deepEqual(
      (await kms.listKeys({})).Keys.map((k) => k.KeyId),
      [K2],
    );
    assert.deepEqual((await kms.inRegion("eu-west-1").listKeys({})).Keys, []);
    assert.ok(!(await kms.listAliases({})).Aliases.some((a) => a.AliasName === "alias/orders"));
    await kms.close();
    const again = await open({ storage: undefined, file });
    assert.deepEqual(
      (await again.listKeys({})).Keys.map((k) => k.KeyId),
      [K2],
      "the removal was saved",
    );
    const created = (await again.auditLog()).find((e) => e.responseElements?.keyMetadata?.keyId === eu.KeyId);
    assert.ok(created, "the removed key's CreateKey event stays in the log");
    await again.close();
  });

  it("refuses what is not a list of key ids, or a bad Region, changing nothing", async () => {
    const kms = await open({ seed: SEED });
    await assert.rejects(kms.removeKeys(K1), TypeError);
    await assert.rejects(kms.removeKeys([1]), TypeError);
    await assert.rejects(kms.removeKeys([K1], { region: "nowhere" }), /not a Region name/);
    assert.equal((await kms.listKeys({})).Keys.length, 2);
    assert.equal(await kms.removeKeys([K1], { region: "eu-west-1" }), 0, "K1 is not in eu-west-1");
    await kms.close();
  });
});

describe("isolation and reproducibility", () => {
  it("several instances in one process share no state", async () => {
    const a = await open();
    const b = await open();
    const { KeyMetadata } = await a.createKey({});
    await a.createAlias({ AliasName: "alias/only-a", TargetKeyId: KeyMetadata.KeyId });
    await a.advanceClock(10 * DAY);
    assert.equal((await a.listKeys({})).Keys.length, 1);
    assert.deepEqual((await b.listKeys({})).Keys, []);
    await rejects(b.describeKey({ KeyId: "alias/only-a" }), "NotFoundException");
    assert.equal(b.now().toISOString(), new Date(START_MS).toISOString());
    assert.deepEqual(
      (await b.auditLog()).map((e) => e.eventName),
      ["ListKeys", "DescribeKey"],
    ); // its own calls only
    // A snapshot of one restored into the other copies state, it does not link them.
    await b.restore(a.snapshot());
    await b.createKey({});
    assert.equal((await a.listKeys({})).Keys.length, 1);
    assert.equal((await b.listKeys({})).Keys.length, 2);
  });

  /** The same calls; every response, with its request id, as one comparable value. */
  async function script(kms) {
    const out = [];
    const call = async (op, input) => {
      const r = await kms[op](input);
      out.push({ op, r, requestId: r.$metadata.requestId });
      return r;
    };
    const { KeyMetadata } = await call("createKey", { Description: "r" });
    const KeyId = KeyMetadata.KeyId;
    await call("createAlias", { AliasName: "alias/r", TargetKeyId: KeyId });
    await call("encrypt", { KeyId, Plaintext: bytes("same bytes") });
    await call("generateDataKey", { KeyId, KeySpec: "AES_256" });
    await call("generateDataKeyWithoutPlaintext", { KeyId, NumberOfBytes: 16 });
    await call("generateRandom", { NumberOfBytes: 32 });
    await call("rotateKeyOnDemand", { KeyId });
    await call("encrypt", { KeyId: "alias/r", Plaintext: bytes("after rotation") });
    await call("listKeyRotations", { KeyId });
    await call("describeKey", { KeyId });
    out.push({ audit: await kms.auditLog() });
    return out;
  }

  it("randomSeed: the same calls give byte-identical responses", async () => {
    const a = await script(await open({ randomSeed: 2026 }));
    const b = await script(await open({ randomSeed: 2026 }));
    assert.deepEqual(a, b);
    const blob = (run) => Buffer.from(run[2].r.CiphertextBlob).toString("hex");
    assert.equal(blob(a), blob(b));
    const c = await script(await open({ randomSeed: 2027 }));
    assert.notEqual(blob(c), blob(a));
    assert.notEqual(c[0].r.KeyMetadata.KeyId, a[0].r.KeyMetadata.KeyId);
  });

  it("clock: { now, frozen: true } is clock.start", async () => {
    const kms = await open({ clock: { now: "2030-05-05T05:05:05Z", frozen: true } });
    assert.equal(kms.now().toISOString(), "2030-05-05T05:05:05.000Z");
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(kms.now().toISOString(), "2030-05-05T05:05:05.000Z");
    assert.equal((await kms.advanceClock(60)).toISOString(), "2030-05-05T05:06:05.000Z");
    await assert.rejects(open({ clock: { now: START, start: START } }), TypeError);
  });
});

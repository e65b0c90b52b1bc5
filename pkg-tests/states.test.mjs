// The key-state × operation table of AWS's "Key states of AWS KMS keys" page
// (https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html, whose footnotes give the
// "is disabled." / "is pending deletion." / "is pending import." messages), the emulator's
// pending-deletion alarm (issue 2) and the end of the deletion window (what goes with the key: the
// ScheduleKeyDeletion page, https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { arnOf, bytes, DAY, iso, msg, open, rejects, SAMPLE_POLICY, START_MS, text } from "./helpers.mjs";

const STATES = ["Enabled", "Disabled", "PendingDeletion", "PendingImport"];
const ERR = {
  DIS: ["DisabledException", msg.disabled],
  PD: ["KMSInvalidStateException", msg.pendingDeletion],
  NPD: ["KMSInvalidStateException", msg.notPendingDeletion],
  PI: ["KMSInvalidStateException", msg.pendingImport],
};

/** A service with `key` in `state`, an Enabled `other` key, aliases and ciphertexts of both. */
async function setup(state) {
  const kms = await open();
  const other = (await kms.createKey({})).KeyMetadata;
  const key = (await kms.createKey(state === "PendingImport" ? { Origin: "EXTERNAL" } : {})).KeyMetadata;
  await kms.createAlias({ AliasName: "alias/k", TargetKeyId: key.KeyId });
  await kms.createAlias({ AliasName: "alias/o", TargetKeyId: other.KeyId });
  const ct =
    state === "PendingImport"
      ? null
      : (await kms.encrypt({ KeyId: key.KeyId, Plaintext: bytes("mine"), EncryptionContext: { c: "1" } }))
          .CiphertextBlob;
  const otherCt = (await kms.encrypt({ KeyId: other.KeyId, Plaintext: bytes("theirs") })).CiphertextBlob;
  if (state === "Disabled") await kms.disableKey({ KeyId: key.KeyId });
  if (state === "PendingDeletion") await kms.scheduleKeyDeletion({ KeyId: key.KeyId, PendingWindowInDays: 7 });
  assert.equal((await kms.describeKey({ KeyId: key.KeyId })).KeyMetadata.KeyState, state);
  return { kms, id: key.KeyId, arn: key.Arn, other, ct, otherCt };
}

// op → [call, expected per state in STATES order]; "ok" succeeds, null = not applicable.
const ALL_OK = ["ok", "ok", "ok", "ok"];
const CRYPTO = ["ok", "DIS", "PD", "PI"];
const MGMT = ["ok", "ok", "PD", "ok"];
const TABLE = {
  CancelKeyDeletion: [(c) => c.kms.cancelKeyDeletion({ KeyId: c.id }), ["NPD", "NPD", "ok", "NPD"]],
  CreateAlias: [(c) => c.kms.createAlias({ AliasName: "alias/new", TargetKeyId: c.id }), MGMT],
  Decrypt: [(c) => c.kms.decrypt({ CiphertextBlob: c.ct, EncryptionContext: { c: "1" } }), ["ok", "DIS", "PD", null]],
  "Decrypt (KeyId = alias)": [
    (c) => c.kms.decrypt({ CiphertextBlob: c.ct, EncryptionContext: { c: "1" }, KeyId: "alias/k" }),
    ["ok", "DIS", "PD", null],
  ],
  DeleteAlias: [(c) => c.kms.deleteAlias({ AliasName: "alias/k" }), ALL_OK],
  DescribeKey: [(c) => c.kms.describeKey({ KeyId: "alias/k" }), ALL_OK],
  DisableKey: [(c) => c.kms.disableKey({ KeyId: c.id }), ["ok", "ok", "PD", "PI"]],
  EnableKey: [(c) => c.kms.enableKey({ KeyId: c.id }), ["ok", "ok", "PD", "PI"]],
  Encrypt: [(c) => c.kms.encrypt({ KeyId: c.id, Plaintext: bytes("x") }), CRYPTO],
  "Encrypt (alias)": [(c) => c.kms.encrypt({ KeyId: "alias/k", Plaintext: bytes("x") }), CRYPTO],
  GenerateDataKey: [(c) => c.kms.generateDataKey({ KeyId: c.arn, KeySpec: "AES_256" }), CRYPTO],
  GenerateDataKeyWithoutPlaintext: [
    (c) => c.kms.generateDataKeyWithoutPlaintext({ KeyId: c.id, NumberOfBytes: 16 }),
    CRYPTO,
  ],
  "ReEncrypt (source)": [
    (c) =>
      c.kms.reEncrypt({ CiphertextBlob: c.ct, SourceEncryptionContext: { c: "1" }, DestinationKeyId: c.other.KeyId }),
    ["ok", "DIS", "PD", null],
  ],
  "ReEncrypt (destination)": [(c) => c.kms.reEncrypt({ CiphertextBlob: c.otherCt, DestinationKeyId: c.id }), CRYPTO],
  GetKeyPolicy: [(c) => c.kms.getKeyPolicy({ KeyId: c.id }), ALL_OK],
  PutKeyPolicy: [(c) => c.kms.putKeyPolicy({ KeyId: c.id, Policy: SAMPLE_POLICY }), ALL_OK],
  ListKeyPolicies: [(c) => c.kms.listKeyPolicies({ KeyId: c.id }), ALL_OK],
  ListResourceTags: [(c) => c.kms.listResourceTags({ KeyId: c.id }), ALL_OK],
  ListAliases: [
    async (c) =>
      assert.deepEqual(
        (await c.kms.listAliases({ KeyId: c.id })).Aliases.map((a) => a.AliasName),
        ["alias/k"],
      ),
    ALL_OK,
  ],
  ListKeys: [
    async (c) =>
      assert.ok(
        (await c.kms.listKeys({})).Keys.some((k) => k.KeyId === c.id),
        "listed",
      ),
    ALL_OK,
  ],
  ScheduleKeyDeletion: [(c) => c.kms.scheduleKeyDeletion({ KeyId: c.id }), MGMT],
  TagResource: [(c) => c.kms.tagResource({ KeyId: c.id, Tags: [{ TagKey: "a", TagValue: "b" }] }), MGMT],
  UntagResource: [(c) => c.kms.untagResource({ KeyId: c.id, TagKeys: ["a"] }), MGMT],
  UpdateKeyDescription: [(c) => c.kms.updateKeyDescription({ KeyId: c.id, Description: "d" }), MGMT],
  "UpdateAlias (new target)": [(c) => c.kms.updateAlias({ AliasName: "alias/o", TargetKeyId: c.id }), MGMT],
  "UpdateAlias (away from key)": [
    (c) => c.kms.updateAlias({ AliasName: "alias/k", TargetKeyId: c.other.KeyId }),
    ALL_OK,
  ],
};

describe("key-state table", () => {
  // The PendingImport column below starts from such a key (this build imports key material).
  test("CreateKey with Origin EXTERNAL gives a PendingImport key", async () => {
    const kms = await open();
    const { KeyMetadata } = await kms.createKey({ Origin: "EXTERNAL" });
    assert.equal(KeyMetadata.KeyState, "PendingImport", "an EXTERNAL key starts in PendingImport");
    assert.equal(KeyMetadata.Enabled, false);
  });

  for (const [i, state] of STATES.entries()) {
    describe(state, () => {
      for (const [op, [call, expected]] of Object.entries(TABLE)) {
        const want = expected[i];
        if (want === null) continue;
        test(`${op} → ${want}`, async () => {
          const c = await setup(state);
          if (want === "ok") {
            await call(c);
            return;
          }
          const [name, text] = ERR[want];
          await rejects(call(c), name, text(c.arn));
          const { KeyMetadata: m } = await c.kms.describeKey({ KeyId: c.id });
          assert.equal(m.KeyState, state, "a refused call leaves the state alone");
        });
      }
    });
  }

  test("Enabled flag and DeletionDate follow KeyState", async () => {
    for (const state of ["Enabled", "Disabled", "PendingDeletion"]) {
      const c = await setup(state);
      const { KeyMetadata: m } = await c.kms.describeKey({ KeyId: c.id });
      assert.equal(m.Enabled, state === "Enabled", state);
      assert.equal(
        m.DeletionDate?.getTime(),
        state === "PendingDeletion" ? START_MS + 7 * DAY * 1000 : undefined,
        state,
      );
    }
  });
});

describe("pending-deletion alarm (issue 2)", () => {
  test("using a key pending deletion marks the event and calls every onAlarm listener", async () => {
    const c = await setup("PendingDeletion");
    const seen1 = [];
    const seen2 = [];
    c.kms.onAlarm((e) => seen1.push(e));
    c.kms.onAlarm((e) => seen2.push(e));
    await c.kms.encrypt({ KeyId: c.other.KeyId, Plaintext: bytes("fine") });
    await c.kms.describeKey({ KeyId: c.other.KeyId });
    await rejects(
      c.kms.encrypt({ KeyId: c.id, Plaintext: bytes("x") }),
      "KMSInvalidStateException",
      msg.pendingDeletion(c.arn),
    );
    await rejects(c.kms.decrypt({ CiphertextBlob: c.ct, EncryptionContext: { c: "1" } }), "KMSInvalidStateException");
    await rejects(c.kms.generateDataKey({ KeyId: "alias/k", KeySpec: "AES_128" }), "KMSInvalidStateException");
    await rejects(c.kms.reEncrypt({ CiphertextBlob: c.otherCt, DestinationKeyId: c.id }), "KMSInvalidStateException");
    await new Promise((r) => setImmediate(r));
    const alarms = await c.kms.auditLog({ alarmsOnly: true });
    assert.deepEqual(
      alarms.map((e) => e.eventName),
      ["Encrypt", "Decrypt", "GenerateDataKey", "ReEncrypt"],
    );
    for (const e of alarms) {
      assert.ok(e.alarm && typeof e.alarm === "object", "alarm object on the event");
      assert.equal(e.errorCode, "KMSInvalidStateException");
      assert.equal(e.errorMessage, msg.pendingDeletion(c.arn));
      assert.ok(
        e.resources.some((r) => r.ARN === c.arn),
        "the event names the key",
      );
    }
    assert.deepEqual(
      seen1.map((e) => e.eventName),
      alarms.map((e) => e.eventName),
      "listener 1 got every alarm",
    );
    assert.deepEqual(
      seen2.map((e) => e.eventName),
      alarms.map((e) => e.eventName),
      "listener 2 got every alarm",
    );
    assert.ok(
      seen1.every((e) => e.alarm),
      "listeners receive the marked event",
    );
    const mine = await c.kms.auditLog({ keyId: c.id, alarmsOnly: true });
    assert.equal(mine.length, 4);
  });

  test("no alarm for Disabled keys", async () => {
    const c = await setup("Disabled");
    let called = 0;
    c.kms.onAlarm(() => called++);
    await rejects(c.kms.encrypt({ KeyId: c.id, Plaintext: bytes("x") }), "DisabledException");
    await new Promise((r) => setImmediate(r));
    assert.equal(called, 0);
    assert.deepEqual(await c.kms.auditLog({ alarmsOnly: true }), []);
  });
});

describe("end of the deletion window", () => {
  test("the key and its aliases are gone exactly at DeletionDate", async () => {
    const c = await setup("PendingDeletion");
    const due = START_MS + 7 * DAY * 1000;
    await c.kms.advanceClock(7 * DAY - 1);
    assert.equal(
      (await c.kms.describeKey({ KeyId: c.id })).KeyMetadata.KeyState,
      "PendingDeletion",
      "one second before",
    );
    await c.kms.advanceClock(1);
    await rejects(c.kms.describeKey({ KeyId: c.id }), "NotFoundException", msg.notExist(c.arn));
    await rejects(c.kms.describeKey({ KeyId: c.arn }), "NotFoundException", msg.notExist(c.arn));
    await rejects(c.kms.describeKey({ KeyId: "alias/k" }), "NotFoundException");
    for (const call of [
      () => c.kms.cancelKeyDeletion({ KeyId: c.id }),
      () => c.kms.enableKey({ KeyId: c.id }),
      () => c.kms.getKeyPolicy({ KeyId: c.id }),
      () => c.kms.encrypt({ KeyId: c.id, Plaintext: bytes("x") }),
    ])
      await rejects(call(), "NotFoundException", msg.notExist(c.arn));
    assert.deepEqual(
      (await c.kms.listKeys({})).Keys.map((k) => k.KeyId),
      [c.other.KeyId],
    );
    assert.deepEqual(
      (await c.kms.listAliases({})).Aliases.map((a) => a.AliasName).filter((n) => !n.startsWith("alias/aws/")),
      ["alias/o"],
    );
    // Old ciphertexts no longer decrypt: AWS's AccessDeniedException for a ciphertext whose key it cannot
    // find (`msg.accessDenied`).
    await rejects(
      c.kms.decrypt({ CiphertextBlob: c.ct, EncryptionContext: { c: "1" } }),
      "AccessDeniedException",
      msg.accessDenied,
    );
    await rejects(
      c.kms.reEncrypt({ CiphertextBlob: c.ct, SourceEncryptionContext: { c: "1" }, DestinationKeyId: c.other.KeyId }),
      "AccessDeniedException",
      msg.accessDenied,
    );
    await rejects(
      c.kms.decrypt({ CiphertextBlob: c.ct, EncryptionContext: { c: "1" }, KeyId: c.arn }),
      "NotFoundException",
      msg.notExist(c.arn),
    );
    // The DeleteKey service event, stamped with the due time.
    const del = await c.kms.auditLog({ eventName: "DeleteKey" });
    assert.equal(del.length, 1);
    assert.equal(iso(del[0].eventTime), iso(due));
    assert.equal(del[0].eventType, "AwsServiceEvent");
    assert.equal(del[0].requestParameters, null);
    assert.ok(del[0].resources.some((r) => r.ARN === c.arn));
    // ScheduleKeyDeletion's event carries its response in lowerCamelCase, as CloudTrail's KMS entries do.
    const [sched] = await c.kms.auditLog({ eventName: "ScheduleKeyDeletion" });
    assert.equal(sched.responseElements.keyId, c.arn);
    assert.equal(sched.responseElements.keyState, "PendingDeletion");
    assert.ok(sched.responseElements.deletionDate, "deletionDate in responseElements");
    // The alias name is free again.
    await c.kms.createAlias({ AliasName: "alias/k", TargetKeyId: c.other.KeyId });
  });

  test("a long jump deletes each key at its own due time, lazily and exactly", async () => {
    const kms = await open();
    const a = (await kms.createKey({})).KeyMetadata;
    const b = (await kms.createKey({})).KeyMetadata;
    const keep = (await kms.createKey({})).KeyMetadata;
    await kms.scheduleKeyDeletion({ KeyId: b.KeyId, PendingWindowInDays: 30 });
    await kms.advanceClock(3600);
    await kms.scheduleKeyDeletion({ KeyId: a.KeyId, PendingWindowInDays: 7 });
    await kms.advanceClock(400 * DAY);
    const del = await kms.auditLog({ eventName: "DeleteKey" });
    assert.deepEqual(
      del.map((e) => [e.resources[0].ARN, iso(e.eventTime)]),
      [
        [arnOf(a.KeyId), iso(START_MS + 3600_000 + 7 * DAY * 1000)],
        [arnOf(b.KeyId), iso(START_MS + 30 * DAY * 1000)],
      ].sort((x, y) => x[1].localeCompare(y[1])),
    );
    assert.deepEqual(
      (await kms.listKeys({})).Keys.map((k) => k.KeyId),
      [keep.KeyId],
    );
  });

  test("CancelKeyDeletion before the window ends keeps the key; it decrypts once re-enabled", async () => {
    const c = await setup("PendingDeletion");
    await c.kms.advanceClock(7 * DAY - 60);
    await c.kms.cancelKeyDeletion({ KeyId: c.id });
    await c.kms.advanceClock(30 * DAY);
    const { KeyMetadata: m } = await c.kms.describeKey({ KeyId: c.id });
    assert.deepEqual([m.KeyState, m.DeletionDate], ["Disabled", undefined]);
    await c.kms.enableKey({ KeyId: c.id });
    const d = await c.kms.decrypt({ CiphertextBlob: c.ct, EncryptionContext: { c: "1" } });
    assert.equal(text(d.Plaintext), "mine");
    assert.deepEqual(await c.kms.auditLog({ eventName: "DeleteKey" }), []);
  });
});

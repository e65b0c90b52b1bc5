// The JSON file store (issue 2 "Persistence"): state survives close/reopen, writes are atomic
// and acknowledged only once written, bad files are refused and never overwritten.
import assert from "node:assert/strict";
import { copyFile, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, test } from "node:test";
import {
  bytes,
  KeyManagementService,
  rejects,
  SAMPLE_POLICY,
  START,
  START_MS,
  startServer,
  tempDir,
  text,
} from "./helpers.mjs";

const CLOCK = { start: START, frozen: true };
const openFile = (file, extra = {}) => KeyManagementService.open({ file, clock: CLOCK, ...extra });

async function populated(t) {
  const dir = await tempDir(t);
  const file = join(dir, "kms.json");
  const kms = await openFile(file);
  const { KeyMetadata: key } = await kms.createKey({
    Description: "kept",
    Tags: [{ TagKey: "env", TagValue: "test" }],
  });
  const gone = (await kms.createKey({})).KeyMetadata;
  await kms.createAlias({ AliasName: "alias/kept", TargetKeyId: key.KeyId });
  await kms.putKeyPolicy({ KeyId: key.KeyId, Policy: SAMPLE_POLICY });
  await kms.scheduleKeyDeletion({ KeyId: gone.KeyId, PendingWindowInDays: 7 });
  await kms.advanceClock(3600);
  const { CiphertextBlob } = await kms.encrypt({
    KeyId: "alias/kept",
    Plaintext: bytes("survives"),
    EncryptionContext: { a: "b" },
  });
  return { dir, file, kms, key, gone, CiphertextBlob };
}

describe("file store", () => {
  test("keys, aliases, tags, policy, pending deletion and clock offset survive close/reopen", async (t) => {
    const { file, kms, key, gone, CiphertextBlob } = await populated(t);
    await kms.close();
    const again = await openFile(file);
    const { KeyMetadata: m } = await again.describeKey({ KeyId: "alias/kept" });
    assert.equal(m.KeyId, key.KeyId);
    assert.equal(m.Description, "kept");
    assert.equal(m.CreationDate.getTime(), START_MS);
    assert.deepEqual((await again.listResourceTags({ KeyId: key.KeyId })).Tags, [{ TagKey: "env", TagValue: "test" }]);
    assert.equal((await again.getKeyPolicy({ KeyId: key.KeyId })).Policy, SAMPLE_POLICY);
    const g = (await again.describeKey({ KeyId: gone.KeyId })).KeyMetadata;
    assert.equal(g.KeyState, "PendingDeletion");
    assert.equal(g.DeletionDate.getTime(), START_MS + 7 * 86_400_000);
    assert.equal((await again.now()).getTime(), START_MS + 3600_000, "the clock offset is part of the saved state");
    const d = await again.decrypt({ CiphertextBlob, EncryptionContext: { a: "b" } });
    assert.equal(text(d.Plaintext), "survives");
    assert.equal(d.KeyId, key.Arn);
    const names = (await again.auditLog({})).map((e) => e.eventName);
    assert.ok(names.includes("CreateKey") && names.includes("Encrypt"), "the audit trail is kept too");
    await again.close();
  });

  test("each mutation is on disk before it is acknowledged", async (t) => {
    const dir = await tempDir(t);
    const file = join(dir, "kms.json");
    const kms = await openFile(file);
    // The state on disk is the state file plus its journal of changes since.
    const onDisk = async () =>
      (await readFile(file, "utf8")) + (await readFile(`${file}.journal`, "utf8").catch(() => ""));
    const { KeyMetadata: k } = await kms.createKey({});
    assert.ok((await onDisk()).includes(k.KeyId), "CreateKey is saved without close()");
    await kms.createAlias({ AliasName: "alias/now", TargetKeyId: k.KeyId });
    assert.ok((await onDisk()).includes("alias/now"), "CreateAlias is saved without close()");
    // A copy of what is on disk, opened beside the first (which keeps the file locked, and
    // is not closed), has it.
    const copy = join(dir, "copy.json");
    await copyFile(file, copy);
    await copyFile(`${file}.journal`, `${copy}.journal`).catch(() => {});
    const other = await openFile(copy);
    assert.equal((await other.describeKey({ KeyId: "alias/now" })).KeyMetadata.KeyId, k.KeyId);
    await other.close();
    await kms.close();
  });

  test("the file is JSON with schemaVersion, and no temp files are left", async (t) => {
    const { dir, file, kms, key } = await populated(t);
    for (let i = 0; i < 5; i++) await kms.tagResource({ KeyId: key.KeyId, Tags: [{ TagKey: `t${i}`, TagValue: "v" }] });
    await kms.close();
    const saved = JSON.parse(await readFile(file, "utf8"));
    assert.equal(typeof saved.schemaVersion, "number");
    assert.ok(Number.isInteger(saved.schemaVersion) && saved.schemaVersion >= 1);
    assert.deepEqual(
      (await readdir(dir)).filter((f) => f !== "kms.json.journal"),
      ["kms.json"],
      "only the state file (and its journal) remain",
    );
  });

  test("the saved state never holds plaintext", async (t) => {
    const { file, kms } = await populated(t);
    await kms.close();
    const raw = (await readFile(file, "utf8")) + (await readFile(`${file}.journal`, "utf8").catch(() => ""));
    assert.ok(!raw.includes("survives") && !raw.includes(Buffer.from("survives").toString("base64")));
  });

  test("a missing file starts empty and is created by the first mutation", async (t) => {
    const dir = await tempDir(t);
    const file = join(dir, "sub-missing.json");
    const kms = await openFile(file);
    assert.deepEqual((await kms.listKeys({})).Keys, []);
    await kms.createKey({});
    assert.equal(typeof JSON.parse(await readFile(file, "utf8")).schemaVersion, "number");
    await kms.close();
  });
});

test("reset() is saved like any other mutation", async (t) => {
  const { file, kms } = await populated(t);
  await kms.reset();
  await kms.close();
  const again = await openFile(file);
  assert.deepEqual((await again.listKeys({})).Keys, []);
  assert.equal((await again.now()).getTime(), START_MS, "the clock offset is reset too");
  await again.close();
});

describe("refused files are left alone", () => {
  const cases = {
    "corrupt JSON": async () => "{ this is not json",
    "schemaVersion 99": async (t) => {
      const { file, kms } = await populated(t);
      await kms.close();
      const saved = JSON.parse(await readFile(file, "utf8"));
      saved.schemaVersion = 99;
      return JSON.stringify(saved);
    },
    "JSON without schemaVersion": async () => JSON.stringify({ keys: {} }),
  };
  for (const [what, make] of Object.entries(cases)) {
    test(`${what}: open() rejects naming the file; bytes unchanged`, async (t) => {
      const dir = await tempDir(t);
      const file = join(dir, "bad-state.json");
      const content = await make(t);
      await writeFile(file, content);
      const before = await readFile(file);
      let err;
      try {
        const kms = await openFile(file);
        // If open() were lazy, the first call must fail instead, and nothing may be written.
        await kms.createKey({});
      } catch (e) {
        err = e;
      }
      assert.ok(err instanceof Error, `${what} was accepted`);
      assert.ok(err.message.includes(file), `the error names the file: "${err.message}"`);
      if (what === "schemaVersion 99") assert.match(err.message, /99|newer/);
      assert.deepEqual(await readFile(file), before, "the file is byte-identical");
      assert.deepEqual(await readdir(dir), ["bad-state.json"], "no temp file left");
    });
  }
  test("kms-wasm serve --data refuses a corrupt file, naming it, and leaves it alone", async (t) => {
    const dir = await tempDir(t);
    const file = join(dir, "served-bad.json");
    await writeFile(file, "{ nope");
    const err = await startServer(["--data", file], { timeoutMs: 15_000 }).then(
      async (s) => {
        await s.stop();
        return null;
      },
      (e) => e,
    );
    assert.ok(err, "the server must not start on a corrupt file");
    assert.ok(err.message.includes(file), `the output names the file: ${err.message}`);
    assert.equal(await readFile(file, "utf8"), "{ nope");
  });
});

describe("a failed call changes nothing", () => {
  test("rejected mutations leave the file byte-identical", async (t) => {
    const { file, kms, key } = await populated(t);
    const before = await readFile(file);
    await rejects(kms.createAlias({ AliasName: "alias/kept", TargetKeyId: key.KeyId }), "AlreadyExistsException");
    await rejects(kms.scheduleKeyDeletion({ KeyId: key.KeyId, PendingWindowInDays: 3 }), "ValidationException");
    await rejects(kms.tagResource({ KeyId: key.KeyId, Tags: [{ TagKey: "aws:x", TagValue: "v" }] }), "TagException");
    await rejects(kms.putKeyPolicy({ KeyId: key.KeyId, Policy: "{nope" }), "MalformedPolicyDocumentException");
    await rejects(kms.createKey({ KeySpec: "NOPE" }), "ValidationException");
    await rejects(kms.cancelKeyDeletion({ KeyId: key.KeyId }), "KMSInvalidStateException");
    await rejects(kms.describeKey({ KeyId: "fake-key-id" }), "NotFoundException");
    assert.deepEqual(await readFile(file), before);
    await kms.close();
    const again = await openFile(file);
    assert.deepEqual((await again.listResourceTags({ KeyId: key.KeyId })).Tags, [{ TagKey: "env", TagValue: "test" }]);
    assert.equal((await again.describeKey({ KeyId: key.KeyId })).KeyMetadata.KeyState, "Enabled");
    await again.close();
  });
});

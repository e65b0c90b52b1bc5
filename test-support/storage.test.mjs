// The storage plumbing of the bindings (src/bindings, src/storage): atomic saves, refusal of
// unreadable files, rollback to the last saved state when a save fails, flush on close, and
// clock/randomSeed options across reopen. pkg-tests/ covers the user-level persistence contract.
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { KeyManagementService } from "kms-wasm";

const START = "2026-01-01T00:00:00Z";
const frozen = { start: START, frozen: true };

async function tempDir(t) {
  const dir = await mkdtemp(join(tmpdir(), "kms-wasm-storage-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function storageError(promise) {
  const err = await promise.then(
    () => null,
    (e) => e,
  );
  assert.ok(err, "expected a KmsStorageError, but the call succeeded");
  assert.equal(err.name, "KmsStorageError", `${err.name}: ${err.message}`);
  return err;
}

describe("file store plumbing", () => {
  test("a failed save throws KmsStorageError naming the file and rolls the engine back", async (t) => {
    const dir = join(await tempDir(t), "state");
    await mkdir(dir);
    const file = join(dir, "kms.json");
    const kms = await KeyManagementService.open({ file, clock: frozen, randomSeed: 3 });
    const { KeyMetadata: kept } = await kms.createKey({ Description: "kept" });
    await rm(dir, { recursive: true }); // the next save cannot create its temp file
    const err = await storageError(kms.createKey({ Description: "lost" }));
    assert.ok(err.message.includes(file), err.message);
    assert.equal(err.path, file);
    const keys = (await kms.listKeys({})).Keys.map((k) => k.KeyId);
    assert.deepEqual(keys, [kept.KeyId], "the unsaved key is gone, the saved one kept");
    await storageError(kms.advanceClock(60));
    assert.equal(kms.now().toISOString(), "2026-01-01T00:00:00.000Z", "the unsaved clock move is undone");
    await mkdir(dir);
    const { KeyMetadata: next } = await kms.createKey({ Description: "next" });
    assert.notEqual(next.KeyId, kept.KeyId, "the seeded random stream goes on after a rollback");
    const saved = await readFile(file, "utf8");
    assert.ok(saved.includes(kept.KeyId) && saved.includes(next.KeyId) && !saved.includes('"lost"'));
    await kms.close();
  });

  test("a path that cannot be read is refused at open and left alone", async (t) => {
    const dir = await tempDir(t);
    const path = join(dir, "is-a-dir.json");
    await mkdir(path);
    const err = await storageError(KeyManagementService.open({ file: path }));
    assert.ok(err.message.includes(path), err.message);
    assert.ok((await stat(path)).isDirectory());
    assert.deepEqual(await readdir(dir), ["is-a-dir.json"]);
  });

  test("corrupt and too-new files are refused with the file named; nothing is written", async (t) => {
    const dir = await tempDir(t);
    for (const [name, content, pattern] of [
      ["corrupt.json", '{"schemaVersion": 1, "state": ', /corrupt/],
      ["empty.json", "", /corrupt/],
      ["newer.json", JSON.stringify({ schemaVersion: 99, state: {} }), /schemaVersion 99/],
    ]) {
      const file = join(dir, name);
      await writeFile(file, content);
      const err = await storageError(KeyManagementService.open({ file }));
      assert.ok(err.message.includes(file), err.message);
      assert.match(err.message, pattern);
      assert.equal(await readFile(file, "utf8"), content);
    }
    assert.deepEqual((await readdir(dir)).sort(), ["corrupt.json", "empty.json", "newer.json"]);
  });

  test("a new file is created at open, readable by its owner only", async (t) => {
    const file = join(await tempDir(t), "fresh.json");
    const kms = await KeyManagementService.open({ file });
    assert.equal(kms.storage, file);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.equal(JSON.parse(await readFile(file, "utf8")).schemaVersion >= 1, true);
    await kms.close();
  });

  test("a missing directory fails at open, not at the first mutation", async (t) => {
    const file = join(await tempDir(t), "no-such-dir", "kms.json");
    const err = await storageError(KeyManagementService.open({ file }));
    assert.ok(err.message.includes(file), err.message);
  });

  test("close() saves the audit events of read-only calls", async (t) => {
    const file = join(await tempDir(t), "kms.json");
    const kms = await KeyManagementService.open({ file, clock: frozen });
    const { KeyMetadata } = await kms.createKey({});
    await kms.describeKey({ KeyId: KeyMetadata.KeyId });
    await kms.close();
    await kms.close(); // idempotent
    await assert.rejects(kms.listKeys({}), /closed/);
    const again = await KeyManagementService.open({ file, clock: frozen });
    assert.deepEqual(
      (await again.auditLog({})).map((e) => e.eventName),
      ["CreateKey", "DescribeKey"],
    );
    await again.close();
  });

  test("a running clock starts at clock.start only when the state is new", async (t) => {
    const file = join(await tempDir(t), "kms.json");
    const first = await KeyManagementService.open({ file, clock: { start: "2020-02-02T00:00:00Z" } });
    const t0 = first.now().getTime();
    assert.ok(Math.abs(t0 - Date.parse("2020-02-02T00:00:00Z")) < 5_000, first.now().toISOString());
    await first.close();
    const again = await KeyManagementService.open({ file, clock: { start: "2030-01-01T00:00:00Z" } });
    assert.ok(Math.abs(again.now().getTime() - t0) < 5_000, "the saved offset wins over a new start");
    await again.close();
  });

  test("only the state file and its journal remain after many saves (temp files are renamed away)", async (t) => {
    const dir = await tempDir(t);
    const kms = await KeyManagementService.open({ file: join(dir, "kms.json") });
    const { KeyMetadata } = await kms.createKey({});
    for (let i = 0; i < 20; i++) await kms.updateKeyDescription({ KeyId: KeyMetadata.KeyId, Description: `d${i}` });
    await kms.reset(); // a reset is saved as a whole new snapshot
    await kms.createKey({});
    await kms.close();
    assert.deepEqual((await readdir(dir)).sort(), ["kms.json", "kms.json.journal"]);
  });
});

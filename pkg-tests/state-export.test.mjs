// exportState()/importState() in Node, for the memory and file stores (the browser suite
// covers IndexedDB): the export is the versioned snapshot every store writes; an import
// replaces everything (keys, material, aliases, audit log, clock offset), is saved like any
// change, is refused without any change when the text is not a loadable state, and is rolled
// back when the file store cannot save it.
import assert from "node:assert/strict";
import { mkdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { describe, test } from "node:test";
import { bytes, open, tempDir, text } from "./helpers.mjs";

async function populated() {
  const kms = await open();
  const { KeyMetadata } = await kms.createKey({ Description: "exported" });
  await kms.createAlias({ AliasName: "alias/exported", TargetKeyId: KeyMetadata.KeyId });
  const { CiphertextBlob } = await kms.encrypt({
    KeyId: "alias/exported",
    Plaintext: bytes("secret"),
    EncryptionContext: { a: "b" },
  });
  await kms.advanceClock(3 * 86400);
  return { kms, keyId: KeyMetadata.KeyId, CiphertextBlob };
}

describe("exportState / importState", () => {
  test("the export is the versioned snapshot; an import carries keys, aliases, audit and clock", async () => {
    const { kms, keyId, CiphertextBlob } = await populated();
    const exported = await kms.exportState();
    const parsed = JSON.parse(exported);
    assert.equal(typeof parsed.schemaVersion, "number");
    assert.ok(parsed.state && typeof parsed.state === "object");
    assert.ok(!exported.includes(Buffer.from("secret").toString("base64")), "no plaintext in the export");

    const other = await open({ randomSeed: 99, clock: { start: "2030-01-01T00:00:00Z", frozen: true } });
    await other.createKey({ Description: "replaced" });
    await other.importState(exported);
    assert.deepEqual(
      (await other.listKeys({})).Keys.map((k) => k.KeyId),
      [keyId],
    );
    assert.equal((await other.listAliases({ KeyId: keyId })).Aliases[0].AliasName, "alias/exported");
    const { Plaintext } = await other.decrypt({ CiphertextBlob, EncryptionContext: { a: "b" } });
    assert.equal(text(Plaintext), "secret");
    const names = (await other.auditLog({})).map((e) => e.eventName);
    assert.deepEqual(names.slice(0, 3), ["CreateKey", "CreateAlias", "Encrypt"], "the audit log came along");
    assert.ok(!names.includes("ListKeys") || names.indexOf("ListKeys") > 2);
    // An object works as well as text.
    const third = await open();
    await third.importState(parsed);
    assert.equal((await third.listKeys({})).Keys.length, 1);
  });

  test("newer, corrupt or non-state input is refused with KmsStateError and nothing changes", async () => {
    const { kms, keyId } = await populated();
    for (const [input, pattern] of [
      [JSON.stringify({ schemaVersion: 99, state: {} }), /schemaVersion 99/],
      ["{", /corrupt/],
      [{ schemaVersion: 1 }, /corrupt/],
      ["[]", /corrupt/],
    ]) {
      const err = await kms.importState(input).then(
        () => null,
        (e) => e,
      );
      assert.equal(err?.name, "KmsStateError", String(err));
      assert.match(err.message, pattern);
      assert.match(err.message, /nothing was changed/);
    }
    await assert.rejects(kms.importState(42), TypeError);
    await assert.rejects(kms.importState(undefined), TypeError);
    assert.deepEqual(
      (await kms.listKeys({})).Keys.map((k) => k.KeyId),
      [keyId],
    );
  });

  test("the file store saves an import, and rolls it back when the save fails", async (t) => {
    const { kms: source, keyId } = await populated();
    const exported = await source.exportState();
    const dir = join(await tempDir(t), "state");
    await mkdir(dir);
    const file = join(dir, "kms.json");
    const kms = await open({ storage: "file", file });
    await kms.createKey({ Description: "replaced by the import" });
    await kms.importState(exported);
    assert.ok((await readFile(file, "utf8")).includes(keyId), "the import is on disk");
    await kms.close();
    const reopened = await open({ storage: "file", file });
    assert.deepEqual(
      (await reopened.listKeys({})).Keys.map((k) => k.KeyId),
      [keyId],
    );

    await rm(dir, { recursive: true }); // the next save cannot create its temp file
    const other = await open();
    await other.createKey({ Description: "never saved" });
    const err = await reopened.importState(await other.exportState()).then(
      () => null,
      (e) => e,
    );
    assert.equal(err?.name, "KmsStorageError");
    assert.deepEqual(
      (await reopened.listKeys({})).Keys.map((k) => k.KeyId),
      [keyId],
      "rolled back to the saved state",
    );
  });
});

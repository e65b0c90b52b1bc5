// Encryption at rest (issue 8): `{ file, passphrase }` / `serve --passphrase-env VAR` keep the
// state file and its journal encrypted (Argon2id + AES-256-GCM); the right passphrase opens
// them, a wrong one or none is refused with one line naming the file, and nothing readable
// (key ids, descriptions, key material) is on disk; a file sealed by an earlier build (kept in
// fixtures/) still opens now that Argon2id runs in the extras module.
import assert from "node:assert/strict";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { KeyManagementService, startServer, tempDir } from "./helpers.mjs";

const refusal = (opts) =>
  KeyManagementService.open(opts).then(
    async (k) => {
      await k.close();
      return null;
    },
    (e) => e,
  );

test("an encrypted file store: reopened with its passphrase, refused without it or with another", {
  timeout: 60_000,
}, async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, "kms.json");
  const passphrase = "correct horse battery staple";
  let kms = await KeyManagementService.open({ file, passphrase });
  const { KeyMetadata } = await kms.createKey({ Description: "visible-description" });
  await kms.createAlias({ AliasName: "alias/visible-alias", TargetKeyId: KeyMetadata.KeyId });
  const { CiphertextBlob } = await kms.encrypt({ KeyId: KeyMetadata.KeyId, Plaintext: Buffer.from("x") });
  const { state } = JSON.parse(await kms.exportState());
  const material = state.keys[KeyMetadata.KeyId].materials[0].secret;
  await kms.close();

  const disk = (await readFile(file, "utf8")) + (await readFile(`${file}.journal`, "utf8"));
  for (const visible of [KeyMetadata.KeyId, "visible-description", "visible-alias", material, passphrase])
    assert.ok(!disk.includes(visible), `${visible} is readable on disk`);
  assert.match(await readFile(file, "utf8"), /^\{"kmsWasmEncrypted":1,"kdf":"argon2id"/);

  kms = await KeyManagementService.open({ file, passphrase });
  assert.equal(Buffer.from((await kms.decrypt({ CiphertextBlob })).Plaintext).toString(), "x");
  assert.equal(
    (await kms.describeKey({ KeyId: "alias/visible-alias" })).KeyMetadata.Description,
    "visible-description",
  );
  await kms.close();

  const before = await readdir(dir);
  const bytes = await readFile(file);
  for (const [opts, why] of [
    [{ file, passphrase: "wrong" }, /wrong passphrase, or the file was altered/],
    [{ file }, /it is encrypted; open it with its passphrase/],
  ]) {
    const err = await refusal(opts);
    assert.ok(err, "refused");
    assert.match(err.message, why);
    assert.ok(
      err.message.includes(file) && !err.message.includes("\n") && !err.message.includes(passphrase),
      err.message,
    );
  }
  // A plain file given a passphrase is refused too (not silently left plain).
  const plain = join(dir, "plain.json");
  await (await KeyManagementService.open({ file: plain })).close();
  assert.match((await refusal({ file: plain, passphrase })).message, /it is not encrypted, but a passphrase was given/);
  assert.deepEqual(await readFile(file), bytes, "the refused file is unchanged");
  assert.deepEqual(
    (await readdir(dir)).filter((f) => !f.startsWith("plain")),
    before.filter((f) => !f.startsWith("plain")),
  );
  await assert.rejects(KeyManagementService.open({ passphrase }), /needs file/);
  // An altered journal line does not decrypt: refused, not skipped.
  const journal = await readFile(`${file}.journal`, "utf8");
  const flipped = journal[5] === "A" ? "B" : "A";
  await writeFile(`${file}.journal`, journal.slice(0, 5) + flipped + journal.slice(6));
  assert.match((await refusal({ file, passphrase })).message, /journal line 1 does not decrypt/);
});

test("kms-wasm serve --passphrase-env", { timeout: 60_000 }, async (t) => {
  const file = join(await tempDir(t), "kms.json");
  process.env.KMS_WASM_TEST_PASSPHRASE = "serve-passphrase-123";
  try {
    const server = await startServer(["--data", file, "--passphrase-env", "KMS_WASM_TEST_PASSPHRASE"]);
    let keyId;
    try {
      const r = await fetch(`${server.url}/`, {
        method: "POST",
        headers: { "x-amz-target": "TrentService.CreateKey", "content-type": "application/x-amz-json-1.1" },
        body: "{}",
      });
      keyId = (await r.json()).KeyMetadata.KeyId;
    } finally {
      await server.stop();
    }
    assert.ok(!server.output().includes("serve-passphrase-123"));
    assert.ok(!(await readFile(file, "utf8")).includes(keyId));
    const kms = await KeyManagementService.open({ file, passphrase: "serve-passphrase-123" });
    assert.equal((await kms.listKeys({})).Keys[0].KeyId, keyId);
    await kms.close();
    const err = await startServer(["--data", file, "--passphrase-env", "KMS_WASM_NO_SUCH_VAR"], {
      timeoutMs: 10_000,
    }).then(
      async (s) => {
        await s.stop();
        return null;
      },
      (e) => e,
    );
    assert.match(err?.message ?? "", /KMS_WASM_NO_SUCH_VAR is not set/);
  } finally {
    delete process.env.KMS_WASM_TEST_PASSPHRASE;
  }
});

test("a file sealed by an earlier build (Argon2id then in the main module) still opens", {
  timeout: 60_000,
}, async (t) => {
  const fixtures = new URL("./fixtures/", import.meta.url);
  const expect = JSON.parse(await readFile(new URL("sealed-v1.expect.json", fixtures), "utf8"));
  const dir = await tempDir(t);
  const file = join(dir, "kms.json");
  await writeFile(file, await readFile(new URL("sealed-v1.json", fixtures)));
  await writeFile(`${file}.journal`, await readFile(new URL("sealed-v1.json.journal", fixtures)));
  const kms = await KeyManagementService.open({ file, passphrase: expect.passphrase });
  try {
    assert.equal((await kms.describeKey({ KeyId: expect.alias })).KeyMetadata.KeyId, expect.keyId);
    const { Plaintext } = await kms.decrypt({ CiphertextBlob: Buffer.from(expect.ciphertext, "base64") });
    assert.equal(Buffer.from(Plaintext).toString(), expect.plaintext);
  } finally {
    await kms.close();
  }
  assert.match((await refusal({ file, passphrase: "wrong" })).message, /wrong passphrase, or the file was altered/);
});

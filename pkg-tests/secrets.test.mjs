// Secrets (issue 8): plaintext, data keys and key material never appear in the audit log, in
// error messages, in the server's output or in debug output (util.inspect), in any encoding
// (UTF-8, base64 with and without padding, base64url, hex); plaintext and data keys never in
// the state file either (key material is there by design: an emulator's state).
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { inspect } from "node:util";
import { wrapKeyMaterial } from "kms-wasm";
import { KeyManagementService, startServer, tempDir } from "./helpers.mjs";

/** Every encoding a secret could leak in. */
function encodings(bytes) {
  const b = Buffer.from(bytes);
  const b64 = b.toString("base64");
  const out = [
    b64,
    b64.replace(/=+$/, ""),
    b.toString("base64url"),
    b.toString("hex"),
    b.toString("hex").toUpperCase(),
  ];
  const utf8 = b.toString("utf8");
  if (!utf8.includes("\uFFFD")) out.push(utf8, JSON.stringify(utf8).slice(1, -1));
  // A leak of any long enough piece of the base64 counts too.
  out.push(b64.slice(4, 28));
  return out;
}

function assertAbsent(haystack, secrets, where) {
  for (const [name, bytes] of Object.entries(secrets)) {
    for (const enc of encodings(bytes))
      assert.ok(!haystack.includes(enc), `${name} appears in ${where} (as ${enc.slice(0, 12)}...)`);
  }
}

async function exercise(kms, secrets) {
  const errors = [];
  const fail = async (p) => {
    try {
      await p;
    } catch (e) {
      errors.push(e);
      return;
    }
    assert.fail("expected a failure");
  };
  const { KeyMetadata: key } = await kms.createKey({ Description: "secrets" });
  const { CiphertextBlob } = await kms.encrypt({
    KeyId: key.KeyId,
    Plaintext: secrets.plaintext,
    EncryptionContext: { a: "b" },
  });
  await kms.decrypt({ CiphertextBlob, EncryptionContext: { a: "b" } });
  const dk = await kms.generateDataKey({ KeyId: key.KeyId, KeySpec: "AES_256" });
  secrets.dataKey = dk.Plaintext;
  await kms.reEncrypt({ CiphertextBlob, SourceEncryptionContext: { a: "b" }, DestinationKeyId: key.KeyId });
  // Failures that carry the secrets in their input.
  await fail(kms.decrypt({ CiphertextBlob, EncryptionContext: { a: "wrong" } }));
  await fail(kms.encrypt({ KeyId: "alias/none", Plaintext: secrets.plaintext }));
  await fail(
    kms.encrypt({ KeyId: key.KeyId, Plaintext: new Uint8Array([...secrets.plaintext, ...new Uint8Array(5000)]) }),
  );
  await fail(kms.encrypt({ KeyId: key.KeyId, Plaintext: secrets.plaintext, GrantTokens: [""] }));
  // Imported key material: imported once, then offered again to a key that refuses it.
  const { KeyMetadata: ext } = await kms.createKey({ Origin: "EXTERNAL" });
  const params = await kms.getParametersForImport({
    KeyId: ext.KeyId,
    WrappingAlgorithm: "RSAES_OAEP_SHA_256",
    WrappingKeySpec: "RSA_2048",
  });
  const wrapped = wrapKeyMaterial({
    PublicKey: params.PublicKey,
    KeyMaterial: secrets.importedMaterial,
    WrappingAlgorithm: "RSAES_OAEP_SHA_256",
  });
  await kms.importKeyMaterial({
    KeyId: ext.KeyId,
    ImportToken: params.ImportToken,
    EncryptedKeyMaterial: wrapped,
    ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE",
  });
  await fail(
    kms.importKeyMaterial({
      KeyId: key.KeyId,
      ImportToken: params.ImportToken,
      EncryptedKeyMaterial: wrapped,
      ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE",
    }),
  );
  const { state } = JSON.parse(await kms.exportState());
  secrets.keyMaterial = Buffer.from(state.keys[key.KeyId].materials[0].secret, "base64");
  return errors;
}

test("in-process: audit log, errors and debug output hold no secret; the file holds no plaintext or data key", {
  timeout: 60_000,
}, async (t) => {
  const file = join(await tempDir(t), "kms.json");
  const kms = await KeyManagementService.open({ file });
  const secrets = {
    plaintext: Buffer.from(`TOP-SECRET-${randomBytes(12).toString("hex")}`),
    importedMaterial: new Uint8Array(randomBytes(32)),
  };
  const errors = await exercise(kms, secrets);
  assert.equal(errors.length, 5);
  // The search finds a secret when it is there, in any of the encodings.
  for (const enc of encodings(secrets.dataKey))
    assert.throws(() => assertAbsent(`x${enc}x`, { dataKey: secrets.dataKey }, "a self-check"));
  const audit = JSON.stringify(await kms.auditLog({}));
  assert.ok(audit.includes("GenerateDataKey") && audit.includes("ImportKeyMaterial"));
  assertAbsent(audit, secrets, "the audit log");
  for (const e of errors)
    assertAbsent(
      `${e.name} ${e.message} ${inspect(e, { depth: 5 })} ${JSON.stringify(e)}`,
      secrets,
      `the error ${e.name}`,
    );
  assertAbsent(inspect(kms, { depth: 5, showHidden: true }), secrets, "util.inspect of the service");
  await kms.close();
  const saved = (await readFile(file, "utf8")) + (await readFile(`${file}.journal`, "utf8"));
  const { plaintext, dataKey } = secrets;
  assertAbsent(saved, { plaintext, dataKey }, "the state file");
});

test("kms-wasm serve: the server's output and error bodies hold no secret", { timeout: 60_000 }, async () => {
  const server = await startServer([]);
  const bodies = [];
  const call = async (op, input) => {
    const r = await fetch(`${server.url}/`, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `TrentService.${op}` },
      body: JSON.stringify(input),
    });
    const text = await r.text();
    bodies.push(text);
    return JSON.parse(text);
  };
  const plaintext = Buffer.from(`SERVE-SECRET-${randomBytes(12).toString("hex")}`);
  try {
    const { KeyMetadata } = await call("CreateKey", {});
    const { CiphertextBlob } = await call("Encrypt", {
      KeyId: KeyMetadata.KeyId,
      Plaintext: plaintext.toString("base64"),
      EncryptionContext: { a: "b" },
    });
    await call("Decrypt", { CiphertextBlob, EncryptionContext: { a: "c" } });
    await call("Encrypt", { KeyId: "alias/none", Plaintext: plaintext.toString("base64") });
    await call("Encrypt", {
      KeyId: KeyMetadata.KeyId,
      Plaintext: Buffer.concat([plaintext, Buffer.alloc(5000)]).toString("base64"),
    });
    const dk = await call("GenerateDataKey", { KeyId: KeyMetadata.KeyId, NumberOfBytes: 32 });
    const dataKey = Buffer.from(dk.Plaintext, "base64");
    const audit = await (await fetch(`${server.url}/_kms/audit`)).text();
    const errorBodies = bodies.filter((b) => b.includes("__type")).join("\n");
    assert.ok(errorBodies.length > 0);
    assertAbsent(errorBodies, { plaintext }, "error bodies");
    assertAbsent(audit, { plaintext, dataKey }, "GET /_kms/audit");
    assertAbsent(server.output(), { plaintext, dataKey }, "the server's output");
  } finally {
    await server.stop();
  }
});

// Durability under kill -9 (issue 8): `kms-wasm serve --data <file>` is driven by concurrent
// CreateKey / CreateAlias / Encrypt requests and SIGKILLed at random moments, then restarted on
// the same file. Every acknowledged key, alias and ciphertext must be there after each restart,
// the state must never be refused, and no temp files may pile up. Bounded: a few rounds of
// well under a second of load each.
import assert from "node:assert/strict";
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { KeyManagementService, startServer, tempDir } from "./helpers.mjs";

const ROUNDS = 5;
const WORKERS = 6;
/** Long descriptions make the journal outgrow the snapshot, so compactions get killed too. */
const LONG = "d".repeat(8000);

async function call(url, op, body) {
  const r = await fetch(`${url}/`, {
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `TrentService.${op}` },
    body: JSON.stringify(body),
  });
  const t = await r.text();
  const json = t.trim() === "" ? {} : JSON.parse(t);
  if (r.status !== 200) throw Object.assign(new Error(`${op}: ${r.status} ${t}`), { status: r.status, json });
  return json;
}

/** One worker: create a key, alias it, encrypt under it; record each acknowledged result. */
async function worker(url, acked, id, stop) {
  for (let i = 0; !stop.now; i++) {
    try {
      const { KeyMetadata } = await call(url, "CreateKey", { Description: `w${id}-${i}-${LONG}`.slice(0, 8192) });
      acked.keys.push(KeyMetadata.KeyId);
      const alias = `alias/d-${id}-${acked.round}-${i}`;
      await call(url, "CreateAlias", { AliasName: alias, TargetKeyId: KeyMetadata.KeyId });
      acked.aliases.push([alias, KeyMetadata.KeyId]);
      const plaintext = `p-${id}-${acked.round}-${i}`;
      const { CiphertextBlob } = await call(url, "Encrypt", {
        KeyId: alias,
        Plaintext: Buffer.from(plaintext).toString("base64"),
      });
      acked.ciphertexts.push([CiphertextBlob, plaintext, KeyMetadata.KeyId]);
    } catch (e) {
      if (e.status !== undefined) throw e; // an AWS error is a bug; a dropped connection is the kill
      return;
    }
  }
}

async function checkAll(url, acked) {
  for (const keyId of acked.keys) {
    const { KeyMetadata } = await call(url, "DescribeKey", { KeyId: keyId });
    assert.equal(KeyMetadata.KeyState, "Enabled", `key ${keyId}`);
  }
  for (const [alias, keyId] of acked.aliases) {
    const { KeyMetadata } = await call(url, "DescribeKey", { KeyId: alias });
    assert.equal(KeyMetadata.KeyId, keyId, `alias ${alias}`);
  }
  for (const [blob, plaintext, keyId] of acked.ciphertexts) {
    const r = await call(url, "Decrypt", { CiphertextBlob: blob });
    assert.equal(Buffer.from(r.Plaintext, "base64").toString(), plaintext);
    assert.ok(r.KeyId.endsWith(keyId));
  }
}

test("every acknowledged key, alias and ciphertext survives repeated kill -9 under load", {
  timeout: 90_000,
}, async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, "kms.json");
  const acked = { keys: [], aliases: [], ciphertexts: [], round: 0 };
  let compacted = false;
  for (let round = 0; round < ROUNDS; round++) {
    acked.round = round;
    // Each restart must accept the file a kill left behind.
    const server = await startServer(["--data", file]);
    try {
      // The restart removed what a killed save left behind.
      assert.deepEqual(
        (await readdir(dir)).filter((f) => f.includes(".tmp-")),
        [],
        "temp files are cleared at open",
      );
      await checkAll(server.url, acked);
      const stop = { now: false };
      const running = Array.from({ length: WORKERS }, (_, id) => worker(server.url, acked, id, stop));
      await new Promise((r) => setTimeout(r, 150 + Math.floor(Math.random() * 450)));
      server.proc.kill("SIGKILL");
      stop.now = true;
      await Promise.all(running);
      const { signal } = await server.exited;
      assert.equal(signal, "SIGKILL");
    } finally {
      if (server.proc.exitCode === null && server.proc.signalCode === null) server.proc.kill("SIGKILL");
    }
    const files = await readdir(dir);
    // A killed save may leave one temp file (removed by the next open), never more.
    assert.ok(files.filter((f) => f.includes(".tmp-")).length <= 1, `temp files pile up: ${files}`);
    compacted ||= (await stat(file)).size > 1_000_000; // the snapshot has absorbed a journal
  }
  assert.ok(acked.keys.length >= ROUNDS, `load was applied (${acked.keys.length} keys acknowledged)`);
  const last = await startServer(["--data", file]);
  try {
    await checkAll(last.url, acked);
    const { Keys } = await call(last.url, "ListKeys", { Limit: 1000 });
    assert.ok(Keys.length >= acked.keys.length);
  } finally {
    await last.stop();
  }
  const left = (await readdir(dir)).filter((f) => f !== "kms.json" && f !== "kms.json.journal");
  assert.deepEqual(left, [], "only the state file and its journal remain (no temp files, the lock released)");
  t.diagnostic(
    `${acked.keys.length} keys, ${acked.aliases.length} aliases, ${acked.ciphertexts.length} ciphertexts acknowledged over ${ROUNDS} kills; journal folded at least once: ${compacted}`,
  );
});

test("a journal line torn by a crash is dropped before the next append, not glued to it", async (t) => {
  const file = join(await tempDir(t), "kms.json");
  let kms = await KeyManagementService.open({ file });
  const ids = [];
  for (let i = 0; i < 3; i++) ids.push((await kms.createKey({ Description: `k${i}` })).KeyMetadata.KeyId);
  await kms.close();
  // A crash in the middle of the last append (never acknowledged): part of its line remains,
  // as from a power cut, zeros included.
  const journal = await readFile(`${file}.journal`, "utf8");
  const lines = journal.split("\n");
  await writeFile(
    `${file}.journal`,
    `${journal.slice(0, journal.length - lines.at(-2).length - 1)}${lines.at(-2).slice(0, 40)}\0\0`,
  );
  kms = await KeyManagementService.open({ file });
  assert.equal((await kms.listKeys({})).Keys.length, 2, "the torn change is not there");
  const after = (await kms.createKey({ Description: "acknowledged after the crash" })).KeyMetadata.KeyId;
  await kms.close();
  kms = await KeyManagementService.open({ file });
  const keys = (await kms.listKeys({})).Keys.map((k) => k.KeyId);
  assert.deepEqual(keys.sort(), [ids[0], ids[1], after].sort());
  await kms.close();
});

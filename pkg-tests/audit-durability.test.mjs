// The audit events of read-only and failed calls in a state file (issue 15): Encrypt, Decrypt,
// a refused call and the pending-deletion alarm change no key, so no call writes them; they are
// written in a batch at most a second later, at close, and at process exit. Checked with real
// processes: a clean stop of `kms-wasm serve`, a process.exit() without close(), and a kill -9
// once the batch is written (the bound: only events newer than the batch may be lost).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { AUDIT_CALLS, AUDIT_EXPECTED } from "./audit-scenario.mjs";
import { KeyManagementService, post, ROOT, startServer, tempDir } from "./helpers.mjs";

/** The events after the key deletion was scheduled (the last change), as [name, error, alarm]. */
async function eventsAfterLastChange(file) {
  const kms = await KeyManagementService.open({ file });
  try {
    const log = await kms.auditLog();
    const at = log.findLastIndex((e) => e.eventName === "ScheduleKeyDeletion");
    assert.ok(at >= 0, "the scheduled deletion is in the log");
    return log.slice(at + 1).map((e) => [e.eventName, e.errorCode ?? null, e.alarm?.name === "KeyPendingDeletionUse"]);
  } finally {
    await kms.close();
  }
}

/** The JS API part of a child process: the scenario, then a line to say it is done. */
const CALLS = `${AUDIT_CALLS}
  console.log("done");
`;

function child(file, tail) {
  const entry = new URL(`file://${join(ROOT, "js/node.js")}`).href;
  const script = `const { KeyManagementService } = await import(${JSON.stringify(entry)});
    const kms = await KeyManagementService.open({ file: ${JSON.stringify(file)} });
    ${CALLS}
    ${tail}`;
  const proc = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise((resolve) => proc.on("exit", (code, signal) => resolve({ code, signal })));
  const done = new Promise((resolve, reject) => {
    let out = "";
    proc.stdout.on("data", (d) => {
      out += d;
      if (out.includes("done")) resolve();
    });
    exited.then(() => (out.includes("done") ? resolve() : reject(new Error(`child ended early: ${out}`))));
  });
  return { proc, exited, done };
}

test("a clean stop of kms-wasm serve keeps read-only calls, a refusal and the alarm", async (t) => {
  const file = join(await tempDir(t), "kms.json");
  const server = await startServer(["--data", file]);
  const id = (await post(server.url, "CreateKey")).json.KeyMetadata.KeyId;
  const doomed = (await post(server.url, "CreateKey")).json.KeyMetadata.KeyId;
  await post(server.url, "ScheduleKeyDeletion", { KeyId: doomed, PendingWindowInDays: 7 });
  const plaintext = Buffer.from("abc").toString("base64");
  const ct = (await post(server.url, "Encrypt", { KeyId: id, Plaintext: plaintext })).json.CiphertextBlob;
  assert.equal((await post(server.url, "Decrypt", { CiphertextBlob: ct })).status, 200);
  assert.equal(
    (await post(server.url, "Decrypt", { CiphertextBlob: Buffer.alloc(64).toString("base64") })).status,
    400,
  );
  assert.equal((await post(server.url, "Encrypt", { KeyId: doomed, Plaintext: plaintext })).status, 400);
  // At once: no time for the batch, so the stop must write it.
  assert.equal((await server.stop()).code, 0);
  assert.deepEqual(await eventsAfterLastChange(file), AUDIT_EXPECTED);
});

test("a process that exits without close() keeps them (written at exit)", async (t) => {
  const file = join(await tempDir(t), "kms.json");
  const c = child(file, "process.exit(0);");
  await c.done;
  assert.equal((await c.exited).code, 0);
  assert.deepEqual(await eventsAfterLastChange(file), AUDIT_EXPECTED);
});

test("after kill -9, the events of a written batch are there", { timeout: 60_000 }, async (t) => {
  const file = join(await tempDir(t), "kms.json");
  const c = child(file, "setInterval(() => {}, 1000);");
  try {
    await c.done;
    // The batch is written within a second of the calls; wait until the journal holds its
    // last event (the alarm's refusal), with a generous deadline for a loaded machine.
    const deadline = Date.now() + 20_000;
    let written = false;
    while (!written && Date.now() < deadline) {
      const journal = await readFile(`${file}.journal`, "utf8").catch(() => "");
      written = journal.includes("KMSInvalidStateException");
      if (!written) await sleep(100);
    }
    assert.ok(written, "the batch reached the journal");
  } finally {
    c.proc.kill("SIGKILL");
    await c.exited;
  }
  assert.deepEqual(await eventsAfterLastChange(file), AUDIT_EXPECTED);
});

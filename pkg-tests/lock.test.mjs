// One writer per state file (issue 8): `<file>.lock` holds the pid of the process that has the
// file open; a second opener (another serve, another process, or a second instance in the same
// process) is refused with a one-line error naming the file and the holder; the lock goes with
// close(), and a lock left by a killed process is taken over.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { KeyManagementService, ROOT, startServer, tempDir } from "./helpers.mjs";

const failedStart = (args) =>
  startServer(args, { timeoutMs: 15_000 }).then(
    async (s) => {
      await s.stop();
      return null;
    },
    (e) => e,
  );

test("a second kms-wasm serve on the same file is refused until the first is killed", {
  timeout: 60_000,
}, async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, "kms.json");
  const first = await startServer(["--data", file]);
  try {
    assert.equal((await readFile(`${file}.lock`, "utf8")).trim(), String(first.proc.pid));
    const err = await failedStart(["--data", file]);
    assert.ok(err, "the second serve must not start");
    const line = err.message.split("\n").find((l) => l.startsWith("kms-wasm: "));
    assert.ok(
      line?.includes(file) && line.includes(`process ${first.proc.pid}`),
      `one line naming the file and the pid: ${err.message}`,
    );
  } finally {
    first.proc.kill("SIGKILL");
    await first.exited;
  }
  // The killed holder's lock is stale: the next serve takes it over.
  const second = await startServer(["--data", file]);
  assert.equal((await readFile(`${file}.lock`, "utf8")).trim(), String(second.proc.pid));
  await second.stop();
  assert.deepEqual((await readdir(dir)).sort(), ["kms.json"], "a clean stop removes the lock");
});

test("KeyManagementService instances in two processes; and twice in one process", { timeout: 30_000 }, async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, "kms.json");
  const entry = new URL(`file://${join(ROOT, "js/node.js")}`).href;
  const child = spawn(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `const { KeyManagementService } = await import(${JSON.stringify(entry)}); await KeyManagementService.open({ file: ${JSON.stringify(file)} }); console.log("open"); setInterval(() => {}, 1000);`,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const exited = new Promise((r) => child.on("exit", r));
  try {
    await new Promise((resolve, reject) => {
      child.stdout.on("data", (d) => String(d).includes("open") && resolve());
      exited.then(() => reject(new Error("the child exited")));
    });
    const err = await KeyManagementService.open({ file }).then(
      (k) => k.close().then(() => null),
      (e) => e,
    );
    assert.ok(err, "the second process must be refused");
    assert.ok(
      !err.message.includes("\n") && err.message.includes(file) && err.message.includes(`process ${child.pid}`),
      err.message,
    );
  } finally {
    child.kill("SIGKILL");
    await exited;
  }
  const kms = await KeyManagementService.open({ file });
  await kms.createKey({});
  const again = await KeyManagementService.open({ file }).then(
    (k) => k.close().then(() => null),
    (e) => e,
  );
  assert.ok(
    again?.message.includes(file) && /already open in this process/.test(again.message),
    `same process: ${again?.message}`,
  );
  await kms.close();
  const reopened = await KeyManagementService.open({ file });
  assert.equal((await reopened.listKeys({})).Keys.length, 1);
  await reopened.close();
  assert.deepEqual((await readdir(dir)).sort(), ["kms.json", "kms.json.journal"]);
});

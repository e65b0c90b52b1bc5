// Which lock holders are gone (issue 15), with real processes: a killed serve that its parent
// never reaps (a zombie, which still answers kill(pid, 0)), a pid now used by another process,
// an exited pid, the bare-pid locks of older versions; and a holder on another host, never
// presumed dead: refused until taken over deliberately (--take-over-lock, takeOverLock).
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { readdir, readFile, symlink } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { KeyManagementService, ROOT, startServer, tempDir } from "./helpers.mjs";
import {
  assertLockedBy,
  bootId,
  errorLine,
  failedStart,
  HOST,
  LINUX,
  procStat,
  readLock,
  until,
  writeLock,
} from "./lock-helpers.mjs";

const LINUX_ONLY = !LINUX && "zombies and start times are read from Linux's /proc";

/** A pid that no longer exists: a child that ran and was reaped. */
async function deadPid() {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await once(child, "exit");
  assert.throws(() => process.kill(child.pid, 0), { code: "ESRCH" }, "the pid must be free");
  return child.pid;
}

/** `sleep 60` under the name `a) Z (b`, whose parentheses would mislead a naive /proc parser. */
async function oddSleeper(t, dir) {
  const sleep = spawnSync("sh", ["-c", "command -v sleep"], { encoding: "utf8" }).stdout.trim();
  assert.ok(sleep, "needs a sleep program");
  const odd = join(dir, "a) Z (b");
  await symlink(sleep, odd);
  const proc = spawn(odd, ["60"], { stdio: "ignore" });
  const exited = once(proc, "exit");
  t.after(async () => {
    proc.kill("SIGKILL");
    await exited;
  });
  await until(() => procStat(proc.pid)?.startTicks !== undefined, "the sleeper to start");
  return proc.pid;
}

test("a killed serve left a zombie (kill(pid, 0) still succeeds): a new serve takes its lock", {
  timeout: 60_000,
  skip: LINUX_ONLY,
}, async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, "kms.json");
  // sh starts the server in the background, then becomes `sleep`, which never waits for it.
  const parent = spawn("sh", ["-c", '"$NODE" "$BIN" serve --port 0 --data "$DATA" & echo "pid $!"; exec sleep 60'], {
    cwd: ROOT,
    env: { ...process.env, NODE: process.execPath, BIN: join(ROOT, "bin/kms-wasm.js"), DATA: file },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const parentExited = once(parent, "exit");
  t.after(async () => {
    parent.kill("SIGKILL");
    await parentExited;
  });
  let out = "";
  parent.stdout.on("data", (d) => (out += d));
  parent.stderr.on("data", (d) => (out += d));
  await until(
    () => /kms-wasm listening on/.test(out) && /^pid \d+$/m.test(out),
    `the server to listen: ${out}`,
    20_000,
  );
  const pid = Number(out.match(/^pid (\d+)$/m)[1]);
  await assertLockedBy(file, pid);
  const leftLock = await readFile(`${file}.lock`, "utf8");

  process.kill(pid, "SIGKILL");
  await until(() => procStat(pid)?.state === "Z", `pid ${pid} to be a zombie (${JSON.stringify(procStat(pid))})`);
  assert.doesNotThrow(() => process.kill(pid, 0), "a zombie answers kill(pid, 0): the pid alone says alive");

  // An older version's bare-pid lock naming the zombie is stale too.
  await writeLock(file, pid);
  const kms = await KeyManagementService.open({ file });
  await assertLockedBy(file, process.pid);
  await kms.close();

  // And the lock the killed server itself left: the restart on the same file starts.
  await writeLock(file, leftLock);
  const next = await startServer(["--data", file]);
  await assertLockedBy(file, next.proc.pid);
  assert.equal(procStat(pid)?.state, "Z", "the old server was still a zombie");
  await next.stop();
  assert.deepEqual((await readdir(dir)).sort(), ["kms.json"]);
});

test("a lock naming a live process started at another time (its pid reused) is taken over", {
  timeout: 60_000,
  skip: LINUX_ONLY,
}, async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, "kms.json");
  const pid = await oddSleeper(t, dir);
  const { startTicks } = procStat(pid);
  const holder = { pid, startTicks, bootId: bootId(), hostname: HOST, since: new Date().toISOString() };

  // The very process the lock names: alive, refused (its name's ") Z (" is not its state).
  await writeLock(file, holder);
  const err = await failedStart(["--data", file]);
  assert.ok(err, "a live holder must be refused");
  assert.ok(errorLine(err).includes(`process ${pid}`) && errorLine(err).includes(file), err.message);

  // The same pid, started at another time: the lock's process is gone, the pid reused.
  await writeLock(file, { ...holder, startTicks: String(Number(startTicks) - 1) });
  const server = await startServer(["--data", file]);
  await assertLockedBy(file, server.proc.pid);
  await server.stop();
  assert.deepEqual((await readdir(dir)).sort(), ["a) Z (b", "kms.json"]);
});

test("a lock naming an exited process is taken over; in the new and the bare-pid form", {
  timeout: 60_000,
}, async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, "kms.json");
  for (const lock of [{ pid: await deadPid(), hostname: HOST }, await deadPid()]) {
    await writeLock(file, lock);
    const server = await startServer(["--data", file]);
    await assertLockedBy(file, server.proc.pid);
    await server.stop();
  }
  assert.deepEqual((await readdir(dir)).sort(), ["kms.json"]);
});

test("an older version's bare-pid lock naming a live process on this host is refused", {
  timeout: 60_000,
}, async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, "kms.json");
  const sleeper = spawn("sleep", ["60"], { stdio: "ignore" });
  const exited = once(sleeper, "exit");
  t.after(async () => {
    sleeper.kill("SIGKILL");
    await exited;
  });
  await writeLock(file, `${sleeper.pid}\n`);
  const err = await failedStart(["--data", file]);
  assert.ok(err, "a live holder must be refused");
  assert.ok(errorLine(err).includes(`process ${sleeper.pid}`), err.message);
  assert.equal(await readFile(`${file}.lock`, "utf8"), `${sleeper.pid}\n`, "the lock is left alone");
});

test("a holder on another host is never presumed dead: refused until taken over deliberately", {
  timeout: 60_000,
}, async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, "kms.json");
  // A pid that is free here: on this host the lock would be stale.
  const holder = { pid: await deadPid(), hostname: "other-host.example", since: "2026-01-01T00:00:00.000Z" };
  await writeLock(file, holder);

  const err = await failedStart(["--data", file]);
  assert.ok(err, "serve must not start");
  const line = errorLine(err);
  assert.ok(line.includes(file), line);
  assert.ok(line.includes(`${holder.pid}@other-host.example`), `names the holder as pid@host: ${line}`);
  assert.ok(line.includes("--take-over-lock"), `says how to take over: ${line}`);
  const refused = await KeyManagementService.open({ file }).then(
    (k) => k.close().then(() => null),
    (e) => e,
  );
  assert.ok(refused && !refused.message.includes("\n"), `the JS API is refused: ${refused?.message}`);
  assert.ok(refused.message.includes("takeOverLock: true"), refused.message);
  assert.deepEqual(await readLock(file), holder, "refusals leave the lock alone");

  const usage = spawnSync(process.execPath, [join(ROOT, "bin/kms-wasm.js"), "serve", "--take-over-lock"], {
    encoding: "utf8",
  });
  assert.equal(usage.status, 2, "--take-over-lock without --data is a usage error");
  assert.match(usage.stderr, /--take-over-lock .*needs --data/);

  const server = await startServer(["--data", file, "--take-over-lock"]);
  await assertLockedBy(file, server.proc.pid);
  await server.stop();
  assert.deepEqual((await readdir(dir)).sort(), ["kms.json"]);
});

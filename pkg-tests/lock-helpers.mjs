// Shared by the lock suites (lock.test.mjs, lock-holders.test.mjs): a serve that must fail to
// start, reading /proc/<pid>/stat and the boot id as the lock code does, and writing lock files
// by hand. Depends on node:fs and ./helpers.mjs.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { startServer } from "./helpers.mjs";

export const HOST = hostname();
export const LINUX = process.platform === "linux";

/** Starts `kms-wasm serve` with `args`; resolves to the error when it fails, null when it ran. */
export const failedStart = (args) =>
  startServer(args, { timeoutMs: 15_000 }).then(
    async (s) => {
      await s.stop();
      return null;
    },
    (e) => e,
  );

/** The `kms-wasm: ` line of a failed start's output. */
export const errorLine = (err) => err.message.split("\n").find((l) => l.startsWith("kms-wasm: ")) ?? err.message;

/**
 * `/proc/<pid>/stat`'s state (field 3) and start time (field 22), counted after the last `)`
 * since the command name may hold spaces and parentheses; null when the process is gone.
 */
export function procStat(pid) {
  assert.ok(existsSync("/proc/self/stat"), "this test needs Linux's /proc, which is missing");
  let text;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  const fields = text
    .slice(text.lastIndexOf(")") + 1)
    .trim()
    .split(/\s+/);
  return { state: fields[0], startTicks: fields[19] };
}

/** This boot's id, as the lock records it. */
export const bootId = () => readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();

/** The lock file of `file`, parsed. */
export const readLock = async (file) => JSON.parse(await readFile(`${file}.lock`, "utf8"));

/** Writes `file`'s lock by hand: an object as the JSON line, anything else as it is. */
export const writeLock = (file, holder) =>
  writeFile(`${file}.lock`, typeof holder === "object" ? `${JSON.stringify(holder)}\n` : String(holder));

/** Asserts the lock names process `pid` on this host, with its start time where /proc has it. */
export async function assertLockedBy(file, pid) {
  const lock = await readLock(file);
  assert.equal(lock.pid, pid, `the lock names pid ${pid}: ${JSON.stringify(lock)}`);
  assert.equal(lock.hostname, HOST);
  assert.ok(!Number.isNaN(Date.parse(lock.since)), `since is a date: ${lock.since}`);
  if (LINUX) {
    assert.equal(lock.startTicks, procStat(pid).startTicks);
    assert.equal(lock.bootId, bootId());
  }
}

/** Waits until `cond()` is true, polling every 20 ms, failing with `what` after `ms`. */
export async function until(cond, what, ms = 10_000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// Store scale: a file store holding 10, 1,000 and 10,000 keys. Open time, CreateKey latency
// (each durable before it returns) and peak RSS, each in a fresh process; and in-memory
// snapshot/restore of a 1,000-key state (what a test suite does before every test). Also
// Encrypt on a file store against the memory store: the cost of writing read-only calls'
// audit events in batches.
import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KeyManagementService } from "kms-wasm";
import { median, opsPerSecAlternating } from "./lib.mjs";

async function stateWith(n) {
  const kms = await KeyManagementService.open({ storage: "memory" });
  for (let i = 0; i < n; i++) await kms.createKey({ Description: `key ${i}` });
  const state = await kms.exportState();
  await kms.close();
  return { kms: null, state };
}

function child(file, creates) {
  const out = execFileSync(
    process.execPath,
    [new URL("store-child.mjs", import.meta.url).pathname, file, String(creates)],
    {
      cwd: new URL("..", import.meta.url).pathname,
      encoding: "utf8",
    },
  );
  return JSON.parse(out.trim().split("\n").pop());
}

/** Encrypt 1 KiB through the JS API, file store vs memory store, rounds alternating. */
async function encryptByStore(results, dir) {
  const plaintext = new Uint8Array(1024).fill(7);
  const services = {
    memory: await KeyManagementService.open({ storage: "memory" }),
    file: await KeyManagementService.open({ file: join(dir, "encrypt.json") }),
  };
  const fns = {};
  for (const [name, kms] of Object.entries(services)) {
    const { KeyId } = (await kms.createKey({})).KeyMetadata;
    let calls = 0;
    // Both yield to the event loop now and then, as a server does, so the file store's
    // batch timer fires during the measurement and its writes are counted.
    fns[name] = async () => {
      if (++calls % 200 === 0) await new Promise((r) => setImmediate(r));
      return kms.encrypt({ KeyId, Plaintext: plaintext });
    };
  }
  const ops = await opsPerSecAlternating(fns);
  for (const kms of Object.values(services)) await kms.close();
  results.add("JS API Encrypt 1 KiB, file store", ops.file, "ops/s");
  results.add("JS API Encrypt 1 KiB, memory store", ops.memory, "ops/s");
  results.ratio("Encrypt 1 KiB, file store / memory store (audit events batched)", ops.file, ops.memory);
}

export async function storeScale(results) {
  console.log("store scale (file store)");
  const dir = await mkdtemp(join(tmpdir(), "kms-wasm-store-"));
  const figures = {};
  try {
    for (const n of [10, 1000, 10000]) {
      const { state } = await stateWith(n);
      const runs = [];
      for (let r = 0; r < 3; r++) {
        const file = join(dir, `kms-${n}-${r}.json`);
        await writeFile(file, state);
        runs.push(child(file, 100));
      }
      const f = {
        openMs: median(runs.map((x) => x.openMs)),
        createP50: median(runs.map((x) => x.createP50)),
        createP99: median(runs.map((x) => x.createP99)),
        maxRssMb: Math.max(...runs.map((x) => x.maxRssMb)),
      };
      figures[n] = f;
      results.add(`file store with ${n} keys: open`, f.openMs, "ms");
      results.add(`file store with ${n} keys: CreateKey p50`, f.createP50, "ms");
      results.add(`file store with ${n} keys: CreateKey p99`, f.createP99, "ms");
      results.add(`file store with ${n} keys: peak RSS`, f.maxRssMb, "MB");
    }
    results.ratio(
      "CreateKey p50 at 10,000 keys / at 10 keys (target ≤ 2)",
      figures[10000].createP50,
      figures[10].createP50,
    );
    await encryptByStore(results, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

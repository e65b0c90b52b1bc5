// Store scale: a file store holding 10, 1,000 and 10,000 keys. Open time, CreateKey latency
// (each durable before it returns) and peak RSS, each in a fresh process; and in-memory
// snapshot/restore of a 1,000-key state (what a test suite does before every test).
import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KeyManagementService } from "kms-wasm";
import { median } from "./lib.mjs";

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
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

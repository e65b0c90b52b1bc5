// Isolation between tests: snapshot() and restore(snapshot) of a memory service holding
// 1,000 keys (each with an alias and its audit events), as a suite would do before each test.
// Run alone with `node bench/fixtures.mjs`.
import { KeyManagementService } from "kms-wasm";
import { median, Results } from "./lib.mjs";

const KEYS = 1000;

/** Median milliseconds of `fn` over `n` runs after a few warm-up runs. */
async function timeMs(fn, n) {
  for (let i = 0; i < 5; i++) await fn();
  const xs = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    xs.push(performance.now() - t0);
  }
  return median(xs);
}

export async function fixtures(results) {
  console.log(`snapshot/restore (${KEYS.toLocaleString("en-US")} keys, memory)`);
  const kms = await KeyManagementService.open({
    clock: { start: "2026-01-01T00:00:00Z", frozen: true },
    randomSeed: 1,
  });
  for (let i = 0; i < KEYS; i++) {
    const { KeyMetadata } = await kms.createKey({ Description: `key ${i}` });
    await kms.createAlias({ AliasName: `alias/k${i}`, TargetKeyId: KeyMetadata.KeyId });
  }
  const snap = kms.snapshot();
  results.add(`snapshot() with ${KEYS} keys`, await timeMs(() => kms.snapshot().free(), 200), "ms");
  results.add(`restore(snapshot) with ${KEYS} keys`, await timeMs(() => kms.restore(snap), 200), "ms");
  // What a test does between two restores: a few calls, then the restore.
  results.add(
    `createKey + encrypt + restore(snapshot) with ${KEYS} keys`,
    await timeMs(async () => {
      const { KeyMetadata } = await kms.createKey({});
      await kms.encrypt({ KeyId: KeyMetadata.KeyId, Plaintext: new Uint8Array(32) });
      await kms.restore(snap);
    }, 200),
    "ms",
  );
  snap.free();
  await kms.close();
}

if (import.meta.url === `file://${process.argv[1]}`) await fixtures(new Results());

// Measuring helpers for the benchmark: warm-up then repeated timed rounds, medians and
// percentiles, and the results table. Every comparison the issue asks for is a ratio of two
// figures taken in the same run, because this machine is noisy.

export const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 250);
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/** Operations per second of an async `fn` over one round of `ms` (batches of 20 calls). */
async function asyncRound(fn, ms) {
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < ms) {
    for (let i = 0; i < 20; i++) await fn();
    n += 20;
    t = performance.now();
  }
  return n / ((t - t0) / 1000);
}

/** Operations per second of an async `fn`, median of ROUNDS rounds after one warm-up round. */
export async function opsPerSec(fn, { rounds = ROUNDS, roundMs = ROUND_MS } = {}) {
  const results = [];
  for (let r = 0; r <= rounds; r++) {
    const ops = await asyncRound(fn, roundMs);
    if (r > 0) results.push(ops);
  }
  return median(results);
}

/**
 * Operations per second of each async function in `fns` (an object of them), measured in turn:
 * all are warmed up first (the SDK client's code takes a while to reach its steady speed, and
 * whichever ran first would pay for it), then each gets one round in every pass, so drift on
 * this machine hits them alike. Medians of `rounds` rounds, keyed like `fns`.
 */
export async function opsPerSecAlternating(fns, { rounds = ROUNDS, roundMs = ROUND_MS, warmMs = 1000 } = {}) {
  for (const fn of Object.values(fns)) await asyncRound(fn, warmMs);
  const seen = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
  for (let r = 0; r < rounds; r++)
    for (const [k, fn] of Object.entries(fns)) seen[k].push(await asyncRound(fn, roundMs));
  return Object.fromEntries(Object.entries(seen).map(([k, xs]) => [k, median(xs)]));
}

/** The same for a synchronous `fn` (no await between calls). */
export function opsPerSecSync(fn, { rounds = ROUNDS, roundMs = ROUND_MS } = {}) {
  const results = [];
  for (let r = 0; r <= rounds; r++) {
    let n = 0;
    const t0 = performance.now();
    let t = t0;
    while (t - t0 < roundMs) {
      for (let i = 0; i < 50; i++) fn();
      n += 50;
      t = performance.now();
    }
    if (r > 0) results.push(n / ((t - t0) / 1000));
  }
  return median(results);
}

/** Collects `{ name, value, unit }` rows and prints them as a table. */
export class Results {
  rows = [];
  add(name, value, unit) {
    this.rows.push({ name, value: Number.isFinite(value) ? Number(value.toPrecision(4)) : value, unit });
    const shown = typeof value === "number" ? value.toLocaleString("en-US", { maximumFractionDigits: 2 }) : value;
    console.log(`  ${name.padEnd(72)} ${String(shown).padStart(14)} ${unit}`);
    return value;
  }
  ratio(name, a, b) {
    return this.add(name, a / b, "ratio");
  }
}

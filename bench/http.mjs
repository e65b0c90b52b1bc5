// Load generation against a local endpoint: a raw keep-alive HTTP client with a pre-built body
// (so the server is what is measured), bounded in time, reporting requests/s and latency
// percentiles; and helpers to start and stop server processes.

import { spawn } from "node:child_process";
import { Agent, request } from "node:http";
import { percentile } from "./lib.mjs";

export const DURATION_MS = Number(process.env.BENCH_LOAD_MS ?? 1500);

/** Starts `node <args>` and resolves with `{ url, proc, stop() }` once it prints a URL. */
export function startProcess(cmd, args, pattern, env = {}) {
  const proc = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
  let out = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${cmd} ${args.join(" ")} did not start:\n${out}`)), 60_000);
    const onData = (d) => {
      out += d;
      const m = out.match(pattern);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[1],
          proc,
          stop: () =>
            new Promise((done) => {
              if (proc.exitCode !== null) return done();
              proc.once("exit", done);
              proc.kill("SIGTERM");
              setTimeout(() => proc.kill("SIGKILL"), 3000).unref();
            }),
        });
      }
    };
    proc.stdout.on("data", onData);
    proc.stderr.on("data", onData);
    proc.once("exit", (code) => reject(new Error(`${cmd} exited (${code}):\n${out}`)));
  });
}

/** One POST; resolves with the status and the response text. */
export function post(agent, url, headers, body) {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: "POST", agent, headers: { ...headers, "content-length": body.length } },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString() }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * Sends `makeBody()` requests at `concurrency` for DURATION_MS after a short warm-up; every
 * answer must have status 200. Returns `{ rps, p50, p99 }` (latencies in ms).
 */
export async function load(url, headers, makeBody, concurrency) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies = [];
  let errors = 0;
  const run = async (until, record) => {
    while (performance.now() < until) {
      const body = makeBody();
      const t0 = performance.now();
      const r = await post(agent, url, headers, body);
      if (r.status !== 200) errors++;
      if (record) latencies.push(performance.now() - t0);
    }
  };
  const warm = performance.now() + 300;
  await Promise.all(Array.from({ length: concurrency }, () => run(warm, false)));
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, () => run(t0 + DURATION_MS, true)));
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  if (errors) throw new Error(`${errors} requests to ${url} did not answer 200`);
  return { rps: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

// The endpoint under load: `kms-wasm serve` against the floor of a trivial node:http server,
// with a raw keep-alive client and with @aws-sdk/client-kms, at concurrency 1 and 8, beside the
// least any Encrypt endpoint costs in Node (bench/bare-server.mjs); CreateKey with the memory
// and the file store; and moto's server as a peer when asked (--peers).

import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { Agent } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EncryptCommand, KMSClient } from "@aws-sdk/client-kms";
import { load, post, startProcess } from "./http.mjs";
import { opsPerSecAlternating } from "./lib.mjs";
import { startMoto } from "./peers.mjs";

/** Alternating floor/serve measurements per concurrency (see measureAgainstFloor). */
const ROUNDS = Number(process.env.BENCH_ENDPOINT_ROUNDS ?? 5);
/**
 * Alternating rounds for the SDK over HTTP: nine, because with five its median moved
 * 0.79–0.86 over six runs of one build (each round is only ~300 calls at ~1,300 ops/s).
 */
const SDK_HTTP_ROUNDS = Number(process.env.BENCH_SDK_HTTP_ROUNDS ?? 9);

const ROOT = new URL("..", import.meta.url).pathname;
const SERVE = [join(ROOT, "bin/kms-wasm.js"), "serve", "--port", "0"];
const OURS = /kms-wasm listening on (http:\/\/\S+)/;
const CREDS = { accessKeyId: "bench", secretAccessKey: "bench" };
// moto picks the service from the SigV4 scope; the signature itself is not checked.
const SIGV4 = `AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/kms/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=${"0".repeat(64)}`;

const headers = (op) => ({
  "content-type": "application/x-amz-json-1.1",
  "x-amz-target": `TrentService.${op}`,
  "x-amz-date": "20260101T000000Z",
  authorization: SIGV4,
});

async function createKey(url) {
  const r = await post(new Agent({ keepAlive: false }), url, headers("CreateKey"), Buffer.from("{}"));
  return JSON.parse(r.text).KeyMetadata.KeyId;
}

const encryptBody = (keyId) =>
  Buffer.from(JSON.stringify({ KeyId: keyId, Plaintext: randomBytes(1024).toString("base64") }));

/** The load of median rps among `runs`. */
const medianRun = (runs) => [...runs].sort((a, b) => a.rps - b.rps)[runs.length >> 1];

/** Encrypt 1 KiB against one server (moto), once per concurrency. */
async function measureServer(results, label, url) {
  const body = encryptBody(await createKey(url));
  const out = {};
  for (const c of [1, 8]) {
    const r = await load(url, headers("Encrypt"), () => body, c);
    results.add(`${label} Encrypt 1 KiB, raw client, c=${c}`, r.rps, "req/s");
    results.add(`${label} Encrypt 1 KiB, raw client, c=${c}, p50`, r.p50, "ms");
    results.add(`${label} Encrypt 1 KiB, raw client, c=${c}, p99`, r.p99, "ms");
    out[`encrypt${c}`] = r.rps;
  }
  return out;
}

/**
 * The floor, kms-wasm serve and the bare reference, Encrypt 1 KiB, measured in turn ROUNDS
 * times at each concurrency (the machine drifts; alternating keeps all three in the same
 * conditions); medians are reported.
 */
async function measureAgainstFloor(results, floorUrl, oursUrl, bareUrl) {
  const ours = encryptBody(await createKey(oursUrl));
  const bareBody = encryptBody(await createKey(bareUrl));
  const floorBody = encryptBody("x");
  const floor = {};
  const mine = {};
  for (const c of [1, 8]) {
    const f = [];
    const m = [];
    const b = [];
    for (let i = 0; i < ROUNDS; i++) {
      f.push(await load(floorUrl, headers("Encrypt"), () => floorBody, c));
      m.push(await load(oursUrl, headers("Encrypt"), () => ours, c));
      b.push(await load(bareUrl, headers("Encrypt"), () => bareBody, c));
    }
    const fr = medianRun(f);
    const mr = medianRun(m);
    const br = medianRun(b);
    floor[`encrypt${c}`] = results.add(`floor (node:http answering {}), raw client, c=${c}`, fr.rps, "req/s");
    results.add(`floor, raw client, c=${c}, p50`, fr.p50, "ms");
    mine[`encrypt${c}`] = results.add(`kms-wasm serve Encrypt 1 KiB, raw client, c=${c}`, mr.rps, "req/s");
    results.add(`kms-wasm serve Encrypt 1 KiB, raw client, c=${c}, p50`, mr.p50, "ms");
    results.add(`kms-wasm serve Encrypt 1 KiB, raw client, c=${c}, p99`, mr.p99, "ms");
    results.ratio(`kms-wasm serve Encrypt 1 KiB / floor, c=${c} (target ≥ 0.8)`, mr.rps, fr.rps);
    results.add(`bare JS Encrypt server (reference) 1 KiB, raw client, c=${c}`, br.rps, "req/s");
    results.ratio(`bare JS Encrypt server / floor, c=${c} (the most a real Encrypt reaches)`, br.rps, fr.rps);
    results.ratio(`kms-wasm serve / bare JS Encrypt server, c=${c}`, mr.rps, br.rps);
  }
  return { floor, mine };
}

export async function endpoint(results, { peers, requestHandlerOps }) {
  console.log("endpoint");
  const dir = await mkdtemp(join(tmpdir(), "kms-wasm-bench-"));
  const floorServer = await startProcess(
    process.execPath,
    [join(ROOT, "bench/floor-server.mjs")],
    /floor listening on (http:\/\/\S+)/,
  );
  const bareServer = await startProcess(
    process.execPath,
    [join(ROOT, "bench/bare-server.mjs")],
    /bare listening on (http:\/\/\S+)/,
  );
  const ours = await startProcess(process.execPath, SERVE, OURS);
  const durable = await startProcess(process.execPath, [...SERVE, "--data", join(dir, "kms.json")], OURS);
  try {
    const { floor, mine } = await measureAgainstFloor(results, floorServer.url, ours.url, bareServer.url);
    const create = Buffer.from("{}");
    for (const c of [1, 8]) {
      const r = await load(ours.url, headers("CreateKey"), () => create, c);
      results.add(`kms-wasm serve CreateKey (memory), raw client, c=${c}`, r.rps, "req/s");
      results.add(`kms-wasm serve CreateKey (memory), raw client, c=${c}, p99`, r.p99, "ms");
      results.ratio(`kms-wasm serve CreateKey (memory) / floor, c=${c} (target ≥ 0.5)`, r.rps, floor[`encrypt${c}`]);
    }
    const d = await load(durable.url, headers("CreateKey"), () => create, 1);
    results.add("kms-wasm serve CreateKey (file store, fsync per call), raw client, c=1", d.rps, "req/s");
    results.add("kms-wasm serve CreateKey (file store), p50", d.p50, "ms");
    results.add(
      "durable write cost per CreateKey (file p50 - memory p50)",
      d.p50 - (await load(ours.url, headers("CreateKey"), () => create, 1)).p50,
      "ms",
    );

    const pt = randomBytes(1024);
    const sdk = (url) => new KMSClient({ region: "us-east-1", endpoint: url, credentials: CREDS });
    const keyId = await createKey(ours.url);
    const toOurs = sdk(ours.url);
    const toFloor = sdk(floorServer.url);
    const send = (client) => () => client.send(new EncryptCommand({ KeyId: keyId, Plaintext: pt }));
    const toBare = sdk(bareServer.url);
    const bareKey = await createKey(bareServer.url);
    const m = await opsPerSecAlternating(
      {
        ours: send(toOurs),
        floor: send(toFloor),
        bare: () => toBare.send(new EncryptCommand({ KeyId: bareKey, Plaintext: pt })),
      },
      { rounds: SDK_HTTP_ROUNDS },
    );
    const viaSdk = results.add("SDK Encrypt 1 KiB over HTTP, kms-wasm serve", m.ours, "ops/s");
    const sdkFloor = results.add("SDK Encrypt 1 KiB over HTTP, floor server", m.floor, "ops/s");
    const sdkBare = results.add("SDK Encrypt 1 KiB over HTTP, bare JS Encrypt server (reference)", m.bare, "ops/s");
    results.ratio("SDK over HTTP: kms-wasm serve / floor (target ≥ 0.8)", viaSdk, sdkFloor);
    results.ratio("SDK over HTTP: bare JS Encrypt server / floor (the most a real Encrypt reaches)", sdkBare, sdkFloor);
    results.ratio("SDK: requestHandler() / over HTTP (target > 1)", requestHandlerOps, viaSdk);
    toOurs.destroy();
    toFloor.destroy();
    toBare.destroy();

    if (peers) {
      const moto = await startMoto();
      if (moto) {
        try {
          const theirs = await measureServer(results, "moto_server", moto.url);
          results.ratio(
            "kms-wasm serve / moto_server Encrypt 1 KiB, c=1 (target ≥ 10)",
            mine.encrypt1,
            theirs.encrypt1,
          );
          results.ratio("kms-wasm serve / moto_server Encrypt 1 KiB, c=8", mine.encrypt8, theirs.encrypt8);
        } finally {
          await moto.stop();
        }
      }
    }
  } finally {
    await Promise.all([floorServer.stop(), bareServer.stop(), ours.stop(), durable.stop()]);
    await rm(dir, { recursive: true, force: true });
  }
}

// Cold start and size: import + open of an empty memory store in a fresh process (median of
// five), and the main .wasm and the extras .wasm (loaded only when needed) raw and gzipped.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { median } from "./lib.mjs";

const PROBE = `
const t0 = performance.now();
const { KeyManagementService } = await import("kms-wasm");
const kms = await KeyManagementService.open({ storage: "memory" });
console.log(performance.now() - t0);
await kms.close();
`;

export function startup(results) {
  console.log("startup and size");
  const cwd = new URL("..", import.meta.url).pathname;
  const runs = Array.from({ length: 5 }, () =>
    Number(execFileSync(process.execPath, ["--input-type=module", "-e", PROBE], { cwd, encoding: "utf8" }).trim()),
  );
  results.add("cold start: import + open empty memory store (target ≤ 50)", median(runs), "ms");
  const wasm = readFileSync(new URL("../pkg/kms_wasm_bg.wasm", import.meta.url));
  results.add(".wasm size", wasm.length / 1024, "KiB");
  results.add(".wasm size gzipped -9 (target ≤ 300)", gzipSync(wasm, { level: 9 }).length / 1024, "KiB");
  const extras = readFileSync(new URL("../pkg/kms_wasm_extras_bg.wasm", import.meta.url));
  results.add(
    "extras .wasm size (RSA, ECC, Ed25519, ML-DSA, ML-KEM, Argon2id; loaded when needed; target ≤ 400 gz)",
    extras.length / 1024,
    "KiB",
  );
  results.add("extras .wasm size gzipped -9", gzipSync(extras, { level: 9 }).length / 1024, "KiB");
}

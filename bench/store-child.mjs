// Run in a fresh process by store.mjs: opens the file store at argv[2], then creates keys one
// by one (each durable before it returns), and prints what it measured as JSON.
import { KeyManagementService } from "kms-wasm";
import { percentile } from "./lib.mjs";

const file = process.argv[2];
const creates = Number(process.argv[3] ?? 100);
const t0 = performance.now();
const kms = await KeyManagementService.open({ file });
const openMs = performance.now() - t0;
const latencies = [];
for (let i = 0; i < creates; i++) {
  const t = performance.now();
  await kms.createKey({});
  latencies.push(performance.now() - t);
}
await kms.close();
console.log(
  JSON.stringify({
    openMs,
    createP50: percentile(latencies, 50),
    createP99: percentile(latencies, 99),
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);

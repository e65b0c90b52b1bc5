// `npm run bench`: every figure of the performance issue in one bounded run (a few minutes),
// printed as a table and written to bench/results.json as [{ name, value, unit }].
// `npm run bench -- --peers` also measures moto's server in the same run.
import { writeFileSync } from "node:fs";
import { endpoint } from "./endpoint.mjs";
import { fixtures } from "./fixtures.mjs";
import { importParameters } from "./import.mjs";
import { inProcess } from "./inprocess.mjs";
import { keyTypes } from "./key-types.mjs";
import { Results } from "./lib.mjs";
import { postQuantum } from "./post-quantum.mjs";
import { startup } from "./startup.mjs";
import { storeScale } from "./store.mjs";

const peers = process.argv.includes("--peers");
const results = new Results();
const t0 = performance.now();
startup(results);
const { requestHandlerOps } = await inProcess(results);
await endpoint(results, { peers, requestHandlerOps });
await storeScale(results);
await importParameters(results);
await keyTypes(results);
await postQuantum(results);
await fixtures(results);
const out = new URL("results.json", import.meta.url);
writeFileSync(out, `${JSON.stringify(results.rows, null, 1)}\n`);
console.log(`\n${results.rows.length} figures in ${((performance.now() - t0) / 1000).toFixed(0)} s → ${out.pathname}`);

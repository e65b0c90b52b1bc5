// Node worker_threads body of the RSA key-generation worker (started by ./keygen-node.js):
// loads the small extras module (not the main one) with initSync (the compiled module arrives
// in workerData) and answers `{ id, bits }` with `{ id, pkcs8 }`, a fresh wrapping key made
// with OS randomness. Depends on node:worker_threads and the extras glue (../pkg).

import { readFileSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { generateWrappingKey, initSync } from "../pkg/kms_wasm_extras.js";

initSync({ module: workerData?.module ?? readFileSync(new URL("../pkg/kms_wasm_extras_bg.wasm", import.meta.url)) });

parentPort.on("message", ({ id, bits }) => {
  try {
    const pkcs8 = generateWrappingKey(bits);
    parentPort.postMessage({ id, pkcs8 }, [pkcs8.buffer]);
  } catch (e) {
    parentPort.postMessage({ id, error: String(e?.message ?? e) });
  }
});

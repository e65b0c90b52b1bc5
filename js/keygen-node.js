// Node's RSA key-generation workers for the wrapping-key pool (./wrapping-keys.js): a
// worker_threads Worker running ./keygen-worker-node.js, given the compiled extras module
// (compiled once per process) so it starts in milliseconds. Depends on node:worker_threads
// and ./wrapping-keys.js.

import { Worker } from "node:worker_threads";
import { messageWorker } from "./wrapping-keys.js";

const WORKER_URL = new URL("./keygen-worker-node.js", import.meta.url);

/**
 * A worker factory for `WrappingKeyPool`; `extrasModule()` returns the compiled extras module
 * (a WebAssembly.Module), shared by every worker.
 */
export function nodeKeygenWorkers(extrasModule) {
  return () => {
    // No inherited execArgv: the worker needs no flags, and some (--input-type) stop it.
    const worker = new Worker(WORKER_URL, { workerData: { module: extrasModule() }, execArgv: [] });
    return messageWorker({
      ref: () => worker.ref(),
      unref: () => worker.unref(),
      terminate: () => worker.terminate(),
      onMessage: (fn) => worker.on("message", fn),
      onFailure: (fn) => {
        worker.on("error", fn);
        worker.on("exit", (code) => fn(new Error(`the key generation worker stopped (exit code ${code})`)));
      },
      post: (m) => worker.postMessage(m),
    });
  };
}

// Browser RSA key-generation workers for the wrapping-key pool (./wrapping-keys.js): a module
// Web Worker running ./keygen-worker.js (written as `new URL(..., import.meta.url)` so
// bundlers find and ship it), handed the page's compiled extras module with its first request
// so it does not fetch it again. Browsers have no ref/unref: a worker lives until close().
// Depends on ./extras.js and ./wrapping-keys.js.

import { extrasCompiled } from "./extras.js";
import { messageWorker } from "./wrapping-keys.js";

/** A worker factory for `WrappingKeyPool`. */
export function webKeygenWorkers() {
  return () => {
    const worker = new Worker(new URL("./keygen-worker.js", import.meta.url), { type: "module" });
    // The pool loads the extras module before it starts a worker: compiled by now.
    let module = extrasCompiled();
    return messageWorker({
      ref() {},
      unref() {},
      terminate: () => worker.terminate(),
      onMessage: (fn) => worker.addEventListener("message", (e) => fn(e.data)),
      onFailure: (fn) => {
        worker.addEventListener("error", (e) => {
          e.preventDefault?.();
          fn(new Error(`the key generation worker failed: ${e.message ?? "could not load it"}`));
        });
        worker.addEventListener("messageerror", () =>
          fn(new Error("the key generation worker sent an unreadable message")),
        );
      },
      post: (m) => {
        worker.postMessage(module ? { ...m, module } : m);
        module = undefined;
      },
    });
  };
}

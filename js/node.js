// Node entry of the kms-wasm package: compiles and instantiates the wasm synchronously (no
// top-level await, so `require("kms-wasm")` works too) and exports the public class, the AWS
// exception classes, `wrapKeyMaterial`, `encapsulateToPublicKey` and `loadExtras` (nothing to
// wait for here). The extras module (RSA, asymmetric keys, Argon2id) is compiled only when first
// needed, once, and shared with the key-generation workers.
// AES-GCM of longer messages runs on node:crypto (./aead-node.js).
// Depends on node:fs, the wasm-bindgen glue (../pkg), ./aead-node.js, ./event-flush.js, ./exceptions.js,
// ./extras.js, ./kms.js, ./keygen-node.js and ./wrapping-keys.js.

import { readFileSync } from "node:fs";
import { initSync, setHostAead } from "../pkg/kms_wasm.js";
import { nodeAead } from "./aead-node.js";
import { installExitHook } from "./event-flush.js";
import { installExtras } from "./extras.js";
import { nodeKeygenWorkers } from "./keygen-node.js";
import { installWasm } from "./kms.js";

initSync({ module: new WebAssembly.Module(readFileSync(new URL("../pkg/kms_wasm_bg.wasm", import.meta.url))) });
setHostAead(nodeAead);
let extras;
const extrasModule = () =>
  (extras ??= new WebAssembly.Module(readFileSync(new URL("../pkg/kms_wasm_extras_bg.wasm", import.meta.url))));
installExtras(extrasModule);
installWasm({ workers: nodeKeygenWorkers(extrasModule) });
// A process that ends without close() still writes the events of its last read-only calls.
installExitHook((flushAll) => process.on("exit", flushAll));

export * from "./exceptions.js";
export { encapsulateToPublicKey, loadExtras } from "./extras.js";
export { KeyManagementService } from "./kms.js";
export { wrapKeyMaterial } from "./wrapping-keys.js";

// Node entry of the kms-wasm package: compiles and instantiates the wasm synchronously (no
// top-level await, so `require("kms-wasm")` works too) and exports the public class and
// `wrapKeyMaterial`. The compiled module is shared with the RSA key-generation workers.
// Depends on node:fs, the wasm-bindgen glue (../pkg), ./kms.js, ./keygen-node.js and
// ./wrapping-keys.js.

import { readFileSync } from "node:fs";
import { initSync } from "../pkg/kms_wasm.js";
import { nodeKeygenWorkers } from "./keygen-node.js";
import { installWasm } from "./kms.js";

const module = new WebAssembly.Module(readFileSync(new URL("../pkg/kms_wasm_bg.wasm", import.meta.url)));
initSync({ module });
installWasm({ workers: nodeKeygenWorkers(module) });

export { KeyManagementService } from "./kms.js";
export { wrapKeyMaterial } from "./wrapping-keys.js";

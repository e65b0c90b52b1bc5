// Node entry of the kms-wasm package: compiles and instantiates the wasm synchronously (no
// top-level await, so `require("kms-wasm")` works too) and exports the public class,
// `wrapKeyMaterial` and `loadExtras` (nothing to wait for here). The extras module (all RSA,
// Argon2id) is compiled only when first needed, once, and shared with the key-generation workers.
// Depends on node:fs, the wasm-bindgen glue (../pkg), ./extras.js, ./kms.js, ./keygen-node.js
// and ./wrapping-keys.js.

import { readFileSync } from "node:fs";
import { initSync } from "../pkg/kms_wasm.js";
import { installExtras } from "./extras.js";
import { nodeKeygenWorkers } from "./keygen-node.js";
import { installWasm } from "./kms.js";

initSync({ module: new WebAssembly.Module(readFileSync(new URL("../pkg/kms_wasm_bg.wasm", import.meta.url))) });
let extras;
const extrasModule = () =>
  (extras ??= new WebAssembly.Module(readFileSync(new URL("../pkg/kms_wasm_extras_bg.wasm", import.meta.url))));
installExtras(extrasModule);
installWasm({ workers: nodeKeygenWorkers(extrasModule) });

export { KeyManagementService } from "./kms.js";
export { loadExtras } from "./extras.js";
export { wrapKeyMaterial } from "./wrapping-keys.js";

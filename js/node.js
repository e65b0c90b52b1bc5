// Node entry of the kms-wasm package: compiles and instantiates the wasm synchronously (no
// top-level await, so `require("kms-wasm")` works too) and exports the public class.
// Depends on node:fs, the wasm-bindgen glue (../pkg) and ./kms.js.

import { readFileSync } from "node:fs";
import { initSync } from "../pkg/kms_wasm.js";
import { installWasm } from "./kms.js";

initSync({ module: readFileSync(new URL("../pkg/kms_wasm_bg.wasm", import.meta.url)) });
installWasm();

export { KeyManagementService } from "./kms.js";

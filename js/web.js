// Browser (and any non-Node) entry of the kms-wasm package: fetches and instantiates the wasm
// next to the glue (served as application/wasm), then exports the public class.
// Depends on the wasm-bindgen glue (../pkg) and ./kms.js.

import init from "../pkg/kms_wasm.js";
import { installWasm } from "./kms.js";

await init();
installWasm();

export { KeyManagementService } from "./kms.js";

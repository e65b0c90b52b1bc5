// Browser (and any non-Node) entry of the kms-wasm package: fetches and instantiates the wasm
// next to the glue (served as application/wasm), then exports the public class and
// `wrapKeyMaterial`. RSA wrapping keys are generated in module Web Workers; the extras module
// (./extras.js) is fetched only when a service needs it on this thread.
// Depends on the wasm-bindgen glue (../pkg), ./extras.js, ./kms.js, ./keygen-web.js and
// ./wrapping-keys.js.

import init from "../pkg/kms_wasm.js";
import { installExtras } from "./extras.js";
import { webKeygenWorkers } from "./keygen-web.js";
import { installWasm } from "./kms.js";

await init();
installExtras();
installWasm({ workers: webKeygenWorkers() });

export { KeyManagementService } from "./kms.js";
export { wrapKeyMaterial } from "./wrapping-keys.js";

// Browser (and any non-Node) entry of the kms-wasm package: fetches and instantiates the wasm
// next to the glue (served as application/wasm), then exports the public class,
// `wrapKeyMaterial`, `encapsulateToPublicKey` and `loadExtras`. The extras module (./extras.js:
// RSA, asymmetric keys, Argon2id) is fetched only when needed: by the calls that use it, or
// `await loadExtras()` before `wrapKeyMaterial` or `encapsulateToPublicKey`.
// Depends on the wasm-bindgen glue (../pkg), ./extras.js, ./kms.js, ./keygen-web.js and
// ./wrapping-keys.js.

import init from "../pkg/kms_wasm.js";
import { installExtras } from "./extras.js";
import { webKeygenWorkers } from "./keygen-web.js";
import { installWasm } from "./kms.js";

await init();
installExtras();
installWasm({ workers: webKeygenWorkers() });

export { encapsulateToPublicKey, loadExtras } from "./extras.js";
export { KeyManagementService } from "./kms.js";
export { wrapKeyMaterial } from "./wrapping-keys.js";

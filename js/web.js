// Browser (and any non-Node) entry of the kms-wasm package: fetches, checks (./wasm-fetch.js)
// and instantiates the wasm next to the glue (served as application/wasm), then exports the public class, the AWS exception
// classes, `wrapKeyMaterial`, `encapsulateToPublicKey` and `loadExtras`. The extras module (./extras.js:
// RSA, asymmetric keys, Argon2id) is fetched only when needed: by the calls that use it, or
// `await loadExtras()` before `wrapKeyMaterial` or `encapsulateToPublicKey`.
// Depends on the wasm-bindgen glue (../pkg), ./exceptions.js, ./extras.js, ./kms.js, ./keygen-web.js,
// ./wasm-fetch.js and ./wrapping-keys.js.

import init from "../pkg/kms_wasm.js";
import { installExtras } from "./extras.js";
import { webKeygenWorkers } from "./keygen-web.js";
import { installWasm } from "./kms.js";
import { compileWasm } from "./wasm-fetch.js";

await init({ module_or_path: await compileWasm(new URL("../pkg/kms_wasm_bg.wasm", import.meta.url)) });
installExtras();
installWasm({ workers: webKeygenWorkers() });

export * from "./exceptions.js";
export { encapsulateToPublicKey, loadExtras } from "./extras.js";
export { KeyManagementService } from "./kms.js";
export { wrapKeyMaterial } from "./wrapping-keys.js";

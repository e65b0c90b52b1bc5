// Browser (module Web Worker) body of the RSA key-generation worker, started by
// ./keygen-web.js: loads the small extras module, not the main one (the compiled module comes
// with the first message when the page has it; otherwise it is fetched next to its glue) and
// answers `{ id, bits }` with `{ id, pkcs8 }`, a fresh wrapping key made with
// crypto.getRandomValues. Depends on the extras glue (../pkg).

import init, { generateWrappingKey } from "../pkg/kms_wasm_extras.js";

let ready;

self.onmessage = async ({ data }) => {
  const { id, bits, module } = data;
  try {
    ready ??= init(module ? { module_or_path: module } : undefined);
    await ready;
    const pkcs8 = generateWrappingKey(bits);
    self.postMessage({ id, pkcs8 }, [pkcs8.buffer]);
  } catch (e) {
    self.postMessage({ id, error: String(e?.message ?? e) });
  }
};

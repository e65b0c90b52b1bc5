// The extras wasm module (crates/extras: all RSA — wrapping keys from a seed, their public
// keys, unwrapping and wrapping key material —, Argon2id, and `serve`'s SigV4 verification),
// kept out of the main module because Encrypt/Decrypt never need it. The main module reaches it
// through synchronous hooks (src/extras.rs); this file loads it when first needed: synchronously
// in Node (the entry hands in a function returning the compiled module), or with `await
// loadExtras()` in browsers, which KeyManagementService does before GetParametersForImport and
// ImportKeyMaterial, for a randomSeed, and before pooling a wrapping key. Depends on the two
// wasm-bindgen glues (../pkg).

import * as wasm from "../pkg/kms_wasm.js";
import initExtras, {
  argon2id as extrasArgon2id,
  wrapKeyMaterial as extrasWrapKeyMaterial,
  generateWrappingKeyFromSeed,
  initSync,
  SigV4Verifier,
  unwrapKeyMaterial,
  wrappingKeyPublic,
} from "../pkg/kms_wasm_extras.js";

let ready = false;
let loading;
/** Node: `() => WebAssembly.Module` of kms_wasm_extras_bg.wasm, so it can load synchronously. */
let compiledSync;

function ensureLoaded(what) {
  if (ready) return;
  if (compiledSync === undefined) {
    throw new Error(
      `kms-wasm: ${what} needs the extras module, which is not loaded yet (in a browser, \`await loadExtras()\` first)`,
    );
  }
  initSync({ module: compiledSync() });
  ready = true;
}

/**
 * Resolves once the hooks can run synchronously: at once where the module loads synchronously
 * on first use (Node), else after fetching and instantiating it (once; a failed load may be
 * retried).
 */
export function loadExtras() {
  if (ready || compiledSync !== undefined) return Promise.resolve();
  loading ??= initExtras().then(
    () => {
      ready = true;
    },
    (e) => {
      loading = undefined;
      throw e;
    },
  );
  return loading;
}

/**
 * Installs the hooks in the (initialised) main module. `moduleSync`, in Node, returns the
 * compiled extras module, so the first hook call can load it synchronously.
 */
export function installExtras(moduleSync) {
  compiledSync = moduleSync;
  wasm.setExtrasHooks(
    (bits, seed) => {
      ensureLoaded("making an RSA wrapping key on this thread");
      return generateWrappingKeyFromSeed(bits, seed);
    },
    (passphrase, salt, m, t, p) => {
      try {
        ensureLoaded("an encrypted file store (Argon2id)");
        return extrasArgon2id(passphrase, salt, m, t, p);
      } finally {
        passphrase.fill(0); // this copy of the passphrase is ours
      }
    },
    (pkcs8) => {
      ensureLoaded("a wrapping key's public key");
      return wrappingKeyPublic(pkcs8);
    },
    (pkcs8, algorithm, wrapped) => {
      ensureLoaded("ImportKeyMaterial (RSA unwrapping)");
      return unwrapKeyMaterial(pkcs8, algorithm, wrapped);
    },
  );
}

/** The extras module's `wrapKeyMaterial(publicKey, material, algorithm)`, loading it in Node. */
export function wrapWithExtras(publicKey, material, algorithm) {
  ensureLoaded("wrapKeyMaterial");
  return extrasWrapKeyMaterial(publicKey, material, algorithm);
}

/** A SigV4Verifier of the extras module (`kms-wasm serve --credentials`; Node, so it loads here). */
export function sigV4Verifier(specs) {
  ensureLoaded("SigV4 verification");
  return new SigV4Verifier(specs);
}

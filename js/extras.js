// The extras wasm module (crates/extras: all RSA — wrapping keys from a seed, their public
// keys, unwrapping and wrapping key material —, HMAC and the RSA, ECC and Ed25519 keys of the
// key-pair operations, Argon2id, `serve`'s SigV4 verification, and seed documents, planned
// and written with the engine's own code),
// kept out of the main module because Encrypt/Decrypt never need it. The main module reaches it
// through synchronous hooks (src/extras.rs); this file loads it when first needed: synchronously
// in Node (the entry hands in a function returning the compiled module), or with `await
// loadExtras()` in browsers, which KeyManagementService does before the calls ./call-needs.js
// names, for a randomSeed, and before pooling a wrapping key (the compiled module is kept for
// the browser's key-generation workers). Depends on the two wasm-bindgen glues (../pkg),
// ./exceptions.js and ./wasm-fetch.js.

import * as wasm from "../pkg/kms_wasm.js";
import initExtras, {
  argon2id as extrasArgon2id,
  wrapKeyMaterial as extrasWrapKeyMaterial,
  generateWrappingKeyFromSeed,
  initSync,
  keyPairDecapsulate,
  keyPairDecrypt,
  keyPairDerive,
  keyPairEncapsulate,
  keyPairEncapsulateTo,
  keyPairEncrypt,
  keyPairGenerate,
  keyPairPrivate,
  keyPairPublic,
  keyPairSign,
  keyPairVerify,
  macCompute,
  SigV4Verifier,
  seedExport,
  seedPlan,
  unwrapKeyMaterial,
  wrappingKeyPublic,
} from "../pkg/kms_wasm_extras.js";
import { ValidationException } from "./exceptions.js";
import { compileWasm } from "./wasm-fetch.js";

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

/** Browsers: the extras module compiled by `loadExtras`, which workers are handed. */
let compiled;

/** The compiled extras module once `loadExtras` has loaded it (browsers), else undefined. */
export const extrasCompiled = () => compiled;

/** True when the hooks can run now (loaded, or loadable synchronously as in Node). */
export function extrasUsable() {
  return ready || compiledSync !== undefined;
}

/**
 * Resolves once the hooks can run synchronously: at once where the module loads synchronously
 * on first use (Node), else after fetching and instantiating it (once; a failed load may be
 * retried).
 */
export function loadExtras() {
  if (ready || compiledSync !== undefined) return Promise.resolve();
  loading ??= compileWasm(new URL("../pkg/kms_wasm_extras_bg.wasm", import.meta.url))
    .then((module) => {
      compiled = module;
      return initExtras({ module_or_path: module });
    })
    .then(
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
  wasm.setKeyCryptoHook(keyCryptoHook);
}

/** The extras module's key-pair functions the main module may call (src/key_crypto_js.rs). */
const KEY_PAIR_FUNCTIONS = {
  keyPairGenerate,
  keyPairPrivate,
  keyPairPublic,
  keyPairSign,
  keyPairVerify,
  keyPairEncrypt,
  keyPairDecrypt,
  keyPairDerive,
  keyPairEncapsulate,
  keyPairDecapsulate,
  macCompute,
};

/** `hook(name, spec or algorithm, key, ...)`: runs one of them, then wipes the key's copy. */
function keyCryptoHook(name, ...args) {
  const run = Object.hasOwn(KEY_PAIR_FUNCTIONS, name) ? KEY_PAIR_FUNCTIONS[name] : undefined;
  if (run === undefined) throw new Error(`kms-wasm: no key-pair function ${name}`);
  ensureLoaded("an HMAC or asymmetric (RSA, ECC, Ed25519, ML-DSA, ML-KEM) key");
  try {
    return run(...args);
  } finally {
    // The private key's (or the HMAC key's) copy is ours: wipe it rather than leave it to the GC.
    if (name !== "keyPairGenerate" && args[1] instanceof Uint8Array) args[1].fill(0);
  }
}

/** The extras module's `wrapKeyMaterial(publicKey, material, algorithm)`, loading it in Node. */
export function wrapWithExtras(publicKey, material, algorithm) {
  ensureLoaded("wrapKeyMaterial");
  try {
    return extrasWrapKeyMaterial(publicKey, material, algorithm);
  } catch (e) {
    // The extras module only names its errors (a plain Error): give them the package's class.
    throw e?.name === "ValidationException" ? validationError(e.message) : e;
  }
}

/**
 * A ValidationException found before any request (bad input to the package's own functions):
 * the status AWS would answer, and no request id, as there was no request.
 */
export function validationError(message) {
  return new ValidationException({ message, $metadata: { httpStatusCode: 400 } });
}

/** A SigV4Verifier of the extras module (`kms-wasm serve --credentials`; Node, so it loads here). */
export function sigV4Verifier(specs) {
  ensureLoaded("SigV4 verification");
  return new SigV4Verifier(specs);
}

/**
 * ML-KEM encapsulation to a public key (a DER SubjectPublicKeyInfo, as GetPublicKey returns it)
 * of `keySpec` (ML_KEM_512/768/1024), without any KMS key: the peer's side of an exchange whose
 * other side is Decapsulate. `{ SharedSecret, SharedSecretCiphertextBlob }`, or a
 * ValidationException for a key that is not one of that spec. Needs the extras
 * module (in a browser, `await loadExtras()` first).
 */
export function encapsulateToPublicKey(keySpec, publicKey) {
  ensureLoaded("ML-KEM encapsulation");
  const seed = globalThis.crypto.getRandomValues(new Uint8Array(32));
  const out = keyPairEncapsulateTo(String(keySpec), publicKey, seed);
  seed.fill(0);
  if (out === undefined)
    throw validationError(`The public key is not a DER SubjectPublicKeyInfo of an ${keySpec} key.`);
  const result = { SharedSecret: out.slice(0, 32), SharedSecretCiphertextBlob: out.slice(32) };
  out.fill(0);
  return result;
}

/** The plan (JSON) of seed document `text` for the service `context` (see src/bindings/fixtures.rs). */
export function planSeed(text, context) {
  ensureLoaded("a seed document");
  return seedPlan(text, context);
}

/** The seed document (JSON) of the keys and aliases `source` (JSON, from the main module). */
export function exportSeedDoc(source) {
  ensureLoaded("a seed export");
  return seedExport(source);
}

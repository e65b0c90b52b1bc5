// Importing key material from JS: `wrapKeyMaterial` (what openssl does in AWS's import guide,
// in the extras wasm module), and the pool that keeps RSA key generation off the caller's
// thread. An RSA-4096 wrapping key takes seconds to generate in wasm; GetParametersForImport would otherwise make
// one synchronously and freeze the event loop or the page. So before such a call the service
// makes sure a key of that size is ready, generating it with the platform's WebCrypto (native,
// off the main thread) or, where that is missing, in a worker (one per key size, made lazily),
// and handing it to the engine's pool; after a key is used it refills the pool in the
// background. Background workers never keep a Node process alive; close() ends them. Which
// calls take a key from the pool is decided in ./call-needs.js. Depends on ./convert.js and
// ./extras.js. The entries pass the platform's worker factory (./keygen-node.js or ./keygen-web.js).

import { toBytes } from "./convert.js";
import { loadExtras, validationError, wrapWithExtras } from "./extras.js";

function bytesOf(value, member) {
  const b = value instanceof ArrayBuffer || ArrayBuffer.isView(value) ? toBytes(value) : undefined;
  if (b === undefined) {
    throw validationError(`${member} must be a Uint8Array (or an ArrayBuffer or other typed array)`);
  }
  return b;
}

/**
 * Wraps `KeyMaterial` for ImportKeyMaterial with the `PublicKey` (DER SubjectPublicKeyInfo)
 * from GetParametersForImport, as the openssl commands of AWS's import guide do:
 * RSAES_OAEP_SHA_1/256 (RSA-OAEP, MGF1 with the same hash, empty label), or
 * RSA_AES_KEY_WRAP_SHA_1/256 (RSA-OAEP of a fresh AES-256 key, then AES key wrap with padding,
 * RFC 5649, of the material). Returns the EncryptedKeyMaterial bytes. Bad input throws a
 * ValidationException (./exceptions.js); the material never appears in it. It runs in the extras
 * module: loaded on first use in Node; in browsers by GetParametersForImport or `loadExtras()`.
 */
export function wrapKeyMaterial(input) {
  if (input === null || typeof input !== "object") {
    throw validationError("wrapKeyMaterial({ PublicKey, KeyMaterial, WrappingAlgorithm }) needs an object");
  }
  const { PublicKey, KeyMaterial, WrappingAlgorithm } = input;
  if (typeof WrappingAlgorithm !== "string") {
    throw validationError("WrappingAlgorithm must be a string such as RSAES_OAEP_SHA_256");
  }
  return wrapWithExtras(bytesOf(PublicKey, "PublicKey"), bytesOf(KeyMaterial, "KeyMaterial"), WrappingAlgorithm);
}

let warned = false;

/**
 * A new RSA key pair from the platform's WebCrypto (native code on a thread of its own in Node
 * and browsers, several times faster than RSA in wasm), as PKCS#8 DER; `undefined` where
 * WebCrypto is missing (old runtimes, insecure browser origins), so workers are used instead.
 */
async function webCryptoKey(bits) {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return undefined;
  const pair = await subtle.generateKey(
    { name: "RSA-OAEP", modulusLength: bits, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    true,
    ["encrypt", "decrypt"],
  );
  return new Uint8Array(await subtle.exportKey("pkcs8", pair.privateKey));
}

/**
 * The wrapping keys of one service being made in workers. `spawn()` makes a worker handle:
 * `{ generate(bits) → Promise<Uint8Array>, ref(), unref(), terminate() }`.
 */
export class WrappingKeyPool {
  #core;
  #spawn;
  /** bits → worker handle (at most one per size, kept for reuse). */
  #workers = new Map();
  /** bits → the generation in progress. */
  #inflight = new Map();
  /** bits → how many calls are waiting for that size (their worker keeps Node alive). */
  #waiters = new Map();
  #broken = false;
  #closed = false;

  /** `core()` returns the live KmsCore (or throws once the service is closed). */
  constructor(core, spawn) {
    this.#core = core;
    this.#spawn = spawn;
  }

  /**
   * True when a call that uses a key of `bits` should wait for `prepare(bits)` first: the
   * engine's pool has none and workers can make one. Checked synchronously right before the
   * call, so no other call can take the key in between.
   */
  needs(bits) {
    return bits !== 0 && !this.#broken && !this.#closed && this.#core().wrappingKeysReady(bits) === 0;
  }

  /** Waits until a key of `bits` has been made (by this or an earlier request) and pooled. */
  async prepare(bits) {
    this.#waiters.set(bits, (this.#waiters.get(bits) ?? 0) + 1);
    this.#keepAlive(bits);
    try {
      await this.#generate(bits);
    } catch (e) {
      if (this.#closed) return; // the caller finds the service closed
      // No worker here (a platform without them, a blocked script): the engine makes the key
      // on this thread instead, which works but blocks, with the extras module (loaded now,
      // as browsers can only load it asynchronously).
      this.#broken = true;
      await loadExtras().catch(() => {}); // if it cannot load, the call says why
      if (!warned) {
        warned = true;
        console.warn(`kms-wasm: RSA wrapping keys are generated on the main thread (no worker: ${e?.message ?? e})`);
      }
    } finally {
      this.#waiters.set(bits, this.#waiters.get(bits) - 1);
      this.#keepAlive(bits);
    }
  }

  /** Waits until at least `count` keys of `bits` are ready (made in parallel where possible). */
  async prepareCount(bits, count) {
    const missing = () => count - (this.#closed ? count : this.#core().wrappingKeysReady(bits));
    while (!this.#broken && missing() > 0) {
      const n = missing();
      await Promise.all(Array.from({ length: n }, () => this.#make(bits)));
    }
  }

  /** After a call used a key of `bits`: makes the next one in the background. */
  refill(bits) {
    if (bits === 0 || this.#broken || this.#closed || this.#inflight.has(bits)) return;
    if (this.#core().wrappingKeysReady(bits) > 0) return;
    this.#generate(bits).catch(() => {
      // A failed refill is retried in the foreground by the next call that needs the key.
    });
  }

  #generate(bits) {
    let p = this.#inflight.get(bits);
    if (p) return p;
    p = this.#make(bits).finally(() => this.#inflight.delete(bits));
    this.#inflight.set(bits, p);
    return p;
  }

  /** Makes one key of `bits` and hands it to the engine: WebCrypto first, else a worker. */
  #make(bits) {
    return (async () => {
      const native = await webCryptoKey(bits).catch(() => undefined);
      // Pooling a key reads its public key in the extras module: loaded by then.
      await loadExtras();
      if (native !== undefined) {
        if (!this.#closed) this.#core().supplyWrappingKey(native);
        return;
      }
      if (this.#closed) return; // closed while waiting: no worker may outlive the service
      let worker = this.#workers.get(bits);
      if (!worker) {
        worker = await this.#spawn();
        if (this.#closed) return void worker.terminate();
        this.#workers.set(bits, worker);
        this.#keepAlive(bits);
      }
      const pkcs8 = await worker.generate(bits);
      if (!this.#closed) this.#core().supplyWrappingKey(pkcs8);
    })();
  }

  /** A worker keeps a Node process alive only while a call is waiting for its key. */
  #keepAlive(bits) {
    const w = this.#workers.get(bits);
    if (!w) return;
    if ((this.#waiters.get(bits) ?? 0) > 0) w.ref();
    else w.unref();
  }

  /** Ends every worker; generations in progress are abandoned. */
  close() {
    this.#closed = true;
    for (const w of this.#workers.values()) w.terminate();
    this.#workers.clear();
  }
}

/**
 * `{ generate(bits), ref(), unref(), terminate() }` over a worker that answers `{ id, bits }`
 * with `{ id, pkcs8 }` or `{ id, error }`; `w` adapts the platform's worker (./keygen-node.js,
 * ./keygen-web.js).
 */
export function messageWorker(w) {
  const pending = new Map();
  let next = 1;
  let failure;
  w.onMessage(({ id, pkcs8, error }) => {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    if (error !== undefined) p.reject(new Error(error));
    else p.resolve(pkcs8);
  });
  w.onFailure((e) => {
    failure ??= e;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  });
  return {
    generate(bits) {
      if (failure) return Promise.reject(failure);
      const id = next++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.post({ id, bits });
      });
    },
    ref: w.ref,
    unref: w.unref,
    terminate() {
      failure ??= new Error("the key generation worker was closed");
      for (const p of pending.values()) p.reject(failure);
      pending.clear();
      w.terminate();
    },
  };
}

/** `prepareWrappingKeys(counts)`'s argument checked: `[[bits, count], …]`, or a TypeError. */
export function wrappingKeyCounts(counts) {
  const SPECS = { RSA_2048: 2048, RSA_3072: 3072, RSA_4096: 4096 };
  return Object.entries(counts ?? {}).map(([spec, count]) => {
    if (!(spec in SPECS)) throw new TypeError(`prepareWrappingKeys: unknown WrappingKeySpec ${JSON.stringify(spec)}`);
    if (!Number.isInteger(count) || count < 0 || count > 100)
      throw new TypeError(`prepareWrappingKeys: ${spec} needs a count from 0 to 100`);
    return [SPECS[spec], count];
  });
}

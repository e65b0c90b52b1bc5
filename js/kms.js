// The public class `KeyManagementService`: one async lowerCamelCase method per AWS KMS operation
// (from the wasm module's list), the raw AWS JSON 1.1 entry point, the SDK request handler, calls
// as a principal (./principal-view.js), the virtual clock, the audit log and alarm listeners. JSON
// crosses into wasm as text, blobs as raw bytes (./convert.js). Calls that take an RSA key wait for
// one made in a worker (./call-needs.js, ./wrapping-keys.js); read-only calls' events are saved in
// batches (./event-flush.js); the engine's AWS errors are thrown as the classes of ./exceptions.js.
// Depends on ../pkg, those files, ./options.js, ./request-handler.js.

import * as wasm from "../pkg/kms_wasm.js";
import { mayTakePooledKey, needsExtras, pooledKeyBits, wireNeeds } from "./call-needs.js";
import { describe, fromWire, setMembers, toBytes, toEpochMs, toWire, withMetadata } from "./convert.js";
import { EventFlusher, mergeStashed } from "./event-flush.js";
import { toException } from "./exceptions.js";
import { exportSeedDoc, extrasUsable, loadExtras, planSeed } from "./extras.js";
import { coreOptions, keysByRegion, seedText, stateText } from "./options.js";
import { checkedCaller, checkPrincipal, defineOperations, PrincipalView, packCaller } from "./principal-view.js";
import { makeRequestHandler } from "./request-handler.js";
import { WrappingKeyPool, wrappingKeyCounts } from "./wrapping-keys.js";

const CALL = Symbol("kms-wasm.call");
const CREATE = Symbol("kms-wasm.create");
/** `kms[HANDLE_NOW](target, bytes, caller)`: see the method. Package-internal. */
export const HANDLE_NOW = Symbol("kms-wasm.handleNow");
let installed = false;
let operations = [];
let implemented = [];
let keygenWorkers;

const utf8 = new TextEncoder();
/** `KmsCore.call` answers with the request id (a UUID) and then the response JSON. */
const REQUEST_ID_LENGTH = 36;

/**
 * Wires the class to the loaded wasm module: member lists and one method per operation.
 * `workers` makes RSA key-generation workers (see ./wrapping-keys.js); without it wrapping
 * keys are generated on the calling thread.
 */
export function installWasm({ workers } = {}) {
  if (installed) return;
  keygenWorkers = workers;
  setMembers(wasm.blobMembers(), wasm.timestampMembers());
  operations = Object.freeze(wasm.allOperations());
  implemented = Object.freeze(wasm.implementedOperations());
  PrincipalView.install(operations);
  defineOperations(KeyManagementService.prototype, operations, (kms, op, input) => kms[CALL](op, input));
  installed = true;
}

export class KeyManagementService {
  #core;
  /** True for IndexedDB: each call's changes are committed (awaited) before it settles. */
  #async = false;
  #listeners = new Set();
  /** RSA wrapping keys made in workers; absent with a randomSeed (deterministic keys, made in-thread). */
  #keys;
  /** Saves the audit events of read-only calls (durable stores only). */
  #events;

  /** Use `KeyManagementService.open(options)`. */
  constructor(token, core, seeded) {
    if (token !== CREATE) throw new TypeError("use `await KeyManagementService.open(options)`");
    this.#core = core;
    this.#async = core.isAsync;
    if (core.storage !== "memory")
      this.#events = new EventFlusher({
        save: () => (this.#async ? core.persist(true) : core.flush()),
        stash: this.#async ? () => core.unsavedEvents() : undefined,
        key: core.storage,
      });
    if (!seeded && keygenWorkers) this.#keys = new WrappingKeyPool(() => this.#live(), keygenWorkers);
  }

  /**
   * Opens a service: `{ storage: "memory" }` (default), `{ file: "./kms.json" }` (Node) or
   * `{ indexedDb: "name" }` (browsers and workers),
   * `region`, `accountId`, `clock: { start (or now), frozen }`, `randomSeed` (tests only),
   * `awsManagedKeyRotationDays` (365 by default), `seed` (a seed document applied once open;
   * tests and demos only).
   */
  static async open(options) {
    if (!installed) throw new Error('kms-wasm is not initialised: import it as "kms-wasm" (its node or browser entry)');
    const json = coreOptions(options);
    const seed = options?.seed === undefined ? undefined : seedText(options.seed, "KeyManagementService.open: seed");
    // Wrapping keys made on this thread (seeded services, or no workers) need the extras
    // module, which browsers can only load asynchronously: now, not in the middle of a call.
    if (options?.randomSeed !== undefined || !keygenWorkers) await loadExtras();
    const core = options?.indexedDb !== undefined ? await wasm.KmsCore.openIndexedDb(json) : new wasm.KmsCore(json);
    const kms = new KeyManagementService(CREATE, core, options?.randomSeed !== undefined);
    if (seed !== undefined || kms.#async) {
      try {
        if (kms.#async) await mergeStashed(core);
        if (seed !== undefined) await kms.applySeed(seed);
      } catch (e) {
        await kms.close().catch(() => {});
        throw e;
      }
    }
    return kms;
  }

  /** Every AWS KMS operation name (PascalCase); each has a lowerCamelCase method. */
  static get operations() {
    return operations;
  }

  /** The operations this build implements; the others answer UnsupportedOperationException. */
  static get implementedOperations() {
    return implemented;
  }

  /** IndexedDB: waits until what the last call did is committed (a failed save rejects). */
  async #committed(core) {
    if (this.#async) await core.persist(false);
  }

  #live() {
    if (this.#core === undefined) throw new Error("this KeyManagementService is closed");
    return this.#core;
  }

  /** Hands alarm events raised by the last call to the listeners. */
  #drainAlarms(core) {
    if (core.pendingAlarms() === 0) return;
    const events = JSON.parse(core.takeAlarms());
    for (const event of events) {
      for (const listener of this.#listeners) {
        try {
          listener(event);
        } catch (e) {
          console.error("kms-wasm: an onAlarm listener threw:", e);
        }
      }
    }
  }

  async [CALL](op, input, caller) {
    this.#live();
    // Blob members go to wasm as raw bytes beside the JSON (no base64), unless one is not
    // bytes at all: then the request goes as plain JSON, so the error is the wire's own.
    let blobs = [];
    let wire = input === undefined || input === null ? {} : toWire(input, blobs);
    if (blobs.invalid) {
      blobs = undefined;
      wire = toWire(input);
    }
    const body = utf8.encode(JSON.stringify(wire));
    const bits = pooledKeyBits(op, input);
    if (needsExtras(op, input)) await loadExtras().catch(() => {}); // unloaded, the call says so
    // Checked again right before the call, in the same synchronous run: no other call can
    // take the key in between.
    while (bits !== 0 && this.#keys?.needs(bits)) await this.#keys.prepare(bits);
    const core = this.#live();
    let out;
    try {
      // The request id (36 characters), then the response JSON.
      const text = core.call(op, body, blobs, caller);
      const json = text.slice(REQUEST_ID_LENGTH);
      const takeBlob = blobs && ((i) => core.takeBlob(i));
      out = withMetadata(
        json === "{}" || json === "" ? {} : fromWire(JSON.parse(json), takeBlob),
        text.slice(0, REQUEST_ID_LENGTH),
      );
    } catch (e) {
      throw toException(e); // the engine's AWS errors become their classes (./exceptions.js)
    } finally {
      this.#drainAlarms(core);
      this.#keys?.refill(bits);
      this.#events?.soon();
      if (this.#async) await this.#committed(core); // no promise per call for the other stores
    }
    return out;
  }

  async #wire(target, bytes, caller) {
    this.#live();
    const { extras, bits } = wireNeeds(target, bytes, extrasUsable());
    if (extras) await loadExtras().catch(() => {}); // as in [CALL]
    while (this.#keys?.needs(bits)) await this.#keys.prepare(bits);
    const core = this.#live();
    try {
      return this.#wireOnce(core, target, bytes, caller, bits);
    } finally {
      if (this.#async) await this.#committed(core); // no promise per call for the other stores
    }
  }

  /** The synchronous part of a wire call: the engine, its alarms, the wrapping-key pool. */
  #wireOnce(core, target, bytes, caller, bits) {
    try {
      // One line `[status, {headers}]`, then the body.
      const text = core.handle(target ?? undefined, bytes, caller);
      const nl = text.indexOf("\n");
      const [status, headers] = JSON.parse(text.slice(0, nl));
      return { status, headers, body: text.slice(nl + 1) };
    } finally {
      this.#drainAlarms(core);
      this.#keys?.refill(bits);
      this.#events?.soon();
    }
  }

  /** `handle()` without a promise, for serve's hot path; `undefined` when `handle()` must be used. */
  [HANDLE_NOW](target, bytes, caller) {
    const core = this.#live();
    if (this.#async || mayTakePooledKey(target)) return undefined;
    // serve built `caller` itself from the request it checked (principal, Region).
    return this.#wireOnce(core, target, bytes, packCaller(caller), 0);
  }

  /**
   * The raw AWS JSON 1.1 entry point: `target` is the X-Amz-Target header, `body` the request
   * body (string or bytes); resolves to `{ status, headers, body }` (AWS errors are responses).
   * `caller` (a `Caller`, index.d.ts) is who calls: the audit log records it, policies judge it.
   */
  async handle(target, body, caller) {
    const bytes = body === undefined || body === null ? new Uint8Array(0) : toBytes(body);
    if (bytes === undefined) throw new TypeError("handle(target, body): body must be a string or bytes");
    return this.#wire(target, bytes, checkedCaller(caller, "handle(caller)"));
  }

  /** The service as the IAM principal `principalArn`, optionally `{ viaService }` (see index.d.ts). */
  as(principalArn, { viaService } = {}) {
    const caller = { principal: checkPrincipal(principalArn, "as(principalArn)"), viaService };
    return new PrincipalView(caller, this, this.#run, "as()");
  }

  /** The service as an AWS service principal acting for `{ sourceArn, sourceAccount }` (see index.d.ts). */
  asService(servicePrincipal, { sourceArn, sourceAccount } = {}) {
    const caller = { service: servicePrincipal ?? "", sourceArn, sourceAccount };
    return new PrincipalView(caller, this, this.#run, "asService()");
  }

  /** The service in another Region (`"eu-west-1"`): its own keys, aliases and audit trail. */
  inRegion(region) {
    return new PrincipalView({ region }, this, this.#run, "inRegion()");
  }

  #run = (op, input, caller) => this[CALL](op, input, caller);

  /**
   * Makes RSA wrapping keys ahead of time (`{ RSA_2048: 2, RSA_4096: 1 }`), so GetParametersForImport
   * answers at once; each key is handed out once. (With `randomSeed` this does nothing.)
   */
  async prepareWrappingKeys(counts = {}) {
    this.#live();
    await Promise.all(wrappingKeyCounts(counts).map(([bits, count]) => this.#keys?.prepareCount(bits, count)));
  }

  /** A smithy HttpHandler for `new KMSClient({ requestHandler })`, in-process; `{ principals: { [accessKeyId]: arn } }` (docs/access.md). */
  requestHandler(options) {
    return makeRequestHandler(
      (t, bytes, caller) => this.#wire(t, bytes, checkedCaller(caller, "requestHandler")),
      options,
    );
  }

  /** Virtual now. */
  now() {
    return new Date(this.#live().nowMs());
  }

  /** Moves virtual time by `seconds` (negative goes back), applying what fell due. */
  async advanceClock(seconds) {
    if (typeof seconds !== "number")
      throw new TypeError(`advanceClock(seconds) needs a number, got ${describe(seconds)}`);
    const core = this.#live();
    try {
      return new Date(core.advanceClock(seconds));
    } catch (e) {
      throw toException(e);
    } finally {
      this.#drainAlarms(core);
      await this.#committed(core);
    }
  }

  /** Sets virtual now (Date, ISO-8601 string or epoch milliseconds), applying what fell due. */
  async setClock(date) {
    const core = this.#live();
    try {
      return new Date(core.setClock(toEpochMs(date, "setClock(date)")));
    } finally {
      this.#drainAlarms(core);
      await this.#committed(core);
    }
  }

  /** Audit events, oldest first, filtered by `{ keyId, eventName, failedOnly, alarmsOnly, region, account }`. */
  async auditLog(filter = {}) {
    return JSON.parse(this.#live().auditLog(filter ?? {}));
  }

  /** Calls `listener(event)` for each alarm (use of a key pending deletion); returns an unsubscribe function. */
  onAlarm(listener) {
    if (typeof listener !== "function") throw new TypeError("onAlarm(listener) needs a function");
    const entry = (e) => listener(e); // a fresh entry, so the same function may subscribe twice
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  /** Forgets every key, alias and event, and the clock offset. */
  async reset() {
    const core = this.#live();
    core.reset();
    await this.#committed(core);
  }

  /** The whole state as JSON text (`{"schemaVersion": N, "state": {...}}`, key material included: a secret). */
  async exportState() {
    const core = this.#live();
    await this.#committed(core);
    return core.exportState();
  }

  /** Replaces the whole state with one from `exportState()`; refuses others (KmsStateError), changing nothing. */
  async importState(state) {
    const text = stateText(state);
    const core = this.#live();
    core.importState(text);
    await this.#committed(core);
  }

  /**
   * Applies a seed document (object or JSON text; docs/testing.md): its keys are created or
   * replaced, others left alone; resolves to how many it declares. See index.d.ts.
   */
  async applySeed(doc) {
    const text = seedText(doc, "applySeed(doc)");
    await loadExtras(); // which checks and builds the document (src/bindings/fixtures.rs)
    const core = this.#live();
    try {
      return core.applySeedPlan(planSeed(text, core.seedContext()));
    } catch (e) {
      throw toException(e);
    } finally {
      await this.#committed(core);
    }
  }

  /** Takes keys out at once (ids in `region`, or key ARNs) with their aliases and import tokens; see index.d.ts. */
  async removeKeys(keyIds, { region } = {}) {
    const groups = keysByRegion(keyIds, region);
    const core = this.#live();
    let count = 0;
    try {
      for (const [where, ids] of groups) count += core.removeKeys(ids.join(","), where ?? "");
    } finally {
      await this.#committed(core);
    }
    return count;
  }

  /** The customer managed keys (with material, rotation history and aliases) as a seed document object. */
  async exportSeed() {
    await loadExtras(); // which writes the document
    return JSON.parse(exportSeedDoc(this.#live().seedSource()));
  }

  /** The whole state (keys, aliases, clock, audit log) as an opaque value for `restore()`: cheap, so per test. */
  snapshot() {
    return this.#live().snapshot();
  }

  /** Returns the whole state to a `snapshot()`; saved by the store like any change. */
  async restore(snapshot) {
    if (!(snapshot instanceof wasm.KmsSnapshot))
      throw new TypeError(`restore(snapshot) needs a value from snapshot(), got ${describe(snapshot)}`);
    const core = this.#live();
    core.restore(snapshot);
    await this.#committed(core);
  }

  /** `"memory"`, the absolute path of the state file, or `indexeddb:<name>`. */
  get storage() {
    return this.#live().storage;
  }

  /** Saves anything pending and releases the instance; later calls throw. Idempotent. */
  async close() {
    const core = this.#core;
    if (core === undefined) return;
    this.#keys?.close();
    this.#events?.close();
    try {
      if (this.#async) {
        this.#core = undefined; // no new calls while the last save runs
        await core.persist(true);
      } else {
        core.flush();
      }
    } finally {
      this.#core = undefined;
      this.#listeners.clear();
      core.release();
      core.free();
    }
  }
}

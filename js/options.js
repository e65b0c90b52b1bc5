// The options of `KeyManagementService.open` checked and turned into the object the wasm core
// reads (src/bindings/options.rs), seed documents and states into JSON text, removeKeys' key
// references by Region. Bad options are TypeErrors naming the option, before anything is
// opened. Depends only on ./convert.js.

import { describe, toEpochMs } from "./convert.js";

const OPTION_NAMES = new Set([
  "storage",
  "file",
  "indexedDb",
  "region",
  "accountId",
  "clock",
  "randomSeed",
  "awsManagedKeyRotationDays",
  "seed",
  "passphrase",
  "takeOverLock",
]);

/** Public options → the plain object the wasm core reads (see src/bindings/options.rs). */
export function coreOptions(options) {
  const o = options ?? {};
  if (typeof o !== "object") throw new TypeError("KeyManagementService.open(options): options must be an object");
  for (const k of Object.keys(o)) {
    if (!OPTION_NAMES.has(k)) throw new TypeError(`KeyManagementService.open: unknown option "${k}"`);
  }
  const out = {};
  if (o.indexedDb !== undefined) {
    if (o.file !== undefined || (o.storage !== undefined && o.storage !== "indexeddb")) {
      throw new TypeError("KeyManagementService.open: indexedDb cannot be combined with file or another storage");
    }
    if (typeof o.indexedDb !== "string" || o.indexedDb === "") {
      throw new TypeError("KeyManagementService.open: indexedDb must be a non-empty database name");
    }
    out.indexedDb = o.indexedDb;
  } else if (o.storage === "indexeddb") {
    throw new TypeError('KeyManagementService.open: storage "indexeddb" needs a name: { indexedDb: "my-kms" }');
  } else if (o.file !== undefined) {
    if (o.storage !== undefined && o.storage !== "file") {
      throw new TypeError(`KeyManagementService.open: storage "${o.storage}" cannot be combined with file`);
    }
    if (o.file instanceof URL) out.file = decodeURIComponent(o.file.pathname);
    else if (typeof o.file === "string" && o.file !== "") out.file = o.file;
    else throw new TypeError("KeyManagementService.open: file must be a non-empty path string or a file: URL");
  } else if (o.storage === "file") {
    throw new TypeError('KeyManagementService.open: storage "file" needs a path: { file: "./kms.json" }');
  } else if (o.storage !== undefined && o.storage !== "memory") {
    throw new TypeError(`KeyManagementService.open: unknown storage ${describe(o.storage)} (use "memory" or { file })`);
  }
  if (o.passphrase !== undefined) {
    if (typeof o.passphrase !== "string" || o.passphrase === "")
      throw new TypeError("KeyManagementService.open: passphrase must be a non-empty string");
    if (out.file === undefined)
      throw new TypeError("KeyManagementService.open: passphrase encrypts a file store: it needs file");
    out.passphrase = o.passphrase;
  }
  if (o.takeOverLock !== undefined) {
    if (typeof o.takeOverLock !== "boolean")
      throw new TypeError("KeyManagementService.open: takeOverLock must be true or false");
    if (out.file === undefined)
      throw new TypeError("KeyManagementService.open: takeOverLock takes a state file's lock: it needs file");
    out.takeOverLock = o.takeOverLock;
  }
  if (o.region !== undefined) out.region = String(o.region);
  if (o.accountId !== undefined) out.accountId = String(o.accountId);
  if (o.clock !== undefined) {
    if (o.clock === null || typeof o.clock !== "object")
      throw new TypeError("KeyManagementService.open: clock must be an object");
    if (o.clock.start !== undefined && o.clock.now !== undefined)
      throw new TypeError("KeyManagementService.open: give clock.start or clock.now, not both");
    if (o.clock.start !== undefined) out.clockStartMs = toEpochMs(o.clock.start, "clock.start");
    if (o.clock.now !== undefined) out.clockStartMs = toEpochMs(o.clock.now, "clock.now");
    out.clockFrozen = Boolean(o.clock.frozen);
  }
  if (o.awsManagedKeyRotationDays !== undefined) {
    const d = o.awsManagedKeyRotationDays;
    if (!Number.isInteger(d) || d < 1 || d > 0xffffffff) {
      throw new TypeError("KeyManagementService.open: awsManagedKeyRotationDays must be a positive integer");
    }
    out.awsManagedKeyRotationDays = d;
  }
  if (o.randomSeed !== undefined) {
    const r = o.randomSeed;
    const ok =
      (typeof r === "number" && Number.isSafeInteger(r) && r >= 0) ||
      typeof r === "bigint" ||
      (typeof r === "string" && /^\d+$/.test(r));
    if (!ok) throw new TypeError("KeyManagementService.open: randomSeed must be a non-negative integer");
    out.seed = String(r);
  }
  return out;
}

/** A seed document (object or JSON text) as JSON text. */
export function seedText(doc, what) {
  if (typeof doc === "string") return doc;
  if (doc !== null && typeof doc === "object" && !Array.isArray(doc)) return JSON.stringify(doc);
  throw new TypeError(`${what} must be a seed document (an object or JSON text), got ${describe(doc)}`);
}

/**
 * `removeKeys(keyIds, { region })`'s arguments as a Map of Region (undefined: the service's own)
 * to bare key ids: a key ARN names its Region. A TypeError for anything but a list of strings.
 */
export function keysByRegion(keyIds, region) {
  if (!Array.isArray(keyIds) || keyIds.some((k) => typeof k !== "string"))
    throw new TypeError(`removeKeys(keyIds) needs an array of key ids or key ARNs, got ${describe(keyIds)}`);
  if (region !== undefined && typeof region !== "string")
    throw new TypeError(`removeKeys: region must be a Region name, got ${describe(region)}`);
  const groups = new Map();
  // A comma names no key (and would split the list the core reads): such an id is simply not found.
  for (const k of keyIds.filter((id) => !id.includes(","))) {
    const arn = /^arn:[^:]+:kms:([^:]+):\d{12}:key\/(.+)$/.exec(k);
    const where = arn ? arn[1] : region;
    groups.set(where, [...(groups.get(where) ?? []), arn ? arn[2] : k]);
  }
  return groups;
}

/** `importState(state)`'s argument as JSON text (text, or an object to serialise), or a TypeError. */
export function stateText(state) {
  if (typeof state === "string") return state;
  if (state !== null && typeof state === "object") return JSON.stringify(state);
  throw new TypeError(`importState(state) needs JSON text or an object, got ${describe(state)}`);
}

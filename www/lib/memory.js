// What the console remembers beside the service's own state, in localStorage: the last import
// parameters fetched for each key (the public key and token are not secret, and AWS never
// hands the same ones out twice) and which alarms were dismissed. Losing it loses nothing the
// service needs. Depends on ./format.js.

import { fromBase64, toBase64 } from "./format.js";

const PREFIX = "kms-console:";
const fallback = new Map();

function get(name) {
  try {
    return JSON.parse(localStorage.getItem(PREFIX + name) ?? "null");
  } catch {
    return fallback.get(name) ?? null;
  }
}

function set(name, value) {
  try {
    if (value === undefined) localStorage.removeItem(PREFIX + name);
    else localStorage.setItem(PREFIX + name, JSON.stringify(value));
  } catch {
    if (value === undefined) fallback.delete(name);
    else fallback.set(name, value);
  }
}

/** Remembers a GetParametersForImport answer for `keyId`. */
export function rememberParams(keyId, p, algorithm, spec) {
  set(`params:${keyId}`, {
    publicKey: toBase64(p.PublicKey),
    importToken: toBase64(p.ImportToken),
    validTo: p.ParametersValidTo.getTime(),
    algorithm,
    spec,
  });
}

/** `{ PublicKey, ImportToken, ParametersValidTo, algorithm, spec }` or undefined. */
export function recallParams(keyId) {
  const p = get(`params:${keyId}`);
  if (!p) return undefined;
  return {
    PublicKey: fromBase64(p.publicKey),
    ImportToken: fromBase64(p.importToken),
    ParametersValidTo: new Date(p.validTo),
    algorithm: p.algorithm,
    spec: p.spec,
  };
}

export function forgetParams(keyId) {
  set(`params:${keyId}`, undefined);
}

export function dismissedAlarms() {
  return new Set(get("dismissed-alarms") ?? []);
}

export function dismissAlarm(eventId) {
  const all = [...dismissedAlarms(), eventId].slice(-200);
  set("dismissed-alarms", all);
}

/** Forgets everything the console remembered (after a reset or an import of state). */
export function forgetAll() {
  try {
    for (const k of Object.keys(localStorage)) if (k.startsWith(PREFIX)) localStorage.removeItem(k);
  } catch {
    fallback.clear();
  }
}

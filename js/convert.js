// Converts between the JS API's values and AWS JSON 1.1: blob members are Uint8Array in JS and
// base64 on the wire, timestamp members are Date in JS and epoch seconds on the wire. Which
// members are which comes from the wasm module (the AWS model's member lists), by name.
// Encryption-context maps hold user data, so their keys are never treated as member names.
// Also the SDK-shaped `$metadata` of a response and ISO-8601 parsing that refuses impossible days.
// Depends on nothing (Buffer when present, else standard web APIs).

let BLOBS = new Set();
let STAMPS = new Set();

/** Called once the wasm module is loaded, with its member lists. */
export function setMembers(blobMembers, timestampMembers) {
  BLOBS = new Set(blobMembers);
  STAMPS = new Set(timestampMembers);
}

// Every map-typed member of the KMS model is an encryption context (scripts/gen-types.mjs
// checks that against the model).
const isContext = (name) => name.includes("EncryptionContext");

const NodeBuffer = globalThis.Buffer;
const utf8 = new TextEncoder();

/** Uint8Array → standard base64 (with padding). */
export const bytesToBase64 = NodeBuffer
  ? (u8) => NodeBuffer.from(u8.buffer, u8.byteOffset, u8.byteLength).toString("base64")
  : typeof Uint8Array.prototype.toBase64 === "function"
    ? (u8) => u8.toBase64()
    : (u8) => {
        let s = "";
        for (let i = 0; i < u8.length; i += 0x8000) s += String.fromCharCode.apply(null, u8.subarray(i, i + 0x8000));
        return btoa(s);
      };

/** base64 → a Uint8Array of its own (never a view of a shared pool). */
export const base64ToBytes = NodeBuffer
  ? (s) => new Uint8Array(NodeBuffer.from(s, "base64"))
  : typeof Uint8Array.fromBase64 === "function"
    ? (s) => Uint8Array.fromBase64(s)
    : (s) => {
        const bin = atob(s);
        const out = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
        return out;
      };

/**
 * Bytes of a blob given as Uint8Array (Buffer included), ArrayBuffer, another typed array or
 * DataView, or a string (UTF-8, as the AWS SDK does). Anything else is returned unchanged, so
 * the service reports it as it would on the wire; `undefined` means "not bytes".
 */
export function toBytes(v) {
  if (v instanceof Uint8Array) return v;
  if (typeof v === "string") return utf8.encode(v);
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  return undefined;
}

/**
 * With `blobs` (an array), bytes are pushed onto it and the member holds the reference
 * `"#<index>"` (see KmsCore.call; `#` is not base64); a value that is not bytes sets
 * `blobs.invalid` and stays as it is.
 */
function blobToWire(v, blobs) {
  const b = toBytes(v);
  if (b === undefined) {
    if (blobs) blobs.invalid = true;
    return v;
  }
  if (!blobs) return bytesToBase64(b);
  blobs.push(b);
  return `#${blobs.length - 1}`;
}

function stampToWire(v) {
  if (v instanceof Date) return v.getTime() / 1000;
  if (typeof v === "string") {
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? v : ms / 1000;
  }
  return v; // numbers are epoch seconds already
}

function valueToWire(v, blobs) {
  if (Array.isArray(v)) return v.map((e) => valueToWire(e, blobs));
  if (v !== null && typeof v === "object" && !(v instanceof Date)) return toWire(v, blobs);
  return v;
}

/**
 * A JS-API request object → its AWS JSON form (a new object; `undefined`/`null` dropped).
 * Blob members become base64, or, given a `blobs` array, indexes into it (see blobToWire).
 */
export function toWire(input, blobs) {
  if (input === null || typeof input !== "object" || Array.isArray(input)) return input;
  const out = {};
  for (const k of Object.keys(input)) {
    const v = input[k];
    if (v === undefined || v === null) continue;
    if (BLOBS.has(k)) out[k] = blobToWire(v, blobs);
    else if (STAMPS.has(k)) out[k] = stampToWire(v);
    else if (isContext(k)) out[k] = v;
    else out[k] = valueToWire(v, blobs);
  }
  return out;
}

/**
 * A parsed AWS JSON response → JS-API values, converted in place. Blob members are base64,
 * or, given `takeBlob`, `"#<index>"` references it turns into bytes.
 */
export function fromWire(out, takeBlob) {
  for (const k in out) {
    const v = out[k];
    if (v === null) continue;
    if (typeof v === "string") {
      if (BLOBS.has(k)) out[k] = takeBlob && v[0] === "#" ? takeBlob(Number(v.slice(1))) : base64ToBytes(v);
    } else if (typeof v === "number") {
      // Same rounding as the AWS SDK: epoch seconds with millisecond fractions.
      if (STAMPS.has(k)) out[k] = new Date(Math.round(v * 1000));
    } else if (typeof v === "object" && !isContext(k)) {
      if (Array.isArray(v)) {
        for (const e of v) if (e !== null && typeof e === "object") fromWire(e, takeBlob);
      } else {
        fromWire(v, takeBlob);
      }
    }
  }
  return out;
}

const ISO_DATE = /^([+-]\d{6}|\d{4})-(\d{2})-(\d{2})/;

/** `Date.parse`, except that a day the month does not have (`2026-02-30`) is refused, not rolled over. */
export function parseIsoTime(text) {
  const m = ISO_DATE.exec(text.trim());
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    const days = mo === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(mo) ? 30 : 31;
    if (mo < 1 || mo > 12 || d < 1 || d > days) return Number.NaN;
  }
  return Date.parse(text);
}

/** Milliseconds since the epoch from a Date, an ISO-8601 string or epoch milliseconds. */
export function toEpochMs(v, what) {
  let ms;
  if (v instanceof Date) ms = v.getTime();
  else if (typeof v === "string") ms = parseIsoTime(v);
  else if (typeof v === "number") ms = v;
  if (typeof ms !== "number" || !Number.isFinite(ms)) {
    throw new TypeError(`${what} must be a Date, an ISO-8601 string or epoch milliseconds; got ${describe(v)}`);
  }
  return ms;
}

export function describe(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof Date) return "an invalid Date";
  return v === null ? "null" : typeof v;
}

/**
 * `$metadata` as the AWS SDK sets it, but not enumerable: `Object.keys`, spreads and deep
 * comparisons see exactly the AWS response members.
 */
export function withMetadata(out, requestId) {
  Object.defineProperty(out, "$metadata", {
    value: { httpStatusCode: 200, requestId, attempts: 1, totalRetryDelay: 0 },
    writable: true,
    configurable: true,
  });
  return out;
}

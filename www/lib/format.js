// Formatting for the console: dates in UTC (the virtual clock is the same for everyone),
// durations, byte encodings (base64, hex, PEM), key labels and encryption contexts.
// Depends on nothing.

const pad = (n) => String(n).padStart(2, "0");

/** `2026-01-01 13:05 UTC` (seconds with `seconds: true`). */
export function fmtDate(d, { seconds = false } = {}) {
  if (d === undefined || d === null) return "—";
  const t = d instanceof Date ? d : new Date(d);
  if (Number.isNaN(t.getTime())) return "—";
  const base = `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
  return `${base}${seconds ? `:${pad(t.getUTCSeconds())}` : ""} UTC`;
}

/** `2026-01-01` */
export function fmtDay(d) {
  const t = d instanceof Date ? d : new Date(d);
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** `23 h 59 min`, `6 days 4 h`, `45 s`. */
export function fmtDuration(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86400),
    hr = Math.floor((s % 86400) / 3600),
    m = Math.floor((s % 3600) / 60);
  if (d >= 2) return `${d} days${hr ? ` ${hr} h` : ""}`;
  if (d === 1) return `1 day${hr ? ` ${hr} h` : ""}`;
  if (hr) return `${hr} h ${pad(m)} min`;
  if (m) return `${m} min ${pad(s % 60)} s`;
  return `${s} s`;
}

export function toBase64(bytes) {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** Decodes base64 (spaces and newlines ignored); throws a readable Error otherwise. */
export function fromBase64(text) {
  const clean = text.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) throw new Error("This is not base64 text.");
  const bin = atob(clean);
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

export function toHex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Decodes hex (spaces, newlines and colons ignored); throws a readable Error otherwise. */
export function fromHex(text) {
  const clean = text.replace(/[\s:]+/g, "");
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new Error("This is not hex text (two digits 0-9a-f per byte).");
  return Uint8Array.from(clean.match(/../g) ?? [], (x) => Number.parseInt(x, 16));
}

/** DER bytes → PEM text under `label`, in 64-character base64 lines. */
export function toPem(der, label = "PUBLIC KEY") {
  const lines = toBase64(der).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

/** What people call a key: its first alias, else its id. */
export function keyLabel(key, aliases = []) {
  return aliases[0] ?? key.KeyId;
}

export const STATE_LABEL = {
  Enabled: "Enabled",
  Disabled: "Disabled",
  PendingDeletion: "Pending deletion",
  PendingImport: "Pending import",
  PendingReplicaDeletion: "Pending replica deletion",
};

/** `key=value` lines → an encryption context object (blank lines ignored). */
export function parseContext(text) {
  const out = {};
  for (const [i, raw] of text.split("\n").entries()) {
    const line = raw.trim();
    if (!line) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) throw new Error(`Encryption context line ${i + 1} is not key=value.`);
    out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return Object.keys(out).length ? out : undefined;
}

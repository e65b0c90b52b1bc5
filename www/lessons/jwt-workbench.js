// Lesson 7's JWT workbench: builds an ES256 token's signing input, signs it with the real KMS
// Sign, turns KMS's DER signature into JWS's 64-byte r‖s, fetches the public key, verifies the
// token twice (WebCrypto in this page with only the public key, and KMS Verify) and tampers with
// its payload. Depends on ../lib/*, ./parts.js; the lesson's steps call the same functions.

import { field, h } from "../lib/dom.js";
import { download } from "../lib/files.js";
import { fromBase64, toBase64, toHex, toPem } from "../lib/format.js";
import { hintFor } from "../lib/hints.js";
import { derToRaw, rawToDer } from "../lib/webcrypto.js";
import { c, NotYet } from "./parts.js";

/** The JOSE header of every token made here: ES256 is ECDSA P-256 with SHA-256 (RFC 7518 §3.4). */
export const HEADER = { alg: "ES256", typ: "JWT" };
/** What KMS is asked for: the one signing algorithm an ECC_NIST_P256 key has, over the message itself. */
export const SIGN_WITH = { SigningAlgorithm: "ECDSA_SHA_256", MessageType: "RAW" };

const utf8 = (text) => new TextEncoder().encode(text);
const text = (bytes) => new TextDecoder().decode(bytes);

/** base64url without padding (RFC 7515 §2): what every part of a compact JWS is written in. */
export const b64url = (bytes) => toBase64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

/** base64url text back to bytes; throws an Error that says which part is wrong. */
export function fromB64url(part, what) {
  if (!/^[A-Za-z0-9_-]*$/.test(part) || part.length % 4 === 1) throw new Error(`The ${what} is not base64url text.`);
  return fromBase64(
    part
      .replace(/-/g, "+")
      .replace(/_/g, "/")
      .padEnd(Math.ceil(part.length / 4) * 4, "="),
  );
}

/**
 * The workbench's state while the page is open: the key it works with, the payload typed, the
 * last signature (`signed`), the token in the box, the public key and the last verdict. It
 * starts over when the lesson's key changes (a reset, another key).
 */
let bench = { keyId: undefined };

function benchFor(key) {
  if (bench.keyId !== key.id) bench = { keyId: key.id, payload: undefined, token: "" };
  return bench;
}

/** A payload to start from: who the token is about, and when it was issued and expires (virtual time). */
function defaultPayload(ctx) {
  const iat = Math.floor(ctx.now().getTime() / 1000);
  return JSON.stringify({ sub: "alice", admin: false, iat, exp: iat + 3600 }, null, 2);
}

/** base64url(header) "." base64url(payload): the bytes ES256 signs. Throws on a payload that is not JSON. */
function signingInput(payloadText) {
  let payload;
  try {
    payload = JSON.parse(payloadText);
  } catch {
    throw new NotYet('The payload is not JSON: a JWT\'s claims are a JSON object, such as {"sub": "alice"}.');
  }
  return `${b64url(utf8(JSON.stringify(HEADER)))}.${b64url(utf8(JSON.stringify(payload)))}`;
}

/** Signs the signing input with KMS (Sign, ECDSA_SHA_256, RAW) and makes the token: `{ input, der, raw, token }`. */
export async function signToken(ctx, key) {
  const b = benchFor(key);
  const input = signingInput(b.payload ?? defaultPayload(ctx));
  const { Signature } = await ctx.kms.sign({ KeyId: key.id, Message: utf8(input), ...SIGN_WITH });
  // KMS answers as X9.62 does, DER SEQUENCE { r, s }; JWS wants r and s as two 32-byte numbers.
  const raw = derToRaw(Signature, 32);
  b.signed = { input, der: Signature, raw };
  b.token = `${input}.${b64url(raw)}`;
  b.verdict = undefined;
  b.tampered = undefined;
  return { ...b.signed, token: b.token };
}

/**
 * Puts the last token KMS signed back in the box (what "Show me" verifies, whatever was typed
 * there since); signs one when this page has none (after a reload, say).
 */
export async function genuineToken(ctx, key) {
  const b = benchFor(key);
  if (!b.signed) return (await signToken(ctx, key)).token;
  b.token = `${b.signed.input}.${b64url(b.signed.raw)}`;
  b.tampered = undefined;
  return b.token;
}

/** GetPublicKey: the DER SubjectPublicKeyInfo and its PEM, kept for the in-page verifier. */
export async function fetchPublicKey(ctx, key) {
  const b = benchFor(key);
  const { PublicKey } = await ctx.kms.getPublicKey({ KeyId: key.id });
  b.spki = PublicKey;
  b.pem = toPem(PublicKey);
  return { spki: b.spki, pem: b.pem };
}

/** The token's three parts, decoded; throws an Error a learner can act on. */
function parseToken(token) {
  const parts = token.trim().split(".");
  if (parts.length !== 3) throw new Error("A compact JWS has three base64url parts separated by two dots.");
  let header;
  try {
    header = JSON.parse(text(fromB64url(parts[0], "header")));
  } catch (e) {
    throw new Error(e instanceof SyntaxError ? "The header is not base64url JSON." : e.message);
  }
  const payload = text(fromB64url(parts[1], "payload"));
  const raw = fromB64url(parts[2], "signature");
  // The verifier decides the algorithm, never the token (RFC 8725 §3.1): anything but ES256 is refused unread.
  if (header.alg !== "ES256") throw new Error(`The header says alg ${header.alg}; this verifier accepts ES256 only.`);
  if (raw.length !== 64) throw new Error(`An ES256 signature is r‖s, 64 bytes; this one is ${raw.length}.`);
  return { input: `${parts[0]}.${parts[1]}`, header, payload, raw };
}

/**
 * Verifies the token in the box twice: WebCrypto with only the public key (no KMS), then KMS
 * Verify with the signature put back into DER. Resolves to the verdict shown in the panel.
 */
export async function verifyToken(ctx, key) {
  const b = benchFor(key);
  let t;
  try {
    t = parseToken(b.token);
  } catch (e) {
    b.verdict = { refusedUnread: e.message };
    return b.verdict;
  }
  const fetched = !b.spki;
  if (fetched) await fetchPublicKey(ctx, key);
  const subtle = globalThis.crypto.subtle;
  const publicKey = await subtle.importKey("spki", b.spki, { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
  const here = await subtle.verify({ name: "ECDSA", hash: "SHA-256" }, publicKey, t.raw, utf8(t.input));
  let kms;
  try {
    const der = rawToDer(t.raw);
    const out = await ctx.kms.verify({ KeyId: key.id, Message: utf8(t.input), Signature: der, ...SIGN_WITH });
    kms = { ok: out.SignatureValid === true };
  } catch (e) {
    kms = { ok: false, name: e.name, message: e.message };
  }
  b.verdict = { here, kms, payload: t.payload, fetched };
  return b.verdict;
}

/** Changes the payload of the token in the box and keeps its signature, as an attacker would. */
export function tamperToken(key) {
  const b = benchFor(key);
  const parts = b.token.trim().split(".");
  if (parts.length !== 3) throw new NotYet("There is no token to tamper with: sign one first.");
  let claims;
  try {
    claims = JSON.parse(text(fromB64url(parts[1], "payload")));
  } catch {
    throw new NotYet("The token's payload is not base64url JSON any more: sign a new token first.");
  }
  const before = JSON.stringify(claims);
  if (claims.admin === true) claims.sub = "mallory";
  else claims.admin = true;
  b.token = [parts[0], b64url(utf8(JSON.stringify(claims))), parts[2]].join(".");
  b.tampered = { before, after: JSON.stringify(claims) };
  b.verdict = undefined;
  return b.tampered;
}

const hex = (bytes) => h("span", { class: "mono wrap" }, toHex(bytes));

/** The DER signature taken apart: SEQUENCE { INTEGER r, INTEGER s } (P-256's lengths fit one byte). */
function derParts(der) {
  const rLen = der[3];
  const sAt = 4 + rLen;
  return { body: der[1], r: der.subarray(4, sAt), s: der.subarray(sAt + 2, sAt + 2 + der[sAt + 1]) };
}

function signaturePart(signed) {
  const { body, r, s } = derParts(signed.der);
  // DER writes each number in as few bytes as it can, and INTEGERs are signed: so 31 to 33 bytes.
  const padded = (n) => {
    if (n.length > 32) return " (a 00 in front: its top bit is set, and a DER INTEGER is signed)";
    if (n.length < 32) return " (its leading zero bytes left out; r‖s puts them back)";
    return "";
  };
  return h(
    "div",
    { class: "subsection", id: "jwt-signature" },
    h("h3", null, "2. The signature: DER in, r‖s out"),
    h("p", { id: "jwt-der-size" }, `Sign returned ${signed.der.length} bytes of DER: `, hex(signed.der)),
    h(
      "ul",
      { class: "plain-list" },
      h("li", null, c(`30 ${body.toString(16)}`), `: a SEQUENCE of ${body} bytes, holding`),
      h("li", null, c(`02 ${r.length.toString(16)}`), `: INTEGER r, ${r.length} bytes${padded(r)}`),
      h("li", null, c(`02 ${s.length.toString(16)}`), `: INTEGER s, ${s.length} bytes${padded(s)}`),
    ),
    h(
      "p",
      { id: "jwt-raw" },
      "JWS wants r and s each as exactly 32 bytes, one after the other: 64 bytes, always. ",
      hex(signed.raw),
    ),
  );
}

function verdictPart(v) {
  if (!v) return null;
  if (v.refusedUnread)
    return h(
      "p",
      { class: "form-error", role: "alert", id: "jwt-refused" },
      `Refused before any check: ${v.refusedUnread}`,
    );
  const kmsLine = v.kms.ok
    ? "KMS Verify: SignatureValid: true."
    : `KMS Verify: ${v.kms.name}${v.kms.message ? `: ${v.kms.message}` : ""}.`;
  return h(
    "div",
    { class: "pg-out", id: "jwt-verdict", dataset: { here: String(v.here), kms: String(v.kms.ok) } },
    v.fetched ? h("p", { class: "hint" }, "The verifier fetched the public key first (GetPublicKey).") : null,
    h("p", null, "Payload: ", h("span", { class: "mono wrap" }, v.payload)),
    h(
      "p",
      { class: v.here ? "ok-text" : "form-error", id: "jwt-here" },
      v.here
        ? "WebCrypto in this page, with only the public key: valid."
        : "WebCrypto in this page, with only the public key: NOT valid.",
    ),
    h("p", { class: v.kms.ok ? "ok-text" : "form-error", id: "jwt-kms" }, kmsLine),
    v.kms.ok ? null : h("p", { class: "hint" }, hintFor(v.kms, "Verify") ?? ""),
  );
}

/** A failed action, beside its buttons: what the learner can fix, or KMS's error with its usual cause. */
function errorPart(e) {
  if (!e) return null;
  const hint = e.name === "NotYet" ? undefined : hintFor(e);
  return h(
    "div",
    { id: "jwt-error", role: "alert" },
    h("p", { class: "form-error" }, e.name === "NotYet" ? e.message : `${e.name}: ${e.message || "(no message)"}`),
    hint ? h("p", { class: "hint" }, hint) : null,
  );
}

/** Step 1 of the panel: the header, the payload the learner edits, the signing input, Sign. */
function inputPart(ctx, f, b, act) {
  const input = h("p", { class: "mono wrap", id: "jwt-signing-input" });
  const payload = h("textarea", { id: "jwt-payload", rows: 6, class: "code", spellcheck: "false" });
  payload.value = b.payload;
  const showInput = () => {
    try {
      input.textContent = signingInput(payload.value);
    } catch (e) {
      input.textContent = e.message;
    }
  };
  payload.addEventListener("input", () => {
    b.payload = payload.value;
    showInput();
  });
  showInput();
  return h(
    "div",
    { class: "subsection" },
    h("h3", null, "1. Header and payload"),
    h("p", null, "Header: ", c(JSON.stringify(HEADER))),
    field("Payload (the claims, as JSON)", payload),
    h("p", { class: "hint" }, "Signing input, base64url(header) . base64url(payload):"),
    input,
    h(
      "div",
      { class: "actions" },
      h(
        "button",
        { type: "button", class: "primary", id: "jwt-sign", onClick: act(() => signToken(ctx, f.key)) },
        "Sign with KMS",
      ),
    ),
    h("p", { class: "hint" }, "Sign, ECDSA_SHA_256, MessageType RAW: KMS hashes the input with SHA-256 itself."),
  );
}

/** Step 3 of the panel: the token box, the public key, Verify and Tamper, and the verdict. */
function tokenPart(ctx, f, b, act) {
  const token = h("textarea", { id: "jwt-token", rows: 5, class: "code", spellcheck: "false" });
  token.value = b.token;
  token.addEventListener("input", () => {
    b.token = token.value;
  });
  const button = (id, label, onClick, primary = false) =>
    h("button", { type: "button", class: primary ? "primary" : null, id, onClick }, label);
  return h(
    "div",
    { class: "subsection" },
    h("h3", null, "3. The token, and who can check it"),
    field("Token", token, "The verifiers read this box: edit it if you like."),
    b.tampered
      ? h(
          "p",
          { class: "warn wrap", id: "jwt-tampered" },
          `Payload changed, signature kept: ${b.tampered.before} → ${b.tampered.after}`,
        )
      : null,
    h(
      "div",
      { class: "actions" },
      button(
        "jwt-public-key",
        "Get the public key",
        act(() => fetchPublicKey(ctx, f.key)),
      ),
      button(
        "jwt-verify",
        "Verify the token",
        act(() => verifyToken(ctx, f.key)),
        true,
      ),
      button(
        "jwt-tamper",
        "Tamper with the payload",
        act(() => tamperToken(f.key)),
      ),
    ),
    b.pem
      ? [
          h("pre", { class: "code pem", id: "jwt-pem", tabindex: "0", "aria-label": "Public key (PEM)" }, b.pem),
          h(
            "button",
            {
              type: "button",
              class: "small",
              id: "jwt-pem-download",
              onClick: () => download(`public-key-${f.key.id}.pem`, b.pem, "application/x-pem-file"),
            },
            "Download PEM",
          ),
        ]
      : null,
    verdictPart(b.verdict),
  );
}

/** The panel on lesson 7's page; every button is a real call, so its effects tick the steps. */
export function workbench(ctx, f) {
  const head = [
    h("h2", { id: "jwt-title" }, "JWT workbench"),
    h(
      "p",
      null,
      "A JWT in its usual form, a compact JWS (RFC 7515), is three base64url parts joined by dots: ",
      c("header.payload.signature"),
      ". Every button here is a real KMS call, in the audit log like any other.",
    ),
  ];
  const attrs = { class: "panel lesson-jwt", id: "lesson-jwt", "aria-labelledby": "jwt-title" };
  if (!f.key)
    return h(
      "section",
      attrs,
      head,
      h("p", { class: "muted", id: "jwt-no-key" }, "Do step 1 first: the workbench needs the lesson's signing key."),
    );
  const b = benchFor(f.key);
  b.payload ??= defaultPayload(ctx);
  // A failure is shown once, by the drawing that follows it.
  const failed = b.error;
  b.error = undefined;
  const act = (fn) => async () => {
    try {
      await fn();
    } catch (e) {
      b.error = e;
    }
    await ctx.refresh();
  };
  return h(
    "section",
    attrs,
    head,
    inputPart(ctx, f, b, act),
    b.signed ? signaturePart(b.signed) : null,
    tokenPart(ctx, f, b, act),
    errorPart(failed),
  );
}

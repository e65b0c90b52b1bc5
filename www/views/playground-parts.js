// Pieces the "Try it" cards share: showing a result or the AWS error of a failed call, bytes
// shown as base64 and hex with their length, a copy button, the warning on a key that is not
// enabled, and the key's public key fetched once per page.
// Depends on ../lib/dom.js, ../lib/files.js, ../lib/format.js and ../lib/hints.js.

import { field, h } from "../lib/dom.js";
import { copyText } from "../lib/files.js";
import { STATE_LABEL, toBase64, toHex } from "../lib/format.js";
import { hintFor } from "../lib/hints.js";

export function result(el, ...children) {
  el.replaceChildren(...children.flat().filter(Boolean));
}

/** The AWS error of a failed call, as the SDK names it. */
export function errorLine(e) {
  return h(
    "p",
    { class: "form-error", role: "alert" },
    h("strong", { class: "error-name" }, e.name ?? "Error"),
    e.message ? `: ${e.message}` : "",
  );
}

/** The usual cause of `e` when `call` failed, as a hint under the error; null when there is none. */
export function errorHint(e, call) {
  const hint = hintFor(e, call);
  return hint ? h("p", { class: "hint error-hint" }, hint) : null;
}

/** Shows the error of a failed `call` (e.g. "Decrypt") in `el`, with a line on its usual cause. */
export function failure(el, e, call) {
  result(el, errorLine(e), errorHint(e, call));
}

export function copyButton(ctx, id, getText, what) {
  return h(
    "button",
    {
      type: "button",
      class: "small",
      id,
      onClick: async () =>
        (await copyText(getText()))
          ? ctx.notify(`${what} copied.`)
          : ctx.notify(`This page may not use the clipboard: select the ${what.toLowerCase()} and copy it.`, "error"),
    },
    "Copy base64",
  );
}

/**
 * `bytes` as read-only base64 and hex fields (ids `${id}-b64`, `${id}-hex`), labelled with their
 * length, then a row of buttons: copy the base64, and `buttons`.
 */
export function bytesFields(ctx, id, label, bytes, ...buttons) {
  const b64 = toBase64(bytes);
  return [
    field(
      `${label} (base64, ${bytes.length} bytes)`,
      h(
        "textarea",
        { class: "code", readonly: true, rows: Math.min(6, Math.ceil(b64.length / 64) + 1), id: `${id}-b64` },
        b64,
      ),
    ),
    field(
      `${label} (hex)`,
      h(
        "textarea",
        { class: "code", readonly: true, rows: Math.min(6, Math.ceil(bytes.length / 32) + 1), id: `${id}-hex` },
        toHex(bytes),
      ),
    ),
    h(
      "div",
      { class: "actions" },
      copyButton(ctx, `${id}-copy`, () => b64, `${label} (base64)`),
      buttons,
    ),
  ];
}

export function stateWarning(m) {
  if (m.KeyState === "Enabled") return null;
  return h(
    "p",
    { class: "hint warn" },
    `This key is ${STATE_LABEL[m.KeyState]?.toLowerCase() ?? m.KeyState}: calls will fail, and the error is what AWS would answer.${m.KeyState === "PendingDeletion" ? " Each attempt raises the alarm." : ""}`,
  );
}

const publicKeys = new Map();

/** GetPublicKey's DER SubjectPublicKeyInfo for `keyId`, asked once (a key pair's public key never changes). */
export async function publicKeyOf(ctx, keyId) {
  if (!publicKeys.has(keyId)) publicKeys.set(keyId, (await ctx.kms.getPublicKey({ KeyId: keyId })).PublicKey);
  return publicKeys.get(keyId);
}

export const utf8 = (text) => new TextEncoder().encode(text);

/** `text` with its last character changed (or "x" when empty): the smallest tampering. */
export function changeOne(text) {
  if (!text) return "x";
  return text.slice(0, -1) + (text.at(-1) === "!" ? "?" : "!");
}

// The Verify half that every "Try it" for a signing key shares: the form (message, signature,
// Verify, Verify a changed message), the call to KMS with what it proves or the error it
// raises, and the "Verify this" button that carries a new signature over. Each view brings its
// own request (algorithm, message type, payload) and element ids. Depends on ../lib/dom.js,
// ../lib/format.js and ./playground-parts.js.

import { field, h } from "../lib/dom.js";
import { fromBase64, toBase64 } from "../lib/format.js";
import { changeOne, errorLine, result } from "./playground-parts.js";

/** The "Verify this" button: copies `message` and `signature` into the verify form. */
export function useSignatureButton(id, form, message, signature) {
  const onClick = () => {
    form.message.value = message;
    form.signature.value = toBase64(signature);
    form.message.focus();
  };
  return h("button", { type: "button", class: "small", id, onClick }, "Verify this");
}

/**
 * The verify form. `request(text)` resolves to Verify's input for the message `text` (without
 * the signature); `ids` names the elements (`prefix`-verify, -verify-tampered, -valid,
 * -invalid, and the fields); `extra` are more buttons beside Verify.
 */
export function verifyForm(ctx, request, ids, ...extra) {
  const message = h("textarea", { id: ids.message, rows: 3, maxlength: 4096 });
  const signature = h("textarea", { id: ids.signature, rows: 3, class: "code", spellcheck: "false" });
  const out = h("div", { class: "pg-out", id: ids.out, "aria-live": "polite" });
  const send = async (text, changed) => {
    const note = changed
      ? h("p", null, "Sent the message with one character changed: ", h("q", { class: "mono" }, text))
      : null;
    try {
      const input = { ...(await request(text)), Signature: fromBase64(signature.value) };
      const { SignatureValid } = await ctx.kms.verify(input);
      const line = `SignatureValid: ${SignatureValid}. This key signed exactly this message.`;
      result(out, note, h("p", { class: "ok-text", id: ids.valid }, line));
    } catch (err) {
      const why =
        "Verify never answers SignatureValid: false: a signature that does not match the message and the key is an error.";
      result(
        out,
        note,
        errorLine(err),
        err.name === "KMSInvalidSignatureException" ? h("p", { class: "hint", id: ids.invalid }, why) : null,
      );
    }
  };
  const tampered = h(
    "button",
    { type: "button", id: ids.tampered, onClick: () => send(changeOne(message.value), true) },
    "Verify a changed message",
  );
  const form = h(
    "form",
    null,
    field("Message", message),
    field("Signature (base64)", signature, "Paste a signature, or use “Verify this”."),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit", class: "primary", id: ids.verify }, "Verify"),
      tampered,
      ...extra,
    ),
    out,
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    send(message.value, false);
  });
  return { form, message, signature, out };
}

// "Try it" for a signing key (SIGN_VERIFY): pick the algorithm and message type (RAW, or DIGEST
// hashed in the page, where allowed), Sign, show the signature and its length, Verify it with KMS,
// see a changed message refused (KMSInvalidSignatureException), and verify it in the page with
// only the public key (WebCrypto). Depends on ../lib/*, ./playground-parts.js.

import { explain, field, h } from "../lib/dom.js";
import { fromBase64, toBase64, toHex } from "../lib/format.js";
import { hashOf, signatureSize } from "../lib/key-specs.js";
import { digestFor, verifyHere } from "../lib/webcrypto.js";
import {
  bytesFields,
  changeOne,
  errorLine,
  failure,
  publicKeyOf,
  result,
  stateWarning,
  utf8,
} from "./playground-parts.js";

/** The message types an algorithm takes: Ed25519 signs messages, Ed25519ph digests. */
function typesFor(algorithm) {
  if (algorithm === "ED25519_SHA_512") return ["RAW"];
  if (algorithm === "ED25519_PH_SHA_512") return ["DIGEST"];
  return ["RAW", "DIGEST"];
}

export function renderSign(ctx, m) {
  const algorithm = h(
    "select",
    { id: "pg-sign-alg" },
    (m.SigningAlgorithms ?? []).map((a) => h("option", { value: a }, a)),
  );
  const type = h(
    "select",
    { id: "pg-sign-type" },
    h("option", { value: "RAW" }, "RAW: KMS hashes the message"),
    h("option", { value: "DIGEST" }, "DIGEST: this page hashes it, KMS signs the digest"),
  );
  const typeHint = h("span", { id: "pg-sign-type-hint" });
  const sync = () => {
    const valid = typesFor(algorithm.value);
    for (const o of type.options) o.disabled = !valid.includes(o.value);
    if (!valid.includes(type.value)) type.value = valid[0];
    typeHint.textContent =
      valid.length === 1
        ? `${algorithm.value} takes MessageType ${valid[0]} only.`
        : `With DIGEST, the page sends KMS the ${hashOf(algorithm.value).name} digest of the message: large files can be signed, but KMS never sees what was hashed.`;
  };
  algorithm.addEventListener("change", sync);
  sync();

  /** What KMS is sent for `text`: the message itself, or its digest. */
  const payload = async (text) => (type.value === "DIGEST" ? digestFor(algorithm.value, utf8(text)) : utf8(text));

  const message = h("textarea", { id: "pg-sign-message", rows: 3, maxlength: 4096 });
  message.value = "release v1.2.3, sha256 9f86d081884c7d65";
  const signOut = h("div", { class: "pg-out", id: "pg-sign-out", "aria-live": "polite" });
  const verifyMessage = h("textarea", { id: "pg-verify-message", rows: 3, maxlength: 4096 });
  const verifySignature = h("textarea", { id: "pg-verify-signature", rows: 3, class: "code", spellcheck: "false" });
  const verifyOut = h("div", { class: "pg-out", id: "pg-verify-out", "aria-live": "polite" });

  const signForm = h(
    "form",
    null,
    field("Message", message, "At most 4 KB with RAW."),
    h("button", { type: "submit", class: "primary", id: "pg-sign" }, "Sign"),
    signOut,
  );
  signForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      const sent = await payload(message.value);
      const { Signature, SigningAlgorithm } = await ctx.kms.sign({
        KeyId: m.KeyId,
        Message: sent,
        MessageType: type.value,
        SigningAlgorithm: algorithm.value,
      });
      result(
        signOut,
        type.value === "DIGEST"
          ? h(
              "p",
              { class: "hint" },
              `Sent the ${hashOf(SigningAlgorithm).name} digest: `,
              h("span", { class: "mono wrap" }, toHex(sent)),
            )
          : null,
        h(
          "p",
          { id: "pg-signature-size" },
          `${SigningAlgorithm} signature: ${Signature.length} bytes (${signatureSize(m.KeySpec)}).`,
        ),
        bytesFields(
          ctx,
          "pg-signature",
          "Signature",
          Signature,
          h(
            "button",
            {
              type: "button",
              class: "small",
              id: "pg-use-signature",
              onClick: () => {
                verifyMessage.value = message.value;
                verifySignature.value = toBase64(Signature);
                verifyMessage.focus();
              },
            },
            "Verify this",
          ),
        ),
      );
    } catch (err) {
      failure(signOut, err);
    }
  });

  const verifyWithKms = async (text, changed) => {
    const note = changed
      ? h("p", null, "Sent the message with one character changed: ", h("q", { class: "mono" }, text))
      : null;
    try {
      const { SignatureValid } = await ctx.kms.verify({
        KeyId: m.KeyId,
        Message: await payload(text),
        MessageType: type.value,
        Signature: fromBase64(verifySignature.value),
        SigningAlgorithm: algorithm.value,
      });
      result(
        verifyOut,
        note,
        h(
          "p",
          { class: "ok-text", id: "pg-signature-valid" },
          `SignatureValid: ${SignatureValid}. This key signed exactly this message.`,
        ),
      );
    } catch (err) {
      result(
        verifyOut,
        note,
        errorLine(err),
        err.name === "KMSInvalidSignatureException"
          ? h(
              "p",
              { class: "hint", id: "pg-signature-invalid" },
              "Verify never answers SignatureValid: false: a signature that does not match the message and the key is an error.",
            )
          : null,
      );
    }
  };
  const verifyInPage = async () => {
    try {
      const publicKey = await publicKeyOf(ctx, m.KeyId);
      const ok = await verifyHere(
        m.KeySpec,
        algorithm.value,
        publicKey,
        utf8(verifyMessage.value),
        fromBase64(verifySignature.value),
      );
      result(
        verifyOut,
        h(
          "p",
          { class: ok ? "ok-text" : ok === false ? "form-error" : "hint", id: "pg-verify-here-result" },
          ok === undefined
            ? `This browser's WebCrypto cannot verify ${algorithm.value} on ${m.KeySpec}. openssl can, with the public key from the Public key tab.`
            : ok
              ? "Valid, checked in this page by WebCrypto with only the public key: no KMS call, no credentials."
              : "Not valid, says WebCrypto with the public key: the message or the signature was changed.",
        ),
      );
    } catch (err) {
      failure(verifyOut, err);
    }
  };
  const verifyForm = h(
    "form",
    null,
    field("Message", verifyMessage),
    field("Signature (base64)", verifySignature, "Paste a signature, or use “Verify this”."),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit", class: "primary", id: "pg-verify" }, "Verify"),
      h(
        "button",
        {
          type: "button",
          id: "pg-verify-tampered",
          onClick: () => verifyWithKms(changeOne(verifyMessage.value), true),
        },
        "Verify a changed message",
      ),
      h("button", { type: "button", id: "pg-verify-here", onClick: verifyInPage }, "Verify here with the public key"),
    ),
    verifyOut,
  );
  verifyForm.addEventListener("submit", (e) => {
    e.preventDefault();
    verifyWithKms(verifyMessage.value, false);
  });

  return [
    h("h2", null, "Try it: sign & verify"),
    stateWarning(m),
    h("div", { class: "row-form" }, field("Signing algorithm", algorithm), field("Message type", type)),
    h("p", { class: "hint" }, typeHint),
    h(
      "div",
      { class: "cards" },
      h("section", { class: "card" }, h("h3", null, "Sign"), signForm),
      h("section", { class: "card" }, h("h3", null, "Verify"), verifyForm),
    ),
    explain(
      "What a signature proves",
      "Only KMS holds the private key, so only KMS can sign; anyone with the public key can verify, without KMS and without AWS credentials. A valid signature proves this key signed exactly this message: change one character and verification fails.",
      "Unlike a MAC, the signature convinces people who cannot use the key: hand them the public key (Public key tab) and they check it themselves, with openssl or WebCrypto.",
    ),
  ];
}

// "Try it" for a signing key (SIGN_VERIFY): pick the algorithm and message type (RAW, or DIGEST
// hashed in the page, where allowed), Sign, show the signature and its length, Verify it with KMS,
// see a changed message refused (KMSInvalidSignatureException), and verify it in the page with
// only the public key (WebCrypto). Depends on ../lib/*, ./playground-parts.js, ./playground-verify.js.

import { explain, field, h } from "../lib/dom.js";
import { fromBase64, toHex } from "../lib/format.js";
import { hashOf, signatureSize } from "../lib/key-specs.js";
import { digestFor, verifyHere } from "../lib/webcrypto.js";
import { bytesFields, failure, publicKeyOf, result, stateWarning, utf8 } from "./playground-parts.js";
import { useSignatureButton, verifyForm } from "./playground-verify.js";

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
  const ids = {
    message: "pg-verify-message",
    signature: "pg-verify-signature",
    out: "pg-verify-out",
    verify: "pg-verify",
    tampered: "pg-verify-tampered",
    valid: "pg-signature-valid",
    invalid: "pg-signature-invalid",
  };
  const request = async (text) => ({
    KeyId: m.KeyId,
    Message: await payload(text),
    MessageType: type.value,
    SigningAlgorithm: algorithm.value,
  });
  // Declared before the form so the in-page check can read the form's fields when clicked.
  let verify;

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
          useSignatureButton("pg-use-signature", verify, message.value, Signature),
        ),
      );
    } catch (err) {
      failure(signOut, err);
    }
  });

  const verifyInPage = async () => {
    try {
      const publicKey = await publicKeyOf(ctx, m.KeyId);
      const ok = await verifyHere(
        m.KeySpec,
        algorithm.value,
        publicKey,
        utf8(verify.message.value),
        fromBase64(verify.signature.value),
      );
      result(
        verify.out,
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
      failure(verify.out, err);
    }
  };
  verify = verifyForm(
    ctx,
    request,
    ids,
    h("button", { type: "button", id: "pg-verify-here", onClick: verifyInPage }, "Verify here with the public key"),
  );

  return [
    h("h2", null, "Try it: sign & verify"),
    stateWarning(m),
    h("div", { class: "row-form" }, field("Signing algorithm", algorithm), field("Message type", type)),
    h("p", { class: "hint" }, typeHint),
    h(
      "div",
      { class: "cards" },
      h("section", { class: "card" }, h("h3", null, "Sign"), signForm),
      h("section", { class: "card" }, h("h3", null, "Verify"), verify.form),
    ),
    explain(
      "What a signature proves",
      "Only KMS holds the private key, so only KMS can sign; anyone with the public key can verify, without KMS and without AWS credentials. A valid signature proves this key signed exactly this message: change one character and verification fails.",
      "Unlike a MAC, the signature convinces people who cannot use the key: hand them the public key (Public key tab) and they check it themselves, with openssl or WebCrypto.",
    ),
  ];
}

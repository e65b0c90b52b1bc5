// "Try it" for an ML-DSA signing key (ML_DSA_44/65/87): Sign a message (RAW, or EXTERNAL_MU with
// μ computed in the page by SHAKE256), show the signature beside an ECDSA P-256 one made by
// WebCrypto, Verify it with KMS, and see a changed message refused.
// Depends on ../lib/*, ./playground-parts.js, ./playground-verify.js.

import { explain, field, h } from "../lib/dom.js";
import { toBase64, toHex } from "../lib/format.js";
import { mlDsaOf, signatureSize } from "../lib/key-specs.js";
import { shake256 } from "../lib/shake.js";
import { ecdsaP256Sample } from "../lib/webcrypto.js";
import { bytesFields, failure, publicKeyOf, result, stateWarning, utf8 } from "./playground-parts.js";
import { useSignatureButton, verifyForm } from "./playground-verify.js";

const ALGORITHM = "ML_DSA_SHAKE_256";
const bytes = (n) => `${n.toLocaleString("en-US")} bytes`;

/**
 * FIPS 204's μ for pure ML-DSA with an empty context: SHAKE256(tr ‖ 0x00 ‖ 0x00 ‖ message, 64)
 * where tr = SHAKE256(raw public key, 64). The raw key is the SPKI's BIT STRING, its last bytes.
 */
export function muOf(spec, spki, message) {
  const tr = shake256([spki.subarray(spki.length - mlDsaOf(spec).publicKey)], 64);
  return shake256([tr, Uint8Array.of(0, 0), message], 64);
}

/** The size comparison: this signature and public key beside an ECDSA P-256 pair's. */
async function compareSizes(ctx, m, message, signature) {
  const ecdsa = await ecdsaP256Sample(message);
  const spki = await publicKeyOf(ctx, m.KeyId);
  const name = mlDsaOf(m.KeySpec).name;
  return [
    h(
      "p",
      { id: "pg-pq-compare" },
      h("strong", null, `${name}: ${bytes(signature.length)} · ECDSA P-256: ${bytes(ecdsa.der.length)}`),
      ` (DER, as KMS returns ECDSA signatures; ${ecdsa.raw.length} bytes as WebCrypto's raw r‖s).`,
    ),
    h(
      "p",
      { class: "hint", id: "pg-pq-compare-keys" },
      `Public keys: ${bytes(spki.length)} for ${name} · ${bytes(ecdsa.spki.length)} for P-256 (DER SubjectPublicKeyInfo). The ECDSA signature was made in this page by a throwaway WebCrypto key, over the same message.`,
    ),
  ];
}

export function renderPqSign(ctx, m) {
  const type = h(
    "select",
    { id: "pg-pq-type" },
    h("option", { value: "RAW" }, "RAW: KMS computes μ from the message"),
    h("option", { value: "EXTERNAL_MU" }, "EXTERNAL_MU: this page computes μ, KMS signs it"),
  );
  /** What KMS is sent for `text`: the message itself, or its 64-byte μ. */
  const payload = async (text) =>
    type.value === "EXTERNAL_MU" ? muOf(m.KeySpec, await publicKeyOf(ctx, m.KeyId), utf8(text)) : utf8(text);

  const message = h("textarea", { id: "pg-pq-message", rows: 3, maxlength: 4096 });
  message.value = "firmware 7.4.1, sha256 2c26b46b68ffc68f";
  const signOut = h("div", { class: "pg-out", id: "pg-pq-sign-out", "aria-live": "polite" });
  const verify = verifyForm(
    ctx,
    async (text) => ({
      KeyId: m.KeyId,
      Message: await payload(text),
      MessageType: type.value,
      SigningAlgorithm: ALGORITHM,
    }),
    {
      message: "pg-pq-verify-message",
      signature: "pg-pq-verify-signature",
      out: "pg-pq-verify-out",
      verify: "pg-pq-verify",
      tampered: "pg-pq-verify-tampered",
      valid: "pg-pq-valid",
      invalid: "pg-pq-invalid",
    },
  );
  /** The last signature made here and its message, to show that signing is deterministic. */
  let last;

  const signForm = h(
    "form",
    null,
    field("Message", message, "At most 4 KB with RAW. With EXTERNAL_MU only its 64-byte μ is sent, whatever its size."),
    h("button", { type: "submit", class: "primary", id: "pg-pq-sign" }, "Sign"),
    signOut,
  );
  signForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      const sent = await payload(message.value);
      const { Signature } = await ctx.kms.sign({
        KeyId: m.KeyId,
        Message: sent,
        MessageType: type.value,
        SigningAlgorithm: ALGORITHM,
      });
      const same = last?.text === message.value && toBase64(last.signature) === toBase64(Signature);
      last = { text: message.value, signature: Signature };
      result(
        signOut,
        type.value === "EXTERNAL_MU"
          ? h(
              "p",
              { class: "hint" },
              "Sent μ = SHAKE256(SHAKE256(public key, 64) ‖ 0x00 ‖ 0x00 ‖ message, 64), computed in this page: ",
              h("span", { class: "mono wrap", id: "pg-pq-mu" }, toHex(sent)),
            )
          : null,
        h(
          "p",
          { id: "pg-pq-signature-size" },
          `${ALGORITHM} signature: ${Signature.length} bytes (${signatureSize(m.KeySpec)}).`,
        ),
        same
          ? h(
              "p",
              { class: "ok-text", id: "pg-pq-same" },
              "The same signature as last time: KMS signs ML-DSA deterministically, and RAW and EXTERNAL_MU sign the same μ.",
            )
          : null,
        await compareSizes(ctx, m, utf8(message.value), Signature),
        bytesFields(
          ctx,
          "pg-pq-signature",
          "Signature",
          Signature,
          useSignatureButton("pg-pq-use-signature", verify, message.value, Signature),
        ),
      );
    } catch (err) {
      failure(signOut, err);
    }
  });

  return [
    h("h2", null, "Try it: sign & verify"),
    stateWarning(m),
    h("div", { class: "row-form" }, field("Message type", type)),
    h(
      "p",
      { class: "hint" },
      "Signing algorithm ",
      h("span", { class: "mono" }, ALGORITHM),
      ", the only one of ML-DSA keys. ML-DSA has no DIGEST message type. Its prehash is μ, a 64-byte SHAKE256 digest bound to the public key: with EXTERNAL_MU a large file can be signed while KMS sees only μ.",
    ),
    h(
      "div",
      { class: "cards" },
      h("section", { class: "card" }, h("h3", null, "Sign"), signForm),
      h("section", { class: "card" }, h("h3", null, "Verify"), verify.form),
    ),
    explain(
      "What an ML-DSA signature proves",
      "The same as any signature: only KMS holds the private key, and anyone with the public key (Public key tab) can check that this key signed exactly this message. What changes is the mathematics, which no known quantum algorithm breaks, and the size: kilobytes where ECDSA needs about 70 bytes.",
      "This browser's WebCrypto has no ML-DSA yet, so the check with the public key alone is left to OpenSSL 3.5 or a post-quantum library; the Public key tab shows the command.",
    ),
  ];
}

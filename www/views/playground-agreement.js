// "Try it" for a key agreement key (KEY_AGREEMENT, ECDH): make a partner's key pair in the page
// (WebCrypto, same curve), DeriveSharedSecret with the partner's public key, derive the partner's
// side in the page from KMS's public key (GetPublicKey), and show both secrets are equal.
// Depends on ../lib/*, ./playground-parts.js.

import { explain, h } from "../lib/dom.js";
import { toHex, toPem } from "../lib/format.js";
import { curveOf } from "../lib/key-specs.js";
import { deriveHere, partnerKeyPair } from "../lib/webcrypto.js";
import { failure, publicKeyOf, result, stateWarning } from "./playground-parts.js";

/** The partner key pair made in this page, per KMS key (its private key never leaves WebCrypto). */
const partners = new Map();

export function renderAgreement(ctx, m) {
  const curve = curveOf(m.KeySpec);
  const partnerOut = h("div", { class: "pg-out", id: "pg-ecdh-partner-out", "aria-live": "polite" });
  const deriveOut = h("div", { class: "pg-out", id: "pg-ecdh-out", "aria-live": "polite" });
  const showPartner = (p) =>
    result(
      partnerOut,
      h(
        "p",
        null,
        `A ${curve.name} key pair made by WebCrypto in this page. Its private key cannot be exported; its public key:`,
      ),
      h("pre", { class: "code pem", id: "pg-ecdh-partner-pem", tabindex: "0" }, toPem(p.spki)),
    );
  const derive = h(
    "button",
    { type: "button", class: "primary", id: "pg-ecdh-derive", disabled: !partners.has(m.KeyId) },
    "Derive the secret on both sides",
  );
  const make = h(
    "button",
    {
      type: "button",
      id: "pg-ecdh-partner",
      onClick: async () => {
        try {
          const p = await partnerKeyPair(m.KeySpec);
          partners.set(m.KeyId, p);
          showPartner(p);
          derive.disabled = false;
          deriveOut.replaceChildren();
        } catch (err) {
          failure(partnerOut, err);
        }
      },
    },
    "Generate a partner key pair",
  );
  derive.addEventListener("click", async () => {
    const p = partners.get(m.KeyId);
    try {
      const { SharedSecret } = await ctx.kms.deriveSharedSecret({
        KeyId: m.KeyId,
        KeyAgreementAlgorithm: "ECDH",
        PublicKey: p.spki,
      });
      const theirs = await deriveHere(m.KeySpec, p.privateKey, await publicKeyOf(ctx, m.KeyId));
      const equal = theirs.length === SharedSecret.length && theirs.every((b, i) => b === SharedSecret[i]);
      result(
        deriveOut,
        h("h4", null, "KMS: DeriveSharedSecret (its private key + the partner's public key)"),
        h("p", { class: "mono wrap", id: "pg-ecdh-kms" }, toHex(SharedSecret)),
        h("h4", null, "The partner, in this page (its private key + KMS's public key from GetPublicKey)"),
        h("p", { class: "mono wrap", id: "pg-ecdh-page" }, toHex(theirs)),
        h(
          "p",
          { class: equal ? "ok-text" : "form-error", id: "pg-ecdh-verdict" },
          equal
            ? `Equal: the same ${SharedSecret.length}-byte secret on both sides.`
            : "Different: the two sides did not agree.",
        ),
      );
    } catch (err) {
      failure(deriveOut, err);
    }
  });
  const p = partners.get(m.KeyId);
  if (p) showPartner(p);

  return [
    h("h2", null, "Try it: key agreement"),
    stateWarning(m),
    h(
      "div",
      { class: "cards" },
      h(
        "section",
        { class: "card" },
        h("h3", null, "1. The partner"),
        h("p", { class: "hint" }, "Someone KMS will agree a secret with: here, this page."),
        make,
        partnerOut,
      ),
      h(
        "section",
        { class: "card" },
        h("h3", null, "2. Both sides derive"),
        h("p", { class: "hint" }, "They exchange only public keys."),
        derive,
        deriveOut,
      ),
    ),
    explain(
      "What key agreement proves",
      "Both sides computed the same secret, yet no private key moved and no secret crossed the wire: KMS combined its private key with the partner's public key, the partner its own private key with KMS's public key. That is ECDH.",
      "DeriveSharedSecret returns the raw secret. Derive keys from it with a key derivation function (such as HKDF) rather than using it as a key directly.",
    ),
  ];
}

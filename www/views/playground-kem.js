// "Try it" for an ML-KEM key (ENCAPSULATE_DECAPSULATE): you encapsulate in the page to the key's
// public key (the package's encapsulateToPublicKey), the key decapsulates with KMS, and both
// secrets are shown equal; a tampered ciphertext shows implicit rejection, a truncated one an
// error; and KMS's own Encapsulate. Depends on ../lib/*, ./playground-parts.js.

import { explain, h } from "../lib/dom.js";
import { toHex } from "../lib/format.js";
import { mlKemOf } from "../lib/key-specs.js";
import { bytesFields, errorLine, failure, publicKeyOf, result, stateWarning } from "./playground-parts.js";

const ALGORITHM = "ML_KEM";
const bytes = (n) => `${n.toLocaleString("en-US")} bytes`;
const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
const secretLine = (id, secret) => h("p", { class: "mono wrap", id }, toHex(secret));

export function renderKem(ctx, m) {
  const kem = mlKemOf(m.KeySpec);
  /** This page's side of the exchange: `{ secret, ciphertext }`, once encapsulated. */
  let mine;
  const youOut = h("div", { class: "pg-out", id: "pg-kem-you-out", "aria-live": "polite" });
  const kmsOut = h("div", { class: "pg-out", id: "pg-kem-kms-out", "aria-live": "polite" });
  const tamperOut = h("div", { class: "pg-out", id: "pg-kem-tamper-out", "aria-live": "polite" });
  const shortOut = h("div", { class: "pg-out", id: "pg-kem-short-out", "aria-live": "polite" });
  const selfOut = h("div", { class: "pg-out", id: "pg-kem-self-out", "aria-live": "polite" });
  const decapsulate = (ciphertext) =>
    ctx.kms.decapsulate({ KeyId: m.KeyId, SharedSecretCiphertextBlob: ciphertext, EncapsulationAlgorithm: ALGORITHM });

  const later = [];
  const step = (id, label, onClick) => {
    const b = h("button", { type: "button", id, disabled: true, onClick }, label);
    later.push(b);
    return b;
  };

  const encapsulate = async () => {
    try {
      const spki = await publicKeyOf(ctx, m.KeyId);
      await ctx.loadExtras(); // encapsulateToPublicKey runs in the extras module
      const out = ctx.encapsulateToPublicKey(m.KeySpec, spki);
      mine = { secret: out.SharedSecret, ciphertext: out.SharedSecretCiphertextBlob };
      result(
        youOut,
        h(
          "p",
          { id: "pg-kem-sizes" },
          `Public key: ${bytes(spki.length)} (GetPublicKey's SubjectPublicKeyInfo; ${bytes(kem.publicKey)} of key) · ciphertext: ${bytes(mine.ciphertext.length)} · shared secret: ${bytes(mine.secret.length)}.`,
        ),
        h("h4", null, "Your shared secret (keep it; never send it)"),
        secretLine("pg-kem-your-secret", mine.secret),
        h("h4", null, "The ciphertext (send it to the key's owner)"),
        bytesFields(ctx, "pg-kem-ciphertext", "Ciphertext", mine.ciphertext),
      );
      for (const b of later) b.disabled = false;
      for (const out of [kmsOut, tamperOut, shortOut]) out.replaceChildren();
    } catch (err) {
      failure(youOut, err);
    }
  };

  const decapsulateMine = async () => {
    try {
      const { SharedSecret } = await decapsulate(mine.ciphertext);
      const equal = same(SharedSecret, mine.secret);
      result(
        kmsOut,
        h("h4", null, "KMS: Decapsulate (its private key + your ciphertext)"),
        secretLine("pg-kem-kms-secret", SharedSecret),
        h(
          "p",
          { class: equal ? "ok-text" : "form-error", id: "pg-kem-verdict" },
          equal
            ? `Equal: you and the key hold the same ${SharedSecret.length}-byte secret, and only the ciphertext crossed the wire.`
            : "Different: the two sides did not agree.",
        ),
      );
    } catch (err) {
      failure(kmsOut, err, "Decapsulate");
    }
  };

  const tamper = async () => {
    const changed = mine.ciphertext.slice();
    const at = changed.length >> 1;
    changed[at] ^= 0x01;
    try {
      const { SharedSecret } = await decapsulate(changed);
      const equal = same(SharedSecret, mine.secret);
      result(
        tamperOut,
        h(
          "p",
          null,
          `Sent your ciphertext with one bit of byte ${at} flipped. Decapsulate answered, without an error:`,
        ),
        secretLine("pg-kem-tampered-secret", SharedSecret),
        h(
          "p",
          { class: equal ? "form-error" : "ok-text", id: "pg-kem-tamper-verdict" },
          equal
            ? "The same secret as yours: the change was not noticed."
            : "A different secret from yours: implicit rejection. ML-KEM answers a forged ciphertext with a pseudorandom secret rather than an error, so an attacker learns nothing from the answer; the mismatch shows up only when the two sides' keys fail to work together.",
        ),
      );
    } catch (err) {
      failure(tamperOut, err);
    }
  };

  const truncate = async () => {
    try {
      await decapsulate(mine.ciphertext.subarray(0, mine.ciphertext.length - 1));
      result(shortOut, h("p", { class: "form-error" }, "Decapsulate accepted a truncated ciphertext."));
    } catch (err) {
      result(
        shortOut,
        h("p", null, `Sent your ciphertext one byte short (${bytes(mine.ciphertext.length - 1)}):`),
        errorLine(err),
        h(
          "p",
          { class: "hint", id: "pg-kem-truncated" },
          `A wrong length is refused outright: every ${kem.name} ciphertext is ${bytes(kem.ciphertext)}, so saying so reveals nothing.`,
        ),
      );
    }
  };

  const kmsEncapsulates = async () => {
    try {
      const out = await ctx.kms.encapsulate({ KeyId: m.KeyId, EncapsulationAlgorithm: ALGORITHM });
      const back = await decapsulate(out.SharedSecretCiphertextBlob);
      result(
        selfOut,
        h("h4", null, `Encapsulate: a secret, and a ciphertext of ${bytes(out.SharedSecretCiphertextBlob.length)}`),
        secretLine("pg-kem-self-secret", out.SharedSecret),
        h("h4", null, "Decapsulate of that ciphertext"),
        secretLine("pg-kem-self-back", back.SharedSecret),
        h(
          "p",
          { class: same(back.SharedSecret, out.SharedSecret) ? "ok-text" : "form-error", id: "pg-kem-self-verdict" },
          same(back.SharedSecret, out.SharedSecret) ? "Equal." : "Different.",
        ),
      );
    } catch (err) {
      failure(selfOut, err);
    }
  };

  return [
    h("h2", null, "Try it: encapsulate & decapsulate"),
    stateWarning(m),
    h(
      "div",
      { class: "cards" },
      h(
        "section",
        { class: "card" },
        h("h3", null, "1. You encapsulate"),
        h(
          "p",
          { class: "hint" },
          "With only the key's public key, this page makes a fresh random secret and a ciphertext that carries it: no KMS call, no credentials.",
        ),
        h(
          "button",
          { type: "button", class: "primary", id: "pg-kem-encapsulate", onClick: encapsulate },
          "Encapsulate to the public key",
        ),
        youOut,
      ),
      h(
        "section",
        { class: "card" },
        h("h3", null, "2. The key decapsulates"),
        h("p", { class: "hint" }, "Only KMS, with the private key, turns the ciphertext back into the secret."),
        h(
          "div",
          { class: "actions" },
          step("pg-kem-decapsulate", "Decapsulate with KMS", decapsulateMine),
          step("pg-kem-tamper", "Tamper with the ciphertext", tamper),
          step("pg-kem-truncate", "Send it one byte short", truncate),
        ),
        kmsOut,
        tamperOut,
        shortOut,
      ),
      h(
        "section",
        { class: "card" },
        h("h3", null, "KMS encapsulates"),
        h(
          "p",
          { class: "hint" },
          "Encapsulate does step 1 inside KMS, for a caller with access to the key who would rather not handle its public key. The ciphertext can be stored and decapsulated later.",
        ),
        h("button", { type: "button", id: "pg-kem-kms-encapsulate", onClick: kmsEncapsulates }, "Encapsulate with KMS"),
        selfOut,
      ),
    ),
    explain(
      "What key encapsulation proves",
      "A key encapsulation mechanism is post-quantum key exchange: instead of both sides mixing key pairs (ECDH), one side uses the other's public key to make a fresh secret and a ciphertext, and only the private key recovers that secret from the ciphertext. You and the key now share 32 bytes nobody else saw.",
      "Use the shared secret as input to a key derivation function (such as HKDF) for the keys you encrypt with, not as a key directly.",
    ),
  ];
}

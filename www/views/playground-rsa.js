// "Try it" for an RSA encryption key (ENCRYPT_DECRYPT): pick RSAES_OAEP_SHA_256 or _SHA_1, see
// the plaintext limit (modulus − 2 × hash − 2 bytes), Encrypt with KMS or in the page with only
// the public key (WebCrypto RSA-OAEP), and Decrypt with KMS, which alone holds the private key.
// Depends on ../lib/*, ./playground-parts.js.

import { explain, field, h } from "../lib/dom.js";
import { fromBase64, toBase64 } from "../lib/format.js";
import { hashOf, modulusBytes, oaepLimit } from "../lib/key-specs.js";
import { encryptHere } from "../lib/webcrypto.js";
import { failure, publicKeyOf, result, stateWarning, utf8 } from "./playground-parts.js";

export function renderRsa(ctx, m) {
  const algs = m.EncryptionAlgorithms ?? [];
  const algorithm = h(
    "select",
    { id: "pg-rsa-alg" },
    algs.map((a) => h("option", { value: a, selected: a === "RSAES_OAEP_SHA_256" }, a)),
  );
  const limit = h("p", { class: "hint", id: "pg-rsa-limit" });
  const text = h("textarea", { id: "pg-rsa-plaintext", rows: 3 });
  text.value = "the database password";
  const count = h("span", { id: "pg-rsa-count" });
  const sync = () => {
    const max = oaepLimit(m.KeySpec, algorithm.value);
    const hash = hashOf(algorithm.value).bytes;
    limit.textContent = `${m.KeySpec} with ${algorithm.value} encrypts at most ${max} bytes: the ${modulusBytes(m.KeySpec)}-byte modulus, minus twice the ${hash}-byte hash, minus 2 (OAEP padding).`;
    const n = utf8(text.value).length;
    count.textContent = `${n} of ${max} bytes`;
    count.className = n > max ? "form-error" : "hint";
  };
  algorithm.addEventListener("change", sync);
  text.addEventListener("input", sync);
  sync();

  const encOut = h("div", { class: "pg-out", id: "pg-rsa-encrypt-out", "aria-live": "polite" });
  const input = h("textarea", { id: "pg-rsa-decrypt-input", rows: 4, class: "code", spellcheck: "false" });
  const decOut = h("div", { class: "pg-out", id: "pg-rsa-decrypt-out", "aria-live": "polite" });

  const show = (ciphertext, where) => {
    const b64 = toBase64(ciphertext);
    result(
      encOut,
      h(
        "p",
        null,
        `${where}: ${ciphertext.length} bytes, as long as the modulus whatever the plaintext (base64 below).`,
      ),
      h(
        "textarea",
        { class: "code", readonly: true, rows: 4, id: "pg-rsa-ciphertext", "aria-label": "Ciphertext (base64)" },
        b64,
      ),
      h(
        "button",
        {
          type: "button",
          class: "small",
          id: "pg-rsa-use",
          onClick: () => {
            input.value = b64;
            input.focus();
          },
        },
        "Decrypt this",
      ),
    );
  };
  const encForm = h(
    "form",
    null,
    field("Plaintext", text),
    h("p", null, count),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit", class: "primary", id: "pg-rsa-encrypt" }, "Encrypt with KMS"),
      h(
        "button",
        {
          type: "button",
          id: "pg-rsa-encrypt-here",
          onClick: async () => {
            try {
              const publicKey = await publicKeyOf(ctx, m.KeyId);
              show(
                await encryptHere(publicKey, algorithm.value, utf8(text.value)),
                "Encrypted in this page by WebCrypto with the public key",
              );
            } catch (err) {
              failure(encOut, err);
            }
          },
        },
        "Encrypt here with the public key",
      ),
    ),
    encOut,
  );
  encForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      const { CiphertextBlob, EncryptionAlgorithm } = await ctx.kms.encrypt({
        KeyId: m.KeyId,
        Plaintext: utf8(text.value),
        EncryptionAlgorithm: algorithm.value,
      });
      show(CiphertextBlob, `Encrypted by KMS with ${EncryptionAlgorithm}`);
    } catch (err) {
      failure(encOut, err);
    }
  });

  const decForm = h(
    "form",
    null,
    field(
      "Ciphertext (base64)",
      input,
      "An RSA ciphertext does not name its key: Decrypt needs the key id and the algorithm.",
    ),
    h("button", { type: "submit", class: "primary", id: "pg-rsa-decrypt" }, "Decrypt with KMS"),
    decOut,
  );
  decForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      const { Plaintext } = await ctx.kms.decrypt({
        KeyId: m.KeyId,
        CiphertextBlob: fromBase64(input.value),
        EncryptionAlgorithm: algorithm.value,
      });
      result(
        decOut,
        h("p", null, `Decrypted by KMS with the private key (${algorithm.value}):`),
        h("p", { class: "plaintext", id: "pg-rsa-decrypted" }, new TextDecoder().decode(Plaintext)),
      );
    } catch (err) {
      failure(decOut, err, "Decrypt (asymmetric)");
    }
  });

  return [
    h("h2", null, "Try it: encrypt & decrypt"),
    stateWarning(m),
    h("div", { class: "row-form" }, field("Encryption algorithm", algorithm)),
    limit,
    h(
      "div",
      { class: "cards" },
      h("section", { class: "card" }, h("h3", null, "Encrypt"), encForm),
      h("section", { class: "card" }, h("h3", null, "Decrypt"), decForm),
    ),
    explain(
      "What an RSA key pair proves",
      "Anyone with the public key can encrypt, in this page, with openssl, anywhere, without KMS; only KMS, which never lets the private key out, can decrypt. Both buttons above give ciphertexts KMS decrypts.",
      "RSA encrypts only small secrets and takes no encryption context. For data, use a symmetric key and data keys (or a data key pair).",
    ),
  ];
}

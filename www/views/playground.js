// The "Try it" tab of a key. For a symmetric encryption key: Encrypt text, Decrypt a ciphertext
// (base64), and GenerateDataKey, each with an encryption context, showing exactly what comes
// back and the AWS error when a call fails (a wrong context, a disabled key, a key pending
// deletion). Other usages, and ML-DSA keys, have their own modules. Depends on ../lib/*, ./playground-*.js.

import { explain, field, h } from "../lib/dom.js";
import { fromBase64, parseContext, toBase64 } from "../lib/format.js";
import { isPostQuantum } from "../lib/key-specs.js";
import { renderAgreement } from "./playground-agreement.js";
import { renderKem } from "./playground-kem.js";
import { renderMac } from "./playground-mac.js";
import { failure, result, stateWarning } from "./playground-parts.js";
import { renderPqSign } from "./playground-pq-sign.js";
import { renderRsa } from "./playground-rsa.js";
import { renderSign } from "./playground-sign.js";

/**
 * The last ciphertext made here and the encryption context it was made with (as typed), handed
 * from Encrypt to Decrypt together: Decrypt needs exactly that context, so one without the other
 * would fail.
 */
let last = { ciphertext: "", context: "" };

function contextField(id, value = "") {
  const area = h("textarea", {
    id,
    rows: 2,
    class: "code",
    placeholder: "tenant=acme\npurpose=demo",
    spellcheck: "false",
  });
  area.value = value;
  return field(
    "Encryption context (optional)",
    area,
    "One key=value pair per line. Decrypt must be given exactly the same pairs.",
  );
}

function encryptCard(ctx, m) {
  const text = h("textarea", { id: "pg-plaintext", rows: 3, maxlength: 4096 }, "");
  text.value = "card 4111 1111 1111 1111";
  const out = h("div", { class: "pg-out", id: "pg-encrypt-out", "aria-live": "polite" });
  const form = h(
    "form",
    null,
    field("Plaintext", text, "At most 4 KB: KMS encrypts small secrets; for data, use a data key."),
    contextField("pg-enc-context"),
    h("button", { type: "submit", class: "primary", id: "pg-encrypt" }, "Encrypt"),
    out,
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      const contextText = form.querySelector("#pg-enc-context").value;
      const { CiphertextBlob, KeyId } = await ctx.kms.encrypt({
        KeyId: m.KeyId,
        Plaintext: new TextEncoder().encode(text.value),
        EncryptionContext: parseContext(contextText),
      });
      last = { ciphertext: toBase64(CiphertextBlob), context: contextText };
      result(
        out,
        h("p", null, `Encrypted with ${KeyId.split("/").pop()}: ${CiphertextBlob.length} bytes (base64 below).`),
        h(
          "textarea",
          { class: "code", readonly: true, rows: 3, id: "pg-ciphertext", "aria-label": "Ciphertext (base64)" },
          last.ciphertext,
        ),
        h(
          "button",
          {
            type: "button",
            class: "small",
            id: "pg-use-ciphertext",
            onClick: () => {
              const input = document.getElementById("pg-decrypt-input");
              input.value = last.ciphertext;
              document.getElementById("pg-dec-context").value = last.context;
              input.focus();
            },
          },
          "Decrypt this",
        ),
        last.context.trim()
          ? h("p", { class: "hint" }, "“Decrypt this” copies the encryption context too: Decrypt needs the same pairs.")
          : null,
      );
    } catch (err) {
      failure(out, err, "Encrypt");
    }
  });
  return h("section", { class: "card" }, h("h3", null, "Encrypt"), form);
}

function decryptCard(ctx) {
  const input = h("textarea", { id: "pg-decrypt-input", rows: 3, class: "code", spellcheck: "false" });
  input.value = last.ciphertext;
  const out = h("div", { class: "pg-out", id: "pg-decrypt-out", "aria-live": "polite" });
  const form = h(
    "form",
    null,
    field("Ciphertext (base64)", input, "The ciphertext names its key: Decrypt needs no key id."),
    contextField("pg-dec-context", last.ciphertext ? last.context : ""),
    h("button", { type: "submit", class: "primary", id: "pg-decrypt" }, "Decrypt"),
    out,
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      const { Plaintext, KeyId } = await ctx.kms.decrypt({
        CiphertextBlob: fromBase64(input.value),
        EncryptionContext: parseContext(form.querySelector("#pg-dec-context").value),
      });
      result(
        out,
        h("p", null, `Decrypted with ${KeyId.split("/").pop()}:`),
        h("p", { class: "plaintext", id: "pg-decrypted" }, new TextDecoder().decode(Plaintext)),
      );
    } catch (err) {
      failure(out, err, "Decrypt");
    }
  });
  return h("section", { class: "card" }, h("h3", null, "Decrypt"), form);
}

function dataKeyCard(ctx, m) {
  const spec = h(
    "select",
    { id: "pg-dk-spec" },
    h("option", { value: "AES_256" }, "AES_256"),
    h("option", { value: "AES_128" }, "AES_128"),
  );
  const out = h("div", { class: "pg-out", id: "pg-datakey-out", "aria-live": "polite" });
  const form = h(
    "form",
    null,
    field("Data key spec", spec),
    contextField("pg-dk-context"),
    h("button", { type: "submit", class: "primary", id: "pg-datakey" }, "Generate data key"),
    out,
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      const { Plaintext, CiphertextBlob } = await ctx.kms.generateDataKey({
        KeyId: m.KeyId,
        KeySpec: spec.value,
        EncryptionContext: parseContext(form.querySelector("#pg-dk-context").value),
      });
      result(
        out,
        field(
          "Plaintext data key (use it, then forget it)",
          h("input", { class: "code", readonly: true, value: toBase64(Plaintext), id: "pg-dk-plain" }),
        ),
        field(
          "Encrypted data key (store it beside your data)",
          h("textarea", { class: "code", readonly: true, rows: 3, id: "pg-dk-cipher" }, toBase64(CiphertextBlob)),
        ),
        h(
          "p",
          { class: "hint" },
          "To read the data later, Decrypt the encrypted data key (paste it above) and use the plaintext key it returns.",
        ),
      );
    } catch (err) {
      failure(out, err, "GenerateDataKey");
    }
  });
  return h("section", { class: "card" }, h("h3", null, "Generate data key"), form);
}

/** The tab's name for this key: what it lets you try. */
export function playgroundTitle(m) {
  if (m.KeyUsage === "GENERATE_VERIFY_MAC") return "Try it: generate & verify MAC";
  if (m.KeyUsage === "SIGN_VERIFY") return "Try it: sign & verify";
  if (m.KeyUsage === "KEY_AGREEMENT") return "Try it: key agreement";
  if (m.KeyUsage === "ENCAPSULATE_DECAPSULATE") return "Try it: encapsulate & decapsulate";
  return "Try it: encrypt & decrypt";
}

export async function renderPlayground(ctx, m) {
  if (m.KeyUsage === "GENERATE_VERIFY_MAC") return renderMac(ctx, m);
  if (m.KeyUsage === "SIGN_VERIFY") return isPostQuantum(m.KeySpec) ? renderPqSign(ctx, m) : renderSign(ctx, m);
  if (m.KeyUsage === "KEY_AGREEMENT") return renderAgreement(ctx, m);
  if (m.KeyUsage === "ENCAPSULATE_DECAPSULATE") return renderKem(ctx, m);
  if (m.KeySpec !== "SYMMETRIC_DEFAULT") return renderRsa(ctx, m);
  return [
    h("h2", null, playgroundTitle(m)),
    stateWarning(m),
    h("div", { class: "cards" }, encryptCard(ctx, m), decryptCard(ctx), dataKeyCard(ctx, m)),
    explain(
      "Envelope encryption",
      "KMS encrypts at most 4 KB. For real data you ask for a data key: KMS returns it twice, in plaintext and encrypted under your KMS key. You encrypt the data locally with the plaintext key, throw that away, and store the encrypted copy with the data.",
      "The encryption context is not secret but is bound to the ciphertext: decrypting with a different context fails, and it appears in the audit log, which tells you what a key was used for.",
    ),
  ];
}

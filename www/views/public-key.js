// A key pair's "Public key" section (RSA, ECC, Ed25519, ML-DSA, ML-KEM): GetPublicKey's DER
// SubjectPublicKeyInfo as PEM text, with Copy and "Download PEM", what it is for, and the openssl
// command that uses it outside KMS. Depends on ../lib/dom.js, ../lib/files.js, ../lib/format.js and ../lib/key-specs.js.

import { explain, h } from "../lib/dom.js";
import { copyText, download } from "../lib/files.js";
import { toPem } from "../lib/format.js";
import { hashOf, USAGE_LABEL } from "../lib/key-specs.js";

const row = (k, ...v) => [h("dt", null, k), h("dd", null, ...v)];

/** How to use the downloaded PEM file with openssl, per key usage and spec. */
function opensslUse(m) {
  if (m.KeyUsage === "ENCAPSULATE_DECAPSULATE")
    return [
      "# Your side of ML-KEM (OpenSSL 3.5 or later): a fresh shared secret and its ciphertext;",
      "# send ciphertext.bin to whoever calls Decapsulate with this key.",
      `openssl pkeyutl -encap -pubin -inkey "$PEM" -out ciphertext.bin -secret shared-secret.bin`,
    ];
  if (m.KeySpec.startsWith("ML_DSA_"))
    return [
      "# Verify an ML_DSA_SHAKE_256 signature of a RAW message (OpenSSL 3.5 or later).",
      `openssl pkeyutl -verify -pubin -inkey "$PEM" -rawin -in message.txt -sigfile signature.bin`,
    ];
  if (m.KeyUsage === "ENCRYPT_DECRYPT")
    return [
      "# Encrypt (at most the OAEP limit; Try it shows it); only KMS can decrypt.",
      `openssl pkeyutl -encrypt -pubin -inkey "$PEM" -in plaintext.txt -out ciphertext.bin \\`,
      "  -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha256 -pkeyopt rsa_mgf1_md:sha256",
    ];
  if (m.KeyUsage === "KEY_AGREEMENT")
    return [
      "# Your side of ECDH: your private key (same curve) with KMS's public key.",
      `openssl pkeyutl -derive -inkey my-private-key.pem -peerkey "$PEM" -out shared-secret.bin`,
    ];
  if (m.KeySpec === "ECC_NIST_EDWARDS25519")
    return [
      "# Verify an ED25519_SHA_512 signature (signature.bin: the raw 64 bytes).",
      `openssl pkeyutl -verify -pubin -inkey "$PEM" -rawin -in message.txt -sigfile signature.bin`,
    ];
  const pss = m.KeySpec.startsWith("RSA_")
    ? ["# For RSASSA_PSS_SHA_256, add before message.txt: -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32"]
    : [];
  const algorithm = m.SigningAlgorithms?.[0] ?? "ECDSA_SHA_256";
  const md = hashOf(algorithm).name.replace("-", "").toLowerCase();
  return [
    `# Verify an ${algorithm} signature of message.txt (signature.bin: the bytes Sign returned).`,
    `openssl dgst -${md} -verify "$PEM" -signature signature.bin message.txt`,
    ...pss,
  ];
}

const NOT_NOW = {
  Disabled: "The key is disabled: GetPublicKey fails with DisabledException until it is enabled again.",
  PendingDeletion:
    "The key is pending deletion: GetPublicKey fails with KMSInvalidStateException, and every attempt raises the alarm. Cancel the deletion to read it again; copies already handed out keep working.",
  PendingImport: "The key has no key material yet: import it first.",
};

export async function renderPublicKey(ctx, m) {
  if (NOT_NOW[m.KeyState])
    return [
      h("h2", null, "Public key"),
      h("p", { class: "hint warn", id: "public-key-unavailable" }, NOT_NOW[m.KeyState]),
    ];
  let answer;
  try {
    answer = await ctx.kms.getPublicKey({ KeyId: m.KeyId });
  } catch (e) {
    return [
      h("h2", null, "Public key"),
      h(
        "p",
        { class: "form-error", id: "public-key-error" },
        h("strong", null, e.name),
        `: ${e.message || "(no message)"}`,
      ),
      h("p", { class: "hint" }, "GetPublicKey needs a usable key: enabled, with its key material."),
    ];
  }
  const pem = toPem(answer.PublicKey);
  const file = `public-key-${m.KeyId}.pem`;
  const algorithms =
    answer.SigningAlgorithms ??
    answer.EncryptionAlgorithms ??
    answer.KeyAgreementAlgorithms ??
    answer.EncapsulationAlgorithms ??
    [];
  return [
    h("h2", null, "Public key"),
    h(
      "dl",
      { class: "summary" },
      row("Key spec", h("span", { class: "mono" }, answer.KeySpec)),
      row("Key usage", USAGE_LABEL[answer.KeyUsage] ?? answer.KeyUsage),
      row("Algorithms", h("span", { class: "mono wrap" }, algorithms.join(", "))),
      row("Format", `DER SubjectPublicKeyInfo (${answer.PublicKey.length} bytes), shown as PEM`),
    ),
    h("pre", { class: "code pem", id: "public-key-pem", tabindex: "0", "aria-label": "Public key (PEM)" }, pem),
    h(
      "div",
      { class: "actions" },
      h(
        "button",
        {
          type: "button",
          id: "public-key-copy",
          onClick: async () =>
            (await copyText(pem))
              ? ctx.notify("Public key copied.")
              : ctx.notify("This page may not use the clipboard: select the PEM text and copy it.", "error"),
        },
        "Copy",
      ),
      h(
        "button",
        {
          type: "button",
          class: "primary",
          id: "public-key-download",
          onClick: () => download(file, pem, "application/x-pem-file"),
        },
        "Download PEM",
      ),
    ),
    explain(
      "The public key is not secret",
      "Share it with anyone. It lets them do the public half of the key's job without KMS and without AWS credentials: verify signatures, encrypt for this key, agree a secret with it or encapsulate one to it. The private key never leaves KMS, so signing, decrypting, deriving and decapsulating on KMS's side always go through it.",
      h(
        "pre",
        { class: "code", id: "public-key-openssl", tabindex: "0" },
        [`PEM=${file}`, ...opensslUse(m)].join("\n"),
      ),
    ),
  ];
}

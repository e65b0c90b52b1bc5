// The create wizard's first step, "Configure key": Key type, Key usage and Key spec (only the
// choices valid together, each with a one-line hint), Regionality (./regions.js) and, under the
// advanced options, the key material origin: External is explained, must be acknowledged, and is
// offered for symmetric and HMAC keys only. Post-quantum keys come with what post-quantum means.
// Depends on ../lib/dom.js, ../lib/key-specs.js, ./common.js and ./regions.js.

import { explain, fill, h } from "../lib/dom.js";
import { isPair, isPostQuantum, specsFor, USAGE_LABEL, USAGES, WIZARD_TYPE_LABEL } from "../lib/key-specs.js";
import { WHY } from "./common.js";
import { multiRegionChoice } from "./regions.js";

const TYPE_HINT = {
  SYMMETRIC: "A single key that encrypts and decrypts, or makes and checks MACs. It never leaves KMS unencrypted.",
  ASYMMETRIC:
    "A key pair: KMS keeps the private key and never lets it out; the public key can be downloaded and used anywhere.",
  POST_QUANTUM:
    "A key pair whose algorithm is built to withstand quantum computers: ML-DSA signatures or ML-KEM key encapsulation.",
};

/** What post-quantum means and why AWS added these keys, beside the post-quantum specs. */
function postQuantumExplain() {
  return h(
    "aside",
    { class: "explain", id: "pq-explain", role: "note" },
    h("strong", null, "What post-quantum means"),
    h(
      "p",
      null,
      "RSA and elliptic-curve keys are safe because factoring and discrete logarithms are hard for today's computers; a large quantum computer running Shor's algorithm would solve both quickly, forging signatures and recovering the secrets of key exchanges. None exists yet, but an attacker can record encrypted traffic now and decrypt it once one does (“harvest now, decrypt later”). Post-quantum algorithms rest on lattice problems no known quantum algorithm solves, and NIST standardised two in August 2024: ML-DSA for signatures (FIPS 204) and ML-KEM for key encapsulation (FIPS 203). AWS KMS added ML-DSA signing keys in 2025 and ML-KEM key encapsulation in 2026 so that customers can start migrating their signatures and key exchanges before such a computer arrives. The cost is size: public keys, signatures and ciphertexts of kilobytes rather than tens of bytes.",
    ),
  );
}

/** A draft's usage and spec made valid again for its key type (after the type or usage changed). */
export function settle(draft) {
  const usages = USAGES[draft.type];
  if (!usages.some(([u]) => u === draft.usage)) draft.usage = usages[0][0];
  const specs = specsFor(draft.type, draft.usage);
  if (!specs.some(([s]) => s === draft.spec)) draft.spec = specs[0][0];
  if (isPair(draft.spec)) draft.origin = "AWS_KMS";
}

function choice(name, value, id, label, hint, checked, onChange) {
  return h(
    "label",
    { class: "choice" },
    h("input", { type: "radio", name, value, id, checked, onChange }),
    h("span", null, h("strong", null, label), hint ? h("span", { class: "hint" }, hint) : null),
  );
}

export function configure(draft) {
  const usageSlot = h("div");
  const specSlot = h("div");
  const kms = h("input", { type: "radio", name: "origin", value: "AWS_KMS", id: "origin-AWS_KMS" });
  const external = h("input", { type: "radio", name: "origin", value: "EXTERNAL", id: "origin-EXTERNAL" });
  for (const input of [kms, external]) input.addEventListener("change", () => (draft.origin = input.value));
  const pairNote = h(
    "p",
    { class: "hint warn", id: "external-pairs-note" },
    "External is for symmetric and HMAC keys in this console: its import steps wrap secret key material only. The engine also imports RSA, ECC and Ed25519 private keys (PKCS#8, wrapped with RSA_AES_KEY_WRAP_SHA_*); use the package's API and `kms-wasm wrap` for those (see docs/import.md).",
  );
  const pqNote = h(
    "p",
    { class: "hint warn", id: "external-pq-note" },
    "ML-DSA and ML-KEM keys cannot be imported: KMS always generates their key material, and CreateKey with Origin EXTERNAL answers UnsupportedOperationException.",
  );
  const originState = () => {
    const pair = isPair(draft.spec);
    const pq = isPostQuantum(draft.spec);
    external.disabled = pair;
    pairNote.hidden = !pair || pq;
    pqNote.hidden = !pq;
    kms.checked = draft.origin === "AWS_KMS";
    external.checked = draft.origin === "EXTERNAL";
  };
  const paintSpecs = () => {
    settle(draft);
    fill(
      specSlot,
      h(
        "fieldset",
        { id: "key-spec" },
        h("legend", null, "Key spec"),
        specsFor(draft.type, draft.usage).map(([spec, hint]) =>
          choice("spec", spec, `spec-${spec}`, spec, hint, draft.spec === spec, () => {
            draft.spec = spec;
            settle(draft);
            originState();
          }),
        ),
      ),
      draft.type === "POST_QUANTUM" ? postQuantumExplain() : null,
    );
    originState();
  };
  const paintUsages = () => {
    settle(draft);
    fill(
      usageSlot,
      h(
        "fieldset",
        { id: "key-usage" },
        h("legend", null, "Key usage"),
        USAGES[draft.type].map(([usage, short, hint]) =>
          choice("usage", usage, `usage-${short}`, USAGE_LABEL[usage], hint, draft.usage === usage, () => {
            draft.usage = usage;
            paintSpecs();
          }),
        ),
      ),
    );
    paintSpecs();
  };
  const ack = h("input", {
    type: "checkbox",
    id: "external-ack",
    checked: draft.understood,
    onChange: (e) => (draft.understood = e.target.checked),
  });
  const types = h(
    "fieldset",
    { id: "key-type" },
    h("legend", null, "Key type"),
    Object.entries(WIZARD_TYPE_LABEL).map(([type, label]) =>
      choice(
        "type",
        type,
        `type-${type.toLowerCase().replace("_", "-")}`,
        label,
        TYPE_HINT[type],
        draft.type === type,
        () => {
          draft.type = type;
          paintUsages();
        },
      ),
    ),
  );
  paintUsages();
  return [
    types,
    usageSlot,
    specSlot,
    multiRegionChoice(draft),
    h(
      "details",
      { class: "advanced", open: draft.origin === "EXTERNAL" || undefined },
      h("summary", null, "Advanced options"),
      h(
        "fieldset",
        null,
        h("legend", null, "Key material origin"),
        originChoice(kms, "KMS (recommended)", "KMS generates the key material and never lets it leave."),
        originChoice(external, "External (Import key material)", "You generate the material yourself and import it."),
        pairNote,
        pqNote,
      ),
      explain("What External means", ...WHY.imported),
      h(
        "p",
        { class: "check" },
        ack,
        " ",
        h(
          "label",
          { for: "external-ack" },
          "I understand the security, availability and durability implications of using an imported key (needed for External).",
        ),
      ),
    ),
  ];
}

function originChoice(input, label, hint) {
  return h(
    "label",
    { class: "choice" },
    input,
    h("span", null, h("strong", null, label), h("span", { class: "hint" }, hint)),
  );
}

// Step 3 of importing key material on the key page: choose (or take from step 2) the encrypted
// material and the import token, pick the expiry and, for a working key, the import type (new
// material, for a rotation, only for symmetric encryption keys), then ImportKeyMaterial; a
// refusal is shown beside the step. `staged` keeps those files per key between redraws.
// Depends on ../lib/dom.js, ../lib/files.js, ../lib/limits.js and ./playground-parts.js.

import { h } from "../lib/dom.js";
import { readBytes } from "../lib/files.js";
import { DAY_MS } from "../lib/limits.js";
import { errorHint, errorLine } from "./playground-parts.js";

/** The files chosen or made for step 3, per key: `{ material, token }`, each `{ bytes, from }`. */
export const staged = new Map();
/** When each key's last import from this page succeeded (the material tab's summary). */
export const justImported = new Map();
/** The last refusal of step 3 per key, kept until the next try so a redraw does not lose it. */
const refused = new Map();

/**
 * Whether new material (a rotation) may be offered: a working symmetric encryption key (HMAC keys
 * never rotate). A key pending import must first get its own material back.
 */
export const canImportNew = (m) =>
  Boolean(m.CurrentKeyMaterialId) && m.KeySpec === "SYMMETRIC_DEFAULT" && m.KeyState !== "PendingImport";

/** A refusal of step 3: the AWS error and its usual cause, or the console's own check. */
function problem(err) {
  if (!err) return null;
  const inner =
    err.name === "Error"
      ? h("p", { class: "form-error", role: "alert" }, err.message)
      : [errorLine(err), errorHint(err, "ImportKeyMaterial")];
  return h("div", { class: "step-error", id: "import-error" }, inner);
}

export function stepUpload(ctx, m, redraw) {
  const s = staged.get(m.KeyId) ?? {};
  const slot = (kind, label, name) => {
    const input = h("input", {
      type: "file",
      id: `upload-${kind}`,
      class: "visually-hidden",
      tabindex: "-1",
      "aria-label": label,
    });
    input.addEventListener("change", async () => {
      const bytes = await readBytes(input);
      const cur = staged.get(m.KeyId) ?? {};
      staged.set(m.KeyId, { ...cur, [kind]: bytes ? { bytes, from: input.files[0].name } : undefined });
      refused.delete(m.KeyId);
      redraw();
    });
    const chosen = s[kind];
    return h(
      "div",
      { class: "field file-slot" },
      h("span", { class: "label" }, label),
      input,
      h(
        "div",
        { class: "file-row" },
        h(
          "button",
          { type: "button", id: `choose-${kind}`, onClick: () => input.click() },
          chosen ? "Choose another file…" : `Choose ${name}…`,
        ),
        h(
          "span",
          { class: chosen ? "chip ok" : "chip", id: `staged-${kind}` },
          chosen ? `Ready: ${chosen.bytes.length} bytes (${chosen.from})` : "No file yet",
        ),
      ),
    );
  };
  const hasMaterial = Boolean(m.CurrentKeyMaterialId);
  const canRotate = canImportNew(m);
  const expires = h("input", {
    type: "datetime-local",
    id: "material-valid-to",
    step: "60",
    // Named by the visible words of the choice it belongs to, "Key material expires on (UTC)…".
    "aria-labelledby": "expiry-expires-text",
    value: new Date(ctx.now().getTime() + 30 * DAY_MS).toISOString().slice(0, 16),
  });
  const model = (value, label, checked) =>
    h(
      "label",
      { class: "choice" },
      h("input", { type: "radio", name: "expiry", value, id: `expiry-${value}`, checked }),
      h("span", { id: `expiry-${value}-text` }, label),
    );
  const type = (value, label, checked) =>
    h(
      "label",
      { class: "choice" },
      h("input", { type: "radio", name: "import-type", value, id: `import-type-${value}`, checked }),
      h("span", null, label),
    );
  const form = h(
    "form",
    { class: "upload-form", id: "import-form" },
    h(
      "div",
      { class: "two-col" },
      slot("material", "Encrypted key material", "EncryptedKeyMaterial.bin"),
      slot("token", "Import token", "ImportToken.bin"),
    ),
    h(
      "fieldset",
      null,
      h("legend", null, "Expiration"),
      model("none", "Key material does not expire", true),
      model("expires", "Key material expires on (UTC), at most 365 days ahead:", false),
      expires,
    ),
    canRotate
      ? h(
          "fieldset",
          null,
          h("legend", null, "Import type"),
          type("existing", "The same material again (re-import after expiry or deletion, or change its expiry)", true),
          type("new", "New key material, for an on-demand rotation (see Key rotation)", false),
        )
      : null,
    h("button", { type: "submit", class: "primary", id: "import-material" }, "Import key material"),
    problem(refused.get(m.KeyId)),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const cur = staged.get(m.KeyId) ?? {};
    refused.delete(m.KeyId);
    if (!cur.material || !cur.token) {
      refused.set(m.KeyId, new Error("Choose both the encrypted key material and the import token."));
      return redraw();
    }
    const expiring = form.querySelector("#expiry-expires").checked;
    const validTo = new Date(`${expires.value}Z`);
    const importNew = canRotate && form.querySelector("#import-type-new").checked;
    try {
      await ctx.kms.importKeyMaterial({
        KeyId: m.KeyId,
        EncryptedKeyMaterial: cur.material.bytes,
        ImportToken: cur.token.bytes,
        ExpirationModel: expiring ? "KEY_MATERIAL_EXPIRES" : "KEY_MATERIAL_DOES_NOT_EXPIRE",
        ...(expiring ? { ValidTo: validTo } : {}),
        ...(hasMaterial ? { ImportType: importNew ? "NEW_KEY_MATERIAL" : "EXISTING_KEY_MATERIAL" } : {}),
      });
    } catch (err) {
      // Beside the step, where the learner is looking, and kept until the next try; the toast too.
      refused.set(m.KeyId, err);
      ctx.fail(err, "ImportKeyMaterial");
      return ctx.refresh();
    }
    staged.delete(m.KeyId);
    justImported.set(m.KeyId, ctx.now());
    ctx.notify(importNew ? "New key material imported: it is pending rotation." : "Key material imported.");
    await ctx.refresh();
  });
  return h(
    "section",
    { class: "step", "aria-labelledby": "step3" },
    h(
      "h3",
      { id: "step3" },
      h("span", { class: "num" }, "3"),
      " Upload the encrypted key material and the import token",
    ),
    form,
  );
}

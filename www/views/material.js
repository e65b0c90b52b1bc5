// The key material section of an External key, in the three steps of an import: get the
// wrapping public key and import token (downloads, valid 24 hours of virtual time, counted
// down), wrap the material (the exact openssl commands, or "wrap for me" in this page with the
// package's wrapKeyMaterial), then upload (./material-upload.js). Once the key has material the
// steps fold away under a summary. Depends on ../lib/*, ./common.js, ./playground-parts.js.

import { explain, field, fill, h } from "../lib/dom.js";
import { download, readBytes } from "../lib/files.js";
import { fmtDate, STATE_LABEL } from "../lib/format.js";
import { materialBytes } from "../lib/key-specs.js";
import { recallParams, rememberParams } from "../lib/memory.js";
import { WHY } from "./common.js";
import { canImportNew, justImported, staged, stepUpload } from "./material-upload.js";
import { errorHint, errorLine } from "./playground-parts.js";

const SPECS = ["RSA_2048", "RSA_3072", "RSA_4096"];
const ALGORITHMS = [
  ["RSAES_OAEP_SHA_256", "RSAES_OAEP_SHA_256 (recommended)"],
  ["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_1"],
  ["RSA_AES_KEY_WRAP_SHA_256", "RSA_AES_KEY_WRAP_SHA_256 (asymmetric material only)", true],
  ["RSA_AES_KEY_WRAP_SHA_1", "RSA_AES_KEY_WRAP_SHA_1 (asymmetric material only)", true],
];
function opensslCommands(algorithm, bytes, same) {
  const md = algorithm === "RSAES_OAEP_SHA_1" ? "sha1" : "sha256";
  return [
    ...(same
      ? ["# PlaintextKeyMaterial.bin: your copy of the key's original material (KMS takes back only that)."]
      : [
          `# ${bytes} random bytes: your key material. Keep this file safe; re-importing needs it.`,
          `openssl rand -out PlaintextKeyMaterial.bin ${bytes}`,
        ]),
    "",
    `# Wrap it with the wrapping public key (${algorithm}).`,
    "openssl pkeyutl -encrypt \\",
    "  -in PlaintextKeyMaterial.bin -out EncryptedKeyMaterial.bin \\",
    "  -inkey WrappingPublicKey.bin -keyform DER -pubin \\",
    "  -pkeyopt rsa_padding_mode:oaep \\",
    `  -pkeyopt rsa_oaep_md:${md} -pkeyopt rsa_mgf1_md:${md}`,
    "",
    "# The same without openssl, with this package's command line:",
    `npx kms-wasm wrap --public-key WrappingPublicKey.bin --material PlaintextKeyMaterial.bin \\`,
    `  --algorithm ${algorithm} --out EncryptedKeyMaterial.bin`,
  ].join("\n");
}

function stepParameters(ctx, m, params) {
  const spec = h(
    "select",
    { id: "wrapping-spec" },
    SPECS.map((s) => h("option", { value: s, selected: s === (params?.spec ?? "RSA_2048") }, s)),
  );
  const alg = h(
    "select",
    { id: "wrapping-algorithm" },
    ALGORITHMS.map(([v, label, off]) =>
      h("option", { value: v, disabled: off, selected: v === (params?.algorithm ?? "RSAES_OAEP_SHA_256") }, label),
    ),
  );
  const now = ctx.now().getTime();
  const valid = params && params.ParametersValidTo.getTime() > now;
  const get = h(
    "button",
    { type: "submit", class: valid ? "" : "primary", id: "get-parameters" },
    params ? "Get new ones" : "Get wrapping key and import token",
  );
  const form = h(
    "form",
    { class: "row-form wrap-params" },
    field("Wrapping key spec", spec),
    field("Wrapping algorithm", alg),
    get,
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    get.disabled = true;
    get.textContent = spec.value === "RSA_4096" ? "Generating an RSA-4096 key (a few seconds)…" : "Generating…";
    await ctx.act(async () => {
      const p = await ctx.kms.getParametersForImport({
        KeyId: m.KeyId,
        WrappingAlgorithm: alg.value,
        WrappingKeySpec: spec.value,
      });
      rememberParams(m.KeyId, p, alg.value, spec.value);
      staged.delete(m.KeyId);
    }, "Wrapping public key and import token ready: valid for 24 hours.");
  });
  return h(
    "section",
    { class: "step", "aria-labelledby": "step1" },
    h("h3", { id: "step1" }, h("span", { class: "num" }, "1"), " Download the wrapping public key and import token"),
    form,
    params && !valid
      ? h(
          "div",
          { class: "params-card stale", id: "params-card", role: "status" },
          h(
            "p",
            { id: "params-expired" },
            h("strong", { class: "expired" }, "Expired. "),
            `The ${params.spec} wrapping key and import token you got were valid until ${fmtDate(params.ParametersValidTo)} (24 hours, virtual time), so KMS would refuse them. Get new ones above, then wrap the material again with the new wrapping key.`,
          ),
        )
      : null,
    valid
      ? h(
          "div",
          { class: "params-card", id: "params-card" },
          h(
            "p",
            null,
            `${params.spec} wrapping key, ${params.algorithm}. Valid until ${fmtDate(params.ParametersValidTo)}: `,
            h("strong", { dataset: { countdown: params.ParametersValidTo.getTime() }, id: "params-countdown" }, ""),
            " (virtual time).",
          ),
          h(
            "div",
            { class: "actions" },
            h(
              "button",
              {
                type: "button",
                id: "download-public-key",
                onClick: () => download("WrappingPublicKey.bin", params.PublicKey),
              },
              "Download WrappingPublicKey.bin",
            ),
            h(
              "button",
              {
                type: "button",
                id: "download-import-token",
                onClick: () => download("ImportToken.bin", params.ImportToken),
              },
              "Download ImportToken.bin",
            ),
          ),
        )
      : null,
    h(
      "p",
      { class: "hint" },
      "The public key wraps (encrypts) your material so only KMS can unwrap it; the token ties that wrapping key to this KMS key. Both expire after 24 hours: move the clock a day ahead to watch it happen. Wrapping keys are made off the page's main thread, so even RSA-4096 leaves it responsive.",
    ),
  );
}

/**
 * Where the material to wrap comes from. A key that has had material takes back only that
 * material (AWS refuses any other with IncorrectKeyMaterialException), so for it the user's own
 * copy comes first, and random bytes are offered only as new material for a rotation.
 */
function materialSource(m, bytes) {
  const had = Boolean(m.CurrentKeyMaterialId);
  const options = had
    ? [
        h("option", { value: "file" }, "Upload the same material (the PlaintextKeyMaterial.bin you kept)"),
        canImportNew(m)
          ? h("option", { value: "generate" }, `Generate ${bytes} random bytes: new material, for a rotation`)
          : null,
      ]
    : [
        h("option", { value: "generate" }, `Generate ${bytes} random bytes in this page`),
        h("option", { value: "file" }, "Use my file (PlaintextKeyMaterial.bin)"),
      ];
  const note = had
    ? h(
        "p",
        { class: "hint", id: "same-material-note" },
        m.KeyState === "PendingImport"
          ? "This key has had key material: KMS accepts only that same material back, byte for byte, because the ciphertexts made under the key need it. Random bytes would be refused (IncorrectKeyMaterialException). Upload your copy of the original."
          : "Re-importing the same material changes its expiry; other material is refused unless it is imported as new material for a rotation.",
      )
    : null;
  return { select: h("select", { id: "material-source", "aria-label": "Key material" }, options), note };
}

function stepWrap(ctx, m, params, redraw) {
  const bytes = materialBytes(m.KeySpec); // 32 for AES; an HMAC key's hash length
  const algorithm = params?.algorithm ?? "RSAES_OAEP_SHA_256";
  const valid = params && params.ParametersValidTo.getTime() > ctx.now().getTime();
  const { select: source, note } = materialSource(m, bytes);
  const file = h("input", {
    type: "file",
    id: "material-file",
    hidden: source.value !== "file",
    "aria-label": "Plaintext key material file",
  });
  source.addEventListener("change", () => (file.hidden = source.value !== "file"));
  const out = h("div", { class: "wrap-result", "aria-live": "polite" });
  const wrap = h("button", { type: "button", id: "wrap-for-me", class: "primary", disabled: !valid }, "Wrap for me");
  wrap.addEventListener("click", async () => {
    try {
      const material = source.value === "file" ? await readBytes(file) : crypto.getRandomValues(new Uint8Array(bytes));
      if (!material) throw new Error("Choose the file holding your key material.");
      await ctx.loadExtras(); // wrapping runs in the extras module, not yet fetched after a reload
      const wrapped = ctx.wrapKeyMaterial({
        PublicKey: params.PublicKey,
        KeyMaterial: material,
        WrappingAlgorithm: algorithm,
      });
      staged.set(m.KeyId, {
        material: { bytes: wrapped, from: "wrapped in this page" },
        token: { bytes: params.ImportToken, from: "from step 1" },
      });
      const generated = source.value === "generate" ? material : undefined;
      // fill(), not replaceChildren(): it skips the null of a missing part (replaceChildren prints "null").
      fill(
        out,
        h(
          "p",
          { class: "ok-text", id: "wrap-done" },
          `Wrapped ${material.length} bytes into ${wrapped.length} bytes of EncryptedKeyMaterial. Step 3 will use it with the import token from step 1.`,
        ),
        h(
          "div",
          { class: "actions" },
          h(
            "button",
            { type: "button", id: "download-encrypted", onClick: () => download("EncryptedKeyMaterial.bin", wrapped) },
            "Download EncryptedKeyMaterial.bin",
          ),
          generated
            ? h(
                "button",
                {
                  type: "button",
                  id: "download-plaintext",
                  onClick: () => download("PlaintextKeyMaterial.bin", generated),
                },
                "Download PlaintextKeyMaterial.bin",
              )
            : null,
        ),
        generated
          ? h(
              "p",
              { class: "hint" },
              "Keep PlaintextKeyMaterial.bin if you may need to re-import this material (after it expires or is deleted). It is never stored by the console or written to the audit log.",
            )
          : null,
      );
      redraw();
    } catch (e) {
      fill(out, errorLine(e), errorHint(e));
    }
  });
  const pre = h(
    "pre",
    { class: "code", id: "openssl-commands", tabindex: "0" },
    opensslCommands(algorithm, bytes, m.KeyState === "PendingImport" && Boolean(m.CurrentKeyMaterialId)),
  );
  return h(
    "section",
    { class: "step", "aria-labelledby": "step2" },
    h("h3", { id: "step2" }, h("span", { class: "num" }, "2"), " Wrap your key material"),
    h(
      "div",
      { class: "wrap-ways" },
      h(
        "div",
        null,
        h("h4", null, "With openssl"),
        pre,
        h(
          "button",
          {
            type: "button",
            class: "small",
            onClick: () => navigator.clipboard?.writeText(pre.textContent).then(() => ctx.notify("Commands copied.")),
          },
          "Copy commands",
        ),
      ),
      h(
        "div",
        null,
        h("h4", null, "Or let this page do it"),
        valid
          ? null
          : h(
              "p",
              { class: "hint" },
              params
                ? "The wrapping public key expired: get new ones first (step 1)."
                : "Get the wrapping public key first (step 1).",
            ),
        field("Key material", source),
        note,
        file,
        wrap,
        out,
        h(
          "p",
          { class: "hint" },
          "Uses wrapKeyMaterial from the kms-wasm package: byte for byte what the openssl commands produce.",
        ),
      ),
    ),
  );
}

function status(m, now) {
  if (m.KeyState === "PendingImport") {
    return h(
      "p",
      { class: "status-line", id: "material-status" },
      h("strong", null, "No key material. "),
      m.CurrentKeyMaterialId
        ? "It expired or was deleted: import the same material again to use the key."
        : "Import material to start using the key.",
    );
  }
  if (m.ExpirationModel === "KEY_MATERIAL_DOES_NOT_EXPIRE") {
    return h(
      "p",
      { class: "status-line", id: "material-status" },
      h("strong", null, "Key material imported. "),
      "It does not expire.",
    );
  }
  return h(
    "p",
    { class: "status-line", id: "material-status" },
    h("strong", null, "Key material imported. "),
    `It expires on ${fmtDate(m.ValidTo)} (`,
    h("span", { dataset: { countdown: m.ValidTo?.getTime() ?? now.getTime() } }),
    ").",
  );
}

/** The summary left after a successful import (this page load only), in place of the steps. */
function imported(m) {
  const at = justImported.get(m.KeyId);
  if (!at || m.KeyState === "PendingImport") return null;
  return h(
    "div",
    { class: "import-done", id: "import-done", role: "status" },
    h(
      "p",
      null,
      h("strong", null, "Imported. "),
      `Key material imported on ${fmtDate(at)}: the key is ${STATE_LABEL[m.KeyState]?.toLowerCase() ?? m.KeyState}.`,
    ),
    h(
      "p",
      null,
      "Keep your copy of the plaintext material: after an expiry or a deletion, only it can bring the key back. ",
      h("a", { href: `#/keys/${encodeURIComponent(m.KeyId)}/crypto` }, "Try the key"),
    ),
  );
}

export async function renderMaterial(ctx, m) {
  const params = recallParams(m.KeyId);
  const upload = h("div");
  const drawUpload = () => {
    const focus = document.activeElement?.id;
    upload.replaceChildren(stepUpload(ctx, m, drawUpload));
    if (focus) document.getElementById(focus)?.focus();
  };
  drawUpload();
  const steps = [stepParameters(ctx, m, params), stepWrap(ctx, m, params, drawUpload), upload];
  return h(
    "div",
    { class: "material" },
    h("h2", null, "Key material"),
    status(m, ctx.now()),
    imported(m),
    m.KeyState === "PendingDeletion"
      ? h("p", { class: "hint" }, "Material cannot be imported while the key is pending deletion.")
      : m.KeyState === "PendingImport"
        ? steps
        : // The key works: the import steps are only for later (a new expiry, a rotation), so they fold away.
          h(
            "details",
            { class: "import-again", id: "import-again" },
            h(
              "summary",
              null,
              canImportNew(m)
                ? "Import again: change the expiry, or new material for a rotation"
                : "Import again: the same material, to change its expiry",
            ),
            steps,
          ),
    explain("What happens to imported material", ...WHY.imported),
  );
}

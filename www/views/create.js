// The create-key wizard, in the AWS console's three steps: configure (key type, usage, spec and
// the key material origin: ./create-config.js), labels (alias, description, tags), review; then
// CreateKey, in the chosen Region, with the chosen KeySpec, KeyUsage and MultiRegion, and the
// alias. Depends on ../lib/dom.js, ../lib/data.js, ../lib/key-specs.js and ./create-config.js.

import { aliasesByKey } from "../lib/data.js";
import { field, fill, h } from "../lib/dom.js";
import { USAGE_LABEL, WIZARD_TYPE_LABEL } from "../lib/key-specs.js";
import { configure } from "./create-config.js";

const STEPS = ["Configure key", "Add labels", "Review"];
const ALIAS_RE = /^[a-zA-Z0-9/_-]+$/;

function blank() {
  return {
    step: 0,
    type: "SYMMETRIC",
    usage: "ENCRYPT_DECRYPT",
    spec: "SYMMETRIC_DEFAULT",
    origin: "AWS_KMS",
    multiRegion: false,
    understood: false,
    alias: "",
    description: "",
    tags: [],
  };
}

let draft = blank();

function stepper(current) {
  return h(
    "ol",
    { class: "stepper" },
    STEPS.map((name, i) =>
      h(
        "li",
        { class: i === current ? "current" : i < current ? "done" : "", "aria-current": i === current ? "step" : null },
        h("span", { class: "num" }, String(i + 1)),
        " ",
        name,
      ),
    ),
  );
}

function labels() {
  const alias = h("input", {
    id: "alias",
    value: draft.alias,
    required: true,
    autocomplete: "off",
    onInput: (e) => (draft.alias = e.target.value),
  });
  const desc = h("textarea", {
    id: "description",
    rows: 2,
    maxlength: 8192,
    onInput: (e) => (draft.description = e.target.value),
  });
  desc.value = draft.description;
  const tagRows = h("div", { class: "tag-rows" });
  const drawTags = () =>
    fill(
      tagRows,
      draft.tags.map((t, i) =>
        h(
          "div",
          { class: "tag-row" },
          h("input", {
            "aria-label": `Tag ${i + 1} key`,
            placeholder: "Key",
            value: t.TagKey,
            id: `tag-key-${i}`,
            onInput: (e) => (t.TagKey = e.target.value),
          }),
          h("input", {
            "aria-label": `Tag ${i + 1} value`,
            placeholder: "Value",
            value: t.TagValue,
            id: `tag-value-${i}`,
            onInput: (e) => (t.TagValue = e.target.value),
          }),
          h(
            "button",
            {
              type: "button",
              onClick: () => {
                draft.tags.splice(i, 1);
                drawTags();
              },
            },
            "Remove",
          ),
        ),
      ),
    );
  drawTags();
  return [
    field(
      "Alias",
      h("div", { class: "prefixed" }, h("span", { class: "prefix" }, "alias/"), alias),
      "A friendly name applications can use instead of the key id, e.g. orders. Letters, digits, / _ and -.",
    ),
    field("Description (optional)", desc),
    h(
      "fieldset",
      null,
      h("legend", null, "Tags (optional)"),
      tagRows,
      h(
        "button",
        {
          type: "button",
          id: "add-tag",
          onClick: () => {
            draft.tags.push({ TagKey: "", TagValue: "" });
            drawTags();
            tagRows.querySelector(`#tag-key-${draft.tags.length - 1}`)?.focus();
          },
        },
        "Add tag",
      ),
    ),
  ];
}

function review(ctx) {
  const row = (k, v) => [h("dt", null, k), h("dd", null, v)];
  return [
    h(
      "dl",
      { class: "summary" },
      row("Key type", WIZARD_TYPE_LABEL[draft.type]),
      row("Key spec", draft.spec),
      row("Key usage", USAGE_LABEL[draft.usage]),
      row("Key material origin", draft.origin === "EXTERNAL" ? "External (you import the material next)" : "KMS"),
      row("Region", ctx.region),
      row(
        "Regionality",
        draft.multiRegion ? "Multi-Region key (the primary; replicate it from its page)" : "Single-Region",
      ),
      row("Alias", `alias/${draft.alias}`),
      row("Description", draft.description || "—"),
      row("Tags", draft.tags.length ? draft.tags.map((t) => `${t.TagKey}=${t.TagValue}`).join(", ") : "—"),
    ),
    h(
      "p",
      { class: "hint" },
      "The key gets the default key policy, which lets the account do everything with it. You can edit it on the key's page.",
    ),
  ];
}

async function validate(ctx) {
  if (draft.step === 0 && draft.origin === "EXTERNAL" && !draft.understood) {
    return "Tick the box to confirm you understand what an imported key means, or choose KMS.";
  }
  if (draft.step === 1) {
    const a = draft.alias.trim().replace(/^alias\//, "");
    if (!a) return "Enter an alias.";
    if (!ALIAS_RE.test(a)) return "An alias may contain only letters, digits, /, _ and -.";
    if (a.startsWith("aws/")) return "alias/aws/ is reserved for AWS managed keys.";
    const taken = [...(await aliasesByKey(ctx.kms)).values()].flat().includes(`alias/${a}`);
    if (taken) return `alias/${a} is already used by another key.`;
    if (draft.tags.some((t) => !t.TagKey.trim())) return "Every tag needs a key (or remove the empty row).";
    draft.alias = a;
  }
  return undefined;
}

async function finish(ctx) {
  const { KeyMetadata } = await ctx.kms.createKey({
    Description: draft.description,
    KeySpec: draft.spec,
    KeyUsage: draft.usage,
    Origin: draft.origin,
    ...(draft.multiRegion ? { MultiRegion: true } : {}),
    ...(draft.tags.length ? { Tags: draft.tags.map((t) => ({ TagKey: t.TagKey.trim(), TagValue: t.TagValue })) } : {}),
  });
  try {
    await ctx.kms.createAlias({ AliasName: `alias/${draft.alias}`, TargetKeyId: KeyMetadata.KeyId });
  } catch (e) {
    ctx.fail(e);
  }
  const external = draft.origin === "EXTERNAL";
  draft = blank();
  ctx.notify(
    external ? "Key created. It is Pending import: import its key material next." : "Key created and enabled.",
  );
  location.hash = `#/keys/${encodeURIComponent(KeyMetadata.KeyId)}${external ? "/material" : ""}`;
}

export async function render(ctx, { query }) {
  if (query.get("fresh") !== null) draft = blank();
  const body = h("div", { class: "wizard-body" });
  const error = h("p", { class: "form-error", role: "alert", id: "wizard-error" });
  const panel = h("form", { class: "panel wizard", id: "create-wizard", novalidate: true });
  const draw = () => {
    const parts = [() => configure(draft), labels, () => review(ctx)][draft.step]();
    fill(
      panel,
      stepper(draft.step),
      h("h2", null, STEPS[draft.step]),
      body,
      error,
      h(
        "div",
        { class: "actions" },
        h("a", { class: "button", href: "#/keys", id: "wizard-cancel", onClick: () => (draft = blank()) }, "Cancel"),
        draft.step > 0
          ? h(
              "button",
              {
                type: "button",
                id: "wizard-back",
                onClick: () => {
                  draft.step--;
                  draw();
                },
              },
              "Previous",
            )
          : null,
        h("button", { type: "submit", class: "primary", id: "wizard-next" }, draft.step < 2 ? "Next" : "Create key"),
      ),
    );
    fill(body, parts);
    error.textContent = "";
  };
  panel.addEventListener("submit", async (e) => {
    e.preventDefault();
    const problem = await validate(ctx);
    if (problem) {
      error.textContent = problem;
      return;
    }
    if (draft.step < 2) {
      draft.step++;
      draw();
      (body.querySelector("input:not([type=radio]), textarea") ?? panel.querySelector("#wizard-next"))?.focus();
      return;
    }
    const next = panel.querySelector("#wizard-next");
    next.disabled = true;
    next.textContent = draft.spec === "RSA_4096" ? "Creating an RSA_4096 key (a few seconds)…" : "Creating key…";
    try {
      await finish(ctx);
    } catch (err) {
      error.textContent = `${err.name}: ${err.message}`;
      if (err.name === "KmsStorageError") ctx.fail(err);
      next.disabled = false;
      next.textContent = "Create key";
    }
  });
  draw();
  return h("div", { class: "page" }, h("h1", { tabindex: "-1" }, "Create key"), panel);
}

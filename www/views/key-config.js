// A key's configuration sections: general configuration (with an editable description) and
// the cryptographic configuration (key type, spec, usage, algorithms), tags and aliases (the
// key policy has its own module, policy.js).
// Depends on ../lib/dom.js, ../lib/format.js, ../lib/data.js, ../lib/key-specs.js and ./regions.js.

import { tags as listTags } from "../lib/data.js";
import { explain, field, h } from "../lib/dom.js";
import { fmtDate, STATE_LABEL } from "../lib/format.js";
import { keyTypeOf, TYPE_LABEL, USAGE_LABEL } from "../lib/key-specs.js";
import { regionalityText } from "./regions.js";

const row = (k, ...v) => [h("dt", null, k), h("dd", null, ...v)];

export async function renderGeneral(ctx, m, aliases) {
  const desc = h("textarea", { id: "edit-description", rows: 2, maxlength: 8192 });
  desc.value = m.Description ?? "";
  const form = h(
    "form",
    { class: "inline-form" },
    field("Description", desc),
    h("button", { type: "submit", id: "save-description" }, "Save description"),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    ctx.act(() => ctx.kms.updateKeyDescription({ KeyId: m.KeyId, Description: desc.value }), "Description saved.");
  });
  return [
    h("h2", null, "General configuration"),
    h(
      "dl",
      { class: "summary" },
      row("Aliases", aliases.length ? aliases.join(", ") : "—"),
      row("Key ID", h("span", { class: "mono", id: "detail-key-id" }, m.KeyId)),
      row("ARN", h("span", { class: "mono wrap" }, m.Arn)),
      row("Status", STATE_LABEL[m.KeyState] ?? m.KeyState),
      row("Created", fmtDate(m.CreationDate)),
      m.DeletionDate ? row("Deletion date", fmtDate(m.DeletionDate)) : null,
      row("Key material origin", m.Origin === "EXTERNAL" ? "External (imported)" : "KMS"),
      m.Origin === "EXTERNAL"
        ? row(
            "Key material expiry",
            m.ExpirationModel === "KEY_MATERIAL_DOES_NOT_EXPIRE"
              ? "Does not expire"
              : m.ValidTo
                ? fmtDate(m.ValidTo)
                : "—",
          )
        : null,
      row("Key manager", m.KeyManager === "AWS" ? "AWS (AWS managed key)" : "Customer"),
      row(
        "Regionality",
        h("span", { id: "detail-regionality" }, regionalityText(m)),
        m.MultiRegionConfiguration
          ? [" (", h("a", { href: `#/keys/${encodeURIComponent(m.KeyId)}/regionality` }, "primary and replicas"), ")"]
          : null,
      ),
      // A long hex string reads like a secret: say plainly it is only a name for the material.
      m.CurrentKeyMaterialId
        ? row(
            "Current key material ID",
            h("code", { class: "mono wrap material-id", id: "detail-material-id" }, m.CurrentKeyMaterialId),
            h(
              "span",
              { class: "hint material-id-note" },
              "An identifier, not the material: it names the key material (rotations and imports list it) but reveals nothing of it. KMS never shows key material.",
            ),
          )
        : null,
    ),
    m.KeyState === "PendingDeletion"
      ? h("p", { class: "hint" }, "The description cannot change while the key is pending deletion.")
      : form,
    cryptoConfig(m),
  ];
}

const ALGORITHM_LISTS = [
  ["EncryptionAlgorithms", "Encryption algorithms"],
  ["SigningAlgorithms", "Signing algorithms"],
  ["MacAlgorithms", "MAC algorithms"],
  ["KeyAgreementAlgorithms", "Key agreement algorithms"],
  ["EncapsulationAlgorithms", "Encapsulation algorithms"],
];

/** Key type, spec, usage and the algorithm lists DescribeKey gives, as the AWS console shows them. */
function cryptoConfig(m) {
  return h(
    "div",
    { class: "subsection" },
    h("h2", null, "Cryptographic configuration"),
    h(
      "dl",
      { class: "summary", id: "crypto-config" },
      row("Key type", TYPE_LABEL[keyTypeOf(m.KeySpec)]),
      row("Key spec", h("span", { class: "mono" }, m.KeySpec)),
      row("Key usage", USAGE_LABEL[m.KeyUsage] ?? m.KeyUsage),
      ALGORITHM_LISTS.filter(([member]) => m[member]?.length).map(([member, label]) =>
        row(
          label,
          h(
            "span",
            { class: "mono wrap", id: `algorithms-${member}` },
            m[member].map((a, i) => [i ? ", " : "", h("wbr"), a]),
          ),
        ),
      ),
    ),
  );
}

export async function renderTags(ctx, m) {
  const tags = await listTags(ctx.kms, m.KeyId);
  const key = h("input", {
    id: "tag-key",
    required: true,
    maxlength: 128,
    "aria-label": "Tag key",
    placeholder: "Key",
  });
  const value = h("input", { id: "tag-value", maxlength: 256, "aria-label": "Tag value", placeholder: "Value" });
  const form = h(
    "form",
    { class: "row-form" },
    key,
    value,
    h("button", { type: "submit", id: "tag-add" }, "Add or update tag"),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    ctx.act(
      () => ctx.kms.tagResource({ KeyId: m.KeyId, Tags: [{ TagKey: key.value.trim(), TagValue: value.value }] }),
      "Tag saved.",
    );
  });
  return [
    h("h2", null, "Tags"),
    tags.length
      ? h(
          "div",
          { class: "table-wrap" },
          h(
            "table",
            { id: "tags-table" },
            h(
              "thead",
              null,
              h(
                "tr",
                null,
                h("th", { scope: "col" }, "Key"),
                h("th", { scope: "col" }, "Value"),
                h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, "Actions")),
              ),
            ),
            h(
              "tbody",
              null,
              tags.map((t) =>
                h(
                  "tr",
                  null,
                  h("td", null, t.TagKey),
                  h("td", null, t.TagValue),
                  h(
                    "td",
                    null,
                    h(
                      "button",
                      {
                        type: "button",
                        class: "small",
                        onClick: () =>
                          ctx.act(() => ctx.kms.untagResource({ KeyId: m.KeyId, TagKeys: [t.TagKey] }), "Tag removed."),
                      },
                      "Remove",
                    ),
                  ),
                ),
              ),
            ),
          ),
        )
      : h("p", { class: "muted" }, "No tags."),
    m.KeyState === "PendingDeletion"
      ? h("p", { class: "hint" }, "Tags cannot change while the key is pending deletion.")
      : form,
  ];
}

export async function renderAliases(ctx, m, aliases) {
  const name = h("input", {
    id: "alias-new",
    required: true,
    "aria-label": "New alias name (after alias/)",
    placeholder: "name",
  });
  const form = h(
    "form",
    { class: "row-form" },
    h("span", { class: "prefix" }, "alias/"),
    name,
    h("button", { type: "submit", id: "alias-add" }, "Add alias"),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    ctx.act(
      () =>
        ctx.kms.createAlias({ AliasName: `alias/${name.value.trim().replace(/^alias\//, "")}`, TargetKeyId: m.KeyId }),
      "Alias added.",
    );
  });
  return [
    h("h2", null, "Aliases"),
    aliases.length
      ? h(
          "ul",
          { class: "alias-list", id: "alias-list" },
          aliases.map((a) =>
            h(
              "li",
              null,
              h("span", { class: "mono" }, a),
              " ",
              a.startsWith("alias/aws/")
                ? null
                : h(
                    "button",
                    {
                      type: "button",
                      class: "small",
                      onClick: () => ctx.act(() => ctx.kms.deleteAlias({ AliasName: a }), "Alias deleted."),
                    },
                    "Delete",
                  ),
            ),
          ),
        )
      : h("p", { class: "muted" }, "No aliases."),
    m.KeyState === "PendingDeletion"
      ? h("p", { class: "hint" }, "New aliases cannot point at a key pending deletion.")
      : form,
    explain(
      "Aliases",
      "An alias is a name applications use instead of the key id. Pointing an alias at another key (UpdateAlias) is how you rotate keys by hand: new encryptions go to the new key, while ciphertexts made before still decrypt with the old one.",
    ),
  ];
}

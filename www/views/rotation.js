// A key's rotation section: automatic rotation on or off with its period, "Rotate now", the
// history; on-demand rotation to imported material; manual rotation with aliases for the keys
// that cannot rotate; a replica's points to its primary. Says why one rotates and what it does
// not protect against. Depends on ../lib/*, ./common.js and ./regions.js.

import { rotations as listRotations, rotatable, rotates } from "../lib/data.js";
import { explain, field, h } from "../lib/dom.js";
import { fmtDate } from "../lib/format.js";
import { isPair } from "../lib/key-specs.js";
import { ROTATION_PERIOD_DAYS } from "../lib/limits.js";
import { WHY } from "./common.js";
import { replicaRotation } from "./regions.js";

const TYPE = { AUTOMATIC: "Automatic", ON_DEMAND: "On demand" };
const STATE = { CURRENT: "Current", NON_CURRENT: "Earlier", PENDING_ROTATION: "Pending rotation" };

function history(list) {
  if (!list.length) return h("p", { class: "muted", id: "rotation-history-empty" }, "No rotations yet.");
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      // Stacked on a phone (narrow.css): four columns do not fit 390 px.
      { id: "rotation-history", class: "stack" },
      h("caption", null, "Rotation history (a material ID names the material; it is not the material)"),
      h(
        "thead",
        null,
        h(
          "tr",
          null,
          h("th", { scope: "col" }, "Date"),
          h("th", { scope: "col" }, "Type"),
          h("th", { scope: "col" }, "Key material"),
          h("th", { scope: "col", class: "col-opt" }, "Key material ID"),
        ),
      ),
      h(
        "tbody",
        null,
        [...list]
          .reverse()
          .map((r) =>
            h(
              "tr",
              null,
              h("td", { class: "nowrap", "data-label": "Date" }, r.RotationDate ? fmtDate(r.RotationDate) : "—"),
              h("td", { "data-label": "Type" }, TYPE[r.RotationType] ?? "—"),
              h(
                "td",
                { "data-label": "Key material" },
                STATE[r.KeyMaterialState] ?? r.KeyMaterialState,
                r.ImportState === "PENDING_IMPORT" ? " (deleted, re-import to use)" : "",
              ),
              h("td", { class: "mono col-opt", title: r.KeyMaterialId }, `${r.KeyMaterialId.slice(0, 12)}…`),
            ),
          ),
      ),
    ),
  );
}

function rotateNow(ctx, m, label = "Rotate now") {
  return h(
    "button",
    {
      type: "button",
      id: "rotate-now",
      disabled: m.KeyState !== "Enabled",
      onClick: () =>
        ctx.act(
          () => ctx.kms.rotateKeyOnDemand({ KeyId: m.KeyId }),
          "Rotated: new encryptions use the new key material.",
        ),
    },
    label,
  );
}

async function customerKey(ctx, m) {
  const status = await ctx.kms.getKeyRotationStatus({ KeyId: m.KeyId });
  const list = await listRotations(ctx.kms, m.KeyId);
  const on = h("input", { type: "checkbox", id: "rotation-enabled", checked: status.KeyRotationEnabled });
  const period = h("input", {
    type: "number",
    id: "rotation-period",
    min: ROTATION_PERIOD_DAYS.min,
    max: ROTATION_PERIOD_DAYS.max,
    value: status.RotationPeriodInDays ?? ROTATION_PERIOD_DAYS.default,
  });
  const form = h(
    "form",
    { class: "inline-form" },
    h("p", { class: "check" }, on, " ", h("label", { for: "rotation-enabled" }, "Automatically rotate this key")),
    field(
      "Rotation period (days)",
      period,
      `${ROTATION_PERIOD_DAYS.min} to ${ROTATION_PERIOD_DAYS.max} days; AWS's default is ${ROTATION_PERIOD_DAYS.default}.`,
    ),
    h("button", { type: "submit", id: "rotation-save" }, "Save rotation settings"),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const days = Number(period.value);
    ctx.act(
      () =>
        on.checked
          ? ctx.kms.enableKeyRotation({ KeyId: m.KeyId, RotationPeriodInDays: days })
          : ctx.kms.disableKeyRotation({ KeyId: m.KeyId }),
      on.checked ? `Automatic rotation every ${days} days.` : "Automatic rotation off.",
    );
  });
  const next = status.NextRotationDate;
  return [
    h("h2", null, "Key rotation"),
    h(
      "p",
      { id: "rotation-status" },
      status.KeyRotationEnabled
        ? [
            "Automatic rotation is on, every ",
            h("strong", null, `${status.RotationPeriodInDays} days`),
            ". Next rotation: ",
            h("strong", null, fmtDate(next)),
            next ? [" (", h("span", { dataset: { countdown: next.getTime() } }), ")"] : null,
            ".",
          ]
        : m.KeyState === "PendingDeletion"
          ? "Rotation is suspended while the key is pending deletion."
          : "Automatic rotation is off.",
    ),
    m.KeyState === "Enabled" || m.KeyState === "Disabled" ? form : null,
    m.KeyState === "Disabled"
      ? h(
          "p",
          { class: "hint" },
          "No rotation happens while the key is disabled; if one fell due meanwhile, it happens when the key is enabled again.",
        )
      : null,
    h(
      "div",
      { class: "actions" },
      rotateNow(ctx, m),
      h("span", { class: "hint" }, "On-demand rotation happens at once and does not move the automatic schedule."),
    ),
    history(list),
    explain("Why rotate", ...WHY.rotate),
    explain("What rotation does not protect against", ...WHY.rotateLimits),
  ];
}

async function importedKey(ctx, m) {
  const list = await listRotations(ctx.kms, m.KeyId);
  const all =
    (await ctx.kms.listKeyRotations({ KeyId: m.KeyId, IncludeKeyMaterial: "ALL_KEY_MATERIAL" })).Rotations ?? [];
  const pending = all.find((r) => r.KeyMaterialState === "PENDING_ROTATION");
  return [
    h("h2", null, "Key rotation"),
    h(
      "p",
      null,
      "Keys with imported material cannot rotate automatically: KMS cannot make new material for you. To rotate, import new key material (Key material tab, import type “New key material”); it waits as ",
      h("em", null, "pending rotation"),
      " until you rotate to it here.",
    ),
    h(
      "div",
      { class: "actions" },
      pending
        ? [
            rotateNow(ctx, m, "Rotate to the pending material"),
            h(
              "span",
              { class: "hint" },
              "Pending: material ID ",
              h("code", null, `${pending.KeyMaterialId.slice(0, 12)}…`),
            ),
          ]
        : h("span", { class: "hint" }, "No new material is pending rotation."),
    ),
    history(list),
    explain("Why rotate", ...WHY.rotate),
    explain("What rotation does not protect against", ...WHY.rotateLimits),
  ];
}

/** What an old key still does after its alias moved to a new one, per key usage. */
const OLD_KEY_STILL = {
  ENCRYPT_DECRYPT: "ciphertexts made under the old key decrypt only with the old key",
  SIGN_VERIFY: "signatures made by the old key verify only with the old key's public key",
  GENERATE_VERIFY_MAC: "MACs made with the old key verify only with the old key",
  KEY_AGREEMENT: "secrets derived with the old key need the old key's public key on the partner's side",
  ENCAPSULATE_DECAPSULATE: "ciphertexts encapsulated to the old key's public key decapsulate only with the old key",
};

function cannotRotate(m) {
  const kind = isPair(m.KeySpec) ? "Asymmetric keys" : "HMAC keys";
  return [
    h("h2", null, "Key rotation"),
    h(
      "p",
      { id: "rotation-unsupported" },
      `${kind} (${m.KeySpec}) cannot rotate, automatically or on demand: KMS answers UnsupportedOperationException. Only symmetric encryption keys get new key material under the same key id.`,
    ),
    explain(
      "Manual rotation with aliases (works for every key type)",
      "Create a new key of the same type, then point the alias your applications use at it (UpdateAlias, or delete the alias and add it to the new key on the Aliases tab). New work goes to the new key without changing the applications.",
      `Keep the old key enabled while anything still needs it: ${OLD_KEY_STILL[m.KeyUsage] ?? "the old key keeps its own material"}.${isPair(m.KeySpec) ? " The new key has a new public key: hand it to everyone who verifies, encrypts, agrees or encapsulates keys with the old one." : ""}`,
    ),
    explain("Why rotate", ...WHY.rotate),
  ];
}

export async function renderRotation(ctx, m) {
  if (m.KeyManager === "AWS") {
    return [
      h("h2", null, "Key rotation"),
      h("p", null, "AWS rotates AWS managed keys every year. Their rotation cannot be changed."),
      history(await listRotations(ctx.kms, m.KeyId)),
    ];
  }
  if (!rotates(m)) return cannotRotate(m);
  if (m.MultiRegionConfiguration?.MultiRegionKeyType === "REPLICA") return replicaRotation(ctx, m);
  if (m.Origin === "EXTERNAL") return importedKey(ctx, m);
  if (!rotatable(m)) return [h("h2", null, "Key rotation"), h("p", null, "This key cannot be rotated.")];
  return customerKey(ctx, m);
}

// A key's page, in the chosen Region: its name and state, the key actions (enable/disable,
// schedule or cancel deletion, delete imported material) with what each one means, and the
// section tabs, each rendered by its own module (the Public key tab for key pairs only,
// Regionality for multi-Region keys; "Try it" named for what the key does), and beside the state
// why time changed it (./why.js). A key KMS deleted keeps a page: when, and its audit trail.
// Depends on ../lib/*, ./common.js and the section modules.

import { keyBasics } from "../lib/data.js";
import { explain, h } from "../lib/dom.js";
import { fmtDate, keyLabel } from "../lib/format.js";
import { isPair, USE_TEXT } from "../lib/key-specs.js";
import { forgetParams } from "../lib/memory.js";
import { STATE_EXPLAIN, stateBadge, WHY } from "./common.js";
import { renderGrants } from "./grants.js";
import { renderAliases, renderGeneral, renderTags } from "./key-config.js";
import { lastUsageLine } from "./last-usage.js";
import { renderLockedOut } from "./locked-out.js";
import { renderMaterial } from "./material.js";
import { playgroundTitle, renderPlayground } from "./playground.js";
import { renderPolicy } from "./policy.js";
import { renderPublicKey } from "./public-key.js";
import { renderRegionality } from "./regions.js";
import { renderRotation } from "./rotation.js";
import { renderTimeline } from "./timeline.js";
import { renderTombstone, timeNotes } from "./why.js";

const SECTIONS = [
  ["general", "General configuration", renderGeneral],
  ["regionality", "Regionality", renderRegionality, (m) => m.MultiRegionConfiguration],
  ["material", "Key material", renderMaterial, (m) => m.Origin === "EXTERNAL"],
  ["rotation", "Key rotation", renderRotation],
  ["public-key", "Public key", renderPublicKey, (m) => isPair(m.KeySpec)],
  ["crypto", playgroundTitle, renderPlayground],
  ["timeline", "Timeline", renderTimeline],
  ["policy", "Key policy", renderPolicy],
  ["grants", "Grants", renderGrants],
  ["tags", "Tags", renderTags],
  ["aliases", "Aliases", renderAliases],
];

/** Left/Right (and Home/End) move between section links, as in a tab list. */
function arrowKeys(nav) {
  nav.addEventListener("keydown", (e) => {
    const links = [...nav.querySelectorAll("a")];
    const i = links.indexOf(document.activeElement);
    if (i < 0) return;
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: links.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    links[(next + links.length) % links.length].focus();
  });
  return nav;
}

async function scheduleDeletion(ctx, m, label) {
  const days = h("input", {
    type: "number",
    name: "days",
    id: "deletion-days",
    min: 7,
    max: 30,
    value: 30,
    required: true,
  });
  const values = await ctx.confirm({
    title: `Schedule deletion of ${label}?`,
    body: [
      "When the waiting period ends, KMS deletes the key and all of its key material. Every ciphertext made under it can then never be decrypted again, by anyone. There is no undo after that date, and its aliases are deleted with it.",
      "Until then the key is Pending deletion: it cannot be used, every attempt fails and is recorded in the audit log (this console raises an alarm), and you can cancel.",
      "If you only want to stop its use, disable it instead: that is reversible.",
      await lastUsageLine(ctx, m),
    ],
    fields: [h("div", { class: "field" }, h("label", { for: "deletion-days" }, "Waiting period (7 to 30 days)"), days)],
    check: "I understand that after the waiting period this key and everything encrypted under it are gone for good.",
    confirmLabel: "Schedule deletion",
    danger: true,
  });
  if (!values) return;
  const n = Number(values.days);
  if (!Number.isInteger(n) || n < 7 || n > 30) return ctx.notify("The waiting period must be 7 to 30 days.", "error");
  await ctx.act(
    () => ctx.kms.scheduleKeyDeletion({ KeyId: m.KeyId, PendingWindowInDays: n }),
    `Deletion scheduled in ${n} days.`,
  );
}

async function deleteMaterial(ctx, m) {
  const ok = await ctx.confirm({
    title: "Delete the imported key material?",
    body: [
      "KMS removes the material at once. The key goes to Pending import and cannot encrypt or decrypt until you import the same material again; its metadata, aliases and policy stay.",
      "KMS keeps nothing that could bring the material back: re-importing needs your own copy of it.",
    ],
    confirmLabel: "Delete key material",
    danger: true,
  });
  if (ok) {
    await ctx.act(
      () => ctx.kms.deleteImportedKeyMaterial({ KeyId: m.KeyId }),
      "Key material deleted. The key is Pending import.",
    );
  }
}

function actions(ctx, m, label) {
  const st = m.KeyState;
  const managed = m.KeyManager === "AWS";
  const out = [];
  if (st === "Enabled")
    out.push(
      h(
        "button",
        {
          type: "button",
          id: "action-disable",
          onClick: () => ctx.act(() => ctx.kms.disableKey({ KeyId: m.KeyId }), "Key disabled."),
        },
        "Disable",
      ),
    );
  if (st === "Disabled")
    out.push(
      h(
        "button",
        {
          type: "button",
          id: "action-enable",
          onClick: () => ctx.act(() => ctx.kms.enableKey({ KeyId: m.KeyId }), "Key enabled."),
        },
        "Enable",
      ),
    );
  // A primary waiting for its replicas' deletion can be cancelled as well.
  if (st === "PendingDeletion" || st === "PendingReplicaDeletion") {
    out.push(
      h(
        "button",
        {
          type: "button",
          class: "primary",
          id: "action-cancel-deletion",
          onClick: () =>
            ctx.act(
              () => ctx.kms.cancelKeyDeletion({ KeyId: m.KeyId }),
              "Deletion cancelled. The key is Disabled: enable it to use it again.",
            ),
        },
        "Cancel key deletion",
      ),
    );
  } else if (!managed) {
    out.push(
      h(
        "button",
        {
          type: "button",
          class: "danger-quiet",
          id: "action-schedule-deletion",
          onClick: () => scheduleDeletion(ctx, m, label),
        },
        "Schedule key deletion",
      ),
    );
  }
  if (m.Origin === "EXTERNAL" && m.KeyState !== "PendingImport" && m.KeyState !== "PendingDeletion") {
    out.push(
      h(
        "button",
        { type: "button", class: "danger-quiet", id: "action-delete-material", onClick: () => deleteMaterial(ctx, m) },
        "Delete key material",
      ),
    );
  }
  out.push(
    h("a", { class: "button", href: `#/audit?key=${encodeURIComponent(m.KeyId)}`, id: "action-audit" }, "Audit events"),
  );
  return out;
}

function stateNote(m, now, section) {
  const st = m.KeyState;
  if (st === "PendingDeletion") {
    return explain(
      `Pending deletion: KMS deletes it on ${fmtDate(m.DeletionDate)}`,
      h(
        "p",
        { id: "deletion-left" },
        // The countdown reads "6 days 4 h left" by itself.
        "Waiting period: ",
        h("span", { class: "countdown", dataset: { countdown: m.DeletionDate.getTime() } }, ""),
        ". Cancel the deletion before then if anything still needs the key.",
      ),
      ...WHY.deletionWaits,
    );
  }
  if (st === "PendingReplicaDeletion") {
    return explain(
      "Pending replica deletion",
      STATE_EXPLAIN.PendingReplicaDeletion,
      `Once its replicas are deleted, its own waiting period of ${m.PendingDeletionWindowInDays ?? "7 to 30"} days begins (Pending deletion). Until then you can cancel.`,
    );
  }
  if (st === "Disabled")
    return explain(
      "Disabled",
      STATE_EXPLAIN.Disabled,
      m.KeySpec === "SYMMETRIC_DEFAULT" ? "While disabled, no automatic rotation happens." : null,
    );
  if (st === "PendingImport")
    return explain(
      "Pending import",
      m.CurrentKeyMaterialId
        ? "The key's material is gone: it cannot be used until the same material is imported again."
        : STATE_EXPLAIN.PendingImport,
      section === "material" ? "Follow the three steps below." : "Open the Key material tab to import it.",
    );
  if (m.ValidTo && m.ValidTo > now) {
    return explain(
      "Enabled, with expiring key material",
      h(
        "p",
        null,
        `The imported material expires on ${fmtDate(m.ValidTo)} (`,
        h("span", { class: "countdown", dataset: { countdown: m.ValidTo.getTime() } }, ""),
        "). KMS then deletes it and the key goes to Pending import.",
      ),
    );
  }
  const use = USE_TEXT[m.KeyUsage];
  return explain("Enabled", use ? `The key can ${use}.` : STATE_EXPLAIN.Enabled, ...WHY.disable);
}

export async function render(ctx, { args }) {
  const [keyId, section = "general"] = args;
  let basics;
  try {
    basics = await keyBasics(ctx.kms, keyId);
  } catch (e) {
    // A policy saved past the lockout check can shut the console (the root user) out.
    if (e.name === "AccessDeniedException") return renderLockedOut(ctx, keyId, e);
    throw e;
  }
  if (!basics) {
    forgetParams(keyId);
    const tombstone = await renderTombstone(ctx, keyId);
    if (tombstone) return tombstone;
    return h(
      "div",
      { class: "page" },
      h("h1", { tabindex: "-1" }, "Key not found"),
      h(
        "section",
        { class: "panel" },
        h(
          "p",
          { id: "key-gone" },
          `There is no key ${keyId} in ${ctx.region}. A key belongs to one Region: it may be in another (choose it in the navigation). If it was pending deletion, its waiting period ended and KMS deleted it, with its material and aliases.`,
        ),
        h(
          "p",
          null,
          h("a", { href: `#/audit?key=${encodeURIComponent(keyId)}` }, "See its audit events"),
          " · ",
          h("a", { href: "#/keys" }, "Back to the keys"),
        ),
      ),
    );
  }
  const { metadata: m, aliases } = basics;
  const label = keyLabel(m, aliases);
  const sections = SECTIONS.filter(([, , , when]) => !when || when(m));
  const current = sections.find(([id]) => id === section) ?? sections[0];
  const base = `#/keys/${encodeURIComponent(m.KeyId)}`;
  const body = await current[2](ctx, m, aliases);
  return h(
    "div",
    { class: "page key-page", dataset: { keyId: m.KeyId } },
    h("p", { class: "crumbs" }, h("a", { href: "#/keys" }, `Customer managed keys (${ctx.region})`), " › ", label),
    h(
      "div",
      { class: "page-head" },
      h("h1", { tabindex: "-1" }, label, " ", stateBadge(m.KeyState)),
      h("div", { class: "actions key-actions", role: "group", "aria-label": "Key actions" }, actions(ctx, m, label)),
    ),
    await timeNotes(ctx, m),
    stateNote(m, ctx.now(), current[0]),
    arrowKeys(
      h(
        "nav",
        { class: "tabs", "aria-label": "Key sections" },
        sections.map(([id, name]) =>
          h(
            "a",
            { href: `${base}/${id}`, id: `tab-${id}`, "aria-current": id === current[0] ? "page" : null },
            typeof name === "function" ? name(m) : name,
          ),
        ),
      ),
    ),
    h("section", { class: "panel section", id: `section-${current[0]}`, "aria-labelledby": `tab-${current[0]}` }, body),
  );
}

// Regions in the console: the Region selector at the top of the navigation (with the Region in
// the top bar), a multi-Region key's Regionality tab (its primary and replicas, linked, and
// "Replicate to…" on a primary), the wizard's Multi-Region choice and the key list's badge.
// Depends on ../lib/dom.js, ../lib/data.js and ../lib/regions.js; switching is ctx.switchRegion (app.js).

import { rotations as listRotations } from "../lib/data.js";
import { explain, fill, h } from "../lib/dom.js";
import { REGIONS, regionLabel, regionOfArn } from "../lib/regions.js";

/** Regions some call used (from the audit trail), offered beside the list even when not on it. */
const inUse = new Set();

/** The Regions to offer: the list, then any other one in use or current. */
function offered(current) {
  const codes = REGIONS.map(([code]) => code);
  for (const code of [...inUse, current].sort()) if (!codes.includes(code)) codes.push(code);
  return codes;
}

function paintOptions(select, current) {
  fill(
    select,
    offered(current).map((code) => h("option", { value: code, selected: code === current }, regionLabel(code))),
  );
}

/** The selector, built once with the navigation. */
export function regionPicker(ctx) {
  const select = h("select", { id: "region-select", "aria-describedby": "region-hint" });
  paintOptions(select, ctx.region);
  select.addEventListener("change", () => ctx.switchRegion(select.value));
  noteRegionsInUse(ctx);
  return h(
    "div",
    { class: "region-picker" },
    h("label", { for: "region-select" }, "Region"),
    select,
    h(
      "p",
      { class: "hint", id: "region-hint" },
      "Keys, aliases and the audit log are per Region, as in AWS; the virtual clock is one for all.",
    ),
  );
}

/** Shows `ctx.region` as chosen (after a link or Back switched it) in the selector and the top bar. */
export function showRegion(ctx) {
  const select = document.getElementById("region-select");
  if (select && select.value !== ctx.region) {
    if (!offered(ctx.region).every((code) => select.querySelector(`option[value="${code}"]`)))
      paintOptions(select, ctx.region);
    select.value = ctx.region;
  }
  const where = document.getElementById("where-region");
  if (where) where.textContent = ctx.region;
}

/** Adds the Regions the audit trail shows in use (a state imported, a call through the API). */
export async function noteRegionsInUse(ctx) {
  const before = inUse.size;
  // Not worth an error: the list alone still offers every usual Region.
  const events = await ctx.service.auditLog({}).catch(() => []);
  for (const e of events) if (e.awsRegion) inUse.add(e.awsRegion);
  const select = document.getElementById("region-select");
  if (select && inUse.size > before) paintOptions(select, ctx.region);
}

const TYPE_TEXT = { PRIMARY: "Multi-Region primary key", REPLICA: "Multi-Region replica key" };

/** "Single-Region", or which kind of multi-Region key. */
export const regionalityText = (m) => TYPE_TEXT[m.MultiRegionConfiguration?.MultiRegionKeyType] ?? "Single-Region";

/** The key list's mark on a multi-Region key (nothing for a single-Region one). */
export function regionalityBadge(m) {
  const type = m.MultiRegionConfiguration?.MultiRegionKeyType;
  if (!type) return null;
  return h("span", { class: "badge mrk", title: TYPE_TEXT[type] }, type === "PRIMARY" ? "MRK primary" : "MRK replica");
}

const WHAT =
  "A multi-Region key is one key in several Regions: a replica has the same key id and key material as its primary, in another Region, so ciphertext from one decrypts with the other. Each copy is still a key of its own Region, with its own key policy, aliases, grants and state.";

/** The Regionality tab of a multi-Region key. */
export function renderRegionality(ctx, m) {
  const c = m.MultiRegionConfiguration;
  const here = regionOfArn(m.Arn);
  // The same key id in another Region: the link switches the console there.
  const place = (key, id) =>
    key.Region === here
      ? h("span", null, regionLabel(key.Region), h("span", { class: "muted" }, " (this key)"))
      : h(
          "a",
          { href: `#/keys/${encodeURIComponent(m.KeyId)}/regionality?region=${key.Region}`, id },
          regionLabel(key.Region),
        );
  const row = (k, ...v) => [h("dt", null, k), h("dd", null, ...v)];
  const primary = c.MultiRegionKeyType === "PRIMARY";
  return [
    h("h2", null, "Regionality"),
    h("p", null, WHAT),
    h(
      "dl",
      { class: "summary", id: "mrk-config" },
      row("This key", h("span", { id: "mrk-type" }, TYPE_TEXT[c.MultiRegionKeyType] ?? c.MultiRegionKeyType)),
      row("Primary key", place(c.PrimaryKey, "mrk-primary-link")),
      row(
        "Replica keys",
        c.ReplicaKeys.length
          ? h(
              "ul",
              { class: "plain-list", id: "mrk-replicas" },
              c.ReplicaKeys.map((r) => h("li", null, place(r, `replica-link-${r.Region}`))),
            )
          : h("span", { class: "muted", id: "mrk-replicas" }, "None yet."),
      ),
    ),
    primary
      ? replicateForm(ctx, m, c)
      : h(
          "p",
          { class: "hint" },
          "Replicas are made from the primary key: open it to replicate to more Regions. Rotation is managed there too, and reaches every replica.",
        ),
  ];
}

/** "Replicate to…": ReplicateKey, called in the primary's Region, naming the replica's. */
function replicateForm(ctx, m, c) {
  const taken = new Set([c.PrimaryKey.Region, ...c.ReplicaKeys.map((r) => r.Region)]);
  const free = offered(ctx.region).filter((code) => !taken.has(code));
  if (!free.length) return h("p", { class: "hint" }, "This key has a replica in every Region offered here.");
  const select = h(
    "select",
    { id: "replicate-region" },
    free.map((code) => h("option", { value: code }, regionLabel(code))),
  );
  const copyTags = h("input", { type: "checkbox", id: "replicate-tags", checked: true });
  const form = h(
    "form",
    { class: "row-form", id: "replicate-form" },
    h("div", { class: "field" }, h("label", { for: "replicate-region" }, "Replicate to…"), select),
    h("label", { class: "inline-check" }, copyTags, "Give the replica this key's tags"),
    h("button", { type: "submit", id: "replicate-key" }, "Replicate key"),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const region = select.value;
    ctx.act(async () => {
      // KMS never copies tags to a replica: ReplicateKey's Tags are the only way it gets any.
      const { Tags = [] } = copyTags.checked ? await ctx.kms.listResourceTags({ KeyId: m.KeyId }) : {};
      await ctx.kms.replicateKey({ KeyId: m.KeyId, ReplicaRegion: region, ...(Tags.length ? { Tags } : {}) });
    }, `Replica created in ${region}, with this key's id and key material.`);
  });
  return [
    h("h3", null, "Replicate to another Region"),
    h(
      "p",
      { class: "hint" },
      "The replica shares this key's id and key material; its key policy (the default one, as ReplicateKey is called here), aliases, grants and tags are its own (the box below passes this key's tags to ReplicateKey, since KMS copies none).",
    ),
    form,
  ];
}

/** A replica's Key rotation tab: rotation is the primary's to manage. */
export async function replicaRotation(ctx, m) {
  const list = await listRotations(ctx.kms, m.KeyId);
  const primary = m.MultiRegionConfiguration.PrimaryKey.Region;
  return [
    h("h2", null, "Key rotation"),
    explain(
      "Managed on the primary key",
      `This replica's key material is its primary's (in ${primary}): rotation is enabled and done there, and each new material reaches every replica. Rotation calls on a replica answer UnsupportedOperationException.`,
      m.Origin === "EXTERNAL"
        ? "With imported material, each new material must be imported into every replica as well before the primary can rotate to it."
        : null,
    ),
    h("p", { class: "muted" }, `${list.length} rotation${list.length === 1 ? "" : "s"} so far.`),
  ];
}

/** The wizard's Regionality choice (CreateKey's MultiRegion). */
export function multiRegionChoice(draft) {
  return h(
    "fieldset",
    { id: "regionality" },
    h("legend", null, "Regionality"),
    h(
      "p",
      { class: "check" },
      h("input", {
        type: "checkbox",
        id: "multi-region",
        checked: draft.multiRegion,
        "aria-describedby": "multi-region-hint",
        onChange: (e) => (draft.multiRegion = e.target.checked),
      }),
      h(
        "label",
        { for: "multi-region" },
        h("strong", null, "Multi-Region key"),
        h(
          "span",
          { class: "hint", id: "multi-region-hint" },
          " — a primary key you can replicate to other Regions: each replica has the same key id and key material, so data encrypted in one Region decrypts in another.",
        ),
      ),
    ),
  );
}

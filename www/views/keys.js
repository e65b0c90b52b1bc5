// The key list of the chosen Region: alias, key id (marked when multi-Region), state (badge), key
// spec, origin, rotation and creation date for every key, filtered by state (and by text), with
// the state meanings explained beneath, and why time put a key in its state (./why.js).
// Depends on ../lib/dom.js, ../lib/format.js, ../lib/data.js, ./common.js, ./regions.js and ./why.js.

import { listAllKeys } from "../lib/data.js";
import { h } from "../lib/dom.js";
import { fmtDate, fmtDay } from "../lib/format.js";
import { STATE_EXPLAIN, stateBadge } from "./common.js";
import { regionalityBadge } from "./regions.js";
import { listReasons } from "./why.js";

const FILTERS = [
  ["", "All states"],
  ["Enabled", "Enabled"],
  ["Disabled", "Disabled"],
  ["PendingDeletion", "Pending deletion"],
  ["PendingImport", "Pending import"],
  ["PendingReplicaDeletion", "Pending replica deletion"],
];

function rotationText(k) {
  const m = k.metadata;
  if (m.KeyManager === "AWS") return "Yearly (AWS managed)";
  if (m.KeySpec !== "SYMMETRIC_DEFAULT") return "Not supported";
  if (m.Origin === "EXTERNAL") return "On demand";
  if (!k.rotation) return "—";
  return k.rotation.KeyRotationEnabled ? `Every ${k.rotation.RotationPeriodInDays} days` : "Off";
}

/** A key whose policy refuses the console's caller DescribeKey: only what ListKeys gives. */
function deniedRow(k, href) {
  return h(
    "tr",
    { dataset: { keyId: k.metadata.KeyId, state: "denied" }, title: k.denied.message },
    h("td", { "data-label": "Aliases" }, k.aliases.join(", ") || h("span", { class: "muted" }, "—")),
    h("td", { class: "mono", "data-label": "Key ID" }, h("a", { href, class: "key-link" }, k.metadata.KeyId)),
    h("td", { "data-label": "Status" }, h("span", { class: "badge state-denied" }, "No access")),
    h("td", { class: "col-opt muted", colspan: 4 }, "The key policy does not let the console describe this key."),
  );
}

export async function render(ctx, { query }) {
  const keys = await listAllKeys(ctx.kms);
  const reasons = await listReasons(ctx, keys);
  const state = query.get("state") ?? "";
  const text = (query.get("q") ?? "").toLowerCase();
  const shown = keys.filter(
    (k) =>
      (!state || k.metadata.KeyState === state) &&
      (!text || [k.metadata.KeyId, k.metadata.Description, ...k.aliases].some((s) => s?.toLowerCase().includes(text))),
  );

  const select = h(
    "select",
    { id: "state-filter", "aria-label": "Filter by state" },
    FILTERS.map(([value, label]) => h("option", { value, selected: value === state }, label)),
  );
  const search = h("input", {
    type: "search",
    id: "key-search",
    placeholder: "Find by alias, id or description",
    value: query.get("q") ?? "",
    "aria-label": "Find keys",
  });
  const apply = () => {
    const q = new URLSearchParams();
    if (select.value) q.set("state", select.value);
    if (search.value) q.set("q", search.value);
    location.hash = `#/keys${q.size ? `?${q}` : ""}`;
  };
  select.addEventListener("change", apply);
  search.addEventListener("keydown", (e) => e.key === "Enter" && apply());

  const rows = shown.map((k) => {
    const m = k.metadata;
    const href = `#/keys/${encodeURIComponent(m.KeyId)}`;
    if (k.denied) return deniedRow(k, href);
    return h(
      "tr",
      { dataset: { keyId: m.KeyId, state: m.KeyState, multiRegion: m.MultiRegionConfiguration?.MultiRegionKeyType } },
      h(
        "td",
        { "data-label": "Aliases" },
        k.aliases.length ? h("a", { href }, k.aliases.join(", ")) : h("span", { class: "muted" }, "—"),
      ),
      h(
        "td",
        { class: "mono", "data-label": "Key ID" },
        h("a", { href, class: "key-link" }, m.KeyId),
        " ",
        regionalityBadge(m),
      ),
      h(
        "td",
        { "data-label": "Status" },
        stateBadge(m.KeyState),
        reasons.has(m.KeyId) ? h("span", { class: "hint state-why" }, reasons.get(m.KeyId)) : null,
      ),
      h("td", { class: "col-opt mono" }, m.KeySpec),
      h("td", { class: "col-opt" }, m.Origin === "EXTERNAL" ? "External" : "KMS"),
      h("td", { class: "col-opt" }, rotationText(k)),
      h("td", { class: "col-opt nowrap", title: fmtDate(m.CreationDate) }, fmtDay(m.CreationDate)),
    );
  });

  return h(
    "div",
    { class: "page" },
    h(
      "div",
      { class: "page-head" },
      h("h1", { tabindex: "-1" }, "Customer managed keys"),
      h("a", { class: "button primary", href: "#/create", id: "create-key-link" }, "Create key"),
    ),
    h(
      "p",
      { class: "hint", id: "keys-region" },
      `The keys in ${ctx.region}. Every Region has its own keys: choose another in the navigation.`,
    ),
    h(
      "section",
      { class: "panel" },
      h(
        "div",
        { class: "toolbar" },
        search,
        select,
        h(
          "span",
          { class: "count", "aria-live": "polite" },
          `${shown.length} of ${keys.length} key${keys.length === 1 ? "" : "s"}`,
        ),
      ),
      keys.length === 0
        ? h(
            "div",
            { class: "empty" },
            h("p", null, `No keys in ${ctx.region} yet.`),
            h(
              "p",
              null,
              "Create one with material generated by KMS, or with material you import yourself (origin External).",
            ),
            h("a", { class: "button primary", href: "#/create" }, "Create your first key"),
          )
        : h(
            "div",
            { class: "table-wrap" },
            h(
              "table",
              { class: "keys stack", id: "keys-table" },
              h("caption", { class: "visually-hidden" }, "Keys"),
              h(
                "thead",
                null,
                h(
                  "tr",
                  null,
                  h("th", { scope: "col" }, "Aliases"),
                  h("th", { scope: "col" }, "Key ID"),
                  h("th", { scope: "col" }, "Status"),
                  h("th", { scope: "col", class: "col-opt" }, "Key spec"),
                  h("th", { scope: "col", class: "col-opt" }, "Origin"),
                  h("th", { scope: "col", class: "col-opt" }, "Key rotation"),
                  h("th", { scope: "col", class: "col-opt" }, "Created"),
                ),
              ),
              h(
                "tbody",
                null,
                rows.length
                  ? rows
                  : h("tr", null, h("td", { colspan: 7, class: "muted" }, "No key matches this filter.")),
              ),
            ),
          ),
    ),
    h(
      "section",
      { class: "panel states-help" },
      h("h2", null, "What the states mean"),
      h(
        "dl",
        { class: "states" },
        Object.entries(STATE_EXPLAIN).map(([st, text]) => [h("dt", null, stateBadge(st)), h("dd", null, text)]),
      ),
    ),
  );
}

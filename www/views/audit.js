// The audit log of the chosen Region, CloudTrail style: newest first, filtered by key, event
// name, failed calls and alarms; failed calls stand out, alarms (use of a key pending deletion)
// stand out more, and each event opens to its full JSON. `?focus=<eventID>` highlights one
// event (the alarm banner links here). Depends on ../lib/dom.js, ../lib/format.js and ../lib/data.js.

import { aliasesByKey } from "../lib/data.js";
import { h } from "../lib/dom.js";
import { fmtDate } from "../lib/format.js";

const LIMIT = 500;
/** The console's own browsing calls: hidden by default when they succeed. */
const READ = /^(Describe|List|Get(?!ParametersForImport))/;

/** Why KMS did it on its own: what each scheduled event means, beside its name. */
const SERVICE_WHY = {
  DeleteExpiredKeyMaterial: "The imported material reached the expiry date (ValidTo) set at import.",
  RotateKey: "Automatic rotation: the key's rotation period came round.",
  DeleteKey: "The waiting period set by ScheduleKeyDeletion ended.",
};

function keyOf(e) {
  return e.serviceEventDetails?.keyId ?? e.resources?.[0]?.ARN?.split("/").pop();
}

export async function render(ctx, { query }) {
  const all = await ctx.kms.auditLog({}); // the view's: this Region's events only
  const aliases = await aliasesByKey(ctx.kms);
  const focus = query.get("focus");
  const f = {
    key: query.get("key") ?? "",
    event: query.get("event") ?? "",
    failed: query.get("failed") === "1",
    alarms: query.get("alarms") === "1",
    reads: query.get("reads") === "1",
  };
  const keyIds = [...new Set(all.map(keyOf).filter(Boolean))];
  const names = [...new Set(all.map((e) => e.eventName))].sort();
  const shown = all
    .filter(
      (e) =>
        e.eventID === focus ||
        ((!f.key || keyOf(e) === f.key) &&
          (!f.event || e.eventName === f.event) &&
          (!f.failed || e.errorCode) &&
          (!f.alarms || e.alarm) &&
          (f.reads || e.errorCode || !READ.test(e.eventName))),
    )
    .reverse();

  const keySel = h(
    "select",
    { id: "audit-key", "aria-label": "Key" },
    h("option", { value: "" }, "All keys"),
    keyIds.map((id) =>
      h(
        "option",
        { value: id, selected: id === f.key },
        aliases.get(id)?.[0] ? `${aliases.get(id)[0]} (${id.slice(0, 8)}…)` : id,
      ),
    ),
  );
  const eventSel = h(
    "select",
    { id: "audit-event", "aria-label": "Event name" },
    h("option", { value: "" }, "All events"),
    names.map((n) => h("option", { value: n, selected: n === f.event }, n)),
  );
  const box = (id, label, checked) =>
    h("label", { class: "inline-check" }, h("input", { type: "checkbox", id, checked }), " ", label);
  const filters = h(
    "form",
    { class: "toolbar", id: "audit-filters" },
    keySel,
    eventSel,
    box("audit-failed", "Failed only", f.failed),
    box("audit-alarms", "Alarms only", f.alarms),
    box("audit-reads", "Include the console's reads", f.reads),
  );
  filters.addEventListener("change", () => {
    const q = new URLSearchParams();
    if (keySel.value) q.set("key", keySel.value);
    if (eventSel.value) q.set("event", eventSel.value);
    if (filters.querySelector("#audit-failed").checked) q.set("failed", "1");
    if (filters.querySelector("#audit-alarms").checked) q.set("alarms", "1");
    if (filters.querySelector("#audit-reads").checked) q.set("reads", "1");
    location.hash = `#/audit${q.size ? `?${q}` : ""}`;
  });

  const rows = shown.slice(0, LIMIT).flatMap((e) => {
    const id = keyOf(e);
    const label = id ? (aliases.get(id)?.[0] ?? `${id.slice(0, 8)}…`) : "—";
    const open = e.eventID === focus;
    const json = h(
      "tr",
      { class: "json-row", hidden: !open },
      h("td", { colspan: 6 }, h("pre", { class: "code", tabindex: "0" }, JSON.stringify(e, null, 2))),
    );
    const toggle = h(
      "button",
      {
        type: "button",
        class: "small",
        "aria-expanded": String(open),
        onClick: () => {
          json.hidden = !json.hidden;
          toggle.setAttribute("aria-expanded", String(!json.hidden));
        },
      },
      "JSON",
    );
    return [
      h(
        "tr",
        {
          class: [e.errorCode && "failed", e.alarm && "alarm", e.eventID === focus && "focus"],
          id: `event-${e.eventID}`,
          dataset: { event: e.eventName },
        },
        h("td", { class: "nowrap", "data-label": "Time" }, fmtDate(e.eventTime, { seconds: true })),
        h(
          "td",
          { "data-label": "Event" },
          e.eventName,
          e.alarm ? h("span", { class: "badge alarm-badge" }, "ALARM") : null,
          e.eventType === "AwsServiceEvent" && SERVICE_WHY[e.eventName]
            ? h("span", { class: "hint service-why" }, SERVICE_WHY[e.eventName])
            : null,
        ),
        h(
          "td",
          { "data-label": "Key" },
          id ? h("a", { href: `#/keys/${encodeURIComponent(id)}`, title: id }, label) : "—",
        ),
        h(
          "td",
          { "data-label": "Result" },
          e.errorCode
            ? h("span", { class: "error-code", title: e.errorMessage ?? "" }, e.errorCode)
            : h("span", { class: "ok-text" }, "Success"),
        ),
        h(
          "td",
          { class: "col-opt", "data-label": "Source" },
          e.eventType === "AwsServiceEvent" ? "KMS (scheduled)" : (e.userAgent ?? "").split(" ")[0] || "caller",
        ),
        h("td", null, toggle),
      ),
      json,
    ];
  });

  const page = h(
    "div",
    { class: "page" },
    h("div", { class: "page-head" }, h("h1", { tabindex: "-1" }, "Audit log")),
    h(
      "p",
      { class: "hint" },
      "Every call and every scheduled event (rotation, deletion, material expiry), as CloudTrail records them. Plaintext and key material are never logged.",
    ),
    h(
      "p",
      { class: "hint", id: "audit-region" },
      `Events in ${ctx.region} only: CloudTrail records each event in the Region where it happened. Choose another Region in the navigation to see its events.`,
    ),
    h(
      "section",
      { class: "panel" },
      filters,
      h(
        "p",
        { class: "count", "aria-live": "polite" },
        shown.length > LIMIT
          ? `Newest ${LIMIT} of ${shown.length} events.`
          : `${shown.length} event${shown.length === 1 ? "" : "s"}.`,
      ),
      h(
        "div",
        { class: "table-wrap" },
        h(
          "table",
          { class: "audit stack", id: "audit-table" },
          h("caption", { class: "visually-hidden" }, "Audit events, newest first"),
          h(
            "thead",
            null,
            h(
              "tr",
              null,
              ["Time (UTC)", "Event", "Key", "Result", "Source", "Details"].map((c, i) =>
                h("th", { scope: "col", class: i === 4 ? "col-opt" : null }, c),
              ),
            ),
          ),
          h(
            "tbody",
            null,
            rows.length
              ? rows
              : h("tr", null, h("td", { colspan: 6, class: "muted" }, "No event matches these filters.")),
          ),
        ),
      ),
    ),
  );
  if (focus) {
    requestAnimationFrame(() => {
      const row = document.getElementById(`event-${focus}`);
      row?.scrollIntoView({ block: "center" });
    });
  }
  return page;
}

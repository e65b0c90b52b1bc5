// The virtual clock bar: the service's "now" (it runs like a real clock, plus however far it
// was moved), buttons that jump ahead, and a form to set any date. After a jump it says what
// fell due meanwhile (rotations, deletions, expiries), each of which the service carried out
// at its own due time. Depends on ../lib/dom.js and ../lib/format.js.

import { fill, h } from "../lib/dom.js";
import { fmtDate } from "../lib/format.js";

const DAY = 86_400;
const JUMPS = [
  ["clock-1d", "+1 day", DAY],
  ["clock-30d", "+30 days", 30 * DAY],
  ["clock-1y", "+1 year", 365 * DAY],
];

/** Service events (rotations, deletions, expiries) recorded after sequence number `after`. */
async function happened(kms, after) {
  const events = await kms.auditLog({});
  const counts = new Map();
  for (const e of events) {
    if ((e.eventSequence ?? 0) > after && e.eventType === "AwsServiceEvent")
      counts.set(e.eventName, (counts.get(e.eventName) ?? 0) + 1);
  }
  return [...counts].map(([name, n]) => (n > 1 ? `${name} ×${n}` : name)).join(", ");
}

async function lastSequence(kms) {
  const events = await kms.auditLog({});
  return events.at(-1)?.eventSequence ?? 0;
}

async function move(ctx, how) {
  try {
    // Every Region's events: what falls due with the clock happens in all of them.
    const before = await lastSequence(ctx.service);
    const now = await how();
    const what = await happened(ctx.service, before);
    ctx.notify(`Virtual time is now ${fmtDate(now)}.${what ? ` Meanwhile: ${what}.` : " Nothing fell due."}`);
  } catch (e) {
    ctx.fail(e);
  }
  await ctx.refresh();
}

/** How far virtual time is from real time, in words. */
export function offsetText(ctx) {
  const ahead = ctx.now().getTime() - Date.now();
  const days = Math.round(ahead / (DAY * 1000));
  if (Math.abs(ahead) < 60_000) return "same as real time";
  if (days === 0) return ahead > 0 ? "a few hours ahead of real time" : "a few hours behind real time";
  return days > 0 ? `${days} days ahead of real time` : `${-days} days behind real time`;
}

export function renderClockBar(ctx, bar) {
  const offset = h("span", { class: "offset", id: "clock-offset" }, offsetText(ctx));
  const input = h("input", {
    type: "datetime-local",
    id: "clock-date",
    step: "60",
    required: true,
    "aria-label": "New virtual date and time (UTC)",
  });
  const setForm = h(
    "form",
    { class: "set-date", hidden: true },
    input,
    h("span", { class: "utc" }, "UTC"),
    h("button", { type: "submit", class: "primary", id: "clock-set-apply" }, "Set"),
    h("button", { type: "button", onClick: () => (setForm.hidden = true) }, "Cancel"),
  );
  setForm.addEventListener("submit", (e) => {
    e.preventDefault();
    const when = new Date(`${input.value}Z`);
    if (Number.isNaN(when.getTime())) return ctx.notify("Enter a date and time.", "error");
    setForm.hidden = true;
    move(ctx, () => ctx.service.setClock(when));
  });
  fill(
    bar,
    h(
      "div",
      { class: "now" },
      h("span", { class: "label" }, "Virtual time"),
      h(
        "time",
        { class: "value", id: "clock-now", "data-now": "s", "aria-live": "off" },
        fmtDate(ctx.now(), { seconds: true }),
      ),
      offset,
    ),
    h(
      "div",
      { class: "jumps", role: "group", "aria-label": "Move virtual time" },
      JUMPS.map(([id, label, seconds]) =>
        h("button", { type: "button", id, onClick: () => move(ctx, () => ctx.service.advanceClock(seconds)) }, label),
      ),
      h(
        "button",
        {
          type: "button",
          id: "clock-set",
          onClick: () => {
            input.value = ctx.now().toISOString().slice(0, 16);
            setForm.hidden = false;
            input.focus();
          },
        },
        "Set date…",
      ),
    ),
    setForm,
  );
}

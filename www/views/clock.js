// The virtual clock bar: the service's "now" (it runs like a real clock, plus however far it
// was moved), buttons that jump ahead, "Jump to next event" (the soonest rotation, token or
// material expiry or deletion of any key, named beside it), and a form to set a later date (an
// earlier one is refused: AWS time never runs backwards). After a move it says what fell due
// meanwhile, each of which the service carried out at its own due time.
// Depends on ../lib/dom.js, ../lib/format.js, ../lib/schedule.js and ./why.js (the sentences).

import { fill, h } from "../lib/dom.js";
import { fmtDate } from "../lib/format.js";
import { earliest, soonest, upcoming } from "../lib/schedule.js";
import { serviceEventSentences } from "./why.js";

const DAY = 86_400;
const JUMPS = [
  ["clock-1d", "+1 day", DAY],
  ["clock-30d", "+30 days", 30 * DAY],
  ["clock-1y", "+1 year", 365 * DAY],
];

/** Why the clock never goes back, said wherever a date is refused. */
const NEVER_BACK =
  "AWS time never runs backwards: what the audit log holds has already happened, and moving the clock back would put it in the future, so the audit trail would lie.";

/** How to show an earlier moment all the same: the whole state goes back together. */
const REWIND =
  "To go back, import a state exported earlier (Demo state › Import state): keys, audit log and clock return together.";

/** Service events (rotations, deletions, expiries) recorded after sequence number `after`. */
/** What fell due since event `after`, in sentences naming each key (./why.js). */
async function happened(ctx, after) {
  const events = (await ctx.service.auditLog({})).filter((e) => (e.eventSequence ?? 0) > after);
  return (await serviceEventSentences(ctx, events)).join(" ");
}

async function lastSequence(kms) {
  const events = await kms.auditLog({});
  return events.at(-1)?.eventSequence ?? 0;
}

async function move(ctx, how, why = "") {
  try {
    // Every Region's events: what falls due with the clock happens in all of them.
    const before = await lastSequence(ctx.service);
    const now = await how();
    const what = await happened(ctx, before);
    ctx.notify(`${why}Virtual time is now ${fmtDate(now)}. ${what || "Nothing fell due."}`);
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

/** "key orders rotates", or "key orders rotates and key byok is deleted" for events at one moment. */
function sentence(events) {
  const texts = events.map((x) => x.text);
  if (texts.length <= 2) return texts.join(" and ");
  return `${texts[0]} and ${texts.length - 1} other events`;
}

/** `YYYY-MM-DDTHH:MM` for a datetime-local input, rounded up to the minute. */
const minuteUp = (t) => new Date(Math.ceil(t / 60_000) * 60_000).toISOString().slice(0, 16);

/** The "Jump to next event" button and the sentence beside it, kept current by `update()`. */
function nextEvent(ctx) {
  const what = h("span", { class: "next-what", id: "clock-next-what" }, "Next event: …");
  const button = h(
    "button",
    { type: "button", id: "clock-next", disabled: true, "aria-describedby": "clock-next-what" },
    "Jump to next event",
  );
  let reading, again;
  /** Reads the schedule again; a call during a reading makes one more reading after it. */
  async function update(fresh = false) {
    if (reading) {
      again = true;
      return reading;
    }
    reading = (async () => {
      try {
        const next = soonest(await upcoming(ctx.service, ctx.region, { fresh }));
        button.disabled = !next.length;
        const text = next.length
          ? `Next: ${sentence(next)} on ${fmtDate(next[0].t)}.`
          : "Nothing is scheduled: no rotation, import token expiry, material expiry or deletion ahead.";
        // Written only when it changes: it is read again after every view, mostly to the same words.
        if (what.textContent !== text) what.textContent = text;
        what.title = next.map((x) => x.text).join("\n");
        return next;
      } catch {
        // The state could not be read (a failed save is shown by its own banner): say so quietly.
        button.disabled = true;
        what.textContent = "The schedule could not be read.";
        return [];
      } finally {
        reading = undefined;
        if (again) {
          again = false;
          update();
        }
      }
    })();
    return reading;
  }
  button.addEventListener("click", async () => {
    const next = await update(true);
    if (!next.length) return ctx.notify("Nothing is scheduled.", "error");
    move(ctx, () => ctx.service.setClock(new Date(next[0].t)), `Jumped to the next event: ${sentence(next)}. `);
  });
  return { node: h("div", { class: "next-event" }, button, what), update };
}

/** The set-date form: a date before now (or the audit trail's last event) is refused, with why. */
function setDateForm(ctx) {
  const input = h("input", {
    type: "datetime-local",
    id: "clock-date",
    step: "60",
    required: true,
    "aria-describedby": "clock-floor clock-refused",
  });
  const note = h("p", { class: "hint clock-floor", id: "clock-floor" });
  const refused = h("p", { class: "form-error clock-refused", id: "clock-refused", role: "alert" });
  const form = h(
    "form",
    { class: "set-date", hidden: true, novalidate: true },
    h(
      "div",
      { class: "set-date-row" },
      h("label", { for: "clock-date" }, "New virtual time"),
      input,
      h("span", { class: "utc" }, "UTC"),
      h("button", { type: "submit", class: "primary", id: "clock-set-apply" }, "Set"),
      h("button", { type: "button", onClick: () => (form.hidden = true) }, "Cancel"),
    ),
    note,
    refused,
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const when = new Date(`${input.value}Z`);
    if (!input.value || Number.isNaN(when.getTime())) {
      refused.textContent = "Enter a date and time.";
      return input.focus();
    }
    const floor = await earliest(ctx.service);
    if (when.getTime() < floor.t) {
      // Refused here: the engine would go back, but the console keeps AWS's rule.
      const what = floor.event
        ? `the last event in the audit log (${floor.event.eventName} at ${fmtDate(floor.t, { seconds: true })})`
        : `virtual now (${fmtDate(floor.t, { seconds: true })})`;
      refused.textContent = `Refused: ${fmtDate(when)} is before ${what}. The clock did not move. ${NEVER_BACK} ${REWIND}`;
      return input.focus();
    }
    form.hidden = true;
    move(ctx, () => ctx.service.setClock(when));
  });
  async function open() {
    refused.textContent = "";
    const floor = await earliest(ctx.service);
    input.min = minuteUp(floor.t);
    input.value = input.min;
    form.hidden = false;
    input.focus();
    note.textContent = `From ${fmtDate(floor.t, { seconds: true })} on: the clock only moves forward, as AWS's does.`;
  }
  return { form, open };
}

/** Draws the clock bar into `bar`; returns the function that reads the schedule again. */
export function renderClockBar(ctx, bar) {
  const offset = h("span", { class: "offset", id: "clock-offset" }, offsetText(ctx));
  const next = nextEvent(ctx);
  const setDate = setDateForm(ctx);
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
      h("button", { type: "button", id: "clock-set", onClick: setDate.open }, "Set date…"),
    ),
    next.node,
    setDate.form,
  );
  next.update();
  // The shell calls this after each view it draws (after any action, a move of the clock or a
  // new page), which may have changed the schedule; the reading is cached until something does.
  return next.update;
}

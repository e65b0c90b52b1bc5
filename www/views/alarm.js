// The alarm banner: AWS suggests a CloudWatch alarm on attempts to use a key pending deletion,
// because such an attempt means something still depends on the key. The service raises an
// alarm event for each, in any Region; this shows the latest one not yet dismissed, linking to
// the audit event and the key in their Region. Once the key is deleted the alarm has nothing left to
// save, so the banner closes. Depends on ../lib/dom.js, ../lib/format.js and ../lib/memory.js.

import { aliasesByKey } from "../lib/data.js";
import { fill, h } from "../lib/dom.js";
import { fmtDate } from "../lib/format.js";
import { dismissAlarm, dismissedAlarms } from "../lib/memory.js";

function keyIdOf(event) {
  return event.resources?.[0]?.ARN?.split("/").pop();
}

/** Whether KMS deleted the alarm's key (in the alarm's Region) since. */
async function keyDeleted(ctx, event) {
  const keyId = keyIdOf(event);
  if (!keyId) return false;
  const events = await ctx.service.auditLog({ keyId });
  return events.some((e) => e.eventName === "DeleteKey" && !e.errorCode && e.awsRegion === event.awsRegion);
}

async function show(ctx, slot, event) {
  const keyId = keyIdOf(event);
  slot.dataset.eventId = event.eventID;
  // Aliases and key ids are per Region: the event's, which may not be the one shown.
  const region = event.awsRegion;
  const alias = keyId ? (await aliasesByKey(ctx.service.inRegion(region))).get(keyId)?.[0] : undefined;
  fill(
    slot,
    h(
      "div",
      { class: "banner alarm", role: "alert", id: "alarm-banner" },
      h(
        "div",
        { class: "alarm-text" },
        h("strong", null, "Alarm: a key pending deletion was used. "),
        `${event.eventName} tried to use ${alias ? `${alias} (${keyId})` : `key ${keyId}`} in ${region} at ${fmtDate(event.eventTime)} and failed. `,
        "Something still depends on this key: if that use is legitimate, cancel the deletion before the waiting period ends.",
      ),
      h(
        "div",
        { class: "alarm-actions" },
        h(
          "a",
          { href: `#/audit?focus=${encodeURIComponent(event.eventID)}&region=${region}`, id: "alarm-event-link" },
          "View the event",
        ),
        keyId ? h("a", { href: `#/keys/${encodeURIComponent(keyId)}?region=${region}` }, "Open the key") : null,
        h(
          "button",
          {
            type: "button",
            id: "alarm-dismiss",
            onClick: () => {
              dismissAlarm(event.eventID);
              close(slot);
            },
          },
          "Dismiss",
        ),
      ),
    ),
  );
}

function close(slot) {
  delete slot.dataset.eventId;
  slot.replaceChildren();
}

export async function initAlarms(ctx, banners) {
  const slot = h("div", { class: "alarm-slot" });
  banners.append(slot);
  let shown;
  ctx.service.onAlarm((event) => {
    shown = event;
    show(ctx, slot, event);
  });
  // The key is deleted when the clock passes its deletion date, and every clock move (like every
  // change) draws the view again: that is when to look.
  new MutationObserver(async () => {
    if (!shown || slot.dataset.eventId !== shown.eventID) return;
    if (await keyDeleted(ctx, shown)) close(slot);
  }).observe(document.getElementById("view"), { childList: true });
  const dismissed = dismissedAlarms();
  const latest = (await ctx.service.auditLog({ alarmsOnly: true })).filter((e) => !dismissed.has(e.eventID)).at(-1);
  if (latest && !(await keyDeleted(ctx, latest))) {
    shown = latest;
    show(ctx, slot, latest);
  }
}

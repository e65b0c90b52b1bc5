// The alarm banner: AWS suggests a CloudWatch alarm on attempts to use a key pending deletion,
// because such an attempt means something still depends on the key. The service raises an
// alarm event for each, in any Region; this shows the latest one not yet dismissed, linking to
// the audit event and the key in their Region. Depends on ../lib/dom.js, ../lib/format.js and ../lib/memory.js.

import { aliasesByKey } from "../lib/data.js";
import { fill, h } from "../lib/dom.js";
import { fmtDate } from "../lib/format.js";
import { dismissAlarm, dismissedAlarms } from "../lib/memory.js";

function keyIdOf(event) {
  return event.resources?.[0]?.ARN?.split("/").pop();
}

async function show(ctx, slot, event) {
  const keyId = keyIdOf(event);
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
              slot.replaceChildren();
            },
          },
          "Dismiss",
        ),
      ),
    ),
  );
}

export async function initAlarms(ctx, banners) {
  const slot = h("div", { class: "alarm-slot" });
  banners.append(slot);
  ctx.service.onAlarm((event) => show(ctx, slot, event));
  const dismissed = dismissedAlarms();
  const latest = (await ctx.service.auditLog({ alarmsOnly: true })).filter((e) => !dismissed.has(e.eventID)).at(-1);
  if (latest) show(ctx, slot, latest);
}

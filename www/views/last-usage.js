// A key's last cryptographic use (GetKeyLastUsage) in a sentence, with the advice that goes
// with it: shown in the schedule-deletion dialog, where it matters most.
// Depends on ../lib/dom.js and ../lib/format.js.

import { h } from "../lib/dom.js";
import { fmtDate } from "../lib/format.js";

const ADVICE =
  "Before deleting a key, look for recent use (here and in the audit log), and disable it first for a while: whatever still needs it then fails where you can see it, and Enable brings it back.";

/** "Last used: Encrypt on <date> (CloudTrail event <id>)", or since when nothing used it. */
export async function lastUsageLine(ctx, m) {
  let text;
  try {
    const r = await ctx.kms.getKeyLastUsage({ KeyId: m.KeyId });
    const u = r.KeyLastUsage;
    text = u?.Operation
      ? `Last used: ${u.Operation} on ${fmtDate(u.Timestamp, { seconds: true })} (CloudTrail event ${u.CloudTrailEventId}).`
      : `No cryptographic use since tracking began on ${fmtDate(r.TrackingStartDate)}.`;
  } catch (e) {
    // The dialog still opens: a policy may deny GetKeyLastUsage and allow ScheduleKeyDeletion.
    text = `The last use could not be read (${e.name}: ${e.message}).`;
  }
  return h(
    "div",
    { class: "explain", id: "deletion-last-used" },
    h("p", null, h("strong", { id: "deletion-last-used-text" }, text)),
    h("p", null, ADVICE),
  );
}

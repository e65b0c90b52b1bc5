// Lesson 5, disabling and deleting safely: a key in use is disabled first, a failed call shows
// in the audit log, deletion is scheduled, a use while pending deletion raises the alarm, and
// the learner cancels or lets the waiting period end. Checked in the audit log (deletion is the
// service's DeleteKey event). Depends on ./course.js and ./parts.js.

import { first } from "./course.js";
import { c, keyHref, lessonKey, makeLessonKey, need, tagHow } from "./parts.js";

const needKey = (f) => need(f.key, "Do step 1 first: this lesson needs its key.");

export default {
  goal: "Retire a key without losing data by surprise: disable it first and watch for failures, then schedule its deletion, answer the alarm, and cancel (or let it happen).",
  why: [
    "Deleting a KMS key is the one thing that cannot be undone: its key material goes, and every ciphertext made under it can never be decrypted again, by anyone. So KMS never deletes at once: ScheduleKeyDeletion waits 7 to 30 days (30 by default), during which the key is Pending deletion and the deletion can be cancelled (see the AWS KMS Developer Guide's pages on deleting keys).",
    "Disable first: DisableKey stops every use at once and EnableKey undoes it. A failed call in the audit log during that time (DisabledException) tells you something still depends on the key, while it is still harmless.",
    "While a key is pending deletion, any attempt to use it fails and is worth an alarm: AWS suggests a CloudWatch alarm on such CloudTrail events. This console raises one itself.",
    "What deletion destroys: the key material, the key's metadata and its aliases. What it does not: the audit log, which keeps every event of the key.",
  ],
  facts: (f) => {
    // A deleted key no longer exists: its id is still known from the CreateKey event.
    const key = lessonKey(f);
    const id = key?.id ?? [...f.ids][0];
    const at = (e) => e?.eventSequence;
    const encrypted = first(f, { name: "Encrypt", key: id, ok: true });
    const disabled = first(f, { name: "DisableKey", key: id, ok: true });
    const noticed = disabled && first(f, { key: id, error: "DisabledException", after: at(disabled) });
    const scheduled = first(f, { name: "ScheduleKeyDeletion", key: id, ok: true });
    const alarm = scheduled && first(f, { key: id, after: at(scheduled), where: (e) => Boolean(e.alarm) });
    const cancelled = alarm && first(f, { name: "CancelKeyDeletion", key: id, ok: true, after: at(alarm) });
    const deleted = alarm && first(f, { name: "DeleteKey", key: id, service: true, after: at(alarm) });
    return { key, id, encrypted, disabled, noticed, scheduled, alarm, cancelled, deleted };
  },
  steps: [
    {
      id: "create",
      title: "Create a key",
      how: ["Create a symmetric key with the defaults. ", ...tagHow(5)],
      where: () => ["#/create?fresh", "Create key"],
      done: (f) => Boolean(f.id),
      show: async (ctx, f) => {
        const { alias } = await makeLessonKey(ctx, f, { alias: "lesson5", description: "Lesson 5: a key to retire" });
        return [`Made ${alias}, tagged lesson=5.`];
      },
    },
    {
      id: "encrypt",
      title: "Put some data under it",
      how: ["On “Try it”, Encrypt a short text: now something depends on this key."],
      where: (f) => f.key && [keyHref(f.key, "crypto"), "Try it"],
      done: (f) => Boolean(f.encrypted),
      show: async (ctx, f) => {
        const out = await ctx.kms.encrypt({
          KeyId: needKey(f).id,
          Plaintext: new TextEncoder().encode("payroll 2024"),
        });
        return [`Encrypted 12 bytes: ${out.CiphertextBlob.length} bytes of ciphertext that only this key can decrypt.`];
      },
    },
    {
      id: "disable",
      title: "Disable it first",
      how: ["On the key's page, press Disable. Nothing is lost, and Enable undoes it."],
      where: (f) => f.key && [keyHref(f.key), "The key"],
      done: (f) => Boolean(f.disabled),
      show: async (ctx, f) => {
        await ctx.kms.disableKey({ KeyId: needKey(f).id });
        return ["DisableKey: the key is Disabled. Every use now fails, and every failure is in the audit log."];
      },
    },
    {
      id: "watch",
      title: "Watch the audit log",
      how: [
        "Play the forgotten application: on “Try it”, Encrypt or Decrypt with the disabled key. It fails with ",
        c("DisabledException"),
        ". Then open the audit log (the link shows this key's failed calls, as “Failed only” does) and find it.",
      ],
      where: (f) => f.id && [`#/audit?key=${encodeURIComponent(f.id)}&failed=1`, "Audit log: failed calls"],
      done: (f) => Boolean(f.noticed),
      show: async (ctx, f) => {
        need(f.disabled, "Do step 3 first: the key is not disabled yet.");
        try {
          await ctx.kms.encrypt({ KeyId: needKey(f).id, Plaintext: new TextEncoder().encode("still here?") });
          return ["Unexpected: the key encrypted. Is it enabled again?"];
        } catch (e) {
          return [
            `Encrypt failed: ${e.name}. The audit log (failed calls) shows who called and when: in real life, find that caller before going further.`,
          ];
        }
      },
    },
    {
      id: "schedule",
      title: "Schedule the deletion",
      how: [
        "On the key's page, press “Schedule key deletion”. Read the dialog: it shows the key's last use. Choose a waiting period (7 to 30 days) and confirm.",
      ],
      where: (f) => f.key && [keyHref(f.key), "The key"],
      done: (f) => Boolean(f.scheduled),
      show: async (ctx, f) => {
        const out = await ctx.kms.scheduleKeyDeletion({ KeyId: needKey(f).id, PendingWindowInDays: 7 });
        return [
          `ScheduleKeyDeletion with 7 days: the key is Pending deletion until ${out.DeletionDate.toISOString().slice(0, 16).replace("T", " ")} UTC, and can still be cancelled.`,
        ];
      },
    },
    {
      id: "alarm",
      title: "Use it once more: the alarm fires",
      how: [
        "On “Try it”, try to Encrypt or Decrypt again. The call fails and the console raises an alarm banner at the top: something still depends on a key about to be deleted.",
      ],
      where: (f) => f.key && [keyHref(f.key, "crypto"), "Try it"],
      done: (f) => Boolean(f.alarm),
      show: async (ctx, f) => {
        need(f.scheduled, "Do step 5 first: the key is not pending deletion.");
        try {
          await ctx.kms.encrypt({ KeyId: needKey(f).id, Plaintext: new TextEncoder().encode("one more") });
        } catch (e) {
          return [
            `Encrypt failed (${e.name}), and the audit event carries an alarm: the banner above links to it. In AWS, a CloudWatch alarm on such CloudTrail events plays this part.`,
          ];
        }
        return ["Unexpected: the key encrypted."];
      },
    },
    {
      id: "decide",
      title: "Cancel the deletion, or let it happen",
      how: [
        "The alarm says the key is still needed: press “Cancel key deletion” (the key comes back Disabled; Enable it). ",
        "Or, to see the end, move the clock past the deletion date (“+30 days”): KMS deletes the key, its material and its aliases; the ciphertext of step 2 is lost for good, and the audit log keeps the key's history.",
      ],
      where: (f) => f.key && [keyHref(f.key), "The key"],
      done: (f) => Boolean(f.cancelled || f.deleted),
      show: async (ctx, f) => {
        need(f.alarm, "Do step 6 first: answer an alarm, not a guess.");
        await ctx.kms.cancelKeyDeletion({ KeyId: needKey(f).id });
        await ctx.kms.enableKey({ KeyId: f.key.id });
        return ["CancelKeyDeletion (the key came back Disabled), then EnableKey: nothing was lost."];
      },
    },
  ],
  learned: [
    "Disable before you delete, and read the audit log's failed calls while the key is disabled.",
    "Deletion waits 7 to 30 days; a use during that time is an alarm, and cancelling is always possible until the date.",
    "After deletion, the material and every ciphertext under it are gone; the audit trail stays.",
  ],
};

// Lesson 2, automatic rotation: encrypt before rotating, turn rotation on with a period of your
// choice, let the virtual clock pass a year, decrypt the old ciphertext, and rotate on demand.
// Checked in the audit log: rotations are the service's own RotateKey events, and each Encrypt and
// Decrypt names the key material it used (CloudTrail's additionalEventData.keyMaterialId).
// Depends on ./course.js and ./parts.js.

import { first } from "./course.js";
import { c, keyHref, lessonKey, makeLessonKey, need, tagHow } from "./parts.js";

const YEAR_S = 365 * 86_400;
/** The ciphertext "Show me" made before the rotation, kept while the page is open. */
const kept = {};

const needKey = (f) => need(f.key, "Do step 1 first: this lesson needs its key.");

export default {
  goal: "Turn on automatic rotation, let a year pass on the virtual clock, and see that a ciphertext made before the rotation still decrypts. Then rotate once more, on demand.",
  why: [
    "Rotation gives a key new key material while its id, ARN, aliases and policy stay the same, so applications change nothing. New encryptions use the newest material; KMS keeps every older one, so old ciphertexts still decrypt (the AWS KMS Developer Guide's “Rotate AWS KMS keys”).",
    "Why rotate: it limits how much data one piece of material protects, and many compliance rules ask for it. The period is yours to choose, from 90 to 2,560 days (365 by default); on-demand rotation happens at once and does not move that schedule.",
    "What rotation does not protect against: it re-encrypts nothing and locks nobody out. Anyone allowed to call Decrypt still can, and a stolen ciphertext still decrypts. If material or access leaked, make a new key, re-encrypt the data under it, then disable the old one (lessons 3 and 5).",
    "In AWS you wait a year to see this. Here the clock is virtual: one click on “+1 year” in the clock bar, and every rotation that fell due happens at its own date.",
  ],
  facts: (f) => {
    const key = lessonKey(f, (m) => m.KeySpec === "SYMMETRIC_DEFAULT" && m.Origin === "AWS_KMS");
    const id = key?.id;
    const rotation = first(f, { name: "RotateKey", key: id, service: true });
    const before = first(f, { name: "Encrypt", key: id, ok: true });
    const old = before && (!rotation || before.eventSequence < rotation.eventSequence) && before;
    // The Decrypt of step 5 must have used the material that encrypted before the rotation: a
    // ciphertext made afterwards decrypts with the new material and does not count.
    const material = old?.additionalEventData?.keyMaterialId;
    const oldDecrypted =
      rotation &&
      material &&
      first(f, {
        name: "Decrypt",
        key: id,
        ok: true,
        after: rotation.eventSequence,
        where: (e) => e.additionalEventData?.keyMaterialId === material,
      });
    return { key, rotation, before: old, oldDecrypted };
  },
  steps: [
    {
      id: "create",
      title: "Create a symmetric key",
      how: ["Create a key with the defaults (Symmetric, Encrypt and decrypt, origin KMS). ", ...tagHow(2)],
      where: () => ["#/create?fresh", "Create key"],
      done: (f) => Boolean(f.key),
      show: async (ctx, f) => {
        const { alias } = await makeLessonKey(ctx, f, { alias: "lesson2", description: "Lesson 2: rotating key" });
        return [`Made a symmetric key, tagged lesson=2, with the alias ${alias}. It has one key material so far.`];
      },
    },
    {
      id: "encrypt-before",
      title: "Encrypt something before any rotation",
      how: [
        "On the key's “Try it” tab, Encrypt a short text. Keep the page open: its Decrypt box keeps the last ciphertext (or copy it somewhere).",
      ],
      where: (f) => f.key && [keyHref(f.key, "crypto"), "Try it"],
      done: (f) => Boolean(f.before),
      show: async (ctx, f) => {
        const out = await ctx.kms.encrypt({
          KeyId: needKey(f).id,
          Plaintext: new TextEncoder().encode("written before the rotation"),
        });
        kept.ciphertext = out.CiphertextBlob;
        return [
          `Encrypted 27 bytes under the key's current (and only) material: ${out.CiphertextBlob.length} bytes of ciphertext, kept by this page for step 5.`,
        ];
      },
    },
    {
      id: "enable",
      title: "Turn on automatic rotation with a period of your choice",
      how: [
        "On the Key rotation tab, tick “Automatically rotate this key”, set the period (try ",
        c("90"),
        " days, the shortest allowed), and save.",
      ],
      where: (f) => f.key && [keyHref(f.key, "rotation"), "Key rotation"],
      done: (f) => Boolean(first(f, { name: "EnableKeyRotation", key: f.key?.id, ok: true })),
      show: async (ctx, f) => {
        await ctx.kms.enableKeyRotation({ KeyId: needKey(f).id, RotationPeriodInDays: 90 });
        const s = await ctx.kms.getKeyRotationStatus({ KeyId: f.key.id });
        return [
          `EnableKeyRotation with RotationPeriodInDays 90. GetKeyRotationStatus now says: on, every ${s.RotationPeriodInDays} days, next on ${s.NextRotationDate?.toISOString().slice(0, 10)}.`,
        ];
      },
    },
    {
      id: "year",
      title: "Let a year pass",
      how: [
        "Press “+1 year” in the clock bar at the top. With a 90-day period, KMS rotates the key four times on the way; the Key rotation tab lists each one.",
      ],
      where: (f) => f.key && [keyHref(f.key, "rotation"), "Key rotation"],
      done: (f) => Boolean(f.rotation),
      show: async (ctx, f) => {
        needKey(f);
        need(
          first(f, { name: "EnableKeyRotation", key: f.key.id, ok: true }),
          "Do step 3 first: without automatic rotation, a year passes and nothing rotates.",
        );
        await ctx.service.advanceClock(YEAR_S);
        const list = (await ctx.kms.listKeyRotations({ KeyId: f.key.id })).Rotations ?? [];
        return [
          `Moved the virtual clock a year ahead. ListKeyRotations now lists ${list.length} rotation${list.length === 1 ? "" : "s"}, each made by KMS at its due date (RotateKey events in the audit log).`,
        ];
      },
    },
    {
      id: "old-decrypts",
      title: "Decrypt the ciphertext from before the rotation",
      how: [
        "Back on “Try it”, Decrypt the ciphertext of step 2. It still works: the ciphertext records which material made it, and KMS kept that material. The audit log's Decrypt event names it too (",
        c("additionalEventData.keyMaterialId"),
        "): that is how this step knows you decrypted an old ciphertext and not one made after the rotation.",
      ],
      where: (f) => f.key && [keyHref(f.key, "crypto"), "Try it"],
      done: (f) => Boolean(f.oldDecrypted),
      show: async (ctx, f) => {
        needKey(f);
        need(f.rotation, "Do step 4 first: nothing has rotated yet.");
        const blob = need(
          kept.ciphertext,
          "This page no longer holds the ciphertext of step 2 (it keeps it only while open): paste yours into Decrypt on the Try it tab.",
        );
        const { Plaintext, KeyMaterialId } = await ctx.kms.decrypt({ CiphertextBlob: blob });
        return [
          `Decrypt returned “${new TextDecoder().decode(Plaintext)}”, using the key's original material (${KeyMaterialId?.slice(0, 12)}…), not the current one: the audit log's Decrypt event says so in additionalEventData.keyMaterialId.`,
          "Nothing was re-encrypted: rotation changed which material encrypts from now on, and nothing else.",
        ];
      },
    },
    {
      id: "on-demand",
      title: "Rotate on demand",
      how: [
        "On the Key rotation tab, press “Rotate now”. It rotates at once, without moving the automatic schedule (AWS limits how many on-demand rotations one key may have, so keep them for when you need them).",
      ],
      where: (f) => f.key && [keyHref(f.key, "rotation"), "Key rotation"],
      done: (f) => Boolean(first(f, { name: "RotateKeyOnDemand", key: f.key?.id, ok: true })),
      show: async (ctx, f) => {
        await ctx.kms.rotateKeyOnDemand({ KeyId: needKey(f).id });
        const s = await ctx.kms.getKeyRotationStatus({ KeyId: f.key.id });
        return [
          "RotateKeyOnDemand: the key has a new current material now.",
          s.NextRotationDate
            ? `The next automatic rotation is still due on ${s.NextRotationDate.toISOString().slice(0, 10)}.`
            : "Automatic rotation is off, so no automatic rotation is scheduled.",
        ];
      },
    },
  ],
  learned: [
    "Rotation changes the material that encrypts from now on; the key's id, aliases and policy stay.",
    "Old ciphertexts decrypt after any number of rotations: KMS keeps every material of the key.",
    "Rotation is no answer to a leak: re-encrypt under a new key and disable the old one.",
  ],
};

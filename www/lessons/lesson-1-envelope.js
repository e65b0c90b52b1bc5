// Lesson 1, keys and envelope encryption: create a key with an alias, Encrypt and Decrypt with
// an encryption context (and see a different context fail), then GenerateDataKey and Decrypt
// the encrypted data key. Each step is checked in the audit log of the lesson's key.
// Depends on ../lib/format.js, ./course.js and ./parts.js.

import { toBase64 } from "../lib/format.js";
import { calls, contextOf, first } from "./course.js";
import { c, keyHref, lessonKey, makeLessonKey, need, tagHow } from "./parts.js";

const CONTEXT = { purpose: "lesson-1" };
const DATA_CONTEXT = { purpose: "lesson-1-data" };

/** What "Show me" made, kept while the page is open, so later steps can use it. */
const kept = {};

/** Decrypts after an Encrypt (or GenerateDataKey) with the same context, both on `key`. */
function decryptedSame(f, key, made) {
  const sources = calls(f, { name: made, key, ok: true }).filter(contextOf);
  return calls(f, { name: "Decrypt", key, ok: true }).some((d) =>
    sources.some((s) => s.eventSequence < d.eventSequence && contextOf(s) === contextOf(d)),
  );
}

const needKey = (f) => need(f.key, "Do step 1 first: this lesson needs its key.");

async function encryptNow(ctx, f) {
  const out = await ctx.kms.encrypt({
    KeyId: needKey(f).id,
    Plaintext: new TextEncoder().encode("my first secret"),
    EncryptionContext: CONTEXT,
  });
  kept.ciphertext = out.CiphertextBlob;
  return out;
}

export default {
  goal: "Create a KMS key with an alias, encrypt and decrypt a short secret bound to an encryption context, then get a data key: the way real data is encrypted.",
  why: [
    "A KMS key never leaves KMS in plaintext (in AWS, it lives in hardware security modules validated under FIPS 140). You never hold the key: you send KMS a small secret and it encrypts or decrypts it for you, and every call is recorded.",
    "Encrypt takes at most 4,096 bytes. For anything larger KMS uses envelope encryption (the AWS KMS Developer Guide's “Envelope encryption”): GenerateDataKey returns a data key twice, in plaintext and encrypted under your KMS key. You encrypt the data locally with the plaintext copy, forget it, and store the encrypted copy beside the data.",
    "An encryption context is a set of key=value pairs that are not secret but are bound to the ciphertext: Decrypt must be given exactly the same pairs, and they appear in the audit log, which tells you what each use of the key was for (the guide's “Encryption context”).",
  ],
  facts: (f) => ({
    key: lessonKey(f, (m) => m.KeySpec === "SYMMETRIC_DEFAULT" && m.KeyUsage === "ENCRYPT_DECRYPT"),
  }),
  steps: [
    {
      id: "create",
      title: "Create a symmetric key with an alias",
      how: [
        "Open Create key, keep the defaults (Symmetric, Encrypt and decrypt), and give it an alias such as ",
        c("lesson1"),
        ". ",
        ...tagHow(1),
      ],
      where: () => ["#/create?fresh", "Create key"],
      done: (f) => Boolean(f.key?.aliases.length),
      show: async (ctx, f) => {
        const { alias } = await makeLessonKey(ctx, f, { alias: "lesson1", description: "Lesson 1: my first key" });
        return [
          `Made a symmetric encryption key (CreateKey, tagged lesson=1) and the alias ${alias} (CreateAlias).`,
          "KMS generated its key material, which never leaves KMS. The alias is a name applications can use instead of the key id.",
        ];
      },
    },
    {
      id: "encrypt",
      title: "Encrypt a secret with an encryption context",
      how: [
        "On the key's “Try it” tab, type a short secret, put a context such as ",
        c("purpose=lesson-1"),
        " in Encryption context, and press Encrypt.",
      ],
      where: (f) => f.key && [keyHref(f.key, "crypto"), "Try it"],
      done: (f) => Boolean(first(f, { name: "Encrypt", key: f.key?.id, ok: true, where: contextOf })),
      show: async (ctx, f) => {
        const out = await encryptNow(ctx, f);
        return [
          `Encrypt returned ${out.CiphertextBlob.length} bytes of ciphertext for 15 bytes of text, under the context purpose=lesson-1.`,
          "The ciphertext names its key, so Decrypt needs no key id. The context is not inside it in a readable form, but it is bound to it.",
        ];
      },
    },
    {
      id: "decrypt",
      title: "Decrypt it with the same context",
      how: [
        "Press “Decrypt this” under the ciphertext (it copies the context too: check Decrypt's Encryption context holds the same pairs), and press Decrypt.",
      ],
      where: (f) => f.key && [keyHref(f.key, "crypto"), "Try it"],
      done: (f) => decryptedSame(f, f.key?.id, "Encrypt"),
      show: async (ctx, f) => {
        const blob = kept.ciphertext ?? (await encryptNow(ctx, f)).CiphertextBlob;
        const { Plaintext } = await ctx.kms.decrypt({ CiphertextBlob: blob, EncryptionContext: CONTEXT });
        return [
          `Decrypt, given the ciphertext and purpose=lesson-1, returned “${new TextDecoder().decode(Plaintext)}”.`,
          "KMS found the key from the ciphertext itself; the context had to match exactly.",
        ];
      },
    },
    {
      id: "wrong-context",
      title: "Try a different context: Decrypt fails",
      how: [
        "Decrypt the same ciphertext again with another context, such as ",
        c("purpose=other"),
        ". KMS answers InvalidCiphertextException, and the failed call appears in the audit log.",
      ],
      where: (f) => f.key && [keyHref(f.key, "crypto"), "Try it"],
      done: (f) => {
        const enc = first(f, { name: "Encrypt", key: f.key?.id, ok: true, where: contextOf });
        return Boolean(
          enc &&
            first(f, { name: "Decrypt", key: f.key.id, error: "InvalidCiphertextException", after: enc.eventSequence }),
        );
      },
      show: async (ctx, f) => {
        const blob = kept.ciphertext ?? (await encryptNow(ctx, f)).CiphertextBlob;
        try {
          await ctx.kms.decrypt({ CiphertextBlob: blob, EncryptionContext: { purpose: "other" } });
          return ["Unexpected: Decrypt accepted another context."];
        } catch (e) {
          return [
            `Decrypt with purpose=other failed: ${e.name}.`,
            "KMS does not say which pair was wrong; it only refuses. This is what stops a ciphertext copied from one place (say, one customer's record) from being decrypted as if it belonged to another.",
          ];
        }
      },
    },
    {
      id: "data-key",
      title: "Generate a data key with a context",
      how: [
        "In Generate data key, keep AES_256, add a context such as ",
        c("purpose=lesson-1-data"),
        ", and press Generate data key. You get the key twice: in plaintext, and encrypted under your KMS key.",
      ],
      where: (f) => f.key && [keyHref(f.key, "crypto"), "Try it"],
      done: (f) => Boolean(first(f, { name: "GenerateDataKey", key: f.key?.id, ok: true, where: contextOf })),
      show: async (ctx, f) => {
        const out = await ctx.kms.generateDataKey({
          KeyId: needKey(f).id,
          KeySpec: "AES_256",
          EncryptionContext: DATA_CONTEXT,
        });
        kept.dataKey = out;
        return [
          `GenerateDataKey returned a ${out.Plaintext.length}-byte plaintext data key and its ${out.CiphertextBlob.length}-byte encrypted copy.`,
          "An application would now encrypt its data locally (for example AES-GCM) with the plaintext key, throw that key away, and store the encrypted copy next to the data. The plaintext key never appears in the audit log.",
        ];
      },
    },
    {
      id: "open-data-key",
      title: "Decrypt the encrypted data key",
      how: [
        "Copy the encrypted data key into Decrypt, with the data key's context, and press Decrypt. This is how the data is read later: KMS gives back the data key, never the data.",
      ],
      where: (f) => f.key && [keyHref(f.key, "crypto"), "Try it"],
      done: (f) => decryptedSame(f, f.key?.id, "GenerateDataKey"),
      show: async (ctx, f) => {
        needKey(f);
        const made =
          kept.dataKey ??
          (await ctx.kms.generateDataKey({ KeyId: f.key.id, KeySpec: "AES_256", EncryptionContext: DATA_CONTEXT }));
        const { Plaintext } = await ctx.kms.decrypt({
          CiphertextBlob: made.CiphertextBlob,
          EncryptionContext: DATA_CONTEXT,
        });
        const same = toBase64(Plaintext) === toBase64(made.Plaintext);
        return [
          `Decrypt returned the ${Plaintext.length}-byte data key${same ? ", the same bytes GenerateDataKey gave" : ""}.`,
          "That is envelope encryption: the data is encrypted by a data key, and only the data key is encrypted by KMS.",
        ];
      },
    },
  ],
  learned: [
    "A KMS key does the cryptography inside KMS; an alias is the name applications use for it.",
    "The encryption context must match on Decrypt, and the audit log records it.",
    "Large data is encrypted locally with a data key; KMS encrypts only the data key.",
  ],
};

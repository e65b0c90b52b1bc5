// Lesson 8, a MAC: an HMAC_256 key makes a MAC of a message (GenerateMac, HMAC_SHA_256), KMS
// checks it (VerifyMac), and the same MAC against a changed message is refused
// (KMSInvalidMacException). Each step is read from the audit log of the lesson's key.
// Depends on ./course.js, ./parts.js and ./sources.js.

import { first } from "./course.js";
import { c, keyHref, lessonKey, makeLessonKey, need, tagHow } from "./parts.js";
import { readMore } from "./sources.js";

const ALGORITHM = "HMAC_SHA_256";
/** A webhook's body, the kind of message a MAC usually guards. */
const MESSAGE = '{"event":"invoice.paid","invoice":"INV-1042","amount":100}';

const sha256 = (e) => e.requestParameters?.macAlgorithm === ALGORITHM;
const utf8 = (text) => new TextEncoder().encode(text);
const needKey = (f) => need(f.key, "Do step 1 first: this lesson needs its HMAC key.");

/** The last MAC "Show me" made, kept while the page is open, so later steps check it. */
const kept = {};

async function generate(ctx, f) {
  const { Mac } = await ctx.kms.generateMac({ KeyId: needKey(f).id, Message: utf8(MESSAGE), MacAlgorithm: ALGORITHM });
  kept.mac = { key: f.key.id, bytes: Mac };
  return Mac;
}

/** The kept MAC of this key, or a new one (after a reload, or a MAC made on the Try it tab). */
const macOf = async (ctx, f) => (kept.mac?.key === needKey(f).id ? kept.mac.bytes : generate(ctx, f));

export default {
  goal: "Make a MAC of a message with an HMAC key that never leaves KMS, have KMS check it, and see the same MAC refused for a message changed by one character.",
  why: [
    "A MAC (message authentication code) is a short tag computed from a message and a secret key. HMAC (RFC 2104) with SHA-256 gives 32 bytes; change one character of the message, or use another key, and the tag is entirely different. Whoever holds the key can make the tag and check it, so a valid MAC says the message is unchanged and came from someone allowed to use the key.",
    "Unlike a signature (lesson 7) there is no public half: the same secret makes and checks the tag. In KMS the HMAC key never leaves it, so checking a MAC also goes through KMS (VerifyMac), allowed by the key policy. Nobody outside can check it alone; to let anyone verify without KMS, sign with an asymmetric key instead.",
    "Typical uses: tokens your own services issue and check (a session, a password-reset link, an HS256 JWT), webhook bodies between services that may both call VerifyMac, and stable pseudonyms such as tokenized card numbers. HMAC is fast and its tags are short.",
    "An HMAC key does one job: it cannot encrypt (Encrypt fails with InvalidKeyUsageException) and has no public key. AWS KMS does not rotate HMAC keys automatically; rotation means a new key behind an alias (lesson 3), with the old key kept while its MACs must still be checked.",
    "VerifyMac never answers false: a MAC that does not match is an error, KMSInvalidMacException, so code that forgets to read a flag cannot accept it.",
    readMore("hmac", "generateMac", "rfc2104"),
  ],
  facts: (f) => {
    const key = lessonKey(f, (m) => m.KeySpec === "HMAC_256" && m.KeyUsage === "GENERATE_VERIFY_MAC");
    const id = key?.id;
    const made = first(f, { name: "GenerateMac", key: id, ok: true, where: sha256 });
    // A check counts only after a MAC was made, and a refusal only after a check that passed.
    const checked =
      made && first(f, { name: "VerifyMac", key: id, ok: true, after: made.eventSequence, where: sha256 });
    const refused =
      checked &&
      first(f, {
        name: "VerifyMac",
        key: id,
        error: "KMSInvalidMacException",
        after: checked.eventSequence,
        where: sha256,
      });
    return { key, made, checked, refused };
  },
  steps: [
    {
      id: "create",
      title: "Create an HMAC_256 key",
      how: [
        "Open Create key, keep Symmetric, choose Generate and verify MAC and the key spec ",
        c("HMAC_256"),
        "; give it an alias such as ",
        c("lesson8-mac"),
        ". ",
        ...tagHow(8),
      ],
      where: () => ["#/create?fresh", "Create key"],
      done: (f) => Boolean(f.key),
      show: async (ctx, f) => {
        const { alias } = await makeLessonKey(ctx, f, {
          alias: "lesson8-mac",
          description: "Lesson 8: MACs of webhook bodies",
          KeySpec: "HMAC_256",
          KeyUsage: "GENERATE_VERIFY_MAC",
        });
        return [
          `Made an HMAC_256 key (CreateKey, tagged lesson=8) and the alias ${alias}.`,
          "Its 32 bytes of secret key material were made inside KMS and never leave it. Its one MAC algorithm is HMAC_SHA_256.",
        ];
      },
    },
    {
      id: "generate",
      title: "Make a MAC of a message",
      how: [
        "On the key's “Try it” tab, type a message, such as a webhook body ",
        c(MESSAGE),
        ", and press Generate MAC (GenerateMac, ",
        c(ALGORITHM),
        ").",
      ],
      where: (f) => f.key && [keyHref(f.key, "crypto"), "Try it"],
      done: (f) => Boolean(f.made),
      show: async (ctx, f) => {
        const mac = await generate(ctx, f);
        return [
          `GenerateMac over ${MESSAGE} returned ${mac.length} bytes, the length of a SHA-256 hash.`,
          "A sender would put this MAC beside the message (a webhook's signature header, say). The same message and key always give the same MAC.",
        ];
      },
    },
    {
      id: "verify",
      title: "Have KMS check the MAC",
      how: [
        "Press “Check this MAC” under the MAC (it copies the message and the MAC into Verify MAC), then Verify MAC: ",
        c("MacValid: true"),
        ". The receiver does exactly this: VerifyMac, with the message it got and the MAC beside it.",
      ],
      where: (f) => f.key && [keyHref(f.key, "crypto"), "Try it"],
      done: (f) => Boolean(f.checked),
      show: async (ctx, f) => {
        need(f.made, "Do step 2 first: there is no MAC to check yet.");
        const mac = await macOf(ctx, f);
        const { MacValid } = await ctx.kms.verifyMac({
          KeyId: f.key.id,
          Message: utf8(MESSAGE),
          Mac: mac,
          MacAlgorithm: ALGORITHM,
        });
        return [
          `VerifyMac: MacValid: ${MacValid}.`,
          "KMS computed the MAC again with the key and compared. Only KMS could: the key is not anywhere else.",
        ];
      },
    },
    {
      id: "changed",
      title: "Change the message: KMS refuses",
      how: [
        "Press “Verify a changed message”: the same MAC, checked against the message with one character changed. KMS answers KMSInvalidMacException.",
      ],
      where: (f) => f.key && [keyHref(f.key, "crypto"), "Try it"],
      done: (f) => Boolean(f.refused),
      show: async (ctx, f) => {
        need(f.checked, "Do step 3 first: check the genuine MAC before changing the message.");
        const mac = await macOf(ctx, f);
        const changed = MESSAGE.replace("100", "900");
        try {
          await ctx.kms.verifyMac({ KeyId: f.key.id, Message: utf8(changed), Mac: mac, MacAlgorithm: ALGORITHM });
          return ["Unexpected: VerifyMac accepted a changed message."];
        } catch (e) {
          return [
            `VerifyMac of ${changed} with the old MAC: ${e.name}.`,
            "Whoever changed the amount cannot make a matching MAC without the key, and the key never leaves KMS.",
          ];
        }
      },
    },
  ],
  learned: [
    "A MAC is made and checked with the same secret key; in KMS that key never leaves, so both are KMS calls.",
    "A changed message makes VerifyMac fail with KMSInvalidMacException; it never answers false.",
    "HMAC keys only make and check MACs: no encryption, no public key, no automatic rotation.",
  ],
};

// Lesson 4, bring your own key material: an External key, GetParametersForImport, wrap and
// import with an expiry, encrypt, let the clock pass the expiry (PendingImport), import the same
// material again and decrypt the old ciphertext. Checked in the audit log (the expiry is the
// service's DeleteExpiredKeyMaterial event). Depends on ../lib/memory.js, ./course.js, ./parts.js.

import { STATE_LABEL } from "../lib/format.js";
import { rememberParams } from "../lib/memory.js";
import { first } from "./course.js";
import { c, keyHref, lessonKey, makeLessonKey, need, tagHow } from "./parts.js";

const ALGORITHM = "RSAES_OAEP_SHA_256";
const SPEC = "RSA_2048";
/** What "Show me" made (the material, a ciphertext), kept only while the page is open, as a learner keeps a file. */
const kept = {};

const needKey = (f) => need(f.key, "Do step 1 first: this lesson needs its External key.");

async function parameters(ctx, keyId) {
  const p = await ctx.kms.getParametersForImport({ KeyId: keyId, WrappingAlgorithm: ALGORITHM, WrappingKeySpec: SPEC });
  rememberParams(keyId, p, ALGORITHM, SPEC); // the Key material tab shows them too
  return p;
}

/** Wraps `material` for a fresh wrapping key and imports it; resolves to the GetParametersForImport answer. */
async function wrapAndImport(ctx, keyId, material, extra) {
  const p = await parameters(ctx, keyId);
  await ctx.loadExtras(); // wrapping runs in the package's extras module
  const wrapped = ctx.wrapKeyMaterial({ PublicKey: p.PublicKey, KeyMaterial: material, WrappingAlgorithm: ALGORITHM });
  await ctx.kms.importKeyMaterial({
    KeyId: keyId,
    ImportToken: p.ImportToken,
    EncryptedKeyMaterial: wrapped,
    ...extra,
  });
  return p;
}

export default {
  goal: "Bring your own key material: import it into an External key with an expiry date, watch it expire, and bring the key back by importing the same material again.",
  why: [
    "With origin External, KMS never makes the key material: you make it (often in your own hardware security module), wrap it with a public key KMS hands you, and import it (see the AWS KMS Developer Guide's pages on importing key material). Until then the key is Pending import.",
    "Why do it: some rules require keys generated in your own hardware, or a copy kept outside AWS; and you can make the material disappear at once (delete it) or on a date (an expiry).",
    "The price: the material is yours to keep. When it expires or is deleted, KMS keeps nothing it could give back, and the key is Pending import again. Only importing exactly the same material revives it; other material is refused, since the old ciphertexts belong to the original.",
    "The wrapping public key and the import token from GetParametersForImport belong together and are valid for 24 hours.",
  ],
  facts: (f) => {
    const key = lessonKey(f, (m) => m.Origin === "EXTERNAL" && m.KeySpec === "SYMMETRIC_DEFAULT");
    const id = key?.id;
    const imported = first(f, {
      name: "ImportKeyMaterial",
      key: id,
      ok: true,
      where: (e) => e.requestParameters?.expirationModel === "KEY_MATERIAL_EXPIRES",
    });
    const after = (e) => e?.eventSequence;
    const encrypted = imported && first(f, { name: "Encrypt", key: id, ok: true, after: after(imported) });
    const expired =
      imported && first(f, { name: "DeleteExpiredKeyMaterial", key: id, service: true, after: after(imported) });
    const again = expired && first(f, { name: "ImportKeyMaterial", key: id, ok: true, after: after(expired) });
    return { key, imported, encrypted, expired, again };
  },
  steps: [
    {
      id: "create",
      title: "Create a key with origin External",
      how: [
        "In Create key, open “Advanced options”, choose External, and tick the box that says you understand. ",
        ...tagHow(4),
        " The key starts Pending import: it has no material.",
      ],
      where: () => ["#/create?fresh", "Create key"],
      done: (f) => Boolean(f.key),
      show: async (ctx, f) => {
        const { alias } = await makeLessonKey(ctx, f, {
          alias: "lesson4-byok",
          description: "Lesson 4: my own key material",
          Origin: "EXTERNAL",
        });
        return [`Made ${alias}, origin External. It is Pending import: KMS made no material for it.`];
      },
    },
    {
      id: "parameters",
      title: "Get the wrapping public key and the import token",
      how: [
        "On the Key material tab, step 1, press “Get wrapping key and import token” (RSA_2048, RSAES_OAEP_SHA_256).",
      ],
      where: (f) => f.key && [keyHref(f.key, "material"), "Key material"],
      done: (f) => Boolean(first(f, { name: "GetParametersForImport", key: f.key?.id, ok: true })),
      show: async (ctx, f) => {
        const p = await parameters(ctx, needKey(f).id);
        return [
          `GetParametersForImport returned a ${p.PublicKey.length}-byte RSA public key (DER) and a ${p.ImportToken.length}-byte import token, valid until ${p.ParametersValidTo.toISOString().slice(0, 16).replace("T", " ")} UTC.`,
          "Only this KMS key can unwrap what the public key wraps, and only with this token.",
        ];
      },
    },
    {
      id: "import",
      title: "Wrap your material and import it with an expiry",
      how: [
        "Step 2: press “Wrap for me” (it makes 32 random bytes in this page), then ",
        "“Download PlaintextKeyMaterial.bin”: that file is your copy, and step 6 needs it. ",
        "Step 3: choose “Key material expires on”, keep the date (30 days ahead) and press “Import key material”.",
      ],
      where: (f) => f.key && [keyHref(f.key, "material"), "Key material"],
      done: (f) => Boolean(f.imported),
      show: async (ctx, f) => {
        needKey(f);
        kept.material = crypto.getRandomValues(new Uint8Array(32));
        const validTo = new Date(ctx.now().getTime() + 86_400_000);
        await wrapAndImport(ctx, f.key.id, kept.material, {
          ExpirationModel: "KEY_MATERIAL_EXPIRES",
          ValidTo: validTo,
        });
        return [
          "Made 32 random bytes, wrapped them with the public key (wrapKeyMaterial, what the openssl commands do) and imported them (ImportKeyMaterial) to expire in one day. The key is Enabled.",
          "This page keeps the material in memory for step 6, as you would keep PlaintextKeyMaterial.bin. Reload the page and that copy is gone, as KMS's will be.",
        ];
      },
    },
    {
      id: "encrypt",
      title: "Encrypt something with it",
      how: [
        "On “Try it”, Encrypt a short text. Keep the ciphertext (the Decrypt box keeps it while the page is open).",
      ],
      where: (f) => f.key && [keyHref(f.key, "crypto"), "Try it"],
      done: (f) => Boolean(f.encrypted),
      show: async (ctx, f) => {
        const out = await ctx.kms.encrypt({
          KeyId: needKey(f).id,
          Plaintext: new TextEncoder().encode("under my own material"),
        });
        kept.ciphertext = out.CiphertextBlob;
        return [`Encrypted 21 bytes under the imported material: ${out.CiphertextBlob.length} bytes of ciphertext.`];
      },
    },
    {
      id: "expire",
      title: "Let the material expire",
      how: [
        "Press “+30 days” in the clock bar (more than once if your expiry is later). On the expiry date KMS deletes the material: the key is Pending import, and Encrypt and Decrypt fail.",
      ],
      where: (f) => f.key && [keyHref(f.key, "material"), "Key material"],
      done: (f) => Boolean(f.expired),
      show: async (ctx, f) => {
        needKey(f);
        const validTo = need(f.key.m.ValidTo, "Do step 3 first: there is no material with an expiry date.");
        await ctx.service.advanceClock(Math.max(60, Math.ceil((validTo.getTime() - ctx.now().getTime()) / 1000) + 60));
        const { KeyMetadata } = await ctx.kms.describeKey({ KeyId: f.key.id });
        return [
          `Moved the clock past ${validTo.toISOString().slice(0, 16).replace("T", " ")} UTC. KMS deleted the material (a DeleteExpiredKeyMaterial event): the key is ${STATE_LABEL[KeyMetadata.KeyState] ?? KeyMetadata.KeyState}.`,
        ];
      },
    },
    {
      id: "reimport",
      title: "Import the same material again",
      how: [
        "On Key material, get a new wrapping key and token (the old ones expired), give step 2 your ",
        c("PlaintextKeyMaterial.bin"),
        " (not new random bytes), press “Wrap for me”, and import it (no expiry this time). Other material would be refused with IncorrectKeyMaterialException.",
      ],
      where: (f) => f.key && [keyHref(f.key, "material"), "Key material"],
      done: (f) => Boolean(f.again),
      show: async (ctx, f) => {
        needKey(f);
        need(f.expired, "Do step 5 first: the material has not expired yet.");
        const material = need(
          kept.material,
          "This page no longer holds the material of step 3: that is the point of this step. Use your PlaintextKeyMaterial.bin on the Key material tab.",
        );
        const extra = { ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE", ImportType: "EXISTING_KEY_MATERIAL" };
        let refused = "";
        try {
          await wrapAndImport(ctx, f.key.id, crypto.getRandomValues(new Uint8Array(32)), extra);
        } catch (e) {
          refused = e.name;
        }
        await wrapAndImport(ctx, f.key.id, material, extra);
        return [
          `First, other random material: refused (${refused || "unexpectedly accepted"}). Then the kept material, wrapped for a new wrapping key: imported, without expiry. The key is Enabled again.`,
        ];
      },
    },
    {
      id: "old-decrypts",
      title: "Decrypt the ciphertext from before the expiry",
      how: ["On “Try it”, Decrypt the ciphertext of step 4: the same material is back, so it decrypts."],
      where: (f) => f.key && [keyHref(f.key, "crypto"), "Try it"],
      done: (f) =>
        Boolean(
          f.encrypted &&
            f.again &&
            first(f, { name: "Decrypt", key: f.key?.id, ok: true, after: f.again.eventSequence }),
        ),
      show: async (ctx, f) => {
        need(f.again, "Do step 6 first: the key has no material.");
        const blob = need(
          kept.ciphertext,
          "This page no longer holds the ciphertext of step 4: paste yours into Decrypt.",
        );
        const { Plaintext } = await ctx.kms.decrypt({ CiphertextBlob: blob });
        return [
          `Decrypt returned “${new TextDecoder().decode(Plaintext)}”: the ciphertext outlived the material's expiry.`,
        ];
      },
    },
  ],
  learned: [
    "An External key's material comes from you, wrapped for one KMS key with a 24-hour token.",
    "Expired or deleted material leaves the key Pending import; only the same material revives it.",
    "Keeping that material safe is your job, not KMS's.",
  ],
};

// Lesson 6, "who can decrypt this?": ask with the Key policy tab's "Who can do what" whether bob
// can decrypt, add a Deny for him to the key policy, ask again, and see alice still can. Checked
// in the audit log: each answer is a real Decrypt made as that principal (its userIdentity).
// Depends on ./course.js and ./parts.js.

import { calls, first } from "./course.js";
import { arnOfUser, asUser as as, c, decryptAsUser, keyHref, lessonKey, makeLessonKey, need, tagHow } from "./parts.js";

const needKey = (f) => need(f.key, "Do step 1 first: this lesson needs its key.");
const decryptAs = (ctx, f, name) => decryptAsUser(ctx, needKey(f), name);

export default {
  goal: "Answer “who can decrypt this?” with real calls: see that bob can, deny him in the key policy, and check that he no longer can while alice still can.",
  why: [
    "Every KMS key has exactly one key policy, and it is the first word on who may use the key (the AWS KMS Developer Guide's “Key policies in AWS KMS”). The default policy allows the account's root user everything, which in AWS hands the decision to IAM policies. This console has no IAM, so that statement lets every principal of the account in.",
    "An explicit Deny beats every Allow, whether it comes from the key policy, an IAM policy or a grant. That is the tool for “everyone but bob”.",
    "“Who can do what” answers with a real call made as that principal, so the audit log shows who tried, and whether KMS said yes.",
  ],
  facts: (f) => {
    const key = lessonKey(f, (m) => m.KeySpec === "SYMMETRIC_DEFAULT" && m.KeyUsage === "ENCRYPT_DECRYPT");
    const id = key?.id;
    const bobBefore = first(f, { name: "Decrypt", key: id, ok: true, where: as("bob") });
    const denied = calls(f, {
      name: "PutKeyPolicy",
      key: id,
      ok: true,
      where: (e) => /"Deny"/.test(e.requestParameters?.policy ?? "") && /user\/bob/.test(e.requestParameters?.policy),
    }).at(-1);
    const after = denied?.eventSequence;
    const bobRefused =
      denied && first(f, { name: "Decrypt", key: id, error: "AccessDeniedException", after, where: as("bob") });
    const aliceAfter = denied && first(f, { name: "Decrypt", key: id, ok: true, after, where: as("alice") });
    return { key, bobBefore, denied, bobRefused, aliceAfter };
  },
  steps: [
    {
      id: "create",
      title: "Create a symmetric key",
      how: ["Create a key with the defaults: it gets the default key policy. ", ...tagHow(6)],
      where: () => ["#/create?fresh", "Create key"],
      done: (f) => Boolean(f.key),
      show: async (ctx, f) => {
        const { alias } = await makeLessonKey(ctx, f, { alias: "lesson6", description: "Lesson 6: who can decrypt?" });
        return [`Made ${alias} with the default key policy.`];
      },
    },
    {
      id: "ask-bob",
      title: "Ask: can bob decrypt?",
      how: [
        "On the Key policy tab, in “Who can do what”, choose bob and ",
        c("Decrypt"),
        ", and press Try it. The console encrypts something as the account, then asks KMS to decrypt it as bob.",
      ],
      where: (f) => f.key && [keyHref(f.key, "policy"), "Key policy"],
      done: (f) => Boolean(f.bobBefore),
      show: async (ctx, f) => [
        await decryptAs(ctx, f, "bob"),
        "The default policy's statement for the account lets him in.",
      ],
    },
    {
      id: "deny-bob",
      title: "Deny Decrypt to bob in the key policy",
      how: [
        "Press “Example: deny Decrypt to bob” above the policy text, read the statement it adds, and press Save policy (PutKeyPolicy).",
      ],
      where: (f) => f.key && [keyHref(f.key, "policy"), "Key policy"],
      done: (f) => Boolean(f.denied),
      show: async (ctx, f) => {
        const doc = JSON.parse((await ctx.kms.getKeyPolicy({ KeyId: needKey(f).id })).Policy);
        const statements = [doc.Statement].flat().filter((s) => s && s.Sid !== "DenyDecryptToBob");
        const deny = { Sid: "DenyDecryptToBob", Effect: "Deny", Principal: { AWS: arnOfUser(f.key, "bob") } };
        doc.Statement = [...statements, { ...deny, Action: "kms:Decrypt", Resource: "*" }];
        await ctx.kms.putKeyPolicy({ KeyId: f.key.id, Policy: JSON.stringify(doc, null, 2) });
        return ["PutKeyPolicy: the policy now ends with a statement denying kms:Decrypt to bob."];
      },
    },
    {
      id: "bob-refused",
      title: "Ask again: bob is refused",
      how: ["Run “Who can do what” for bob and Decrypt again: DENIED, with KMS's AccessDeniedException."],
      where: (f) => f.key && [keyHref(f.key, "policy"), "Key policy"],
      done: (f) => Boolean(f.bobRefused),
      show: async (ctx, f) => {
        need(f.denied, "Do step 3 first: the policy does not deny bob yet.");
        return [await decryptAs(ctx, f, "bob"), "The explicit Deny wins over the account's Allow."];
      },
    },
    {
      id: "alice-allowed",
      title: "Alice still can",
      how: ["Run it for alice and Decrypt: ALLOWED. The Deny names bob only."],
      where: (f) => f.key && [keyHref(f.key, "policy"), "Key policy"],
      done: (f) => Boolean(f.aliceAfter),
      show: async (ctx, f) => {
        need(f.denied, "Do step 3 first: the policy does not deny bob yet.");
        return [await decryptAs(ctx, f, "alice")];
      },
    },
  ],
  learned: [
    "The key policy decides who may use a key; the default one lets the account (here, all of it) in.",
    "An explicit Deny beats any Allow: deny one principal and the others keep their access.",
    "Asking with a real call is the sure answer; the audit log records who asked and what KMS said.",
  ],
};

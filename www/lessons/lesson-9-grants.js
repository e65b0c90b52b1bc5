// Lesson 9, grants: narrow a key's policy to the account's root user, see bob refused, give him
// Encrypt and Decrypt with a grant (no policy change), see him let in, retire the grant, and see
// him refused again. Checked in the audit log: each answer is a real call made as bob, judged
// against the policy and grants in force at that moment. Depends on ../lib/dom.js, ./course.js
// and ./parts.js.

import { h } from "../lib/dom.js";
import { calls, first } from "./course.js";
import { arnOfUser, asUser, c, decryptAsUser, keyHref, lessonKey, makeLessonKey, need, tagHow } from "./parts.js";

const needKey = (f) => need(f.key, "Do step 1 first: this lesson needs its key.");
const bob = asUser("bob");

/** The lesson's key policy: the account's root user itself, and no other principal of the account. */
function rootOnly(account) {
  const root = `arn:aws:iam::${account}:root`;
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "RootUserOnly",
        Effect: "Allow",
        Principal: { AWS: root },
        Action: "kms:*",
        Resource: "*",
        Condition: { ArnEquals: { "aws:PrincipalArn": root } },
      },
    ],
  };
}

/** The policy as one line, for the learner to paste into the Key policy tab. */
const POLICY_TEXT = (account) => JSON.stringify(rootOnly(account));

/** Whether the key policy was changed between two events (then a later answer is not the grant's doing). */
const policyChangedBetween = (f, id, a, b) =>
  calls(f, { name: "PutKeyPolicy", key: id, ok: true, after: a.eventSequence }).some(
    (p) => p.eventSequence < b.eventSequence,
  );

const grantsBob = (e) =>
  /:user\/bob$/.test(e.requestParameters?.granteePrincipal ?? "") &&
  (e.requestParameters?.operations ?? []).includes("Decrypt");

export default {
  goal: "Give bob the use of a key he is not allowed by its policy, with a grant: no policy change, and taken back by retiring the grant.",
  why: [
    "A grant gives one principal a few operations on one KMS key, created and deleted by API calls (CreateGrant, RetireGrant, RevokeGrant) without editing the key policy. AWS services use them for work they do for you: EBS, RDS or Secrets Manager get a grant, use it, and retire it when done (the AWS KMS Developer Guide's “Grants in AWS KMS”).",
    "Grants only add permissions. KMS allows a call when the key policy (with IAM) or a grant allows it, unless a policy says Deny: a grant cannot undo an explicit Deny (lesson 6).",
    "Each grant can be narrowed further: to an encryption context (a constraint), and to who may retire it. Retiring is the grant's users cleaning up; revoking is an administrator cancelling it.",
    "This console has no IAM, so the default key policy lets every principal of the account in, and a grant would change nothing. The lesson first narrows the policy to the account's root user itself (a condition on aws:PrincipalArn), which is what a key policy that does not hand the decision to IAM looks like.",
  ],
  facts: (f) => {
    const key = lessonKey(f, (m) => m.KeySpec === "SYMMETRIC_DEFAULT" && m.KeyUsage === "ENCRYPT_DECRYPT");
    const id = key?.id;
    const narrowed = calls(f, {
      name: "PutKeyPolicy",
      key: id,
      ok: true,
      where: (e) => /aws:PrincipalArn/.test(e.requestParameters?.policy ?? ""),
    }).at(-1);
    const after = (e) => e?.eventSequence;
    const refused =
      narrowed &&
      first(f, { name: "Decrypt", key: id, error: "AccessDeniedException", after: after(narrowed), where: bob });
    const grant =
      refused && first(f, { name: "CreateGrant", key: id, ok: true, after: after(refused), where: grantsBob });
    const allowed = grant && first(f, { name: "Decrypt", key: id, ok: true, after: after(grant), where: bob });
    // Let in by the grant: the policy did not change between the refusal and the success.
    const byGrant = allowed && !policyChangedBetween(f, id, refused, allowed) && allowed;
    const retired =
      byGrant && first(f, { name: ["RetireGrant", "RevokeGrant"], key: id, ok: true, after: after(byGrant) });
    const refusedAgain =
      retired &&
      first(f, { name: "Decrypt", key: id, error: "AccessDeniedException", after: after(retired), where: bob });
    return { key, narrowed, refused, grant, byGrant, retired, refusedAgain };
  },
  steps: [
    {
      id: "create",
      title: "Create a symmetric key",
      how: ["Create a key with the defaults. ", ...tagHow(9)],
      where: () => ["#/create?fresh", "Create key"],
      done: (f) => Boolean(f.key),
      show: async (ctx, f) => {
        const { alias } = await makeLessonKey(ctx, f, { alias: "lesson9", description: "Lesson 9: grants" });
        return [`Made ${alias} with the default key policy.`];
      },
    },
    {
      id: "narrow",
      title: "Narrow the key policy to the root user",
      // A function: the policy names the key's account, known once the key exists.
      how: (f) => [
        "On the Key policy tab, replace the policy text with this one and press Save policy: ",
        f.key
          ? h("code", { class: "wrap", id: "lesson9-policy" }, POLICY_TEXT(f.key.m.AWSAccountId))
          : "(shown once the key exists)",
        ". It lets the account's root user itself do everything, and nobody else of the account.",
      ],
      where: (f) => f.key && [keyHref(f.key, "policy"), "Key policy"],
      done: (f) => Boolean(f.narrowed),
      show: async (ctx, f) => {
        const key = needKey(f);
        await ctx.kms.putKeyPolicy({ KeyId: key.id, Policy: JSON.stringify(rootOnly(key.m.AWSAccountId), null, 2) });
        return [
          "PutKeyPolicy: one statement now, allowing kms:* to the root user, with the condition aws:PrincipalArn = the root user's ARN, so the account's other principals are not let in.",
        ];
      },
    },
    {
      id: "refused",
      title: "Ask: bob is refused",
      how: ["In “Who can do what” on the Key policy tab, choose bob and ", c("Decrypt"), ", and press Try it: DENIED."],
      where: (f) => f.key && [keyHref(f.key, "policy"), "Key policy"],
      done: (f) => Boolean(f.refused),
      show: async (ctx, f) => {
        need(f.narrowed, "Do step 2 first: the default policy still lets bob in.");
        return [await decryptAsUser(ctx, needKey(f), "bob"), "No statement of the policy names him."];
      },
    },
    {
      id: "grant",
      title: "Grant bob Encrypt and Decrypt",
      how: [
        "On the Grants tab, press the bob preset, tick ",
        c("Encrypt"),
        " and ",
        c("Decrypt"),
        ", and press Create grant. The policy stays as it is.",
      ],
      where: (f) => f.key && [keyHref(f.key, "grants"), "Grants"],
      done: (f) => Boolean(f.grant),
      show: async (ctx, f) => {
        const key = needKey(f);
        need(f.refused, "Do step 3 first: see bob refused before the grant lets him in.");
        const { GrantId } = await ctx.kms.createGrant({
          KeyId: key.id,
          GranteePrincipal: arnOfUser(key, "bob"),
          Operations: ["Encrypt", "Decrypt"],
        });
        return [
          `CreateGrant: grant ${GrantId.slice(0, 10)}… lets bob Encrypt and Decrypt with this key, and nothing else.`,
        ];
      },
    },
    {
      id: "allowed",
      title: "Ask again: the grant lets bob in",
      how: ["Run “Who can do what” for bob and Decrypt again: ALLOWED, and the answer names the grant."],
      where: (f) => f.key && [keyHref(f.key, "policy"), "Key policy"],
      done: (f) => Boolean(f.byGrant),
      show: async (ctx, f) => {
        need(f.grant, "Do step 4 first: bob has no grant yet.");
        return [
          await decryptAsUser(ctx, needKey(f), "bob"),
          "The policy says no; the grant says yes, so KMS says yes.",
        ];
      },
    },
    {
      id: "retire",
      title: "Retire the grant",
      how: ["On the Grants tab, press Retire on bob's grant: the work is done, so the permission goes."],
      where: (f) => f.key && [keyHref(f.key, "grants"), "Grants"],
      done: (f) => Boolean(f.retired),
      show: async (ctx, f) => {
        const key = needKey(f);
        need(f.byGrant, "Do step 5 first: see the grant let bob in.");
        const { Grants = [] } = await ctx.kms.listGrants({ KeyId: key.id });
        const grant = need(
          Grants.find((g) => g.GranteePrincipal === arnOfUser(key, "bob")),
          "bob has no grant on this key any more.",
        );
        await ctx.kms.retireGrant({ KeyId: key.id, GrantId: grant.GrantId });
        return [`RetireGrant: grant ${grant.GrantId.slice(0, 10)}… is gone.`];
      },
    },
    {
      id: "refused-again",
      title: "Ask once more: bob is refused again",
      how: ["Run “Who can do what” for bob and Decrypt: DENIED again."],
      where: (f) => f.key && [keyHref(f.key, "policy"), "Key policy"],
      done: (f) => Boolean(f.refusedAgain),
      show: async (ctx, f) => {
        need(f.retired, "Do step 6 first: the grant is still there.");
        return [await decryptAsUser(ctx, needKey(f), "bob")];
      },
    },
  ],
  learned: [
    "A grant gives one principal a few operations on one key, without touching the key policy.",
    "Grants only add: KMS allows a call when the policy or a grant allows it, and a Deny still wins.",
    "Retiring (or revoking) the grant takes the permission back at once.",
  ],
};

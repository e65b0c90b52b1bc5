// The Key policy tab's "Who can do what" panel: pick a principal and an operation, and "Try it"
// makes the real call as that principal (`kms.as(arn)`), showing ALLOWED or DENIED with AWS's
// error; beside it, which statement decided, by the page's own small reader of the policy, or
// the grant that allowed a call the policy does not. Depends on ../lib/dom.js,
// ../lib/key-specs.js, ../lib/policy-reader.js, ./grants.js, ./playground-parts.js, ./policy-reading.js.

import { field, h } from "../lib/dom.js";
import { isPair } from "../lib/key-specs.js";
import { decide, rootOf } from "../lib/policy-reader.js";
import { constraintText, grantsFor, shortId } from "./grants.js";
import { errorLine, result, utf8 } from "./playground-parts.js";
import { principalText } from "./policy-reading.js";

const TEXT = utf8("who can do what");
const encrypts = (m) => m.KeyUsage === "ENCRYPT_DECRYPT";
const signs = (m) => m.KeyUsage === "SIGN_VERIFY";
const macs = (m) => m.KeyUsage === "GENERATE_VERIFY_MAC";
/** RSA keys need their algorithm named; symmetric keys take the default. */
const encAlg = (m) => {
  const a = m.EncryptionAlgorithms?.find((x) => x !== "SYMMETRIC_DEFAULT");
  return a ? { EncryptionAlgorithm: a } : {};
};
const signArgs = (m) => ({
  KeyId: m.KeyId,
  Message: TEXT,
  MessageType: "RAW",
  SigningAlgorithm: m.SigningAlgorithms[0],
});
const macArgs = (m) => ({ KeyId: m.KeyId, Message: TEXT, MacAlgorithm: m.MacAlgorithms[0] });

/**
 * The operations offered, for the keys that can do them. `how` tells the learner what happens:
 * read-only and cryptographic calls run for real with harmless inputs (`prepare` runs first as
 * the console, for what the call needs); DisableKey is undone at once; PutKeyPolicy saves the
 * same policy again; ScheduleKeyDeletion is never called, only explained.
 */
const OPS = [
  {
    op: "Encrypt",
    when: encrypts,
    how: "Called for real with 15 bytes of text.",
    run: (k, m) => k.encrypt({ KeyId: m.KeyId, Plaintext: TEXT, ...encAlg(m) }),
  },
  {
    op: "Decrypt",
    when: encrypts,
    how: "The console (as the account's root user) encrypts 15 bytes first; the principal then decrypts them, for real.",
    prepare: (ctx, m) => ctx.kms.encrypt({ KeyId: m.KeyId, Plaintext: TEXT, ...encAlg(m) }),
    run: (k, m, p) => k.decrypt({ KeyId: m.KeyId, CiphertextBlob: p.CiphertextBlob, ...encAlg(m) }),
  },
  {
    op: "GenerateDataKey",
    when: (m) => m.KeySpec === "SYMMETRIC_DEFAULT",
    how: "Called for real; the data key is thrown away.",
    run: (k, m) => k.generateDataKey({ KeyId: m.KeyId, KeySpec: "AES_256" }),
  },
  { op: "DescribeKey", how: "Called for real (read-only).", run: (k, m) => k.describeKey({ KeyId: m.KeyId }) },
  {
    op: "GetPublicKey",
    when: (m) => isPair(m.KeySpec),
    how: "Called for real (read-only).",
    run: (k, m) => k.getPublicKey({ KeyId: m.KeyId }),
  },
  { op: "Sign", when: signs, how: "Called for real on 15 bytes of text.", run: (k, m) => k.sign(signArgs(m)) },
  {
    op: "Verify",
    when: signs,
    how: "The console signs 15 bytes first; the principal then verifies the signature, for real.",
    prepare: (ctx, m) => ctx.kms.sign(signArgs(m)),
    run: (k, m, p) => k.verify({ ...signArgs(m), Signature: p.Signature }),
  },
  {
    op: "GenerateMac",
    when: macs,
    how: "Called for real on 15 bytes of text.",
    run: (k, m) => k.generateMac(macArgs(m)),
  },
  {
    op: "VerifyMac",
    when: macs,
    how: "The console makes a MAC first; the principal then verifies it, for real.",
    prepare: (ctx, m) => ctx.kms.generateMac(macArgs(m)),
    run: (k, m, p) => k.verifyMac({ ...macArgs(m), Mac: p.Mac }),
  },
  {
    op: "GetKeyPolicy",
    how: "Called for real (read-only).",
    run: (k, m) => k.getKeyPolicy({ KeyId: m.KeyId, PolicyName: "default" }),
  },
  {
    op: "DisableKey",
    how: "Called for real, then undone: if the key was enabled, the console enables it again at once (as the account's root user). Both calls are in the audit log.",
    run: (k, m) => k.disableKey({ KeyId: m.KeyId }),
    undo: async (ctx, m) => {
      if (m.KeyState !== "Enabled") return "The key was not enabled, so there was nothing to undo.";
      await ctx.kms.enableKey({ KeyId: m.KeyId });
      return "Undone: the console enabled the key again.";
    },
  },
  {
    op: "PutKeyPolicy",
    how: "Called for real with the saved policy, unchanged: the decision is real and the policy stays the same.",
    run: (k, m, _p, policy) => k.putKeyPolicy({ KeyId: m.KeyId, PolicyName: "default", Policy: policy }),
  },
  {
    op: "ScheduleKeyDeletion",
    how: "Not called: scheduling deletion is too consequential to try. Only the page's reading of the policy is shown.",
  },
];

/** The page's reading, in words: which statement decided, and what it left to KMS. */
function why(policy, arn, op, m) {
  let d;
  try {
    d = decide(policy, arn, op, m.Arn);
  } catch (e) {
    return [undefined, [`The page cannot read the saved policy: ${e.message}`]];
  }
  const lines = [
    d.effect === "Deny"
      ? `${d.by.label} denies it: an explicit Deny wins over any Allow.`
      : d.effect === "Allow"
        ? `${d.by.label} allows it, and no statement denies it.`
        : "No statement allows it, so KMS refuses it (an implicit deny).",
  ];
  for (const s of d.maybe)
    lines.push(`${s.label} ${s.not ? "may apply too" : "also names this caller and action"}, but ${s.unread}.`);
  return [d, lines];
}

/** Runs the chosen operation as `arn` and fills `out`. */
async function tryIt(ctx, m, policy, arn, spec, out) {
  const [d, lines] = why(policy, arn, spec.op, m);
  // `allowed`: what KMS answered, when it was asked; a reading that disagrees says so, unless
  // `grants` (the key's grants for this caller and operation) explain it.
  const reading = (allowed, grants) =>
    h(
      "div",
      { id: "who-why", class: "explain" },
      h(
        "strong",
        null,
        "Which statement decided (the page's own reading of the policy: an explanation, not the decision)",
      ),
      lines.map((l) => h("p", null, l)),
      grants?.length
        ? h(
            "p",
            { id: "who-grant" },
            `Allowed by a grant, not by the policy: ${grants
              .map(
                (g) =>
                  `grant ${shortId(g.GrantId)}${g.Name ? ` ("${g.Name}")` : ""} gives ${g.GranteePrincipal} ${g.Operations.join(", ")} (constraints: ${constraintText(g.Constraints)})`,
              )
              .join("; ")}. KMS reads the key's grants when no policy statement allows a call.`,
          )
        : d && allowed !== undefined && allowed !== (d.effect === "Allow")
          ? h(
              "p",
              { id: "who-disagree", class: "warn" },
              "This reading and KMS's answer differ: KMS's is the one that counts (a condition or an element this reader skips decided).",
            )
          : null,
      h(
        "p",
        { class: "hint" },
        "This reader looks at Effect, Principal, Action and Resource only; conditions are judged by KMS.",
      ),
    );
  const verdict = (text, kind) =>
    h(
      "p",
      null,
      h("strong", { id: "who-verdict", class: `badge verdict-${kind}` }, text),
      " ",
      spec.op,
      " as ",
      h("span", { class: "mono wrap" }, arn),
    );
  if (!spec.run) {
    const word = d?.effect === "Allow" ? "WOULD BE ALLOWED" : "WOULD BE DENIED";
    result(out, verdict(`${word} (not called)`, "explained"), h("p", { class: "hint" }, spec.how), reading());
    return;
  }
  // Only asked when the reader finds no Allow: then a grant is the likely reason KMS allowed it.
  const byGrant = () => (d && d.effect !== "Allow" ? grantsFor(ctx, m, arn, spec.op) : undefined);
  let view;
  try {
    view = ctx.kms.as(arn);
  } catch (e) {
    result(
      out,
      errorLine(e),
      h(
        "p",
        { class: "hint" },
        "A principal is an IAM user or role ARN, an assumed-role session ARN, or the account's root user.",
      ),
    );
    return;
  }
  let prepared;
  try {
    prepared = spec.prepare ? await spec.prepare(ctx, m) : undefined;
  } catch (e) {
    result(out, h("p", { class: "hint" }, "The console could not prepare the call's input:"), errorLine(e));
    return;
  }
  // By ARN, as AWS requires of another account's principal (a key id names a key of its own).
  const byArn = { ...m, KeyId: m.Arn };
  try {
    await spec.run(view, byArn, prepared, policy);
  } catch (e) {
    const otherAccount = arn.split(":")[4] !== m.AWSAccountId;
    if (e.name === "NotFoundException" && otherAccount) {
      result(
        out,
        verdict("DENIED", "denied"),
        h("p", { id: "who-error", class: "form-error" }, h("strong", null, e.name), `: ${e.message}`),
        h(
          "p",
          { class: "hint" },
          `${spec.op} cannot be called on another account's key, whatever the policy says: AWS allows only the cryptographic operations, DescribeKey, GetPublicKey, GetKeyRotationStatus and the grant operations across accounts.`,
        ),
      );
      return;
    }
    if (e.name === "AccessDeniedException") {
      result(
        out,
        verdict("DENIED", "denied"),
        h("p", { id: "who-error", class: "form-error" }, h("strong", null, e.name), `: ${e.message}`),
        reading(false),
      );
      return;
    }
    result(
      out,
      verdict("ALLOWED", "allowed"),
      h("p", null, "The policy let the call through; it then failed for another reason:"),
      errorLine(e),
      reading(true, await byGrant()),
    );
    return;
  }
  let undone;
  try {
    undone = spec.undo ? await spec.undo(ctx, m) : undefined;
  } catch (e) {
    undone = `The console could not undo it (${e.name}: ${e.message}). Enable the key with the Enable button.`;
  }
  result(
    out,
    verdict("ALLOWED", "allowed"),
    h("p", { id: "who-success" }, `${spec.op} succeeded as this principal.`),
    undone ? h("p", { id: "who-undone" }, undone) : null,
    reading(true, await byGrant()),
  );
}

/** The panel, for the key `m` under its saved policy text `policy`. */
export function renderWhoCan(ctx, m, policy) {
  const account = m.Arn.split(":")[4];
  const presets = [
    ["root", "Account root", rootOf(account)],
    ["alice", "alice", `arn:aws:iam::${account}:user/alice`],
    ["bob", "bob", `arn:aws:iam::${account}:user/bob`],
    ["role", "Role session", `arn:aws:sts::${account}:assumed-role/App/session-1`],
  ];
  const principal = h("input", { id: "who-principal", class: "code", spellcheck: "false", value: presets[1][2] });
  const ops = OPS.filter((o) => !o.when || o.when(m));
  const select = h(
    "select",
    { id: "who-operation" },
    ops.map((o) => h("option", { value: o.op }, o.op)),
  );
  const how = h("p", { class: "hint", id: "who-how" }, ops[0].how);
  select.addEventListener("change", () => (how.textContent = ops.find((o) => o.op === select.value).how));
  const seen = h("p", { class: "hint", id: "who-principal-text" }, principalText(principal.value));
  principal.addEventListener("input", () => (seen.textContent = principalText(principal.value.trim())));
  const out = h("div", { class: "pg-out", id: "who-out", "aria-live": "polite" });
  const form = h(
    "form",
    null,
    field("Principal (IAM ARN)", principal),
    h(
      "div",
      { class: "actions", role: "group", "aria-label": "Principal presets" },
      presets.map(([id, label, arn]) =>
        h(
          "button",
          {
            type: "button",
            class: "small",
            id: `who-preset-${id}`,
            onClick: () => {
              principal.value = arn;
              seen.textContent = principalText(arn);
            },
          },
          label,
        ),
      ),
    ),
    field("Operation", select),
    how,
    h("button", { type: "submit", class: "primary", id: "who-try" }, "Try it"),
    out,
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    out.replaceChildren(h("p", { class: "hint" }, "Calling…"));
    tryIt(
      ctx,
      m,
      policy,
      principal.value.trim(),
      ops.find((o) => o.op === select.value),
      out,
    );
  });
  return h(
    "div",
    { class: "subsection", id: "who-can" },
    h("h3", null, "Who can do what"),
    h(
      "p",
      { class: "hint" },
      'Pick a principal and an operation. "Try it" makes the real call as that principal, judged by the saved policy (not the editor\'s text), and shows what KMS answered.',
    ),
    form,
  );
}

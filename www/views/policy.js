// A key's Key policy tab: the saved policy's reading (administrators, users, denies), the JSON
// editor (checked in the page, then saved with PutKeyPolicy; AWS's errors shown with a hint, and
// the lockout safety check's bypass), a one-click example, and the "Who can do what" panel.
// Depends on ../lib/dom.js, ../lib/limits.js, ./policy-reading.js, ./who-can.js, ./playground-parts.js.

import { explain, h } from "../lib/dom.js";
import { MAX_POLICY_BYTES } from "../lib/limits.js";
import { errorLine } from "./playground-parts.js";
import { renderReading } from "./policy-reading.js";
import { renderWhoCan } from "./who-can.js";

const LOCKOUT = /will not allow you to update the key policy/;

/** The problem with a policy text, or undefined (the service checks it again). */
function policyProblem(text) {
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return `Not valid JSON: ${e.message}`;
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) return "A policy is a JSON object.";
  const st = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  if (!st.length) return "A policy needs a Statement.";
  for (const [i, s] of st.entries()) {
    if (!["Allow", "Deny"].includes(s?.Effect)) return `Statement ${i + 1} needs "Effect": "Allow" or "Deny".`;
    if (!s.Action && !s.NotAction) return `Statement ${i + 1} needs an Action.`;
  }
  if (new TextEncoder().encode(text).length > MAX_POLICY_BYTES)
    return `A policy is at most ${MAX_POLICY_BYTES / 1024} KB.`;
  return undefined;
}

/** One line on what an error from PutKeyPolicy means and what to do about it. */
function hintFor(e, root) {
  if (e.name === "MalformedPolicyDocumentException" && LOCKOUT.test(e.message))
    return `This is AWS's lockout safety check: under the new policy the caller (the console calls as the account's root user, ${root}) could not call PutKeyPolicy again, so nobody might ever be able to change the policy back. In AWS, a key nobody can manage stays that way until AWS Support steps in.`;
  if (e.name === "MalformedPolicyDocumentException")
    return 'KMS read the document and refused it: check its structure, and that each principal is an IAM user or role ARN, an account id, or "*".';
  if (e.name === "AccessDeniedException")
    return "The current policy does not let the console's caller (the account's root user) change the policy.";
  return "KMS refused the call; the saved policy is unchanged.";
}

/** The saved policy plus a statement denying kms:Decrypt to bob, as editor text. */
function withDenyBob(text, account) {
  const doc = JSON.parse(text);
  const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  doc.Statement = [
    ...statements.filter((s) => s?.Sid !== "DenyDecryptToBob"),
    {
      Sid: "DenyDecryptToBob",
      Effect: "Deny",
      Principal: { AWS: `arn:aws:iam::${account}:user/bob` },
      Action: "kms:Decrypt",
      Resource: "*",
    },
  ];
  return JSON.stringify(doc, null, 2);
}

function editor(ctx, m, saved) {
  const account = m.Arn.split(":")[4];
  const root = `arn:aws:iam::${account}:root`;
  const area = h("textarea", {
    id: "policy-text",
    rows: 16,
    spellcheck: "false",
    class: "code",
    "aria-describedby": "policy-status",
  });
  area.value = saved;
  const status = h(
    "p",
    { id: "policy-status", class: "hint", "aria-live": "polite" },
    "Edit the JSON, then check or save it.",
  );
  const failure = h("div", { id: "policy-error", "aria-live": "polite" });
  const check = () => {
    const problem = policyProblem(area.value);
    status.textContent = problem ?? "The policy is valid JSON with a well-formed Statement.";
    status.className = problem ? "form-error" : "ok-text";
    return !problem;
  };
  const save = async (bypass) => {
    failure.replaceChildren();
    if (!check()) return;
    try {
      await ctx.kms.putKeyPolicy({
        KeyId: m.KeyId,
        PolicyName: "default",
        Policy: area.value,
        ...(bypass ? { BypassPolicyLockoutSafetyCheck: true } : {}),
      });
    } catch (e) {
      showError(e);
      return;
    }
    ctx.notify(bypass ? "Key policy saved, without the lockout safety check." : "Key policy saved.");
    await ctx.refresh();
  };
  const showError = (e) => {
    const lockout = e.name === "MalformedPolicyDocumentException" && LOCKOUT.test(e.message);
    failure.replaceChildren(
      errorLine(e),
      h("p", { class: "hint", id: "policy-hint" }, hintFor(e, root)),
      lockout
        ? h(
            "div",
            { class: "bypass" },
            h(
              "p",
              { class: "warn", id: "policy-bypass-warning" },
              "Saving anyway sets BypassPolicyLockoutSafetyCheck. If the policy lets no one call PutKeyPolicy, no one can ever change it again: the console itself may lose access to this key. Only do this when you know who will manage the key.",
            ),
            h(
              "button",
              { type: "button", class: "danger", id: "policy-bypass", onClick: () => save(true) },
              "Save anyway (bypass the safety check)",
            ),
          )
        : null,
    );
  };
  const example = () => {
    let base = area.value;
    if (policyProblem(base)) base = saved; // start from the saved policy when the editor's text is broken
    area.value = withDenyBob(base, account);
    failure.replaceChildren();
    status.textContent = "Added a statement denying kms:Decrypt to bob. Not saved yet: save the policy to apply it.";
    status.className = "hint";
  };
  const form = h(
    "form",
    null,
    area,
    status,
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", id: "policy-check", onClick: check }, "Check"),
      h("button", { type: "button", id: "policy-example-deny-bob", onClick: example }, "Example: deny Decrypt to bob"),
      h("button", { type: "submit", class: "primary", id: "policy-save" }, "Save policy"),
    ),
    failure,
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    save(false);
  });
  return form;
}

export async function renderPolicy(ctx, m) {
  let Policy;
  try {
    ({ Policy } = await ctx.kms.getKeyPolicy({ KeyId: m.KeyId, PolicyName: "default" }));
  } catch (e) {
    if (e.name !== "AccessDeniedException") throw e;
    return [
      h("h2", null, "Key policy"),
      errorLine(e),
      h(
        "p",
        { class: "hint" },
        "The console calls as the account's root user, and this key's policy does not let it read the policy.",
      ),
    ];
  }
  let pretty = Policy;
  try {
    pretty = JSON.stringify(JSON.parse(Policy), null, 2);
  } catch {
    // keep it as stored
  }
  return [
    h("h2", null, "Key policy"),
    renderReading(Policy, m),
    // The heading is the editor's visible label: clicking it puts the caret in the text.
    h("h3", null, h("label", { for: "policy-text" }, "Edit the policy (JSON)")),
    editor(ctx, m, pretty),
    renderWhoCan(ctx, m, Policy),
    explain(
      "About key policies",
      "The key policy is the first thing KMS reads to decide who may use or manage the key: every call names a caller, and the key's policy must allow that caller the call's action (kms:Encrypt, kms:PutKeyPolicy…). An explicit Deny wins over any Allow; with no Allow the call is refused.",
      "The console itself calls as the account's root user; the panel above calls as whoever you pick.",
    ),
  ];
}

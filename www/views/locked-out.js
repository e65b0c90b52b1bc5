// The key page when the console's caller (the account's root user) may not even describe the
// key: what happened, and a way back through a principal the policy still lets manage it.
// Depends on ../lib/dom.js and ./playground-parts.js.

import { explain, field, h } from "../lib/dom.js";
import { errorLine } from "./playground-parts.js";

/** The default key policy of `account`: the account (every principal of it, here) may do everything. */
const defaultPolicy = (account) =>
  JSON.stringify({
    Version: "2012-10-17",
    Id: "key-default-1",
    Statement: [
      {
        Sid: "Enable IAM User Permissions",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${account}:root` },
        Action: "kms:*",
        Resource: "*",
      },
    ],
  });

export function renderLockedOut(ctx, keyId, error) {
  // AccessDeniedException names the key's ARN, which gives the account (DescribeKey is refused).
  const account = error.message.match(/resource: arn:aws:kms:[^:]*:(\d{12}):/)?.[1];
  const principal = h("input", {
    id: "recover-principal",
    class: "code",
    spellcheck: "false",
    value: account ? `arn:aws:iam::${account}:user/alice` : "",
  });
  const out = h("div", { id: "recover-out", "aria-live": "polite" });
  const form = h(
    "form",
    null,
    field("A principal the policy still allows kms:PutKeyPolicy", principal),
    h(
      "button",
      { type: "submit", class: "primary", id: "recover-restore" },
      "Restore the default policy as this principal",
    ),
    out,
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      await ctx.kms
        .as(principal.value.trim())
        .putKeyPolicy({ KeyId: keyId, PolicyName: "default", Policy: defaultPolicy(account) });
    } catch (err) {
      out.replaceChildren(errorLine(err));
      return;
    }
    ctx.notify("Default key policy restored.");
    await ctx.refresh();
  });
  return h(
    "div",
    { class: "page" },
    h("h1", { tabindex: "-1" }, "No access to this key"),
    h(
      "section",
      { class: "panel", id: "locked-out" },
      errorLine(error),
      h(
        "p",
        null,
        "The console calls as the account's root user, and this key's policy no longer lets it in: this is what the lockout safety check protects against. In AWS, such a key stays locked until a principal the policy allows changes it, or AWS Support steps in.",
      ),
      account ? form : null,
      explain(
        "Getting back in",
        "If the policy still lets some principal call PutKeyPolicy, that principal can put the default policy back (the account may do everything). Calls made here as that principal are recorded in the audit log under its name.",
      ),
      h("p", null, h("a", { href: "#/keys" }, "Back to the keys")),
    ),
  );
}

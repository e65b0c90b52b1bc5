// The Key policy tab's reading of the saved policy, as the AWS console shows it: the key
// administrators, the key users, and (which the AWS console does not list) the explicit denies
// and the statements left to KMS. An explanation only: the calls decide.
// Depends on ../lib/dom.js and ../lib/policy-reader.js.

import { explain, h } from "../lib/dom.js";
import { reading } from "../lib/policy-reader.js";

/** A policy's principal entry in words. */
export function principalText(entry) {
  if (entry === "*") return "Everyone (*)";
  const account = /^\d{12}$/.test(entry) ? entry : entry.match(/^arn:aws:iam::(\d{12}):root$/)?.[1];
  if (account) return `Every principal of account ${account} (the account, so in AWS whoever IAM allows)`;
  return entry;
}

function table(id, caption, rows, empty) {
  if (!rows.length) return h("p", { class: "muted", id }, empty);
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { id, class: "policy-reading" },
      h("caption", null, caption),
      h(
        "thead",
        null,
        h(
          "tr",
          null,
          h("th", { scope: "col" }, "Principal"),
          h("th", { scope: "col" }, "Actions"),
          h("th", { scope: "col" }, "Statement"),
        ),
      ),
      h(
        "tbody",
        null,
        rows.map((r) =>
          h(
            "tr",
            null,
            h("td", { class: "wrap" }, principalText(r.principal)),
            h("td", { class: "mono wrap" }, r.actions.join(", ")),
            h("td", null, r.statement),
          ),
        ),
      ),
    ),
  );
}

/** The reading of the saved policy `text` for the key `m`. */
export function renderReading(text, m) {
  let r;
  try {
    r = reading(text, m.Arn);
  } catch (e) {
    return h("p", { class: "form-error" }, `The saved policy cannot be read here: ${e.message}`);
  }
  return h(
    "div",
    { class: "subsection", id: "policy-reading" },
    h("h3", null, "Who the policy names"),
    h(
      "p",
      { class: "hint" },
      "The AWS console's reading: principals granted administrative actions (kms:Create*, Describe*, Enable*, List*, Put*, Update*, Revoke*, Disable*, Get*, Delete*, tags, deletion, rotation) are key administrators; those granted cryptographic actions (Encrypt, Decrypt, ReEncrypt*, GenerateDataKey*, DescribeKey, Sign, Verify, MACs…) are key users. kms:* makes a principal both.",
    ),
    table("policy-admins", "Key administrators", r.admins, "No key administrators."),
    table("policy-users", "Key users", r.users, "No key users."),
    r.denies.length ? table("policy-denies", "Explicit denies (they win over any Allow)", r.denies) : null,
    r.unread.length
      ? h(
          "ul",
          { id: "policy-unread", class: "hint" },
          r.unread.map((s) => h("li", null, `${s.label} is not read here: ${s.unread}.`)),
        )
      : null,
    explain(
      "The account's root user means the whole account",
      "A statement naming arn:aws:iam::<account>:root (or just the account id) does not mean only the root user: in AWS it hands the decision to the account's IAM policies. kms-wasm has no IAM, so here it lets every principal of the account in, as if their IAM policies allowed it.",
    ),
  );
}

// A key's Grants tab: its grants (ListGrants) with Retire and Revoke, a form that creates one
// (grantee, operations the key type can grant, an encryption context constraint, retiring
// principal, name) and shows its GrantToken, and what grants are next to key policies.
// Depends on ../lib/dom.js, ../lib/format.js, ../lib/policy-reader.js, ./playground-parts.js.

import { explain, field, h, stackTable } from "../lib/dom.js";
import { fmtDate } from "../lib/format.js";
import { names } from "../lib/policy-reader.js";
import { errorLine } from "./playground-parts.js";

const SYMMETRIC_OPS = [
  "Encrypt",
  "Decrypt",
  "GenerateDataKey",
  "GenerateDataKeyWithoutPlaintext",
  "GenerateDataKeyPair",
  "GenerateDataKeyPairWithoutPlaintext",
  "ReEncryptFrom",
  "ReEncryptTo",
];
/** Key usage (of a key pair or HMAC key) → the operations a grant for it may list. */
const USAGE_OPS = {
  ENCRYPT_DECRYPT: ["Encrypt", "Decrypt", "ReEncryptFrom", "ReEncryptTo", "GetPublicKey"],
  SIGN_VERIFY: ["Sign", "Verify", "GetPublicKey"],
  GENERATE_VERIFY_MAC: ["GenerateMac", "VerifyMac"],
  KEY_AGREEMENT: ["DeriveSharedSecret", "GetPublicKey"],
  ENCAPSULATE_DECAPSULATE: ["Encapsulate", "Decapsulate", "GetPublicKey"],
};

/** What KMS lets a grant for this key list: anything else is a ValidationException. */
export function grantableOps(m) {
  const own = m.KeySpec === "SYMMETRIC_DEFAULT" ? SYMMETRIC_OPS : (USAGE_OPS[m.KeyUsage] ?? []);
  return [...own, "CreateGrant", "RetireGrant", "DescribeKey"];
}

/** Every grant of the key, following ListGrants' pages. */
async function allGrants(kms, keyId) {
  const out = [];
  let Marker;
  do {
    const page = await kms.listGrants({ KeyId: keyId, ...(Marker ? { Marker } : {}) });
    out.push(...(page.Grants ?? []));
    Marker = page.Truncated ? page.NextMarker : undefined;
  } while (Marker);
  return out;
}

/**
 * The grants that name `arn` (exactly, by its role, or by its account, as KMS matches grantees)
 * for `op`, for "Who can do what" to say which grant let a call through. Undefined when the
 * console may not list them.
 */
export async function grantsFor(ctx, m, arn, op) {
  try {
    const grants = await allGrants(ctx.kms, m.KeyId);
    return grants.filter((g) => g.Operations?.includes(op) && names(g.GranteePrincipal ?? "", arn));
  } catch {
    return undefined;
  }
}

export const shortId = (id) => `${id.slice(0, 10)}…`;

/** A grant's constraints in words: "context equals app=billing". */
export function constraintText(c) {
  if (!c) return "None";
  const pairs = (o) =>
    Object.entries(o)
      .map(([k, v]) => `${k}=${v}`)
      .join(", ");
  const parts = [];
  if (c.EncryptionContextEquals) parts.push(`Context equals ${pairs(c.EncryptionContextEquals)}`);
  if (c.EncryptionContextSubset) parts.push(`Context includes ${pairs(c.EncryptionContextSubset)}`);
  if (c.SourceArn) parts.push(`SourceArn ${c.SourceArn}`);
  return parts.join("; ") || "None";
}

// The last grant created here, so its token survives the re-render that shows the new grant.
let created;

function grantsTable(ctx, m, grants) {
  if (!grants.length) return h("p", { class: "muted", id: "grants-empty" }, "This key has no grants.");
  const act = (g, how) => {
    const call =
      how === "retire"
        ? () => ctx.kms.retireGrant({ KeyId: m.KeyId, GrantId: g.GrantId })
        : () => ctx.kms.revokeGrant({ KeyId: m.KeyId, GrantId: g.GrantId });
    if (created?.GrantId === g.GrantId) created = undefined;
    ctx.act(call, `Grant ${shortId(g.GrantId)} ${how === "retire" ? "retired" : "revoked"}.`);
  };
  const buttons = (g) =>
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", class: "small grant-retire", onClick: () => act(g, "retire") }, "Retire"),
      h(
        "button",
        { type: "button", class: "small danger-quiet grant-revoke", onClick: () => act(g, "revoke") },
        "Revoke",
      ),
    );
  // [heading, cell content, class]: one list for the header and the rows (and the labels a phone shows).
  const columns = [
    ["Grant ID", (g) => shortId(g.GrantId), "mono"],
    ["Grantee", (g) => g.GranteePrincipal ?? g.GranteeServicePrincipal ?? "—", "mono wrap"],
    ["Operations", (g) => (g.Operations ?? []).join(", ")],
    ["Constraints", (g) => constraintText(g.Constraints)],
    ["Retiring principal", (g) => g.RetiringPrincipal ?? g.RetiringServicePrincipal ?? "—", "mono wrap"],
    ["Name", (g) => g.Name ?? "—"],
    ["Created", (g) => fmtDate(g.CreationDate)],
    ["Actions", buttons],
  ];
  return stackTable({
    id: "grants-table",
    caption: `${grants.length} grant${grants.length === 1 ? "" : "s"}`,
    columns,
    rows: grants,
    rowAttrs: (g) => ({ dataset: { grantId: g.GrantId }, title: `Grant ${g.GrantId}` }),
  });
}

/** The encryption context constraint's controls; `read()` gives the Constraints, or throws a sentence. */
function constraintFields(m) {
  if (m.KeySpec !== "SYMMETRIC_DEFAULT")
    return {
      node: h(
        "p",
        { class: "hint" },
        "Encryption context constraints apply to symmetric encryption keys only, so none is offered here.",
      ),
      read: () => undefined,
    };
  const kind = h(
    "select",
    { id: "grant-constraint" },
    h("option", { value: "" }, "None"),
    h("option", { value: "EncryptionContextEquals" }, "Equals (exactly these pairs)"),
    h("option", { value: "EncryptionContextSubset" }, "Subset (at least these pairs)"),
  );
  const pair = (i) =>
    h(
      "div",
      { class: "tag-row" },
      h("input", { id: `grant-ctx-key-${i}`, placeholder: "key", size: 8, "aria-label": `Context key ${i + 1}` }),
      h("input", { id: `grant-ctx-value-${i}`, placeholder: "value", size: 8, "aria-label": `Context value ${i + 1}` }),
    );
  const read = () => {
    if (!kind.value) return undefined;
    const pairs = {};
    for (const i of [0, 1]) {
      const k = document.getElementById(`grant-ctx-key-${i}`).value.trim();
      const v = document.getElementById(`grant-ctx-value-${i}`).value;
      if (k) pairs[k] = v;
    }
    if (!Object.keys(pairs).length) throw new Error("A constraint needs at least one key=value pair.");
    return { [kind.value]: pairs };
  };
  const node = h(
    "fieldset",
    null,
    h("legend", null, "Encryption context constraint (optional)"),
    field(
      "Constraint",
      kind,
      "Equals: the request's encryption context must be exactly these pairs. Subset: it must contain them, and may hold more.",
    ),
    pair(0),
    pair(1),
  );
  return { node, read };
}

function createForm(ctx, m) {
  const account = m.Arn.split(":")[4];
  const presets = [
    ["bob", "bob", `arn:aws:iam::${account}:user/bob`],
    ["alice", "alice", `arn:aws:iam::${account}:user/alice`],
    ["role", "Role session", `arn:aws:sts::${account}:assumed-role/App/session-1`],
  ];
  const grantee = h("input", { id: "grant-grantee", class: "code", spellcheck: "false", value: presets[0][2] });
  const ops = grantableOps(m).map((op) =>
    h("label", { class: "inline-check" }, h("input", { type: "checkbox", id: `grant-op-${op}`, value: op }), op),
  );
  const constraint = constraintFields(m);
  const retiring = h("input", { id: "grant-retiring", class: "code", spellcheck: "false", placeholder: "optional" });
  const name = h("input", { id: "grant-name", placeholder: "optional" });
  const out = h("div", { class: "pg-out", id: "grant-out", "aria-live": "polite" }, tokenBox(m));
  const form = h(
    "form",
    null,
    field("Grantee principal (IAM ARN)", grantee),
    h(
      "div",
      { class: "actions", role: "group", "aria-label": "Grantee presets" },
      presets.map(([id, label, arn]) =>
        h(
          "button",
          { type: "button", class: "small", id: `grant-preset-${id}`, onClick: () => (grantee.value = arn) },
          label,
        ),
      ),
    ),
    h(
      "fieldset",
      { id: "grant-ops" },
      h("legend", null, "Operations"),
      h("p", { class: "hint" }, "Only what this type of key can grant; CreateGrant cannot be granted alone."),
      h("div", { class: "actions" }, ops),
    ),
    constraint.node,
    field(
      "Retiring principal (optional)",
      retiring,
      "Who may retire the grant when the work is done, besides the grantee (if granted RetireGrant) and the account's root user.",
    ),
    field("Name (optional)", name, "A retry with the same name and parameters returns the same grant."),
    h("button", { type: "submit", class: "primary", id: "grant-create" }, "Create grant"),
    out,
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const Operations = ops
      .map((l) => l.querySelector("input"))
      .filter((c) => c.checked)
      .map((c) => c.value);
    let Constraints;
    try {
      if (!Operations.length) throw new Error("Pick at least one operation.");
      Constraints = constraint.read();
    } catch (err) {
      out.replaceChildren(h("p", { class: "form-error", role: "alert" }, err.message));
      return;
    }
    const request = { KeyId: m.KeyId, GranteePrincipal: grantee.value.trim(), Operations };
    if (Constraints) request.Constraints = Constraints;
    if (retiring.value.trim()) request.RetiringPrincipal = retiring.value.trim();
    if (name.value.trim()) request.Name = name.value.trim();
    try {
      const answer = await ctx.kms.createGrant(request);
      created = { keyId: m.KeyId, ...answer };
    } catch (err) {
      out.replaceChildren(errorLine(err));
      return;
    }
    ctx.notify(`Grant ${shortId(created.GrantId)} created.`);
    await ctx.refresh();
  });
  return form;
}

/** The token of the grant just created on this key, with what a token is for. */
function tokenBox(m) {
  if (created?.keyId !== m.KeyId) return null;
  return h(
    "div",
    { id: "grant-created" },
    h(
      "p",
      { class: "ok-text" },
      "Created grant ",
      h("span", { class: "mono wrap", id: "grant-id" }, created.GrantId),
      ".",
    ),
    field(
      "GrantToken",
      h("textarea", { id: "grant-token", class: "code", readonly: true, rows: 3 }, created.GrantToken),
      "A grant token lets the grantee use the grant at once, before it has reached every KMS host (up to five minutes in AWS): pass it in GrantTokens, or retire the grant with it.",
    ),
  );
}

export async function renderGrants(ctx, m) {
  let grants;
  try {
    grants = await allGrants(ctx.kms, m.KeyId);
  } catch (e) {
    if (e.name !== "AccessDeniedException") throw e;
    return [
      h("h2", null, "Grants"),
      errorLine(e),
      h(
        "p",
        { class: "hint" },
        "The console calls as the account's root user, and this key's policy does not let it list grants.",
      ),
    ];
  }
  return [
    h("h2", null, "Grants"),
    grantsTable(ctx, m, grants),
    h(
      "p",
      { class: "hint", id: "grants-retire-revoke" },
      "Retire and revoke both delete the grant. Retiring is how the grant's users clean up when their work is done (its retiring principal, its grantee if granted RetireGrant, or the account's root user); revoking is an administrator cancelling it, which needs kms:RevokeGrant in the key policy.",
    ),
    h("h3", null, "Create a grant"),
    createForm(ctx, m),
    explain(
      "Grants and key policies",
      "A key policy is the key's standing rule, edited rarely and by hand. A grant is temporary, narrow and programmatic: it gives one principal a few operations on this one key, optionally only under an encryption context, and is created and deleted by API calls (CreateGrant, RetireGrant, RevokeGrant) without touching the policy. AWS services use grants for work they do on your behalf: EBS gets one to decrypt a volume's data key while the volume is attached to an instance, and RDS, Secrets Manager or Lambda do the same for their resources, retiring the grant when it is no longer needed. KMS reads the grants when the policy has no Allow for a call; an explicit Deny in the policy still wins.",
    ),
  ];
}

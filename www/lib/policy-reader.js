// A small key policy reader, for the console's explanations only: which statements name a
// principal, an action and the key (Effect, Principal, Action and Resource; conditions and the
// Not* elements are left to KMS), and the AWS console's "key administrators / key users"
// reading of a policy. The real decision is always the call's. Depends on nothing.

/** The account's root user: in a policy it stands for every principal of the account (no IAM here). */
export const rootOf = (account) => `arn:aws:iam::${account}:root`;

/** The actions the AWS console's key administrator statement grants (kms:Create*, Describe*, …), DescribeKey aside. */
export const ADMIN_ACTIONS = [
  "CreateAlias",
  "CreateGrant",
  "EnableKey",
  "EnableKeyRotation",
  "ListAliases",
  "ListGrants",
  "ListKeyPolicies",
  "ListKeyRotations",
  "ListResourceTags",
  "PutKeyPolicy",
  "UpdateAlias",
  "UpdateKeyDescription",
  "RevokeGrant",
  "DisableKey",
  "DisableKeyRotation",
  "GetKeyPolicy",
  "GetKeyRotationStatus",
  "GetParametersForImport",
  "DeleteAlias",
  "DeleteImportedKeyMaterial",
  "TagResource",
  "UntagResource",
  "ScheduleKeyDeletion",
  "CancelKeyDeletion",
  "RotateKeyOnDemand",
];

/** The actions of its key user statements (DescribeKey counts here: both roles have it). */
export const USAGE_ACTIONS = [
  "Encrypt",
  "Decrypt",
  "ReEncryptFrom",
  "ReEncryptTo",
  "GenerateDataKey",
  "GenerateDataKeyWithoutPlaintext",
  "GenerateDataKeyPair",
  "GenerateDataKeyPairWithoutPlaintext",
  "DescribeKey",
  "GetPublicKey",
  "Sign",
  "Verify",
  "GenerateMac",
  "VerifyMac",
  "DeriveSharedSecret",
  "Encapsulate",
  "Decapsulate",
];

const list = (v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

/** IAM's wildcards: `*` any run, `?` one character; case-insensitive, as KMS compares actions. */
export function wildcard(pattern, value) {
  const re = String(pattern)
    .split("")
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${re}$`, "i").test(value);
}

/** The `AWS` principals a statement names, or ["*"] for `"Principal": "*"`. */
function principalsOf(s) {
  if (s.Principal === "*") return ["*"];
  return list(s.Principal?.AWS).map(String);
}

/** Whether a policy's principal entry covers the caller `arn` (an IAM user, role, session or root). */
export function names(entry, arn) {
  if (entry === "*" || entry === arn) return true;
  const account = arn.split(":")[4];
  // A statement naming the account delegates to IAM in AWS; with no IAM it means all of the account.
  if (entry === account || entry === rootOf(account)) return true;
  const session = arn.match(/^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/);
  return Boolean(session && new RegExp(`^arn:aws:iam::${session[1]}:role/(.*/)?${session[2]}$`).test(entry));
}

/**
 * The statements of a policy text, numbered from 1: `{ n, label, effect, principals, actions,
 * resources, not, unread }`; `unread` says why this reader leaves a statement to KMS (conditions,
 * Not* elements). Throws on text that is not a JSON object.
 */
export function statements(text) {
  const doc = JSON.parse(text);
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) throw new Error("A policy is a JSON object.");
  return list(doc.Statement).map((s, i) => {
    const not = ["NotPrincipal", "NotAction", "NotResource"].filter((k) => k in (s ?? {}));
    return {
      n: i + 1,
      label: s?.Sid ? `Statement ${i + 1} ("${s.Sid}")` : `Statement ${i + 1}`,
      effect: s?.Effect,
      principals: principalsOf(s ?? {}),
      actions: list(s?.Action).map(String),
      resources: list(s?.Resource).map(String),
      not: not.length > 0,
      unread: not.length
        ? `it uses ${not.join(", ")}, which this reader does not read`
        : s?.Condition
          ? "it has conditions, and conditions are judged by KMS: try it to see"
          : undefined,
    };
  });
}

const coversAction = (s, action) => s.actions.some((a) => wildcard(a, `kms:${action}`));
const coversKey = (s, keyArn) => s.resources.some((r) => r === "*" || wildcard(r, keyArn));

/**
 * The reader's decision for `arn` doing `kms:<action>` on the key: `{ effect: "Allow" | "Deny" |
 * "None", by, maybe }`. `by` is the statement that decided (a Deny before any Allow, as KMS
 * decides); `maybe` lists the statements it left to KMS that may apply (conditional ones
 * naming this caller and action, and every statement with a Not* element).
 */
export function decide(text, arn, action, keyArn) {
  const all = statements(text);
  const applies = all.filter((s) => s.principals.some((p) => names(p, arn)) && coversAction(s, action));
  const read = applies.filter((s) => !s.unread && coversKey(s, keyArn));
  const deny = read.find((s) => s.effect === "Deny");
  const allow = read.find((s) => s.effect === "Allow");
  const by = deny ?? allow;
  // Not* statements may cover anyone: name them all; conditional ones only when they name this call.
  const maybe = all.filter((s) => s.not || (s.unread && applies.includes(s)));
  return { effect: by ? by.effect : "None", by, maybe };
}

/**
 * The AWS console's reading: `{ admins, users, denies, unread }`, each a list of `{ principal,
 * statement, actions }` from the Allow (or Deny) statements that apply to this key. A principal
 * is an administrator when it is granted any administrative action, a user when it is granted any
 * usage action; `kms:*` makes it both.
 */
export function reading(text, keyArn) {
  const out = { admins: [], users: [], denies: [], unread: [] };
  for (const s of statements(text)) {
    if (s.unread) {
      out.unread.push(s);
      continue;
    }
    if (!coversKey(s, keyArn)) continue;
    for (const principal of s.principals) {
      const row = { principal, statement: s.label, actions: s.actions };
      if (s.effect === "Deny") out.denies.push(row);
      if (s.effect !== "Allow") continue;
      if (ADMIN_ACTIONS.some((a) => coversAction(s, a))) out.admins.push(row);
      if (USAGE_ACTIONS.some((a) => coversAction(s, a))) out.users.push(row);
    }
  }
  return out;
}

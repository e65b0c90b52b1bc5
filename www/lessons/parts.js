// Pieces the lesson modules share: inline code, links to a lesson key's tabs, the "add the
// lesson tag" instruction, making a lesson key as the wizard would (for "Show me"), the
// friendly refusal a "Show me" gives when an earlier step is missing, and a Decrypt made as
// one of the console's IAM users (lessons 6 and 9).
// Depends on ../lib/dom.js and ./course.js.

import { h } from "../lib/dom.js";
import { TAG_KEY } from "./course.js";

/** Inline code. */
export const c = (text) => h("code", null, text);

/** A link target on a lesson key's page: `#/keys/<id>/<tab>`. */
export const keyHref = (key, tab = "general") => `#/keys/${encodeURIComponent(key.id)}/${tab}`;

/** What the wizard's second step asks for a lesson key. */
export const tagHow = (n) => [
  "In the wizard's second step, under Tags, add ",
  c(TAG_KEY),
  " = ",
  c(String(n)),
  ". The lesson finds its keys by this tag, and “Reset this lesson” removes only keys that carry it.",
];

/** A "Show me" that cannot run yet: its message is shown as the explanation, not as an error. */
export class NotYet extends Error {
  constructor(message) {
    super(message);
    this.name = "NotYet";
  }
}

/** `value`, or a NotYet saying what to do first. */
export function need(value, message) {
  if (!value) throw new NotYet(message);
  return value;
}

/** `alias/<base>`, or `alias/<base>-2`… when taken. */
export function freeAlias(f, base) {
  const taken = new Set([...f.aliases.values()].flat());
  for (let i = 1; ; i++) {
    const name = `alias/${base}${i === 1 ? "" : `-${i}`}`;
    if (!taken.has(name)) return name;
  }
}

/** Creates a key tagged for lesson `f.n` with an alias, as the wizard does; resolves to `{ id, alias }`. */
export async function makeLessonKey(ctx, f, { alias, description, ...input }) {
  const { KeyMetadata } = await ctx.kms.createKey({
    Description: description,
    Tags: [{ TagKey: TAG_KEY, TagValue: String(f.n) }],
    ...input,
  });
  const name = freeAlias(f, alias);
  await ctx.kms.createAlias({ AliasName: name, TargetKeyId: KeyMetadata.KeyId });
  return { id: KeyMetadata.KeyId, alias: name };
}

/** The first lesson key matching `test` (by metadata), or undefined. */
export const lessonKey = (f, test = () => true) => f.keys.find((k) => test(k.m));

/** Whether an audit event was a call made as the IAM user `name`. */
export const asUser = (name) => (e) => String(e.userIdentity?.arn ?? "").endsWith(`:user/${name}`);

/** The ARN of the IAM user `name` in the account of `key`. */
export const arnOfUser = (key, name) => `arn:aws:iam::${key.m.Arn.split(":")[4]}:user/${name}`;

/**
 * A Decrypt made as the IAM user `name` through the console's own KMS view, of a ciphertext the
 * account has just made under `key`; resolves to the verdict in words.
 */
export async function decryptAsUser(ctx, key, name) {
  const { CiphertextBlob } = await ctx.kms.encrypt({ KeyId: key.id, Plaintext: new TextEncoder().encode("?") });
  try {
    await ctx.kms.as(arnOfUser(key, name)).decrypt({ CiphertextBlob });
    return `ALLOWED: ${name} decrypted a ciphertext made under the key.`;
  } catch (e) {
    return `DENIED: ${e.name}, ${e.message}`;
  }
}

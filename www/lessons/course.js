// The lessons' shared engine: finding a lesson's keys (tagged `lesson` = its number), reading
// the audit log from the lesson's mark, judging each step against that real state, keeping the
// progress, resetting a lesson (its keys taken out of the state: a console convenience) and
// starting a lesson from a seed document. Depends on ../lib/data.js, ../lib/memory.js, ../lib/progress.js.

import { aliasesByKey } from "../lib/data.js";
import { forgetParams } from "../lib/memory.js";
import { progressOf, saveProgress } from "../lib/progress.js";

/** The tag that marks a lesson's keys: `lesson` = `1`… (AWS reserves only the `aws:` prefix). */
export const TAG_KEY = "lesson";

/** The key id in a key id or key ARN. */
const bareId = (id) =>
  String(id ?? "")
    .split("/")
    .pop();

/** Whether an event's resources include the key `id`. */
export const onKey = (e, id) => Boolean(id) && (e.resources ?? []).some((r) => bareId(r.ARN) === id);

/** The key ids an event names in its resources. */
export const keysOf = (e) => (e.resources ?? []).map((r) => bareId(r.ARN));

/** Whether a tag list (API or audit spelling) carries lesson `n`'s tag. */
export function tagged(tags, n) {
  return (tags ?? []).some(
    (t) =>
      String(t.TagKey ?? t.tagKey ?? "")
        .trim()
        .toLowerCase() === TAG_KEY && String(t.TagValue ?? t.tagValue ?? "").trim() === String(n),
  );
}

/** A non-empty encryption context of an event, as sorted `k=v` text (undefined when none). */
export function contextOf(e) {
  const c = e.requestParameters?.encryptionContext;
  if (!c || typeof c !== "object" || !Object.keys(c).length) return undefined;
  return Object.keys(c)
    .sort()
    .map((k) => `${k}=${c[k]}`)
    .join("\n");
}

/**
 * The events of the lesson (`f.events`) that match: `name` (one or a list), `key` (on that key),
 * `ok` (true: succeeded, false: failed), `error` (that errorCode), `after` (a sequence number),
 * `service` (the service's own events, not API calls), `where` (any other test).
 */
export function calls(f, filter = {}) {
  const { name, key, ok, error, after, service, where } = filter;
  // `key: undefined` (a key not made yet) matches nothing; no `key` at all matches any key.
  const anyKey = !("key" in filter);
  const names = name === undefined ? undefined : [name].flat();
  return f.events.filter(
    (e) =>
      (!names || names.includes(e.eventName)) &&
      (anyKey || onKey(e, key)) &&
      (ok === undefined || ok === !e.errorCode) &&
      (error === undefined || e.errorCode === error) &&
      (after === undefined || e.eventSequence > after) &&
      (service === undefined || service === (e.eventType === "AwsServiceEvent")) &&
      (!where || where(e)),
  );
}

/** The first matching event, or undefined. */
export const first = (f, filter) => calls(f, filter)[0];

/** The last audit sequence number of the Region (0 for an empty log). */
async function lastSequence(ctx) {
  return (await ctx.kms.auditLog({})).at(-1)?.eventSequence ?? 0;
}

/**
 * What every lesson's checks read, in the console's Region: the audit events since the lesson's
 * mark, the lesson's keys that still exist (`keys`, oldest first, each `{ id, m, aliases }`),
 * every id the lesson ever had (`ids`, deleted ones too), every alias (`aliases`) and the progress.
 */
export async function gather(ctx, lesson) {
  const record = progressOf(lesson.n);
  const log = await ctx.kms.auditLog({});
  const last = log.at(-1)?.eventSequence ?? 0;
  // A mark past the end of the log belongs to a state that was replaced (reset, import): start over.
  const since = (record.since ?? 0) <= last ? (record.since ?? 0) : 0;
  const events = log.filter((e) => (e.eventSequence ?? 0) > since);
  const ids = new Set((record.seeded ?? []).map(bareId));
  // Keys are the lesson's by their tag, read from the calls that set it: a deleted key is still found.
  for (const e of events) {
    if (e.errorCode) continue;
    const p = e.requestParameters ?? {};
    if (e.eventName === "CreateKey" && tagged(p.tags, lesson.n)) ids.add(e.responseElements?.keyMetadata?.keyId);
    if (e.eventName === "TagResource" && tagged(p.tags, lesson.n)) ids.add(bareId(p.keyId));
  }
  ids.delete(undefined);
  const aliases = await aliasesByKey(ctx.kms);
  const keys = [];
  for (const id of ids) {
    try {
      const { KeyMetadata: m } = await ctx.kms.describeKey({ KeyId: id });
      keys.push({ id: m.KeyId, m, aliases: aliases.get(m.KeyId) ?? [] });
    } catch (e) {
      if (e.name !== "NotFoundException" && e.name !== "AccessDeniedException") throw e;
    }
  }
  keys.sort((a, b) => a.m.CreationDate - b.m.CreationDate);
  return { n: lesson.n, since, events, ids, keys, aliases, record, now: ctx.now() };
}

/** What `gather` reads plus the lesson's own facts (its key, the events its steps look for). */
export async function factsOf(ctx, lesson) {
  const f = await gather(ctx, lesson);
  if (lesson.facts) Object.assign(f, await lesson.facts(f, ctx));
  return f;
}

/**
 * Judges every step of `lesson` against the state: `{ f, results: [{ step, done }], finished }`.
 * Saves the steps seen done, and marks the lesson done (once, with the virtual date) when all are.
 */
export async function evaluate(ctx, lesson) {
  const f = await factsOf(ctx, lesson);
  const results = lesson.steps.map((step) => ({ step, done: Boolean(step.done(f)) }));
  const record = f.record;
  const steps = results.filter((r) => r.done).map((r) => r.step.id);
  const finished = !record.done && results.every((r) => r.done);
  if (finished) {
    record.done = true;
    record.doneAt = ctx.now().toISOString();
  }
  if (finished || steps.join() !== (record.steps ?? []).join()) {
    record.steps = steps;
    await saveProgress(lesson.n, record);
  }
  return { f, results, finished };
}

/**
 * Removes keys from the state at once, with their aliases and pending imports: what AWS KMS never
 * does (it only schedules a deletion 7 to 30 days ahead), so the service's `removeKeys`, an
 * emulator convenience. The audit log keeps every event of the keys.
 */
async function removeKeys(ctx, ids) {
  await ctx.service.removeKeys([...ids], { region: ctx.region });
  for (const id of ids) forgetParams(id);
}

/** Removes the lesson's keys and starts its progress over from now. Resolves to how many keys went. */
export async function resetLesson(ctx, lesson) {
  const f = await gather(ctx, lesson);
  const ids = new Set(f.keys.map((k) => k.id));
  // The lesson's keys in other Regions (a multi-Region key's replicas), as key ARNs.
  for (const arn of (await lesson.resetAlso?.(ctx, f)) ?? []) ids.add(arn);
  if (ids.size) await removeKeys(ctx, ids);
  await saveProgress(lesson.n, { since: await lastSequence(ctx), steps: [] });
  return ids.size;
}

/** A seed document as a link parameter: base64url of its JSON. */
export function encodeSeed(doc) {
  const bytes = new TextEncoder().encode(JSON.stringify(doc));
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** A link parameter back to a seed document: base64url JSON, or the JSON itself. Throws an Error that says what is wrong. */
export function decodeSeed(text) {
  const raw = String(text ?? "").trim();
  let json = raw;
  if (!raw.startsWith("{")) {
    try {
      const bin = atob(raw.replace(/-/g, "+").replace(/_/g, "/"));
      json = new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
    } catch {
      throw new Error("The scenario in this link is neither base64url nor JSON text.");
    }
  }
  let doc;
  try {
    doc = JSON.parse(json);
  } catch {
    throw new Error("The scenario in this link is not valid JSON.");
  }
  if (!doc || !Array.isArray(doc.Keys)) throw new Error("A scenario is a seed document: an object with a Keys list.");
  return doc;
}

/**
 * Starts lesson `lesson` from a seed document: the lesson's keys go (as Reset does), then the
 * document's keys are made in the console's Region, each tagged for the lesson so its checks and
 * its Reset find them. Resolves to the number of keys.
 */
export async function startFromSeed(ctx, lesson, doc) {
  const keys = doc.Keys.map((k) => ({
    ...k,
    Region: k.Region ?? ctx.region,
    Tags: [
      ...(Array.isArray(k.Tags) ? k.Tags : []).filter((t) => String(t?.TagKey).trim().toLowerCase() !== TAG_KEY),
      { TagKey: TAG_KEY, TagValue: String(lesson.n) },
    ],
  }));
  await resetLesson(ctx, lesson);
  const count = await ctx.service.applySeed({ ...doc, Keys: keys });
  const seeded = keys.filter((k) => k.Region === ctx.region).map((k) => k.KeyId);
  await saveProgress(lesson.n, { ...progressOf(lesson.n), seeded });
  return count;
}

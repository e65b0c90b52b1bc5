// Why a key is as it is when time, not a call, changed it: imported material that expired on the
// date set at import, an automatic rotation, an import token past its 24 hours, a deletion at the
// end of its waiting period (the deleted key's page). Read from DescribeKey's metadata and the
// key's audit events (reading the log is not itself logged). Depends on ../lib/*, ./common.js.

import { aliasesByKey } from "../lib/data.js";
import { h } from "../lib/dom.js";
import { fmtDate } from "../lib/format.js";
import { DAY_MS, ROTATION_PERIOD_DAYS } from "../lib/limits.js";
import { recallParams } from "../lib/memory.js";

const TOKEN_MS = DAY_MS; // wrapping keys and import tokens last 24 hours
const READ = /^(Describe|List|Get(?!ParametersForImport))/;

const at = (e) => Date.parse(e.eventTime);
const ok = (e) => !e.errorCode;
const lastOf = (events, names, before = Number.POSITIVE_INFINITY) =>
  events.filter((e) => ok(e) && names.includes(e.eventName) && at(e) <= before).at(-1);

function note(id, lead, text, next, link) {
  return h(
    "div",
    { class: "why-note", id, role: "note" },
    h("p", null, h("strong", null, lead), " ", text),
    next ? h("p", { class: "why-next" }, h("strong", null, "Next: "), next, link ? [" ", link] : null) : null,
  );
}

/** The material is gone: expired at its ValidTo, or deleted by a call. */
function materialGone(m, events, tab) {
  if (m.KeyState !== "PendingImport" || !m.CurrentKeyMaterialId) return null;
  const gone = lastOf(events, ["DeleteExpiredKeyMaterial", "DeleteImportedKeyMaterial", "ImportKeyMaterial"]);
  if (!gone || gone.eventName === "ImportKeyMaterial") return null;
  const next =
    "re-import the same material (KMS takes back only the material it had): get new parameters, wrap your copy of the original with the new wrapping key, and upload it. Everything encrypted before decrypts again once it is back.";
  if (gone.eventName === "DeleteImportedKeyMaterial") {
    return note(
      "why-material",
      "Why Pending import:",
      `the key material was deleted on ${fmtDate(gone.eventTime)} by a DeleteImportedKeyMaterial call, so the key has none and cannot be used.`,
      next,
      tab,
    );
  }
  const imp = lastOf(events, ["ImportKeyMaterial"], at(gone));
  const set = imp
    ? `the expiry date (ValidTo) set when it was imported on ${fmtDate(imp.eventTime)}`
    : "the expiry date (ValidTo) set when it was imported";
  return note(
    "why-material",
    "Why Pending import:",
    `the imported key material expired on ${fmtDate(gone.eventTime)}, ${set}. At that moment KMS deleted it (the audit log's DeleteExpiredKeyMaterial), so the key has no material and cannot be used.`,
    next,
    tab,
  );
}

/** Parameters fetched and never used before their 24 hours ran out. */
function tokenExpired(m, events, now, tab) {
  if (m.Origin !== "EXTERNAL" || m.KeyState === "PendingDeletion") return null;
  const got = lastOf(events, ["GetParametersForImport"]);
  const validTo = recallParams(m.KeyId)?.ParametersValidTo.getTime() ?? (got ? at(got) + TOKEN_MS : undefined);
  if (!validTo || validTo > now) return null;
  const issued = validTo - TOKEN_MS;
  // Used in time: an import after they were issued made them history, not a problem.
  if (events.some((e) => ok(e) && e.eventName === "ImportKeyMaterial" && at(e) >= issued - 1000)) return null;
  return note(
    "why-token",
    "Import token expired:",
    `the wrapping public key and import token from GetParametersForImport on ${fmtDate(issued)} expired on ${fmtDate(validTo)}, 24 hours later, and KMS refuses them after that (ExpiredImportTokenException).`,
    "get new parameters (step 1 of the Key material tab), then wrap the material again with the new wrapping public key.",
    tab,
  );
}

/** The latest rotation, when KMS made it on schedule rather than on request. */
function rotatedOnSchedule(m, events) {
  if (m.Origin !== "AWS_KMS" || m.KeySpec !== "SYMMETRIC_DEFAULT") return null;
  const last = lastOf(events, ["RotateKey", "RotateKeyOnDemand"]);
  if (last?.eventName !== "RotateKey") return null;
  const setting = lastOf(events, ["EnableKeyRotation"], at(last));
  const days = setting?.requestParameters?.rotationPeriodInDays ?? ROTATION_PERIOD_DAYS.default;
  return note(
    "why-rotation",
    "Rotated automatically:",
    `KMS gave this key new key material on ${fmtDate(last.eventTime)}, because automatic rotation is on with a period of ${days} days. New encryptions use the new material; ciphertexts made before still decrypt, since KMS keeps every earlier material. The key id, aliases and policy did not change.`,
  );
}

/** Sentences on the time-caused changes behind the key's current state, for its page (none: null). */
export async function timeNotes(ctx, m) {
  const events = await ctx.kms.auditLog({ keyId: m.KeyId });
  const tab =
    m.Origin === "EXTERNAL"
      ? h("a", { href: `#/keys/${encodeURIComponent(m.KeyId)}/material` }, "Open the Key material tab.")
      : null;
  const notes = [
    materialGone(m, events, tab),
    tokenExpired(m, events, ctx.now().getTime(), tab?.cloneNode(true)),
    rotatedOnSchedule(m, events),
  ].filter(Boolean);
  return notes.length ? h("div", { class: "why", id: "key-why" }, notes) : null;
}

/** keyId → a short reason for the keys of the list that time put in their state (material expired). */
export async function listReasons(ctx, keys) {
  const out = new Map();
  const waiting = keys.filter((k) => k.metadata.KeyState === "PendingImport" && k.metadata.CurrentKeyMaterialId);
  for (const { metadata: m } of waiting) {
    const mine = await ctx.kms.auditLog({ keyId: m.KeyId });
    const gone = lastOf(mine, ["DeleteExpiredKeyMaterial", "DeleteImportedKeyMaterial", "ImportKeyMaterial"]);
    if (gone?.eventName === "DeleteExpiredKeyMaterial")
      out.set(m.KeyId, `Material expired on ${fmtDate(gone.eventTime)} (the date set at import)`);
    else if (gone?.eventName === "DeleteImportedKeyMaterial")
      out.set(m.KeyId, `Material deleted on ${fmtDate(gone.eventTime)}`);
  }
  return out;
}

/** What a service event (KMS acting on its own, at its due time) did, in a sentence. */
function eventSentence(e, label) {
  const when = fmtDate(e.eventTime);
  switch (e.eventName) {
    case "DeleteExpiredKeyMaterial":
      return `The imported material of ${label} expired on ${when}, the date set at import: the key is Pending import until the same material is imported again.`;
    case "RotateKey":
      return `${label} rotated automatically on ${when}, as its rotation period came round: old ciphertexts still decrypt.`;
    case "DeleteKey":
      return `${label} was deleted on ${when}, at the end of its waiting period: nothing encrypted under it can be decrypted again.`;
    default:
      return `${e.eventName} on ${when} (${label}).`;
  }
}

/**
 * The service events among `events` (any Regions') as sentences naming each key by its alias:
 * what the clock bar can say after a jump instead of bare event names.
 */
export async function serviceEventSentences(ctx, events, limit = 4) {
  const due = events.filter((e) => e.eventType === "AwsServiceEvent");
  const aliases = new Map();
  const out = [];
  for (const e of due.slice(0, limit)) {
    const region = e.awsRegion;
    if (!aliases.has(region)) aliases.set(region, await aliasesByKey(ctx.service.inRegion(region)));
    const keyId = e.serviceEventDetails?.keyId ?? e.resources?.[0]?.ARN?.split("/").pop();
    const alias = aliases.get(region).get(keyId)?.[0];
    out.push(eventSentence(e, alias ?? `key ${keyId?.slice(0, 8)}…`));
  }
  if (due.length > limit) out.push(`And ${due.length - limit} more: see the audit log.`);
  return out;
}

/** The page of a key KMS deleted: when, what that means, and its audit trail. Undefined if it was not deleted. */
export async function renderTombstone(ctx, keyId) {
  const events = await ctx.kms.auditLog({ keyId });
  const deleted = lastOf(events, ["DeleteKey"]);
  if (!deleted) return undefined;
  const scheduled = lastOf(events, ["ScheduleKeyDeletion"], at(deleted));
  const alias = lastOf(events, ["CreateAlias"])?.requestParameters?.aliasName;
  const days = scheduled?.requestParameters?.pendingWindowInDays;
  // Reads are the console browsing (after the deletion, its own look-ups failing): left out, unless refused before.
  const trail = events.filter((e) => !READ.test(e.eventName) || (e.errorCode && at(e) < at(deleted))).reverse();
  const row = (e) =>
    h(
      "tr",
      { class: e.errorCode ? "failed" : null, dataset: { event: e.eventName } },
      h("td", { class: "nowrap", "data-label": "Time" }, fmtDate(e.eventTime, { seconds: true })),
      h("td", { "data-label": "Event" }, e.eventName),
      h(
        "td",
        { "data-label": "Result" },
        e.errorCode ? h("span", { class: "error-code" }, e.errorCode) : h("span", { class: "ok-text" }, "Success"),
      ),
      h("td", { "data-label": "Source" }, e.eventType === "AwsServiceEvent" ? "KMS (scheduled)" : "caller"),
    );
  return h(
    "div",
    { class: "page tombstone" },
    h("p", { class: "crumbs" }, h("a", { href: "#/keys" }, `Customer managed keys (${ctx.region})`), " › ", keyId),
    h("h1", { tabindex: "-1" }, `Deleted key ${alias ? `(was ${alias})` : ""}`.trim()),
    h(
      "section",
      { class: "panel" },
      h(
        "p",
        { id: "key-deleted" },
        h("strong", null, `Deleted on ${fmtDate(deleted.eventTime)}: `),
        "its key material is gone, and nothing encrypted under it can be decrypted again, by anyone. Its aliases went with it. Here is its audit trail.",
      ),
      h(
        "p",
        { class: "hint" },
        scheduled
          ? `KMS deleted it when the ${days ? `${days}-day ` : ""}waiting period ended: the deletion was scheduled on ${fmtDate(scheduled.eventTime)} (ScheduleKeyDeletion) and nobody cancelled it.`
          : "KMS deleted it when its waiting period ended.",
        ` Key id: ${keyId}.`,
      ),
      h(
        "div",
        { class: "table-wrap" },
        h(
          "table",
          { class: "stack", id: "tombstone-trail" },
          h("caption", null, "Its audit events, newest first (the console's own reads left out)"),
          h(
            "thead",
            null,
            h(
              "tr",
              null,
              ["Time (UTC)", "Event", "Result", "Source"].map((c) => h("th", { scope: "col" }, c)),
            ),
          ),
          h("tbody", null, trail.map(row)),
        ),
      ),
      h(
        "p",
        null,
        h("a", { href: `#/audit?key=${encodeURIComponent(keyId)}` }, "Open them in the audit log"),
        " · ",
        h("a", { href: "#/keys" }, "Back to the keys"),
      ),
    ),
  );
}

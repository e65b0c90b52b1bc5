// What the virtual clock will bring: every key's next automatic rotation, import token expiry,
// imported material expiry and deletion, in every Region in use, read with real API calls
// (ListKeys, ListAliases, DescribeKey, GetKeyRotationStatus through ./data.js) and the audit
// trail; and the earliest date the clock may be set to (never before now). Depends on ./data.js, ./limits.js, ./memory.js.

import { listAllKeys } from "./data.js";
import { DAY_MS } from "./limits.js";
import { recallParams } from "./memory.js";

/** Each kind of scheduled event in words, about a key's name. */
const SAYS = {
  rotation: (name) => `${name} rotates`,
  token: (name) => `the import token of ${name} expires`,
  expiry: (name) => `the key material of ${name} expires`,
  deletion: (name) => `${name} is deleted`,
};

/**
 * Successful calls that can change a schedule (and service events, which carry one out). Reads
 * and cryptographic calls cannot, so the schedule read before them still holds.
 */
const CHANGES = new Set([
  "CreateKey",
  "ReplicateKey",
  "EnableKey",
  "DisableKey",
  "ScheduleKeyDeletion",
  "CancelKeyDeletion",
  "EnableKeyRotation",
  "DisableKeyRotation",
  "RotateKeyOnDemand",
  "GetParametersForImport",
  "ImportKeyMaterial",
  "DeleteImportedKeyMaterial",
  "PutKeyPolicy",
  "UpdatePrimaryRegion",
  "CreateAlias",
  "UpdateAlias",
  "DeleteAlias",
]);

const changes = (e) => !e.errorCode && (e.eventType === "AwsServiceEvent" || CHANGES.has(e.eventName));

/** The id in a key ARN or an event's resources. */
const idOf = (e) => e.resources?.[0]?.ARN?.split("/").pop();

/** "key orders" (its first alias), else "key 1234abcd…", with the Region when it is not `here`. */
function keyName(aliases, keyId, region, here) {
  const name = aliases[0] ? aliases[0].replace(/^alias\//, "") : `${keyId.slice(0, 8)}…`;
  return `key ${name}${region === here ? "" : ` (${region})`}`;
}

/**
 * When the import token of a GetParametersForImport `event` for `keyId` expires: the remembered
 * answer's ParametersValidTo when it matches the event (to the millisecond), else the event's
 * time (whole seconds) plus 24 hours, rounded up so that the token has surely expired by then.
 */
export function tokenExpiry(event, keyId) {
  const estimate = Date.parse(event.eventTime) + DAY_MS;
  const exact = recallParams(keyId)?.ParametersValidTo?.getTime();
  return exact !== undefined && exact >= estimate && exact < estimate + 1000 ? exact : estimate + 1000;
}

/** The last import token issued for `keyId`, if any: its GetParametersForImport event. */
const lastToken = (events, keyId) =>
  events.findLast((e) => e.eventName === "GetParametersForImport" && !e.errorCode && idOf(e) === keyId);

/** The scheduled events of one Region's keys. */
async function regionSchedule(kms, region, here, events) {
  const out = [];
  for (const { metadata: m, aliases, rotation, denied } of await listAllKeys(kms)) {
    if (denied) continue; // a key policy shuts the console out: nothing to read
    const add = (kind, date) => {
      const t = date instanceof Date ? date.getTime() : date;
      if (Number.isFinite(t)) {
        const name = keyName(aliases, m.KeyId, region, here);
        out.push({ t, kind, keyId: m.KeyId, region, name, text: SAYS[kind](name) });
      }
    };
    // A disabled key does not rotate, and a replica rotates with its primary.
    const replica = m.MultiRegionConfiguration?.MultiRegionKeyType === "REPLICA";
    if (m.KeyState === "Enabled" && !replica && rotation?.KeyRotationEnabled)
      add("rotation", rotation.NextRotationDate);
    // A token matters while the key waits for material.
    const token = m.KeyState === "PendingImport" && lastToken(events, m.KeyId);
    if (token) add("token", tokenExpiry(token, m.KeyId));
    if (m.ValidTo && m.KeyState !== "PendingImport") add("expiry", m.ValidTo);
    if (m.DeletionDate) add("deletion", m.DeletionDate);
  }
  return out;
}

/** The Regions worth reading: `here`, and those where a key was ever made or replicated. */
function regionsInUse(events, here) {
  const regions = new Set([here]);
  for (const e of events) if (/^(CreateKey|ReplicateKey)$/.test(e.eventName) && e.awsRegion) regions.add(e.awsRegion);
  return [...regions];
}

let cached; // { signature, list }: the last reading, valid while nothing changed

/**
 * Every scheduled event after `now` in the Regions in use, soonest first:
 * `{ t, kind, keyId, region, name, text }`. The reading is kept until a call or a service event
 * could have changed it, or one of its events falls due, so the console's own reads do not flood
 * the audit log; `fresh` reads again regardless.
 */
export async function upcoming(service, here, { fresh = false } = {}) {
  const events = await service.auditLog({});
  const now = service.now().getTime();
  const relevant = events.filter(changes);
  const signature = `${here}|${relevant.length}|${relevant.at(-1)?.eventID ?? ""}`;
  if (fresh || cached?.signature !== signature || cached.list.some((x) => x.t <= now)) {
    const all = [];
    for (const region of regionsInUse(events, here)) {
      all.push(...(await regionSchedule(service.inRegion(region), region, here, events)));
    }
    // Only what is ahead: an expired token stays on its key, but is no longer an event to come.
    const list = all.filter((x) => x.t > service.now().getTime());
    // The reads above may have carried out what was due: sign what they leave.
    const after = (await service.auditLog({})).filter(changes);
    cached = { signature: `${here}|${after.length}|${after.at(-1)?.eventID ?? ""}`, list };
  }
  const later = service.now().getTime();
  return cached.list.filter((x) => x.t > later).sort((a, b) => a.t - b.t || a.text.localeCompare(b.text));
}

/** The soonest scheduled events: all of those due at the same moment (an empty list when none). */
export function soonest(list) {
  return list.filter((x) => x.t === list[0]?.t);
}

/**
 * The earliest date the clock may be set to: virtual now, or the audit trail's last event when
 * that is later (a clock moved back through the API): `{ t, event }`, `event` set in that case.
 */
export async function earliest(service) {
  const now = service.now().getTime();
  let last;
  for (const e of await service.auditLog({}))
    if (!last || Date.parse(e.eventTime) > Date.parse(last.eventTime)) last = e;
  const t = last ? Date.parse(last.eventTime) : Number.NEGATIVE_INFINITY;
  return t > now ? { t, event: last } : { t: now };
}

// The dated facts of one key, for its timeline: points (creation, disable and enable, deletion
// scheduled and cancelled, the deletion date, rotations done and next, import tokens, imports,
// material expiry and deletion) and periods (Disabled, Pending deletion, material present,
// Pending import, import token valid), read from DescribeKey's metadata, the rotation history
// and status, and the key's audit events. Depends on ../lib/data.js, ../lib/schedule.js.

import { rotations as listRotations, rotatable, rotates } from "../lib/data.js";
import { fmtDate, fmtDuration } from "../lib/format.js";
import { tokenExpiry } from "../lib/schedule.js";

/** Each kind of point: its lane, marker shape and colour class, its name in the list and its tag in the picture. */
export const KIND = {
  created: { lane: "key", shape: "circle", cls: "m-created", label: "Created", tag: "Created" },
  disabled: { lane: "key", shape: "square", cls: "m-muted", label: "Disabled", tag: "Disabled" },
  enabled: { lane: "key", shape: "square", cls: "m-ok", label: "Enabled", tag: "Enabled" },
  scheduled: { lane: "key", shape: "square", cls: "m-danger", label: "Deletion scheduled", tag: "Deletion scheduled" },
  cancelled: { lane: "key", shape: "square", cls: "m-ok", label: "Deletion cancelled", tag: "Deletion cancelled" },
  deletion: { lane: "key", shape: "cross", cls: "m-danger", label: "Deletion date", tag: "Deletion date" },
  rotation: { lane: "rotation", shape: "diamond", cls: "m-rotation", label: "Rotation", tag: "Rotated" },
  next: { lane: "rotation", shape: "diamond", cls: "m-future", label: "Next rotation", tag: "Next rotation" },
  token: { lane: "material", shape: "square", cls: "m-token", label: "Import token issued", tag: "Token issued" },
  tokenEnd: { lane: "material", shape: "cross", cls: "m-muted", label: "Import token expiry", tag: "Token expires" },
  imported: { lane: "material", shape: "triangle", cls: "m-ok", label: "Material imported", tag: "Imported" },
  expiry: { lane: "material", shape: "cross", cls: "m-danger", label: "Material expiry", tag: "Material expires" },
  removed: { lane: "material", shape: "cross", cls: "m-danger", label: "Material deleted", tag: "Material deleted" },
};

/** Each kind of period: its lane, colour class and name; `thin` ones run under the lane's main bar. */
export const SPAN = {
  disabled: { lane: "key", cls: "s-disabled", label: "Disabled" },
  deleting: { lane: "key", cls: "s-deleting", label: "Pending deletion" },
  pending: { lane: "material", cls: "s-pending", label: "Pending import" },
  present: { lane: "material", cls: "s-present", label: "Material present" },
  token: { lane: "material", cls: "s-token", label: "Import token valid", thin: true },
};

/** A point in words: "Rotation (automatic): 2027-01-01 00:00 UTC", "scheduled" when still ahead. */
export function describePoint(p, now) {
  const { label } = KIND[p.kind];
  return `${p.tag ?? label}${p.note ? ` (${p.note})` : ""}: ${fmtDate(p.t)}${p.t > now ? ", scheduled" : ""}`;
}

/** A period in words: "Disabled from … to … (1 h 00 min)", "… since …, ongoing", "… until …". */
export function describeSpan(sp, now) {
  const { label } = SPAN[sp.kind];
  const note = sp.note ? ` (${sp.note})` : "";
  if (sp.to === undefined) return `${label}${note} since ${fmtDate(sp.from)}, ongoing`;
  const until = sp.to > now ? "until" : "to";
  // Seconds for a short period, so that its two ends read differently.
  const seconds = sp.to - sp.from < 3_600_000;
  const [a, b] = [fmtDate(sp.from, { seconds }), fmtDate(sp.to, { seconds })];
  return `${label}${note} from ${a} ${until} ${b} (${fmtDuration(sp.to - sp.from)})`;
}

/** The lanes a key's picture has, top to bottom: `[id, name]`. */
export function lanesOf(m) {
  const lanes = [["key", "Key state"]];
  if (rotates(m)) lanes.push(["rotation", "Rotation"]);
  if (m.Origin === "EXTERNAL") lanes.push(["material", "Material"]);
  return lanes;
}

/** The periods of the key's state: Disabled spans and deletion windows. */
function stateSpans(events, m, spans) {
  let off, deleting;
  const open = (kind, from, extra) => {
    const span = { kind, from, ...extra };
    spans.push(span);
    return span;
  };
  for (const { t, e } of events) {
    const out = e.responseElements ?? {};
    switch (e.eventName) {
      case "DisableKey":
        off ??= deleting ? undefined : open("disabled", t);
        break;
      case "EnableKey":
        if (off) off.to = t;
        off = undefined;
        break;
      case "ScheduleKeyDeletion":
        if (off) off.to = t;
        off = undefined;
        deleting = open("deleting", t, {
          to: Date.parse(out.deletionDate) || m.DeletionDate?.getTime(),
          note: `${e.requestParameters?.pendingWindowInDays ?? 30}-day waiting period`,
        });
        break;
      case "CancelKeyDeletion":
        // Cancelled: the window ends here, and the key is Disabled until someone enables it.
        if (deleting) Object.assign(deleting, { to: t, note: `${deleting.note}, cancelled` });
        deleting = undefined;
        off = open("disabled", t);
        break;
      default:
    }
  }
  // A key disabled before its audit trail began (a seed, say): Disabled since it was made.
  if (m.KeyState === "Disabled" && !off) open("disabled", m.CreationDate.getTime(), { note: "before the audit trail" });
}

/** The material's periods (External keys): Pending import, material present, tokens valid. */
function materialSpans(events, m, spans, add) {
  const changes = events.filter(({ e }) =>
    /^(ImportKeyMaterial|Delete(Imported|Expired)KeyMaterial)$/.test(e.eventName),
  );
  const pendingFirst = changes.length ? changes[0].e.eventName === "ImportKeyMaterial" : m.KeyState === "PendingImport";
  const created = m.CreationDate.getTime();
  let current = { kind: pendingFirst ? "pending" : "present", from: created };
  if (!pendingFirst && !changes.length && m.ValidTo) current.to = m.ValidTo.getTime();
  spans.push(current);
  for (const { t, e, seq } of events) {
    const rq = e.requestParameters ?? {};
    if (e.eventName === "GetParametersForImport") {
      const end = tokenExpiry(e, m.KeyId);
      add(t, "token", rq.wrappingKeySpec, undefined, seq);
      add(end, "tokenEnd");
      spans.push({ kind: "token", from: t, to: end, note: rq.wrappingKeySpec });
    } else if (e.eventName === "ImportKeyMaterial") {
      const expires = rq.expirationModel !== "KEY_MATERIAL_DOES_NOT_EXPIRE" && Date.parse(rq.validTo);
      add(t, "imported", expires ? "expires" : "does not expire", undefined, seq);
      if (current.kind === "pending") {
        current.to = t;
        current = { kind: "present", from: t };
        spans.push(current);
      }
      // Importing again over present material changes only its expiry.
      current.to = expires || undefined;
      current.note = expires ? undefined : "does not expire";
    } else if (/^Delete(Imported|Expired)KeyMaterial$/.test(e.eventName)) {
      const expired = e.eventName === "DeleteExpiredKeyMaterial";
      add(t, "removed", expired ? undefined : "by a call", expired ? "Material expired" : undefined, seq);
      if (current.kind === "present") {
        current.to = t;
        current = { kind: "pending", from: t };
        spans.push(current);
      }
    }
  }
  if (current.kind === "present" && current.to) add(current.to, "expiry");
}

/**
 * Everything dated about the key: `{ points, spans }`. Points are `{ t, kind, note, tag }`,
 * sorted by time (events of one moment in the order they happened); spans are
 * `{ kind, from, to, note }` with `to` undefined while the period goes on with no end in sight.
 */
export async function collect(ctx, m) {
  const points = [{ t: m.CreationDate.getTime(), kind: "created", seq: -1 }];
  const add = (t, kind, note, tag, seq) => Number.isFinite(t) && points.push({ t, kind, note, tag, seq });
  for (const r of rotates(m) ? await listRotations(ctx.kms, m.KeyId) : []) {
    add(r.RotationDate?.getTime(), "rotation", r.RotationType === "ON_DEMAND" ? "on demand" : "automatic");
  }
  if (rotatable(m) && m.KeyManager === "CUSTOMER" && m.KeyState !== "PendingDeletion") {
    const st = await ctx.kms.getKeyRotationStatus({ KeyId: m.KeyId });
    if (st.KeyRotationEnabled && st.NextRotationDate) {
      const paused = m.KeyState === "Disabled" ? ", paused while the key is disabled" : "";
      add(st.NextRotationDate.getTime(), "next", `every ${st.RotationPeriodInDays} days${paused}`);
    }
  }
  const events = (await ctx.kms.auditLog({ keyId: m.KeyId }))
    .filter((e) => !e.errorCode)
    .map((e) => ({ t: Date.parse(e.eventTime), e, seq: e.eventSequence ?? 0 }));
  const labels = {
    DisableKey: "disabled",
    EnableKey: "enabled",
    CancelKeyDeletion: "cancelled",
    ScheduleKeyDeletion: "scheduled",
  };
  for (const { t, e, seq } of events) {
    const kind = labels[e.eventName];
    const note = kind === "scheduled" ? `${e.requestParameters?.pendingWindowInDays ?? 30}-day wait` : undefined;
    if (kind) add(t, kind, note, undefined, seq);
  }
  const spans = [];
  stateSpans(events, m, spans);
  if (m.Origin === "EXTERNAL") materialSpans(events, m, spans, add);
  if (m.DeletionDate) add(m.DeletionDate.getTime(), "deletion");
  // Events of one second (the audit trail's precision) in the order they happened: creation
  // first, then the trail's sequence; rotations and dates from other calls after them.
  const rank = (p) => p.seq ?? Number.MAX_SAFE_INTEGER;
  points.sort((a, b) => Math.floor(a.t / 1000) - Math.floor(b.t / 1000) || rank(a) - rank(b) || a.t - b.t);
  return { points, spans };
}

// A key's life as a picture: an SVG time axis with lanes for the key (creation, disable and
// enable, deletion scheduled, the deletion date), its rotations (done and next) and, for
// External keys, its material (token issue and expiry, imports, expiry, deletion), with "now"
// marked; the same events are listed in text beneath. Built from DescribeKey, the rotation
// status and history, and the key's audit events. Depends on ../lib/*.

import { rotations as listRotations, rotatable, rotates } from "../lib/data.js";
import { h, s } from "../lib/dom.js";
import { fmtDate, fmtDay } from "../lib/format.js";
import { DAY_MS } from "../lib/limits.js";

const W = 860,
  LEFT = 92,
  RIGHT = 24,
  LANE_H = 58,
  TOP = 20;

/** Each kind of point: its lane, marker, colour, name in the list and short tag on the axis. */
const KIND = {
  created: { lane: "key", shape: "circle", cls: "m-created", label: "Created", tag: "Created" },
  disabled: { lane: "key", shape: "square", cls: "m-muted", label: "Disabled", tag: "Disabled" },
  enabled: { lane: "key", shape: "square", cls: "m-ok", label: "Enabled", tag: "Enabled" },
  scheduled: { lane: "key", shape: "square", cls: "m-danger", label: "Deletion scheduled", tag: "Scheduled" },
  cancelled: { lane: "key", shape: "square", cls: "m-ok", label: "Deletion cancelled", tag: "Cancelled" },
  deletion: { lane: "key", shape: "bar", cls: "m-danger", label: "Deletion date", tag: "Deletion" },
  rotation: { lane: "rotation", shape: "diamond", cls: "m-rotation", label: "Rotation", tag: "Rotated" },
  next: { lane: "rotation", shape: "diamond", cls: "m-future", label: "Next rotation", tag: "Next" },
  token: { lane: "material", shape: "square", cls: "m-token", label: "Import token issued", tag: "Token" },
  tokenEnd: { lane: "material", shape: "cross", cls: "m-muted", label: "Import token expiry", tag: "Token ends" },
  imported: { lane: "material", shape: "triangle", cls: "m-ok", label: "Material imported", tag: "Imported" },
  expiry: { lane: "material", shape: "cross", cls: "m-danger", label: "Material expiry", tag: "Expires" },
  removed: { lane: "material", shape: "cross", cls: "m-danger", label: "Material deleted", tag: "Deleted" },
};

/** Every point in the key's life we know of, `{ t, kind, note }`, sorted by time. */
async function collect(ctx, m) {
  const points = [{ t: m.CreationDate.getTime(), kind: "created" }];
  const add = (t, kind, note) => t !== undefined && !Number.isNaN(t) && points.push({ t, kind, note });
  for (const r of rotates(m) ? await listRotations(ctx.kms, m.KeyId) : []) {
    add(r.RotationDate?.getTime(), "rotation", r.RotationType === "ON_DEMAND" ? "on demand" : "automatic");
  }
  if (rotatable(m) && m.KeyManager === "CUSTOMER" && m.KeyState !== "PendingDeletion") {
    const st = await ctx.kms.getKeyRotationStatus({ KeyId: m.KeyId });
    if (st.KeyRotationEnabled && st.NextRotationDate)
      add(st.NextRotationDate.getTime(), "next", `every ${st.RotationPeriodInDays} days`);
  }
  for (const e of await ctx.kms.auditLog({ keyId: m.KeyId })) {
    if (e.errorCode) continue;
    const t = Date.parse(e.eventTime);
    const rq = e.requestParameters ?? {};
    switch (e.eventName) {
      case "DisableKey":
        add(t, "disabled");
        break;
      case "EnableKey":
        add(t, "enabled");
        break;
      case "CancelKeyDeletion":
        add(t, "cancelled");
        break;
      case "ScheduleKeyDeletion":
        add(t, "scheduled", `${rq.pendingWindowInDays ?? 30}-day wait`);
        break;
      case "GetParametersForImport":
        add(t, "token", rq.wrappingKeySpec);
        add(t + DAY_MS, "tokenEnd");
        break;
      case "ImportKeyMaterial":
        add(t, "imported", rq.expirationModel === "KEY_MATERIAL_DOES_NOT_EXPIRE" ? "does not expire" : "expires");
        if (rq.validTo) add(Date.parse(rq.validTo), "expiry");
        break;
      case "DeleteImportedKeyMaterial":
        add(t, "removed", "deleted by a call");
        break;
      case "DeleteExpiredKeyMaterial":
        add(t, "removed", "expired");
        break;
      default:
    }
  }
  if (m.DeletionDate) add(m.DeletionDate.getTime(), "deletion");
  // An expiry that was superseded (material deleted or expired first) is only noise.
  const removed = points.filter((p) => p.kind === "removed").map((p) => p.t);
  return points
    .filter((p) => p.kind !== "expiry" || !removed.some((r) => Math.abs(r - p.t) < 1000))
    .sort((a, b) => a.t - b.t);
}

function marker(kind, x, y) {
  const { shape, cls } = KIND[kind];
  switch (shape) {
    case "circle":
      return s("circle", { cx: x, cy: y, r: 6, class: cls });
    case "diamond":
      return s("path", { d: `M${x} ${y - 7}L${x + 7} ${y}L${x} ${y + 7}L${x - 7} ${y}Z`, class: cls });
    case "triangle":
      return s("path", { d: `M${x} ${y - 7}L${x + 7} ${y + 6}L${x - 7} ${y + 6}Z`, class: cls });
    case "cross":
      return s("path", {
        d: `M${x - 5} ${y - 5}L${x + 5} ${y + 5}M${x + 5} ${y - 5}L${x - 5} ${y + 5}`,
        class: `${cls} stroke`,
      });
    case "bar":
      return s("rect", { x: x - 2, y: y - 14, width: 4, height: 28, class: cls });
    default:
      return s("rect", { x: x - 5, y: y - 5, width: 10, height: 10, class: cls });
  }
}

function picture(points, m, now) {
  const lanes = [
    ["key", "Key"],
    ["rotation", "Rotation"],
  ];
  if (m.Origin === "EXTERNAL") lanes.push(["material", "Material"]);
  const first = Math.min(points[0].t, now);
  const last = Math.max(points.at(-1).t, now);
  const span = Math.max(last - first, DAY_MS);
  const t0 = first - span * 0.03,
    t1 = last + span * 0.06;
  const x = (t) => LEFT + ((t - t0) / (t1 - t0)) * (W - LEFT - RIGHT);
  const H = TOP + lanes.length * LANE_H + 34;
  const laneY = Object.fromEntries(lanes.map(([id], i) => [id, TOP + i * LANE_H + LANE_H / 2]));
  const svg = s(
    "svg",
    {
      viewBox: `0 0 ${W} ${H}`,
      class: "timeline",
      role: "img",
      "aria-labelledby": "timeline-title",
      id: "timeline-svg",
    },
    s(
      "title",
      { id: "timeline-title" },
      `Timeline of key ${m.KeyId}: ${points.length} events from ${fmtDay(first)} to ${fmtDay(last)}`,
    ),
  );
  for (const [id, name] of lanes) {
    svg.append(
      s("text", { x: 8, y: laneY[id] + 4, class: "lane-name" }, name),
      s("line", { x1: LEFT, x2: W - RIGHT, y1: laneY[id], y2: laneY[id], class: "lane" }),
    );
    if (!points.some((p) => KIND[p.kind].lane === id)) {
      svg.append(
        s(
          "text",
          { x: LEFT + 6, y: laneY[id] - 8, class: "lane-empty" },
          id === "rotation" ? "no rotations" : "nothing yet",
        ),
      );
    }
  }
  const axisY = TOP + lanes.length * LANE_H + 6;
  svg.append(s("line", { x1: LEFT, x2: W - RIGHT, y1: axisY, y2: axisY, class: "axis" }));
  for (let i = 0; i <= 4; i++) {
    const t = first + ((last - first) * i) / 4;
    svg.append(
      s(
        "text",
        { x: x(t), y: axisY + 18, class: "tick", "text-anchor": i === 0 ? "start" : i === 4 ? "end" : "middle" },
        fmtDay(t),
      ),
    );
  }
  svg.append(
    s("line", { x1: x(now), x2: x(now), y1: TOP - 8, y2: axisY, class: "now-line" }),
    s("text", { x: x(now) + 4, y: TOP - 2, class: "now-label" }, "now"),
  );
  // Tags go above the lane, or below it when the one above would overlap; else only the
  // tooltip and the list below name the point.
  const ends = {};
  for (const p of points) {
    const k = KIND[p.kind];
    const px = x(p.t),
      py = laneY[k.lane];
    if (py === undefined) continue;
    const g = s(
      "g",
      { class: `point ${p.t > now ? "future" : ""}`, dataset: { kind: p.kind } },
      s("title", null, `${k.label}${p.note ? ` (${p.note})` : ""}: ${fmtDate(p.t)}`),
      marker(p.kind, px, py),
    );
    const half = k.tag.length * 3.3 + 4;
    for (const [side, dy] of [
      ["above", -13],
      ["below", 22],
    ]) {
      const slot = `${k.lane}:${side}`;
      if (px - half < (ends[slot] ?? -Infinity)) continue;
      g.append(
        s(
          "text",
          {
            x: Math.min(Math.max(px, LEFT + half), W - RIGHT - half),
            y: py + dy,
            class: "point-label",
            "text-anchor": "middle",
          },
          k.tag,
        ),
      );
      ends[slot] = px + half;
      break;
    }
    svg.append(g);
  }
  return svg;
}

export async function renderTimeline(ctx, m) {
  const now = ctx.now().getTime();
  const points = await collect(ctx, m);
  return [
    h("h2", null, "Timeline"),
    h(
      "p",
      { class: "hint" },
      "Everything that happened to this key, and what is scheduled, in virtual time. Move the clock to see the future arrive.",
    ),
    h("div", { class: "timeline-wrap" }, picture(points, m, now)),
    h(
      "ol",
      { class: "timeline-list", id: "timeline-list" },
      points.map((p) =>
        h(
          "li",
          { class: p.t > now ? "future" : "", dataset: { kind: p.kind } },
          h("span", { class: "when" }, fmtDate(p.t)),
          " ",
          h("span", { class: `dot ${KIND[p.kind].cls}` }),
          " ",
          KIND[p.kind].label,
          p.note ? ` (${p.note})` : "",
          p.t > now ? " — scheduled" : "",
        ),
      ),
    ),
  ];
}

// The timeline's picture, an SVG drawn at its real pixel width (text never shrinks): a lane per
// subject (the key's state, its rotations, its material) with bars for periods and a pin per
// event, events of one moment stacked on one stem, each with its own text label; a "now" line and
// an axis whose ticks adapt to the span. The lanes' names are not in it: ./timeline.js sets them
// in a column that stays put while the picture scrolls, at the heights given here.
// Depends on ../lib/dom.js, ./timeline-axis.js, ./timeline-facts.js.

import { s } from "../lib/dom.js";
import { fmtDay } from "../lib/format.js";
import { axis, domain, textWidth } from "./timeline-axis.js";
import { describePoint, describeSpan, KIND, lanesOf, SPAN } from "./timeline-facts.js";

const LEFT = 92,
  RIGHT = 18,
  TOP = 30,
  ROW = 19,
  PIN = 17,
  BELOW = 32,
  AXIS = 46,
  MAX_ROWS = 6,
  LABEL = 11.5;
/** Narrower than this, the picture scrolls sideways rather than squeezing its labels. */
export const MIN_WIDTH = 600;

export function marker(kind, x, y) {
  const { shape, cls } = KIND[kind];
  const c = `marker ${cls}`;
  switch (shape) {
    case "circle":
      return s("circle", { cx: x, cy: y, r: 6.5, class: c });
    case "diamond":
      return s("path", { d: `M${x} ${y - 7}L${x + 7} ${y}L${x} ${y + 7}L${x - 7} ${y}Z`, class: c });
    case "triangle":
      return s("path", { d: `M${x} ${y - 7}L${x + 7} ${y + 6}L${x - 7} ${y + 6}Z`, class: c });
    case "cross":
      return s("path", {
        d: `M${x - 5} ${y - 5}L${x + 5} ${y + 5}M${x + 5} ${y - 5}L${x - 5} ${y + 5}`,
        class: `${c} stroke`,
      });
    default:
      return s("rect", { x: x - 5.5, y: y - 5.5, width: 11, height: 11, class: c });
  }
}

/**
 * Gives each pin a row above its lane (0 nearest the line) so that no two pins' marker-and-label
 * boxes meet: events of one moment stack, neighbours step up. Packed latest first, so that a stack
 * reads top to bottom in the order things happened. A label goes left of its marker near the
 * right edge; past MAX_ROWS a pin keeps only its marker (its name stays in the list). Returns
 * how many rows the lane needs.
 */
function pack(pins, right) {
  const rows = [];
  const free = (r, [a, b]) => !(rows[r] ?? []).some(([c, d]) => a < d + 6 && c < b + 6);
  for (const pin of [...pins].reverse()) {
    pin.side = pin.x + 12 + pin.w <= right ? "right" : "left";
    let box = pin.side === "right" ? [pin.x - 8, pin.x + 12 + pin.w] : [pin.x - 12 - pin.w, pin.x + 8];
    let r = 0;
    while (r < MAX_ROWS && !free(r, box)) r++;
    if (r === MAX_ROWS) {
      pin.side = undefined;
      box = [pin.x - 8, pin.x + 8];
      r = 0;
      while (!free(r, box)) r++;
    }
    rows[r] = [...(rows[r] ?? []), box];
    pin.row = r;
  }
  return Math.max(1, rows.length);
}

/**
 * The picture of `facts` (see timeline-facts.js) for key `m`, `width` pixels wide (at least
 * MIN_WIDTH), at virtual time `now`: `{ svg, nowX, lanes, axisY }`, `lanes` the name and line
 * height of each lane (names go left of LEFT, where the picture leaves room), `axisY` the axis line's.
 */
export function picture({ points, spans }, m, now, width) {
  const W = Math.max(width, MIN_WIDTH);
  const times = [now, ...points.map((p) => p.t), ...spans.flatMap((sp) => [sp.from, sp.to ?? now])];
  const [t0, t1] = domain(Math.min(...times), Math.max(...times));
  const x = (t) => LEFT + ((t - t0) / (t1 - t0)) * (W - LEFT - RIGHT);
  const lanes = lanesOf(m).map(([id, name]) => {
    const pins = points
      .filter((p) => KIND[p.kind].lane === id)
      .map((p) => {
        const text = p.tag ?? KIND[p.kind].tag;
        return { p, text, x: x(p.t), w: textWidth(text, LABEL) };
      });
    return { id, name, pins, rows: pack(pins, W - 4) };
  });
  let y = TOP;
  for (const lane of lanes) {
    lane.line = y + 10 + PIN + (lane.rows - 1) * ROW;
    y = lane.line + BELOW;
  }
  const axisY = y + 4;
  const H = axisY + AXIS;
  const { ticks, caption } = axis(t0, t1, W - LEFT - RIGHT);
  const svg = s(
    "svg",
    {
      width: W,
      height: H,
      viewBox: `0 0 ${W} ${H}`,
      class: "timeline",
      id: "timeline-svg",
      role: "group",
      "aria-labelledby": "timeline-title",
    },
    s(
      "title",
      { id: "timeline-title" },
      `Timeline of key ${m.KeyId}: ${points.length} events from ${fmtDay(t0)} to ${fmtDay(t1)}`,
    ),
  );
  // Grid and axis first, so that everything else is drawn over them.
  svg.append(s("line", { x1: LEFT, x2: W - RIGHT, y1: axisY, y2: axisY, class: "axis" }));
  for (const { t, text } of ticks) {
    const tx = x(t);
    const w = textWidth(text);
    const anchor = tx - w / 2 < LEFT - 8 ? "start" : tx + w / 2 > W - 2 ? "end" : "middle";
    svg.append(
      s("line", { x1: tx, x2: tx, y1: TOP - 6, y2: axisY, class: "grid" }),
      s("line", { x1: tx, x2: tx, y1: axisY, y2: axisY + 5, class: "axis" }),
      s("text", { x: tx, y: axisY + 18, class: "tick", "text-anchor": anchor }, text),
    );
  }
  svg.append(s("text", { x: 8, y: axisY + 34, class: "tick caption" }, caption));
  const edge = W - RIGHT;
  for (const lane of lanes) {
    const ly = lane.line;
    svg.append(s("line", { x1: LEFT, x2: edge, y1: ly, y2: ly, class: "lane" }));
    // Bars, their names beneath them where the name fits inside the bar's length.
    let labelEnd = -Infinity;
    for (const sp of spans.filter((p) => SPAN[p.kind].lane === lane.id)) {
      const thin = SPAN[sp.kind].thin;
      const g = drawBar(sp, x, now, thin ? ly + 7 : ly - 5, thin ? 4 : 10, edge);
      svg.append(g.node);
      const w = textWidth(g.label, 10.5);
      if (!thin && g.x1 - g.x0 >= w + 6 && g.x0 + 3 > labelEnd) {
        svg.append(s("text", { x: g.x0 + 3, y: ly + 24, class: `span-label ${g.cls}` }, g.label));
        labelEnd = g.x0 + 3 + w;
      }
    }
    if (!lane.pins.length) {
      const empty = lane.id === "rotation" ? "no rotations" : "nothing yet";
      svg.append(s("text", { x: LEFT + 6, y: ly - 10, class: "lane-empty" }, empty));
    }
    for (const pin of lane.pins) {
      const my = ly - PIN - pin.row * ROW;
      const name = describePoint(pin.p, now);
      const text =
        pin.side &&
        s("text", { x: pin.side === "right" ? pin.x + 11 : pin.x - 11, y: my + 4, class: "point-label" }, pin.text);
      if (text && pin.side === "left") text.setAttribute("text-anchor", "end");
      svg.append(
        s(
          "g",
          {
            class: `point${pin.p.t > now ? " future" : ""}`,
            dataset: { kind: pin.p.kind, row: pin.row },
            role: "img",
            "aria-label": name,
          },
          s("title", null, name),
          s("line", { x1: pin.x, x2: pin.x, y1: ly, y2: my + 7, class: "stem" }),
          marker(pin.p.kind, pin.x, my),
          text,
        ),
      );
    }
  }
  const nx = x(now);
  const nearEdge = nx + 40 > W;
  svg.append(
    s("line", { x1: nx, x2: nx, y1: TOP - 14, y2: axisY, class: "now-line" }),
    s(
      "text",
      { x: nearEdge ? nx - 4 : nx + 4, y: TOP - 16, class: "now-label", "text-anchor": nearEdge ? "end" : "start" },
      "now",
    ),
  );
  return { svg, nowX: nx, lanes: lanes.map((l) => ({ name: l.name, y: l.line })), axisY };
}

/** A period's bar, `{ node, x0, x1, label, cls }`: solid up to now, lighter after it (dashed when it has no end in sight). */
function drawBar(sp, x, now, y, height, edge) {
  const { cls, label } = SPAN[sp.kind];
  const x0 = x(sp.from);
  const x1 = Math.max(sp.to === undefined ? edge : x(sp.to), x0 + 3);
  const xn = Math.min(Math.max(x(now), x0), x1);
  const name = describeSpan(sp, now);
  const node = s(
    "g",
    { class: `span ${cls}`, dataset: { kind: sp.kind }, role: "img", "aria-label": name },
    s("title", null, name),
    xn > x0 ? s("rect", { x: x0, y, width: xn - x0, height, rx: 2, class: "bar" }) : null,
    x1 > xn
      ? s("rect", { x: xn, y, width: x1 - xn, height, rx: 2, class: `bar ahead${sp.to === undefined ? " open" : ""}` })
      : null,
  );
  return { node, x0, x1, label, cls };
}

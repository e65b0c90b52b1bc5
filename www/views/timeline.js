// A key's Timeline tab: its life as a picture (./timeline-svg.js, redrawn at the width it is
// given, scrolling sideways on a phone with a cue while its lanes' names stay in view), then the
// same facts in words: the periods (Disabled, Pending deletion, material present, Pending import,
// token valid) and every event, past and scheduled. Facts from ./timeline-facts.js.
// Depends on ../lib/dom.js, ../lib/format.js.

import { h, s } from "../lib/dom.js";
import { fmtDate } from "../lib/format.js";
import { collect, describeSpan, KIND, SPAN } from "./timeline-facts.js";
import { MIN_WIDTH, marker, picture } from "./timeline-svg.js";

/** A marker's shape as a small icon beside text (the text says what it is). */
const icon = (kind) =>
  s(
    "svg",
    { viewBox: "-9 -9 18 18", width: 16, height: 16, class: "timeline-icon", "aria-hidden": "true" },
    marker(kind, 0, 0),
  );

/**
 * The lanes' names, in a column over the picture's left margin that sticks to the box's left edge
 * (timeline.css), so that on a phone they stay in view while the picture scrolls under them.
 * Hidden from screen readers: each bar and pin names itself, and the lists below say it all.
 */
const laneNames = (lanes, height) =>
  h(
    "div",
    { class: "lane-names", "aria-hidden": "true", style: `height: ${height}px` },
    lanes.map(({ name, y }) => h("span", { class: "lane-name", style: `top: ${y}px` }, name)),
  );

/**
 * The picture in its scrolling box, drawn again whenever the box changes width (a rotated phone,
 * a resized window). The first drawing that scrolls brings "now" into view.
 */
function pictureBox(facts, m, now) {
  const cue = h(
    "p",
    { class: "hint timeline-cue", id: "timeline-cue", hidden: true },
    "Scroll the picture sideways to see all of it. Every period and event is also listed below it.",
  );
  const wrap = h("div", {
    class: "timeline-wrap",
    id: "timeline-wrap",
    tabindex: "0",
    role: "region",
    "aria-label": "Timeline picture",
    "aria-describedby": "timeline-cue",
  });
  let drawn = 0,
    scrolled = false;
  const draw = (width) => {
    if (Math.abs(width - drawn) < 2) return;
    drawn = width;
    const { svg, nowX, lanes, axisY } = picture(facts, m, now, width);
    wrap.replaceChildren(laneNames(lanes, axisY), svg);
    const box = wrap.clientWidth;
    cue.hidden = !box || svg.width.baseVal.value <= box + 1;
    if (!cue.hidden && !scrolled) {
      scrolled = true;
      wrap.scrollLeft = Math.max(0, nowX - box / 2);
    }
  };
  // Before the box is in the page, a guess from the view's width; the observer corrects it.
  draw(Math.max(MIN_WIDTH, (document.getElementById("view")?.clientWidth ?? 900) - 44));
  const observer = new ResizeObserver(() => {
    if (!wrap.isConnected) return observer.disconnect();
    if (wrap.clientWidth) draw(Math.floor(wrap.clientWidth));
  });
  observer.observe(wrap);
  return [cue, wrap];
}

export async function renderTimeline(ctx, m) {
  const now = ctx.now().getTime();
  const facts = await collect(ctx, m);
  const { points, spans } = facts;
  return [
    h("h2", null, "Timeline"),
    h(
      "p",
      { class: "hint" },
      "Everything that happened to this key, and what is scheduled, in virtual time. Bars are periods, lighter where they lie ahead of now; pins are events, stacked when they happened at the same moment. Move the clock (or jump to the next event) to see the future arrive.",
    ),
    pictureBox(facts, m, now),
    h("h3", { class: "timeline-head" }, "Periods"),
    spans.length
      ? h(
          "ul",
          { class: "timeline-periods", id: "timeline-periods" },
          spans.map((sp) =>
            h(
              "li",
              { dataset: { kind: sp.kind }, class: sp.to === undefined || sp.to > now ? "ahead" : "" },
              h("span", { class: `swatch ${SPAN[sp.kind].cls}`, "aria-hidden": "true" }),
              describeSpan(sp, now),
            ),
          ),
        )
      : h("p", { class: "hint", id: "timeline-periods" }, "None: the key has been enabled all its life."),
    h("h3", { class: "timeline-head" }, "Events"),
    h(
      "ol",
      { class: "timeline-list", id: "timeline-list" },
      points.map((p) =>
        h(
          "li",
          { class: p.t > now ? "future" : "", dataset: { kind: p.kind } },
          icon(p.kind),
          h("time", { class: "when", datetime: new Date(p.t).toISOString() }, fmtDate(p.t)),
          h(
            "span",
            { class: "what" },
            p.tag ?? KIND[p.kind].label,
            p.note ? ` (${p.note})` : "",
            p.t > now ? h("span", { class: "ahead-tag" }, "scheduled") : null,
          ),
        ),
      ),
    ),
  ];
}

// The timeline's time axis: the span shown (every point and now, with room around them; at least
// an hour, so a key made a minute ago is not a pile at one pixel) and ticks that adapt from
// minutes to decades, each label different from the others. Dates in UTC, as everywhere in the
// console. Depends on nothing.

const MIN = 60_000;
const HOUR = 60 * MIN;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Tick steps, finest first: `[count, unit]`. */
const STEPS = [
  ...[5, 10, 15, 30].map((n) => [n * MIN, "ms"]),
  ...[1, 2, 3, 6, 12].map((n) => [n * HOUR, "ms"]),
  ...[1, 2, 7, 14].map((n) => [n, "day"]),
  ...[1, 2, 3, 6].map((n) => [n, "month"]),
  ...[1, 2, 5, 10, 25, 50, 100].map((n) => [n, "year"]),
];

/** A unit's length in milliseconds, near enough to count ticks before making them. */
const APPROX = { ms: 1, day: 24 * HOUR, month: 30.4 * 24 * HOUR, year: 365.25 * 24 * HOUR };

/** The smallest span shown, and how much room is left on each side of the points. */
const MIN_SPAN = HOUR;

const pad = (n) => String(n).padStart(2, "0");
/** Roughly how wide a label is, in pixels at the axis's 11 px font. */
export const textWidth = (text, size = 11) => text.length * size * 0.58;

/** `[t0, t1]`: the span the picture shows for points from `first` to `last`. */
export function domain(first, last) {
  const span = Math.max(last - first, MIN_SPAN);
  return [first - span * 0.04, first + span * 1.1];
}

/** The ticks of one step from t0 to t1, aligned on UTC boundaries. */
function ticksOf(t0, t1, [n, unit]) {
  const out = [];
  if (unit === "ms") {
    for (let t = Math.ceil(t0 / n) * n; t <= t1; t += n) out.push(t);
    return out;
  }
  const d = new Date(t0);
  let y = d.getUTCFullYear(),
    mo = unit === "year" ? 0 : d.getUTCMonth(),
    day = unit === "day" ? d.getUTCDate() : 1;
  if (unit === "year") y = Math.ceil(y / n) * n;
  for (let i = 0; i < 1000; i++) {
    const t = Date.UTC(y, mo, day);
    if (t > t1) break;
    if (t >= t0) out.push(t);
    if (unit === "day") day += t >= t0 ? n : 1;
    else if (unit === "month") mo += t >= t0 ? n : 1;
    else y += n;
  }
  return out;
}

/**
 * The labels of ticks at step `unit`: clock times within one day (the date said once, in the
 * caption), "6 Dec 18:00" across days, "6 Dec" (with the year on the first and at each new year)
 * for days, "Feb 2027" for months, "2027" for years.
 */
function labels(ticks, unit, t0, t1) {
  const day = (t) => new Date(t).toISOString().slice(0, 10);
  const oneDay = day(t0) === day(t1);
  let year;
  return ticks.map((t) => {
    const d = new Date(t);
    const hm = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
    const dm = `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
    if (unit === "ms") return oneDay ? hm : `${dm} ${hm}`;
    if (unit === "day") {
      const y = d.getUTCFullYear();
      const text = y === year ? dm : `${dm} ${y}`;
      year = y;
      return text;
    }
    if (unit === "month") return `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
    return String(d.getUTCFullYear());
  });
}

/**
 * The axis for `[t0, t1]` drawn `width` pixels wide: `{ ticks: [{ t, text }], caption }`, with
 * the finest step whose labels all fit side by side.
 */
export function axis(t0, t1, width) {
  for (const step of STEPS) {
    // A step that would need more ticks than the width has room for is skipped uncounted.
    if ((t1 - t0) / (step[0] * APPROX[step[1]]) > width / 24) continue;
    const ticks = ticksOf(t0, t1, step);
    const texts = labels(ticks, step[1], t0, t1);
    const widest = Math.max(0, ...texts.map((x) => textWidth(x)));
    if (ticks.length && ticks.length * (widest + 32) <= width) {
      const oneDay =
        step[1] === "ms" && new Date(t0).toISOString().slice(0, 10) === new Date(t1).toISOString().slice(0, 10);
      const d = new Date(t0);
      return {
        ticks: ticks.map((t, i) => ({ t, text: texts[i] })),
        caption: oneDay ? `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} UTC` : "UTC",
      };
    }
  }
  return { ticks: [], caption: "UTC" };
}

// "Start here", the landing page: what KMS is, what this console shows that AWS's cannot (time),
// and the lessons with the learner's progress. Also decides, once at start, whether a visit with
// no page named lands here. Depends on ../lib/dom.js, ../lib/progress.js and ../lessons/index.js.

import { LESSONS } from "../lessons/index.js";
import { h } from "../lib/dom.js";
import { anyProgress, loadProgress, progressOf } from "../lib/progress.js";

/**
 * Reads the lesson progress, then sends a visit that names no page to Start here when the
 * console has nothing yet (no key in its Region, no lesson begun); otherwise it opens on the keys.
 */
export async function prepareCourse(ctx) {
  await loadProgress();
  if (location.hash.replace(/^#\/?/, "") || anyProgress()) return;
  try {
    const { Keys } = await ctx.kms.listKeys({ Limit: 1 });
    if (!Keys?.length) history.replaceState(history.state, "", "#/start");
  } catch {
    // Whatever went wrong shows on the key list, where the console opens anyway.
  }
}

/** One lesson's progress in words: done, n of m steps, or not started. */
function statusOf(lesson) {
  const r = progressOf(lesson.n);
  if (r.done) return ["Done", "done"];
  if (r.steps?.length) return [`${r.steps.length} step${r.steps.length === 1 ? "" : "s"} done`, "started"];
  return ["Not started", "new"];
}

/** The lessons as a list of links with their progress (also the Lessons page's). */
export function lessonList() {
  return h(
    "ol",
    { class: "lesson-list", id: "lesson-list" },
    LESSONS.map((l) => {
      const [text, kind] = statusOf(l);
      return h(
        "li",
        { class: `lesson-item ${kind}`, dataset: { lesson: l.n, status: kind } },
        h("a", { href: `#/learn/${l.n}`, id: `lesson-link-${l.n}` }, `${l.n}. ${l.title}`),
        " ",
        h("span", { class: `lesson-progress ${kind}` }, kind === "done" ? `✓ ${text}` : text),
        h("p", { class: "hint" }, l.summary),
      );
    }),
  );
}

export async function render() {
  return h(
    "div",
    { class: "page start-page" },
    h("h1", { tabindex: "-1" }, "Start here"),
    h(
      "section",
      { class: "panel prose", "aria-labelledby": "what-kms" },
      h("h2", { id: "what-kms" }, "What KMS is"),
      h(
        "p",
        { class: "lead" },
        "AWS Key Management Service (KMS) makes and keeps cryptographic keys for you: you ask it to encrypt, decrypt, sign or hand out data keys, and the key material never leaves it. Who may use each key is decided by its key policy and grants, and every use is recorded in an audit log (AWS CloudTrail). Keys have a life of their own: they rotate, can be disabled, and once deleted, everything encrypted under them is lost for good.",
      ),
      h(
        "p",
        null,
        "The KMS in this console is kms-wasm, an emulator running inside this page. It answers as AWS KMS does, keeps its state in this browser, and sends nothing anywhere.",
      ),
    ),
    h(
      "section",
      { class: "panel prose", "aria-labelledby": "what-time" },
      h("h2", { id: "what-time" }, "What this console shows that AWS's cannot: time"),
      h(
        "p",
        null,
        "In AWS, a yearly rotation takes a year, imported key material expires on its date, and a deletion waits its 7 to 30 days. Here the clock is virtual: the bar at the top moves it a day, a month or a year ahead, and everything that falls due happens at its own date, in the key list, the timelines and the audit log.",
      ),
    ),
    h(
      "section",
      { class: "panel", "aria-labelledby": "lessons-title" },
      h("h2", { id: "lessons-title" }, "Lessons"),
      h(
        "p",
        null,
        "Each lesson is a short goal you reach by doing it in the console. Its steps are ticked from the KMS's real state, so the ticks mean you did it.",
      ),
      lessonList(),
    ),
    h(
      "p",
      { class: "start-links" },
      h("a", { href: "#/keys", id: "start-keys" }, "Go straight to the keys"),
      " · ",
      h("a", { href: "#/about" }, "About this console"),
    ),
  );
}

// The lessons' pages: `#/learn` lists them with the progress, `#/learn/<n>` is one lesson: its
// goal and why it matters, the steps each with a live ✓ judged from the real state, a link to
// where the step is done and a "Show me", then Check, Reset this lesson, what was learned and
// the scenario tools. Depends on ../lib/*, ../lessons/*, ./nav.js (the count) and ./start.js (the list).

import { evaluate, factsOf, resetLesson } from "../lessons/course.js";
import { LESSONS, loadLesson } from "../lessons/index.js";
import { scenarioPanel, seedOffer } from "../lessons/scenario.js";
import { explain, h } from "../lib/dom.js";
import { fmtDate } from "../lib/format.js";
import { progressOf } from "../lib/progress.js";
import { showLessonCount } from "./nav.js";
import { lessonList } from "./start.js";

/** What each "Show me" explained, by `<lesson>:<step>`, kept until the lesson is reset. */
const shown = new Map();

function renderIndex() {
  return h(
    "div",
    { class: "page lessons-page" },
    h("h1", { tabindex: "-1" }, "Lessons"),
    h(
      "p",
      { class: "lead" },
      "Each lesson is a goal you reach in this console, step by step. A step is ticked only when its effect is in the KMS's state (its keys, its audit log), so doing the steps is the only way through.",
    ),
    lessonList(),
  );
}

async function showMe(ctx, lesson, step) {
  const id = `${lesson.n}:${step.id}`;
  try {
    const paras = await step.show(ctx, await factsOf(ctx, lesson));
    shown.set(id, { ok: true, paras });
  } catch (e) {
    const friendly = e.name === "NotYet";
    shown.set(id, { ok: false, paras: [friendly ? e.message : `${e.name}: ${e.message}`] });
    if (!friendly) ctx.fail(e);
  }
  await ctx.refresh();
}

function stepItem(ctx, lesson, f, { step, done }, i) {
  const where = step.where?.(f);
  const said = shown.get(`${lesson.n}:${step.id}`);
  return h(
    "li",
    { class: ["lesson-step", done && "done"], id: `step-${step.id}`, dataset: { step: step.id, done: String(done) } },
    h("span", { class: "step-mark", "aria-hidden": "true" }, done ? "✓" : String(i + 1)),
    h(
      "div",
      { class: "step-body" },
      h(
        "h3",
        null,
        step.title,
        " ",
        h("span", { class: done ? "step-state ok" : "step-state" }, done ? "Done" : "To do"),
      ),
      // A step's instructions may depend on the state (a policy naming the key's account).
      h("p", null, ...(typeof step.how === "function" ? step.how(f) : step.how)),
      h(
        "div",
        { class: "step-actions" },
        where ? h("a", { class: "button", href: where[0], id: `go-${step.id}` }, `Go to ${where[1]}`) : null,
        step.show
          ? h(
              "button",
              {
                type: "button",
                id: `show-${step.id}`,
                disabled: done,
                title: done ? "Done already" : "The console does this step and explains it",
                onClick: (e) => {
                  e.currentTarget.disabled = true;
                  showMe(ctx, lesson, step);
                },
              },
              "Show me",
            )
          : null,
      ),
      said
        ? h(
            "div",
            { class: ["shown", said.ok ? "" : "not-yet"], id: `shown-${step.id}`, role: "status" },
            h("strong", null, said.ok ? "What just happened" : "Not yet"),
            said.paras.map((p) => h("p", null, p)),
          )
        : null,
    ),
  );
}

async function reset(ctx, lesson, f) {
  // The lesson's keys here, and its copies in other Regions (a multi-Region key's replicas).
  const elsewhere = ((await lesson.resetAlso?.(ctx, f)) ?? []).map((arn) => {
    const [, , , region, , resource] = arn.split(":");
    return `${resource.slice("key/".length)} in ${region}`;
  });
  const names = [...f.keys.map((k) => k.aliases[0] ?? k.id), ...elsewhere];
  const ok = await ctx.confirm({
    title: `Reset lesson ${lesson.n}?`,
    body: [
      names.length
        ? `This removes the lesson's keys (tagged lesson = ${lesson.n}): ${names.join(", ")}, with their aliases and key material, and starts its steps over. Other keys are not touched.`
        : `Lesson ${lesson.n} has no keys; its steps start over.`,
      "AWS KMS itself cannot do this: it only schedules a deletion, 7 to 30 days ahead (lesson 5). Removing keys at once is a convenience of this console (the service's removeKeys); the audit log keeps their events.",
    ],
    confirmLabel: "Reset this lesson",
    danger: true,
  });
  if (!ok) return;
  for (const k of [...shown.keys()]) if (k.startsWith(`${lesson.n}:`)) shown.delete(k);
  await ctx.act(async () => {
    const count = await resetLesson(ctx, lesson);
    ctx.notify(`Lesson ${lesson.n} reset${count ? `: ${count} key${count === 1 ? "" : "s"} removed` : ""}.`);
  });
}

function donePanel(lesson, record) {
  const next = LESSONS.find((l) => l.n === lesson.n + 1);
  return h(
    "section",
    { class: "panel lesson-done", id: "lesson-done", "aria-labelledby": "done-title" },
    h("h2", { id: "done-title" }, `Lesson ${lesson.n} done`),
    h("p", null, `Finished on ${fmtDate(record.doneAt)} (virtual time). What you saw:`),
    h(
      "ul",
      null,
      lesson.learned.map((t) => h("li", null, t)),
    ),
    next
      ? h("p", null, h("a", { href: `#/learn/${next.n}`, id: "next-lesson" }, `Next: lesson ${next.n}, ${next.title}`))
      : h("p", null, h("a", { href: "#/learn" }, "Back to the lessons")),
  );
}

async function renderLesson(ctx, lesson, query) {
  const { f, results, finished } = await evaluate(ctx, lesson);
  if (finished) {
    ctx.notify(`Lesson ${lesson.n} done: every step is in the state.`);
    showLessonCount();
  }
  const record = progressOf(lesson.n);
  const count = results.filter((r) => r.done).length;
  return h(
    "div",
    { class: "page lesson-page", dataset: { lesson: lesson.n, done: String(Boolean(record.done)) } },
    h("p", { class: "crumbs" }, h("a", { href: "#/learn" }, "Lessons"), " › ", `${lesson.n}. ${lesson.title}`),
    h(
      "div",
      { class: "page-head" },
      h(
        "h1",
        { tabindex: "-1" },
        `Lesson ${lesson.n}: ${lesson.title}`,
        record.done ? [" ", h("span", { class: "badge state-Enabled", id: "lesson-badge" }, "Done")] : null,
      ),
    ),
    seedOffer(ctx, lesson, f, query.get("seed")),
    h(
      "section",
      { class: "panel lesson-goal", "aria-labelledby": "goal-title" },
      h("h2", { id: "goal-title" }, "Goal"),
      h("p", { class: "lead", id: "lesson-goal" }, lesson.goal),
      explain("Why it matters", ...lesson.why),
    ),
    lesson.extra?.(ctx, f),
    h(
      "section",
      { class: "panel lesson-steps-panel", "aria-labelledby": "steps-title" },
      h("h2", { id: "steps-title" }, "Steps"),
      h(
        "p",
        { class: "hint" },
        "Do each step in the console (the link takes you there), then come back: the ticks are read from the KMS's state. “Show me” does a step for you and explains it.",
      ),
      h(
        "ol",
        { class: "lesson-steps", id: "lesson-steps" },
        results.map((r, i) => stepItem(ctx, lesson, f, r, i)),
      ),
      h(
        "p",
        { class: "lesson-status", id: "lesson-status" },
        record.done && count < results.length
          ? `Done before; now ${count} of ${results.length} steps are in the state.`
          : `${count} of ${results.length} steps done.`,
      ),
      h(
        "div",
        { class: "actions" },
        h(
          "button",
          {
            type: "button",
            class: "primary",
            id: "lesson-check",
            onClick: async () => {
              await ctx.refresh();
              ctx.notify(`Checked: ${document.getElementById("lesson-status")?.textContent ?? ""}`);
            },
          },
          "Check my work",
        ),
        h(
          "button",
          { type: "button", class: "danger-quiet", id: "lesson-reset", onClick: () => reset(ctx, lesson, f) },
          "Reset this lesson",
        ),
      ),
    ),
    record.done ? donePanel(lesson, record) : null,
    scenarioPanel(ctx, lesson, f),
  );
}

export async function render(ctx, { args, query }) {
  if (!args[0]) return renderIndex();
  const lesson = await loadLesson(args[0]);
  if (!lesson) {
    return h(
      "div",
      { class: "page" },
      h("h1", { tabindex: "-1" }, "No such lesson"),
      h("p", null, h("a", { href: "#/learn" }, "See the lessons")),
    );
  }
  return renderLesson(ctx, lesson, query);
}

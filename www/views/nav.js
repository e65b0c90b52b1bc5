// The side navigation (a row of tabs on narrow screens) under the Region selector (./regions.js),
// with Start here and the lessons' progress, and the demo-state tools: export the whole state
// (every Region's, with the lesson progress) as a JSON download, import one back, or reset
// everything. Depends on ../lib/dom.js, ../lib/files.js, ../lib/format.js, ../lib/progress.js.

import { LESSON_NUMBERS } from "../lessons/index.js";
import { fill, h } from "../lib/dom.js";
import { download, readText } from "../lib/files.js";
import { fmtDay } from "../lib/format.js";
import { doneCount, replaceProgress, splitProgress, withProgress } from "../lib/progress.js";
import { regionPicker, showRegion } from "./regions.js";

const LINKS = [
  ["start", "#/start", "Start here"],
  ["learn", "#/learn", "Lessons"],
  ["keys", "#/keys", "Customer managed keys"],
  ["create", "#/create", "Create key"],
  ["audit", "#/audit", "Audit log"],
  ["about", "#/about", "About this console"],
];

/** The lessons done, beside "Lessons" (a lesson page calls it again when it finishes one). */
export function showLessonCount() {
  const count = document.getElementById("nav-lessons-done");
  if (!count) return;
  const done = doneCount(LESSON_NUMBERS);
  count.textContent = `${done}/${LESSON_NUMBERS.length}`;
  count.title = `${done} of ${LESSON_NUMBERS.length} lessons done`;
}

export function renderNav(ctx, current) {
  const nav = document.getElementById("nav");
  if (nav.dataset.built) {
    showRegion(ctx);
    showLessonCount();
    for (const a of nav.querySelectorAll("a[data-view]")) {
      if (a.dataset.view === (current === "key" ? "keys" : current)) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    }
    return;
  }
  nav.dataset.built = "1";
  const file = h("input", {
    type: "file",
    accept: "application/json,.json",
    id: "import-state-file",
    class: "visually-hidden",
    tabindex: "-1",
    "aria-label": "State file to import",
  });
  file.addEventListener("change", () => importFrom(ctx, file));
  fill(
    nav,
    regionPicker(ctx),
    h(
      "ul",
      { class: "links" },
      LINKS.map(([view, href, label]) =>
        h(
          "li",
          null,
          h(
            "a",
            { href, dataset: { view } },
            label,
            // The lessons done, kept current on every render (the label says it in words).
            view === "learn" ? [" ", h("span", { class: "nav-count", id: "nav-lessons-done" })] : null,
          ),
        ),
      ),
    ),
    h(
      "details",
      { class: "state-tools", open: !matchMedia("(max-width: 860px)").matches },
      h("summary", null, "Demo state"),
      h("p", { class: "hint" }, "Kept in this browser (IndexedDB). Export it to share a demo."),
      h(
        "div",
        { class: "tool-buttons" },
        h("button", { type: "button", id: "export-state", onClick: () => exportState(ctx) }, "Export state"),
        h(
          "button",
          {
            type: "button",
            id: "export-seed",
            title: "The keys as a seed document, a fixture for tests (kms-wasm serve --seed, open({ seed }))",
            onClick: () => exportSeed(ctx),
          },
          "Export as seed",
        ),
        h("button", { type: "button", id: "import-state", onClick: () => file.click() }, "Import state…"),
        h("button", { type: "button", id: "reset-state", class: "danger-quiet", onClick: () => reset(ctx) }, "Reset"),
      ),
      file,
    ),
  );
  renderNav(ctx, current);
}

async function exportState(ctx) {
  // Said before the file exists, not after: once downloaded, it may already be on its way somewhere.
  const ok = await ctx.confirm({
    title: "Export the state, key material included?",
    body: [
      "The file holds every key's material in plain text (base64): anyone who has it can decrypt whatever these keys encrypted, and bring the keys back to life in another console.",
      "Export demo keys only, and share the file as you would share a password.",
    ],
    confirmLabel: "Export with key material",
    danger: true,
  });
  if (!ok) return;
  try {
    const text = withProgress(await ctx.exportState());
    download(`kms-console-state-${fmtDay(ctx.now())}.json`, text, "application/json");
    ctx.notify("State exported. The file holds key material: share it only for demos.");
  } catch (e) {
    ctx.fail(e);
  }
}

async function exportSeed(ctx) {
  try {
    const doc = await ctx.service.exportSeed();
    download(`kms-seed-${fmtDay(ctx.now())}.json`, `${JSON.stringify(doc, null, 2)}\n`, "application/json");
    ctx.notify("Keys exported as a seed document, for tests and demos: it holds their key material.");
  } catch (e) {
    ctx.fail(e);
  }
}

async function importFrom(ctx, input) {
  const text = await readText(input);
  input.value = "";
  if (text === undefined) return;
  const ok = await ctx.confirm({
    title: "Replace the console's state?",
    body: [
      "Every key, alias, tag, audit event and the virtual clock are replaced by the imported state. The current state is lost unless you exported it.",
    ],
    confirmLabel: "Replace state",
    danger: true,
  });
  if (!ok) return;
  // The progress travels beside the service's state; a file from before the lessons has none.
  const { state, lessons } = splitProgress(text);
  await ctx.act(async () => {
    await ctx.importState(state);
    await replaceProgress(lessons);
  }, "State imported.");
  location.hash = "#/keys";
}

async function reset(ctx) {
  const ok = await ctx.confirm({
    title: "Reset the console?",
    body: [
      "This forgets every key, alias, tag and audit event and the lessons' progress, and puts the virtual clock back to real time. Data encrypted under these keys can no longer be decrypted.",
    ],
    confirmLabel: "Reset everything",
    danger: true,
  });
  if (!ok) return;
  await ctx.act(async () => {
    await ctx.reset();
    await replaceProgress({}); // the lessons' progress belongs to the state it was made in
  }, "Everything was reset.");
  location.hash = "#/keys";
}

// The side navigation (a row of tabs on narrow screens) under the Region selector (./regions.js),
// and the demo-state tools: export the whole state (every Region's) as a JSON download, import
// one back, or reset everything. Depends on ../lib/dom.js, ../lib/files.js, ../lib/format.js.

import { fill, h } from "../lib/dom.js";
import { download, readText } from "../lib/files.js";
import { fmtDay } from "../lib/format.js";
import { regionPicker, showRegion } from "./regions.js";

const LINKS = [
  ["keys", "#/keys", "Customer managed keys"],
  ["create", "#/create", "Create key"],
  ["audit", "#/audit", "Audit log"],
  ["about", "#/about", "About this console"],
];

export function renderNav(ctx, current) {
  const nav = document.getElementById("nav");
  if (nav.dataset.built) {
    showRegion(ctx);
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
  });
  file.addEventListener("change", () => importFrom(ctx, file));
  fill(
    nav,
    regionPicker(ctx),
    h(
      "ul",
      { class: "links" },
      LINKS.map(([view, href, label]) => h("li", null, h("a", { href, dataset: { view } }, label))),
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
    const text = await ctx.exportState();
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
  await ctx.act(() => ctx.importState(text), "State imported.");
  location.hash = "#/keys";
}

async function reset(ctx) {
  const ok = await ctx.confirm({
    title: "Reset the console?",
    body: [
      "This forgets every key, alias, tag and audit event, and puts the virtual clock back to real time. Data encrypted under these keys can no longer be decrypted.",
    ],
    confirmLabel: "Reset everything",
    danger: true,
  });
  if (!ok) return;
  await ctx.act(() => ctx.reset(), "Everything was reset.");
  location.hash = "#/keys";
}

// Starting a lesson from a scenario (a seed document): the offer shown when a link carries one
// (`#/learn/<n>?seed=<base64url JSON>`), the lesson's own scenario, a scenario file, and a link
// made from the lesson's keys for a teacher to hand out. Depends on ../lib/*, ./course.js.

import { h } from "../lib/dom.js";
import { copyText, readText } from "../lib/files.js";
import { decodeSeed, encodeSeed, startFromSeed } from "./course.js";

/** The console's own address with `hash`: what a shared link opens. */
const linkTo = (hash) => `${location.origin}${location.pathname}${hash}`;

/** Applies `doc` to lesson `lesson` once the learner agrees (when the lesson has keys to lose). */
async function start(ctx, lesson, f, doc) {
  if (f.keys.length) {
    const ok = await ctx.confirm({
      title: `Start lesson ${lesson.n} from this scenario?`,
      body: [
        `Lesson ${lesson.n}'s ${f.keys.length} key${f.keys.length === 1 ? "" : "s"} are removed first, as “Reset this lesson” does, and its steps start over. Other keys are not touched.`,
      ],
      confirmLabel: "Start from the scenario",
      danger: true,
    });
    if (!ok) return;
  }
  try {
    const count = await startFromSeed(ctx, lesson, doc);
    ctx.notify(`Lesson ${lesson.n} starts from the scenario: ${count} key${count === 1 ? "" : "s"} made.`);
  } catch (e) {
    ctx.fail(e);
  }
  ctx.go(`#/learn/${lesson.n}`);
}

function keyItems(doc) {
  return doc.Keys.map((k) =>
    h(
      "li",
      null,
      h("span", { class: "mono" }, String(k.KeyId ?? "(no KeyId)").slice(0, 13), "…"),
      k.Description ? ` ${k.Description}` : "",
      k.Aliases?.length ? ` (${k.Aliases.join(", ")})` : "",
    ),
  );
}

/** The panel offering a link's scenario, or undefined when the link carries none. */
export function seedOffer(ctx, lesson, f, text) {
  if (text === null) return undefined;
  let doc;
  try {
    doc = decodeSeed(text);
  } catch (e) {
    return h(
      "section",
      { class: "panel lesson-seed-offer", id: "lesson-seed-offer", role: "alert" },
      h("h2", null, "This link's scenario cannot be read"),
      h("p", { class: "form-error", id: "lesson-seed-error" }, e.message),
    );
  }
  return h(
    "section",
    { class: "panel lesson-seed-offer", id: "lesson-seed-offer", "aria-labelledby": "seed-offer-title" },
    h("h2", { id: "seed-offer-title" }, "This link comes with a scenario"),
    h("p", null, `Someone prepared lesson ${lesson.n} with ${doc.Keys.length} key${doc.Keys.length === 1 ? "" : "s"}:`),
    h("ul", { class: "plain-list" }, keyItems(doc)),
    h(
      "p",
      { class: "hint" },
      "They are made in this console as a seed document would make them (kms-wasm serve --seed does the same), tagged for this lesson.",
    ),
    h(
      "button",
      { type: "button", class: "primary", id: "lesson-seed-apply", onClick: () => start(ctx, lesson, f, doc) },
      "Start the lesson from this scenario",
    ),
  );
}

/** A teacher's link: the lesson's keys (material included) as a seed in a link. */
async function share(ctx, lesson, f, out) {
  try {
    const ids = new Set(f.keys.map((k) => k.id));
    const all = await ctx.service.exportSeed();
    const Keys = all.Keys.filter((k) => ids.has(k.KeyId) && (k.Region ?? ctx.region) === ctx.region).map(
      ({ Region, ...k }) => k,
    );
    if (!Keys.length) return ctx.notify("This lesson has no keys to share yet.", "error");
    const url = linkTo(`#/learn/${lesson.n}?seed=${encodeSeed({ Keys })}`);
    out.replaceChildren(
      h("input", { class: "code", readonly: true, value: url, id: "lesson-share-url", "aria-label": "Scenario link" }),
      h(
        "p",
        { class: "hint" },
        "The link holds these keys' material, like an exported seed: share it only for demo keys.",
      ),
    );
    if (await copyText(url)) ctx.notify("Scenario link copied.");
  } catch (e) {
    ctx.fail(e);
  }
}

/** The "Start from a scenario" panel at the foot of a lesson. */
export function scenarioPanel(ctx, lesson, f) {
  const file = h("input", { type: "file", accept: "application/json,.json", id: "lesson-seed-file" });
  const fileError = h("p", { class: "form-error", id: "lesson-seed-file-error", role: "alert" });
  file.addEventListener("change", async () => {
    const text = await readText(file);
    file.value = "";
    if (text === undefined) return;
    try {
      await start(ctx, lesson, f, decodeSeed(text));
    } catch (e) {
      fileError.textContent = e.message;
    }
  });
  const own = lesson.scenario;
  const shared = h("div", { class: "share-out", "aria-live": "polite" });
  return h(
    "section",
    { class: "panel lesson-scenario", "aria-labelledby": "scenario-title" },
    h("h2", { id: "scenario-title" }, "Start from a scenario"),
    h(
      "p",
      null,
      "A scenario is a seed document, the format of “Export as seed”: a teacher can hand one out as a file or a link, and the lesson starts with its keys.",
    ),
    own
      ? h(
          "div",
          { class: "own-scenario" },
          h("h3", null, own.title),
          h("p", null, own.text),
          h(
            "div",
            { class: "actions" },
            h(
              "button",
              {
                type: "button",
                id: "lesson-load-scenario",
                onClick: () => start(ctx, lesson, f, own.doc(ctx.now())),
              },
              `Load “${own.title}”`,
            ),
            h(
              "a",
              { href: `#/learn/${lesson.n}?seed=${encodeSeed(own.doc(ctx.now()))}`, id: "lesson-scenario-link" },
              "Link to this scenario",
            ),
          ),
        )
      : null,
    h(
      "div",
      { class: "field" },
      h("label", { for: "lesson-seed-file" }, "Start from a scenario file (a seed document, .json)"),
      file,
      fileError,
    ),
    h(
      "div",
      { class: "actions" },
      h(
        "button",
        { type: "button", id: "lesson-share", onClick: () => share(ctx, lesson, f, shared) },
        "Make a link from this lesson's keys",
      ),
    ),
    shared,
  );
}

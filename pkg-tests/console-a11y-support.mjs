// The accessibility suites' shared parts (console-a11y*.test.mjs): axe-core run on the page shown
// under a view's name, its serious and critical findings collected for one assertion at the end
// (so a failure lists every view and rule at once), the lesser ones kept for the report; and the
// walk's moves: opening a route and waiting for its view, building keys through the page's KMS.
// Depends on ./console-lessons-support.mjs (the two sizes) and node_modules/axe-core.
import assert from "node:assert/strict";
import { join } from "node:path";
import { DESKTOP, PHONE } from "./console-lessons-support.mjs";
import { ROOT } from "./helpers.mjs";

/** The two screen sizes every view is checked at. */
export const SIZES = [
  ["desktop", DESKTOP],
  ["phone", PHONE],
];

const AXE = join(ROOT, "node_modules/axe-core/axe.min.js");
const BLOCKING = new Set(["serious", "critical"]);

/**
 * An auditor for one page: `check(view)` runs axe (WCAG 2.2 A and AA, and best practices) on what
 * the page (or `on`) shows now; `done(t)` asserts no serious or critical finding anywhere (naming
 * size, view, rule and elements) and writes the moderate and minor ones as the test's diagnostics.
 */
export function auditor(page, size) {
  const blocking = [];
  const lesser = new Set();
  const views = [];
  return {
    async check(view, on = page) {
      if (!(await on.evaluate(() => Boolean(window.axe)))) await on.addScriptTag({ path: AXE });
      const found = await on.evaluate(async () => {
        const { violations } = await window.axe.run(document, {
          runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
          resultTypes: ["violations"],
        });
        return violations.map((v) => ({ id: v.id, impact: v.impact, at: v.nodes.map((n) => n.target.join(" ")) }));
      });
      views.push(view);
      for (const v of found) {
        const line = `${size} · ${view}: ${v.id} (${v.impact}) at ${v.at.slice(0, 5).join(", ")}`;
        if (BLOCKING.has(v.impact)) blocking.push(line);
        else lesser.add(`${v.id} (${v.impact}): ${view}`);
      }
    },
    done(t) {
      for (const line of lesser) t.diagnostic(`lesser: ${line}`);
      t.diagnostic(`${views.length} views checked at ${size} size`);
      assert.deepEqual(blocking, [], `${size}: no serious or critical accessibility finding on any view`);
    },
  };
}

/** Resolves after two frames: what a view draws once it is in the page (a timeline at its box's width) is drawn. */
export const settle = (page) =>
  page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

/** Opens `hash` (a route of the console at `url`), waits for `selector`, then for the view to settle. */
export async function visit(page, url, hash, selector) {
  await page.goto(`${url}${hash}`);
  await page.waitForSelector(selector);
  await settle(page);
}

/** Keys made through the page's own KMS: `{ name: keyId }`, each with the alias `alias/a11y-<name>`. */
export function makeKeys(page, specs) {
  return page.evaluate(async (all) => {
    const kms = window.__console.kms;
    const out = {};
    for (const [name, params] of Object.entries(all)) {
      const id = (await kms.createKey(params)).KeyMetadata.KeyId;
      await kms.createAlias({ AliasName: `alias/a11y-${name}`, TargetKeyId: id });
      out[name] = id;
    }
    return out;
  }, specs);
}

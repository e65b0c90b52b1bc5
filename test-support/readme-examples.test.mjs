// The guides show the files in examples/ (which `npm test` runs) verbatim: docs/testing.md the
// test suites', docs/browser.md the Vite page's. Every `<!-- file: path -->` marker is followed
// by a fenced block equal to that file, and every example source file is shown in one guide.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { it } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** Each guide and how many example files it shows at least (fewer: the scan is broken). */
const GUIDES = { "docs/testing.md": 15, "docs/browser.md": 3 };

/** path → { guide, text } of every marked block. */
function shown() {
  const out = new Map();
  for (const guide of Object.keys(GUIDES)) {
    const text = readFileSync(join(ROOT, guide), "utf8");
    const re = /<!-- file: (\S+) -->\n```\w*\n([\s\S]*?)\n```\n/g;
    let blocks = 0;
    for (const m of text.matchAll(re)) {
      assert.ok(!out.has(m[1]), `${m[1]} is shown twice`);
      out.set(m[1], { guide, text: m[2] });
      blocks++;
    }
    assert.ok(blocks >= GUIDES[guide], `expected the example files in ${guide}, found ${blocks} marked blocks`);
    assert.equal(
      (text.match(/<!-- file: /g) ?? []).length,
      blocks,
      `${guide}: a marker without a fenced block after it`,
    );
  }
  return out;
}

function exampleFiles(dir = join(ROOT, "examples")) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.name === "node_modules"
      ? []
      : e.isDirectory()
        ? exampleFiles(join(dir, e.name))
        : [relative(ROOT, join(dir, e.name))],
  );
}

it("every example block in the guides is its file, unchanged", () => {
  for (const [path, { guide, text }] of shown()) {
    assert.equal(
      text,
      readFileSync(join(ROOT, path), "utf8").replace(/\n$/, ""),
      `${guide}'s block for ${path} differs from the file`,
    );
  }
});

it("every example source file is shown in a guide", () => {
  const blocks = shown();
  const files = exampleFiles().filter((f) => !f.endsWith(".b64"));
  assert.ok(files.length >= 18);
  for (const f of files) assert.ok(blocks.has(f), `${f} is not shown in ${Object.keys(GUIDES).join(" or ")}`);
});

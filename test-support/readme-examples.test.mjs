// The test-suite guides in docs/testing.md show the files in examples/ (which `npm test` runs)
// verbatim: every `<!-- file: path -->` marker is followed by a fenced block equal to that file,
// and every example source file is shown.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { it } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const GUIDE = "docs/testing.md";
const guide = readFileSync(join(ROOT, GUIDE), "utf8");

function shown() {
  const out = new Map();
  const re = /<!-- file: (\S+) -->\n```\w*\n([\s\S]*?)\n```\n/g;
  for (const m of guide.matchAll(re)) out.set(m[1], m[2]);
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

it(`every example block in ${GUIDE} is its file, unchanged`, () => {
  const blocks = shown();
  assert.ok(blocks.size >= 12, `expected the example files in ${GUIDE}, found ${blocks.size} marked blocks`);
  assert.equal(
    (guide.match(/<!-- file: /g) ?? []).length,
    blocks.size,
    "a <!-- file: --> marker without a fenced block right after it",
  );
  for (const [path, text] of blocks) {
    assert.equal(
      text,
      readFileSync(join(ROOT, path), "utf8").replace(/\n$/, ""),
      `${GUIDE}'s block for ${path} differs from the file`,
    );
  }
});

it(`every example source file is shown in ${GUIDE}`, () => {
  const blocks = shown();
  const files = exampleFiles().filter((f) => !f.endsWith(".b64"));
  assert.ok(files.length >= 12);
  for (const f of files) assert.ok(blocks.has(f), `${f} is not shown in ${GUIDE}`);
});

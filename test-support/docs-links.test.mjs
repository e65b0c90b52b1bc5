// The documentation stands alone: every relative link in README.md, CONTRIBUTING.md,
// CHANGELOG.md and docs/*.md points to a file of the repository (and, with a #fragment into a
// Markdown file, to one of its headings), nothing cites documents outside the repository, and
// the README stays a ten-minute read (at most 300 lines). Node built-ins only.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { it } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const MAX_README_LINES = 300;

const pages = () => [
  "README.md",
  "CONTRIBUTING.md",
  "CHANGELOG.md",
  ...readdirSync(join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];

const read = (page) => readFileSync(join(ROOT, page), "utf8");

/** The text outside fenced code blocks and inline code spans, where links are links. */
function prose(text) {
  return text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "").replace(/`[^`\n]*`/g, "");
}

/** Targets of inline links and images: `[text](target)`, `![alt](target "title")`. */
function links(text) {
  return [...prose(text).matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]);
}

/** GitHub's anchors for the headings of a Markdown text (duplicates get -1, -2, ...). */
function anchors(text) {
  const seen = new Map();
  const out = new Set();
  const body = text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "");
  for (const [, heading] of body.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = heading
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/`/g, "")
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, "")
      .replace(/ /g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** The problem with one link of `page`, or null when it resolves. */
function brokenLink(page, target, readPage = read) {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return null; // https:, mailto: ...: not a file
  const [path, fragment] = target.split("#", 2);
  const file = path === "" ? join(ROOT, page) : resolve(ROOT, dirname(page), decodeURIComponent(path));
  const rel = relative(ROOT, file);
  if (rel.startsWith("..") || rel.split(sep)[0] === "..") return `${target}: outside the repository`;
  if (!existsSync(file)) return `${target}: no such file (${rel})`;
  if (fragment !== undefined && file.endsWith(".md") && statSync(file).isFile()) {
    if (!anchors(readPage(rel)).has(fragment)) return `${target}: ${rel} has no heading #${fragment}`;
  }
  return null;
}

it("every relative link in the README, CONTRIBUTING, CHANGELOG and docs/ resolves", () => {
  const broken = [];
  for (const page of pages()) {
    for (const target of links(read(page))) {
      const problem = brokenLink(page, target);
      if (problem) broken.push(`${page}: ${problem}`);
    }
  }
  assert.deepEqual(broken, [], `broken links:\n${broken.join("\n")}`);
});

it("the link check sees links, and catches a broken one", () => {
  const sample = "See [a](docs/api.md#operations), ![b](docs/console.png) and `[c](nowhere.md)`.\n";
  assert.deepEqual(links(sample), ["docs/api.md#operations", "docs/console.png"]);
  assert.equal(brokenLink("README.md", "docs/api.md#operations"), null);
  assert.match(brokenLink("README.md", "docs/nowhere.md") ?? "", /no such file/);
  assert.match(brokenLink("README.md", "docs/api.md#no-such-heading") ?? "", /no heading/);
  assert.match(brokenLink("docs/api.md", "../../outside.md") ?? "", /outside the repository/);
  assert.deepEqual(
    [...anchors("# The AWS SDK, in-process\n## `kms-wasm wrap`\n## Limits\n## Limits\n")],
    ["the-aws-sdk-in-process", "kms-wasm-wrap", "limits", "limits-1"],
  );
});

it("the documentation cites nothing outside the repository", () => {
  const outside = /\.\.\/shared\/|§|kms-semantics|kms-error-examples/;
  for (const page of pages()) {
    const lines = read(page).split("\n");
    for (const [i, line] of lines.entries()) {
      assert.doesNotMatch(line, outside, `${page}:${i + 1} refers to a document outside the repository`);
    }
  }
});

it(`README.md is at most ${MAX_README_LINES} lines`, () => {
  const lines = read("README.md").split("\n").length - 1;
  assert.ok(lines <= MAX_README_LINES, `README.md has ${lines} lines; move details to docs/`);
});

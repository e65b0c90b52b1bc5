// The repository's structural rules, checked by `npm test`:
// 1. kms-wasm-core (and every library crate but the two wasm binding crates) has no
//    wasm-bindgen, js-sys or web-sys in its dependency tree, on any target (`cargo tree`); and
//    on wasm32 the core has no random source of its own either (randomness is injected).
// 2. No module cycle inside a Rust crate (see `moduleCycles` for what counts as an edge).
// 3. No source file over 400 lines, except generated and vendored ones.
// Usage: node scripts/check-structure.mjs [--no-cargo] [--edges]
// Prints each finding and exits 1 on any; --edges also prints every module's dependencies.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const JS_CRATES = ["wasm-bindgen", "js-sys", "web-sys"];
/** Crates that bind to JS and so may depend on it; every other workspace crate may not. */
const BINDING_CRATES = new Set(["kms-wasm", "kms-wasm-extras-wasm"]);
/** Rust source trees whose modules must not form a cycle. */
const CRATE_SOURCES = ["crates/core/src", "src", "crates/extras/src", "crates/extras-wasm/src"];
const MAX_LINES = 400;
const GENERATED = new Set(["js/types.d.ts", "js/node.cjs"]);
const SOURCE_EXT = /\.(rs|js|mjs|cjs|ts|css|html|sh|py)$/;
const SKIP_DIRS = new Set([".git", "node_modules", "target", "pkg", "vendor", ".venv", "corpus"]);

const findings = [];

// 1. No JS crate in a pure crate's tree.
function jsCrates() {
  const meta = JSON.parse(
    execFileSync("cargo", ["metadata", "--no-deps", "--format-version", "1", "--locked"], {
      cwd: ROOT,
      encoding: "utf8",
    }),
  );
  const pure = meta.packages.map((p) => p.name).filter((n) => !BINDING_CRATES.has(n));
  if (!pure.includes("kms-wasm-core")) findings.push("cargo metadata lists no kms-wasm-core crate");
  for (const name of pure) {
    // --target all: what any target would link, wasm32 included.
    const tree = execFileSync(
      "cargo",
      ["tree", "--locked", "-p", name, "--target", "all", "-e", "normal,build", "--prefix", "none"],
      { cwd: ROOT, encoding: "utf8" },
    );
    const found = JS_CRATES.filter((c) => new RegExp(`^${c} v`, "m").test(tree));
    if (found.length) findings.push(`${name}: its dependency tree (--target all) holds ${found.join(", ")}`);
  }
  const wasmTree = execFileSync(
    "cargo",
    [
      "tree",
      "--locked",
      "-p",
      "kms-wasm-core",
      "--target",
      "wasm32-unknown-unknown",
      "-e",
      "normal,build",
      "--prefix",
      "none",
    ],
    { cwd: ROOT, encoding: "utf8" },
  );
  if (/^getrandom v/m.test(wasmTree)) findings.push("kms-wasm-core: its wasm32 dependency tree holds getrandom");
  return pure;
}

// 2. Module cycles. A file is a module; it depends on each module whose items it names
// (`use` paths and inline `crate::`/`super::`/`self::` paths, and paths through the modules it
// declares). A path to an item an ancestor re-exports (`pub use child::Item`) counts as a
// path to where the item lives. A module's use of its own ancestors is not an edge: a child is
// a part of its parent (it implements the parent's types), and that is not a cycle.
function rustFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? rustFiles(join(dir, e.name)) : e.name.endsWith(".rs") ? [join(dir, e.name)] : [],
  );
}

function modulePath(srcDir, file) {
  const rel = relative(srcDir, file).replace(/\.rs$/, "").split("/");
  if (rel.at(-1) === "mod" || (rel.length === 1 && rel[0] === "lib")) rel.pop();
  return rel;
}

/** Code without comments, string literals and `#[cfg(test)]` modules at the end of a file. */
function codeOf(text) {
  const noComments = text.replace(/\/\/[^\n]*/g, "").replace(/\/\*[\s\S]*?\*\//g, "");
  const noStrings = noComments.replace(/r#*"[\s\S]*?"#*|"(?:[^"\\]|\\.)*"/g, '""');
  const test = noStrings.search(/#\[cfg\(test\)\]\s*mod\s+\w+\s*\{/);
  return test < 0 ? noStrings : noStrings.slice(0, test);
}

/** Expands `a::{b, c::{d, e}}` into ["a::b", "a::c::d", "a::c::e"]. */
function expandUse(tree) {
  const t = tree.replace(/\s+/g, "");
  const open = t.indexOf("{");
  if (open < 0) return [t.replace(/\bas\w+$/, "")];
  const prefix = t.slice(0, open);
  const inner = t.slice(open + 1, t.lastIndexOf("}"));
  const parts = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= inner.length; i++) {
    const c = inner[i];
    if (c === "{") depth++;
    else if (c === "}") depth--;
    else if ((c === "," && depth === 0) || i === inner.length) {
      if (i > start) parts.push(inner.slice(start, i));
      start = i + 1;
    }
  }
  return parts.flatMap((p) => expandUse(prefix + p));
}

function moduleCycles(srcDir) {
  const files = rustFiles(srcDir).filter((f) => !relative(srcDir, f).startsWith("tests/"));
  const mods = new Map(); // "a::b" -> { path, code, declared, reexports }
  for (const f of files) {
    const path = modulePath(srcDir, f);
    const code = codeOf(readFileSync(f, "utf8"));
    const declared = new Set([...code.matchAll(/^\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+(\w+)\s*;/gm)].map((m) => m[1]));
    const reexports = new Map();
    for (const m of code.matchAll(/^\s*pub(?:\([^)]*\))?\s+use\s+([^;]+);/gm)) {
      for (const p of expandUse(m[1])) {
        const segs = p.split("::");
        const name = segs.at(-1);
        if (name !== "*" && declared.has(segs[0])) reexports.set(name, [...path, ...segs.slice(0, -1)]);
      }
    }
    mods.set(path.join("::"), { path, code, declared, reexports, file: relative(ROOT, f) });
  }
  const isModule = (segs) => mods.has(segs.join("::"));
  /** Absolute segments of a path written in module `from`, or null when it is not ours. */
  function absolute(from, segs, declared) {
    const out = [...from.path];
    let rest = [...segs];
    if (rest[0] === "crate") return rest.slice(1);
    if (rest[0] === "self") return [...out, ...rest.slice(1)];
    if (rest[0] === "super") {
      while (rest[0] === "super") {
        out.pop();
        rest = rest.slice(1);
      }
      return [...out, ...rest];
    }
    if (declared.has(rest[0])) return [...out, ...rest];
    return null;
  }
  /** The module an absolute path names an item of, following ancestors' re-exports. */
  function target(segs) {
    for (let n = segs.length; n >= 0; n--) {
      const head = segs.slice(0, n);
      if (!isModule(head)) continue;
      const item = segs[n];
      const via = item && mods.get(head.join("::")).reexports.get(item);
      return via ? target([...via, ...segs.slice(n)]) : head;
    }
    return [];
  }
  const edges = new Map();
  for (const [key, m] of mods) {
    const out = new Set();
    const paths = [];
    for (const u of m.code.matchAll(/^\s*(?:pub(?:\([^)]*\))?\s+)?use\s+([^;]+);/gm)) paths.push(...expandUse(u[1]));
    for (const p of m.code.matchAll(/\b((?:crate|super|self)(?:::\w+)+)/g)) paths.push(p[1]);
    for (const d of m.declared) {
      for (const p of m.code.matchAll(new RegExp(`(?<![\\w:])(${d}(?:::\\w+)+)`, "g"))) paths.push(p[1]);
    }
    for (const p of paths) {
      const abs = absolute(m, p.split("::"), m.declared);
      if (!abs) continue;
      const t = target(abs);
      const tk = t.join("::");
      const ancestor = t.length <= m.path.length && t.every((s, i) => s === m.path[i]);
      if (!ancestor && mods.has(tk)) out.add(tk);
    }
    edges.set(key, out);
  }
  // Report each strongly connected component of more than one module.
  const index = new Map();
  const low = new Map();
  const stack = [];
  const on = new Set();
  const cycles = [];
  let counter = 0;
  function visit(v) {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    on.add(v);
    for (const w of edges.get(v)) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      const scc = [];
      let w;
      do {
        w = stack.pop();
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) cycles.push(scc);
    }
  }
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return { cycles, edges, mods };
}

// 3. File sizes.
function longFiles(dir = ROOT) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return SKIP_DIRS.has(e.name) ? [] : longFiles(p);
    const rel = relative(ROOT, p);
    if (!SOURCE_EXT.test(e.name) || GENERATED.has(rel) || statSync(p).size < MAX_LINES * 10) return [];
    const lines = readFileSync(p, "utf8").split("\n").length - 1;
    return lines > MAX_LINES ? [`${rel}: ${lines} lines (at most ${MAX_LINES})`] : [];
  });
}

const withCargo = !process.argv.includes("--no-cargo");
const pure = withCargo ? jsCrates() : [];
let modules = 0;
for (const dir of CRATE_SOURCES) {
  let exists = true;
  try {
    statSync(join(ROOT, dir));
  } catch {
    exists = false;
  }
  if (!exists) continue;
  const { cycles, mods, edges } = moduleCycles(join(ROOT, dir));
  modules += mods.size;
  if (process.argv.includes("--edges")) {
    for (const [m, out] of edges) console.log(`${dir} ${m || "(root)"} -> ${[...out].sort().join(" ") || "-"}`);
  }
  for (const c of cycles) findings.push(`${dir}: module cycle among ${c.sort().join(", ")}`);
}
findings.push(...longFiles());
for (const f of findings) console.log(`structure: ${f}`);
if (findings.length) process.exit(1);
console.log(
  `structure: ok (${withCargo ? `no JS crate under ${pure.join(", ")}, no random source in the core on wasm32; ` : ""}no cycle among ${modules} modules; no source file over ${MAX_LINES} lines)`,
);

// Small pieces of the server's options shared by `startServer` (../server.js) and the CLI
// (bin/serve.js): the package's version and the wrapping keys to prepare at start.
// Depends on node:fs and ../wrapping-keys.js.
import { readFileSync } from "node:fs";
import { wrappingKeyCounts } from "../wrapping-keys.js";

let version;
/** The installed package's version, from its package.json. */
export function packageVersion() {
  version ??= JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).version;
  return version;
}

/**
 * Which wrapping keys to make at start, as `prepareWrappingKeys` takes them: from
 * `"RSA_2048,RSA_4096"` (the CLI's form; a spec named twice is two keys), a list of specs, or
 * `{ RSA_2048: 2 }`. `undefined` when none; a TypeError naming what is wrong.
 */
export function wrappingKeyPlan(value) {
  if (value === undefined || value === null || value === "") return undefined;
  let counts = value;
  if (typeof value === "string" || Array.isArray(value)) {
    const specs = typeof value === "string" ? value.split(",").map((x) => x.trim()) : value;
    counts = {};
    for (const spec of specs) counts[spec] = (counts[spec] ?? 0) + 1;
  }
  if (typeof counts !== "object") throw new TypeError(`must name WrappingKeySpecs, got ${JSON.stringify(value)}`);
  try {
    wrappingKeyCounts(counts);
  } catch (e) {
    throw new TypeError(e.message.replace(/^prepareWrappingKeys: /, ""));
  }
  return counts;
}

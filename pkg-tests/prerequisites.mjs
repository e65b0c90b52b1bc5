// What some suites need from outside node_modules and pkg/: Debian's chromium for the browser
// suites, and the Python venv .venv (boto3, the AWS CLI) for python.test.mjs and sigv4.test.mjs.
// `npm run setup` installs both. When one is missing, the tests that need it fail and say how to
// install it; only an explicit opt-out (KMS_WASM_SKIP_BROWSER=1, KMS_WASM_SKIP_PYTHON=1) skips them.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./helpers.mjs";

/** The browser the browser suites drive (never one downloaded by npm). */
export const CHROMIUM = process.env.KMS_WASM_CHROMIUM ?? "/usr/bin/chromium";

/**
 * `skip`: the reason to pass as the `skip` option of test()/describe(), set only when the user
 * opted out. `require()`: throws, naming what is missing and how to install it.
 */
function prerequisite({ what, paths, optOut }) {
  return {
    skip: process.env[optOut] === "1" ? `${optOut}=1: tests that need ${what} are skipped on request` : false,
    require() {
      const missing = paths.filter((p) => !existsSync(p));
      if (missing.length === 0) return;
      throw new Error(
        `${missing.join(" and ")} missing: these tests need ${what}. Install it with \`npm run setup\` ` +
          `(scripts/setup.sh), or set ${optOut}=1 to skip them.`,
      );
    },
  };
}

export const needs = {
  browser: prerequisite({
    what: `a browser (${CHROMIUM}; KMS_WASM_CHROMIUM names another)`,
    paths: [CHROMIUM],
    optOut: "KMS_WASM_SKIP_BROWSER",
  }),
  python: prerequisite({
    what: "the Python venv .venv with boto3 and the AWS CLI",
    paths: [join(ROOT, ".venv/bin/python"), join(ROOT, ".venv/bin/aws")],
    optOut: "KMS_WASM_SKIP_PYTHON",
  }),
};

// `kms-wasm serve` and web pages, in real Chromium (issue 15): a page from another origin can
// neither wipe the server with a no-cors POST nor call KMS operations; once started with
// `--allow-origin <that origin>`, the same page calls them and reads the answers. The console
// that serve itself serves is covered by console-edges.test.mjs.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { browserSession } from "./browser-support.mjs";
import { post, startServer } from "./helpers.mjs";
import { needs } from "./prerequisites.mjs";

const session = browserSession();

/** In the page: a KMS call with fetch, as a browser app would make it. */
const callFromPage = (page, endpoint, op) =>
  page.evaluate(
    async ({ endpoint, op }) => {
      try {
        const r = await fetch(`${endpoint}/`, {
          method: "POST",
          headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `TrentService.${op}` },
          body: "{}",
        });
        return { status: r.status, body: await r.json() };
      } catch (e) {
        return { error: String(e) };
      }
    },
    { endpoint, op },
  );

describe("kms-wasm serve and other web pages", { skip: needs.browser.skip }, () => {
  test("a page from another origin gets nothing; with --allow-origin it works", async () => {
    const pageOrigin = session.server.url;
    const context = await session.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${pageOrigin}/blank.html`);

    const closed = await startServer();
    try {
      await post(closed.url, "CreateKey");
      // The attack of the issue: a "simple" request, no preflight, answer unread.
      await page.evaluate(
        (url) => fetch(`${url}/_kms/reset`, { method: "POST", mode: "no-cors", body: "" }),
        closed.url,
      );
      await page.evaluate(
        (url) =>
          fetch(`${url}/`, {
            method: "POST",
            mode: "no-cors",
            headers: { "content-type": "text/plain" },
            body: '{"KeyId":"x"}',
          }),
        closed.url,
      );
      assert.equal((await post(closed.url, "ListKeys")).json.Keys.length, 1, "the no-cors POSTs wiped nothing");
      const refused = await callFromPage(page, closed.url, "ListKeys");
      assert.match(refused.error ?? "", /Failed to fetch/, JSON.stringify(refused));
      assert.match(closed.output(), new RegExp(`refused: .*origin ${pageOrigin}`));
    } finally {
      await closed.stop();
    }

    const open = await startServer(["--allow-origin", pageOrigin]);
    try {
      await post(open.url, "CreateKey");
      const listed = await callFromPage(page, open.url, "ListKeys");
      assert.equal(listed.status, 200, JSON.stringify(listed));
      assert.equal(listed.body.Keys.length, 1);
    } finally {
      await open.stop();
      await context.close();
    }
  });
});

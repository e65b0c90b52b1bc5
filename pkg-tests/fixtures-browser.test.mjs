// Seeds and snapshots in a real browser with the IndexedDB store: open({ indexedDb, seed }),
// a restore committed to the database (a reopen sees it), and exportSeed from the web entry.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { browserSession, watch } from "./browser-support.mjs";
import { needs } from "./prerequisites.mjs";

const session = browserSession();

const KEY = "11111111-2222-4333-8444-555555555555";
const SEED = {
  Keys: [
    { KeyId: KEY, Aliases: ["alias/seeded"], KeyMaterial: [{ Material: Buffer.alloc(32, 9).toString("base64") }] },
  ],
};

describe("seeds and snapshots with IndexedDB", { skip: needs.browser.skip }, () => {
  test("a seeded database, a restore committed before it settles, kept across reopen", async () => {
    const context = await session.browser.newContext();
    const page = await context.newPage();
    const errors = watch(page);
    await page.goto(`${session.server.url}/blank.html`);
    const result = await page.evaluate(async (seed) => {
      const { KeyManagementService } = await import("/js/web.js");
      const opts = { indexedDb: "fixtures-test", clock: { now: "2026-01-01T00:00:00Z", frozen: true }, seed };
      const kms = await KeyManagementService.open(opts);
      const snap = kms.snapshot();
      await kms.createKey({});
      await kms.deleteAlias({ AliasName: "alias/seeded" });
      const changed = (await kms.listKeys({})).Keys.length;
      await kms.restore(snap);
      await kms.close();
      const again = await KeyManagementService.open({ indexedDb: "fixtures-test" });
      const keys = (await again.listKeys({})).Keys.map((k) => k.KeyId);
      const aliases = (await again.listAliases({ KeyId: seed.Keys[0].KeyId })).Aliases.map((a) => a.AliasName);
      const exported = await again.exportSeed();
      await again.close();
      return { changed, keys, aliases, exported };
    }, SEED);
    assert.equal(result.changed, 2);
    assert.deepEqual(result.keys, [KEY]);
    assert.deepEqual(result.aliases, ["alias/seeded"]);
    assert.equal(result.exported.Keys[0].KeyMaterial[0].Material, SEED.Keys[0].KeyMaterial[0].Material);
    errors.check();
    await context.close();
  });
});

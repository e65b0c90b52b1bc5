// IndexedDB storage (`KeyManagementService.open({ indexedDb })`) in a real browser: each call
// committed before it settles and kept across reopen; refusal of newer, corrupt or foreign
// databases without touching them; rollback when a save fails (the database deleted under the
// page), including calls made while the failing save ran; a second writer refused instead of
// overwritten; many concurrent calls; close() writing read-only events; export/import of
// state; and the same store used from a module Web Worker.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { launch, staticServer, watch } from "./browser-support.mjs";
import { needs } from "./prerequisites.mjs";

let server, browser, context;

before(async () => {
  if (needs.browser.skip) return;
  needs.browser.require();
  server = await staticServer();
  browser = await launch();
  context = await browser.newContext();
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

/** A fresh page on the test origin; `run(fn, arg)` evaluates `fn(kmsModule, arg)` in it. */
async function page() {
  const p = await context.newPage();
  const errors = watch(p);
  await p.goto(`${server.url}/blank.html`);
  await p.evaluate(async () => {
    window.kmsModule = await import("/js/web.js");
    // Writes a raw record into a database laid out as kms-wasm lays it out (or not).
    window.rawPut = (name, records, store = "kms") =>
      new Promise((resolve, reject) => {
        const r = indexedDB.open(name, 1);
        r.onupgradeneeded = () => r.result.createObjectStore(store);
        r.onerror = () => reject(r.error);
        r.onsuccess = () => {
          const tx = r.result.transaction(store, "readwrite");
          for (const [k, v] of Object.entries(records)) tx.objectStore(store).put(v, k);
          tx.oncomplete = () => {
            r.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      });
    window.rawGet = (name, key) =>
      new Promise((resolve, reject) => {
        const r = indexedDB.open(name);
        r.onerror = () => reject(r.error);
        r.onsuccess = () => {
          const tx = r.result.transaction("kms", "readonly");
          const g = tx.objectStore("kms").get(key);
          tx.oncomplete = () => {
            r.result.close();
            resolve(g.result);
          };
        };
      });
    window.failure = async (promise) =>
      promise.then(
        () => null,
        (e) => ({ name: e.name, message: e.message, path: e.path }),
      );
  });
  return { p, errors, run: (fn, arg) => p.evaluate(fn, arg) };
}

describe("IndexedDB storage in a browser", { skip: needs.browser.skip }, () => {
  test("calls are committed and kept across reopen and reload; storage names the database", async () => {
    const { p, errors, run } = await page();
    const first = await run(async () => {
      const { KeyManagementService } = window.kmsModule;
      const kms = await KeyManagementService.open({ indexedDb: "basic", clock: { start: "2026-01-01T00:00:00Z" } });
      const { KeyMetadata } = await kms.createKey({ Description: "kept" });
      await kms.advanceClock(86400);
      const ct = await kms.encrypt({ KeyId: KeyMetadata.KeyId, Plaintext: new Uint8Array([1, 2, 3]) });
      const out = {
        storage: kms.storage,
        keyId: KeyMetadata.KeyId,
        now: kms.now().getTime(),
        ct: Array.from(ct.CiphertextBlob),
      };
      await kms.close();
      return out;
    });
    assert.equal(first.storage, "indexeddb:basic");
    await p.reload();
    await run(async () => {
      window.kmsModule = await import("/js/web.js");
    });
    const again = await run(async ({ keyId, ct }) => {
      const kms = await window.kmsModule.KeyManagementService.open({ indexedDb: "basic" });
      const { KeyMetadata } = await kms.describeKey({ KeyId: keyId });
      const { Plaintext } = await kms.decrypt({ CiphertextBlob: new Uint8Array(ct) });
      return { description: KeyMetadata.Description, plain: Array.from(Plaintext), now: kms.now().getTime() };
    }, first);
    assert.equal(again.description, "kept");
    assert.deepEqual(again.plain, [1, 2, 3]);
    assert.ok(again.now >= first.now && again.now - first.now < 60_000, "the clock offset was saved");
    errors.check();
    await p.close();
  });

  test("a newer schemaVersion, corrupt text or a foreign database is refused and left untouched", async () => {
    const { p, run } = await page();
    const newer = JSON.stringify({ schemaVersion: 99, state: {} });
    const corrupt = '{"schemaVersion": 1, "state": ';
    const r = await run(
      async ({ newer, corrupt }) => {
        const { KeyManagementService } = window.kmsModule;
        await window.rawPut("newer", { snapshot: newer, writer: "someone" });
        await window.rawPut("corrupt", { snapshot: corrupt });
        await window.rawPut("foreign", { anything: "x" }, "other-store");
        const errors = {};
        for (const name of ["newer", "corrupt", "foreign"])
          errors[name] = await window.failure(KeyManagementService.open({ indexedDb: name }));
        return {
          errors,
          after: {
            newer: await window.rawGet("newer", "snapshot"),
            mark: await window.rawGet("newer", "writer"),
            corrupt: await window.rawGet("corrupt", "snapshot"),
          },
        };
      },
      { newer, corrupt },
    );
    for (const name of ["newer", "corrupt", "foreign"]) {
      const e = r.errors[name];
      assert.equal(e?.name, "KmsStorageError", `${name}: ${JSON.stringify(e)}`);
      assert.equal(e.path, `indexeddb:${name}`);
      assert.match(e.message, new RegExp(`"${name}"`));
    }
    assert.match(r.errors.newer.message, /schemaVersion 99.*newer.*left untouched/s);
    assert.match(r.errors.corrupt.message, /corrupt.*left untouched/s);
    assert.match(r.errors.foreign.message, /not made by kms-wasm/);
    assert.deepEqual(r.after, { newer, mark: "someone", corrupt }, "nothing was written");
    await p.close();
  });

  test("a failed save rolls back, and calls made while it ran are refused too", async () => {
    const { p, run } = await page();
    const r = await run(async () => {
      const { KeyManagementService } = window.kmsModule;
      const kms = await KeyManagementService.open({ indexedDb: "doomed" });
      const { KeyMetadata: kept } = await kms.createKey({ Description: "kept" });
      // Another page deletes the database: the service's connection is closed for it.
      await new Promise((resolve, reject) => {
        const d = indexedDB.deleteDatabase("doomed");
        d.onsuccess = resolve;
        d.onerror = () => reject(d.error);
        d.onblocked = () => reject(new Error("blocked: the service did not let go of its connection"));
      });
      const lost = kms.createKey({ Description: "lost" });
      const sawLost = kms.listKeys({}); // runs on the unsaved change
      const [e1, e2] = [await window.failure(lost), await window.failure(sawLost)];
      const keys = (await kms.listKeys({}).catch(() => ({ Keys: "refused" }))).Keys;
      const inMemory = await kms.exportState();
      return { kept: kept.KeyId, e1, e2, keys, hasLost: inMemory.includes('"lost"') };
    });
    assert.equal(r.e1?.name, "KmsStorageError");
    assert.match(r.e1.message, /cannot save to IndexedDB database "doomed".*closed/s);
    assert.equal(r.e2?.name, "KmsStorageError", "a call that saw the undone change is refused");
    assert.match(r.e2.message, /undone/);
    assert.equal(r.hasLost, false, "the unsaved key is gone from memory too");
    assert.deepEqual(
      r.keys.map((k) => k.KeyId),
      [r.kept],
      "the committed key is still there",
    );
    await p.close();
  });

  test("a second writer on the same database is refused, never overwriting the first", async () => {
    const { p, run } = await page();
    const r = await run(async () => {
      const { KeyManagementService } = window.kmsModule;
      const a = await KeyManagementService.open({ indexedDb: "shared" });
      const b = await KeyManagementService.open({ indexedDb: "shared" });
      await a.createKey({ Description: "from a" });
      const fromB = await window.failure(b.createKey({ Description: "from b" }));
      await a.createKey({ Description: "a again" });
      const snapshot = await window.rawGet("shared", "snapshot");
      return { fromB, hasA: snapshot.includes("a again"), hasB: snapshot.includes("from b") };
    });
    assert.equal(r.fromB?.name, "KmsStorageError");
    assert.match(r.fromB.message, /another tab or worker changed it/);
    assert.equal(r.hasA, true);
    assert.equal(r.hasB, false);
    await p.close();
  });

  test("concurrent calls all commit in order; close() saves read-only events", async () => {
    const { p, run } = await page();
    const r = await run(async () => {
      const { KeyManagementService } = window.kmsModule;
      const kms = await KeyManagementService.open({ indexedDb: "busy" });
      const made = await Promise.all(Array.from({ length: 25 }, (_, i) => kms.createKey({ Description: `k${i}` })));
      await kms.describeKey({ KeyId: made[0].KeyMetadata.KeyId });
      await kms.close();
      const again = await KeyManagementService.open({ indexedDb: "busy" });
      const keys = (await again.listKeys({ Limit: 100 })).Keys.length;
      const names = (await again.auditLog({})).map((e) => e.eventName);
      return { keys, last: names.at(-2), creates: names.filter((n) => n === "CreateKey").length };
    });
    assert.equal(r.keys, 25);
    assert.equal(r.creates, 25);
    assert.equal(r.last, "DescribeKey", "the read before close() was saved");
    await p.close();
  });

  test("exportState and importState, kept across reopen; bad imports change nothing", async () => {
    const { p, run } = await page();
    const r = await run(async () => {
      const { KeyManagementService } = window.kmsModule;
      const src = await KeyManagementService.open({ indexedDb: "export-src" });
      const { KeyMetadata } = await src.createKey({ Description: "exported" });
      const text = await src.exportState();
      const dst = await KeyManagementService.open({ indexedDb: "export-dst" });
      await dst.createKey({ Description: "replaced" });
      const bad = await window.failure(dst.importState(JSON.stringify({ schemaVersion: 99, state: {} })));
      const stillOne = (await dst.listKeys({})).Keys.length;
      await dst.importState(JSON.parse(text));
      await dst.close();
      const reopened = await KeyManagementService.open({ indexedDb: "export-dst" });
      const keys = (await reopened.listKeys({})).Keys.map((k) => k.KeyId);
      return { bad, stillOne, keys, id: KeyMetadata.KeyId, format: JSON.parse(text).schemaVersion };
    });
    assert.equal(r.bad?.name, "KmsStateError");
    assert.match(r.bad.message, /schemaVersion 99/);
    assert.equal(r.stillOne, 1);
    assert.deepEqual(r.keys, [r.id]);
    assert.equal(typeof r.format, "number");
    await p.close();
  });

  test("works in a module Web Worker (the factory comes from globalThis)", async () => {
    const { p, errors, run } = await page();
    const r = await run(async (origin) => {
      const src = `import { KeyManagementService } from "${origin}/js/web.js";
        const kms = await KeyManagementService.open({ indexedDb: "from-worker" });
        const { KeyMetadata } = await kms.createKey({ Description: "made in a worker" });
        await kms.close();
        postMessage(KeyMetadata.KeyId);`;
      const worker = new Worker(URL.createObjectURL(new Blob([src], { type: "text/javascript" })), { type: "module" });
      const keyId = await new Promise((resolve, reject) => {
        worker.onmessage = (e) => resolve(e.data);
        worker.onerror = (e) => reject(new Error(e.message));
      });
      worker.terminate();
      const kms = await window.kmsModule.KeyManagementService.open({ indexedDb: "from-worker" });
      return { keyId, description: (await kms.describeKey({ KeyId: keyId })).KeyMetadata.Description };
    }, server.url);
    assert.equal(r.description, "made in a worker");
    errors.check();
    await p.close();
  });
});

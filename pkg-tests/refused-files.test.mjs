// Refused state files (issue 8): empty, truncated, foreign-shaped, binary, BOM-prefixed, a
// directory, a journal corrupt before its last line, or a journal without its state file: each
// is refused at open with one line naming the file and the problem; nothing is modified, and no
// lock or temp file is left behind.
import assert from "node:assert/strict";
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { KeyManagementService, tempDir } from "./helpers.mjs";

/** A valid state file and journal (three keys, the journal holding them). */
async function valid(dir) {
  const file = join(dir, "valid.json");
  const kms = await KeyManagementService.open({ file });
  for (let i = 0; i < 3; i++) await kms.createKey({ Description: `k${i}` });
  await kms.close();
  return { snapshot: await readFile(file, "utf8"), journal: await readFile(`${file}.journal`, "utf8") };
}

test("bad state files are refused with one line naming the file, and left alone", async (t) => {
  const root = await tempDir(t);
  const { snapshot, journal } = await valid(root);
  const lines = journal.split("\n");
  const cases = {
    empty: { snapshot: "" },
    "only whitespace": { snapshot: " \n\t" },
    truncated: { snapshot: snapshot.slice(0, Math.floor(snapshot.length / 2)) },
    "a JSON array": { snapshot: "[]" },
    "foreign-shaped": { snapshot: JSON.stringify({ schemaVersion: 1, state: { keys: 5 } }) },
    "null state": { snapshot: JSON.stringify({ schemaVersion: 1, state: null }) },
    "negative version": { snapshot: JSON.stringify({ schemaVersion: -1, state: {} }) },
    binary: { snapshot: Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80]) },
    "BOM-prefixed": { snapshot: `\uFEFF${snapshot}` },
    "journal corrupt before its last line": {
      snapshot,
      journal: [lines[0], "{not json", ...lines.slice(1)].join("\n"),
    },
    "journal from a newer version": { snapshot, journal: `${JSON.stringify({ v: 99 })}\n` },
    "journal without its state file": { journal },
    "a directory": { directory: true },
  };
  for (const [what, c] of Object.entries(cases)) {
    const dir = join(root, what.replace(/\W+/g, "-"));
    await mkdir(dir);
    const file = join(dir, "kms.json");
    if (c.directory) await mkdir(file);
    if (c.snapshot !== undefined) await writeFile(file, c.snapshot);
    if (c.journal !== undefined) await writeFile(`${file}.journal`, c.journal);
    const before = await readdir(dir);
    const bytes = async () =>
      Promise.all(before.map(async (f) => ((await stat(join(dir, f))).isDirectory() ? "dir" : readFile(join(dir, f)))));
    const original = await bytes();
    let err;
    try {
      const kms = await KeyManagementService.open({ file });
      await kms.createKey({});
      await kms.close();
    } catch (e) {
      err = e;
    }
    assert.ok(err, `${what}: accepted`);
    assert.ok(err.message.includes(file), `${what}: names the file: ${err.message}`);
    assert.ok(!err.message.includes("\n"), `${what}: one line: ${err.message}`);
    assert.deepEqual(await readdir(dir), before, `${what}: no file added (lock, temp) or removed`);
    assert.deepEqual(await bytes(), original, `${what}: bytes unchanged`);
  }
});

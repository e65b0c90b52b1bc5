// The JS API, part 3: one method per AWS operation, UnsupportedOperationException for what is
// not built, handle() (the raw AWS JSON 1.1 entry point), the virtual clock, reset() and close().
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  ALL_OPERATIONS,
  bodyText,
  IN_SCOPE,
  KeyManagementService,
  lowerFirst,
  msg,
  open,
  rejects,
  START,
  START_MS,
  withKey,
} from "./helpers.mjs";

describe("operations outside this issue, handle(), clock, reset", () => {
  test("there is one lowerCamelCase method per AWS operation (56)", async () => {
    const kms = await open();
    assert.equal(ALL_OPERATIONS.length, 56);
    for (const op of ALL_OPERATIONS) assert.equal(typeof kms[lowerFirst(op)], "function", lowerFirst(op));
  });

  test("the implemented operations include every operation of this issue", () => {
    const implemented = KeyManagementService.implementedOperations;
    for (const op of IN_SCOPE) assert.ok(implemented.includes(op), `${op} is implemented`);
    for (const op of implemented) assert.ok(ALL_OPERATIONS.includes(op), `${op} is an AWS operation`);
    assert.deepEqual([...KeyManagementService.operations].sort(), [...ALL_OPERATIONS].sort());
  });

  // Everything else (rotation may already be built; custom key stores, multi-Region, grants,
  // asymmetric keys, ... are not) must say so rather than silently succeed.
  const implemented = KeyManagementService.implementedOperations ?? IN_SCOPE;
  for (const op of ALL_OPERATIONS.filter((o) => !implemented.includes(o))) {
    test(`${op} answers UnsupportedOperationException naming it`, async () => {
      const { kms, keyId } = await withKey();
      const e = await rejects(kms[lowerFirst(op)]({ KeyId: keyId }), "UnsupportedOperationException");
      assert.ok(e.message.includes(op), `message names ${op}: "${e.message}"`);
      const w = await kms.handle(`TrentService.${op}`, "{}");
      assert.equal(w.status, 400);
      assert.equal(JSON.parse(bodyText(w.body)).__type, "UnsupportedOperationException");
    });
  }

  test("handle(): success, unknown target, bad JSON", async () => {
    const kms = await open();
    const ok = await kms.handle("TrentService.CreateKey", '{"Description":"w"}');
    assert.equal(ok.status, 200);
    const body = JSON.parse(bodyText(ok.body));
    assert.equal(body.KeyMetadata.Description, "w");
    assert.equal(typeof body.KeyMetadata.CreationDate, "number", "wire timestamps are epoch seconds");
    assert.equal(body.KeyMetadata.CreationDate, START_MS / 1000);
    const nope = await kms.handle("TrentService.Nope", "{}");
    assert.equal(nope.status, 400);
    assert.equal(JSON.parse(bodyText(nope.body)).__type, "UnknownOperationException");
    const bad = await kms.handle("TrentService.DescribeKey", "{not json");
    assert.equal(bad.status, 400);
    assert.equal(typeof JSON.parse(bodyText(bad.body)).__type, "string");
    const nf = await kms.handle("TrentService.DescribeKey", JSON.stringify({ KeyId: "fake-key-id" }));
    assert.equal(nf.status, 400);
    assert.deepEqual(JSON.parse(bodyText(nf.body)), {
      __type: "NotFoundException",
      message: msg.invalidKeyId("fake-key-id"),
    });
  });

  test("now(), advanceClock(), setClock() and reset()", async () => {
    const kms = await open();
    const now = await kms.now();
    assert.ok(now instanceof Date, "now() gives a Date");
    assert.equal(now.getTime(), START_MS);
    await kms.advanceClock(90);
    assert.equal(new Date(await kms.now()).getTime(), START_MS + 90_000);
    const { KeyMetadata: m } = await kms.createKey({});
    assert.equal(m.CreationDate.getTime(), START_MS + 90_000);
    await kms.setClock(new Date("2027-06-01T12:00:00Z"));
    assert.equal(new Date(await kms.now()).toISOString(), "2027-06-01T12:00:00.000Z");
    await kms.setClock("2027-06-02T00:00:00Z");
    assert.equal(new Date(await kms.now()).toISOString(), "2027-06-02T00:00:00.000Z");
    await kms.reset();
    assert.deepEqual((await kms.listKeys({})).Keys, []);
    assert.deepEqual(await kms.auditLog({ eventName: "CreateKey" }), [], "reset forgets the audit log too");
  });

  test("a closed service refuses further calls", async () => {
    const kms = await open();
    await kms.createKey({});
    await kms.close();
    await assert.rejects(kms.listKeys({}));
  });

  test("a running clock moves by itself; a frozen one does not", async () => {
    const running = await open({ clock: { start: START, frozen: false } });
    const frozen = await open();
    await new Promise((r) => setTimeout(r, 30));
    assert.ok(new Date(await running.now()).getTime() > START_MS);
    assert.equal(new Date(await frozen.now()).getTime(), START_MS);
  });
});

// The JS wrapper's own plumbing (js/): value conversion by member name, encryption contexts
// passed verbatim, errors shaped like the SDK's, $metadata, options checking, alarms, close.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { KeyManagementService } from "kms-wasm";

const open = (o = {}) =>
  KeyManagementService.open({ clock: { start: "2026-01-01T00:00:00Z", frozen: true }, randomSeed: 11, ...o });
const utf8 = (s) => new TextEncoder().encode(s);

describe("conversions", () => {
  test("encryption-context keys that look like members are passed verbatim", async () => {
    const kms = await open();
    const { KeyMetadata } = await kms.createKey({});
    const ctx = { Plaintext: "p", CreationDate: "c", CiphertextBlob: "b" };
    const { CiphertextBlob } = await kms.encrypt({
      KeyId: KeyMetadata.KeyId,
      Plaintext: utf8("x"),
      EncryptionContext: ctx,
    });
    // The same context sent raw on the wire must authenticate: it was not rewritten.
    const raw = await kms.handle(
      "TrentService.Decrypt",
      JSON.stringify({
        CiphertextBlob: Buffer.from(CiphertextBlob).toString("base64"),
        EncryptionContext: ctx,
      }),
    );
    assert.equal(raw.status, 200, raw.body);
    const enc = (await kms.auditLog({ eventName: "Encrypt" }))[0];
    assert.deepEqual(enc.requestParameters.encryptionContext, ctx);
  });

  test("blobs are accepted as Uint8Array, Buffer, ArrayBuffer, DataView and UTF-8 string", async () => {
    const kms = await open();
    const {
      KeyMetadata: { KeyId },
    } = await kms.createKey({});
    const u8 = utf8("same bytes");
    const forms = [u8, Buffer.from(u8), u8.slice().buffer, new DataView(u8.slice().buffer), "same bytes"];
    for (const Plaintext of forms) {
      const { CiphertextBlob } = await kms.encrypt({ KeyId, Plaintext });
      const { Plaintext: back } = await kms.decrypt({ CiphertextBlob: Buffer.from(CiphertextBlob) });
      assert.deepEqual(back, u8, `form ${Object.prototype.toString.call(Plaintext)}`);
    }
  });

  test("output blobs are plain Uint8Arrays that own their memory; timestamps are Dates", async () => {
    const kms = await open();
    const { KeyMetadata } = await kms.createKey({});
    assert.ok(KeyMetadata.CreationDate instanceof Date);
    assert.equal(KeyMetadata.CreationDate.toISOString(), "2026-01-01T00:00:00.000Z");
    const { Plaintext } = await kms.generateRandom({ NumberOfBytes: 16 });
    assert.equal(Object.getPrototypeOf(Plaintext), Uint8Array.prototype);
    assert.equal(Plaintext.buffer.byteLength, 16, "not a view into a shared pool");
  });

  test("undefined and null members are omitted, as the SDK omits them", async () => {
    const kms = await open();
    const r = await kms.createKey({ Description: undefined, Policy: null, Tags: undefined });
    assert.equal(r.KeyMetadata.Description, "");
    const calls = await kms.auditLog({ eventName: "CreateKey" });
    assert.equal(calls[0].requestParameters, null, "nothing was sent");
  });

  test("$metadata is there, like the SDK's, but not an enumerable member", async () => {
    const kms = await open();
    const r = await kms.createKey({});
    assert.deepEqual(Object.keys(r), ["KeyMetadata"]);
    assert.equal(r.$metadata.httpStatusCode, 200);
    const ev = (await kms.auditLog({}))[0];
    assert.equal(r.$metadata.requestId, ev.requestID);
    const empty = await kms.enableKey({ KeyId: r.KeyMetadata.KeyId });
    assert.deepEqual(Object.keys(empty), []);
    assert.equal(empty.$metadata.httpStatusCode, 200);
  });
});

describe("errors", () => {
  test("AWS exceptions: name, message, $fault, $metadata", async () => {
    const kms = await open();
    const e = await kms.describeKey({ KeyId: "alias/none" }).catch((x) => x);
    assert.ok(e instanceof Error);
    assert.equal(e.name, "NotFoundException");
    assert.match(e.message, /alias\/none/);
    assert.equal(e.$fault, "client");
    assert.equal(e.$metadata.httpStatusCode, 400);
    assert.match(e.$metadata.requestId, /^[0-9a-f-]{36}$/);
  });

  test("an operation outside the build names itself; an unknown option is a TypeError", async () => {
    const kms = await open();
    const unsupported = KeyManagementService.operations.find(
      (op) => !KeyManagementService.implementedOperations.includes(op),
    );
    assert.ok(unsupported, "some operation is still unimplemented");
    const method = unsupported[0].toLowerCase() + unsupported.slice(1);
    const e = await kms[method]({}).catch((x) => x);
    assert.equal(e.name, "UnsupportedOperationException");
    assert.ok(e.message.includes(unsupported));
    await assert.rejects(KeyManagementService.open({ File: "x" }), TypeError);
    await assert.rejects(
      KeyManagementService.open({ region: "Mars" }),
      (x) => x instanceof TypeError && /region/.test(x.message),
    );
    await assert.rejects(KeyManagementService.open({ accountId: "12" }), /accountId/);
    await assert.rejects(KeyManagementService.open({ storage: "file" }), /needs a path/);
    await assert.rejects(KeyManagementService.open({ clock: { start: "not a date" } }), /clock.start/);
    await assert.rejects(KeyManagementService.open({ randomSeed: -1 }), /randomSeed/);
    await assert.rejects(KeyManagementService.open({ awsManagedKeyRotationDays: 0 }), /awsManagedKeyRotationDays/);
    assert.throws(() => new KeyManagementService(), TypeError);
  });

  test("a method per operation, for every operation in the model", async () => {
    assert.equal(KeyManagementService.operations.length, 56);
    const kms = await open();
    for (const op of KeyManagementService.operations) {
      assert.equal(typeof kms[op[0].toLowerCase() + op.slice(1)], "function", op);
    }
  });
});

describe("service methods", () => {
  test("options shape ARNs; the clock moves only when told", async () => {
    const kms = await open({ region: "eu-west-3", accountId: "000011112222" });
    const { KeyMetadata } = await kms.createKey({});
    assert.match(KeyMetadata.Arn, /^arn:aws:kms:eu-west-3:000011112222:key\//);
    assert.equal((await kms.advanceClock(90)).toISOString(), "2026-01-01T00:01:30.000Z");
    assert.equal((await kms.setClock(Date.parse("2027-01-01T00:00:00Z"))).toISOString(), "2027-01-01T00:00:00.000Z");
    await assert.rejects(kms.advanceClock("90"), TypeError);
    await assert.rejects(kms.setClock("yesterday"), TypeError);
    assert.equal(kms.now().toISOString(), "2027-01-01T00:00:00.000Z");
  });

  test("onAlarm listeners get each alarm once and can unsubscribe", async () => {
    const kms = await open();
    const {
      KeyMetadata: { KeyId },
    } = await kms.createKey({});
    await kms.scheduleKeyDeletion({ KeyId, PendingWindowInDays: 7 });
    const seen = [];
    const off = kms.onAlarm((e) => seen.push(e.eventName));
    kms.onAlarm(() => {
      throw new Error("a broken listener does not break the call");
    });
    const origError = console.error;
    console.error = () => {};
    try {
      await assert.rejects(kms.encrypt({ KeyId, Plaintext: utf8("x") }), { name: "KMSInvalidStateException" });
      assert.deepEqual(seen, ["Encrypt"]);
      off();
      await assert.rejects(kms.encrypt({ KeyId, Plaintext: utf8("x") }), { name: "KMSInvalidStateException" });
    } finally {
      console.error = origError;
    }
    assert.deepEqual(seen, ["Encrypt"]);
    assert.equal((await kms.auditLog({ alarmsOnly: true })).length, 2);
  });

  test("reset() forgets everything; close() makes later calls throw", async () => {
    const kms = await open();
    await kms.createKey({});
    await kms.reset();
    assert.deepEqual((await kms.listKeys({})).Keys, []);
    await kms.close();
    await assert.rejects(kms.createKey({}), /closed/);
    assert.throws(() => kms.now(), /closed/);
  });
});

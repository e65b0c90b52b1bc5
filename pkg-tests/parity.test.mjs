// JS methods and the AWS JSON 1.1 entry point answer alike (architecture decision 3): two
// services opened with the same randomSeed and frozen clock run the same steps, one through the
// lowerCamelCase methods, one through handle(); results (blobs → base64, dates → epoch
// seconds) and errors ({__type, message}) must be equal, step by step.
import assert from "node:assert/strict";
import { test } from "node:test";
import { bodyText, bytes, DAY, headerOf, lowerFirst, open, SAMPLE_POLICY, toWire } from "./helpers.mjs";

const POLICY = SAMPLE_POLICY;

// [label, Operation, (ctx) => JS input, (ctx, jsResult) => void to remember things].
const STEPS = [
  [
    "create k1",
    "CreateKey",
    () => ({ Description: "parity", Tags: [{ TagKey: "t", TagValue: "v" }] }),
    (c, r) => (c.k1 = r.KeyMetadata.KeyId),
  ],
  ["create k2", "CreateKey", () => ({}), (c, r) => (c.k2 = r.KeyMetadata.KeyId)],
  ["create k3", "CreateKey", () => ({ Policy: POLICY }), (c, r) => (c.k3 = r.KeyMetadata.KeyId)],
  ["describe", "DescribeKey", (c) => ({ KeyId: c.k1 })],
  ["describe malformed", "DescribeKey", () => ({ KeyId: "fake-key-id" })],
  ["describe missing", "DescribeKey", () => ({ KeyId: "0b3c5d7e-1234-4abc-8def-0123456789ab" })],
  ["describe no KeyId", "DescribeKey", () => ({})],
  ["alias", "CreateAlias", (c) => ({ AliasName: "alias/p", TargetKeyId: c.k1 })],
  ["alias dup", "CreateAlias", (c) => ({ AliasName: "alias/p", TargetKeyId: c.k2 })],
  ["alias reserved", "CreateAlias", (c) => ({ AliasName: "alias/aws/x", TargetKeyId: c.k2 })],
  ["alias prefix", "CreateAlias", (c) => ({ AliasName: "p", TargetKeyId: c.k2 })],
  ["list aliases", "ListAliases", () => ({})],
  ["list keys page", "ListKeys", () => ({ Limit: 1 }), (c, r) => (c.marker = r.NextMarker)],
  ["list keys next", "ListKeys", (c) => ({ Limit: 1, Marker: c.marker })],
  ["list keys bad marker", "ListKeys", () => ({ Marker: "bad" })],
  ["describe via alias", "DescribeKey", () => ({ KeyId: "alias/p" })],
  ["update description", "UpdateKeyDescription", (c) => ({ KeyId: c.k1, Description: "changed" })],
  ["tag", "TagResource", (c) => ({ KeyId: c.k1, Tags: [{ TagKey: "b", TagValue: "2" }] })],
  ["tag reserved", "TagResource", (c) => ({ KeyId: c.k1, Tags: [{ TagKey: "aws:b", TagValue: "2" }] })],
  ["untag", "UntagResource", (c) => ({ KeyId: c.k1, TagKeys: ["t"] })],
  ["list tags", "ListResourceTags", (c) => ({ KeyId: c.k1 })],
  ["get policy", "GetKeyPolicy", (c) => ({ KeyId: c.k1 })],
  ["put policy", "PutKeyPolicy", (c) => ({ KeyId: c.k1, Policy: POLICY })],
  ["put bad policy", "PutKeyPolicy", (c) => ({ KeyId: c.k1, Policy: "{bad" })],
  ["list policies", "ListKeyPolicies", (c) => ({ KeyId: c.k1 })],
  [
    "encrypt",
    "Encrypt",
    () => ({ KeyId: "alias/p", Plaintext: bytes("parity"), EncryptionContext: { b: "2", a: "1" } }),
    (c, r) => (c.ct = r.CiphertextBlob),
  ],
  ["encrypt too big", "Encrypt", (c) => ({ KeyId: c.k1, Plaintext: new Uint8Array(4097) })],
  ["decrypt", "Decrypt", (c) => ({ CiphertextBlob: c.ct, EncryptionContext: { a: "1", b: "2" } })],
  ["decrypt bad context", "Decrypt", (c) => ({ CiphertextBlob: c.ct, EncryptionContext: { a: "1" } })],
  [
    "decrypt wrong key",
    "Decrypt",
    (c) => ({ CiphertextBlob: c.ct, EncryptionContext: { a: "1", b: "2" }, KeyId: c.k2 }),
  ],
  ["decrypt garbage", "Decrypt", () => ({ CiphertextBlob: new Uint8Array(40).fill(3) })],
  [
    "re-encrypt",
    "ReEncrypt",
    (c) => ({ CiphertextBlob: c.ct, SourceEncryptionContext: { a: "1", b: "2" }, DestinationKeyId: c.k2 }),
  ],
  ["data key", "GenerateDataKey", (c) => ({ KeyId: c.k1, KeySpec: "AES_256", EncryptionContext: { x: "y" } })],
  ["data key both", "GenerateDataKey", (c) => ({ KeyId: c.k1, KeySpec: "AES_256", NumberOfBytes: 3 })],
  ["data key w/o plaintext", "GenerateDataKeyWithoutPlaintext", (c) => ({ KeyId: c.k1, NumberOfBytes: 64 })],
  ["random", "GenerateRandom", () => ({ NumberOfBytes: 24 })],
  ["random missing", "GenerateRandom", () => ({})],
  ["disable", "DisableKey", (c) => ({ KeyId: c.k2 })],
  ["encrypt disabled", "Encrypt", (c) => ({ KeyId: c.k2, Plaintext: bytes("x") })],
  ["enable", "EnableKey", (c) => ({ KeyId: c.k2 })],
  ["schedule", "ScheduleKeyDeletion", (c) => ({ KeyId: c.k2, PendingWindowInDays: 7 })],
  ["schedule again", "ScheduleKeyDeletion", (c) => ({ KeyId: c.k2 })],
  ["encrypt pending deletion", "Encrypt", (c) => ({ KeyId: c.k2, Plaintext: bytes("x") })],
  ["cancel", "CancelKeyDeletion", (c) => ({ KeyId: c.k2 })],
  ["cancel again", "CancelKeyDeletion", (c) => ({ KeyId: c.k2 })],
  ["update alias", "UpdateAlias", (c) => ({ AliasName: "alias/p", TargetKeyId: c.k2 })],
  ["delete alias", "DeleteAlias", () => ({ AliasName: "alias/p" })],
  ["delete alias again", "DeleteAlias", () => ({ AliasName: "alias/p" })],
  ["unsupported", "ConnectCustomKeyStore", () => ({ CustomKeyStoreId: "cks-1234567890abcdef0" })],
  ["schedule k3", "ScheduleKeyDeletion", (c) => ({ KeyId: c.k3, PendingWindowInDays: 7 })],
  ["advance 7 days", null, () => 7 * DAY],
  ["deleted k3", "DescribeKey", (c) => ({ KeyId: c.k3 })],
  ["list after deletion", "ListKeys", () => ({})],
];

function normalizeError(type, message) {
  return message === undefined || message === "" ? { __type: type } : { __type: type, message };
}

function stripMeta(r) {
  if (r === undefined || r === null) return {};
  const { $metadata, ...rest } = r;
  return rest;
}

test("JS methods and handle() give identical answers for the same steps", async () => {
  const [js, raw] = await Promise.all([open({ randomSeed: 1234 }), open({ randomSeed: 1234 })]);
  const ctx = {};
  let errors = 0;
  for (const [label, op, input, remember] of STEPS) {
    if (op === null) {
      await Promise.all([js.advanceClock(input(ctx)), raw.advanceClock(input(ctx))]);
      continue;
    }
    const jsInput = input(ctx);
    let jsOut;
    try {
      const r = await js[lowerFirst(op)](jsInput);
      jsOut = { ok: toWire(stripMeta(r)), r };
    } catch (e) {
      assert.ok(e instanceof Error, `${label}: JS rejection is an Error`);
      jsOut = { err: normalizeError(e.name, e.message) };
      errors++;
    }
    const w = await raw.handle(`TrentService.${op}`, JSON.stringify(toWire(jsInput)));
    const t = bodyText(w.body);
    const wireBody = t.trim() === "" ? {} : JSON.parse(t);
    if (jsOut.err) {
      assert.equal(w.status, 400, `${label}: wire status for ${jsOut.err.__type}`);
      assert.deepEqual(normalizeError(wireBody.__type, wireBody.message), jsOut.err, `${label}: errors differ`);
    } else {
      assert.equal(w.status, 200, `${label}: wire status (body ${t})`);
      assert.deepEqual(wireBody, jsOut.ok, `${label}: results differ`);
      if (remember) remember(ctx, jsOut.r);
    }
  }
  assert.ok(errors >= 15, `the step list exercises errors too (${errors})`);
  // The two services ended in the same state and audited the same calls.
  assert.deepEqual(toWire(stripMeta(await js.listKeys({}))), toWire(stripMeta(await raw.listKeys({}))));
  const trail = async (k) =>
    (await k.auditLog({})).map((e) => [
      e.eventName,
      e.errorCode ?? null,
      e.eventTime,
      JSON.stringify(e.requestParameters),
    ]);
  assert.deepEqual(await trail(js), await trail(raw));
});

test("wire error bodies carry exactly __type and message (or no message)", async () => {
  const kms = await open();
  const { KeyMetadata } = await kms.createKey({});
  const { CiphertextBlob } = await kms.encrypt({
    KeyId: KeyMetadata.KeyId,
    Plaintext: bytes("x"),
    EncryptionContext: { a: "b" },
  });
  const r = await kms.handle(
    "TrentService.Decrypt",
    JSON.stringify({ CiphertextBlob: Buffer.from(CiphertextBlob).toString("base64") }),
  );
  assert.equal(r.status, 400);
  assert.deepEqual(JSON.parse(bodyText(r.body)), { __type: "InvalidCiphertextException" });
  const n = await kms.handle(
    "TrentService.CreateAlias",
    JSON.stringify({ AliasName: "alias/aws/x", TargetKeyId: KeyMetadata.KeyId }),
  );
  assert.deepEqual(JSON.parse(bodyText(n.body)), { __type: "NotAuthorizedException" });
  const ok = await kms.handle("TrentService.EnableKey", JSON.stringify({ KeyId: KeyMetadata.KeyId }));
  assert.equal(ok.status, 200);
  assert.equal(headerOf(ok.headers, "content-type"), "application/x-amz-json-1.1");
  assert.match(
    headerOf(ok.headers, "x-amzn-requestid") ?? "",
    /^[0-9a-f-]{36}$/,
    "x-amzn-RequestId on a success (botocore reads it into ResponseMetadata.RequestId)",
  );
});

// The real @aws-sdk/client-kms against kms-wasm: in-process through requestHandler() (no
// socket) and over HTTP against a spawned `kms-wasm serve --port 0`; plus the emulator routes.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import * as K from "@aws-sdk/client-kms";
import { arnOf, bytes, CREDS, DAY, msg, open, REGION, SAMPLE_POLICY, startServer, tempDir, text } from "./helpers.mjs";
import { clientInProcess } from "./sdk-support.mjs";

const MISSING = "0b3c5d7e-1234-4abc-8def-0123456789ab";
// biome-ignore lint/performance/noDynamicNamespaceImportAccess: tests run unbundled in Node; the command class is found by operation name
const send = (client, name, input) => client.send(new K[`${name}Command`](input));

async function sdkRejects(promise, Cls, name, message) {
  let err;
  try {
    await promise;
  } catch (e) {
    err = e;
  }
  assert.ok(err, `expected ${name}, but the call succeeded`);
  assert.ok(
    err instanceof Cls,
    `${name}: expected an instance of ${Cls.name}, got ${err?.constructor?.name} (${err.name}: ${err.message})`,
  );
  assert.equal(err.name, name);
  if (message !== undefined) assert.equal(err.message, message);
  assert.equal(err.$metadata?.httpStatusCode, 400);
  assert.equal(err.$fault, "client");
  return err;
}

/** Every in-scope operation, successes and modeled errors, through one KMSClient. */
async function scenario(client) {
  const s = (name, input = {}) => send(client, name, input);
  const { KeyMetadata: k1 } = await s("CreateKey", { Description: "sdk", Tags: [{ TagKey: "team", TagValue: "a" }] });
  assert.ok(k1.CreationDate instanceof Date);
  assert.equal(k1.Arn, arnOf(k1.KeyId));
  assert.deepEqual([k1.KeyState, k1.Enabled, k1.KeySpec, k1.Origin], ["Enabled", true, "SYMMETRIC_DEFAULT", "AWS_KMS"]);
  const { KeyMetadata: k2 } = await s("CreateKey");
  assert.equal((await s("DescribeKey", { KeyId: k1.Arn })).KeyMetadata.Description, "sdk");

  const seen = [];
  for await (const page of K.paginateListKeys({ client, pageSize: 1 }, {})) seen.push(...page.Keys.map((k) => k.KeyId));
  assert.ok(seen.includes(k1.KeyId) && seen.includes(k2.KeyId), "paginateListKeys walks Marker/NextMarker");
  await sdkRejects(s("ListKeys", { Marker: "garbage" }), K.InvalidMarkerException, "InvalidMarkerException");

  await s("UpdateKeyDescription", { KeyId: k1.KeyId, Description: "renamed" });
  assert.equal((await s("DescribeKey", { KeyId: k1.KeyId })).KeyMetadata.Description, "renamed");

  await s("TagResource", { KeyId: k1.KeyId, Tags: [{ TagKey: "env", TagValue: "dev" }] });
  await s("UntagResource", { KeyId: k1.KeyId, TagKeys: ["team"] });
  assert.deepEqual((await s("ListResourceTags", { KeyId: k1.KeyId })).Tags, [{ TagKey: "env", TagValue: "dev" }]);
  await sdkRejects(
    s("TagResource", { KeyId: k1.KeyId, Tags: [{ TagKey: "aws:x", TagValue: "v" }] }),
    K.TagException,
    "TagException",
    "Tags beginning with aws: are reserved",
  );

  assert.equal((await s("GetKeyPolicy", { KeyId: k1.KeyId, PolicyName: "default" })).PolicyName, "default");
  await s("PutKeyPolicy", { KeyId: k1.KeyId, PolicyName: "default", Policy: SAMPLE_POLICY });
  assert.equal((await s("GetKeyPolicy", { KeyId: k1.KeyId })).Policy, SAMPLE_POLICY);
  assert.deepEqual((await s("ListKeyPolicies", { KeyId: k1.KeyId })).PolicyNames, ["default"]);
  await sdkRejects(
    s("PutKeyPolicy", { KeyId: k1.KeyId, Policy: "{bad" }),
    K.MalformedPolicyDocumentException,
    "MalformedPolicyDocumentException",
  );

  const alias = `alias/sdk-${k1.KeyId.slice(0, 8)}`;
  await s("CreateAlias", { AliasName: alias, TargetKeyId: k1.KeyId });
  await sdkRejects(
    s("CreateAlias", { AliasName: alias, TargetKeyId: k2.KeyId }),
    K.AlreadyExistsException,
    "AlreadyExistsException",
    `An alias with the name arn:aws:kms:${REGION}:111122223333:${alias} already exists`,
  );
  const na = await sdkRejects(
    s("CreateAlias", { AliasName: "alias/aws/sdk", TargetKeyId: k2.KeyId }),
    K.KMSServiceException,
    "NotAuthorizedException",
  );
  assert.ok(!(na instanceof K.NotFoundException));
  assert.deepEqual(
    (await s("ListAliases", { KeyId: k1.KeyId })).Aliases.map((a) => a.AliasName),
    [alias],
  );

  const ctx = { purpose: "sdk" };
  const enc = await s("Encrypt", { KeyId: alias, Plaintext: bytes("via sdk"), EncryptionContext: ctx });
  assert.ok(enc.CiphertextBlob instanceof Uint8Array);
  assert.equal(enc.KeyId, k1.Arn);
  const dec = await s("Decrypt", { CiphertextBlob: enc.CiphertextBlob, EncryptionContext: ctx });
  assert.deepEqual([text(dec.Plaintext), dec.KeyId], ["via sdk", k1.Arn]);
  await sdkRejects(
    s("Decrypt", { CiphertextBlob: enc.CiphertextBlob }),
    K.InvalidCiphertextException,
    "InvalidCiphertextException",
  );
  await sdkRejects(
    s("Decrypt", { CiphertextBlob: enc.CiphertextBlob, EncryptionContext: ctx, KeyId: k2.KeyId }),
    K.IncorrectKeyException,
    "IncorrectKeyException",
    msg.incorrectKey,
  );
  const re = await s("ReEncrypt", {
    CiphertextBlob: enc.CiphertextBlob,
    SourceEncryptionContext: ctx,
    DestinationKeyId: k2.Arn,
  });
  assert.deepEqual([re.SourceKeyId, re.KeyId], [k1.Arn, k2.Arn]);
  assert.equal(text((await s("Decrypt", { CiphertextBlob: re.CiphertextBlob })).Plaintext), "via sdk");
  const dk = await s("GenerateDataKey", { KeyId: k1.KeyId, KeySpec: "AES_256" });
  assert.equal(dk.Plaintext.length, 32);
  assert.deepEqual((await s("Decrypt", { CiphertextBlob: dk.CiphertextBlob })).Plaintext, dk.Plaintext);
  const dkw = await s("GenerateDataKeyWithoutPlaintext", { KeyId: k1.KeyId, NumberOfBytes: 20 });
  assert.equal(dkw.Plaintext, undefined);
  assert.equal((await s("Decrypt", { CiphertextBlob: dkw.CiphertextBlob })).Plaintext.length, 20);
  assert.equal((await s("GenerateRandom", { NumberOfBytes: 48 })).Plaintext.length, 48);
  const v = await sdkRejects(
    s("GenerateRandom", {}),
    K.KMSServiceException,
    "ValidationException",
    "NumberOfBytes is required.",
  );
  assert.ok(!(v instanceof K.NotFoundException));

  await s("DisableKey", { KeyId: k2.KeyId });
  await sdkRejects(
    s("Encrypt", { KeyId: k2.KeyId, Plaintext: bytes("x") }),
    K.DisabledException,
    "DisabledException",
    msg.disabled(k2.Arn),
  );
  await s("EnableKey", { KeyId: k2.KeyId });
  await s("UpdateAlias", { AliasName: alias, TargetKeyId: k2.KeyId });
  assert.equal((await s("DescribeKey", { KeyId: alias })).KeyMetadata.KeyId, k2.KeyId);
  await s("DeleteAlias", { AliasName: alias });
  await sdkRejects(s("DescribeKey", { KeyId: alias }), K.NotFoundException, "NotFoundException");

  const sch = await s("ScheduleKeyDeletion", { KeyId: k2.KeyId, PendingWindowInDays: 7 });
  assert.ok(sch.DeletionDate instanceof Date);
  assert.deepEqual([sch.KeyId, sch.KeyState, sch.PendingWindowInDays], [k2.Arn, "PendingDeletion", 7]);
  await sdkRejects(
    s("Encrypt", { KeyId: k2.KeyId, Plaintext: bytes("x") }),
    K.KMSInvalidStateException,
    "KMSInvalidStateException",
    msg.pendingDeletion(k2.Arn),
  );
  assert.equal((await s("CancelKeyDeletion", { KeyId: k2.KeyId })).KeyId, k2.Arn);
  await sdkRejects(
    s("CancelKeyDeletion", { KeyId: k2.KeyId }),
    K.KMSInvalidStateException,
    "KMSInvalidStateException",
    msg.notPendingDeletion(k2.Arn),
  );
  await sdkRejects(
    s("DescribeKey", { KeyId: MISSING }),
    K.NotFoundException,
    "NotFoundException",
    msg.notExist(arnOf(MISSING)),
  );
  const u = await sdkRejects(
    s("ConnectCustomKeyStore", { CustomKeyStoreId: "cks-1234567890abcdef0" }),
    K.UnsupportedOperationException,
    "UnsupportedOperationException",
  );
  assert.ok(u.message.includes("ConnectCustomKeyStore"), u.message);
  return { k1, k2 };
}

describe("@aws-sdk/client-kms through requestHandler() (no socket)", () => {
  test("every in-scope operation and modeled error", async () => {
    const kms = await open();
    const client = clientInProcess(kms);
    const { k1 } = await scenario(client);
    const events = await kms.auditLog({ keyId: k1.KeyId });
    assert.ok(
      events.some((e) => e.eventName === "Encrypt"),
      "SDK calls are audited",
    );
  });
});

describe("@aws-sdk/client-kms over HTTP against kms-wasm serve", () => {
  let server;
  let client;
  before(async () => {
    server = await startServer();
    client = new K.KMSClient({ region: REGION, endpoint: server.url, credentials: CREDS, maxAttempts: 1 });
  });
  after(async () => {
    client?.destroy();
    await server?.stop();
  });
  const route = async (path, body) => {
    const r = await fetch(
      server.url + path,
      body === undefined
        ? {}
        : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) },
    );
    assert.equal(r.status, 200, `${path}: HTTP ${r.status}`);
    return r.json();
  };

  test("the printed URL is a loopback address with a real port", () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:[1-9]\d*$/);
  });

  test("every in-scope operation and modeled error", async () => {
    await scenario(client);
  });

  test("raw protocol: unknown target, error headers, GET / serves the console", async () => {
    const r = await fetch(`${server.url}/`, {
      method: "POST",
      headers: { "x-amz-target": "TrentService.Nope", "content-type": "application/x-amz-json-1.1" },
      body: "{}",
    });
    assert.equal(r.status, 400);
    assert.equal((await r.json()).__type, "UnknownOperationException");
    const nf = await fetch(`${server.url}/`, {
      method: "POST",
      headers: { "x-amz-target": "TrentService.DescribeKey", "content-type": "application/x-amz-json-1.1" },
      body: '{"KeyId":"fake-key-id"}',
    });
    assert.equal(nf.status, 400);
    assert.deepEqual(await nf.json(), { __type: "NotFoundException", message: msg.invalidKeyId("fake-key-id") });
    const page = await fetch(`${server.url}/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-type") ?? "", /text\/html/);
  });

  test("emulator routes: clock, deletion by advancing time, audit, reset", async () => {
    const n0 = Date.parse((await route("/_kms/clock")).now);
    assert.ok(Number.isFinite(n0), "GET /_kms/clock gives an ISO now");
    const { KeyMetadata: k } = await send(client, "CreateKey", {});
    await send(client, "ScheduleKeyDeletion", { KeyId: k.KeyId, PendingWindowInDays: 7 });
    const n1 = Date.parse((await route("/_kms/clock", { advanceSeconds: 7 * DAY + 60 })).now);
    assert.ok(Math.abs(n1 - n0 - (7 * DAY + 60) * 1000) < 30_000, "advanceSeconds moved the clock");
    await sdkRejects(
      send(client, "DescribeKey", { KeyId: k.KeyId }),
      K.NotFoundException,
      "NotFoundException",
      msg.notExist(k.Arn),
    );
    const set = await route("/_kms/clock", { now: "2030-05-05T05:05:05Z" });
    assert.ok(Math.abs(Date.parse(set.now) - Date.parse("2030-05-05T05:05:05Z")) < 5_000);
    const { events } = await route("/_kms/audit");
    assert.ok(Array.isArray(events));
    const del = events.find((e) => e.eventName === "DeleteKey" && e.resources?.some((r) => r.ARN === k.Arn));
    assert.ok(del, "the DeleteKey service event is in /_kms/audit");
    assert.ok(events.some((e) => e.eventName === "CreateKey"));
    await route("/_kms/reset", {});
    assert.deepEqual((await send(client, "ListKeys", {})).Keys, []);
    assert.equal((await route("/_kms/audit")).events.filter((e) => e.eventName === "CreateKey").length, 0);
  });

  test("SIGTERM stops the server cleanly", async () => {
    const r = await server.stop();
    assert.equal(r.code, 0, `exit ${JSON.stringify(r)}`);
  });
});

test("serve --data keeps state across restarts", async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, "served.json");
  let server = await startServer(["--data", file]);
  let client = new K.KMSClient({ region: REGION, endpoint: server.url, credentials: CREDS, maxAttempts: 1 });
  try {
    const { KeyMetadata: k } = await send(client, "CreateKey", { Description: "persisted" });
    await send(client, "CreateAlias", { AliasName: "alias/served", TargetKeyId: k.KeyId });
    const { CiphertextBlob } = await send(client, "Encrypt", { KeyId: "alias/served", Plaintext: bytes("kept") });
    assert.equal(typeof JSON.parse(await readFile(file, "utf8")).schemaVersion, "number");
    client.destroy();
    await server.stop();
    server = await startServer(["--data", file]);
    client = new K.KMSClient({ region: REGION, endpoint: server.url, credentials: CREDS, maxAttempts: 1 });
    assert.equal((await send(client, "DescribeKey", { KeyId: "alias/served" })).KeyMetadata.Description, "persisted");
    assert.equal(text((await send(client, "Decrypt", { CiphertextBlob })).Plaintext), "kept");
  } finally {
    client.destroy();
    await server.stop();
  }
});

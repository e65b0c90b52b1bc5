// The audit log of the JS API: one CloudTrail-shaped event per call, with no plaintext or blob in
// it, and its filters. (The pending-deletion alarm is in states.test.mjs.)
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { bytes, iso, msg, START, withKey } from "./helpers.mjs";

// Events shaped like AWS CloudTrail's KMS entries: "Logging AWS KMS API calls with AWS CloudTrail",
// https://docs.aws.amazon.com/kms/latest/developerguide/logging-using-cloudtrail.html, and its
// examples for each operation (e.g. "Encrypt", "CreateKey").
describe("audit log", () => {
  test("every call is an event; blobs and plaintext never appear", async () => {
    const { kms, keyId, arn } = await withKey();
    const secret = "TOP-SECRET-PLAINTEXT-123";
    const { CiphertextBlob } = await kms.encrypt({
      KeyId: keyId,
      Plaintext: bytes(secret),
      EncryptionContext: { Dept: "Eng" },
    });
    const dk = await kms.generateDataKey({ KeyId: keyId, KeySpec: "AES_256" });
    await kms.decrypt({ CiphertextBlob, EncryptionContext: { Dept: "Eng" } });
    await kms.describeKey({ KeyId: "fake-key-id" }).catch(() => {});
    const events = await kms.auditLog({});
    assert.deepEqual(
      events.map((e) => e.eventName),
      ["CreateKey", "Encrypt", "GenerateDataKey", "Decrypt", "DescribeKey"],
    );
    const dump = JSON.stringify(events);
    for (const leak of [
      secret,
      Buffer.from(secret).toString("base64"),
      Buffer.from(CiphertextBlob).toString("base64"),
      Buffer.from(dk.Plaintext).toString("base64"),
      Buffer.from(dk.CiphertextBlob).toString("base64"),
    ])
      assert.ok(!dump.includes(leak), "audit log leaks a blob or plaintext");
    const enc = events[1];
    assert.equal(enc.eventSource, "kms.amazonaws.com");
    assert.equal(enc.awsRegion, "us-east-1");
    assert.equal(iso(enc.eventTime), START);
    for (const e of events)
      assert.match(e.eventTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, "CloudTrail eventTime: ISO-8601 UTC, seconds");
    assert.equal(enc.eventType, "AwsApiCall");
    const { encryptionAlgorithm, ...params } = enc.requestParameters;
    assert.deepEqual(params, { keyId, encryptionContext: { Dept: "Eng" } });
    assert.ok([undefined, "SYMMETRIC_DEFAULT"].includes(encryptionAlgorithm));
    assert.equal(enc.responseElements, null);
    assert.equal(enc.resources[0].ARN, arn);
    assert.equal(enc.errorCode, undefined);
    assert.equal(events[3].requestParameters.encryptionAlgorithm, "SYMMETRIC_DEFAULT", "Decrypt logs the algorithm");
    const created = events[0].responseElements.keyMetadata;
    assert.equal(created.keyId, keyId, "management responses use lowerCamelCase names");
    const failed = events[4];
    assert.equal(failed.errorCode, "NotFoundException");
    assert.equal(failed.errorMessage, msg.invalidKeyId("fake-key-id"));
  });

  test("filters: keyId (any form), eventName, failedOnly", async () => {
    const { kms, keyId, arn } = await withKey();
    const other = (await kms.createKey({})).KeyMetadata.KeyId;
    await kms.createAlias({ AliasName: "alias/f", TargetKeyId: keyId });
    await kms.encrypt({ KeyId: "alias/f", Plaintext: bytes("x") });
    await kms.encrypt({ KeyId: other, Plaintext: bytes("x") });
    await kms.disableKey({ KeyId: keyId });
    await kms.encrypt({ KeyId: keyId, Plaintext: bytes("x") }).catch(() => {});
    const names = (f) => kms.auditLog(f).then((es) => es.map((e) => e.eventName));
    for (const id of [keyId, arn])
      assert.deepEqual(await names({ keyId: id }), ["CreateKey", "CreateAlias", "Encrypt", "DisableKey", "Encrypt"]);
    assert.equal((await kms.auditLog({ eventName: "Encrypt" })).length, 3);
    const failed = await kms.auditLog({ failedOnly: true });
    assert.deepEqual(
      failed.map((e) => [e.eventName, e.errorCode, e.errorMessage]),
      [["Encrypt", "DisabledException", msg.disabled(arn)]],
    );
    assert.deepEqual(await kms.auditLog({ alarmsOnly: true }), [], "no alarm without a key pending deletion");
  });
});

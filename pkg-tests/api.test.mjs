// The JS API, part 1: creating and describing keys, key identifiers and the key lifecycle. Part 1b
// (listing, tags, key policy, aliases) is api-resources.test.mjs; part 2 (crypto) api-crypto.test.mjs,
// the audit log api-audit.test.mjs; part 3 (unsupported operations, handle(), clock) api-service.test.mjs.
// Each operation's members, limits and errors are on its KMS API Reference page,
// https://docs.aws.amazon.com/kms/latest/APIReference/API_<Operation>.html (KeyMetadata:
// API_KeyMetadata.html); messages not in `msg` (helpers.mjs) name their source where they are asserted.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  ACCOUNT,
  aliasArnOf,
  arnOf,
  DAY,
  HEX64_RE,
  lowerFirst,
  msg,
  open,
  rejects,
  SAMPLE_POLICY,
  START_MS,
  UUID_RE,
  withKey,
} from "./helpers.mjs";

const MISSING = "0b3c5d7e-1234-4abc-8def-0123456789ab";

describe("CreateKey / DescribeKey", () => {
  test("defaults produce AWS's KeyMetadata for a symmetric key", async () => {
    const kms = await open();
    const { KeyMetadata: m } = await kms.createKey({});
    assert.match(m.KeyId, UUID_RE);
    assert.equal(m.AWSAccountId, ACCOUNT);
    assert.equal(m.Arn, arnOf(m.KeyId));
    assert.ok(m.CreationDate instanceof Date, "CreationDate is a Date");
    assert.equal(m.CreationDate.getTime(), START_MS);
    assert.equal(m.Enabled, true);
    assert.equal(m.Description, "");
    assert.equal(m.KeyUsage, "ENCRYPT_DECRYPT");
    assert.equal(m.KeyState, "Enabled");
    assert.equal(m.Origin, "AWS_KMS");
    assert.equal(m.KeyManager, "CUSTOMER");
    assert.equal(m.KeySpec, "SYMMETRIC_DEFAULT");
    assert.equal(m.CustomerMasterKeySpec, "SYMMETRIC_DEFAULT");
    assert.deepEqual(m.EncryptionAlgorithms, ["SYMMETRIC_DEFAULT"]);
    assert.equal(m.MultiRegion, false);
    assert.match(m.CurrentKeyMaterialId, HEX64_RE);
    for (const absent of [
      "DeletionDate",
      "SigningAlgorithms",
      "MacAlgorithms",
      "ValidTo",
      "ExpirationModel",
      "MultiRegionConfiguration",
    ])
      assert.equal(m[absent], undefined, `${absent} must be absent`);
    const { KeyMetadata: d } = await kms.describeKey({ KeyId: m.KeyId });
    assert.deepEqual(d, m, "DescribeKey right after CreateKey returns the same metadata");
  });

  test("Description, Tags, Policy and CustomerMasterKeySpec are taken", async () => {
    const kms = await open();
    const policy = SAMPLE_POLICY;
    const { KeyMetadata: m } = await kms.createKey({
      Description: "orders",
      Policy: policy,
      CustomerMasterKeySpec: "SYMMETRIC_DEFAULT",
      KeyUsage: "ENCRYPT_DECRYPT",
      Tags: [{ TagKey: "team", TagValue: "a" }],
    });
    assert.equal(m.Description, "orders");
    assert.equal((await kms.getKeyPolicy({ KeyId: m.KeyId })).Policy, policy);
    assert.deepEqual((await kms.listResourceTags({ KeyId: m.KeyId })).Tags, [{ TagKey: "team", TagValue: "a" }]);
  });

  test("region and accountId options shape ARNs", async () => {
    const kms = await open({ region: "eu-west-3", accountId: "444455556666" });
    const { KeyMetadata: m } = await kms.createKey({});
    assert.equal(m.Arn, `arn:aws:kms:eu-west-3:444455556666:key/${m.KeyId}`);
    assert.equal(m.AWSAccountId, "444455556666");
    await kms.createAlias({ AliasName: "alias/x", TargetKeyId: m.KeyId });
    const { Aliases } = await kms.listAliases({});
    assert.equal(Aliases[0].AliasArn, "arn:aws:kms:eu-west-3:444455556666:alias/x");
    await rejects(kms.describeKey({ KeyId: arnOf(m.KeyId) }), "NotFoundException", "Invalid arn us-east-1");
  });

  // The enum and KeyUsage messages are AWS's (LocalStack's snapshot test_hmac_create_key_invalid_operations,
  // recorded against AWS); the 32 KB policy limit is on AWS's "Resource quotas" page,
  // https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html.
  test("invalid CreateKey input is refused as AWS refuses it", async () => {
    const kms = await open();
    const enumMsg =
      /^1 validation error detected: Value 'HMAC_random' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: \[/;
    await rejects(kms.createKey({ KeySpec: "HMAC_random" }), "ValidationException", enumMsg);
    await rejects(
      kms.createKey({ KeyUsage: "RANDOM" }),
      "ValidationException",
      /^1 validation error detected: Value 'RANDOM' at 'keyUsage' failed to satisfy constraint: Member must satisfy enum value set: \[/,
    );
    await rejects(
      kms.createKey({ Description: "d".repeat(8193) }),
      "ValidationException",
      /at 'description' failed to satisfy constraint: Member must have length less than or equal to 8192$/,
    );
    await rejects(kms.createKey({ Policy: "{not json" }), "MalformedPolicyDocumentException");
    await rejects(
      kms.createKey({ Policy: JSON.stringify({ Version: "2012-10-17", Pad: "x".repeat(32_800) }) }),
      "LimitExceededException",
    );
    await rejects(
      kms.createKey({ KeySpec: "RSA_2048" }),
      "ValidationException",
      "You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.",
    );
    await rejects(
      kms.createKey({ KeyUsage: "SIGN_VERIFY" }),
      "ValidationException",
      "KeyUsage SIGN_VERIFY is not compatible with KeySpec SYMMETRIC_DEFAULT",
    );
    await rejects(
      kms.createKey({ KeySpec: "SYMMETRIC_DEFAULT", CustomerMasterKeySpec: "RSA_2048" }),
      "ValidationException",
    );
    await rejects(kms.createKey({ CustomKeyStoreId: "cks-1234567890abcdef0" }), "UnsupportedOperationException");
    assert.deepEqual((await kms.listKeys({})).Keys, [], "no key was created by any refused call");
  });

  test("Description of 8192 characters is accepted", async () => {
    const kms = await open();
    const { KeyMetadata: m } = await kms.createKey({ Description: "d".repeat(8192) });
    assert.equal(m.Description.length, 8192);
  });

  test("errors are Errors with name, message and $fault", async () => {
    const kms = await open();
    const e = await rejects(
      kms.describeKey({ KeyId: "fake-key-id" }),
      "NotFoundException",
      msg.invalidKeyId("fake-key-id"),
    );
    assert.equal(e.$fault, "client");
  });
});

// AWS's answers for a malformed id ("Invalid keyId '…'"), a well-formed unknown one ("Key '<ARN>' does not
// exist", always the ARN) and an ARN of another Region ("Invalid arn <region>"), as LocalStack's snapshots
// test_get_key_invalid_uuid, test_get_key_does_not_exist and test_get_key_in_different_region recorded them.
describe("key identifiers", () => {
  test("DescribeKey accepts key id, key ARN, alias name and alias ARN", async () => {
    const { kms, keyId, arn } = await withKey();
    await kms.createAlias({ AliasName: "alias/app", TargetKeyId: keyId });
    for (const id of [keyId, arn, "alias/app", aliasArnOf("alias/app")])
      assert.equal((await kms.describeKey({ KeyId: id })).KeyMetadata.KeyId, keyId, id);
  });

  test("malformed, missing, foreign-Region and alias-typed ids", async () => {
    const kms = await open();
    for (const bad of ["fake-key-id", "134f2428cec14b25a1ae9048164dba47", "mrk-fake-key-id"])
      await rejects(kms.describeKey({ KeyId: bad }), "NotFoundException", msg.invalidKeyId(bad));
    await rejects(kms.describeKey({ KeyId: MISSING }), "NotFoundException", msg.notExist(arnOf(MISSING)));
    await rejects(kms.describeKey({ KeyId: arnOf(MISSING) }), "NotFoundException", msg.notExist(arnOf(MISSING)));
    await rejects(
      kms.describeKey({ KeyId: arnOf(MISSING, "us-west-2") }),
      "NotFoundException",
      "Invalid arn us-west-2",
    );
    await rejects(kms.describeKey({ KeyId: "alias/nope" }), "NotFoundException");
    await rejects(kms.describeKey({ KeyId: aliasArnOf("alias/nope") }), "NotFoundException");
    await rejects(
      kms.describeKey({}),
      "ValidationException",
      "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null",
    );
  });

  // Operations whose KeyId member accepts only a key id or key ARN (its documentation in the AWS API
  // model, vendor/aws-kms-model/service-2.json). AWS answered an alias there with "Invalid keyId"
  // (quoted in mondoohq/mql#10108).
  const idOnly = {
    EnableKey: (k) => ({ KeyId: k }),
    DisableKey: (k) => ({ KeyId: k }),
    ScheduleKeyDeletion: (k) => ({ KeyId: k }),
    CancelKeyDeletion: (k) => ({ KeyId: k }),
    UpdateKeyDescription: (k) => ({ KeyId: k, Description: "x" }),
    TagResource: (k) => ({ KeyId: k, Tags: [{ TagKey: "a", TagValue: "b" }] }),
    UntagResource: (k) => ({ KeyId: k, TagKeys: ["a"] }),
    ListResourceTags: (k) => ({ KeyId: k }),
    GetKeyPolicy: (k) => ({ KeyId: k }),
    ListKeyPolicies: (k) => ({ KeyId: k }),
    PutKeyPolicy: (k) => ({ KeyId: k, Policy: SAMPLE_POLICY }),
    CreateAlias: (k) => ({ AliasName: "alias/new", TargetKeyId: k }),
    UpdateAlias: (k) => ({ AliasName: "alias/app", TargetKeyId: k }),
    ListAliases: (k) => ({ KeyId: k }),
  };
  for (const [op, input] of Object.entries(idOnly)) {
    test(`${op} takes a key ARN but refuses alias names and alias ARNs`, async () => {
      const { kms, keyId, arn } = await withKey();
      await kms.createAlias({ AliasName: "alias/app", TargetKeyId: keyId });
      const m = kms[lowerFirst(op)].bind(kms);
      await rejects(m(input("alias/app")), "NotFoundException", msg.invalidKeyId("alias/app"));
      await rejects(m(input(aliasArnOf("alias/app"))), "NotFoundException");
      await rejects(m(input(MISSING)), "NotFoundException", msg.notExist(arnOf(MISSING)));
      if (op !== "CancelKeyDeletion") await m(input(arn));
    });
  }
});

describe("key lifecycle operations", () => {
  test("UpdateKeyDescription, DisableKey, EnableKey (idempotent)", async () => {
    const { kms, keyId } = await withKey({}, { Description: "old" });
    assert.equal(await kms.updateKeyDescription({ KeyId: keyId, Description: "new" }).then(() => "ok"), "ok");
    assert.equal((await kms.describeKey({ KeyId: keyId })).KeyMetadata.Description, "new");
    await kms.updateKeyDescription({ KeyId: keyId, Description: "" });
    assert.equal((await kms.describeKey({ KeyId: keyId })).KeyMetadata.Description, "");
    await rejects(
      kms.updateKeyDescription({ KeyId: keyId }),
      "ValidationException",
      "1 validation error detected: Value null at 'description' failed to satisfy constraint: Member must not be null",
    );
    for (const [op, state, enabled] of [
      ["disableKey", "Disabled", false],
      ["disableKey", "Disabled", false],
      ["enableKey", "Enabled", true],
      ["enableKey", "Enabled", true],
    ]) {
      await kms[op]({ KeyId: keyId });
      const { KeyMetadata: m } = await kms.describeKey({ KeyId: keyId });
      assert.deepEqual([m.KeyState, m.Enabled], [state, enabled], op);
    }
  });

  test("ScheduleKeyDeletion: default 30 days, 7..30 accepted, output with ARN", async () => {
    const { kms, keyId, arn } = await withKey();
    const r = await kms.scheduleKeyDeletion({ KeyId: keyId });
    assert.equal(r.KeyId, arn);
    assert.equal(r.KeyState, "PendingDeletion");
    assert.equal(r.PendingWindowInDays, 30);
    assert.ok(r.DeletionDate instanceof Date);
    assert.equal(r.DeletionDate.getTime(), START_MS + 30 * DAY * 1000);
    const { KeyMetadata: m } = await kms.describeKey({ KeyId: keyId });
    assert.deepEqual(
      [m.KeyState, m.Enabled, m.DeletionDate.getTime()],
      ["PendingDeletion", false, START_MS + 30 * DAY * 1000],
    );
    for (const days of [7, 30]) {
      const k = (await kms.createKey({})).KeyMetadata.KeyId;
      const s = await kms.scheduleKeyDeletion({ KeyId: k, PendingWindowInDays: days });
      assert.equal(s.DeletionDate.getTime(), START_MS + days * DAY * 1000);
      assert.equal(s.PendingWindowInDays, days);
    }
  });

  // AWS's message for a window outside 7–30 days is quoted in Skyscanner/kms-issuer#8; 0 and 366 fail the
  // model's own 1–365 constraint first.
  test("ScheduleKeyDeletion window bounds", async () => {
    const { kms, keyId } = await withKey();
    for (const d of [1, 6, 31, 365])
      await rejects(
        kms.scheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: d }),
        "ValidationException",
        "PendingWindowInDays must be between 7 and 30",
      );
    await rejects(
      kms.scheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: 0 }),
      "ValidationException",
      msg.constraint("0", "pendingWindowInDays", "Member must have value greater than or equal to 1"),
    );
    await rejects(
      kms.scheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: 366 }),
      "ValidationException",
      msg.constraint("366", "pendingWindowInDays", "Member must have value less than or equal to 365"),
    );
    assert.equal((await kms.describeKey({ KeyId: keyId })).KeyMetadata.KeyState, "Enabled");
  });

  test("CancelKeyDeletion returns the ARN and leaves the key Disabled without DeletionDate", async () => {
    const { kms, keyId, arn } = await withKey();
    await kms.scheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: 7 });
    assert.deepEqual(await kms.cancelKeyDeletion({ KeyId: arn }), { KeyId: arn });
    const { KeyMetadata: m } = await kms.describeKey({ KeyId: keyId });
    assert.deepEqual([m.KeyState, m.Enabled, m.DeletionDate], ["Disabled", false, undefined]);
  });
});

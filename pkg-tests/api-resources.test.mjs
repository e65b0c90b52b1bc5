// The JS API, part 1b: listing and pagination, tags, the key policy and aliases (part 1, keys and
// their lifecycle, is api.test.mjs). Each operation's members, limits and errors are on its KMS API
// Reference page, https://docs.aws.amazon.com/kms/latest/APIReference/API_<Operation>.html; messages
// not in `msg` (helpers.mjs) name their source where they are asserted.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { aliasArnOf, arnOf, defaultPolicy, msg, open, rejects, SAMPLE_POLICY, START_MS, withKey } from "./helpers.mjs";

const MISSING = "0b3c5d7e-1234-4abc-8def-0123456789ab";

// Limit, Marker, NextMarker and Truncated as on the ListKeys, ListAliases and ListResourceTags pages.
describe("ListKeys / ListAliases / ListResourceTags pagination", () => {
  async function pages(call, field, limit) {
    const all = [];
    let Marker;
    let n = 0;
    for (;;) {
      const r = await call({ Limit: limit, ...(Marker ? { Marker } : {}) });
      n++;
      assert.ok(r[field].length <= limit, "page respects Limit");
      all.push(...r[field]);
      if (!r.Truncated) {
        assert.equal(r.Truncated, false, "last page says Truncated: false");
        assert.equal(r.NextMarker, undefined, "no NextMarker on the last page");
        return { all, n };
      }
      assert.equal(typeof r.NextMarker, "string");
      Marker = r.NextMarker;
      assert.ok(n < 20, "pagination terminates");
    }
  }

  test("ListKeys pages through every key; entries carry KeyId and KeyArn", async () => {
    const kms = await open();
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await kms.createKey({})).KeyMetadata.KeyId);
    const { all, n } = await pages((i) => kms.listKeys(i), "Keys", 2);
    assert.equal(n, 3);
    assert.deepEqual(all.map((k) => k.KeyId).sort(), [...ids].sort());
    for (const k of all) assert.deepEqual(k, { KeyId: k.KeyId, KeyArn: arnOf(k.KeyId) });
    const exact = await kms.listKeys({ Limit: 5 });
    assert.deepEqual(
      [exact.Keys.length, exact.Truncated, exact.NextMarker],
      [5, false, undefined],
      "a full last page is not truncated",
    );
    const full = await kms.listKeys({});
    assert.equal(full.Keys.length, 5);
    assert.equal(full.Truncated, false);
  });

  test("ListKeys refuses invalid markers and limits", async () => {
    const kms = await open();
    for (let i = 0; i < 3; i++) await kms.createKey({});
    await rejects(kms.listKeys({ Marker: "garbage" }), "InvalidMarkerException");
    const { NextMarker } = await kms.listKeys({ Limit: 1 });
    await rejects(kms.listKeys({ Marker: `${NextMarker}x` }), "InvalidMarkerException");
    await rejects(
      kms.listKeys({ Limit: 0 }),
      "ValidationException",
      msg.constraint("0", "limit", "Member must have value greater than or equal to 1"),
    );
    await rejects(
      kms.listKeys({ Limit: 1001 }),
      "ValidationException",
      msg.constraint("1001", "limit", "Member must have value less than or equal to 1000"),
    );
  });

  test("ListAliases pages, filters by KeyId and lists entry fields", async () => {
    const kms = await open();
    const a = (await kms.createKey({})).KeyMetadata;
    const b = (await kms.createKey({})).KeyMetadata;
    for (const n of ["a1", "a2", "a3"]) await kms.createAlias({ AliasName: `alias/${n}`, TargetKeyId: a.KeyId });
    await kms.createAlias({ AliasName: "alias/b1", TargetKeyId: b.Arn });
    const { all } = await pages((i) => kms.listAliases(i), "Aliases", 2);
    const mine = all.filter((x) => !x.AliasName.startsWith("alias/aws/"));
    assert.deepEqual(mine.map((x) => x.AliasName).sort(), ["alias/a1", "alias/a2", "alias/a3", "alias/b1"]);
    const e = mine.find((x) => x.AliasName === "alias/b1");
    assert.equal(e.AliasArn, aliasArnOf("alias/b1"));
    assert.equal(e.TargetKeyId, b.KeyId, "TargetKeyId is the bare key id");
    assert.ok(e.CreationDate instanceof Date && e.LastUpdatedDate instanceof Date);
    assert.equal(e.CreationDate.getTime(), START_MS);
    for (const id of [a.KeyId, a.Arn]) {
      const r = await kms.listAliases({ KeyId: id });
      assert.deepEqual(r.Aliases.map((x) => x.AliasName).sort(), ["alias/a1", "alias/a2", "alias/a3"]);
    }
    await rejects(kms.listAliases({ KeyId: MISSING }), "NotFoundException", msg.notExist(arnOf(MISSING)));
    await rejects(kms.listAliases({ Marker: "garbage" }), "InvalidMarkerException");
  });

  test("ListResourceTags pages and refuses invalid markers; a marker of another list is invalid", async () => {
    const { kms, keyId } = await withKey();
    const tags = ["t1", "t2", "t3", "t4", "t5"].map((k) => ({ TagKey: k, TagValue: k.toUpperCase() }));
    await kms.tagResource({ KeyId: keyId, Tags: tags });
    const { all, n } = await pages((i) => kms.listResourceTags({ KeyId: keyId, ...i }), "Tags", 2);
    assert.equal(n, 3);
    assert.deepEqual(all, tags);
    await rejects(kms.listResourceTags({ KeyId: keyId, Marker: "garbage" }), "InvalidMarkerException");
    await kms.createKey({});
    const { NextMarker } = await kms.listKeys({ Limit: 1 });
    await rejects(kms.listResourceTags({ KeyId: keyId, Marker: NextMarker }), "InvalidMarkerException");
  });
});

// Tag rules: the TagResource page (https://docs.aws.amazon.com/kms/latest/APIReference/API_TagResource.html);
// the TagException and length messages are AWS's (LocalStack's tag snapshot tests, recorded against AWS).
describe("tags", () => {
  test("tag, overwrite, untag (unknown keys ignored), sorted listing, empty values", async () => {
    const { kms, keyId } = await withKey();
    assert.deepEqual(await kms.listResourceTags({ KeyId: keyId }), { Tags: [], Truncated: false });
    await kms.tagResource({
      KeyId: keyId,
      Tags: [
        { TagKey: "b", TagValue: "1" },
        { TagKey: "a", TagValue: "" },
      ],
    });
    await kms.tagResource({
      KeyId: keyId,
      Tags: [
        { TagKey: "b", TagValue: "2" },
        { TagKey: "B", TagValue: "3" },
      ],
    });
    assert.deepEqual((await kms.listResourceTags({ KeyId: keyId })).Tags, [
      { TagKey: "B", TagValue: "3" },
      { TagKey: "a", TagValue: "" },
      { TagKey: "b", TagValue: "2" },
    ]);
    await kms.untagResource({ KeyId: keyId, TagKeys: ["b", "nope"] });
    assert.deepEqual(
      (await kms.listResourceTags({ KeyId: keyId })).Tags.map((t) => t.TagKey),
      ["B", "a"],
    );
  });

  test("tag rule violations", async () => {
    const { kms, keyId } = await withKey();
    const t = (k, v = "v") => ({ TagKey: k, TagValue: v });
    await rejects(kms.tagResource({ KeyId: keyId, Tags: [t("x"), t("x")] }), "TagException", "Duplicate tag keys");
    for (const k of ["aws:key1", "AWS:key1", "Aws:x"])
      await rejects(
        kms.tagResource({ KeyId: keyId, Tags: [t(k)] }),
        "TagException",
        "Tags beginning with aws: are reserved",
      );
    await rejects(kms.createKey({ Tags: [t("aws:k")] }), "TagException", "Tags beginning with aws: are reserved");
    const many = Array.from({ length: 51 }, (_, i) => t(`k${i}`));
    await rejects(kms.createKey({ Tags: many }), "TagException", "Too many tags");
    await kms.tagResource({ KeyId: keyId, Tags: many.slice(0, 50) });
    await rejects(kms.tagResource({ KeyId: keyId, Tags: [t("one-more")] }), "TagException", "Too many tags");
    await kms.tagResource({ KeyId: keyId, Tags: [t("k0", "overwrite is not a new tag")] });
    const long = "k".repeat(129);
    await rejects(
      kms.createKey({ Tags: [t(long)] }),
      "ValidationException",
      msg.constraint(long, "tags.1.member.tagKey", "Member must have length less than or equal to 128"),
    );
    const v = "v".repeat(257);
    await rejects(
      kms.tagResource({ KeyId: keyId, Tags: [t("ok"), t("ok2", v)] }),
      "ValidationException",
      msg.constraint(v, "tags.2.member.tagValue", "Member must have length less than or equal to 256"),
    );
    assert.equal((await kms.listResourceTags({ KeyId: keyId })).Tags.length, 50);
    assert.equal((await kms.listKeys({})).Keys.length, 1, "refused CreateKey calls created nothing");
  });
});

// The GetKeyPolicy, PutKeyPolicy and ListKeyPolicies pages; the default policy is described in AWS's
// "Default key policy" page, https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html.
describe("key policy", () => {
  test("default policy, put/get verbatim, list", async () => {
    const { kms, keyId } = await withKey();
    assert.deepEqual(await kms.getKeyPolicy({ KeyId: keyId }), { Policy: defaultPolicy(), PolicyName: "default" });
    assert.deepEqual(await kms.listKeyPolicies({ KeyId: keyId }), { PolicyNames: ["default"], Truncated: false });
    // The lockout safety check: a policy that would not let the caller change it again is refused.
    const lockedOut =
      '{"Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "AWS": "*" }, "Action": "kms:Decrypt", "Resource": "*" } ]}';
    await rejects(
      kms.putKeyPolicy({ KeyId: keyId, Policy: lockedOut }),
      "MalformedPolicyDocumentException",
      "The new key policy will not allow you to update the key policy in the future.",
    );
    // Stored and returned verbatim, whitespace included.
    const p =
      '{\n  "Version": "2012-10-17",\n  "Statement": [ { "Effect": "Allow", "Principal": { "AWS": "*" }, "Action": [ "kms:Decrypt", "kms:*Polic*" ], "Resource": "*" } ]\n}';
    await kms.putKeyPolicy({ KeyId: keyId, Policy: p });
    assert.equal((await kms.getKeyPolicy({ KeyId: keyId, PolicyName: "default" })).Policy, p);
    await kms.putKeyPolicy({
      KeyId: keyId,
      PolicyName: "default",
      Policy: SAMPLE_POLICY,
      BypassPolicyLockoutSafetyCheck: true,
    });
    assert.equal((await kms.getKeyPolicy({ KeyId: keyId })).Policy, SAMPLE_POLICY);
  });

  test("malformed, oversize and RAM policies are refused and change nothing", async () => {
    const { kms, keyId } = await withKey();
    for (const bad of ["{not json", "[1, 2", "", '{"Version":"2012-10-17"}'])
      await rejects(
        kms.putKeyPolicy({ KeyId: keyId, Policy: bad }),
        bad === "" ? "ValidationException" : "MalformedPolicyDocumentException",
      );
    await rejects(
      kms.putKeyPolicy({ KeyId: keyId, Policy: JSON.stringify({ Version: "2012-10-17", Pad: "x".repeat(32_800) }) }),
      "LimitExceededException",
    );
    await rejects(
      kms.putKeyPolicy({ KeyId: keyId, PolicyName: "AWS_RAM", Policy: "{}" }),
      "ValidationException",
      "The AWS_RAM policy can only be managed by the RAM service.",
    );
    assert.equal((await kms.getKeyPolicy({ KeyId: keyId })).Policy, defaultPolicy());
  });
});

// Alias rules: AWS's "Aliases in AWS KMS" page, https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html
// (the page AWS's own prefix message links to). Messages quoted from AWS: the prefix (LocalStack's snapshot
// test_create_alias), the colon (hashicorp/terraform-provider-aws#12891) and the duplicate
// (cloudbees-oss/terraform-aws-cloudbees-ci-eks-addon#66).
describe("aliases", () => {
  test("name rules", async () => {
    const { kms, keyId } = await withKey();
    await rejects(
      kms.createAlias({ AliasName: "app", TargetKeyId: keyId }),
      "ValidationException",
      'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html',
    );
    for (const n of ["alias/aws/mine", "alias/aws/s3"])
      await rejects(kms.createAlias({ AliasName: n, TargetKeyId: keyId }), "NotAuthorizedException", null);
    await rejects(
      kms.createAlias({ AliasName: "alias/Service:Test", TargetKeyId: keyId }),
      "ValidationException",
      "alias/Service:Test contains invalid characters for an alias",
    );
    await rejects(kms.createAlias({ AliasName: "alias/sp ace", TargetKeyId: keyId }), "ValidationException");
    await rejects(
      kms.createAlias({ AliasName: `alias/${"a".repeat(251)}`, TargetKeyId: keyId }),
      "ValidationException",
    );
    await kms.createAlias({ AliasName: `alias/${"a".repeat(250)}`, TargetKeyId: keyId });
    await kms.createAlias({ AliasName: "alias/Ok_name-1/x", TargetKeyId: keyId });
    await kms.createAlias({ AliasName: "alias/awsome", TargetKeyId: keyId });
  });

  test("duplicates, case sensitivity, targets", async () => {
    const { kms, keyId } = await withKey();
    await kms.createAlias({ AliasName: "alias/dup", TargetKeyId: keyId });
    await rejects(
      kms.createAlias({ AliasName: "alias/dup", TargetKeyId: keyId }),
      "AlreadyExistsException",
      `An alias with the name ${aliasArnOf("alias/dup")} already exists`,
    );
    await kms.createAlias({ AliasName: "alias/DUP", TargetKeyId: keyId });
    await rejects(
      kms.createAlias({ AliasName: "alias/x", TargetKeyId: "alias/dup" }),
      "NotFoundException",
      msg.invalidKeyId("alias/dup"),
    );
    await rejects(
      kms.createAlias({ AliasName: "alias/x", TargetKeyId: MISSING }),
      "NotFoundException",
      msg.notExist(arnOf(MISSING)),
    );
    const names = (await kms.listAliases({ KeyId: keyId })).Aliases.map((a) => a.AliasName).sort();
    assert.deepEqual(names, ["alias/DUP", "alias/dup"]);
  });

  test("UpdateAlias re-points and stamps LastUpdatedDate; DeleteAlias removes", async () => {
    const kms = await open();
    const a = (await kms.createKey({})).KeyMetadata;
    const b = (await kms.createKey({})).KeyMetadata;
    await kms.createAlias({ AliasName: "alias/app", TargetKeyId: a.KeyId });
    await kms.advanceClock(3600);
    await kms.updateAlias({ AliasName: "alias/app", TargetKeyId: b.Arn });
    assert.equal((await kms.describeKey({ KeyId: "alias/app" })).KeyMetadata.KeyId, b.KeyId);
    const [e] = (await kms.listAliases({ KeyId: b.KeyId })).Aliases;
    assert.equal(e.CreationDate.getTime(), START_MS);
    assert.equal(e.LastUpdatedDate.getTime(), START_MS + 3600_000);
    await rejects(kms.updateAlias({ AliasName: "alias/none", TargetKeyId: a.KeyId }), "NotFoundException");
    await rejects(
      kms.updateAlias({ AliasName: "alias/app", TargetKeyId: MISSING }),
      "NotFoundException",
      msg.notExist(arnOf(MISSING)),
    );
    await kms.deleteAlias({ AliasName: "alias/app" });
    await rejects(kms.describeKey({ KeyId: "alias/app" }), "NotFoundException");
    await rejects(kms.deleteAlias({ AliasName: "alias/app" }), "NotFoundException");
    assert.equal(
      (await kms.describeKey({ KeyId: b.KeyId })).KeyMetadata.KeyState,
      "Enabled",
      "deleting an alias leaves the key",
    );
  });
});

// The JS API, part 2: Encrypt, Decrypt, ReEncrypt, GenerateDataKey(WithoutPlaintext) and
// GenerateRandom. Part 1 is api.test.mjs, the audit log api-audit.test.mjs. Each operation's members,
// limits and errors are on its KMS API Reference page,
// https://docs.aws.amazon.com/kms/latest/APIReference/API_<Operation>.html (e.g. API_Encrypt.html);
// where an expected message comes from is noted on `msg` in helpers.mjs.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ACCOUNT, aliasArnOf, arnOf, bytes, HEX64_RE, msg, open, rejects, text, withKey } from "./helpers.mjs";

const u8 = (n, fill = 7) => new Uint8Array(n).fill(fill);

// The encryption context rules: AWS's "Encryption context" page,
// https://docs.aws.amazon.com/kms/latest/developerguide/encrypt_context.html. AWS answers a wrong
// or missing context, and a damaged blob, with InvalidCiphertextException and no message (LocalStack's
// snapshot test_encrypt_decrypt_encryption_context, recorded against AWS).
describe("Encrypt / Decrypt", () => {
  test("round trip through every identifier form; output shapes", async () => {
    const { kms, key, keyId, arn } = await withKey();
    await kms.createAlias({ AliasName: "alias/app", TargetKeyId: keyId });
    for (const id of [keyId, arn, "alias/app", aliasArnOf("alias/app")]) {
      const enc = await kms.encrypt({ KeyId: id, Plaintext: bytes(`hello ${id}`) });
      assert.deepEqual(Object.keys(enc).sort(), ["CiphertextBlob", "EncryptionAlgorithm", "KeyId"]);
      assert.ok(enc.CiphertextBlob instanceof Uint8Array);
      assert.equal(enc.KeyId, arn);
      assert.equal(enc.EncryptionAlgorithm, "SYMMETRIC_DEFAULT");
      for (const decId of [undefined, keyId, arn, "alias/app", aliasArnOf("alias/app")]) {
        const dec = await kms.decrypt({ CiphertextBlob: enc.CiphertextBlob, ...(decId ? { KeyId: decId } : {}) });
        assert.ok(dec.Plaintext instanceof Uint8Array);
        assert.equal(text(dec.Plaintext), `hello ${id}`);
        assert.equal(dec.KeyId, arn);
        assert.equal(dec.EncryptionAlgorithm, "SYMMETRIC_DEFAULT");
        assert.equal(dec.KeyMaterialId, key.CurrentKeyMaterialId);
        assert.match(dec.KeyMaterialId, HEX64_RE);
      }
    }
  });

  // 1–4096 bytes of plaintext (the Encrypt page); AWS's message for 4097 echoes no value, as
  // Plaintext is a sensitive member (LocalStack's snapshot test_plaintext_size_for_encrypt).
  test("plaintext size bounds", async () => {
    const { kms, keyId } = await withKey();
    const enc = await kms.encrypt({ KeyId: keyId, Plaintext: u8(4096) });
    assert.equal((await kms.decrypt({ CiphertextBlob: enc.CiphertextBlob })).Plaintext.length, 4096);
    assert.ok(enc.CiphertextBlob.length <= 6144);
    await rejects(
      kms.encrypt({ KeyId: keyId, Plaintext: u8(4097) }),
      "ValidationException",
      msg.constraint(undefined, "plaintext", "Member must have length less than or equal to 4096"),
    );
    await rejects(
      kms.encrypt({ KeyId: keyId, Plaintext: new Uint8Array(0) }),
      "ValidationException",
      msg.constraint(undefined, "plaintext", "Member must have length greater than or equal to 1"),
    );
    await rejects(
      kms.encrypt({ KeyId: keyId }),
      "ValidationException",
      "1 validation error detected: Value null at 'plaintext' failed to satisfy constraint: Member must not be null",
    );
  });

  test("encryption context is authenticated and order-insensitive", async () => {
    const { kms, keyId } = await withKey();
    const ctx = { Department: "Engineering", Project: "x" };
    const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: bytes("p"), EncryptionContext: ctx });
    const ok = await kms.decrypt({ CiphertextBlob, EncryptionContext: { Project: "x", Department: "Engineering" } });
    assert.equal(text(ok.Plaintext), "p");
    for (const bad of [
      undefined,
      {},
      { Department: "Engineering" },
      { ...ctx, Extra: "1" },
      { ...ctx, Project: "X" },
      { department: "Engineering", Project: "x" },
    ])
      await rejects(
        kms.decrypt({ CiphertextBlob, ...(bad ? { EncryptionContext: bad } : {}) }),
        "InvalidCiphertextException",
        null,
      );
    // Non-ASCII keys and values, in an order that differs between UTF-16 and UTF-8 sorting.
    const uni = { "\u{1F600}": "smile", "\uFB01": "ligature", Zeta: "Ω", alpha: "" };
    const u = await kms.encrypt({ KeyId: keyId, Plaintext: bytes("u"), EncryptionContext: uni });
    const rev = Object.fromEntries(Object.entries(uni).reverse());
    assert.equal(
      text((await kms.decrypt({ CiphertextBlob: u.CiphertextBlob, EncryptionContext: rev })).Plaintext),
      "u",
    );
    const w = await kms.handle(
      "TrentService.Decrypt",
      JSON.stringify({ CiphertextBlob: Buffer.from(u.CiphertextBlob).toString("base64"), EncryptionContext: rev }),
    );
    assert.equal(w.status, 200, "the wire path canonicalises the context the same way");
    await rejects(
      kms.decrypt({ CiphertextBlob: u.CiphertextBlob, EncryptionContext: { ...uni, Zeta: "\u03A9\u0301" } }),
      "InvalidCiphertextException",
      null,
    );
    // An absent context and {} are the same thing: both mean "no pairs" to authenticate.
    const plain = await kms.encrypt({ KeyId: keyId, Plaintext: bytes("q"), EncryptionContext: {} });
    assert.equal(text((await kms.decrypt({ CiphertextBlob: plain.CiphertextBlob })).Plaintext), "q");
    await rejects(
      kms.decrypt({ CiphertextBlob: plain.CiphertextBlob, EncryptionContext: { a: "b" } }),
      "InvalidCiphertextException",
      null,
    );
  });

  test("tampered, truncated, extended and garbage blobs are InvalidCiphertextException", async () => {
    const { kms, keyId } = await withKey();
    const { CiphertextBlob: c } = await kms.encrypt({ KeyId: keyId, Plaintext: bytes("secret") });
    const variants = [];
    for (const i of [0, 1, Math.floor(c.length / 2), c.length - 1]) {
      const t = new Uint8Array(c);
      t[i] ^= 0x01;
      variants.push([`bit flip at ${i}`, t]);
    }
    variants.push(
      ["truncated", c.slice(0, c.length - 1)],
      ["extended", new Uint8Array([...c, 0])],
      ["garbage", u8(64, 0xab)],
      ["one byte", u8(1)],
    );
    for (const [what, blob] of variants) {
      const e = await rejects(kms.decrypt({ CiphertextBlob: blob }), "InvalidCiphertextException", null).catch((x) => {
        throw new Error(`${what}: ${x.message}`);
      });
      assert.ok(e);
    }
    await rejects(
      kms.decrypt({ CiphertextBlob: u8(6145) }),
      "ValidationException",
      /at 'ciphertextBlob' failed to satisfy constraint: Member must have length less than or equal to 6144$/,
    );
  });

  test("a blob of another key with KeyId is IncorrectKeyException", async () => {
    const { kms, keyId } = await withKey();
    const other = (await kms.createKey({})).KeyMetadata;
    await kms.createAlias({ AliasName: "alias/other", TargetKeyId: other.KeyId });
    const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: bytes("x") });
    for (const id of [other.KeyId, other.Arn, "alias/other"])
      await rejects(kms.decrypt({ CiphertextBlob, KeyId: id }), "IncorrectKeyException", msg.incorrectKey);
  });

  test("GrantTokens of existing grants are accepted, others refused; a malformed KeyId on Decrypt is NotFoundException", async () => {
    const { kms, keyId } = await withKey();
    const grant = (Name) =>
      kms.createGrant({
        KeyId: keyId,
        GranteePrincipal: `arn:aws:iam::${ACCOUNT}:user/g`,
        Operations: ["Decrypt"],
        Name,
      });
    const [{ GrantToken: t1 }, { GrantToken: t2 }] = [await grant("one"), await grant("two")];
    const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: bytes("g"), GrantTokens: [t1] });
    assert.equal(text((await kms.decrypt({ CiphertextBlob, GrantTokens: [t1, t2] })).Plaintext), "g");
    await rejects(kms.decrypt({ CiphertextBlob, GrantTokens: ["token-1"] }), "InvalidGrantTokenException");
    await rejects(
      kms.decrypt({ CiphertextBlob, KeyId: "fake-key-id" }),
      "NotFoundException",
      msg.invalidKeyId("fake-key-id"),
    );
  });

  test("algorithms other than SYMMETRIC_DEFAULT and DryRun", async () => {
    const { kms, keyId } = await withKey();
    await rejects(
      kms.encrypt({ KeyId: keyId, Plaintext: bytes("x"), EncryptionAlgorithm: "RSAES_OAEP_SHA_256" }),
      "InvalidKeyUsageException",
    );
    await rejects(
      kms.encrypt({ KeyId: keyId, Plaintext: bytes("x"), DryRun: true }),
      "DryRunOperationException",
      msg.dryRun,
    );
    const { CiphertextBlob } = await kms.encrypt({
      KeyId: keyId,
      Plaintext: bytes("x"),
      EncryptionAlgorithm: "SYMMETRIC_DEFAULT",
    });
    await rejects(kms.decrypt({ CiphertextBlob, DryRun: true }), "DryRunOperationException", msg.dryRun);
  });
});

// A wrong SourceKeyId gets AWS's IncorrectKeyException message (LocalStack's snapshot
// test_re_encrypt_incorrect_source_key).
describe("ReEncrypt", () => {
  test("moves a ciphertext to another key and context", async () => {
    const { kms, key: src, arn: srcArn } = await withKey();
    const dst = (await kms.createKey({})).KeyMetadata;
    await kms.createAlias({ AliasName: "alias/dst", TargetKeyId: dst.KeyId });
    const { CiphertextBlob } = await kms.encrypt({
      KeyId: src.KeyId,
      Plaintext: bytes("move me"),
      EncryptionContext: { a: "1" },
    });
    const r = await kms.reEncrypt({
      CiphertextBlob,
      SourceEncryptionContext: { a: "1" },
      DestinationKeyId: "alias/dst",
      DestinationEncryptionContext: { b: "2" },
    });
    assert.deepEqual(Object.keys(r).sort(), [
      "CiphertextBlob",
      "DestinationEncryptionAlgorithm",
      "DestinationKeyMaterialId",
      "KeyId",
      "SourceEncryptionAlgorithm",
      "SourceKeyId",
      "SourceKeyMaterialId",
    ]);
    assert.equal(r.SourceKeyId, srcArn);
    assert.equal(r.KeyId, dst.Arn);
    assert.equal(r.SourceEncryptionAlgorithm, "SYMMETRIC_DEFAULT");
    assert.equal(r.DestinationEncryptionAlgorithm, "SYMMETRIC_DEFAULT");
    assert.equal(r.SourceKeyMaterialId, src.CurrentKeyMaterialId);
    assert.equal(r.DestinationKeyMaterialId, dst.CurrentKeyMaterialId);
    const d = await kms.decrypt({ CiphertextBlob: r.CiphertextBlob, EncryptionContext: { b: "2" } });
    assert.deepEqual([text(d.Plaintext), d.KeyId], ["move me", dst.Arn]);
    await rejects(
      kms.decrypt({ CiphertextBlob: r.CiphertextBlob, EncryptionContext: { a: "1" } }),
      "InvalidCiphertextException",
      null,
    );
    // Same key, new context.
    const same = await kms.reEncrypt({
      CiphertextBlob,
      SourceEncryptionContext: { a: "1" },
      DestinationKeyId: src.Arn,
      SourceKeyId: src.KeyId,
    });
    assert.equal(text((await kms.decrypt({ CiphertextBlob: same.CiphertextBlob })).Plaintext), "move me");
  });

  test("wrong source key, wrong source context, missing destination", async () => {
    const { kms, keyId } = await withKey();
    const other = (await kms.createKey({})).KeyMetadata;
    const { CiphertextBlob } = await kms.encrypt({
      KeyId: keyId,
      Plaintext: bytes("x"),
      EncryptionContext: { a: "1" },
    });
    await rejects(
      kms.reEncrypt({
        CiphertextBlob,
        SourceEncryptionContext: { a: "1" },
        SourceKeyId: other.KeyId,
        DestinationKeyId: keyId,
      }),
      "IncorrectKeyException",
      msg.incorrectKey,
    );
    await rejects(kms.reEncrypt({ CiphertextBlob, DestinationKeyId: other.KeyId }), "InvalidCiphertextException", null);
    await rejects(
      kms.reEncrypt({ CiphertextBlob, SourceEncryptionContext: { a: "1" } }),
      "ValidationException",
      "1 validation error detected: Value null at 'destinationKeyId' failed to satisfy constraint: Member must not be null",
    );
    const missing = "0b3c5d7e-1234-4abc-8def-0123456789ab";
    await rejects(
      kms.reEncrypt({ CiphertextBlob, SourceEncryptionContext: { a: "1" }, DestinationKeyId: missing }),
      "NotFoundException",
      msg.notExist(arnOf(missing)),
    );
  });
});

// The GenerateDataKey page: exactly one of KeySpec and NumberOfBytes. AWS's message for a bad KeySpec
// lists an enum (quoted in boto/boto3#3428), so only its start is compared.
describe("GenerateDataKey / GenerateDataKeyWithoutPlaintext", () => {
  test("KeySpec and NumberOfBytes give data keys that Decrypt recovers", async () => {
    const { kms, key, arn } = await withKey();
    for (const [input, len] of [
      [{ KeySpec: "AES_256" }, 32],
      [{ KeySpec: "AES_128" }, 16],
      [{ NumberOfBytes: 1 }, 1],
      [{ NumberOfBytes: 1024 }, 1024],
    ]) {
      const r = await kms.generateDataKey({ KeyId: key.KeyId, EncryptionContext: { p: "q" }, ...input });
      assert.deepEqual(Object.keys(r).sort(), ["CiphertextBlob", "KeyId", "KeyMaterialId", "Plaintext"]);
      assert.ok(r.Plaintext instanceof Uint8Array && r.CiphertextBlob instanceof Uint8Array);
      assert.equal(r.Plaintext.length, len);
      assert.equal(r.KeyId, arn);
      assert.equal(r.KeyMaterialId, key.CurrentKeyMaterialId);
      const d = await kms.decrypt({ CiphertextBlob: r.CiphertextBlob, EncryptionContext: { p: "q" } });
      assert.deepEqual(d.Plaintext, r.Plaintext);
      await rejects(kms.decrypt({ CiphertextBlob: r.CiphertextBlob }), "InvalidCiphertextException", null);
    }
    const w = await kms.generateDataKeyWithoutPlaintext({ KeyId: arn, KeySpec: "AES_256" });
    assert.deepEqual(Object.keys(w).sort(), ["CiphertextBlob", "KeyId", "KeyMaterialId"]);
    assert.equal(w.KeyId, arn);
    assert.equal((await kms.decrypt({ CiphertextBlob: w.CiphertextBlob })).Plaintext.length, 32);
    const a = await kms.generateDataKey({ KeyId: arn, KeySpec: "AES_256" });
    const b = await kms.generateDataKey({ KeyId: arn, KeySpec: "AES_256" });
    assert.notDeepEqual(a.Plaintext, b.Plaintext, "data keys are random");
  });

  test("KeySpec/NumberOfBytes rules", async () => {
    const { kms, keyId } = await withKey();
    for (const op of ["generateDataKey", "generateDataKeyWithoutPlaintext"]) {
      await rejects(kms[op]({ KeyId: keyId }), "ValidationException", msg.gdkSpec);
      await rejects(
        kms[op]({ KeyId: keyId, KeySpec: "AES_256", NumberOfBytes: 32 }),
        "ValidationException",
        msg.gdkSpec,
      );
      await rejects(
        kms[op]({ KeyId: keyId, NumberOfBytes: 0 }),
        "ValidationException",
        msg.constraint("0", "numberOfBytes", "Member must have value greater than or equal to 1"),
      );
      await rejects(
        kms[op]({ KeyId: keyId, NumberOfBytes: 1025 }),
        "ValidationException",
        msg.constraint("1025", "numberOfBytes", "Member must have value less than or equal to 1024"),
      );
      await rejects(
        kms[op]({ KeyId: keyId, KeySpec: "AES-256" }),
        "ValidationException",
        /^1 validation error detected: Value 'AES-256' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: \[/,
      );
      // The KeySpec/NumberOfBytes check comes before the key lookup: an unknown key still gets it.
      await rejects(kms[op]({ KeyId: "0b3c5d7e-1234-4abc-8def-0123456789ab" }), "ValidationException", msg.gdkSpec);
      await rejects(
        kms[op]({ KeyId: keyId, KeySpec: "AES_256", DryRun: true }),
        "DryRunOperationException",
        msg.dryRun,
      );
    }
  });
});

// AWS's messages for a missing, 0 and 1025 NumberOfBytes (LocalStack's snapshot
// test_generate_random_invalid_number_of_bytes, recorded against AWS).
describe("GenerateRandom", () => {
  test("bounds and lengths", async () => {
    const kms = await open();
    for (const n of [1, 32, 1024]) {
      const r = await kms.generateRandom({ NumberOfBytes: n });
      assert.deepEqual(Object.keys(r), ["Plaintext"]);
      assert.ok(r.Plaintext instanceof Uint8Array);
      assert.equal(r.Plaintext.length, n);
    }
    await rejects(kms.generateRandom({}), "ValidationException", "NumberOfBytes is required.");
    await rejects(
      kms.generateRandom({ NumberOfBytes: 0 }),
      "ValidationException",
      msg.constraint("0", "numberOfBytes", "Member must have value greater than or equal to 1"),
    );
    await rejects(
      kms.generateRandom({ NumberOfBytes: 1025 }),
      "ValidationException",
      msg.constraint("1025", "numberOfBytes", "Member must have value less than or equal to 1024"),
    );
  });

  test("a randomSeed makes randomness (and key ids) deterministic", async () => {
    const [a, b, c] = await Promise.all([
      open({ randomSeed: 99 }),
      open({ randomSeed: 99 }),
      open({ randomSeed: 100 }),
    ]);
    const ra = (await a.generateRandom({ NumberOfBytes: 32 })).Plaintext;
    assert.deepEqual((await b.generateRandom({ NumberOfBytes: 32 })).Plaintext, ra);
    assert.notDeepEqual((await c.generateRandom({ NumberOfBytes: 32 })).Plaintext, ra);
    assert.equal((await a.createKey({})).KeyMetadata.KeyId, (await b.createKey({})).KeyMetadata.KeyId);
  });
});

// The AWS exception classes (js/exceptions.js): one per code the engine can answer, thrown by
// every path of the class (methods, as() and inRegion() views, the clock, seeds, wrapKeyMaterial)
// with the SDK's name, $fault and $metadata; requestHandler() keeps @aws-sdk/client-kms's own.
// Reads crates/core/src/error.rs and AWS's model for what to expect.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import * as sdk from "@aws-sdk/client-kms";
import * as pkg from "kms-wasm";
import { ACCOUNT, bytes, DAY, open, ROOT, withKey } from "./helpers.mjs";

const { KMSServiceException, exceptionClass, toException, wrapKeyMaterial, encapsulateToPublicKey } = pkg;
/** The package's and the SDK's exports by name (looked up by name below). */
const ours = new Map(Object.entries(pkg));
const theirs = new Map(Object.entries(sdk));
const model = JSON.parse(readFileSync(join(ROOT, "vendor/aws-kms-model/service-2.json"), "utf8"));
/** The model's $fault of `name`; the protocol's own errors (not in the model) are all the caller's. */
const faultOf = (name) => (model.shapes[name]?.fault ? "server" : "client");

/** The codes of `KmsError::code`, read from its match arms. */
function engineCodes() {
  const source = readFileSync(join(ROOT, "crates/core/src/error.rs"), "utf8");
  const body = source.slice(source.indexOf("pub fn code("), source.indexOf("pub fn message("));
  return [...body.matchAll(/=> "(\w+)"/g)].map((m) => m[1]);
}

/** What `promise` rejects with (fails if it resolves). */
async function caught(promise) {
  const outcome = await promise.then(
    () => undefined,
    (e) => ({ e }),
  );
  assert.ok(outcome, "the call succeeded");
  return outcome.e;
}

/** What `fn()` throws (fails if it returns). */
function thrown(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  assert.fail("the call returned");
}

/** `e` is an instance of `Class` with the SDK's shape; `requestId` false for errors of no request. */
function isException(e, Class, { requestId = true } = {}) {
  const name = Class.name;
  assert.ok(e instanceof Class, `expected ${name}, got ${e?.name}: ${e?.message}`);
  assert.ok(e instanceof KMSServiceException && e instanceof Error, name);
  assert.equal(e.name, name);
  assert.equal(e.constructor, Class);
  assert.equal(e.$fault, faultOf(name), `${name}.$fault`);
  assert.equal(typeof e.message, "string");
  assert.ok(e.$metadata.httpStatusCode >= 400, `${name}.$metadata.httpStatusCode`);
  if (requestId) assert.match(e.$metadata.requestId, /^[0-9a-f-]{36}$/, `${name}.$metadata.requestId`);
  assert.match(e.stack, new RegExp(`^${name}`), `${name}.stack`);
  return e;
}

const BOB = `arn:aws:iam::${ACCOUNT}:user/bob`;
const denyBobDecrypt = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" },
    { Effect: "Deny", Principal: { AWS: BOB }, Action: "kms:Decrypt", Resource: "*" },
  ],
});

describe("the classes", () => {
  test("every code the engine answers has an exported class", () => {
    const codes = engineCodes();
    assert.ok(codes.length >= 30, `read only ${codes.length} codes from error.rs`);
    for (const code of codes) {
      assert.equal(typeof ours.get(code), "function", `kms-wasm exports no ${code}`);
      assert.equal(exceptionClass(code), ours.get(code));
      assert.equal(ours.get(code).name, code);
    }
  });

  test("every exception of the model and of the SDK has a class with the SDK's name and $fault", () => {
    const modeled = Object.keys(model.shapes).filter((n) => model.shapes[n].exception);
    assert.ok(modeled.length >= 40);
    const sdkNames = [...theirs.keys()].filter((n) => n.endsWith("Exception") && n !== "KMSServiceException");
    for (const name of new Set([...modeled, ...sdkNames])) {
      const mine = new (ours.get(name))({ message: "m", $metadata: {} });
      const sdks = new (theirs.get(name))({ message: "m", $metadata: {} });
      assert.equal(mine.name, sdks.name);
      assert.equal(mine.$fault, sdks.$fault, `${name}.$fault`);
    }
  });

  test("users construct them as the SDK's: name, $fault, message, $metadata, stack", () => {
    const e = new pkg.NotFoundException({ message: "x", $metadata: {} });
    assert.ok(e instanceof pkg.NotFoundException && e instanceof KMSServiceException && e instanceof Error);
    assert.deepEqual([e.name, e.$fault, e.message, e.$metadata], ["NotFoundException", "client", "x", {}]);
    assert.match(e.stack, /^NotFoundException: x\n/);
    assert.equal(new pkg.KMSInternalException({ message: "y", $metadata: {} }).$fault, "server");
    // The options cannot rename a class's instances.
    assert.equal(
      new pkg.DisabledException({ name: "Other", $fault: "server", $metadata: {} }).name,
      "DisabledException",
    );
    const base = new KMSServiceException({
      name: "Custom",
      message: "z",
      $fault: "server",
      $metadata: { attempts: 1 },
    });
    assert.deepEqual([base.name, base.$fault, base.$metadata.attempts], ["Custom", "server", 1]);
    assert.ok(!(base instanceof pkg.NotFoundException));
  });

  test("toException converts AWS-shaped Errors only, keeping message, stack and $metadata", () => {
    const $metadata = { httpStatusCode: 400 };
    const raw = Object.assign(new Error("gone"), { name: "NotFoundException", $fault: "client", $metadata });
    const stack = raw.stack;
    assert.equal(toException(raw), raw);
    isException(raw, pkg.NotFoundException, { requestId: false });
    assert.deepEqual([raw.message, raw.stack, raw.$metadata], ["gone", stack, $metadata]);
    const plain = Object.assign(new Error("no fault"), { name: "NotFoundException" });
    const storage = Object.assign(new Error("disk"), { name: "KmsStorageError", $fault: "client" });
    for (const other of [plain, storage, new TypeError("t"), "text", undefined, null]) {
      assert.equal(toException(other), other);
      assert.ok(!(other instanceof KMSServiceException));
    }
  });
});

describe("real failing calls throw their class", () => {
  test("key states, ciphertexts, aliases, policies, tags, grants, markers, DryRun", async () => {
    const { kms, keyId, arn } = await withKey();
    const other = (await kms.createKey({})).KeyMetadata.KeyId;
    const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: bytes("x") });
    const cases = [
      [pkg.NotFoundException, kms.describeKey({ KeyId: "alias/missing" })],
      [pkg.InvalidCiphertextException, kms.decrypt({ CiphertextBlob: bytes("not a ciphertext at all, sorry") })],
      [pkg.IncorrectKeyException, kms.decrypt({ CiphertextBlob, KeyId: other })],
      [
        pkg.InvalidKeyUsageException,
        kms.encrypt({ KeyId: keyId, Plaintext: bytes("x"), EncryptionAlgorithm: "RSAES_OAEP_SHA_256" }),
      ],
      [pkg.DryRunOperationException, kms.encrypt({ KeyId: keyId, Plaintext: bytes("x"), DryRun: true })],
      [pkg.ValidationException, kms.createKey({ KeySpec: "RSA_2048" })],
      [pkg.MalformedPolicyDocumentException, kms.createKey({ Policy: "{not json" })],
      [
        pkg.LimitExceededException,
        kms.putKeyPolicy({ KeyId: keyId, Policy: JSON.stringify({ Version: "2012-10-17", Pad: "x".repeat(32_800) }) }),
      ],
      [pkg.TagException, kms.createKey({ Tags: [{ TagKey: "aws:reserved", TagValue: "v" }] })],
      [pkg.InvalidGrantTokenException, kms.decrypt({ CiphertextBlob, GrantTokens: ["token-1"] })],
      [pkg.InvalidGrantIdException, kms.revokeGrant({ KeyId: keyId, GrantId: "a".repeat(64) })],
      [pkg.InvalidMarkerException, kms.listKeys({ Marker: "garbage" })],
      [pkg.NotAuthorizedException, kms.createAlias({ AliasName: "alias/aws/mine", TargetKeyId: keyId })],
      [pkg.UnsupportedOperationException, kms.createKey({ CustomKeyStoreId: "cks-1234567890abcdef0" })],
      [pkg.SerializationException, kms.encrypt({ KeyId: keyId, Plaintext: 5 })],
    ];
    for (const [Class, call] of cases) isException(await caught(call), Class);

    await kms.createAlias({ AliasName: "alias/app", TargetKeyId: keyId });
    isException(
      await caught(kms.createAlias({ AliasName: "alias/app", TargetKeyId: other })),
      pkg.AlreadyExistsException,
    );
    await kms.disableKey({ KeyId: keyId });
    isException(await caught(kms.encrypt({ KeyId: arn, Plaintext: bytes("x") })), pkg.DisabledException);
    await kms.scheduleKeyDeletion({ KeyId: other, PendingWindowInDays: 7 });
    isException(await caught(kms.encrypt({ KeyId: other, Plaintext: bytes("x") })), pkg.KMSInvalidStateException);
  });

  test("signatures and MACs that do not verify", async () => {
    const kms = await open();
    const ecc = (await kms.createKey({ KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" })).KeyMetadata.KeyId;
    const sig = { KeyId: ecc, Message: bytes("m"), SigningAlgorithm: "ECDSA_SHA_256" };
    const { Signature } = await kms.sign(sig);
    const bad = await caught(kms.verify({ ...sig, Message: bytes("n"), Signature }));
    isException(bad, pkg.KMSInvalidSignatureException);
    const hmac = (await kms.createKey({ KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC" })).KeyMetadata.KeyId;
    const mac = { KeyId: hmac, Message: bytes("m"), MacAlgorithm: "HMAC_SHA_256" };
    const { Mac } = await kms.generateMac(mac);
    isException(await caught(kms.verifyMac({ ...mac, Message: bytes("n"), Mac })), pkg.KMSInvalidMacException);
  });

  test("imports: bad and expired tokens, other material, wrapKeyMaterial's own checks", async () => {
    const kms = await open();
    const { KeyId } = (await kms.createKey({ Origin: "EXTERNAL" })).KeyMetadata;
    const WrappingAlgorithm = "RSAES_OAEP_SHA_256";
    const p = await kms.getParametersForImport({ KeyId, WrappingAlgorithm, WrappingKeySpec: "RSA_2048" });
    const wrap = (KeyMaterial) => wrapKeyMaterial({ PublicKey: p.PublicKey, KeyMaterial, WrappingAlgorithm });
    const input = { KeyId, ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE" };
    const EncryptedKeyMaterial = wrap(new Uint8Array(32).fill(1));
    const junk = kms.importKeyMaterial({ ...input, ImportToken: bytes("junk"), EncryptedKeyMaterial });
    isException(await caught(junk), pkg.InvalidImportTokenException);
    await kms.importKeyMaterial({ ...input, ImportToken: p.ImportToken, EncryptedKeyMaterial });
    await kms.deleteImportedKeyMaterial({ KeyId });
    const otherMaterial = { ...input, ImportToken: p.ImportToken, EncryptedKeyMaterial: wrap(new Uint8Array(32)) };
    isException(await caught(kms.importKeyMaterial(otherMaterial)), pkg.IncorrectKeyMaterialException);
    await kms.advanceClock(DAY + 60);
    const late = kms.importKeyMaterial({ ...input, ImportToken: p.ImportToken, EncryptedKeyMaterial });
    isException(await caught(late), pkg.ExpiredImportTokenException);

    // Checked before any request: the status AWS would answer, no request id.
    const local = { requestId: false };
    isException(
      thrown(() => wrapKeyMaterial(null)),
      pkg.ValidationException,
      local,
    );
    const badKey = { PublicKey: bytes("not DER"), KeyMaterial: new Uint8Array(32), WrappingAlgorithm };
    isException(
      thrown(() => wrapKeyMaterial(badKey)),
      pkg.ValidationException,
      local,
    );
    const notMlKem = thrown(() => encapsulateToPublicKey("ML_KEM_768", p.PublicKey));
    isException(notMlKem, pkg.ValidationException, local);
  });

  test("through as(), inRegion(), the clock and seeds", async () => {
    const { kms, keyId, arn } = await withKey();
    const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: bytes("x") });
    await kms.putKeyPolicy({ KeyId: keyId, Policy: denyBobDecrypt });
    isException(await caught(kms.as(BOB).decrypt({ CiphertextBlob })), pkg.AccessDeniedException);
    isException(await caught(kms.inRegion("eu-west-1").describeKey({ KeyId: arn })), pkg.NotFoundException);
    const bobInEu = kms.as(BOB).inRegion("eu-west-1");
    isException(await caught(bobInEu.describeKey({ KeyId: "alias/missing" })), pkg.NotFoundException);
    const local = { requestId: false };
    isException(await caught(kms.advanceClock(Number.NaN)), pkg.ValidationException, local);
    const seed = { Keys: [{ KeyId: "1234abcd-12ab-34cd-56ef-1234567890ab", KeySpec: "RSA_2048" }] };
    isException(await caught(kms.applySeed(seed)), pkg.ValidationException, local);
    isException(await caught(pkg.KeyManagementService.open({ seed })), pkg.ValidationException, local);
  });
});

describe("requestHandler(): the SDK's own classes", () => {
  test("@aws-sdk/client-kms deserialises the error into its class, as before", async () => {
    const kms = await open();
    const client = new sdk.KMSClient({
      region: "us-east-1",
      endpoint: "http://kms-wasm.local",
      credentials: { accessKeyId: "x", secretAccessKey: "x" },
      requestHandler: kms.requestHandler(),
      maxAttempts: 1,
    });
    const e = await caught(client.send(new sdk.DescribeKeyCommand({ KeyId: "alias/missing" })));
    assert.ok(e instanceof sdk.NotFoundException && e instanceof sdk.KMSServiceException);
    assert.equal(Object.getPrototypeOf(e), sdk.NotFoundException.prototype);
    assert.ok(!(e instanceof pkg.NotFoundException), "the SDK's error is not the package's class");
    assert.deepEqual([e.name, e.$fault, e.$metadata.httpStatusCode], ["NotFoundException", "client", 400]);
    const mine = await caught(kms.describeKey({ KeyId: "alias/missing" }));
    assert.equal(mine.name, e.name);
    assert.equal(mine.message, e.message);
  });
});

// Hostile input (issue 8): malformed, mistyped, oversized, deeply nested, huge-numbered and
// odd-unicode requests, and damaged ciphertexts, against `kms.handle()` and `kms-wasm serve`.
// Each gets a 4xx AWS-style error ({"__type", "message"}), the process stays up, and the state
// (keys, aliases, imports, clock; the audit trail of the refusals aside) is unchanged.
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { bodyText, KeyManagementService, startServer, tempDir } from "./helpers.mjs";

const b64 = (b) => Buffer.from(b).toString("base64");

/** The state without the audit trail (which records the refused calls, as CloudTrail would). */
async function stateOf(kms) {
  const { state } = JSON.parse(await kms.exportState());
  delete state.audit;
  delete state.eventSeq;
  return state;
}

/** A state with one key of each kind the cases aim at, an alias, a tag and a ciphertext. */
async function populate(kms) {
  const { KeyMetadata: key } = await kms.createKey({ Description: "target" });
  const { KeyMetadata: other } = await kms.createKey({ Description: "other" });
  await kms.createAlias({ AliasName: "alias/target", TargetKeyId: key.KeyId });
  await kms.tagResource({ KeyId: key.KeyId, Tags: [{ TagKey: "t", TagValue: "v" }] });
  const { CiphertextBlob } = await kms.encrypt({
    KeyId: key.KeyId,
    Plaintext: new Uint8Array(64).fill(7),
    EncryptionContext: { a: "b" },
  });
  return { keyId: key.KeyId, otherId: other.KeyId, blob: Buffer.from(CiphertextBlob) };
}

/** [name, target, body (string or Buffer)]: every one must be refused with a 4xx. */
function cases({ keyId, otherId, blob }) {
  const deep = (n) => "[".repeat(n) + "]".repeat(n);
  const deepObj = (n) => `${'{"a":'.repeat(n)}1${"}".repeat(n)}`;
  const flip = (i) => {
    const b = Buffer.from(blob);
    b[i >> 3] ^= 1 << (i & 7);
    return b;
  };
  const list = [
    ["invalid JSON", "CreateKey", "{not json"],
    ["trailing garbage", "CreateKey", '{"Description":"x"} {}'],
    ["JSON array body", "CreateKey", "[]"],
    ["JSON string body", "CreateKey", '"CreateKey"'],
    ["JSON null body", "DescribeKey", "null"],
    ["invalid UTF-8", "CreateKey", Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
    ["lone surrogate", "CreateKey", '{"Description":"\\ud800"}'],
    ["NaN literal", "GenerateRandom", '{"NumberOfBytes": NaN}'],
    ["100k nested arrays", "CreateKey", `{"Description": ${deep(100_000)}}`],
    ["100k nested arrays as the body", "CreateKey", deep(100_000)],
    ["100k nested objects", "CreateKey", deepObj(100_000)],
    ["129 nested arrays in an unknown field", "CreateKey", `{"X": ${deep(129)}}`],
    ["huge integer", "GenerateRandom", '{"NumberOfBytes": 123456789012345678901234567890}'],
    ["huge exponent", "ListKeys", '{"Limit": 1e999999}'],
    ["negative limit", "ListKeys", '{"Limit": -1}'],
    ["fractional count", "GenerateRandom", '{"NumberOfBytes": 1.5}'],
    ["boolean for an integer", "GenerateRandom", '{"NumberOfBytes": true}'],
    ["number for a string", "CreateKey", '{"Description": 5}'],
    ["object for a string", "DescribeKey", '{"KeyId": {"a": 1}}'],
    ["string for a list", "CreateKey", '{"Tags": "t"}'],
    ["numbers in a list of structs", "CreateKey", '{"Tags": [1, 2]}'],
    [
      "number in a string map",
      "Encrypt",
      JSON.stringify({ KeyId: keyId, Plaintext: "AAAA" }).replace("}", ',"EncryptionContext":{"a":1}}'),
    ],
    ["array for a map", "Encrypt", JSON.stringify({ KeyId: keyId, Plaintext: "AAAA", EncryptionContext: [] })],
    ["string for a boolean", "CreateKey", '{"BypassPolicyLockoutSafetyCheck": "yes"}'],
    ["unknown enum", "CreateKey", '{"KeySpec": "SYMMETRIC_DEFAULT\\u0000"}'],
    ["non-base64 blob", "Encrypt", JSON.stringify({ KeyId: keyId, Plaintext: "!!!not base64!!!" })],
    ["base64 of the wrong length", "Encrypt", JSON.stringify({ KeyId: keyId, Plaintext: "AAA" })],
    ["number for a blob", "Encrypt", JSON.stringify({ KeyId: keyId }).replace("}", ',"Plaintext":12}')],
    ["missing target", undefined, "{}"],
    ["foreign target", "DynamoDB_20120810.ListTables", "{}"],
    ["unknown operation", "TrentService.Nope", "{}"],
    ["empty operation", "TrentService.", "{}"],
    ["NUL in an operation", "TrentService.Create\u0000Key", "{}"],
    ["missing required field", "Encrypt", "{}"],
    ["unknown key", "DescribeKey", JSON.stringify({ KeyId: "00000000-0000-0000-0000-000000000000" })],
    ["unknown alias", "DescribeKey", JSON.stringify({ KeyId: "alias/none" })],
    [
      "unknown ARN",
      "DescribeKey",
      JSON.stringify({ KeyId: "arn:aws:kms:us-east-1:111122223333:key/00000000-0000-0000-0000-000000000000" }),
    ],
    ["malformed ARN", "DescribeKey", JSON.stringify({ KeyId: "arn:aws:kms:::" })],
    ["100 KB key id", "DescribeKey", JSON.stringify({ KeyId: "a".repeat(100_000) })],
    ["NUL in a key id", "DescribeKey", JSON.stringify({ KeyId: `${keyId}\u0000` })],
    ["NUL in an alias name", "CreateAlias", JSON.stringify({ AliasName: "alias/a\u0000b", TargetKeyId: keyId })],
    [
      "RTL override in an alias name",
      "CreateAlias",
      JSON.stringify({ AliasName: "alias/\u202egnp", TargetKeyId: keyId }),
    ],
    ["emoji in an alias name", "CreateAlias", JSON.stringify({ AliasName: "alias/🔑", TargetKeyId: keyId })],
    ["aws/ alias", "CreateAlias", JSON.stringify({ AliasName: "alias/aws/x", TargetKeyId: keyId })],
    ["empty tag key", "TagResource", JSON.stringify({ KeyId: keyId, Tags: [{ TagKey: "", TagValue: "v" }] })],
    [
      "100k tags",
      "TagResource",
      JSON.stringify({
        KeyId: keyId,
        Tags: Array.from({ length: 100_000 }, (_, i) => ({ TagKey: `k${i}`, TagValue: "v" })),
      }),
    ],
    ["9 KB description", "UpdateKeyDescription", JSON.stringify({ KeyId: keyId, Description: "d".repeat(9000) })],
    [
      "100k grant tokens",
      "Encrypt",
      JSON.stringify({ KeyId: keyId, Plaintext: "AAAA", GrantTokens: Array(100_000).fill("t") }),
    ],
    ["empty ciphertext", "Decrypt", JSON.stringify({ CiphertextBlob: "" })],
    ["1-byte ciphertext", "Decrypt", JSON.stringify({ CiphertextBlob: b64([1]) })],
    ["huge ciphertext", "Decrypt", JSON.stringify({ CiphertextBlob: b64(Buffer.alloc(600_000, 1)) })],
    [
      "foreign ciphertext",
      "Decrypt",
      JSON.stringify({
        CiphertextBlob: b64(Buffer.from("not a kms ciphertext, just some bytes of the right size or so".repeat(3))),
      }),
    ],
    ["ciphertext of zeros", "Decrypt", JSON.stringify({ CiphertextBlob: b64(Buffer.alloc(blob.length)) })],
    [
      "ciphertext with a wrong context",
      "Decrypt",
      JSON.stringify({ CiphertextBlob: b64(blob), EncryptionContext: { a: "c" } }),
    ],
    [
      "ciphertext under the wrong key",
      "Decrypt",
      JSON.stringify({ CiphertextBlob: b64(blob), EncryptionContext: { a: "b" }, KeyId: otherId }),
    ],
    [
      "ciphertext to ReEncrypt to an unknown key",
      "ReEncrypt",
      JSON.stringify({
        CiphertextBlob: b64(blob),
        SourceEncryptionContext: { a: "b" },
        DestinationKeyId: "alias/none",
      }),
    ],
    ["disabled-key operation on an unknown key", "DisableKey", JSON.stringify({ KeyId: "alias/none" })],
  ];
  for (let n = 0; n < blob.length; n += Math.max(1, Math.floor(blob.length / 12))) {
    list.push([
      `ciphertext truncated to ${n}`,
      "Decrypt",
      JSON.stringify({ CiphertextBlob: b64(blob.subarray(0, n)), EncryptionContext: { a: "b" } }),
    ]);
  }
  for (let i = 0; i < blob.length * 8; i += 29) {
    list.push([
      `ciphertext bit ${i} flipped`,
      "Decrypt",
      JSON.stringify({ CiphertextBlob: b64(flip(i)), EncryptionContext: { a: "b" } }),
    ]);
  }
  list.push([
    "ciphertext with a byte appended",
    "Decrypt",
    JSON.stringify({ CiphertextBlob: b64(Buffer.concat([blob, Buffer.from([0])])), EncryptionContext: { a: "b" } }),
  ]);
  return list.map(([name, target, body]) => [
    name,
    target === undefined || target.includes(".") ? target : `TrentService.${target}`,
    body,
  ]);
}

function checkRefusal(name, status, text) {
  assert.ok(status >= 400 && status < 500, `${name}: status ${status} ${text.slice(0, 200)}`);
  let json;
  assert.doesNotThrow(() => (json = JSON.parse(text)), `${name}: the error body is JSON: ${text.slice(0, 200)}`);
  assert.equal(typeof json.__type, "string", `${name}: __type`);
  assert.ok(json.message === undefined || typeof json.message === "string", `${name}: message`);
  return json;
}

test("kms.handle(): every hostile request is a 4xx AWS error and changes nothing", async () => {
  const kms = await KeyManagementService.open({ storage: "memory" });
  const fixture = await populate(kms);
  const before = await stateOf(kms);
  const list = cases(fixture);
  for (const [name, target, body] of list) {
    const r = await kms.handle(target, body);
    checkRefusal(name, r.status, bodyText(r.body));
  }
  // An oversized body (16 MiB) is refused without being decoded.
  const big = await kms.handle(
    "TrentService.Encrypt",
    JSON.stringify({ KeyId: fixture.keyId, Plaintext: b64(Buffer.alloc(12 << 20)) }),
  );
  assert.match(checkRefusal("16 MiB body", big.status, bodyText(big.body)).message, /larger than 1048576 bytes/);
  assert.deepEqual(await stateOf(kms), before, "state unchanged");
  // Still usable.
  const ok = await kms.handle(
    "TrentService.Decrypt",
    JSON.stringify({ CiphertextBlob: b64(fixture.blob), EncryptionContext: { a: "b" } }),
  );
  assert.equal(ok.status, 200);
  await kms.close();
});

test("odd unicode and NUL that AWS accepts (descriptions, tag values) round-trip through the file", async (t) => {
  const file = join(await tempDir(t), "kms.json");
  const kms = await KeyManagementService.open({ file });
  const odd = "a\u0000b \u202e RTL \u200b zero-width 🔑 e\u0301 \uFEFF \u0085";
  // AWS's model puts no pattern on descriptions, tag keys or tag values: these are accepted.
  const tags = [{ TagKey: "a\u0000b🔑\u202e", TagValue: odd }];
  const { KeyMetadata } = await kms.createKey({ Description: odd, Tags: tags });
  await kms.close();
  const again = await KeyManagementService.open({ file });
  assert.equal((await again.describeKey({ KeyId: KeyMetadata.KeyId })).KeyMetadata.Description, odd);
  assert.deepEqual((await again.listResourceTags({ KeyId: KeyMetadata.KeyId })).Tags, tags);
  await again.close();
});

test("kms-wasm serve: every hostile request is a 4xx AWS error, the server stays up, the file state is unchanged", {
  timeout: 60_000,
}, async (t) => {
  const file = join(await tempDir(t), "kms.json");
  const setup = await KeyManagementService.open({ file });
  const fixture = await populate(setup);
  const before = await stateOf(setup);
  await setup.close();
  const server = await startServer(["--data", file]);
  try {
    const list = cases(fixture);
    const send = (target, body, headers = {}) =>
      fetch(`${server.url}/`, {
        method: "POST",
        headers: {
          "content-type": "application/x-amz-json-1.1",
          ...(target === undefined ? {} : { "x-amz-target": target }),
          ...headers,
        },
        body,
      }).then(async (r) => ({ status: r.status, text: await r.text() }));
    for (const [name, target, body] of list) {
      if ((target ?? "").includes("\0")) continue; // not a valid HTTP header value; fetch refuses it
      const r = await send(target, body);
      checkRefusal(name, r.status, r.text);
    }
    // Bodies past the cap: declared and streamed.
    const big = await send(
      "TrentService.Encrypt",
      JSON.stringify({ KeyId: fixture.keyId, Plaintext: b64(Buffer.alloc(2 << 20)) }),
    );
    assert.equal(checkRefusal("2 MiB body", big.status, big.text).__type, "SerializationException");
    // Many requests at once, all hostile.
    const burst = await Promise.all(
      list
        .slice(0, 40)
        .filter(([, target]) => !(target ?? "").includes("\0"))
        .map(([, target, body]) => send(target, body)),
    );
    for (const r of burst) checkRefusal("burst", r.status, r.text);
    const ok = await send(
      "TrentService.Decrypt",
      JSON.stringify({ CiphertextBlob: b64(fixture.blob), EncryptionContext: { a: "b" } }),
    );
    assert.equal(ok.status, 200, "the server is still up and serving");
  } finally {
    await server.stop();
  }
  assert.equal(server.proc.exitCode, 0, `serve exited cleanly:\n${server.output()}`);
  const after = await KeyManagementService.open({ file });
  const state = await stateOf(after);
  // The closing Decrypt, the one success, is the key's last use (GetKeyLastUsage); nothing else moved.
  const tracking = state.keys[fixture.keyId].usageTracking;
  assert.equal(tracking.last.operation, "Decrypt");
  tracking.last = before.keys[fixture.keyId].usageTracking.last;
  assert.deepEqual(state, before, "state unchanged");
  await after.close();
});

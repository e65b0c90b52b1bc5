// `wrapKeyMaterial` and `kms-wasm wrap` checked against the tools people use: RSA-OAEP output
// decrypts with openssl and node:crypto private keys; RSA_AES_KEY_WRAP output splits into an
// RSA-OAEP-wrapped AES-256 key and an RFC 5649 wrap that `openssl enc -d -id-aes256-wrap-pad`
// opens; bad input is a ValidationException that never shows the material; the CLI wraps
// files (DER, base64, PEM or JWK public keys, read by node:crypto) whose result imports.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { wrapKeyMaterial } from "kms-wasm";
import { bytes, open, ROOT, tempDir, text } from "./helpers.mjs";
import { NO_EXPIRY, newMaterial, nodeUnwrapOaep, opensslKwpUnwrap, opensslUnwrapOaep } from "./import-helpers.mjs";

const run = promisify(execFile);
const BIN = join(ROOT, "bin/kms-wasm.js");

// Our own RSA key pairs (node:crypto), so the wrapped output can be opened independently.
const pairs = [2048, 3072].map((modulusLength) => {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength });
  return { bits: modulusLength, spki: new Uint8Array(publicKey.export({ type: "spki", format: "der" })), privateKey };
});
const hex = (u8) => Buffer.from(u8).toString("hex");

test("RSAES_OAEP_SHA_1/256 output decrypts with openssl and node:crypto private keys", async (t) => {
  const dir = await tempDir(t);
  for (const { bits, spki, privateKey } of pairs) {
    for (const alg of ["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"]) {
      const material = newMaterial();
      const wrapped = wrapKeyMaterial({ PublicKey: spki, KeyMaterial: material, WrappingAlgorithm: alg });
      assert.ok(wrapped instanceof Uint8Array);
      assert.equal(wrapped.length, bits / 8);
      assert.deepEqual(nodeUnwrapOaep(privateKey, wrapped, alg), material, `node:crypto ${alg} ${bits}`);
      assert.deepEqual(await opensslUnwrapOaep(dir, privateKey, wrapped, alg), material, `openssl ${alg} ${bits}`);
      // Randomised padding: the same input never wraps the same way twice.
      assert.notDeepEqual(wrapKeyMaterial({ PublicKey: spki, KeyMaterial: material, WrappingAlgorithm: alg }), wrapped);
    }
  }
});

test("RSA_AES_KEY_WRAP_SHA_1/256: RSA-OAEP of an AES-256 key, then AES key wrap with padding that openssl opens", async (t) => {
  const dir = await tempDir(t);
  // An asymmetric private key (DER PKCS#8, as AWS wants it) and odd lengths that need padding.
  const ecKey = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "der" });
  const materials = [newMaterial(), new Uint8Array(ecKey), bytes("x"), bytes("nine byte")];
  for (const { bits, spki, privateKey } of pairs) {
    for (const alg of ["RSA_AES_KEY_WRAP_SHA_1", "RSA_AES_KEY_WRAP_SHA_256"]) {
      for (const material of materials) {
        const wrapped = wrapKeyMaterial({ PublicKey: spki, KeyMaterial: material, WrappingAlgorithm: alg });
        const n = bits / 8;
        assert.equal(wrapped.length, n + 8 + Math.ceil(material.length / 8) * 8, "RSA part, then the RFC 5649 wrap");
        const aesKey = nodeUnwrapOaep(privateKey, wrapped.subarray(0, n), alg);
        assert.equal(aesKey.length, 32, "an AES-256 key");
        assert.deepEqual(await opensslUnwrapOaep(dir, privateKey, wrapped.subarray(0, n), alg), aesKey);
        assert.deepEqual(
          await opensslKwpUnwrap(dir, aesKey, wrapped.subarray(n)),
          material,
          `${alg} ${bits} ${material.length} bytes`,
        );
      }
      // A fresh AES key every time.
      const a = wrapKeyMaterial({ PublicKey: spki, KeyMaterial: materials[0], WrappingAlgorithm: alg });
      const b = wrapKeyMaterial({ PublicKey: spki, KeyMaterial: materials[0], WrappingAlgorithm: alg });
      assert.notDeepEqual(
        nodeUnwrapOaep(privateKey, a.subarray(0, bits / 8), alg),
        nodeUnwrapOaep(privateKey, b.subarray(0, bits / 8), alg),
      );
    }
  }
});

test("bad input is a ValidationException that never shows the material", () => {
  const { spki } = pairs[0];
  const material = newMaterial();
  const fails = (input, message) => {
    assert.throws(
      () => wrapKeyMaterial(input),
      (e) => {
        assert.ok(e instanceof Error);
        assert.equal(e.name, "ValidationException");
        if (message instanceof RegExp) assert.match(e.message, message);
        else assert.equal(e.message, message);
        for (const form of [hex(material), Buffer.from(material).toString("base64"), Array.from(material).join(",")]) {
          assert.ok(!e.message.includes(form), "the material is not in the message");
        }
        return true;
      },
    );
  };
  const ok = { PublicKey: spki, KeyMaterial: material, WrappingAlgorithm: "RSAES_OAEP_SHA_256" };
  fails(
    { ...ok, WrappingAlgorithm: "RSAES_PKCS1_V1_5" },
    "WrappingAlgorithm RSAES_PKCS1_V1_5 is no longer supported by AWS KMS (since 2023-10-10); use RSAES_OAEP_SHA_256",
  );
  fails(
    { ...ok, WrappingAlgorithm: "SM2PKE" },
    "WrappingAlgorithm SM2PKE (China Regions only) is not supported by kms-wasm",
  );
  fails(
    { ...ok, WrappingAlgorithm: "RSAES_OAEP_SHA_512" },
    'unknown WrappingAlgorithm "RSAES_OAEP_SHA_512": use RSAES_OAEP_SHA_256, RSAES_OAEP_SHA_1, RSA_AES_KEY_WRAP_SHA_256 or RSA_AES_KEY_WRAP_SHA_1',
  );
  fails({ ...ok, WrappingAlgorithm: undefined }, "WrappingAlgorithm must be a string such as RSAES_OAEP_SHA_256");
  fails({ ...ok, PublicKey: material }, "PublicKey is not a DER-encoded RSA SubjectPublicKeyInfo");
  fails({ ...ok, PublicKey: new Uint8Array(0) }, "PublicKey is empty");
  fails({ ...ok, PublicKey: hex(spki) }, "PublicKey must be a Uint8Array (or an ArrayBuffer or other typed array)");
  fails({ ...ok, KeyMaterial: new Uint8Array(0) }, "KeyMaterial is empty");
  fails({ ...ok, KeyMaterial: "secret" }, "KeyMaterial must be a Uint8Array (or an ArrayBuffer or other typed array)");
  fails({ ...ok, KeyMaterial: new Uint8Array(300) }, "KeyMaterial of 300 bytes is too long for RSA-OAEP with this key");
  fails(null, "wrapKeyMaterial({ PublicKey, KeyMaterial, WrappingAlgorithm }) needs an object");
  // ArrayBuffer and Buffer inputs work.
  assert.equal(
    wrapKeyMaterial({ ...ok, PublicKey: spki.buffer.slice(0), KeyMaterial: Buffer.from(material) }).length,
    256,
  );
});

test("wrapKeyMaterial output imports into an EXTERNAL key", async () => {
  const kms = await open(); // seeded: the wrapping key is made in-thread, deterministically
  const {
    KeyMetadata: { KeyId },
  } = await kms.createKey({ Origin: "EXTERNAL" });
  const p = await kms.getParametersForImport({
    KeyId,
    WrappingAlgorithm: "RSAES_OAEP_SHA_1",
    WrappingKeySpec: "RSA_2048",
  });
  const EncryptedKeyMaterial = wrapKeyMaterial({
    PublicKey: p.PublicKey,
    KeyMaterial: newMaterial(),
    WrappingAlgorithm: "RSAES_OAEP_SHA_1",
  });
  await kms.importKeyMaterial({ KeyId, ImportToken: p.ImportToken, EncryptedKeyMaterial, ...NO_EXPIRY });
  const { CiphertextBlob } = await kms.encrypt({ KeyId, Plaintext: bytes("wrapped in wasm") });
  assert.equal(text((await kms.decrypt({ CiphertextBlob })).Plaintext), "wrapped in wasm");
  await kms.close();
});

test("kms-wasm wrap: DER, base64, PEM (SPKI, PKCS#1, CRLF) and JWK public key files; the result imports", async (t) => {
  const dir = await tempDir(t);
  const kms = await open({ randomSeed: undefined });
  t.after(() => kms.close());
  const {
    KeyMetadata: { KeyId },
  } = await kms.createKey({ Origin: "EXTERNAL" });
  const p = await kms.getParametersForImport({
    KeyId,
    WrappingAlgorithm: "RSAES_OAEP_SHA_256",
    WrappingKeySpec: "RSA_2048",
  });
  const material = newMaterial();
  const der = Buffer.from(p.PublicKey);
  await writeFile(join(dir, "WrappingPublicKey.bin"), der);
  await writeFile(join(dir, "WrappingPublicKey.b64"), `${der.toString("base64")}\n`);
  await writeFile(
    join(dir, "WrappingPublicKey.pem"),
    `-----BEGIN PUBLIC KEY-----\n${der.toString("base64").replace(/.{64}/g, "$&\n")}\n-----END PUBLIC KEY-----\n`,
  );
  // The forms openssl and JOSE tools write: `openssl rsa -pubin -RSAPublicKey_out` (PKCS#1),
  // Windows line ends, and a JWK.
  const key = createPublicKey({ key: der, format: "der", type: "spki" });
  await writeFile(join(dir, "WrappingPublicKey.pkcs1.pem"), key.export({ type: "pkcs1", format: "pem" }));
  await writeFile(
    join(dir, "WrappingPublicKey.crlf.pem"),
    key.export({ type: "spki", format: "pem" }).replace(/\n/g, "\r\n"),
  );
  await writeFile(join(dir, "WrappingPublicKey.jwk"), JSON.stringify(key.export({ format: "jwk" })));
  await writeFile(join(dir, "PlaintextKeyMaterial.bin"), material);
  const wrap = (pub, out) =>
    run(
      process.execPath,
      [
        BIN,
        "wrap",
        "--public-key",
        pub,
        "--material",
        "PlaintextKeyMaterial.bin",
        "--algorithm",
        "RSAES_OAEP_SHA_256",
        "--out",
        out,
      ],
      { cwd: dir },
    );
  const { stdout, stderr } = await wrap("WrappingPublicKey.bin", "EncryptedKeyMaterial.bin");
  assert.equal(
    stdout,
    "kms-wasm wrap: wrote 256 bytes of EncryptedKeyMaterial (RSAES_OAEP_SHA_256) to EncryptedKeyMaterial.bin\n",
  );
  assert.equal(stderr, "");
  const EncryptedKeyMaterial = new Uint8Array(await readFile(join(dir, "EncryptedKeyMaterial.bin")));
  await kms.importKeyMaterial({ KeyId, ImportToken: p.ImportToken, EncryptedKeyMaterial, ...NO_EXPIRY });
  assert.equal((await kms.describeKey({ KeyId })).KeyMetadata.KeyState, "Enabled");
  const { CiphertextBlob } = await kms.encrypt({ KeyId, Plaintext: bytes("cli") });
  // The other forms re-import the same material.
  const forms = ["b64", "pem", "pkcs1.pem", "crlf.pem", "jwk"].map((f) => `WrappingPublicKey.${f}`);
  for (const [i, pub] of forms.entries()) {
    await wrap(pub, `again-${i}.bin`);
    await kms.deleteImportedKeyMaterial({ KeyId });
    const EncryptedKeyMaterial = new Uint8Array(await readFile(join(dir, `again-${i}.bin`)));
    await kms.importKeyMaterial({ KeyId, ImportToken: p.ImportToken, EncryptedKeyMaterial, ...NO_EXPIRY });
    assert.equal(text((await kms.decrypt({ CiphertextBlob })).Plaintext), "cli");
  }
});

test("kms-wasm wrap: help, usage errors (exit 2) and input errors (exit 1) that never show the material", async (t) => {
  const dir = await tempDir(t);
  const material = newMaterial();
  await writeFile(join(dir, "m.bin"), material);
  await writeFile(join(dir, "pub.der"), pairs[0].spki);
  await writeFile(join(dir, "junk.txt"), "not a key\n");
  await writeFile(join(dir, "private.pem"), pairs[0].privateKey.export({ type: "pkcs8", format: "pem" }));
  const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey;
  await writeFile(join(dir, "ec.pem"), ec.export({ type: "spki", format: "pem" }));
  const cli = async (...args) => {
    try {
      const r = await run(process.execPath, [BIN, "wrap", ...args], { cwd: dir });
      return { code: 0, ...r };
    } catch (e) {
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
  const help = await cli("--help");
  assert.equal(help.code, 0);
  assert.match(
    help.stdout,
    /^Usage: kms-wasm wrap --public-key <file> --material <file> --algorithm <alg> --out <file>/,
  );
  assert.match((await run(process.execPath, [BIN, "--help"])).stdout, /kms-wasm wrap --public-key/);
  const missing = await cli("--material", "m.bin");
  assert.equal(missing.code, 2);
  // A usage error is one line that says where the usage text is, not the whole of it.
  assert.equal(missing.stderr, "kms-wasm wrap: missing --public-key, --algorithm, --out (see kms-wasm wrap --help)\n");
  const bogus = await cli("--bogus");
  assert.equal(bogus.code, 2);
  assert.equal(bogus.stderr, "kms-wasm wrap: Unknown option '--bogus' (see kms-wasm wrap --help)\n");
  const base = ["--material", "m.bin", "--out", "out.bin"];
  const cases = [
    [
      ["--public-key", "nope.der", "--algorithm", "RSAES_OAEP_SHA_1"],
      "kms-wasm wrap: cannot read --public-key nope.der: ENOENT\n",
    ],
    [
      ["--public-key", "junk.txt", "--algorithm", "RSAES_OAEP_SHA_1"],
      "kms-wasm wrap: --public-key junk.txt is neither a public key's DER nor its base64, PEM or JWK text\n",
    ],
    [
      ["--public-key", "private.pem", "--algorithm", "RSAES_OAEP_SHA_1"],
      "kms-wasm wrap: --public-key private.pem is a private key; give the wrapping public key from GetParametersForImport\n",
    ],
    [
      ["--public-key", "ec.pem", "--algorithm", "RSAES_OAEP_SHA_1"],
      "kms-wasm wrap: --public-key ec.pem is an ec key; wrapping keys are RSA\n",
    ],
    [
      ["--public-key", "pub.der", "--algorithm", "RSAES_PKCS1_V1_5"],
      "kms-wasm wrap: WrappingAlgorithm RSAES_PKCS1_V1_5 is no longer supported by AWS KMS (since 2023-10-10); use RSAES_OAEP_SHA_256\n",
    ],
  ];
  for (const [args, stderr] of cases) {
    const r = await cli(...args, ...base);
    assert.equal(r.code, 1, args.join(" "));
    assert.equal(r.stderr, stderr);
    assert.ok(!r.stderr.includes(hex(material)) && !r.stdout.includes(hex(material)));
  }
  const noMaterial = await cli(
    "--public-key",
    "pub.der",
    "--algorithm",
    "RSAES_OAEP_SHA_1",
    "--material",
    "none.bin",
    "--out",
    "o.bin",
  );
  assert.deepEqual(
    [noMaterial.code, noMaterial.stderr],
    [1, "kms-wasm wrap: cannot read --material none.bin: ENOENT\n"],
  );
});

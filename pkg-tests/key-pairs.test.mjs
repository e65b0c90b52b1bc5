// Key pairs checked against tools nobody here wrote: ECDH secrets equal node:crypto's and
// openssl's; data key pairs' halves match in node:crypto and openssl; RSA-OAEP made by
// node:crypto decrypts through Decrypt; private keys made by openssl and node:crypto import
// (wrapped the way AWS's guide does it with openssl: RSA_AES_KEY_WRAP) and then sign, encrypt
// and derive exactly as the original key does outside.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import {
  constants,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  sign,
  verify,
} from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { bytes, open, ROOT, rejects } from "./helpers.mjs";
import { NO_EXPIRY, openssl } from "./import-helpers.mjs";

const run = promisify(execFile);
const spki = (der) => createPublicKey({ key: Buffer.from(der), format: "der", type: "spki" });
const pkcs8 = (key) => new Uint8Array(key.export({ type: "pkcs8", format: "der" }));
const NODE_CURVE = { ECC_NIST_P256: "prime256v1", ECC_NIST_P384: "secp384r1", ECC_NIST_P521: "secp521r1" };

let dir;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "kms-wasm-pairs-"));
});
after(() => rm(dir, { recursive: true, force: true }));

/** `openssl pkeyutl -derive` of a PEM private key with a DER public key. */
async function opensslDerive(privatePem, publicDer) {
  const d = await mkdtemp(join(dir, "derive-"));
  await writeFile(join(d, "mine.pem"), privatePem);
  await writeFile(join(d, "peer.der"), publicDer);
  await openssl(["pkey", "-pubin", "-inform", "DER", "-in", "peer.der", "-out", "peer.pem"], { cwd: d });
  await openssl(["pkeyutl", "-derive", "-inkey", "mine.pem", "-peerkey", "peer.pem", "-out", "secret.bin"], { cwd: d });
  return new Uint8Array(await readFile(join(d, "secret.bin")));
}

/**
 * RSA_AES_KEY_WRAP_SHA_256 as AWS's "Step 3" page does it with openssl: an ephemeral AES-256 key
 * wraps the material (RFC 5649), RSA-OAEP-SHA-256 wraps that key, the two concatenated.
 */
async function opensslAesWrap(publicKey, material) {
  const d = await mkdtemp(join(dir, "aeswrap-"));
  const aes = randomBytes(32);
  await writeFile(join(d, "WrappingPublicKey.bin"), publicKey);
  await writeFile(join(d, "aes.bin"), aes);
  await writeFile(join(d, "material.bin"), material);
  const oaep = [
    "-pkeyopt",
    "rsa_padding_mode:oaep",
    "-pkeyopt",
    "rsa_oaep_md:sha256",
    "-pkeyopt",
    "rsa_mgf1_md:sha256",
  ];
  await openssl(
    [
      "pkeyutl",
      "-encrypt",
      "-in",
      "aes.bin",
      "-out",
      "aes.enc",
      "-inkey",
      "WrappingPublicKey.bin",
      "-keyform",
      "DER",
      "-pubin",
      ...oaep,
    ],
    { cwd: d },
  );
  const kwp = ["enc", "-id-aes256-wrap-pad", "-K", aes.toString("hex"), "-iv", "A65959A6"];
  await openssl([...kwp, "-in", "material.bin", "-out", "material.enc"], { cwd: d });
  return Buffer.concat([await readFile(join(d, "aes.enc")), await readFile(join(d, "material.enc"))]);
}

/** An EXTERNAL key of `spec`/`usage` holding `privateKey` (a node:crypto KeyObject), imported via openssl. */
async function importedKey(kms, spec, usage, privateKey) {
  const { KeyMetadata } = await kms.createKey({ KeySpec: spec, KeyUsage: usage, Origin: "EXTERNAL" });
  const params = await kms.getParametersForImport({
    KeyId: KeyMetadata.KeyId,
    WrappingAlgorithm: "RSA_AES_KEY_WRAP_SHA_256",
    WrappingKeySpec: "RSA_3072",
  });
  await kms.importKeyMaterial({
    KeyId: KeyMetadata.KeyId,
    ImportToken: params.ImportToken,
    EncryptedKeyMaterial: await opensslAesWrap(params.PublicKey, pkcs8(privateKey)),
    ...NO_EXPIRY,
  });
  return KeyMetadata;
}

describe("ECDH", () => {
  for (const [spec, curve] of Object.entries(NODE_CURVE)) {
    test(`${spec}: DeriveSharedSecret equals node:crypto's and openssl's secret`, async () => {
      const kms = await open();
      const { KeyMetadata: key } = await kms.createKey({ KeySpec: spec, KeyUsage: "KEY_AGREEMENT" });
      const { PublicKey } = await kms.getPublicKey({ KeyId: key.KeyId });
      const peer = generateKeyPairSync("ec", { namedCurve: curve });
      const peerDer = new Uint8Array(peer.publicKey.export({ type: "spki", format: "der" }));
      const { SharedSecret } = await kms.deriveSharedSecret({
        KeyId: key.KeyId,
        KeyAgreementAlgorithm: "ECDH",
        PublicKey: peerDer,
      });
      const theirs = diffieHellman({ privateKey: peer.privateKey, publicKey: spki(PublicKey) });
      assert.deepEqual(Buffer.from(SharedSecret), theirs, "node:crypto");
      const pem = peer.privateKey.export({ type: "pkcs8", format: "pem" });
      assert.deepEqual(Buffer.from(await opensslDerive(pem, PublicKey)), theirs, "openssl");
    });
  }

  test("an imported P-256 key derives what the original derives", async () => {
    const kms = await open();
    const mine = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    const key = await importedKey(kms, "ECC_NIST_P256", "KEY_AGREEMENT", mine.privateKey);
    const peer = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    const { SharedSecret } = await kms.deriveSharedSecret({
      KeyId: key.KeyId,
      KeyAgreementAlgorithm: "ECDH",
      PublicKey: new Uint8Array(peer.publicKey.export({ type: "spki", format: "der" })),
    });
    assert.deepEqual(
      Buffer.from(SharedSecret),
      diffieHellman({ privateKey: mine.privateKey, publicKey: peer.publicKey }),
    );
  });
});

describe("data key pairs", () => {
  const SPECS = [
    "RSA_2048",
    "ECC_NIST_P256",
    "ECC_NIST_P384",
    "ECC_NIST_P521",
    "ECC_SECG_P256K1",
    "ECC_NIST_EDWARDS25519",
  ];
  for (const spec of SPECS) {
    test(`${spec}: the private key loads in node:crypto and openssl and matches the public key`, async () => {
      const kms = await open();
      const { KeyMetadata: sym } = await kms.createKey({});
      const ctx = { purpose: "data-key-pair" };
      const pair = await kms.generateDataKeyPair({ KeyId: sym.KeyId, KeyPairSpec: spec, EncryptionContext: ctx });
      const privateKey = createPrivateKey({ key: Buffer.from(pair.PrivateKeyPlaintext), format: "der", type: "pkcs8" });
      const derived = createPublicKey(privateKey).export({ type: "spki", format: "der" });
      assert.deepEqual(derived, Buffer.from(pair.PublicKey), "node:crypto derives the same public key");
      const d = await mkdtemp(join(dir, "pair-"));
      await writeFile(join(d, "key.der"), pair.PrivateKeyPlaintext);
      const out = await openssl(["pkey", "-inform", "DER", "-in", "key.der", "-pubout", "-outform", "DER"], { cwd: d });
      assert.deepEqual(out.stdout, Buffer.from(pair.PublicKey), "openssl derives the same public key");
      const hash = spec === "ECC_NIST_EDWARDS25519" ? null : "sha256";
      const sig = sign(hash, bytes("m"), privateKey);
      assert.ok(verify(hash, bytes("m"), spki(pair.PublicKey), sig), "the halves sign and verify together");
      const { Plaintext } = await kms.decrypt({
        CiphertextBlob: pair.PrivateKeyCiphertextBlob,
        EncryptionContext: ctx,
      });
      assert.deepEqual(Plaintext, pair.PrivateKeyPlaintext, "the sealed private key decrypts to the same bytes");
      const without = await kms.generateDataKeyPairWithoutPlaintext({ KeyId: sym.KeyId, KeyPairSpec: spec });
      assert.equal(without.PrivateKeyPlaintext, undefined);
    });
  }
});

describe("RSA keys", () => {
  test("RSA-OAEP by node:crypto decrypts through Decrypt; Encrypt's limits", async () => {
    const kms = await open();
    const { KeyMetadata: key } = await kms.createKey({ KeySpec: "RSA_2048", KeyUsage: "ENCRYPT_DECRYPT" });
    const { PublicKey } = await kms.getPublicKey({ KeyId: key.KeyId });
    for (const [alg, oaepHash, max] of [
      ["RSAES_OAEP_SHA_1", "sha1", 214],
      ["RSAES_OAEP_SHA_256", "sha256", 190],
    ]) {
      const secret = randomBytes(max);
      const ct = publicEncrypt({ key: spki(PublicKey), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, secret);
      const { Plaintext, EncryptionAlgorithm } = await kms.decrypt({
        KeyId: key.KeyId,
        CiphertextBlob: ct,
        EncryptionAlgorithm: alg,
      });
      assert.deepEqual(Buffer.from(Plaintext), secret);
      assert.equal(EncryptionAlgorithm, alg);
      await rejects(
        kms.encrypt({ KeyId: key.KeyId, Plaintext: randomBytes(max + 1), EncryptionAlgorithm: alg }),
        "ValidationException",
        `Algorithm ${alg} and key spec RSA_2048 cannot encrypt data larger than ${max} bytes.`,
      );
    }
  });

  test("an imported RSA key (openssl-wrapped) encrypts and signs as node:crypto's original", async () => {
    const kms = await open();
    const mine = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const enc = await importedKey(kms, "RSA_2048", "ENCRYPT_DECRYPT", mine.privateKey);
    const { CiphertextBlob } = await kms.encrypt({
      KeyId: enc.KeyId,
      Plaintext: bytes("to node"),
      EncryptionAlgorithm: "RSAES_OAEP_SHA_256",
    });
    const plain = privateDecrypt(
      { key: mine.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
      CiphertextBlob,
    );
    assert.equal(plain.toString(), "to node");
    const sig = await importedKey(kms, "RSA_2048", "SIGN_VERIFY", mine.privateKey);
    const nodeSig = sign("sha256", bytes("m"), mine.privateKey);
    const ok = await kms.verify({
      KeyId: sig.KeyId,
      Message: bytes("m"),
      Signature: nodeSig,
      SigningAlgorithm: "RSASSA_PKCS1_V1_5_SHA_256",
    });
    assert.equal(ok.SignatureValid, true, "a node:crypto signature verifies through Verify");
  });
});

describe("kms-wasm wrap with PEM private keys", () => {
  test("an openssl SEC1 EC key and an Ed25519 key wrap, import and sign", async () => {
    const kms = await open();
    const d = await mkdtemp(join(dir, "pem-"));
    await openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec.pem"], { cwd: d });
    await openssl(["genpkey", "-algorithm", "ed25519", "-out", "ed.pem"], { cwd: d });
    for (const [file, spec, alg] of [
      ["ec.pem", "ECC_NIST_P256", "ECDSA_SHA_256"],
      ["ed.pem", "ECC_NIST_EDWARDS25519", "ED25519_SHA_512"],
    ]) {
      const pem = await readFile(join(d, file), "utf8");
      assert.ok(pem.includes("PRIVATE KEY"), pem.slice(0, 40));
      const { KeyMetadata } = await kms.createKey({ KeySpec: spec, KeyUsage: "SIGN_VERIFY", Origin: "EXTERNAL" });
      const params = await kms.getParametersForImport({
        KeyId: KeyMetadata.KeyId,
        WrappingAlgorithm: "RSAES_OAEP_SHA_256",
        WrappingKeySpec: "RSA_2048",
      });
      await writeFile(join(d, "wrapping.der"), params.PublicKey);
      await run(process.execPath, [
        join(ROOT, "bin/kms-wasm.js"),
        "wrap",
        "--public-key",
        join(d, "wrapping.der"),
        "--material",
        join(d, file),
        "--algorithm",
        "RSAES_OAEP_SHA_256",
        "--out",
        join(d, "wrapped.bin"),
      ]);
      await kms.importKeyMaterial({
        KeyId: KeyMetadata.KeyId,
        ImportToken: params.ImportToken,
        EncryptedKeyMaterial: await readFile(join(d, "wrapped.bin")),
        ...NO_EXPIRY,
      });
      const { Signature } = await kms.sign({ KeyId: KeyMetadata.KeyId, Message: bytes("m"), SigningAlgorithm: alg });
      const original = createPublicKey(createPrivateKey(pem));
      const hash = spec === "ECC_NIST_EDWARDS25519" ? null : "sha256";
      assert.ok(verify(hash, bytes("m"), original, Signature), `${spec}: the original public key verifies it`);
    }
  });
});

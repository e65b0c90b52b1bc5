// Signatures made by kms-wasm checked by verifiers nobody here wrote: node:crypto (OpenSSL),
// the openssl command line, WebCrypto (Node's crypto.subtle), @noble/curves (Ed25519ph, which
// OpenSSL 3.0 lacks) and JWTs checked by `jose`. Every signing key spec and algorithm, RAW and
// DIGEST; GetPublicKey's DER loads in each of them. Then the same through @aws-sdk/client-kms
// with requestHandler() and over `kms-wasm serve`.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { constants, createHash, createPublicKey, verify as nodeVerify, webcrypto } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import * as K from "@aws-sdk/client-kms";
import { ed25519ph } from "@noble/curves/ed25519.js";
import { compactVerify, importSPKI } from "jose";
import { bytes, open, rejects } from "./helpers.mjs";
import { clientInProcess, clientOverServe } from "./sdk-support.mjs";

const run = promisify(execFile);
const MESSAGE = bytes("kms-wasm signs this message for independent verifiers");

/** Key spec → [signing algorithms, SubjectPublicKeyInfo length]. */
const SPECS = {
  RSA_2048: [
    [
      "RSASSA_PKCS1_V1_5_SHA_256",
      "RSASSA_PKCS1_V1_5_SHA_384",
      "RSASSA_PKCS1_V1_5_SHA_512",
      "RSASSA_PSS_SHA_256",
      "RSASSA_PSS_SHA_384",
      "RSASSA_PSS_SHA_512",
    ],
    294,
  ],
  ECC_NIST_P256: [["ECDSA_SHA_256"], 91],
  ECC_NIST_P384: [["ECDSA_SHA_384"], 120],
  ECC_NIST_P521: [["ECDSA_SHA_512"], 158],
  ECC_SECG_P256K1: [["ECDSA_SHA_256"], 88],
  ECC_NIST_EDWARDS25519: [["ED25519_SHA_512", "ED25519_PH_SHA_512"], 44],
};

const hashOf = (alg) => `sha${alg.match(/(256|384|512)$/)[1]}`;
const digest = (alg, m) => new Uint8Array(createHash(hashOf(alg)).update(m).digest());

/** node:crypto's verdict on a RAW-message signature. */
function nodeVerdict(alg, spki, sig) {
  const key = createPublicKey({ key: Buffer.from(spki), format: "der", type: "spki" });
  if (alg === "ED25519_SHA_512") return nodeVerify(null, MESSAGE, key, sig);
  const options = { key, dsaEncoding: "der" };
  if (alg.startsWith("RSASSA_PSS")) {
    Object.assign(options, { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST });
  }
  return nodeVerify(hashOf(alg), MESSAGE, options, sig);
}

/** openssl's verdict (`openssl pkeyutl -verify`, the SPKI as DER, the message hashed by openssl). */
async function opensslVerdict(dir, alg, spki, sig) {
  await writeFile(join(dir, "pub.der"), spki);
  await writeFile(join(dir, "msg"), MESSAGE);
  await writeFile(join(dir, "sig"), sig);
  const args = ["pkeyutl", "-verify", "-pubin", "-keyform", "DER", "-inkey", join(dir, "pub.der")];
  args.push("-rawin", "-in", join(dir, "msg"), "-sigfile", join(dir, "sig"));
  if (alg !== "ED25519_SHA_512") args.push("-digest", hashOf(alg));
  if (alg.startsWith("RSASSA_PSS")) {
    args.push("-pkeyopt", "rsa_padding_mode:pss", "-pkeyopt", "rsa_pss_saltlen:digest");
  }
  try {
    const { stdout } = await run("openssl", args);
    return stdout.includes("Signature Verified Successfully");
  } catch {
    return false;
  }
}

/** DER ECDSA SEQUENCE{r, s} → the fixed-width r‖s WebCrypto wants. */
function derToP1363(der, size) {
  let i = 2 + (der[1] & 0x80 ? der[1] & 0x7f : 0);
  const out = new Uint8Array(2 * size);
  for (let n = 0; n < 2; n++) {
    const len = der[i + 1];
    let v = der.subarray(i + 2, i + 2 + len);
    while (v.length > size && v[0] === 0) v = v.subarray(1);
    out.set(v, n * size + size - v.length);
    i += 2 + len;
  }
  return out;
}

const WEBCRYPTO = {
  ECC_NIST_P256: ["P-256", 32],
  ECC_NIST_P384: ["P-384", 48],
  ECC_NIST_P521: ["P-521", 66],
};

/** WebCrypto's verdict where it has the algorithm (not secp256k1, not Ed25519ph), else undefined. */
async function webCryptoVerdict(spec, alg, spki, sig) {
  const { subtle } = webcrypto;
  const hash = `SHA-${hashOf(alg).slice(3)}`;
  if (WEBCRYPTO[spec]) {
    const [namedCurve, size] = WEBCRYPTO[spec];
    const key = await subtle.importKey("spki", spki, { name: "ECDSA", namedCurve }, false, ["verify"]);
    return subtle.verify({ name: "ECDSA", hash }, key, derToP1363(sig, size), MESSAGE);
  }
  if (alg === "ED25519_SHA_512") {
    const key = await subtle.importKey("spki", spki, { name: "Ed25519" }, false, ["verify"]);
    return subtle.verify({ name: "Ed25519" }, key, sig, MESSAGE);
  }
  if (alg.startsWith("RSASSA_PSS")) {
    const key = await subtle.importKey("spki", spki, { name: "RSA-PSS", hash }, false, ["verify"]);
    return subtle.verify({ name: "RSA-PSS", saltLength: Number(hashOf(alg).slice(3)) / 8 }, key, sig, MESSAGE);
  }
  if (alg.startsWith("RSASSA_PKCS1")) {
    const key = await subtle.importKey("spki", spki, { name: "RSASSA-PKCS1-v1_5", hash }, false, ["verify"]);
    return subtle.verify({ name: "RSASSA-PKCS1-v1_5" }, key, sig, MESSAGE);
  }
  return undefined;
}

describe("signatures verify with node:crypto, openssl, WebCrypto and @noble/curves", () => {
  let dir;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "kms-wasm-sign-"));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  for (const [spec, [algorithms, spkiLength]] of Object.entries(SPECS)) {
    test(spec, async () => {
      const kms = await open();
      const { KeyMetadata: key } = await kms.createKey({ KeySpec: spec, KeyUsage: "SIGN_VERIFY" });
      assert.deepEqual(key.SigningAlgorithms, algorithms);
      const pub = await kms.getPublicKey({ KeyId: key.KeyId });
      assert.equal(pub.PublicKey.length, spkiLength);
      assert.equal(pub.KeyId, key.Arn);
      for (const alg of algorithms) {
        if (alg === "ED25519_PH_SHA_512") {
          // Ed25519ph over the caller's 64 bytes, as AWS documents; OpenSSL 3.0 has no Ed25519ph.
          const pre = digest(alg, MESSAGE);
          const { Signature } = await kms.sign({
            KeyId: key.KeyId,
            Message: pre,
            MessageType: "DIGEST",
            SigningAlgorithm: alg,
          });
          const raw = pub.PublicKey.subarray(pub.PublicKey.length - 32);
          assert.ok(ed25519ph.verify(Signature, pre, raw), "Ed25519ph verifies with @noble/curves");
          assert.ok(!ed25519ph.verify(Signature, MESSAGE, raw), "and not over another message");
          continue;
        }
        const { Signature } = await kms.sign({ KeyId: key.KeyId, Message: MESSAGE, SigningAlgorithm: alg });
        assert.equal(nodeVerdict(alg, pub.PublicKey, Signature), true, `${alg}: node:crypto`);
        assert.equal(await opensslVerdict(dir, alg, pub.PublicKey, Signature), true, `${alg}: openssl`);
        const web = await webCryptoVerdict(spec, alg, pub.PublicKey, Signature);
        if (web !== undefined) assert.equal(web, true, `${alg}: WebCrypto`);
        const tampered = Uint8Array.from(Signature);
        tampered[tampered.length >> 1] ^= 1;
        assert.equal(nodeVerdict(alg, pub.PublicKey, tampered), false, `${alg}: node:crypto refuses a tampered one`);
        if (alg !== "ED25519_SHA_512") {
          // DIGEST mode signs the same thing: verifiers that hash the message accept it.
          const d = await kms.sign({
            KeyId: key.KeyId,
            Message: digest(alg, MESSAGE),
            MessageType: "DIGEST",
            SigningAlgorithm: alg,
          });
          assert.equal(nodeVerdict(alg, pub.PublicKey, d.Signature), true, `${alg} DIGEST: node:crypto`);
          assert.equal(await opensslVerdict(dir, alg, pub.PublicKey, d.Signature), true, `${alg} DIGEST: openssl`);
        }
      }
    });
  }

  test("JWTs signed through Sign verify with jose (ES256, RS256, PS256, EdDSA)", async () => {
    const kms = await open();
    const b64url = (b) => Buffer.from(b).toString("base64url");
    const cases = [
      ["ES256", "ECC_NIST_P256", "ECDSA_SHA_256"],
      ["RS256", "RSA_2048", "RSASSA_PKCS1_V1_5_SHA_256"],
      ["PS256", "RSA_2048", "RSASSA_PSS_SHA_256"],
      ["EdDSA", "ECC_NIST_EDWARDS25519", "ED25519_SHA_512"],
    ];
    for (const [jwa, spec, alg] of cases) {
      const { KeyMetadata: key } = await kms.createKey({ KeySpec: spec, KeyUsage: "SIGN_VERIFY" });
      const { PublicKey } = await kms.getPublicKey({ KeyId: key.KeyId });
      const input = `${b64url(JSON.stringify({ alg: jwa, typ: "JWT" }))}.${b64url(JSON.stringify({ sub: "kms-wasm" }))}`;
      const { Signature } = await kms.sign({ KeyId: key.KeyId, Message: bytes(input), SigningAlgorithm: alg });
      // JWS wants ECDSA as r‖s; KMS (like openssl) returns DER.
      const sig = jwa === "ES256" ? derToP1363(Signature, 32) : Signature;
      const pem = createPublicKey({ key: Buffer.from(PublicKey), format: "der", type: "spki" }).export({
        type: "spki",
        format: "pem",
      });
      const { payload } = await compactVerify(`${input}.${b64url(sig)}`, await importSPKI(pem, jwa));
      assert.deepEqual(JSON.parse(Buffer.from(payload).toString()), { sub: "kms-wasm" }, jwa);
    }
  });

  test("Verify refuses what does not verify, with AWS's exceptions", async () => {
    const kms = await open();
    const { KeyMetadata: a } = await kms.createKey({ KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" });
    const { KeyMetadata: b } = await kms.createKey({ KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" });
    const input = { Message: MESSAGE, SigningAlgorithm: "ECDSA_SHA_256" };
    const { Signature } = await kms.sign({ KeyId: a.KeyId, ...input });
    assert.equal((await kms.verify({ KeyId: a.KeyId, ...input, Signature })).SignatureValid, true);
    await rejects(kms.verify({ KeyId: b.KeyId, ...input, Signature }), "KMSInvalidSignatureException", null);
    await rejects(
      kms.sign({ KeyId: a.KeyId, Message: MESSAGE, SigningAlgorithm: "ECDSA_SHA_384" }),
      "InvalidKeyUsageException",
      "Algorithm ECDSA_SHA_384 is incompatible with key spec ECC_NIST_P256.",
    );
    await rejects(
      kms.sign({ KeyId: a.KeyId, Message: MESSAGE, MessageType: "DIGEST", SigningAlgorithm: "ECDSA_SHA_256" }),
      "ValidationException",
      "Digest is invalid length for algorithm ECDSA_SHA_256.",
    );
    const events = JSON.stringify(await kms.auditLog({ keyId: a.KeyId }));
    assert.ok(events.includes('"Sign"') && events.includes('"Verify"'));
    assert.ok(!events.includes(Buffer.from(Signature).toString("base64")), "no signature in the audit log");
    assert.ok(!events.includes(Buffer.from(MESSAGE).toString("base64")), "no message in the audit log");
  });
});

/** Sign, Verify and GetPublicKey through an SDK client; the signature checked by node:crypto. */
async function sdkRoundTrip(client) {
  const send = (c) => client.send(c);
  for (const [spec, alg] of [
    ["ECC_NIST_P384", "ECDSA_SHA_384"],
    ["ECC_NIST_EDWARDS25519", "ED25519_SHA_512"],
    ["RSA_2048", "RSASSA_PSS_SHA_512"],
  ]) {
    const { KeyMetadata: key } = await send(new K.CreateKeyCommand({ KeySpec: spec, KeyUsage: "SIGN_VERIFY" }));
    const pub = await send(new K.GetPublicKeyCommand({ KeyId: key.KeyId }));
    assert.equal(pub.KeySpec, spec);
    const { Signature } = await send(new K.SignCommand({ KeyId: key.KeyId, Message: MESSAGE, SigningAlgorithm: alg }));
    assert.equal(nodeVerdict(alg, pub.PublicKey, Signature), true, `${spec}: node:crypto`);
    const ok = await send(
      new K.VerifyCommand({ KeyId: key.KeyId, Message: MESSAGE, SigningAlgorithm: alg, Signature }),
    );
    assert.equal(ok.SignatureValid, true);
    const bad = Uint8Array.from(Signature);
    bad[4] ^= 1;
    await assert.rejects(
      send(new K.VerifyCommand({ KeyId: key.KeyId, Message: MESSAGE, SigningAlgorithm: alg, Signature: bad })),
      (e) => e instanceof K.KMSInvalidSignatureException,
    );
  }
}

describe("Sign, Verify and GetPublicKey through @aws-sdk/client-kms", () => {
  test("requestHandler()", async () => {
    const kms = await open();
    const client = clientInProcess(kms);
    await sdkRoundTrip(client);
  });

  describe("over kms-wasm serve", () => {
    const serve = clientOverServe();
    test("every call", () => sdkRoundTrip(serve.client));
  });
});

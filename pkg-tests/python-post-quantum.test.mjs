// Python and the post-quantum keys: boto3 (the project's .venv) drives ML-DSA-65 and ML-KEM-768
// keys over `kms-wasm serve --seed`, and what it gets back is checked with @noble/post-quantum;
// pyca/cryptography (OpenSSL's ML-DSA and ML-KEM) checks kms-wasm's signatures, μ, public keys,
// PKCS#8 seed forms and ciphertexts, and kms-wasm checks pyca's. pyca runs with
// KMS_WASM_PYCA_PYTHON, else .venv/bin/python, where scripts/setup.sh installs cryptography;
// without one that has ML-DSA the test fails and says how to install it.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { open, ROOT, startServer } from "./helpers.mjs";
import { b64, DSA, hex, KEM, knownKeys, MESSAGE, mu, rawOf, spkiOf, unb64 } from "./post-quantum-support.mjs";
import { needs } from "./prerequisites.mjs";
import { ENV, PY } from "./python-support.mjs";

const run = promisify(execFile);
const { doc, keys } = knownKeys();
const ALG = "ML_DSA_SHAKE_256";

/** Runs a script of pkg-tests/ (stdin from `input`): its first line, and its last line parsed as JSON. */
function python(interpreter, script, args, input) {
  return new Promise((resolve, reject) => {
    const child = execFile(
      interpreter,
      [join(ROOT, "pkg-tests", script), ...args],
      { env: ENV, timeout: 120_000 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`${script} failed (exit ${error.code}):\n${stdout}\n${stderr}`));
        const lines = stdout.trim().split("\n");
        resolve({ first: lines[0], json: JSON.parse(lines.at(-1)) });
      },
    );
    child.stdin.end(input ?? "");
  });
}

describe("boto3 and the post-quantum keys against kms-wasm serve --seed", { skip: needs.python.skip }, () => {
  let server;
  let dir;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "kms-wasm-pq-py-"));
    const seedFile = join(dir, "seed.json");
    await writeFile(seedFile, JSON.stringify(doc));
    server = await startServer(["--seed", seedFile]);
  });
  after(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test("boto3: ML-DSA-65 and ML-KEM-768, checked with noble", async () => {
    needs.python.require();
    const dsa = keys.ML_DSA_65;
    const kem = keys.ML_KEM_768;
    const theirs = KEM.ML_KEM_768.noble.encapsulate(kem.publicKey);
    const given = {
      dsaKeyId: dsa.KeyId,
      kemKeyId: kem.KeyId,
      message: b64(MESSAGE),
      nobleSignature: b64(DSA.ML_DSA_65.noble.sign(MESSAGE, dsa.secretKey)),
      nobleCiphertext: b64(theirs.cipherText),
    };
    const { first, json: r } = await python(PY, "boto3_post_quantum.py", [server.url, JSON.stringify(given)]);
    assert.match(first, /^boto3 post-quantum: OK \(\d+ checks\)$/);
    const { noble } = DSA.ML_DSA_65;
    const raw = rawOf(unb64(r.dsaPublicKey));
    assert.deepEqual(unb64(r.dsaPublicKey), spkiOf(DSA.ML_DSA_65.oid, raw));
    assert.equal(noble.verify(unb64(r.signature), MESSAGE, raw), true, "noble verifies boto3's signature");
    assert.equal(hex(unb64(r.mu)), hex(mu(raw, MESSAGE)), "hashlib's μ = node:crypto's μ");
    assert.equal(noble.internal.verify(unb64(r.signature), unb64(r.mu), raw, { externalMu: true }), true);
    const expected = noble.sign(MESSAGE, dsa.secretKey, { extraEntropy: false });
    assert.equal(hex(unb64(r.knownSignature)), hex(expected), "the known key signs as noble does");
    const secret = KEM.ML_KEM_768.noble.decapsulate(unb64(r.knownCiphertext), kem.secretKey);
    assert.equal(hex(secret), hex(unb64(r.knownSharedSecret)), "noble decapsulates boto3's Encapsulate");
    assert.equal(hex(unb64(r.nobleSecret)), hex(theirs.sharedSecret), "boto3's Decapsulate of noble's ciphertext");
    const pair = unb64(r.pairPrivateKey);
    const mine = KEM.ML_KEM_768.noble.keygen(pair.subarray(22));
    assert.equal(hex(unb64(r.pairPublicKey)), hex(spkiOf(KEM.ML_KEM_768.oid, mine.publicKey)), "the data key pair");
    assert.equal(unb64(r.kemPublicKey).length, KEM.ML_KEM_768.spki);
  });
});

/** The interpreter with pyca/cryptography's ML-DSA, or why there is none. */
async function pycaPython() {
  const interpreter = process.env.KMS_WASM_PYCA_PYTHON ?? PY;
  const probe =
    "import cryptography; from cryptography.hazmat.primitives.asymmetric import mldsa, mlkem; " +
    "from cryptography.hazmat.backends.openssl import backend as b; " +
    "assert b.mldsa_supported(), 'OpenSSL without ML-DSA'; print(cryptography.__version__, b.openssl_version_text())";
  try {
    const { stdout } = await run(interpreter, ["-c", probe], { env: ENV });
    return { interpreter, version: stdout.trim() };
  } catch (e) {
    const why = `${e.stderr ?? e.message}`.trim().split("\n").at(-1);
    return {
      missing:
        `${interpreter} has no pyca/cryptography with ML-DSA (${why}): install it with \`npm run setup\` ` +
        "(scripts/setup.sh), name another interpreter with KMS_WASM_PYCA_PYTHON, or set KMS_WASM_SKIP_PYTHON=1",
    };
  }
}

test("pyca/cryptography (OpenSSL) and kms-wasm check each other's ML-DSA and ML-KEM", {
  skip: needs.python.skip,
}, async (t) => {
  const pyca = await pycaPython();
  if (pyca.missing) throw new Error(pyca.missing);
  t.diagnostic(`pyca/cryptography ${pyca.version}`);
  const kms = await open({ seed: doc });
  const given = { dsa: [], kem: [] };
  for (const spec of Object.keys(DSA)) {
    const k = keys[spec];
    const spki = (await kms.getPublicKey({ KeyId: k.KeyId })).PublicKey;
    const { Signature } = await kms.sign({ KeyId: k.KeyId, Message: MESSAGE, SigningAlgorithm: ALG });
    const entry = { spec, seed: b64(k.seed), spki: b64(spki), pkcs8: b64(k.pkcs8), message: b64(MESSAGE) };
    given.dsa.push({ ...entry, signature: b64(Signature), mu: b64(mu(rawOf(spki), MESSAGE)) });
  }
  // pyca/cryptography has no ML-KEM-512 (only MLKEM768 and MLKEM1024 classes).
  for (const spec of ["ML_KEM_768", "ML_KEM_1024"]) {
    const k = keys[spec];
    const spki = (await kms.getPublicKey({ KeyId: k.KeyId })).PublicKey;
    const enc = await kms.encapsulate({ KeyId: k.KeyId, EncapsulationAlgorithm: "ML_KEM" });
    given.kem.push({
      spec,
      seed: b64(k.seed),
      spki: b64(spki),
      pkcs8: b64(k.pkcs8),
      ciphertext: b64(enc.SharedSecretCiphertextBlob),
      secret: b64(enc.SharedSecret),
    });
  }
  const { KeyMetadata: sym } = await kms.createKey({});
  const pair = await kms.generateDataKeyPair({ KeyId: sym.KeyId, KeyPairSpec: "ML_KEM_768" });
  given.pair = { pkcs8: b64(pair.PrivateKeyPlaintext), spki: b64(pair.PublicKey) };

  const { first, json: r } = await python(pyca.interpreter, "pyca_post_quantum.py", [], JSON.stringify(given));
  assert.match(first, /^pyca post-quantum: OK \(\d+ checks\)$/);
  assert.equal(r.dsa.length, 3);
  for (const { spec, signature, muSignature } of r.dsa) {
    const k = keys[spec];
    for (const [what, sig] of [
      ["RAW", signature],
      ["μ", muSignature],
    ]) {
      const input = { KeyId: k.KeyId, Message: MESSAGE, Signature: unb64(sig), SigningAlgorithm: ALG };
      assert.equal((await kms.verify(input)).SignatureValid, true, `${spec}: Verify takes OpenSSL's ${what} signature`);
    }
  }
  assert.equal(r.kem.length, 2);
  for (const { spec, secret, ciphertext } of r.kem) {
    const input = {
      KeyId: keys[spec].KeyId,
      EncapsulationAlgorithm: "ML_KEM",
      SharedSecretCiphertextBlob: unb64(ciphertext),
    };
    const dec = await kms.decapsulate(input);
    assert.equal(hex(dec.SharedSecret), hex(unb64(secret)), `${spec}: Decapsulate of OpenSSL's encapsulation`);
  }
});

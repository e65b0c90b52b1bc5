// Key policies and grants judged per caller over `kms-wasm serve` with two --credentials
// (issue 18), from Python's boto3 and the AWS CLI: Bob is denied Decrypt by the key policy,
// Alice is not; a grant lets Bob in under its constraint until it is retired.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { ACCOUNT, ROOT, startServer, tempDir } from "./helpers.mjs";
import { needs } from "./prerequisites.mjs";
import { AWS, ENV, PY } from "./python-support.mjs";

const run = promisify(execFile);
const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;
const BOB = `arn:aws:iam::${ACCOUNT}:user/bob`;

describe("boto3 and the AWS CLI as two principals against kms-wasm serve", { skip: needs.python.skip }, () => {
  let server;
  before(async () => {
    server = await startServer([
      "--credentials",
      `AKIDALICE:alice-secret:${ALICE}`,
      "--credentials",
      `AKIDBOB:bob-secret:${BOB}`,
    ]);
  });
  after(() => server?.stop());

  test("boto3: an explicit Deny stops Bob's Decrypt only; the lockout check", async (t) => {
    needs.python.require();
    let out;
    try {
      out = await run(PY, [join(ROOT, "pkg-tests/boto3_access.py"), server.url, ALICE, BOB], {
        env: ENV,
        timeout: 60_000,
      });
    } catch (e) {
      assert.fail(`boto3_access.py failed (exit ${e.code}):\n${e.stdout}\n${e.stderr}`);
    }
    const [summary, keyId] = out.stdout.trim().split("\n");
    assert.match(summary, /^boto3 access: OK \(5 checks\)$/);

    // The AWS CLI, as each principal, against the same key.
    const as = (accessKey, secret) => ({ ...ENV, AWS_ACCESS_KEY_ID: accessKey, AWS_SECRET_ACCESS_KEY: secret });
    const cli = (env, ...args) =>
      run(AWS, ["--endpoint-url", server.url, "--output", "json", "kms", ...args], { env, timeout: 60_000 });
    // Blobs go through files (fileb://), as the CLI reads binary input.
    const dir = await tempDir(t);
    const plain = join(dir, "plain.bin");
    const sealed = join(dir, "sealed.bin");
    await writeFile(plain, "hi");
    const enc = await cli(as("AKIDBOB", "bob-secret"), "encrypt", "--key-id", keyId, "--plaintext", `fileb://${plain}`);
    await writeFile(sealed, Buffer.from(JSON.parse(enc.stdout).CiphertextBlob, "base64"));
    const dec = await cli(as("AKIDALICE", "alice-secret"), "decrypt", "--ciphertext-blob", `fileb://${sealed}`);
    assert.equal(Buffer.from(JSON.parse(dec.stdout).Plaintext, "base64").toString(), "hi");
    const refused = await cli(as("AKIDBOB", "bob-secret"), "decrypt", "--ciphertext-blob", `fileb://${sealed}`).then(
      () => assert.fail("Bob decrypted with the CLI"),
      (e) => e,
    );
    assert.match(refused.stderr, /AccessDeniedException/);
    assert.match(refused.stderr, /with an explicit deny in a resource-based policy/);
  });

  test("boto3: a grant lets Bob encrypt and decrypt under its constraint, until Alice retires it", async () => {
    needs.python.require();
    let out;
    try {
      out = await run(PY, [join(ROOT, "pkg-tests/boto3_grants.py"), server.url, ALICE, BOB], {
        env: ENV,
        timeout: 60_000,
      });
    } catch (e) {
      assert.fail(`boto3_grants.py failed (exit ${e.code}):\n${e.stdout}\n${e.stderr}`);
    }
    assert.match(out.stdout.trim(), /^boto3 grants: OK \(8 checks\)$/);
  });
});

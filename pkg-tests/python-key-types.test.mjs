// boto3 and the AWS CLI (from the project's .venv) run every key type's operations against a
// spawned `kms-wasm serve`; the signatures they get back are checked with node:crypto.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createPublicKey, verify } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { ROOT, startServer, tempDir } from "./helpers.mjs";
import { needs } from "./prerequisites.mjs";
import { AWS, ENV, PY } from "./python-support.mjs";

const run = promisify(execFile);
const spki = (der) => createPublicKey({ key: Buffer.from(der), format: "der", type: "spki" });

describe("Python clients and every key type against kms-wasm serve", { skip: needs.python.skip }, () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(() => server?.stop());

  test("boto3: HMAC, RSA, ECC, Ed25519, ECDH and data key pairs", async () => {
    needs.python.require();
    let out;
    try {
      out = await run(PY, [join(ROOT, "pkg-tests/boto3_key_types.py"), server.url], { env: ENV, timeout: 60_000 });
    } catch (e) {
      assert.fail(`boto3_key_types.py failed (exit ${e.code}):\n${e.stdout}\n${e.stderr}`);
    }
    const lines = out.stdout.trim().split("\n");
    assert.match(lines[0], /boto3 key types: OK \(\d+ checks\)/);
    const { publicKey, signature, message } = JSON.parse(lines[1]);
    const b = (s) => Buffer.from(s, "base64");
    assert.ok(verify("sha256", b(message), spki(b(publicKey)), b(signature)), "node:crypto verifies boto3's signature");
  });

  test("AWS CLI: create-key, sign, verify, get-public-key", async (t) => {
    needs.python.require();
    const dir = await tempDir(t);
    const cli = async (...args) => {
      try {
        const { stdout } = await run(AWS, ["--endpoint-url", server.url, "--output", "json", "kms", ...args], {
          env: ENV,
          timeout: 60_000,
        });
        return JSON.parse(stdout);
      } catch (e) {
        assert.fail(`aws kms ${args.join(" ")} failed (exit ${e.code}):\n${e.stdout}\n${e.stderr}`);
      }
    };
    const msg = join(dir, "msg.bin");
    await writeFile(msg, "signed by the AWS CLI");
    const { KeyMetadata } = await cli("create-key", "--key-spec", "ECC_NIST_P384", "--key-usage", "SIGN_VERIFY");
    const signed = await cli(
      "sign",
      "--key-id",
      KeyMetadata.KeyId,
      "--message",
      `fileb://${msg}`,
      "--signing-algorithm",
      "ECDSA_SHA_384",
    );
    const { PublicKey } = await cli("get-public-key", "--key-id", KeyMetadata.KeyId);
    const sig = Buffer.from(signed.Signature, "base64");
    assert.ok(verify("sha384", await readFile(msg), spki(Buffer.from(PublicKey, "base64")), sig), "node:crypto");
    await writeFile(join(dir, "sig.bin"), sig);
    const ok = await cli(
      "verify",
      "--key-id",
      KeyMetadata.KeyId,
      "--message",
      `fileb://${msg}`,
      "--signature",
      `fileb://${join(dir, "sig.bin")}`,
      "--signing-algorithm",
      "ECDSA_SHA_384",
    );
    assert.equal(ok.SignatureValid, true);
  });
});

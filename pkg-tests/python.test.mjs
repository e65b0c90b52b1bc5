// boto3 and the AWS CLI (from the project's .venv) against a spawned `kms-wasm serve`.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { ACCOUNT, REGION, ROOT, SAMPLE_POLICY, startServer, tempDir } from "./helpers.mjs";
import { needs } from "./prerequisites.mjs";
import { AWS, ENV, PY } from "./python-support.mjs";

const run = promisify(execFile);
describe("Python clients against kms-wasm serve", { skip: needs.python.skip }, () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(() => server?.stop());

  test("boto3 smoke script (every in-scope operation)", async () => {
    needs.python.require();
    let out;
    try {
      out = await run(PY, [join(ROOT, "pkg-tests/boto3_smoke.py"), server.url], { env: ENV, timeout: 60_000 });
    } catch (e) {
      assert.fail(`boto3_smoke.py failed (exit ${e.code}):\n${e.stdout}\n${e.stderr}`);
    }
    assert.match(out.stdout, /boto3 smoke: OK \(\d+ checks\)/);
  });

  test("AWS CLI: every in-scope operation, and an error", async (t) => {
    needs.python.require();
    const dir = await tempDir(t);
    const cli = async (...args) => {
      try {
        const { stdout } = await run(AWS, ["--endpoint-url", server.url, "--output", "json", "kms", ...args], {
          env: ENV,
          timeout: 60_000,
        });
        return stdout.trim() === "" ? {} : JSON.parse(stdout);
      } catch (e) {
        assert.fail(`aws kms ${args.join(" ")} failed (exit ${e.code}):\n${e.stdout}\n${e.stderr}`);
      }
    };
    const arn = (id) => `arn:aws:kms:${REGION}:${ACCOUNT}:key/${id}`;
    const file = async (name, data) => {
      const p = join(dir, name);
      await writeFile(p, data);
      return `fileb://${p}`;
    };

    const { KeyMetadata: k1 } = await cli("create-key", "--description", "cli", "--tags", "TagKey=team,TagValue=cli");
    assert.equal(k1.Arn, arn(k1.KeyId));
    assert.equal(typeof k1.CreationDate, "number", "the CLI prints epoch seconds");
    const { KeyMetadata: k2 } = await cli("create-key");
    assert.equal((await cli("describe-key", "--key-id", k1.Arn)).KeyMetadata.Description, "cli");
    const listed = (await cli("list-keys", "--page-size", "1")).Keys.map((k) => k.KeyId);
    assert.ok(listed.includes(k1.KeyId) && listed.includes(k2.KeyId), "list-keys pages through Marker");
    await cli("update-key-description", "--key-id", k1.KeyId, "--description", "renamed");
    await cli("disable-key", "--key-id", k2.KeyId);
    assert.equal((await cli("describe-key", "--key-id", k2.KeyId)).KeyMetadata.KeyState, "Disabled");
    await cli("enable-key", "--key-id", k2.KeyId);
    await cli("tag-resource", "--key-id", k1.KeyId, "--tags", "TagKey=env,TagValue=dev");
    await cli("untag-resource", "--key-id", k1.KeyId, "--tag-keys", "team");
    assert.deepEqual((await cli("list-resource-tags", "--key-id", k1.KeyId)).Tags, [
      { TagKey: "env", TagValue: "dev" },
    ]);
    assert.match(
      (await cli("get-key-policy", "--key-id", k1.KeyId, "--policy-name", "default")).Policy,
      /key-default-1/,
    );
    await cli("put-key-policy", "--key-id", k1.KeyId, "--policy-name", "default", "--policy", SAMPLE_POLICY);
    assert.deepEqual((await cli("list-key-policies", "--key-id", k1.KeyId)).PolicyNames, ["default"]);
    await cli("create-alias", "--alias-name", "alias/cli", "--target-key-id", k1.KeyId);
    assert.deepEqual(
      (await cli("list-aliases", "--key-id", k1.KeyId)).Aliases.map((a) => a.AliasName),
      ["alias/cli"],
    );

    const enc = await cli(
      "encrypt",
      "--key-id",
      "alias/cli",
      "--plaintext",
      await file("p.bin", "from the cli"),
      "--encryption-context",
      "app=cli",
    );
    assert.equal(enc.KeyId, k1.Arn);
    const ct = await file("ct.bin", Buffer.from(enc.CiphertextBlob, "base64"));
    const dec = await cli("decrypt", "--ciphertext-blob", ct, "--encryption-context", "app=cli");
    assert.equal(Buffer.from(dec.Plaintext, "base64").toString(), "from the cli");
    const re = await cli(
      "re-encrypt",
      "--ciphertext-blob",
      ct,
      "--source-encryption-context",
      "app=cli",
      "--destination-key-id",
      k2.KeyId,
    );
    assert.deepEqual([re.SourceKeyId, re.KeyId], [k1.Arn, k2.Arn]);
    const dk = await cli("generate-data-key", "--key-id", k1.KeyId, "--key-spec", "AES_256");
    assert.equal(Buffer.from(dk.Plaintext, "base64").length, 32);
    const dkw = await cli("generate-data-key-without-plaintext", "--key-id", k1.KeyId, "--number-of-bytes", "16");
    assert.equal(dkw.Plaintext, undefined);
    assert.equal(Buffer.from((await cli("generate-random", "--number-of-bytes", "16")).Plaintext, "base64").length, 16);

    await cli("update-alias", "--alias-name", "alias/cli", "--target-key-id", k2.KeyId);
    assert.equal((await cli("describe-key", "--key-id", "alias/cli")).KeyMetadata.KeyId, k2.KeyId);
    await cli("delete-alias", "--alias-name", "alias/cli");
    const sch = await cli("schedule-key-deletion", "--key-id", k2.KeyId, "--pending-window-in-days", "7");
    assert.deepEqual([sch.KeyId, sch.KeyState, sch.PendingWindowInDays], [k2.Arn, "PendingDeletion", 7]);
    assert.equal((await cli("cancel-key-deletion", "--key-id", k2.KeyId)).KeyId, k2.Arn);

    const missing = "0b3c5d7e-1234-4abc-8def-0123456789ab";
    const err = await run(AWS, ["--endpoint-url", server.url, "kms", "describe-key", "--key-id", missing], {
      env: ENV,
      timeout: 60_000,
    }).then(
      () => null,
      (e) => e,
    );
    assert.ok(err, "describe-key of a missing key must fail");
    assert.notEqual(err.code, 0);
    assert.match(
      err.stderr,
      new RegExp(
        `An error occurred \\(NotFoundException\\) when calling the DescribeKey operation: Key '${arn(missing).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}' does not exist`,
      ),
    );
    const disabled = await run(
      AWS,
      ["--endpoint-url", server.url, "kms", "encrypt", "--key-id", k2.KeyId, "--plaintext", await file("x.bin", "x")],
      { env: ENV, timeout: 60_000 },
    ).then(
      () => null,
      (e) => e,
    );
    assert.ok(disabled, "encrypt with a Disabled key (after cancel) must fail");
    assert.match(
      disabled.stderr,
      /An error occurred \(DisabledException\) when calling the Encrypt operation: .* is disabled\./,
    );
  });
});

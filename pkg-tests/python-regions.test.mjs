// Many Regions and multi-Region keys from Python: boto3 with one client per Region against one
// `kms-wasm serve` (boto3_multi_region.py): per-Region keys and aliases, ReplicateKey, decryption
// across Regions, UpdatePrimaryRegion; then the endpoint's audit trail, Region by Region.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { ACCOUNT, ROOT, startServer } from "./helpers.mjs";
import { needs } from "./prerequisites.mjs";
import { ENV, PY } from "./python-support.mjs";

const run = promisify(execFile);
const EU = "eu-west-1";

describe("boto3 with a client per Region against kms-wasm serve", { skip: needs.python.skip }, () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(() => server?.stop());

  test("boto3: per-Region keys and aliases, a multi-Region key replicated and moved", async () => {
    needs.python.require();
    let out;
    try {
      out = await run(PY, [join(ROOT, "pkg-tests/boto3_multi_region.py"), server.url], { env: ENV, timeout: 60_000 });
    } catch (e) {
      assert.fail(`boto3_multi_region.py failed (exit ${e.code}):\n${e.stdout}\n${e.stderr}`);
    }
    const [summary, keyId] = out.stdout.trim().split("\n");
    assert.match(summary, /^boto3 multi-Region: OK \(29 checks\)$/);
    assert.match(keyId, /^mrk-[0-9a-f]{32}$/);

    // The replica's creation is KMS's own event in eu-west-1; the calls are each in their Region.
    const { events } = await (await fetch(`${server.url}/_kms/audit?keyId=${keyId}`)).json();
    const inEu = events.filter((e) => e.awsRegion === EU);
    const created = inEu.find((e) => e.eventName === "CreateKey");
    assert.ok(created, `eu-west-1 events: ${inEu.map((e) => e.eventName)}`);
    assert.equal(created.eventType, "AwsServiceEvent");
    assert.equal(created.resources[0].ARN, `arn:aws:kms:${EU}:${ACCOUNT}:key/${keyId}`);
    const decrypts = events.filter((e) => e.eventName === "Decrypt" && !e.errorCode);
    assert.deepEqual(
      decrypts.map((e) => e.awsRegion),
      [EU, EU, "us-east-1", "us-east-1"],
    );
    // The ReplicateKey call itself is recorded where it was made, the primary's Region ("A
    // ReplicateKey request results in a ReplicateKey operation and a CreateKey operation",
    // https://docs.aws.amazon.com/kms/latest/developerguide/ct-replicate-key.html).
    const replicate = events.find((e) => e.eventName === "ReplicateKey" && !e.errorCode);
    assert.equal(replicate.awsRegion, "us-east-1", `ReplicateKey recorded in ${replicate.awsRegion}`);
  });
});

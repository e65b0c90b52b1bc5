// `startServer` ("kms-wasm/server"): the endpoint started from JS as a test suite's global setup
// would: a free port, the AWS SDK over HTTP against the same service as `server.kms`, the CLI's
// options (seed, Region, credentials, wrapping keys prepared after start, a given service),
// GET /_kms/health, bad options refused before anything opens, and close().
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { describe, test } from "node:test";
import { CreateKeyCommand, DescribeKeyCommand, KMSClient, ListKeysCommand } from "@aws-sdk/client-kms";
import { KeyManagementService } from "kms-wasm";
import { ServerOptionError, startServer } from "kms-wasm/server";
import { tempDir } from "./helpers.mjs";

const client = (url, region = "us-east-1", credentials = { accessKeyId: "test", secretAccessKey: "test" }) =>
  new KMSClient({ region, endpoint: url, credentials, maxAttempts: 1 });
const health = (url) => fetch(`${url}/_kms/health`).then(async (r) => ({ status: r.status, body: await r.json() }));
const SEED = { Keys: [{ KeyId: "11111111-2222-4333-8444-555555555555", Description: "seeded", Region: "eu-west-1" }] };

describe("startServer", () => {
  test("port 0, the SDK over HTTP and server.kms see the same keys; health; close() frees the port", async () => {
    const server = await startServer({ port: 0 });
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(server.port > 0);
    assert.deepEqual(server.warnings, []);
    const h = await health(server.url);
    assert.equal(h.status, 200);
    assert.equal(h.body.status, "ok");
    assert.match(h.body.version, /^\d+\.\d+\.\d+/);
    const { KeyMetadata } = await client(server.url).send(new CreateKeyCommand({ Description: "over HTTP" }));
    const inProcess = await server.kms.describeKey({ KeyId: KeyMetadata.KeyId });
    assert.equal(inProcess.KeyMetadata.Description, "over HTTP");
    await server.close();
    await server.close(); // idempotent
    await assert.rejects(fetch(`${server.url}/_kms/health`));
    await assert.rejects(server.kms.listKeys({}), /closed/);
    // The port is free again.
    await new Promise((resolve, reject) => {
      const probe = createServer().once("error", reject);
      probe.listen(server.port, "127.0.0.1", () => probe.close(resolve));
    });
  });

  test("a seed document with a Region, region/accountId options, and signatures checked against credentials", async () => {
    const server = await startServer({
      port: 0,
      seed: SEED,
      accountId: "444455556666",
      credentials: [
        { accessKeyId: "AKIDGOOD", secretAccessKey: "good-secret" },
        "AKIDBOB:bob-secret:arn:aws:iam::444455556666:user/bob",
      ],
    });
    try {
      assert.deepEqual(server.accessKeyIds.sort(), ["AKIDBOB", "AKIDGOOD"]);
      const eu = client(server.url, "eu-west-1", { accessKeyId: "AKIDGOOD", secretAccessKey: "good-secret" });
      const d = await eu.send(new DescribeKeyCommand({ KeyId: SEED.Keys[0].KeyId }));
      assert.equal(d.KeyMetadata.Arn, `arn:aws:kms:eu-west-1:444455556666:key/${SEED.Keys[0].KeyId}`);
      const wrong = client(server.url, "eu-west-1", { accessKeyId: "AKIDGOOD", secretAccessKey: "not-it" });
      await assert.rejects(wrong.send(new ListKeysCommand({})), { name: "InvalidSignatureException" });
      // Health needs no signature: a readiness probe signs nothing.
      assert.equal((await health(server.url)).status, 200);
      const unsigned = await fetch(`${server.url}/_kms/clock`);
      assert.equal(unsigned.status, 403); // the other /_kms/ routes do
    } finally {
      await server.close();
    }
  });

  test("prepareWrappingKeys: listening at once, health says preparing then ready, the keys are used", async () => {
    const server = await startServer({ port: 0, prepareWrappingKeys: "RSA_2048,RSA_4096" });
    try {
      const first = await health(server.url);
      assert.ok(["preparing", "ready"].includes(first.body.wrappingKeys), first.body.wrappingKeys);
      await server.wrappingKeysReady;
      assert.equal((await health(server.url)).body.wrappingKeys, "ready");
      const { KeyMetadata } = await server.kms.createKey({ Origin: "EXTERNAL" });
      for (const WrappingKeySpec of ["RSA_2048", "RSA_4096"]) {
        const p = await server.kms.getParametersForImport({
          KeyId: KeyMetadata.KeyId,
          WrappingAlgorithm: "RSAES_OAEP_SHA_256",
          WrappingKeySpec,
        });
        assert.ok(p.PublicKey.length > 256);
      }
    } finally {
      await server.close();
    }
  });

  test("serving an open service leaves it open after close()", async () => {
    const kms = await KeyManagementService.open({ storage: "memory" });
    const server = await startServer({ port: 0, kms });
    assert.equal(server.kms, kms);
    await client(server.url).send(new CreateKeyCommand({}));
    await server.close();
    assert.equal((await kms.listKeys({})).Keys.length, 1);
    await kms.close();
  });

  test("bad options are ServerOptionErrors naming the option, before any file is opened", async (t) => {
    const dir = await tempDir(t);
    const data = join(dir, "state.json");
    const cases = [
      [{ port: 70000, data }, "port"],
      [{ port: "x", data }, "port"],
      [{ allowHost: "a b", data }, "allowHost"],
      [{ allowOrigin: "not a url", data }, "allowOrigin"],
      [{ credentials: ["no-secret"], data }, "credentials"],
      [{ passphrase: "p" }, "passphrase"],
      [{ takeOverLock: true }, "takeOverLock"],
      [{ prepareWrappingKeys: "RSA_1024", data }, "prepareWrappingKeys"],
      [{ prepareWrappingKeys: { RSA_2048: -1 }, data }, "prepareWrappingKeys"],
    ];
    for (const [options, option] of cases) {
      await assert.rejects(startServer(options), (e) => {
        assert.ok(e instanceof ServerOptionError && e instanceof TypeError, String(e));
        assert.equal(e.option, option);
        assert.ok(e.message.startsWith(`${option} `), e.message);
        return true;
      });
    }
    assert.equal(existsSync(data), false, "no state file was created");
  });

  test("a port in use rejects, and the service it opened is closed (its state file can be opened again)", async (t) => {
    const dir = await tempDir(t);
    const data = join(dir, "state.json");
    const first = await startServer({ port: 0 });
    try {
      await assert.rejects(startServer({ port: first.port, data }), { code: "EADDRINUSE" });
      const again = await KeyManagementService.open({ file: data });
      await again.close();
    } finally {
      await first.close();
    }
  });
});

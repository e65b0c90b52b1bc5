// Who may call (issue 8): `kms-wasm serve --credentials AK:SECRET[:principal]` verifies every
// request's SigV4 signature (the AWS endpoint and /_kms/ routes) with the real algorithm and
// the real clock, and answers AWS's errors; tested with @aws-sdk/client-kms, boto3 and raw
// signed requests. Without --credentials any credentials are accepted (the other suites).
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash, createHmac } from "node:crypto";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { CreateKeyCommand, DecryptCommand, EncryptCommand, KMSClient, ListKeysCommand } from "@aws-sdk/client-kms";
import { SignatureV4 } from "@smithy/signature-v4";
import { exposureWarning } from "../js/server/auth.js";
import { post, REGION, ROOT, startServer } from "./helpers.mjs";
import { needs } from "./prerequisites.mjs";

const GOOD = { accessKeyId: "AKIAEMULATORALICE", secretAccessKey: "alice/secret+Key0123456789abcdefghijklmn" };
const OTHER = { accessKeyId: "AKIAEMULATORBOB", secretAccessKey: "bob-secret" };
const PRINCIPAL = "arn:aws:iam::111122223333:user/alice";
const PY = join(ROOT, ".venv/bin/python");

/** The hash the signer wants, from node:crypto. */
class Sha256 {
  constructor(secret) {
    this.h = secret ? createHmac("sha256", secret) : createHash("sha256");
  }
  update(data) {
    this.h.update(data);
  }
  async digest() {
    return new Uint8Array(this.h.digest());
  }
}

const client = (url, credentials) => new KMSClient({ endpoint: url, region: REGION, credentials, maxAttempts: 1 });

async function sdkError(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail("the call succeeded");
}

/** A raw signed request (the SDK's own signer), optionally signed at another time. */
async function signedFetch(
  url,
  { op = "ListKeys", body = "{}", path = "/", method = "POST", credentials = GOOD, signingDate } = {},
) {
  const u = new URL(url);
  const signer = new SignatureV4({ service: "kms", region: REGION, credentials, sha256: Sha256 });
  const request = {
    method,
    protocol: "http:",
    hostname: u.hostname,
    port: Number(u.port),
    path,
    query: {},
    headers: { host: u.host, "content-type": "application/x-amz-json-1.1", "x-amz-target": `TrentService.${op}` },
    body: method === "GET" ? undefined : body,
  };
  const signed = await signer.sign(request, signingDate ? { signingDate } : {});
  const r = await fetch(url + path, { method, headers: signed.headers, body: signed.body });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : {} };
}

describe("kms-wasm serve --credentials", () => {
  let server;
  before(async () => {
    server = await startServer([
      "--credentials",
      `${GOOD.accessKeyId}:${GOOD.secretAccessKey}:${PRINCIPAL}`,
      "--credentials",
      `${OTHER.accessKeyId}:${OTHER.secretAccessKey}`,
    ]);
  });
  after(() => server?.stop());

  test("the AWS SDK with a right secret is served; wrong secret and unknown key are refused", async () => {
    const kms = client(server.url, GOOD);
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}));
    const { CiphertextBlob } = await kms.send(
      new EncryptCommand({ KeyId: KeyMetadata.KeyId, Plaintext: Buffer.from("hi") }),
    );
    const other = client(server.url, OTHER);
    assert.equal(Buffer.from((await other.send(new DecryptCommand({ CiphertextBlob }))).Plaintext).toString(), "hi");

    const wrong = await sdkError(
      client(server.url, { ...GOOD, secretAccessKey: "not-the-secret" }).send(new ListKeysCommand({})),
    );
    assert.equal(wrong.name, "InvalidSignatureException");
    assert.equal(wrong.$metadata.httpStatusCode, 400);
    assert.match(wrong.message, /signature we calculated does not match/);

    const unknown = await sdkError(
      client(server.url, { accessKeyId: "AKIANOBODY", secretAccessKey: "x" }).send(new ListKeysCommand({})),
    );
    assert.equal(unknown.name, "UnrecognizedClientException");
    assert.equal(unknown.$metadata.httpStatusCode, 400);
    assert.equal(unknown.message, "The security token included in the request is invalid.");
    for (const e of [wrong, unknown]) assert.ok(!e.message.includes(GOOD.secretAccessKey));
  });

  test("unsigned, expired, tampered and emulator-route requests", async () => {
    const unsigned = await post(server.url, "ListKeys", {});
    assert.equal(unsigned.status, 403);
    assert.equal(unsigned.json.__type, "MissingAuthenticationTokenException");

    const ok = await signedFetch(server.url);
    assert.equal(ok.status, 200);
    const expired = await signedFetch(server.url, { signingDate: new Date(Date.now() - 10 * 60_000) });
    assert.equal(expired.status, 400);
    assert.equal(expired.json.__type, "InvalidSignatureException");
    assert.match(expired.json.message, /^Signature expired: \d{8}T\d{6}Z is now earlier than/);
    const future = await signedFetch(server.url, { signingDate: new Date(Date.now() + 10 * 60_000) });
    assert.match(future.json.message, /is now later than/);

    // A signed request whose body is changed on the way.
    const u = new URL(server.url);
    const signer = new SignatureV4({ service: "kms", region: REGION, credentials: GOOD, sha256: Sha256 });
    const signed = await signer.sign({
      method: "POST",
      protocol: "http:",
      hostname: u.hostname,
      port: Number(u.port),
      path: "/",
      query: {},
      headers: { host: u.host, "x-amz-target": "TrentService.CreateKey", "content-type": "application/x-amz-json-1.1" },
      body: '{"Description":"a"}',
    });
    const tampered = await fetch(`${server.url}/`, {
      method: "POST",
      headers: signed.headers,
      body: '{"Description":"b"}',
    });
    assert.equal(tampered.status, 400);
    assert.equal((await tampered.json()).__type, "InvalidSignatureException");

    // The emulator's routes need a signature too; the console's static files do not.
    const keysBefore = (await signedFetch(server.url)).json.Keys.length;
    const reset = await fetch(`${server.url}/_kms/reset`, { method: "POST" });
    assert.equal(reset.status, 403);
    assert.equal((await signedFetch(server.url)).json.Keys.length, keysBefore, "an unsigned reset changed nothing");
    const clock = await signedFetch(server.url, { path: "/_kms/clock", method: "GET" });
    assert.equal(clock.status, 200);
    assert.ok(clock.json.now);
    // A signed POST to an emulator route: its body, read once for the signature, is the input.
    const moved = await signedFetch(server.url, { path: "/_kms/clock", body: '{"advanceSeconds":60}' });
    assert.equal(moved.status, 200);
    const step = Date.parse(moved.json.now) - Date.parse(clock.json.now);
    assert.ok(step >= 60_000 && step < 70_000, `the clock moved ${step} ms`);
    assert.equal((await fetch(`${server.url}/`)).status, 200);
  });

  test("boto3 with right and wrong secrets", { skip: needs.python.skip }, async () => {
    needs.python.require();
    const script = `
import sys, boto3, botocore
from botocore.config import Config
url, ak, sk, wrong = sys.argv[1:5]
cfg = Config(retries={"max_attempts": 1})
ok = boto3.client("kms", endpoint_url=url, region_name="${REGION}", aws_access_key_id=ak, aws_secret_access_key=sk, config=cfg)
key = ok.create_key()["KeyMetadata"]["KeyId"]
assert ok.describe_key(KeyId=key)["KeyMetadata"]["KeyId"] == key
for (a, s, code) in [(ak, wrong, "InvalidSignatureException"), ("AKIANOBODY", sk, "UnrecognizedClientException")]:
    bad = boto3.client("kms", endpoint_url=url, region_name="${REGION}", aws_access_key_id=a, aws_secret_access_key=s, config=cfg)
    try:
        bad.list_keys()
        raise SystemExit("accepted a wrong credential")
    except botocore.exceptions.ClientError as e:
        assert e.response["Error"]["Code"] == code, e.response
        assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 400
print("boto3 sigv4: OK")
`;
    const env = {
      ...process.env,
      AWS_CONFIG_FILE: "/dev/null",
      AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
      AWS_EC2_METADATA_DISABLED: "true",
    };
    for (const k of [
      "AWS_PROFILE",
      "AWS_SESSION_TOKEN",
      "AWS_ACCESS_KEY_ID",
      "AWS_SECRET_ACCESS_KEY",
      "AWS_ENDPOINT_URL",
      "AWS_ENDPOINT_URL_KMS",
    ])
      delete env[k];
    let out;
    try {
      out = await promisify(execFile)(PY, ["-c", script, server.url, GOOD.accessKeyId, GOOD.secretAccessKey, "wrong"], {
        env,
        timeout: 60_000,
      });
    } catch (e) {
      assert.fail(`boto3 failed:\n${e.stdout}\n${e.stderr}`);
    }
    assert.match(out.stdout, /boto3 sigv4: OK/);
  });

  test("secrets appear nowhere in the server's output", () => {
    assert.match(server.output(), /SigV4 verified for access keys: AKIAEMULATORALICE, AKIAEMULATORBOB/);
    for (const secret of [GOOD.secretAccessKey, OTHER.secretAccessKey]) assert.ok(!server.output().includes(secret));
  });
});

test("--credentials entries are checked without echoing the secret", async () => {
  const err = await startServer(["--credentials", "AKIAONLY:", "--credentials", "x"], { timeoutMs: 10_000 }).then(
    async (s) => {
      await s.stop();
      return null;
    },
    (e) => e,
  );
  assert.ok(
    err && /--credentials credentials #1: expected ACCESS_KEY:SECRET\[:principal\]/.test(err.message),
    err?.message,
  );
});

test("serve binds 127.0.0.1 by default; another address gets a warning", async () => {
  const s = await startServer([]);
  try {
    assert.match(s.output(), /listening on http:\/\/127\.0\.0\.1:/);
    assert.doesNotMatch(s.output(), /warning/);
  } finally {
    await s.stop();
  }
  for (const host of ["127.0.0.1", "::1", "localhost"]) assert.equal(exposureWarning(host, false), null);
  assert.match(exposureWarning("0.0.0.0", false), /beyond this machine \(without --credentials anyone/);
  assert.match(exposureWarning("192.168.1.5", true), /only signed requests are served/);
});

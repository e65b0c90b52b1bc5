// Who `kms-wasm serve` answers (issue 15), over real HTTP: requests from other web origins
// (simple cross-site POSTs included) change nothing and get no CORS grant; `--allow-origin`
// lets a named origin in; a Host that is not loopback, the bound address or `--allow-host`
// (DNS rebinding) is refused; state-changing /_kms/ routes need a JSON content type; callers
// without Origin (the SDK, the CLI) are served as before. The browser side: serve-guard-browser.test.mjs.
import assert from "node:assert/strict";
import { request } from "node:http";
import { after, before, describe, test } from "node:test";
import * as K from "@aws-sdk/client-kms";
import { CREDS, REGION, startServer } from "./helpers.mjs";

/** One HTTP request with exactly these headers (fetch would not let a test set Host). */
function raw(url, { method = "POST", path = "/", headers = {}, body = "" } = {}) {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: u.hostname, port: u.port, path, method, headers, setHost: !("host" in headers) },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const kmsCall = (url, op, input = {}, headers = {}) =>
  raw(url, {
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `TrentService.${op}`, ...headers },
    body: JSON.stringify(input),
  });

const keyCount = async (url) => JSON.parse((await kmsCall(url, "ListKeys")).text).Keys.length;
const corsHeaders = (headers) => Object.keys(headers).filter((h) => h.startsWith("access-control-"));

describe("kms-wasm serve: origins, hosts and the admin routes' content type", () => {
  let server;
  let keyId;
  before(async () => {
    server = await startServer(["--allow-origin", "http://app.example:3000"]);
    keyId = JSON.parse((await kmsCall(server.url, "CreateKey")).text).KeyMetadata.KeyId;
  });
  after(() => server?.stop());

  test("a cross-site simple POST to /_kms/reset and to / changes nothing", async () => {
    const evil = { origin: "http://evil.example", "content-type": "text/plain" };
    const reset = await raw(server.url, { path: "/_kms/reset", headers: evil });
    assert.equal(reset.status, 403);
    assert.equal(JSON.parse(reset.text).__type, "AccessDeniedException");
    assert.match(JSON.parse(reset.text).message, /--allow-origin http:\/\/evil\.example/);
    assert.deepEqual(corsHeaders(reset.headers), [], "a refused page gets no CORS grant, so cannot read even that");
    const schedule = await kmsCall(server.url, "ScheduleKeyDeletion", { KeyId: keyId }, evil);
    assert.equal(schedule.status, 403);
    const list = await kmsCall(server.url, "ListKeys", {}, { origin: "http://evil.example" });
    assert.equal(list.status, 403, "nor can it read the answers of read-only calls");
    const described = JSON.parse((await kmsCall(server.url, "DescribeKey", { KeyId: keyId })).text);
    assert.equal(described.KeyMetadata.KeyState, "Enabled", "the key is still there and not pending deletion");
    assert.ok(
      server.output().includes("refused: kms-wasm serve does not answer web pages from origin http://evil.example"),
    );
  });

  test("a state-changing /_kms/ route needs a JSON content type, Origin or not", async () => {
    for (const type of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      undefined,
    ]) {
      const headers = type ? { "content-type": type } : {};
      const reset = await raw(server.url, { path: "/_kms/reset", headers, body: "{}" });
      assert.equal(reset.status, 415, `${type}: ${reset.text}`);
      assert.equal(JSON.parse(reset.text).__type, "UnsupportedMediaTypeException");
      const clock = await raw(server.url, { path: "/_kms/clock", headers, body: '{"advanceSeconds":86400}' });
      assert.equal(clock.status, 415);
    }
    assert.equal(await keyCount(server.url), 1, "nothing was reset");
    const now = JSON.parse((await raw(server.url, { method: "GET", path: "/_kms/clock" })).text).now;
    const later = await raw(server.url, {
      path: "/_kms/clock",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: '{"advanceSeconds":0}',
    });
    assert.equal(later.status, 200);
    assert.ok(Date.parse(JSON.parse(later.text).now) - Date.parse(now) < 60_000, "the refused advances did not happen");
  });

  test("preflights: other origins get no grant; its own and --allow-origin ones get the SDK's headers", async () => {
    const preflight = (origin) =>
      raw(server.url, {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "content-type,x-amz-target",
        },
      });
    const denied = await preflight("http://evil.example");
    assert.equal(denied.status, 403);
    assert.deepEqual(corsHeaders(denied.headers), []);
    for (const origin of [server.url, "http://app.example:3000"]) {
      const granted = await preflight(origin);
      assert.equal(granted.status, 204, origin);
      assert.equal(granted.headers["access-control-allow-origin"], origin);
      assert.equal(granted.headers.vary, "Origin");
      const allowed = granted.headers["access-control-allow-headers"].split(", ");
      for (const h of ["content-type", "x-amz-target", "x-amz-date", "authorization", "amz-sdk-invocation-id"])
        assert.ok(allowed.includes(h), `${h} in ${allowed}`);
      assert.ok(!allowed.includes("*"), "the SDK's headers, not a wildcard");
    }
    const served = await kmsCall(server.url, "ListKeys", {}, { origin: "http://app.example:3000" });
    assert.equal(served.status, 200);
    assert.equal(served.headers["access-control-allow-origin"], "http://app.example:3000");
    assert.match(served.headers["access-control-expose-headers"], /x-amzn-requestid/);
    const plain = await kmsCall(server.url, "ListKeys");
    assert.deepEqual(corsHeaders(plain.headers), [], "callers without Origin get no CORS headers");
  });

  test("a Host that is not loopback or allowed (DNS rebinding) is refused; loopback names are served", async () => {
    const port = new URL(server.url).port;
    for (const host of [
      `attacker.example:${port}`,
      "attacker.example",
      `127.0.0.1.nip.io:${port}`,
      `localhost.evil:${port}`,
    ]) {
      const page = await raw(server.url, { method: "GET", path: "/", headers: { host } });
      assert.equal(page.status, 403, host);
      assert.match(JSON.parse(page.text).message, /DNS rebinding/);
      const reset = await raw(server.url, {
        path: "/_kms/reset",
        headers: { host, origin: `http://${host}`, "content-type": "application/json" },
        body: "{}",
      });
      assert.equal(reset.status, 403, `${host}: a rebound page's own origin does not help it`);
    }
    assert.equal(await keyCount(server.url), 1);
    for (const host of [
      `localhost:${port}`,
      `127.0.0.1:${port}`,
      `127.8.9.10:${port}`,
      `[::1]:${port}`,
      `kms.localhost:${port}`,
    ]) {
      const page = await raw(server.url, { method: "GET", path: "/", headers: { host } });
      assert.equal(page.status, 200, host);
    }
  });

  test("the AWS SDK (no Origin) is served as before", async () => {
    const client = new K.KMSClient({ region: REGION, endpoint: server.url, credentials: CREDS });
    const out = await client.send(new K.DescribeKeyCommand({ KeyId: keyId }));
    assert.equal(out.KeyMetadata.KeyId, keyId);
    client.destroy();
  });
});

test("--allow-host names a host; --allow-origin * and --allow-host * warn; bad values are usage errors", async () => {
  const s = await startServer(["--allow-host", "kms.internal", "--allow-origin", "*", "--allow-host", "*"]);
  try {
    const port = new URL(s.url).port;
    assert.equal(
      (await raw(s.url, { method: "GET", path: "/", headers: { host: `kms.internal:${port}` } })).status,
      200,
    );
    const any = await kmsCall(s.url, "ListKeys", {}, { origin: "http://anything.example" });
    assert.equal(any.status, 200);
    assert.equal(any.headers["access-control-allow-origin"], "http://anything.example");
    assert.match(s.output(), /warning: --allow-origin \* lets any web page/);
    assert.match(s.output(), /warning: --allow-host \* turns off the Host check/);
  } finally {
    await s.stop();
  }
  const only = await startServer(["--allow-host", "kms.internal"]);
  try {
    const port = new URL(only.url).port;
    assert.equal(
      (await raw(only.url, { method: "GET", path: "/", headers: { host: `other.internal:${port}` } })).status,
      403,
    );
  } finally {
    await only.stop();
  }
  for (const bad of [
    ["--allow-origin", "http://a.example/path"],
    ["--allow-origin", "a.example"],
    ["--allow-host", "a b"],
  ]) {
    const err = await startServer(bad, { timeoutMs: 15_000 }).then(
      async (x) => {
        await x.stop();
        return null;
      },
      (e) => e,
    );
    assert.ok(err, `${bad.join(" ")} must be refused`);
    assert.match(err.message, /code 2/, err.message);
    assert.match(err.message, new RegExp(`kms-wasm: ${bad[0]}`), err.message);
  }
});

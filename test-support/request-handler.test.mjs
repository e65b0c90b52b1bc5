// requestHandler(): the real @aws-sdk/client-kms served in-process, and the body reader for
// every body form a smithy client may hand over.
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { describe, test } from "node:test";
import * as K from "@aws-sdk/client-kms";
import { KeyManagementService } from "kms-wasm";
import { readBody } from "../js/request-handler.js";

const CREDS = { accessKeyId: "x", secretAccessKey: "x" };

describe("requestHandler() with the real SDK", () => {
  test("the SDK's answers equal the JS API's, and errors are the SDK's exception classes", async () => {
    const kms = await KeyManagementService.open({ clock: { start: "2026-01-01T00:00:00Z", frozen: true } });
    const client = new K.KMSClient({
      region: "us-east-1",
      endpoint: "http://kms-wasm.local",
      credentials: CREDS,
      requestHandler: kms.requestHandler(),
      maxAttempts: 1,
    });
    const viaSdk = await client.send(
      new K.CreateKeyCommand({ Description: "sdk", Tags: [{ TagKey: "a", TagValue: "b" }] }),
    );
    const viaJs = await kms.describeKey({ KeyId: viaSdk.KeyMetadata.KeyId });
    assert.deepEqual(viaJs.KeyMetadata, viaSdk.KeyMetadata);
    assert.equal(viaSdk.$metadata.httpStatusCode, 200);
    assert.ok(viaSdk.KeyMetadata.CreationDate instanceof Date);

    const plain = new TextEncoder().encode("through the sdk");
    const enc = await client.send(
      new K.EncryptCommand({ KeyId: viaSdk.KeyMetadata.Arn, Plaintext: plain, EncryptionContext: { k: "v" } }),
    );
    const dec = await kms.decrypt({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { k: "v" } });
    assert.deepEqual(dec.Plaintext, plain);

    const err = await client.send(new K.DescribeKeyCommand({ KeyId: "alias/missing" })).catch((e) => e);
    assert.ok(err instanceof K.NotFoundException, `${err.name}: ${err.message}`);
    assert.equal(err.$metadata.httpStatusCode, 400);
    const jsErr = await kms.describeKey({ KeyId: "alias/missing" }).catch((e) => e);
    assert.equal(jsErr.message, err.message);
    assert.equal(jsErr.$fault, err.$fault);

    const events = await kms.auditLog({ eventName: "CreateKey" });
    assert.match(events[0].userAgent, /aws-sdk-js/, "the SDK's user agent is recorded");
    client.destroy();
    await kms.close();
  });

  test("handler interface: config round trip, abort, destroy", async () => {
    const kms = await KeyManagementService.open();
    const h = kms.requestHandler();
    h.updateHttpClientConfig("requestTimeout", 5);
    assert.equal(h.httpHandlerConfigs().requestTimeout, 5);
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(h.handle({ headers: {}, body: "{}" }, { abortSignal: ac.signal }), { name: "AbortError" });
    const { response } = await h.handle({ headers: { "X-Amz-Target": "TrentService.ListKeys" }, body: "{}" });
    assert.equal(response.statusCode, 200);
    assert.ok(response.body instanceof Uint8Array);
    assert.equal(response.headers["content-length"], String(response.body.byteLength));
    h.destroy();
    await kms.close();
  });
});

describe("readBody", () => {
  const text = '{"KeyId":"k"}';
  const bytes = new TextEncoder().encode(text);
  const forms = {
    string: () => text,
    Uint8Array: () => bytes,
    Buffer: () => Buffer.from(text),
    ArrayBuffer: () => bytes.slice().buffer,
    Blob: () => new Blob([text]),
    "web ReadableStream": () => new Blob([text.slice(0, 5), text.slice(5)]).stream(),
    "Node Readable": () => Readable.from([Buffer.from(text.slice(0, 3)), Buffer.from(text.slice(3))]),
    "async iterable of strings": () =>
      (async function* () {
        yield text.slice(0, 4);
        yield text.slice(4);
      })(),
  };
  for (const [name, make] of Object.entries(forms)) {
    test(name, async () => assert.deepEqual(new Uint8Array(await readBody(make())), bytes));
  }
  test("absent body is empty; an unreadable body is a TypeError", async () => {
    assert.equal((await readBody(undefined)).byteLength, 0);
    await assert.rejects(readBody(42), TypeError);
  });
});

// In-process figures: the JS API (in Node, and on the wasm AES-GCM browsers use), the raw
// AES-256-GCM of the wasm build and of node:crypto (the physical limit on this host), and
// @aws-sdk/client-kms through requestHandler() against the same client with a do-nothing
// handler (the SDK's own ceiling), beside the least any Encrypt handler costs (bench/bare.mjs).
import { createCipheriv, randomBytes } from "node:crypto";
import { EncryptCommand, KMSClient } from "@aws-sdk/client-kms";
import { KeyManagementService } from "kms-wasm";
import { nodeAead } from "../js/aead-node.js";
import * as wasm from "../pkg/kms_wasm.js";
import { BareKms } from "./bare.mjs";
import { opsPerSec, opsPerSecAlternating, opsPerSecSync } from "./lib.mjs";

const SIZES = [32, 1024, 4096];
const CREDS = { accessKeyId: "bench", secretAccessKey: "bench" };

export async function inProcess(results) {
  console.log("in-process");
  const kms = await KeyManagementService.open({ storage: "memory" });
  const { KeyMetadata } = await kms.createKey({});
  const KeyId = KeyMetadata.KeyId;
  const key = randomBytes(32);
  const nonce = randomBytes(12);
  for (const size of SIZES) {
    const pt = randomBytes(size);
    const blob = (await kms.encrypt({ KeyId, Plaintext: pt })).CiphertextBlob;
    const api = results.add(
      `JS API Encrypt ${size} B`,
      await opsPerSec(() => kms.encrypt({ KeyId, Plaintext: pt })),
      "ops/s",
    );
    results.add(`JS API Decrypt ${size} B`, await opsPerSec(() => kms.decrypt({ CiphertextBlob: blob })), "ops/s");
    // The engine on its own wasm AES-GCM, as in browsers (Node hands 1 KiB and up to node:crypto).
    wasm.setHostAead(undefined);
    const soft = results.add(
      `JS API Encrypt ${size} B, wasm AES-GCM (as in browsers)`,
      await opsPerSec(() => kms.encrypt({ KeyId, Plaintext: pt })),
      "ops/s",
    );
    wasm.setHostAead(nodeAead);
    const raw = results.add(
      `wasm raw AES-256-GCM encrypt ${size} B`,
      opsPerSecSync(() => wasm.benchAesGcmSeal(key, nonce, pt)),
      "ops/s",
    );
    const native = results.add(
      `node:crypto AES-256-GCM encrypt ${size} B`,
      opsPerSecSync(() => {
        const c = createCipheriv("aes-256-gcm", key, nonce);
        Buffer.concat([c.update(pt), c.final(), c.getAuthTag()]);
      }),
      "ops/s",
    );
    results.ratio(
      `JS API Encrypt ${size} B, wasm AES-GCM / wasm raw AES-GCM ${size} B (target ≥ 0.5 at 1 KiB)`,
      soft,
      raw,
    );
    results.ratio(`JS API Encrypt ${size} B (Node) / node:crypto AES-GCM ${size} B`, api, native);
    results.ratio(`node:crypto / wasm raw AES-GCM ${size} B`, native, raw);
  }
  results.add(
    "JS API GenerateDataKey AES_256",
    await opsPerSec(() => kms.generateDataKey({ KeyId, KeySpec: "AES_256" })),
    "ops/s",
  );
  // On a service of its own: the tens of thousands of keys this makes would otherwise be the
  // state every later figure is measured against.
  const creating = await KeyManagementService.open({ storage: "memory" });
  results.add("JS API CreateKey (memory)", await opsPerSec(() => creating.createKey({}), { rounds: 3 }), "ops/s");
  await creating.close();

  const pt = randomBytes(1024);
  const viaHandler = new KMSClient({
    region: "us-east-1",
    endpoint: "http://kms-wasm.local",
    credentials: CREDS,
    requestHandler: kms.requestHandler(),
  });
  const canned = cannedEncryptHandler(await kms.encrypt({ KeyId, Plaintext: pt }), KeyMetadata.Arn);
  const ceiling = new KMSClient({
    region: "us-east-1",
    endpoint: "http://kms-wasm.local",
    credentials: CREDS,
    requestHandler: canned,
  });
  const send =
    (client, keyId = KeyId) =>
    () =>
      client.send(new EncryptCommand({ KeyId: keyId, Plaintext: pt }));
  const bare = new BareKms();
  const bareKey = JSON.parse(bare.answer("TrentService.CreateKey", "{}")[1]).KeyMetadata.KeyId;
  const viaBare = new KMSClient({
    region: "us-east-1",
    endpoint: "http://kms-wasm.local",
    credentials: CREDS,
    requestHandler: bare.requestHandler(),
  });
  const m = await opsPerSecAlternating({ ours: send(viaHandler), top: send(ceiling), bare: send(viaBare, bareKey) });
  const ours = results.add("SDK Encrypt 1 KiB via requestHandler()", m.ours, "ops/s");
  const top = results.add("SDK Encrypt 1 KiB via a do-nothing canned handler", m.top, "ops/s");
  const least = results.add("SDK Encrypt 1 KiB via a bare JS Encrypt handler (reference)", m.bare, "ops/s");
  results.ratio("requestHandler() / canned handler (target ≥ 0.8)", ours, top);
  results.ratio("bare JS Encrypt handler / canned handler (the most a real Encrypt reaches)", least, top);
  results.ratio("requestHandler() / bare JS Encrypt handler", ours, least);
  await kms.close();
  return { requestHandlerOps: ours };
}

/** An SDK request handler that answers every request with one fixed Encrypt response. */
function cannedEncryptHandler(sample, arn) {
  const body = new TextEncoder().encode(
    JSON.stringify({
      CiphertextBlob: Buffer.from(sample.CiphertextBlob).toString("base64"),
      KeyId: arn,
      EncryptionAlgorithm: "SYMMETRIC_DEFAULT",
    }),
  );
  return {
    async handle() {
      return {
        response: {
          statusCode: 200,
          headers: { "content-type": "application/x-amz-json-1.1", "content-length": String(body.byteLength) },
          body,
        },
      };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
    destroy() {},
  };
}

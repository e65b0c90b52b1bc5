// Where the wrapping keys of GetParametersForImport are made: in workers, the event loop running
// meanwhile (also through handle() and requestHandler()), on the calling thread when a randomSeed
// makes them deterministic, ahead of time with prepareWrappingKeys; and close() while one is made.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createPublicKey } from "node:crypto";
import { test } from "node:test";
import { promisify } from "node:util";
import { GetParametersForImportCommand, KMSClient } from "@aws-sdk/client-kms";
import { CREDS, KeyManagementService, open, REGION, ROOT, wire } from "./helpers.mjs";
import { importWith, newMaterial, whileTicking } from "./import-helpers.mjs";

const run = promisify(execFile);
/** Wrapping keys come from workers unless a randomSeed is given, so these services have none. */
const openPooled = (opts = {}) => open({ randomSeed: undefined, ...opts });

test("a randomSeed makes wrapping keys deterministic (generated on the calling thread, no worker)", async () => {
  const publicKeys = [];
  for (let i = 0; i < 2; i++) {
    const s = await open({ randomSeed: 42 });
    const { KeyMetadata } = await s.createKey({ Origin: "EXTERNAL" });
    const p = await s.getParametersForImport({
      KeyId: KeyMetadata.KeyId,
      WrappingAlgorithm: "RSAES_OAEP_SHA_1",
      WrappingKeySpec: "RSA_2048",
    });
    publicKeys.push(p.PublicKey);
    const material = newMaterial();
    await importWith(s, KeyMetadata.KeyId, p, material, "RSAES_OAEP_SHA_1");
    await s.close();
  }
  assert.deepEqual(publicKeys[0], publicKeys[1]);
});

test("handle() and requestHandler() make wrapping keys in a worker too", async (t) => {
  const svc = await openPooled();
  t.after(() => svc.close());
  const {
    KeyMetadata: { KeyId },
  } = await svc.createKey({ Origin: "EXTERNAL" });
  const body = { KeyId, WrappingAlgorithm: "RSAES_OAEP_SHA_256", WrappingKeySpec: "RSA_2048" };
  const { value, ticks } = await whileTicking(() => wire(svc, "GetParametersForImport", body));
  assert.equal(value.status, 200);
  assert.ok(ticks >= 2, `the event loop kept running during handle() (${ticks} ticks)`);
  const publicKey = Buffer.from(value.json.PublicKey, "base64");
  assert.equal(
    createPublicKey({ key: publicKey, format: "der", type: "spki" }).asymmetricKeyDetails.modulusLength,
    2048,
  );

  const client = new KMSClient({
    region: REGION,
    endpoint: "http://kms-wasm.local",
    credentials: CREDS,
    requestHandler: svc.requestHandler(),
  });
  const sdk = await whileTicking(() =>
    client.send(new GetParametersForImportCommand({ ...body, WrappingKeySpec: "RSA_3072" })),
  );
  assert.ok(sdk.ticks >= 2, `the event loop kept running during the SDK call (${sdk.ticks} ticks)`);
  assert.equal(
    createPublicKey({ key: Buffer.from(sdk.value.PublicKey), format: "der", type: "spki" }).asymmetricKeyDetails
      .modulusLength,
    3072,
  );
  const material = newMaterial();
  await importWith(svc, KeyId, sdk.value, material, "RSAES_OAEP_SHA_256");
  assert.equal((await svc.describeKey({ KeyId })).KeyMetadata.KeyState, "Enabled");
});

test("close() ends a pending key generation; workers never keep a Node process alive", async () => {
  const svc = await openPooled();
  const {
    KeyMetadata: { KeyId },
  } = await svc.createKey({ Origin: "EXTERNAL" });
  const pending = svc.getParametersForImport({
    KeyId,
    WrappingAlgorithm: "RSAES_OAEP_SHA_1",
    WrappingKeySpec: "RSA_4096",
  });
  await new Promise((r) => setTimeout(r, 50));
  await svc.close();
  await assert.rejects(pending, /closed/);

  // A script that never closes its service: the background refill must not hold the process.
  const script = `
    import { KeyManagementService } from "kms-wasm";
    const kms = await KeyManagementService.open({});
    const { KeyMetadata } = await kms.createKey({ Origin: "EXTERNAL" });
    const p = await kms.getParametersForImport({ KeyId: KeyMetadata.KeyId, WrappingAlgorithm: "RSAES_OAEP_SHA_256", WrappingKeySpec: "RSA_2048" });
    console.log(p.PublicKey.length);
  `;
  const { stdout, stderr } = await run(process.execPath, ["--input-type=module", "-e", script], {
    cwd: ROOT,
    timeout: 60_000,
  });
  assert.equal(stdout.trim(), "294");
  assert.doesNotMatch(stderr, /kms-wasm:/, "the key came from a worker (no fallback warning)");
});

test("prepareWrappingKeys makes keys ahead of time; each is handed out once", async () => {
  const kms = await KeyManagementService.open({ storage: "memory" });
  const {
    KeyMetadata: { KeyId },
  } = await kms.createKey({ Origin: "EXTERNAL" });
  await kms.prepareWrappingKeys({ RSA_2048: 3 });
  const keys = new Set();
  for (let i = 0; i < 3; i++) {
    const p = await kms.getParametersForImport({
      KeyId,
      WrappingAlgorithm: "RSAES_OAEP_SHA_1",
      WrappingKeySpec: "RSA_2048",
    });
    keys.add(Buffer.from(p.PublicKey).toString("base64"));
  }
  assert.equal(keys.size, 3, "three different wrapping keys");
  await assert.rejects(kms.prepareWrappingKeys({ RSA_1024: 1 }), TypeError);
  await assert.rejects(kms.prepareWrappingKeys({ RSA_2048: -1 }), TypeError);
  await kms.close();
});

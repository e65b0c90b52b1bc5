// node:test against `kms-wasm serve`: one endpoint for the file, seeded from the fixture; the
// SDK talks to it over HTTP, and the /_kms/clock route sets and moves its virtual time.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, it } from "node:test";
import { DecryptCommand, KMSClient, ListKeyRotationsCommand } from "@aws-sdk/client-kms";
import { startServer } from "kms-wasm/server";

const seed = readFileSync(new URL("../fixtures/kms-seed.json", import.meta.url), "utf8");
const ORDERS_KEY = "0b9c2f7e-5d6a-4e1f-9a3b-2c4d6e8f0a1b";
let server;
let client;

const clock = (body) =>
  fetch(`${server.url}/_kms/clock`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then((r) => r.json());

before(async () => {
  server = await startServer({ port: 0, seed }); // `kms-wasm serve`, in this process
  await clock({ now: "2026-01-01T00:00:00Z" }); // a known date: the fixture's key rotates on 2026-06-01
  client = new KMSClient({
    region: "us-east-1",
    endpoint: server.url,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
});
after(() => server.close());

it("decrypts the fixture's ciphertext over HTTP", async () => {
  const blob = Buffer.from(readFileSync(new URL("../fixtures/order-1001.b64", import.meta.url), "utf8"), "base64");
  const { Plaintext } = await client.send(
    new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { orderId: "1001" } }),
  );
  assert.equal(new TextDecoder().decode(Plaintext), "order #1001: 3 × espresso");
});

it("moves the endpoint's clock past the rotation date", async () => {
  const before = await client.send(new ListKeyRotationsCommand({ KeyId: ORDERS_KEY }));
  assert.equal(before.Rotations.length, 0);
  await clock({ advanceSeconds: 365 * 86400 });
  const afterAYear = await client.send(new ListKeyRotationsCommand({ KeyId: ORDERS_KEY }));
  assert.equal(afterAYear.Rotations.length, 1);
});

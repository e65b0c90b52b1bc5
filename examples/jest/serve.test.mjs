// Jest against the `kms-wasm serve` the global setup started (seeded from the fixture); the
// SDK talks to it over HTTP, and the /_kms/clock route sets and moves its virtual time.
import { readFileSync } from "node:fs";
import { beforeAll, expect, it } from "@jest/globals";
import { DecryptCommand, KMSClient, ListKeyRotationsCommand } from "@aws-sdk/client-kms";

const endpoint = process.env.KMS_ENDPOINT;
const ORDERS_KEY = "0b9c2f7e-5d6a-4e1f-9a3b-2c4d6e8f0a1b";
const client = new KMSClient({
  region: "us-east-1",
  endpoint,
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
});
const clock = (body) => fetch(`${endpoint}/_kms/clock`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then((r) => r.json());

beforeAll(() => clock({ now: "2026-01-01T00:00:00Z" })); // the fixture's key rotates on 2026-06-01

it("decrypts the fixture's ciphertext over HTTP", async () => {
  const blob = Buffer.from(readFileSync(new URL("../fixtures/order-1001.b64", import.meta.url), "utf8"), "base64");
  const { Plaintext } = await client.send(
    new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { orderId: "1001" } }),
  );
  expect(new TextDecoder().decode(Plaintext)).toBe("order #1001: 3 × espresso");
});

it("moves the endpoint's clock past the rotation date", async () => {
  expect((await client.send(new ListKeyRotationsCommand({ KeyId: ORDERS_KEY }))).Rotations).toHaveLength(0);
  await clock({ advanceSeconds: 365 * 86400 });
  expect((await client.send(new ListKeyRotationsCommand({ KeyId: ORDERS_KEY }))).Rotations).toHaveLength(1);
});

// Jest, in-process: the AWS SDK talks to kms-wasm through requestHandler() (no socket), the
// keys come from a seed fixture, and every test starts from the same snapshot.
import { readFileSync } from "node:fs";
import { beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import {
  CreateKeyCommand, DecryptCommand, EncryptCommand, KMSClient, ListKeyRotationsCommand, ListKeysCommand,
} from "@aws-sdk/client-kms";
import { KeyManagementService } from "kms-wasm";

const fixture = (name) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8");
const ORDERS_KEY = "0b9c2f7e-5d6a-4e1f-9a3b-2c4d6e8f0a1b";
let kms;
let client;
let clean;

beforeAll(async () => {
  kms = await KeyManagementService.open({
    seed: fixture("kms-seed.json"), // fixed key ids and material: test data only
    clock: { now: "2026-01-01T00:00:00Z", frozen: true },
  });
  client = new KMSClient({
    region: "us-east-1",
    endpoint: "http://kms-wasm.local", // never contacted
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    requestHandler: kms.requestHandler(),
  });
  clean = kms.snapshot();
});
beforeEach(() => kms.restore(clean)); // keys, aliases, clock and audit log as the fixture left them

describe("orders (Jest)", () => {
  it("decrypts data encrypted in an earlier run", async () => {
    const blob = Buffer.from(fixture("order-1001.b64"), "base64");
    const { Plaintext, KeyId } = await client.send(
      new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { orderId: "1001" } }),
    );
    expect(new TextDecoder().decode(Plaintext)).toBe("order #1001: 3 × espresso");
    expect(KeyId).toBe(`arn:aws:kms:us-east-1:111122223333:key/${ORDERS_KEY}`);
  });

  it("can add keys in a test ...", async () => {
    await client.send(new CreateKeyCommand({ Description: "scratch" }));
    expect((await client.send(new ListKeysCommand({}))).Keys).toHaveLength(2);
  });

  it("... and the next test starts from the fixture again", async () => {
    expect((await client.send(new ListKeysCommand({}))).Keys).toHaveLength(1);
  });

  it("time travel: the key rotates after a year, and old data still decrypts", async () => {
    const old = await client.send(new EncryptCommand({ KeyId: "alias/orders", Plaintext: Buffer.from("old") }));
    await kms.advanceClock(365 * 86400);
    const { Rotations } = await client.send(new ListKeyRotationsCommand({ KeyId: ORDERS_KEY }));
    expect(Rotations).toHaveLength(1);
    expect(Rotations[0].RotationType).toBe("AUTOMATIC");
    expect(Rotations[0].RotationDate.toISOString()).toBe("2026-06-01T00:00:00.000Z");
    const { Plaintext } = await client.send(new DecryptCommand({ CiphertextBlob: old.CiphertextBlob }));
    expect(Buffer.from(Plaintext).toString()).toBe("old");
  });
});

// CommonJS Jest, in-process: `require("kms-wasm")`, a key, a round trip, and an AWS exception
// caught by its class.
const { describe, expect, it } = require("@jest/globals");
const { KeyManagementService, NotFoundException } = require("kms-wasm");

describe("kms-wasm under CommonJS Jest", () => {
  it("encrypts and decrypts", async () => {
    const kms = await KeyManagementService.open({ storage: "memory" });
    const { KeyMetadata } = await kms.createKey({ Description: "cjs" });
    const { CiphertextBlob } = await kms.encrypt({ KeyId: KeyMetadata.KeyId, Plaintext: Buffer.from("hello") });
    const { Plaintext } = await kms.decrypt({ CiphertextBlob });
    expect(Buffer.from(Plaintext).toString()).toBe("hello");
    await kms.close();
  });

  it("throws AWS exceptions as classes", async () => {
    const kms = await KeyManagementService.open({ storage: "memory" });
    await expect(kms.describeKey({ KeyId: "alias/missing" })).rejects.toBeInstanceOf(NotFoundException);
    await kms.close();
  });
});

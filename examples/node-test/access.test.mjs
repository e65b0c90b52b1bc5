// node:test: "service B cannot decrypt service A's data", proved offline. The key policy lets
// the account in and denies kms:Decrypt to service B's role; each service calls as its own
// principal (`kms.as(arn)`), and the refusal is AWS's AccessDeniedException.
import assert from "node:assert/strict";
import { it } from "node:test";
import { KeyManagementService } from "kms-wasm";

const ACCOUNT = "111122223333";
const SERVICE_A = `arn:aws:sts::${ACCOUNT}:assumed-role/service-a/task-1`;
const SERVICE_B = `arn:aws:sts::${ACCOUNT}:assumed-role/service-b/task-7`;

it("service B cannot decrypt what service A encrypted", async () => {
  const kms = await KeyManagementService.open();
  const { KeyMetadata } = await kms.createKey({
    Policy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" },
        {
          Effect: "Deny",
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/service-b` },
          Action: "kms:Decrypt",
          Resource: "*",
        },
      ],
    }),
  });
  const a = kms.as(SERVICE_A);
  const b = kms.as(SERVICE_B);
  const { CiphertextBlob } = await a.encrypt({ KeyId: KeyMetadata.KeyId, Plaintext: new TextEncoder().encode("A's secret") });
  assert.equal(new TextDecoder().decode((await a.decrypt({ CiphertextBlob })).Plaintext), "A's secret");
  await assert.rejects(b.decrypt({ CiphertextBlob }), { name: "AccessDeniedException" });
  await kms.close();
});

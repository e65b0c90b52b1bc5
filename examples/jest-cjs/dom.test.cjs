/**
 * @jest-environment jsdom
 */
// A jsdom test environment resolves the package's browser build; its Node build is asked for by
// name: `require("kms-wasm/node")`. Keys made in a worker (an RSA wrapping key) work here too.
const { expect, it } = require("@jest/globals");
const { KeyManagementService } = require("kms-wasm/node");

it("runs kms-wasm's Node build next to a DOM", async () => {
  document.body.innerHTML = '<output id="state"></output>';
  const kms = await KeyManagementService.open({ storage: "memory" });
  const { KeyMetadata } = await kms.createKey({ Origin: "EXTERNAL" });
  const params = await kms.getParametersForImport({
    KeyId: KeyMetadata.KeyId,
    WrappingAlgorithm: "RSAES_OAEP_SHA_256",
    WrappingKeySpec: "RSA_2048",
  });
  document.getElementById("state").textContent = KeyMetadata.KeyState;
  expect(document.getElementById("state").textContent).toBe("PendingImport");
  expect(params.PublicKey.length).toBeGreaterThan(256);
  await kms.close();
});

// GetParametersForImport: how long a caller waits for wrapping parameters of each key size,
// the longest event-loop stall while keys are being made, and that no wrapping key is ever
// handed out twice. "cold" is a call with no key ready (the service makes one off the main
// thread); "warm" is a call after prepareWrappingKeys() filled the pool, as a test suite would.
import { KeyManagementService } from "kms-wasm";
import { median } from "./lib.mjs";
import { stallWatch } from "./stall.mjs";

const SPECS = { RSA_2048: 5, RSA_3072: 3, RSA_4096: 3 };

export async function importParameters(results) {
  console.log("import parameters");
  const kms = await KeyManagementService.open({ storage: "memory" });
  const { KeyMetadata } = await kms.createKey({ Origin: "EXTERNAL" });
  const seen = new Set();
  let handedOut = 0;
  const request = async (spec) => {
    const t0 = performance.now();
    const r = await kms.getParametersForImport({
      KeyId: KeyMetadata.KeyId,
      WrappingAlgorithm: "RSAES_OAEP_SHA_256",
      WrappingKeySpec: spec,
    });
    seen.add(Buffer.from(r.PublicKey).toString("base64"));
    handedOut++;
    return performance.now() - t0;
  };
  const watch = stallWatch();
  for (const [spec, n] of Object.entries(SPECS)) {
    results.add(`GetParametersForImport ${spec}, cold (no key ready)`, await request(spec), "ms");
    await kms.prepareWrappingKeys({ [spec]: n });
    const warm = [];
    for (let i = 0; i < n; i++) warm.push(await request(spec));
    const target = spec === "RSA_2048" ? " (target ≤ 50)" : spec === "RSA_4096" ? " (target ≤ 250)" : "";
    results.add(`GetParametersForImport ${spec}, warm p50${target}`, median(warm), "ms");
  }
  results.add("longest event-loop stall while wrapping keys were made (target ≤ 50)", watch.stop(), "ms");
  results.add("wrapping keys handed out / distinct (must be equal)", handedOut === seen.size ? 1 : 0, "bool");
  await kms.close();
}

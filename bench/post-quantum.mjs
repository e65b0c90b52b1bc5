// Post-quantum keys: ML-DSA-65 Sign and Verify and ML-KEM-768 Encapsulate and Decapsulate
// through the JS API, beside the same operation in @noble/post-quantum (pure JS) with the same
// key, all in this run; then the longest event-loop stall while ML-DSA-87 and ML-KEM-1024 keys
// were created (the generation runs on the caller's thread: it takes about a millisecond).
import { randomBytes } from "node:crypto";
import { ml_dsa65 } from "@noble/post-quantum/ml-dsa.js";
import { ml_kem768 } from "@noble/post-quantum/ml-kem.js";
import { KeyManagementService } from "kms-wasm";
import { median, opsPerSec, opsPerSecSync } from "./lib.mjs";
import { stallWatch } from "./stall.mjs";

const MESSAGE = randomBytes(64);
const DSA_KEY = "00000000-0000-4000-8000-0000000000d5";
const KEM_KEY = "00000000-0000-4000-8000-0000000000c7";
// PKCS#8 seed-form headers (IETF LAMPS) for ML-DSA-65 and ML-KEM-768, so both sides hold one key.
const DSA_PKCS8 = Buffer.from("3034020100300b0609608648016503040312042280" + "20", "hex");
const KEM_PKCS8 = Buffer.from("3054020100300b0609608648016503040402044280" + "40", "hex");

export async function postQuantum(results) {
  console.log("post-quantum");
  const xi = randomBytes(32);
  const dz = randomBytes(64);
  const seed = {
    Keys: [
      {
        KeyId: DSA_KEY,
        KeySpec: "ML_DSA_65",
        KeyUsage: "SIGN_VERIFY",
        KeyMaterial: [{ Material: b64(DSA_PKCS8, xi) }],
      },
      {
        KeyId: KEM_KEY,
        KeySpec: "ML_KEM_768",
        KeyUsage: "ENCAPSULATE_DECAPSULATE",
        KeyMaterial: [{ Material: b64(KEM_PKCS8, dz) }],
      },
    ],
  };
  const kms = await KeyManagementService.open({ storage: "memory", seed });

  const dsa = ml_dsa65.keygen(xi);
  const input = { KeyId: DSA_KEY, Message: MESSAGE, SigningAlgorithm: "ML_DSA_SHAKE_256" };
  const { Signature } = await kms.sign(input);
  const theirSignature = ml_dsa65.sign(MESSAGE, dsa.secretKey, { extraEntropy: false });
  if (Buffer.compare(Buffer.from(Signature), Buffer.from(theirSignature)) !== 0) {
    throw new Error("kms-wasm and @noble/post-quantum disagree on an ML-DSA-65 signature");
  }
  pair(
    results,
    "Sign ML-DSA-65",
    await opsPerSec(() => kms.sign(input)),
    opsPerSecSync(() => ml_dsa65.sign(MESSAGE, dsa.secretKey, { extraEntropy: false })),
  );
  pair(
    results,
    "Verify ML-DSA-65",
    await opsPerSec(() => kms.verify({ ...input, Signature })),
    opsPerSecSync(() => ml_dsa65.verify(Signature, MESSAGE, dsa.publicKey)),
  );

  const kem = ml_kem768.keygen(dz);
  const kemInput = { KeyId: KEM_KEY, EncapsulationAlgorithm: "ML_KEM" };
  const { cipherText, sharedSecret } = ml_kem768.encapsulate(kem.publicKey);
  const back = await kms.decapsulate({ ...kemInput, SharedSecretCiphertextBlob: cipherText });
  if (Buffer.compare(Buffer.from(back.SharedSecret), Buffer.from(sharedSecret)) !== 0) {
    throw new Error("kms-wasm does not decapsulate @noble/post-quantum's ML-KEM-768 ciphertext");
  }
  pair(
    results,
    "Encapsulate ML-KEM-768",
    await opsPerSec(() => kms.encapsulate(kemInput)),
    opsPerSecSync(() => ml_kem768.encapsulate(kem.publicKey)),
  );
  pair(
    results,
    "Decapsulate ML-KEM-768",
    await opsPerSec(() => kms.decapsulate({ ...kemInput, SharedSecretCiphertextBlob: cipherText })),
    opsPerSecSync(() => ml_kem768.decapsulate(cipherText, kem.secretKey)),
  );

  const watch = stallWatch();
  const times = [];
  for (const [KeySpec, KeyUsage] of [
    ["ML_DSA_87", "SIGN_VERIFY"],
    ["ML_KEM_1024", "ENCAPSULATE_DECAPSULATE"],
  ]) {
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await kms.createKey({ KeySpec, KeyUsage });
      times.push(performance.now() - t0);
    }
  }
  results.add("CreateKey ML_DSA_87 / ML_KEM_1024, p50", median(times), "ms");
  results.add("longest event-loop stall while post-quantum keys were made (target ≤ 50)", watch.stop(), "ms");
  await kms.close();
}

/** The JS API figure, noble's, and their ratio (target ≥ 1: wasm should beat pure JS). */
function pair(results, label, ours, theirs) {
  results.add(`JS API ${label}`, ours, "ops/s");
  results.add(`@noble/post-quantum ${label}`, theirs, "ops/s");
  results.ratio(`JS API / @noble/post-quantum, ${label} (target ≥ 1)`, ours, theirs);
}

function b64(header, body) {
  return Buffer.concat([header, body]).toString("base64");
}

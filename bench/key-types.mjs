// The key types beyond symmetric: Sign and Verify through the JS API (ECDSA P-256, Ed25519,
// RSA-2048 PSS) beside node:crypto's sign/verify with the same key, and GenerateMac
// HMAC-SHA-256 of 1 KiB beside createHmac, all in this run; then CreateKey RSA_4096 once the
// pool is warm, and the longest event-loop stall while RSA keys were made.
import { constants, createHmac, createPrivateKey, createPublicKey, randomBytes, sign, verify } from "node:crypto";
import { KeyManagementService } from "kms-wasm";
import { median, opsPerSec, opsPerSecSync } from "./lib.mjs";
import { stallWatch } from "./stall.mjs";

const MESSAGE = randomBytes(64);
const CASES = [
  ["ECDSA P-256", "ECC_NIST_P256", "ECDSA_SHA_256", { hash: "sha256", options: {} }],
  ["Ed25519", "ECC_NIST_EDWARDS25519", "ED25519_SHA_512", { hash: null, options: {} }],
  [
    "RSA-2048 PSS",
    "RSA_2048",
    "RSASSA_PSS_SHA_256",
    { hash: "sha256", options: { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } },
  ],
];

export async function keyTypes(results) {
  console.log("key types");
  const kms = await KeyManagementService.open({ storage: "memory" });
  for (const [label, KeySpec, SigningAlgorithm, node] of CASES) {
    // The same key pair on both sides: a data key pair's halves, imported into node:crypto.
    const { KeyMetadata } = await kms.createKey({ KeySpec, KeyUsage: "SIGN_VERIFY" });
    const KeyId = KeyMetadata.KeyId;
    const { PublicKey } = await kms.getPublicKey({ KeyId });
    const input = { KeyId, Message: MESSAGE, SigningAlgorithm };
    const { Signature } = await kms.sign(input);
    const ours = results.add(`JS API Sign ${label}`, await opsPerSec(() => kms.sign(input)), "ops/s");
    const checked = results.add(
      `JS API Verify ${label}`,
      await opsPerSec(() => kms.verify({ ...input, Signature })),
      "ops/s",
    );
    const sym = (await kms.createKey({})).KeyMetadata.KeyId;
    const pair = await kms.generateDataKeyPair({ KeyId: sym, KeyPairSpec: KeySpec });
    const privateKey = createPrivateKey({ key: Buffer.from(pair.PrivateKeyPlaintext), format: "der", type: "pkcs8" });
    const publicKey = createPublicKey({ key: Buffer.from(PublicKey), format: "der", type: "spki" });
    const theirSig = sign(node.hash, MESSAGE, { key: privateKey, ...node.options });
    const theirs = results.add(
      `node:crypto sign ${label}`,
      opsPerSecSync(() => sign(node.hash, MESSAGE, { key: privateKey, ...node.options })),
      "ops/s",
    );
    const theirsVerify = results.add(
      `node:crypto verify ${label}`,
      opsPerSecSync(() => verify(node.hash, MESSAGE, { key: publicKey, ...node.options }, Signature)),
      "ops/s",
    );
    if (!verify(node.hash, MESSAGE, { key: createPublicKey(privateKey), ...node.options }, theirSig)) {
      throw new Error(`node:crypto's own ${label} signature does not verify`);
    }
    results.ratio(`JS API Sign / node:crypto sign, ${label} (target ≥ 0.5)`, ours, theirs);
    results.ratio(`JS API Verify / node:crypto verify, ${label} (target ≥ 0.5)`, checked, theirsVerify);
  }
  const { KeyMetadata: hmac } = await kms.createKey({ KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC" });
  const kib = randomBytes(1024);
  const key = randomBytes(32);
  const mac = results.add(
    "JS API GenerateMac HMAC-SHA-256 1 KiB",
    await opsPerSec(() => kms.generateMac({ KeyId: hmac.KeyId, Message: kib, MacAlgorithm: "HMAC_SHA_256" })),
    "ops/s",
  );
  const native = results.add(
    "node:crypto createHmac sha256 1 KiB",
    opsPerSecSync(() => createHmac("sha256", key).update(kib).digest()),
    "ops/s",
  );
  results.ratio("JS API GenerateMac / node:crypto createHmac, 1 KiB (target ≥ 0.5)", mac, native);

  const watch = stallWatch();
  await kms.prepareWrappingKeys({ RSA_4096: 3 });
  const times = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await kms.createKey({ KeySpec: "RSA_4096", KeyUsage: "SIGN_VERIFY" });
    times.push(performance.now() - t0);
  }
  results.add("CreateKey RSA_4096, pool warm, p50 (target ≤ 250)", median(times), "ms");
  await kms.createKey({ KeySpec: "RSA_4096", KeyUsage: "ENCRYPT_DECRYPT" }); // the pool refills off-thread
  results.add("longest event-loop stall while RSA keys were made (target ≤ 50)", watch.stop(), "ms");
  await kms.close();
}

// Shared by the import suites: wrapping key material the ways people really do it (openssl
// pkeyutl with AWS's documented options, node:crypto publicEncrypt), unwrapping with openssl
// and node:crypto, and the accepted algorithm × wrapping key spec matrix.
import { execFile } from "node:child_process";
import { constants, createPublicKey, privateDecrypt, publicEncrypt, randomBytes } from "node:crypto";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export const ALGORITHMS = ["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"];
export const SPECS = ["RSA_2048", "RSA_3072", "RSA_4096"];
export const SPEC_BITS = { RSA_2048: 2048, RSA_3072: 3072, RSA_4096: 4096 };
export const NO_EXPIRY = { ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE" };

/** 32 random bytes: symmetric key material. */
export const newMaterial = () => new Uint8Array(randomBytes(32));

/**
 * The openssl options of AWS's "Step 3: Encrypt the key material" page,
 * https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-encrypt-key-material.html.
 */
const OPENSSL_OAEP = {
  // The documented RSAES_OAEP_SHA_1 command names no MGF1 digest: openssl's default is the
  // OAEP digest, SHA-1.
  RSAES_OAEP_SHA_1: ["-pkeyopt", "rsa_padding_mode:oaep", "-pkeyopt", "rsa_oaep_md:sha1"],
  RSAES_OAEP_SHA_256: [
    "-pkeyopt",
    "rsa_padding_mode:oaep",
    "-pkeyopt",
    "rsa_oaep_md:sha256",
    "-pkeyopt",
    "rsa_mgf1_md:sha256",
  ],
};
const HASH = {
  RSAES_OAEP_SHA_1: "sha1",
  RSAES_OAEP_SHA_256: "sha256",
  RSA_AES_KEY_WRAP_SHA_1: "sha1",
  RSA_AES_KEY_WRAP_SHA_256: "sha256",
};

export async function openssl(args, opts = {}) {
  return run("openssl", args, { encoding: "buffer", timeout: 30_000, ...opts });
}

/**
 * Wraps `material` exactly as AWS documents it: the public key and the material in files named
 * as on AWS's page, `openssl pkeyutl -encrypt ... -keyform DER -pubin`, the result read back.
 */
export async function opensslWrap(dir, publicKey, material, alg) {
  const d = await mkdtemp(join(dir, "openssl-"));
  await writeFile(join(d, "WrappingPublicKey.bin"), publicKey);
  await writeFile(join(d, "PlaintextKeyMaterial.bin"), material);
  await openssl(
    [
      "pkeyutl",
      "-encrypt",
      "-in",
      "PlaintextKeyMaterial.bin",
      "-out",
      "EncryptedKeyMaterial.bin",
      "-inkey",
      "WrappingPublicKey.bin",
      "-keyform",
      "DER",
      "-pubin",
      ...OPENSSL_OAEP[alg],
    ],
    { cwd: d },
  );
  return new Uint8Array(await readFile(join(d, "EncryptedKeyMaterial.bin")));
}

/** The same with node:crypto (OAEP; node uses the OAEP hash for MGF1 too). */
export function nodeWrap(publicKey, material, alg) {
  const key = createPublicKey({ key: Buffer.from(publicKey), format: "der", type: "spki" });
  return new Uint8Array(
    publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: HASH[alg] }, material),
  );
}

/** RSA-OAEP decryption with a node:crypto private key (MGF1 with the same hash). */
export function nodeUnwrapOaep(privateKey, data, alg) {
  return new Uint8Array(
    privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: HASH[alg] }, data),
  );
}

/** RSA-OAEP decryption with `openssl pkeyutl -decrypt` (the node:crypto KeyObject as PEM). */
export async function opensslUnwrapOaep(dir, privateKey, data, alg) {
  const d = await mkdtemp(join(dir, "decrypt-"));
  const pem = privateKey.export({ type: "pkcs8", format: "pem" });
  await writeFile(join(d, "key.pem"), pem);
  await writeFile(join(d, "in.bin"), data);
  const md = HASH[alg];
  await openssl(
    [
      "pkeyutl",
      "-decrypt",
      "-inkey",
      "key.pem",
      "-in",
      "in.bin",
      "-out",
      "out.bin",
      "-pkeyopt",
      "rsa_padding_mode:oaep",
      "-pkeyopt",
      `rsa_oaep_md:${md}`,
      "-pkeyopt",
      `rsa_mgf1_md:${md}`,
    ],
    { cwd: d },
  );
  return new Uint8Array(await readFile(join(d, "out.bin")));
}

/** RFC 5649 unwrap with `openssl enc -d -id-aes256-wrap-pad -iv A65959A6`. */
export async function opensslKwpUnwrap(dir, aesKey, wrapped) {
  const d = await mkdtemp(join(dir, "kwp-"));
  await writeFile(join(d, "wrapped.bin"), wrapped);
  await openssl(
    [
      "enc",
      "-d",
      "-id-aes256-wrap-pad",
      "-K",
      Buffer.from(aesKey).toString("hex"),
      "-iv",
      "A65959A6",
      "-in",
      "wrapped.bin",
      "-out",
      "material.bin",
    ],
    { cwd: d },
  );
  return new Uint8Array(await readFile(join(d, "material.bin")));
}

/** An EXTERNAL key's id, parameters for it, and its ARN. */
export async function externalKey(kms, alg = "RSAES_OAEP_SHA_256", spec = "RSA_2048") {
  const { KeyMetadata } = await kms.createKey({ Origin: "EXTERNAL" });
  const params = await kms.getParametersForImport({
    KeyId: KeyMetadata.KeyId,
    WrappingAlgorithm: alg,
    WrappingKeySpec: spec,
  });
  return { keyId: KeyMetadata.KeyId, arn: KeyMetadata.Arn, params, alg };
}

/** Imports `material` (wrapped in wasm) with `params`; extra members override the defaults. */
export function importWith(kms, keyId, params, material, alg, extra = {}) {
  return kms.importKeyMaterial({
    KeyId: keyId,
    ImportToken: params.ImportToken,
    EncryptedKeyMaterial: nodeWrap(params.PublicKey, material, alg),
    ...NO_EXPIRY,
    ...extra,
  });
}

/**
 * Runs `fn` while a 1 ms interval runs; returns `{ value, ticks, longestStallMs }`, the
 * longest gap between ticks (or between the start and the first tick, the last tick and the end).
 */
export async function whileTicking(fn) {
  let last = performance.now();
  let ticks = 0;
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    ticks++;
  }, 1);
  try {
    const value = await fn();
    longest = Math.max(longest, performance.now() - last);
    return { value, ticks, longestStallMs: longest };
  } finally {
    clearInterval(timer);
  }
}

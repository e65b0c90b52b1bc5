// `kms-wasm wrap`: wraps key material for ImportKeyMaterial with GetParametersForImport's public key
// (DER, its base64 text, PEM or a JWK, all read by node:crypto) as the openssl commands of AWS's
// import guide do, with no openssl; the material's bytes never appear in any message. PEM
// private keys are converted to PKCS#8 DER.
// Depends on node:crypto, node:fs, ./command.js and ../js/node.js.
import { createPrivateKey, createPublicKey } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { wrapKeyMaterial } from "../js/node.js";
import { runCommand, UsageError } from "./command.js";

const WRAP_HELP = `Usage: kms-wasm wrap --public-key <file> --material <file> --algorithm <alg> --out <file>

Wraps key material for ImportKeyMaterial, exactly as AWS's openssl commands do.

Options:
  --public-key <file>  the wrapping public key from GetParametersForImport: DER
                       (e.g. WrappingPublicKey.bin), its base64 text, PEM or a JWK
  --material <file>    the plaintext key material: 32 bytes for a symmetric key, the
                       HMAC key, or an RSA/ECC/Ed25519 private key (PKCS#8 DER, or any
                       unencrypted PEM private key, converted to PKCS#8 DER here)
  --algorithm <alg>    the WrappingAlgorithm the parameters were requested with:
                       RSAES_OAEP_SHA_256, RSAES_OAEP_SHA_1,
                       RSA_AES_KEY_WRAP_SHA_256 or RSA_AES_KEY_WRAP_SHA_1
  --out <file>         where to write the EncryptedKeyMaterial (binary)
  -h, --help           show this help

Example (the file names of AWS's import guide):
  kms-wasm wrap --public-key WrappingPublicKey.bin --material PlaintextKeyMaterial.bin \\
    --algorithm RSAES_OAEP_SHA_256 --out EncryptedKeyMaterial.bin
`;

/**
 * The wrapping public key as SPKI DER, read by node:crypto from DER (SPKI or PKCS#1), PEM, a
 * JWK, or base64 text of the DER. Throws a message for a private key, a key that is not RSA,
 * and bytes that are no key at all.
 */
function publicKeyDer(bytes, path) {
  const text = Buffer.from(bytes).toString("latin1").trim();
  // A private key would be accepted by createPublicKey (it derives the public half): refused,
  // since handing the private half around is the mistake to point out.
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text) || /"d"\s*:/.test(text))
    throw new Error(`--public-key ${path} is a private key; give the wrapping public key from GetParametersForImport`);
  const tries = [];
  if (text.startsWith("-----BEGIN")) tries.push(text);
  else if (text.startsWith("{")) tries.push({ key: parseJson(text), format: "jwk" });
  else {
    const der = bytes[0] === 0x30 ? Buffer.from(bytes) : base64Der(text);
    if (der) tries.push({ key: der, format: "der", type: "spki" }, { key: der, format: "der", type: "pkcs1" });
  }
  for (const spec of tries) {
    let key;
    try {
      key = createPublicKey(spec);
    } catch {
      continue;
    }
    if (key.asymmetricKeyType !== "rsa")
      throw new Error(`--public-key ${path} is an ${key.asymmetricKeyType} key; wrapping keys are RSA`);
    return new Uint8Array(key.export({ type: "spki", format: "der" }));
  }
  throw new Error(`--public-key ${path} is neither a public key's DER nor its base64, PEM or JWK text`);
}

const base64Der = (text) => {
  const compact = text.replace(/\s+/g, "");
  if (compact === "" || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;
  return Buffer.from(compact, "base64");
};

const parseJson = (text) => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** A PEM private key (PKCS#8, PKCS#1 RSA or SEC1 EC) as PKCS#8 DER; other bytes as they are. */
function pkcs8Der(bytes) {
  const text = Buffer.from(bytes).toString("latin1");
  if (!/^\s*-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) return bytes;
  let key;
  try {
    key = createPrivateKey({ key: text, format: "pem" });
  } catch (e) {
    throw new Error(`--material is a PEM private key node:crypto cannot read (${e.code ?? e.message})`);
  }
  return new Uint8Array(key.export({ type: "pkcs8", format: "der" }));
}

async function read(path, what) {
  try {
    return new Uint8Array(await readFile(path));
  } catch (e) {
    throw new Error(`cannot read ${what} ${path}: ${e.code ?? e.message}`);
  }
}

const WRAP = {
  name: "wrap",
  help: WRAP_HELP,
  options: {
    "public-key": { type: "string" },
    material: { type: "string" },
    algorithm: { type: "string" },
    out: { type: "string" },
  },
  check(v) {
    const missing = ["public-key", "material", "algorithm", "out"].filter((k) => !v[k]);
    if (missing.length) throw new UsageError(`missing ${missing.map((k) => `--${k}`).join(", ")}`);
    return { publicKey: v["public-key"], material: v.material, algorithm: v.algorithm, out: v.out };
  },
  async run(o, { stdout }) {
    const der = publicKeyDer(await read(o.publicKey, "--public-key"), o.publicKey);
    const raw = await read(o.material, "--material");
    let material;
    try {
      material = pkcs8Der(raw);
    } finally {
      if (material !== raw) raw.fill(0);
    }
    let wrapped;
    try {
      wrapped = wrapKeyMaterial({ PublicKey: der, KeyMaterial: material, WrappingAlgorithm: o.algorithm });
    } finally {
      material.fill(0);
    }
    try {
      await writeFile(o.out, wrapped);
    } catch (e) {
      throw new Error(`cannot write --out ${o.out}: ${e.code ?? e.message}`);
    }
    stdout.write(`kms-wasm wrap: wrote ${wrapped.length} bytes of EncryptedKeyMaterial (${o.algorithm}) to ${o.out}\n`);
  },
};

/** Runs `kms-wasm wrap <argv>`; resolves to the process exit code. */
export const runWrap = (argv, io) => runCommand(WRAP, argv, io);

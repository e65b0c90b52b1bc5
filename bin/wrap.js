// `kms-wasm wrap`: wraps key material for ImportKeyMaterial with GetParametersForImport's public key
// (DER, its base64 text or PEM) as the openssl commands of AWS's import guide do, with no openssl;
// the material's bytes never appear in any message. PEM private keys are converted to PKCS#8 DER.
// Depends on node:crypto, node:fs, ./command.js and ../js/node.js.
import { createPrivateKey } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { wrapKeyMaterial } from "../js/node.js";
import { runCommand, UsageError } from "./command.js";

const WRAP_HELP = `Usage: kms-wasm wrap --public-key <file> --material <file> --algorithm <alg> --out <file>

Wraps key material for ImportKeyMaterial, exactly as AWS's openssl commands do.

Options:
  --public-key <file>  the wrapping public key from GetParametersForImport: DER
                       (e.g. WrappingPublicKey.bin), its base64 text, or PEM
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

/** DER as it is, or the DER inside base64 text or PEM; undefined if it is neither. */
function publicKeyDer(bytes) {
  if (bytes.length > 0 && bytes[0] === 0x30) return bytes;
  const text = Buffer.from(bytes)
    .toString("latin1")
    .replace(/-----(BEGIN|END) [A-Z ]+-----/g, "")
    .replace(/\s+/g, "");
  if (text === "" || !/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 === 1) return undefined;
  const der = Buffer.from(text, "base64");
  return der[0] === 0x30 ? new Uint8Array(der) : undefined;
}

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
    const der = publicKeyDer(await read(o.publicKey, "--public-key"));
    if (!der) throw new Error(`--public-key ${o.publicKey} is neither a DER public key nor its base64 or PEM text`);
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

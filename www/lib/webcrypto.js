// The page's own WebCrypto beside KMS, to show what a public key lets anyone do without KMS:
// verify signatures, encrypt with RSA-OAEP, and ECDH with a partner key pair made in the page;
// and an ECDSA P-256 signature to set beside an ML-DSA one. ECDSA signatures go between KMS's
// DER and WebCrypto's r‖s here. Depends on ./key-specs.js.

import { curveOf, hashOf } from "./key-specs.js";

const subtle = () => globalThis.crypto.subtle;

/** A DER SEQUENCE { r INTEGER, s INTEGER } → r‖s, each `size` bytes; throws when it is not one. */
export function derToRaw(der, size) {
  const bad = () => new Error("not a DER ECDSA signature");
  if (der[0] !== 0x30) throw bad();
  let i = 2 + (der[1] & 0x80 ? der[1] & 0x7f : 0);
  const out = new Uint8Array(2 * size);
  for (let n = 0; n < 2; n++) {
    if (der[i] !== 0x02 || i + 2 > der.length) throw bad();
    const len = der[i + 1];
    let v = der.subarray(i + 2, i + 2 + len);
    if (v.length !== len) throw bad();
    while (v.length > size && v[0] === 0) v = v.subarray(1);
    if (v.length > size) throw bad();
    out.set(v, n * size + size - v.length);
    i += 2 + len;
  }
  return out;
}

/** r‖s (two equal halves of at most 63 bytes each) → DER SEQUENCE { r INTEGER, s INTEGER }. */
export function rawToDer(raw) {
  const integer = (half) => {
    let v = half;
    while (v.length > 1 && v[0] === 0 && !(v[1] & 0x80)) v = v.subarray(1); // minimal encoding
    if (v[0] & 0x80) v = Uint8Array.of(0, ...v); // INTEGER is signed: keep it positive
    return [0x02, v.length, ...v];
  };
  const body = [...integer(raw.subarray(0, raw.length / 2)), ...integer(raw.subarray(raw.length / 2))];
  return Uint8Array.of(0x30, body.length, ...body); // short-form length: P-256's body is at most 70 bytes
}

/**
 * A throwaway ECDSA P-256 key pair made here signs `message` (SHA-256), for comparing sizes:
 * `{ raw, der, spki }` (the r‖s WebCrypto returns, the same signature as KMS would encode it, and
 * the public key).
 */
export async function ecdsaP256Sample(message) {
  const pair = await subtle().generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"]);
  const raw = new Uint8Array(await subtle().sign({ name: "ECDSA", hash: "SHA-256" }, pair.privateKey, message));
  const spki = new Uint8Array(await subtle().exportKey("spki", pair.publicKey));
  return { raw, der: rawToDer(raw), spki };
}

/** WebCrypto's parameters for a KMS signing algorithm on a key spec; undefined where it has none. */
function verifyParams(spec, algorithm) {
  const hash = hashOf(algorithm);
  if (algorithm.startsWith("ECDSA_")) {
    const curve = curveOf(spec);
    if (!curve?.name) return undefined; // secp256k1 is not in WebCrypto
    return {
      importAlg: { name: "ECDSA", namedCurve: curve.name },
      verifyAlg: { name: "ECDSA", hash: hash.name },
      rawSize: curve.bytes,
    };
  }
  if (algorithm.startsWith("RSASSA_PSS_"))
    return { importAlg: { name: "RSA-PSS", hash: hash.name }, verifyAlg: { name: "RSA-PSS", saltLength: hash.bytes } };
  if (algorithm.startsWith("RSASSA_PKCS1_V1_5_"))
    return { importAlg: { name: "RSASSA-PKCS1-v1_5", hash: hash.name }, verifyAlg: { name: "RSASSA-PKCS1-v1_5" } };
  if (algorithm === "ED25519_SHA_512") return { importAlg: { name: "Ed25519" }, verifyAlg: { name: "Ed25519" } };
  return undefined; // ED25519_PH_SHA_512 (Ed25519ph) is not in WebCrypto
}

/**
 * Verifies `signature` over `message` with the DER SubjectPublicKeyInfo `publicKey`, in this
 * page: true or false, or undefined when this browser's WebCrypto has no such algorithm.
 */
export async function verifyHere(spec, algorithm, publicKey, message, signature) {
  const p = verifyParams(spec, algorithm);
  if (!p) return undefined;
  let key;
  try {
    key = await subtle().importKey("spki", publicKey, p.importAlg, false, ["verify"]);
  } catch {
    return undefined;
  }
  let sig = signature;
  if (p.rawSize) {
    try {
      sig = derToRaw(signature, p.rawSize);
    } catch {
      return false;
    }
  }
  return subtle().verify(p.verifyAlg, key, sig, message);
}

/** The digest KMS expects for MessageType DIGEST with `algorithm` (SHA-256/384/512 of `message`). */
export async function digestFor(algorithm, message) {
  return new Uint8Array(await subtle().digest(hashOf(algorithm).name, message));
}

/** RSA-OAEP encryption with the public key, as anyone holding it can do (same hash for MGF1). */
export async function encryptHere(publicKey, algorithm, plaintext) {
  const key = await subtle().importKey("spki", publicKey, { name: "RSA-OAEP", hash: hashOf(algorithm).name }, false, [
    "encrypt",
  ]);
  return new Uint8Array(await subtle().encrypt({ name: "RSA-OAEP" }, key, plaintext));
}

/** A partner's ECDH key pair on the curve of `spec`: `{ privateKey, spki }` (the private key stays here). */
export async function partnerKeyPair(spec) {
  const pair = await subtle().generateKey({ name: "ECDH", namedCurve: curveOf(spec).name }, false, ["deriveBits"]);
  return { privateKey: pair.privateKey, spki: new Uint8Array(await subtle().exportKey("spki", pair.publicKey)) };
}

/** The partner's side of ECDH: its private key with KMS's public key (DER SPKI). */
export async function deriveHere(spec, privateKey, kmsPublicKey) {
  const curve = curveOf(spec);
  const pub = await subtle().importKey("spki", kmsPublicKey, { name: "ECDH", namedCurve: curve.name }, false, []);
  return new Uint8Array(await subtle().deriveBits({ name: "ECDH", public: pub }, privateKey, curve.bytes * 8));
}

// What the post-quantum suites share: each ML-DSA and ML-KEM key spec with @noble/post-quantum's
// implementation of it, known keys as a seed document (PKCS#8 seed form, built here from the DER
// rules), FIPS 204's μ with node:crypto's SHAKE256, and the SubjectPublicKeyInfo a public key
// must have. Depends on node:crypto and @noble/post-quantum only, never on kms-wasm.
import { createHash } from "node:crypto";
import { ml_dsa44, ml_dsa65, ml_dsa87 } from "@noble/post-quantum/ml-dsa.js";
import { ml_kem512, ml_kem768, ml_kem1024 } from "@noble/post-quantum/ml-kem.js";

/** Key spec → noble, the NIST OID (CSOR), SPKI and signature lengths (FIPS 204 Table 2). */
export const DSA = {
  ML_DSA_44: { noble: ml_dsa44, oid: "2.16.840.1.101.3.4.3.17", spki: 1334, signature: 2420 },
  ML_DSA_65: { noble: ml_dsa65, oid: "2.16.840.1.101.3.4.3.18", spki: 1974, signature: 3309 },
  ML_DSA_87: { noble: ml_dsa87, oid: "2.16.840.1.101.3.4.3.19", spki: 2614, signature: 4627 },
};

/** Key spec → noble, the NIST OID, SPKI and ciphertext lengths (FIPS 203 Table 3). */
export const KEM = {
  ML_KEM_512: { noble: ml_kem512, oid: "2.16.840.1.101.3.4.4.1", spki: 822, ciphertext: 768 },
  ML_KEM_768: { noble: ml_kem768, oid: "2.16.840.1.101.3.4.4.2", spki: 1206, ciphertext: 1088 },
  ML_KEM_1024: { noble: ml_kem1024, oid: "2.16.840.1.101.3.4.4.3", spki: 1590, ciphertext: 1568 },
};

export const MESSAGE = new TextEncoder().encode("kms-wasm signs this for post-quantum verifiers");

const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let i = 0;
  for (const p of parts) {
    out.set(p, i);
    i += p.length;
  }
  return out;
};

/** One DER TLV (definite length, short or long form). */
export function der(tag, content) {
  const n = content.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return concat(Uint8Array.of(tag, ...len), content);
}

/** An OBJECT IDENTIFIER's DER from its dotted form (X.690 §8.19). */
export function oidDer(dotted) {
  const [a, b, ...rest] = dotted.split(".").map(Number);
  const body = [];
  for (const arc of [40 * a + b, ...rest]) {
    const base128 = [arc & 0x7f];
    for (let v = arc >> 7; v > 0; v >>= 7) base128.unshift((v & 0x7f) | 0x80);
    body.push(...base128);
  }
  return der(0x06, Uint8Array.from(body));
}

/** The dotted form of the DER OBJECT IDENTIFIER at `bytes[at]`. */
export function readOid(bytes, at) {
  if (bytes[at] !== 0x06) throw new Error(`no OID at ${at}`);
  const body = bytes.subarray(at + 2, at + 2 + bytes[at + 1]);
  const arcs = [];
  let v = 0;
  for (const b of body) {
    v = v * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      arcs.push(v);
      v = 0;
    }
  }
  const first = arcs.shift();
  const a = first < 80 ? Math.floor(first / 40) : 2;
  return [a, first - 40 * a, ...arcs].join(".");
}

/** SubjectPublicKeyInfo { AlgorithmIdentifier { oid } (no parameters, per NIST), BIT STRING raw }. */
export const spkiOf = (oid, raw) => der(0x30, concat(der(0x30, oidDer(oid)), der(0x03, concat(Uint8Array.of(0), raw))));

/** OneAsymmetricKey v0 with the seed-only private key: OCTET STRING { [0] IMPLICIT seed }. */
export const pkcs8Of = (oid, seed) =>
  der(0x30, concat(der(0x02, Uint8Array.of(0)), der(0x30, oidDer(oid)), der(0x04, der(0x80, seed))));

/** FIPS 204 §6.2's μ for the empty context: SHAKE256(SHAKE256(pk, 64) ‖ 0x00 ‖ 0x00 ‖ M, 64). */
export function mu(rawPublicKey, message) {
  const shake = () => createHash("shake256", { outputLength: 64 });
  const tr = shake().update(rawPublicKey).digest();
  return new Uint8Array(shake().update(tr).update(Uint8Array.of(0, 0)).update(message).digest());
}

/** The raw public key in a SubjectPublicKeyInfo (the BIT STRING's bits). */
export const rawOf = (spki) => spki.subarray(22);

const seedBytes = (label, n) => new Uint8Array(createHash("sha512").update(label).digest().subarray(0, n));

/**
 * Known keys of every spec: `{ doc, keys }`. `keys[spec]` is `{ KeyId, seed, publicKey, secretKey }`
 * with noble's keypair from the seed (ξ for ML-DSA, d‖z for ML-KEM); `doc` seeds them into kms-wasm.
 */
export function knownKeys() {
  const keys = {};
  let n = 0;
  for (const [specs, usage, seedLength] of [
    [DSA, "SIGN_VERIFY", 32],
    [KEM, "ENCAPSULATE_DECAPSULATE", 64],
  ]) {
    for (const [spec, { noble, oid }] of Object.entries(specs)) {
      const seed = seedBytes(`kms-wasm known ${spec} key (public test material)`, seedLength);
      const KeyId = `7e57c0de-0000-4000-8000-${String(++n).padStart(12, "0")}`;
      keys[spec] = { KeyId, spec, usage, oid, seed, pkcs8: pkcs8Of(oid, seed), ...noble.keygen(seed) };
    }
  }
  const doc = {
    Keys: Object.values(keys).map((k) => ({
      KeyId: k.KeyId,
      Description: `known ${k.spec} key: its material is public`,
      KeySpec: k.spec,
      KeyUsage: k.usage,
      KeyMaterial: [{ Material: Buffer.from(k.pkcs8).toString("base64") }],
    })),
  };
  return { doc, keys };
}

export const b64 = (b) => Buffer.from(b).toString("base64");
export const unb64 = (s) => new Uint8Array(Buffer.from(s, "base64"));
export const hex = (b) => Buffer.from(b).toString("hex");

// What the console knows about key types, key usages and key specs: the create wizard's choices
// (each with a one-line hint, in the AWS console's words) and the sizes the views explain
// (RSA modulus and OAEP limit, curves, signature, MAC and shared-secret lengths; ML-DSA and
// ML-KEM sizes). Depends on nothing.

export const TYPE_LABEL = { SYMMETRIC: "Symmetric", ASYMMETRIC: "Asymmetric" };
/**
 * The wizard's key types. KMS files ML-DSA and ML-KEM keys under Asymmetric (DescribeKey, the
 * key page); the wizard gives them a choice of their own so that its post-quantum explanation
 * stands beside them, and the classical usages and specs keep their lists.
 */
export const WIZARD_TYPE_LABEL = { ...TYPE_LABEL, POST_QUANTUM: "Asymmetric, post-quantum" };

export const USAGE_LABEL = {
  ENCRYPT_DECRYPT: "Encrypt and decrypt",
  GENERATE_VERIFY_MAC: "Generate and verify MAC",
  SIGN_VERIFY: "Sign and verify",
  KEY_AGREEMENT: "Key agreement",
  ENCAPSULATE_DECAPSULATE: "Encapsulate and decapsulate",
};

/** Key type → [KeyUsage, short id, hint], in the AWS console's order. */
export const USAGES = {
  SYMMETRIC: [
    ["ENCRYPT_DECRYPT", "encrypt", "One AES-256-GCM key (SYMMETRIC_DEFAULT) for secrets up to 4 KB and for data keys."],
    ["GENERATE_VERIFY_MAC", "mac", "An HMAC key: tags that prove a message is unchanged and came from a key user."],
  ],
  ASYMMETRIC: [
    ["ENCRYPT_DECRYPT", "encrypt", "RSA: anyone with the public key can encrypt; only KMS can decrypt."],
    ["SIGN_VERIFY", "sign", "KMS signs with the private key; anyone with the public key can verify."],
    ["KEY_AGREEMENT", "agreement", "ECDH: KMS and a partner derive the same secret from each other's public keys."],
  ],
  POST_QUANTUM: [
    ["SIGN_VERIFY", "sign", "ML-DSA (FIPS 204): KMS signs; anyone with the public key can verify."],
    [
      "ENCAPSULATE_DECAPSULATE",
      "kem",
      "ML-KEM (FIPS 203): anyone with the public key wraps a fresh secret; only KMS can unwrap it.",
    ],
  ],
};

/** ML-DSA specs (FIPS 204): raw public key and signature sizes, NIST security category. */
const ML_DSA = {
  ML_DSA_44: { name: "ML-DSA-44", publicKey: 1312, signature: 2420, category: 2 },
  ML_DSA_65: { name: "ML-DSA-65", publicKey: 1952, signature: 3309, category: 3 },
  ML_DSA_87: { name: "ML-DSA-87", publicKey: 2592, signature: 4627, category: 5 },
};
/** ML-KEM specs (FIPS 203): raw public key and ciphertext sizes, NIST security category. */
const ML_KEM = {
  ML_KEM_512: { name: "ML-KEM-512", publicKey: 800, ciphertext: 768, category: 1 },
  ML_KEM_768: { name: "ML-KEM-768", publicKey: 1184, ciphertext: 1088, category: 3 },
  ML_KEM_1024: { name: "ML-KEM-1024", publicKey: 1568, ciphertext: 1568, category: 5 },
};

const RSA_BITS = { RSA_2048: 2048, RSA_3072: 3072, RSA_4096: 4096 };
const MAC_BYTES = { HMAC_224: 28, HMAC_256: 32, HMAC_384: 48, HMAC_512: 64 };
/** ECC specs: WebCrypto's curve name (none for secp256k1), field size, longest DER ECDSA signature. */
const CURVES = {
  ECC_NIST_P256: { name: "P-256", bytes: 32, der: 72, label: "NIST P-256 (secp256r1)" },
  ECC_NIST_P384: { name: "P-384", bytes: 48, der: 104, label: "NIST P-384 (secp384r1)" },
  ECC_NIST_P521: { name: "P-521", bytes: 66, der: 139, label: "NIST P-521 (secp521r1)" },
  ECC_SECG_P256K1: { name: undefined, bytes: 32, der: 72, label: "secp256k1, the curve of Bitcoin and Ethereum" },
};

const rsaHint = (usage) => (spec) => {
  const bytes = RSA_BITS[spec] / 8;
  const speed = spec === "RSA_4096" ? " Slowest; generating it takes a few seconds." : "";
  return usage === "ENCRYPT_DECRYPT"
    ? `${RSA_BITS[spec]}-bit modulus: at most ${oaepLimit(spec, "RSAES_OAEP_SHA_256")} bytes per Encrypt with RSAES_OAEP_SHA_256.${speed}`
    : `${RSA_BITS[spec]}-bit modulus: ${bytes}-byte signatures, PKCS #1 v1.5 or PSS, SHA-256/384/512.${speed}`;
};

/** The key specs valid for a key type and usage: [KeySpec, hint]. */
export function specsFor(type, usage) {
  if (type === "POST_QUANTUM") {
    if (usage === "ENCAPSULATE_DECAPSULATE")
      return Object.entries(ML_KEM).map(([spec, k]) => [
        spec,
        `${k.name}, NIST category ${k.category}: ${k.publicKey}-byte public key, ${k.ciphertext}-byte ciphertexts, 32-byte shared secrets.`,
      ]);
    return Object.entries(ML_DSA).map(([spec, k]) => [
      spec,
      `${k.name}, NIST category ${k.category}: ${k.signature}-byte signatures, ${k.publicKey}-byte public key. Messages up to 4 KB, or their 64-byte μ.`,
    ]);
  }
  if (type === "SYMMETRIC") {
    if (usage === "GENERATE_VERIFY_MAC")
      return Object.entries(MAC_BYTES).map(([spec, n]) => [
        spec,
        `${n * 8}-bit key; HMAC_SHA_${n * 8} makes ${n}-byte MACs.`,
      ]);
    return [["SYMMETRIC_DEFAULT", "A 256-bit AES-GCM key; KMS never lets it out."]];
  }
  const rsa = Object.keys(RSA_BITS).map((spec) => [spec, rsaHint(usage)(spec)]);
  if (usage === "ENCRYPT_DECRYPT") return rsa;
  const nist = ["ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521"];
  if (usage === "KEY_AGREEMENT")
    return nist.map((spec) => [spec, `${CURVES[spec].label}: a ${CURVES[spec].bytes}-byte shared secret (ECDH).`]);
  return [
    ...rsa,
    ...nist.map((spec) => [
      spec,
      `${CURVES[spec].label}: ${ecdsaAlgorithm(spec)}, signatures of at most ${CURVES[spec].der} bytes.`,
    ]),
    ["ECC_SECG_P256K1", `${CURVES.ECC_SECG_P256K1.label}: ECDSA_SHA_256, at most 72 bytes. Signing only.`],
    [
      "ECC_NIST_EDWARDS25519",
      "Ed25519: 64-byte signatures of a message (ED25519_SHA_512) or of its digest (ED25519_PH_SHA_512). Signing only.",
    ],
  ];
}

function ecdsaAlgorithm(spec) {
  return { ECC_NIST_P384: "ECDSA_SHA_384", ECC_NIST_P521: "ECDSA_SHA_512" }[spec] ?? "ECDSA_SHA_256";
}

/** "Symmetric" for AES and HMAC keys, "Asymmetric" for key pairs. */
export const keyTypeOf = (spec) => (spec === "SYMMETRIC_DEFAULT" || spec in MAC_BYTES ? "SYMMETRIC" : "ASYMMETRIC");
/** Key pairs (RSA, ECC, Ed25519): they have a public key. */
export const isPair = (spec) => keyTypeOf(spec) === "ASYMMETRIC";
export const isRsa = (spec) => spec in RSA_BITS;
/** Post-quantum key pairs (ML-DSA, ML-KEM): KMS makes their material, they are never imported. */
export const isPostQuantum = (spec) => spec in ML_DSA || spec in ML_KEM;
/** An ML-DSA spec's `{ name, publicKey, signature, category }`, or undefined. */
export const mlDsaOf = (spec) => ML_DSA[spec];
/** An ML-KEM spec's `{ name, publicKey, ciphertext, category }`, or undefined. */
export const mlKemOf = (spec) => ML_KEM[spec];
/** Bytes of imported HMAC material the console generates (the hash's length), else 32. */
export const materialBytes = (spec) => MAC_BYTES[spec] ?? 32;
/** The ECC curve of a spec: `{ name, bytes, der, label }`, or undefined. */
export const curveOf = (spec) => CURVES[spec];

/** The hash an algorithm name ends with: `{ name: "SHA-256", bytes: 32 }`. */
export function hashOf(algorithm) {
  if (algorithm.endsWith("SHA_1")) return { name: "SHA-1", bytes: 20 };
  const bits = algorithm.match(/_(224|256|384|512)$/)?.[1] ?? "256";
  return { name: `SHA-${bits}`, bytes: Number(bits) / 8 };
}

/** The modulus of an RSA spec, in bytes. */
export const modulusBytes = (spec) => RSA_BITS[spec] / 8;

/** The most plaintext RSAES-OAEP takes: modulus − 2 × hash − 2 bytes. */
export function oaepLimit(spec, algorithm) {
  return modulusBytes(spec) - 2 * hashOf(algorithm).bytes - 2;
}

/** How long a signature of this spec is, in words. */
export function signatureSize(spec) {
  if (isRsa(spec)) return `exactly ${modulusBytes(spec)} bytes, the size of the RSA modulus`;
  if (spec === "ECC_NIST_EDWARDS25519") return "always 64 bytes for Ed25519";
  if (spec in ML_DSA) return `always ${ML_DSA[spec].signature} bytes for ${ML_DSA[spec].name}`;
  const c = CURVES[spec];
  return c ? `at most ${c.der} bytes: ECDSA signatures are DER-encoded (r, s), whose length varies` : "";
}

/** What an enabled key of this usage can do, for the state explanation. */
export const USE_TEXT = {
  ENCRYPT_DECRYPT: "encrypt and decrypt",
  GENERATE_VERIFY_MAC: "generate and verify MACs",
  SIGN_VERIFY: "sign and verify",
  KEY_AGREEMENT: "derive shared secrets",
  ENCAPSULATE_DECAPSULATE: "encapsulate and decapsulate shared secrets",
};

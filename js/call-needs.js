// What a call needs before the engine runs it, decided from the operation and its request:
// the extras module (HMAC and asymmetric keys, key import; browsers load it asynchronously,
// so the service awaits `loadExtras()` first) and an RSA private key of some size from the
// pool (GetParametersForImport's wrapping key, CreateKey's RSA key), which ./wrapping-keys.js
// makes off the caller's thread. Depends on nothing.

/** RSA key specs (WrappingKeySpec, KeySpec) → bits. */
const SPEC_BITS = { RSA_2048: 2048, RSA_3072: 3072, RSA_4096: 4096 };
/** GetParametersForImport hands out a wrapping key only for these (others are refused first). */
const KEYED_ALGORITHMS = new Set([
  "RSAES_OAEP_SHA_1",
  "RSAES_OAEP_SHA_256",
  "RSA_AES_KEY_WRAP_SHA_1",
  "RSA_AES_KEY_WRAP_SHA_256",
]);
/** Operations that always run in the extras module. */
const EXTRAS_OPERATIONS = new Set([
  "GetParametersForImport",
  "ImportKeyMaterial",
  "Sign",
  "Verify",
  "GetPublicKey",
  "DeriveSharedSecret",
  "Encapsulate",
  "Decapsulate",
  "GenerateDataKeyPair",
  "GenerateDataKeyPairWithoutPlaintext",
  "GenerateMac",
  "VerifyMac",
]);
/** Operations that need it only for some requests (a key pair's spec or RSA algorithm). */
const MAYBE_OPERATIONS = new Set(["CreateKey", "Encrypt", "Decrypt", "ReEncrypt"]);
const PAIR_SPEC = /^(RSA_|ECC_|ML_)/;
const RSA_ALGORITHM = /^RSAES_/;

const opOf = (target) => (target.startsWith("TrentService.") ? target.slice(13) : target);
const specOf = (r) => r.KeySpec ?? r.CustomerMasterKeySpec;

/**
 * True when a wire call of `target` may have to wait for a pooled RSA key: only these
 * operations take one, so every other call can run at once.
 */
export function mayTakePooledKey(target) {
  return target === "TrentService.CreateKey" || target === "TrentService.GetParametersForImport";
}

/** True when `op` with `request` (a JS API input or a parsed wire body) runs in the extras module. */
export function needsExtras(op, request) {
  if (EXTRAS_OPERATIONS.has(op)) return true;
  if (!MAYBE_OPERATIONS.has(op) || request === null || typeof request !== "object") return false;
  if (op === "CreateKey") return PAIR_SPEC.test(specOf(request) ?? "");
  return [request.EncryptionAlgorithm, request.SourceEncryptionAlgorithm, request.DestinationEncryptionAlgorithm].some(
    (a) => typeof a === "string" && RSA_ALGORITHM.test(a),
  );
}

/** Bits of the RSA key from the pool that `op` with `request` will use, or 0. */
export function pooledKeyBits(op, request) {
  if (request === null || typeof request !== "object") return 0;
  if (op === "GetParametersForImport") {
    return KEYED_ALGORITHMS.has(request.WrappingAlgorithm) ? (SPEC_BITS[request.WrappingKeySpec] ?? 0) : 0;
  }
  if (op === "CreateKey" && request.Origin !== "EXTERNAL") return SPEC_BITS[specOf(request)] ?? 0;
  return 0;
}

const utf8 = new TextDecoder();

/**
 * The same for a raw AWS JSON 1.1 request: `{ extras, bits }`. Only bodies that may matter are
 * read: Encrypt, Decrypt and ReEncrypt bodies only while the extras module is not usable yet
 * (`extrasUsable`: false only in a browser before it loads), so their hot path stays untouched.
 */
export function wireNeeds(target, bytes, extrasUsable) {
  if (typeof target !== "string") return { extras: false, bits: 0 };
  const op = opOf(target);
  if (EXTRAS_OPERATIONS.has(op) && op !== "GetParametersForImport") return { extras: true, bits: 0 };
  if (op !== "CreateKey" && op !== "GetParametersForImport" && (extrasUsable || !MAYBE_OPERATIONS.has(op)))
    return { extras: false, bits: 0 };
  const text = utf8.decode(bytes);
  // Encrypt, Decrypt and ReEncrypt bodies are parsed only when they may name an RSA algorithm.
  if (op !== "CreateKey" && op !== "GetParametersForImport" && !text.includes("RSAES_"))
    return { extras: false, bits: 0 };
  let request;
  try {
    request = JSON.parse(text);
  } catch {
    return { extras: EXTRAS_OPERATIONS.has(op), bits: 0 }; // not JSON: the service answers that itself
  }
  return { extras: needsExtras(op, request), bits: pooledKeyBits(op, request) };
}

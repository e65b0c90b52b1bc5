// One line on the usual cause of an AWS exception, for a learner who has just met it: the
// exception's name, refined by the call that failed (when the view says which) and, for a
// state error, by the state KMS names in its message. Used by the toasts and the forms' inline
// errors. Depends on nothing.

/** What a key in each state (as KMS words it in KMSInvalidStateException) allows, and what to do. */
const STATE_HINTS = [
  [
    /pending deletion/i,
    "The key is pending deletion: nothing can use it until you cancel the deletion (Cancel key deletion, on the key's page), then enable it.",
  ],
  [
    /pending import/i,
    "The key is pending import: it has no key material, so it cannot be used. Import material on its Key material tab (after an expiry or a deletion, the same material).",
  ],
  [
    /pending replica deletion/i,
    "The key waits for its replicas to be deleted: it cannot be used. Cancel its deletion to use it again.",
  ],
  [/disabled/i, "The key is disabled: enable it (Enable, on the key's page) to use it."],
  [/unavailable/i, "The key's key store is disconnected, so KMS cannot use the key now."],
];

const BY_NAME = {
  InvalidCiphertextException: (call) => {
    if (call === "Decapsulate")
      return "The ciphertext is not one this key's encapsulation makes: it has the wrong length or was changed.";
    if (call === "Decrypt (asymmetric)")
      return "The ciphertext was changed, or made with another public key or another encryption algorithm than the one chosen.";
    return "Usually the encryption context differs from the one used to encrypt (it must match exactly, every pair), or the ciphertext was changed.";
  },
  DisabledException: () => "The key is disabled: enable it (Enable, on the key's page) to use it.",
  NotFoundException: () =>
    "No such key or alias here: keys and aliases belong to one Region (it may be in another: choose it in the navigation), or the key was deleted.",
  ExpiredImportTokenException: () =>
    "The import token is older than 24 hours of virtual time: get new parameters (step 1), wrap the material again with the new wrapping public key, and upload it with the new token.",
  InvalidImportTokenException: () =>
    "The token was not issued for this key, or newer parameters replaced it: use the token and the wrapping public key of the same, latest GetParametersForImport.",
  IncorrectKeyMaterialException: () =>
    "Once a key has had key material, only that same material can come back: upload your copy of the original material (PlaintextKeyMaterial.bin), wrapped with the current wrapping key.",
  AccessDeniedException: () =>
    "The key policy (or a grant) does not allow this caller to do this: see the key's Key policy tab, “Who can do what”.",
  KMSInvalidSignatureException: () =>
    "The message, the signing algorithm or the key differs from the ones that made the signature, or the signature was changed.",
  KMSInvalidMacException: () =>
    "The message, the MAC algorithm or the key differs from the ones that made the MAC, or the MAC was changed.",
  ValidationException: () => "A parameter is missing or out of range: the message says which field.",
  InvalidKeyUsageException: () =>
    "The key's key usage does not allow this operation (each key is made for one: encrypt, sign, MAC or key agreement).",
  IncorrectKeyException: () => "The ciphertext was made under another KMS key than the one named in the call.",
  UnsupportedOperationException: () => "This key's type or origin cannot do this (the message says what).",
  AlreadyExistsException: () => "That name is taken: aliases are unique per account and Region.",
  MalformedPolicyDocumentException: () =>
    "KMS refused the policy document: check its JSON, its Effect, Principal, Action and Resource.",
  LimitExceededException: () => "An AWS quota was reached: delete something first, or use fewer.",
  InvalidGrantTokenException: () => "The grant token is not one KMS issued, or its grant is gone.",
  InvalidAliasNameException: () =>
    "An alias name is alias/ followed by letters, digits, /, _ or -, and may not start with alias/aws/.",
};

/**
 * The usual cause of `e` (an exception the package threw) in one sentence, or undefined when
 * there is nothing useful to add. `call` is the operation that failed, e.g. "Decrypt", or
 * "Decrypt (asymmetric)" for an RSA key (no encryption context there).
 */
export function hintFor(e, call) {
  if (!e?.name) return undefined;
  if (e.name === "KMSInvalidStateException") {
    const found = STATE_HINTS.find(([re]) => re.test(e.message ?? ""));
    return found ? found[1] : "The key's state does not allow this call: its state badge says which state it is in.";
  }
  return BY_NAME[e.name]?.(call);
}

/** `Name: message` (the name alone when KMS gave no message, as for InvalidCiphertextException). */
export function errorText(e) {
  if (!e?.name) return String(e);
  return e.message ? `${e.name}: ${e.message}` : e.name;
}

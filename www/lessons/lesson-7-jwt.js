// Lesson 7, sign a JWT: an ECC_NIST_P256 key signs an ES256 token's signing input (Sign,
// ECDSA_SHA_256, RAW), its DER signature becomes JWS's r‖s, the public key (GetPublicKey) lets
// the page verify it without KMS, KMS Verify agrees, and a tampered payload is refused. Each step
// is read from the audit log of the lesson's key. Depends on ./course.js, ./parts.js, ./jwt-workbench.js, ./sources.js.

import { first } from "./course.js";
import { fetchPublicKey, genuineToken, signToken, tamperToken, verifyToken, workbench } from "./jwt-workbench.js";
import { c, keyHref, lessonKey, makeLessonKey, need, tagHow } from "./parts.js";
import { readMore } from "./sources.js";

/** Sign and Verify as ES256 needs them: ECDSA_SHA_256 over the signing input itself (RAW, KMS's default). */
const es256 = (e) =>
  e.requestParameters?.signingAlgorithm === "ECDSA_SHA_256" && (e.requestParameters?.messageType ?? "RAW") === "RAW";

const needKey = (f) => need(f.key, "Do step 1 first: this lesson needs its signing key.");

/** What the two verifiers said, in words. */
function said(v) {
  if (v.refusedUnread) return [`The workbench refused the token before any check: ${v.refusedUnread}`];
  return [
    `WebCrypto in this page, with only the public key: ${v.here ? "valid" : "NOT valid"}.`,
    v.kms.ok ? "KMS Verify: SignatureValid: true." : `KMS Verify: ${v.kms.name}.`,
  ];
}

export default {
  goal: "Sign a JSON Web Token with a KMS key whose private half never leaves KMS, turn the signature into the form JWTs use, check the token with only the public key, and see a changed token refused.",
  why: [
    "A JSON Web Token (RFC 7519) carries claims, such as who a user is and until when, from the service that issued it to the services that trust it. Its usual form is a compact JWS (RFC 7515): a header, a payload and a signature, each in base64url, joined by dots. The header's alg says how it was signed; ES256 is ECDSA on the P-256 curve with SHA-256. Anyone can read the payload: a JWT is signed, not encrypted.",
    "Why an asymmetric key: the issuer signs with the private key, and every other service verifies with the public key. Keep the private key in KMS and only KMS can sign: no server holds it, it never leaves KMS, every signature is a Sign call in the audit log, and the key policy says who may call Sign. Verifiers need no AWS credentials at all: they fetch the public key once (GetPublicKey, or a key set you publish) and check tokens themselves.",
    "DER against raw: an ECDSA signature is two numbers, r and s. KMS returns them DER-encoded, a SEQUENCE of two INTEGERs of 70 to 72 bytes for P-256 (the API reference's Sign says so), which is what OpenSSL and Java use. JWS wants them raw: r then s, 32 bytes each, 64 bytes in all (RFC 7518 §3.4). A token carrying KMS's DER is refused by every JWT library; convert, and convert back to ask KMS Verify.",
    "MessageType RAW sends the signing input itself (at most 4,096 bytes) and KMS hashes it with SHA-256. DIGEST sends a SHA-256 digest you made, for longer messages; the signature is the same kind. What must not happen is a digest sent as RAW: KMS would hash it again and sign something no verifier checks.",
    readMore("asymmetric", "sign", "rfc7515", "rfc7518", "rfc7519"),
  ],
  facts: (f) => {
    const key = lessonKey(f, (m) => m.KeySpec === "ECC_NIST_P256" && m.KeyUsage === "SIGN_VERIFY");
    const id = key?.id;
    const signed = first(f, { name: "Sign", key: id, ok: true, where: es256 });
    const publicKey = first(f, { name: "GetPublicKey", key: id, ok: true });
    // A Verify counts only after a Sign, and a refusal only after a Verify that passed: the refusal
    // is then of a token that was good a moment before. The log holds no message, so no more is known.
    const verified =
      signed && first(f, { name: "Verify", key: id, ok: true, after: signed.eventSequence, where: es256 });
    const refused =
      verified &&
      first(f, {
        name: "Verify",
        key: id,
        error: "KMSInvalidSignatureException",
        after: verified.eventSequence,
        where: es256,
      });
    return { key, signed, publicKey, verified, refused };
  },
  extra: workbench,
  steps: [
    {
      id: "create",
      title: "Create an ECC_NIST_P256 signing key",
      how: [
        "Open Create key, choose Asymmetric, Sign and verify, and the key spec ",
        c("ECC_NIST_P256"),
        " (ES256's curve); give it an alias such as ",
        c("lesson7-jwt"),
        ". ",
        ...tagHow(7),
      ],
      where: () => ["#/create?fresh", "Create key"],
      done: (f) => Boolean(f.key),
      show: async (ctx, f) => {
        const { alias } = await makeLessonKey(ctx, f, {
          alias: "lesson7-jwt",
          description: "Lesson 7: signs JWTs (ES256)",
          KeySpec: "ECC_NIST_P256",
          KeyUsage: "SIGN_VERIFY",
        });
        return [
          `Made an ECC_NIST_P256 key pair for signing (CreateKey, tagged lesson=7) and the alias ${alias}.`,
          "KMS made both halves. The private key never leaves KMS; the key's one signing algorithm is ECDSA_SHA_256.",
        ];
      },
    },
    {
      id: "sign",
      title: "Sign the token's signing input",
      how: [
        "In the JWT workbench above, read the payload (edit the claims if you like), see the signing input it makes, and press “Sign with KMS”. It calls Sign with ",
        c("ECDSA_SHA_256"),
        " and MessageType ",
        c("RAW"),
        ", then shows the DER signature taken apart and the 64 bytes of r‖s the token carries.",
      ],
      done: (f) => Boolean(f.signed),
      show: async (ctx, f) => {
        const { der, token } = await signToken(ctx, needKey(f));
        return [
          `Sign returned ${der.length} bytes of DER. The workbench took r and s out of it and wrote them as 64 bytes, r‖s (RFC 7518 §3.4): the token is ${token.length} characters, header.payload.signature.`,
          "KMS was sent the signing input as it is (RAW): it hashed it with SHA-256 and signed the hash with the private key.",
        ];
      },
    },
    {
      id: "public-key",
      title: "Get the public key",
      how: [
        "Press “Get the public key” in the workbench (GetPublicKey), or open the key's Public key tab and download the PEM. It is not secret: it goes to every service that checks your tokens.",
      ],
      where: (f) => f.key && [keyHref(f.key, "public-key"), "Public key"],
      done: (f) => Boolean(f.publicKey),
      show: async (ctx, f) => {
        const { spki } = await fetchPublicKey(ctx, needKey(f));
        return [
          `GetPublicKey returned ${spki.length} bytes: a DER SubjectPublicKeyInfo, shown as PEM in the workbench.`,
          "This is all a verifier needs. It cannot sign with it: signing takes the private key, which only KMS holds.",
        ];
      },
    },
    {
      id: "verify",
      title: "Verify the token, in this page and with KMS",
      how: [
        "Press “Verify the token”. The page checks it with WebCrypto (",
        c("crypto.subtle.verify"),
        ", ECDSA P-256 with SHA-256, the public key imported from its SPKI): no KMS, no credentials. Then it asks KMS Verify, which wants the signature back in DER. Both say valid.",
      ],
      done: (f) => Boolean(f.verified),
      show: async (ctx, f) => {
        need(f.signed, "Do step 2 first: there is no signed token yet.");
        await genuineToken(ctx, needKey(f));
        return [
          ...said(await verifyToken(ctx, f.key)),
          "Two independent checks agree: the page needed only the public key, KMS used the key pair itself.",
        ];
      },
    },
    {
      id: "tamper",
      title: "Tamper with the payload: both refuse",
      how: [
        "Press “Tamper with the payload”: it sets ",
        c('"admin": true'),
        " in the token and keeps the signature, as anyone without the private key must. Press “Verify the token” again: WebCrypto says not valid, and KMS answers KMSInvalidSignatureException (Verify never answers false).",
      ],
      done: (f) => Boolean(f.refused),
      show: async (ctx, f) => {
        need(f.verified, "Do step 4 first: verify the genuine token before tampering with it.");
        await genuineToken(ctx, needKey(f));
        const { before, after } = tamperToken(f.key);
        return [
          `Changed the payload from ${before} to ${after}, and kept the signature.`,
          ...said(await verifyToken(ctx, f.key)),
          "The signature covers the header and the payload byte for byte. Making a new one for the changed payload takes the private key, and only KMS has it.",
        ];
      },
    },
  ],
  learned: [
    "A JWT is header.payload.signature in base64url; signed, not encrypted.",
    "With an asymmetric KMS key only KMS can sign, and anyone with the public key can verify, without KMS.",
    "KMS's ECDSA signatures are DER; JWS wants r‖s (64 bytes for ES256), so a token needs the conversion.",
    "A changed payload fails both verifiers; KMS Verify says so with KMSInvalidSignatureException.",
  ],
};

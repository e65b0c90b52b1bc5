// ML-DSA and ML-KEM keys through the JS API, checked by @noble/post-quantum and node:crypto:
// noble verifies kms-wasm's signatures, kms-wasm verifies noble's; a known key's signature equals
// noble's deterministic one byte for byte; EXTERNAL_MU (μ from node:crypto's SHAKE256) signs the
// same thing as RAW; GetPublicKey is the NIST SubjectPublicKeyInfo of noble's key; ML-KEM secrets
// agree both ways, for data key pairs and encapsulateToPublicKey too. The errors are in
// post-quantum-sdk.test.mjs, with the SDK paths.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { encapsulateToPublicKey } from "kms-wasm";
import { open, rejects } from "./helpers.mjs";
import {
  b64,
  DSA,
  der,
  hex,
  KEM,
  knownKeys,
  MESSAGE,
  mu,
  oidDer,
  pkcs8Of,
  rawOf,
  readOid,
  spkiOf,
} from "./post-quantum-support.mjs";

const { doc, keys } = knownKeys();
const openSeeded = () => open({ seed: doc });
const flip = (b, at = b.length >> 1) => {
  const c = Uint8Array.from(b);
  c[at] ^= 1;
  return c;
};

test("the DER this suite builds is the layout NIST and the brief give, byte for byte", () => {
  // Literal prefixes (FIPS 204/203 OIDs from NIST's CSOR; the seed-only PKCS#8 of
  // draft-ietf-lamps-dilithium-certificates / kyber-certificates), so the builder is checked too.
  assert.equal(hex(oidDer("2.16.840.1.101.3.4.3.18")), "0609608648016503040312");
  assert.equal(hex(oidDer("2.16.840.1.101.3.4.4.1")), "0609608648016503040401");
  assert.equal(
    hex(pkcs8Of(DSA.ML_DSA_44.oid, new Uint8Array(32)).subarray(0, 22)),
    "3034020100300b060960864801650304031104228020",
  );
  assert.equal(
    hex(pkcs8Of(KEM.ML_KEM_1024.oid, new Uint8Array(64)).subarray(0, 22)),
    "3054020100300b060960864801650304040304428040",
  );
  assert.equal(
    hex(spkiOf(DSA.ML_DSA_65.oid, new Uint8Array(1952)).subarray(0, 22)),
    "308207b2300b0609608648016503040312038207a100",
  );
  assert.equal(hex(der(0x04, new Uint8Array(200)).subarray(0, 3)), "0481c8");
  assert.equal(readOid(oidDer("2.16.840.1.101.3.4.4.3"), 0), "2.16.840.1.101.3.4.4.3");
});

describe("ML-DSA: kms-wasm and @noble/post-quantum agree", () => {
  for (const [spec, { noble, oid, spki, signature }] of Object.entries(DSA)) {
    test(`${spec}: a new key's signatures verify in noble`, async () => {
      const kms = await open();
      const { KeyMetadata: key } = await kms.createKey({ KeySpec: spec, KeyUsage: "SIGN_VERIFY" });
      assert.deepEqual(key.SigningAlgorithms, ["ML_DSA_SHAKE_256"]);
      const pub = await kms.getPublicKey({ KeyId: key.KeyId });
      assert.equal(pub.PublicKey.length, spki);
      assert.equal(readOid(pub.PublicKey, 6), oid, "the SPKI names the NIST OID");
      assert.deepEqual(
        pub.PublicKey,
        spkiOf(oid, rawOf(pub.PublicKey)),
        "SEQUENCE{AlgorithmIdentifier{oid}, BIT STRING}",
      );
      assert.deepEqual(pub.SigningAlgorithms, ["ML_DSA_SHAKE_256"]);
      const raw = rawOf(pub.PublicKey);
      const { Signature } = await kms.sign({
        KeyId: key.KeyId,
        Message: MESSAGE,
        SigningAlgorithm: "ML_DSA_SHAKE_256",
      });
      assert.equal(Signature.length, signature);
      assert.equal(noble.verify(Signature, MESSAGE, raw), true, "noble verifies kms-wasm's signature");
      assert.equal(noble.verify(flip(Signature), MESSAGE, raw), false, "and refuses a tampered one");
      assert.equal(noble.verify(Signature, flip(MESSAGE, 0), raw), false, "or another message");
      // The longest RAW message AWS takes (4096 bytes); one more is refused.
      const long = new Uint8Array(4096).fill(0x5a);
      const big = await kms.sign({ KeyId: key.KeyId, Message: long, SigningAlgorithm: "ML_DSA_SHAKE_256" });
      assert.equal(noble.verify(big.Signature, long, raw), true, "a 4096-byte message");
      await rejects(
        kms.sign({ KeyId: key.KeyId, Message: new Uint8Array(4097), SigningAlgorithm: "ML_DSA_SHAKE_256" }),
        "ValidationException",
      );
    });

    test(`${spec}: a known key is noble's key, signs as noble does, and verifies noble's signatures`, async () => {
      const kms = await openSeeded();
      const k = keys[spec];
      const pub = await kms.getPublicKey({ KeyId: k.KeyId });
      assert.equal(hex(pub.PublicKey), hex(spkiOf(oid, k.publicKey)), "GetPublicKey = SPKI of noble's keygen(ξ)");
      assert.equal(pub.KeySpec, spec);

      const sign = (Message, MessageType) =>
        kms.sign({ KeyId: k.KeyId, Message, MessageType, SigningAlgorithm: "ML_DSA_SHAKE_256" });
      const verify = (Message, Signature, MessageType) =>
        kms.verify({ KeyId: k.KeyId, Message, MessageType, Signature, SigningAlgorithm: "ML_DSA_SHAKE_256" });
      const { Signature } = await sign(MESSAGE);
      const deterministic = noble.sign(MESSAGE, k.secretKey, { extraEntropy: false });
      assert.equal(hex(Signature), hex(deterministic), "kms-wasm's signature = noble's deterministic one");
      assert.deepEqual((await sign(MESSAGE)).Signature, Signature, "and signing again gives it again");

      const hedged = noble.sign(MESSAGE, k.secretKey);
      assert.notEqual(hex(hedged), hex(deterministic), "noble's default signature is hedged (randomised)");
      for (const [what, sig] of [
        ["hedged", hedged],
        ["deterministic", deterministic],
      ]) {
        assert.equal((await verify(MESSAGE, sig)).SignatureValid, true, `Verify takes noble's ${what} signature`);
        await rejects(verify(MESSAGE, flip(sig)), "KMSInvalidSignatureException");
        await rejects(verify(flip(MESSAGE, 3), sig), "KMSInvalidSignatureException");
      }

      // EXTERNAL_MU: the caller's μ; the same signature as RAW, a signature of the message itself.
      const m = mu(k.publicKey, MESSAGE);
      assert.equal(noble.internal.verify(Signature, m, k.publicKey, { externalMu: true }), true, "μ is noble's μ");
      const viaMu = await sign(m, "EXTERNAL_MU");
      assert.equal(hex(viaMu.Signature), hex(Signature), "EXTERNAL_MU signs exactly what RAW signs");
      assert.equal(noble.verify(viaMu.Signature, MESSAGE, k.publicKey), true, "noble: a signature of the message");
      assert.equal((await verify(m, hedged, "EXTERNAL_MU")).SignatureValid, true, "Verify with μ takes noble's");
      assert.equal((await verify(MESSAGE, viaMu.Signature, "RAW")).SignatureValid, true);
      await rejects(verify(mu(k.publicKey, flip(MESSAGE, 3)), hedged, "EXTERNAL_MU"), "KMSInvalidSignatureException");
      // μ binds the public key: another key's μ of the same message is another μ.
      const other = keys[spec === "ML_DSA_65" ? "ML_DSA_44" : "ML_DSA_65"];
      const foreign = await sign(mu(other.publicKey, MESSAGE), "EXTERNAL_MU");
      assert.equal(noble.verify(foreign.Signature, MESSAGE, k.publicKey), false, "a μ made with another key");
    });
  }
});

describe("ML-KEM: kms-wasm and @noble/post-quantum agree", () => {
  for (const [spec, { noble, oid, spki, ciphertext }] of Object.entries(KEM)) {
    test(`${spec}: noble encapsulates to a new key's public key; Decapsulate gives noble's secret`, async () => {
      const kms = await open();
      const { KeyMetadata: key } = await kms.createKey({ KeySpec: spec, KeyUsage: "ENCAPSULATE_DECAPSULATE" });
      assert.deepEqual(key.EncapsulationAlgorithms, ["ML_KEM"]);
      assert.equal(key.SigningAlgorithms, undefined);
      const pub = await kms.getPublicKey({ KeyId: key.KeyId });
      assert.equal(pub.PublicKey.length, spki);
      assert.equal(readOid(pub.PublicKey, 6), oid);
      assert.deepEqual(pub.PublicKey, spkiOf(oid, rawOf(pub.PublicKey)));
      assert.deepEqual(pub.EncapsulationAlgorithms, ["ML_KEM"]);
      const { cipherText, sharedSecret } = noble.encapsulate(rawOf(pub.PublicKey));
      const input = { KeyId: key.KeyId, EncapsulationAlgorithm: "ML_KEM" };
      const out = await kms.decapsulate({ ...input, SharedSecretCiphertextBlob: cipherText });
      assert.equal(hex(out.SharedSecret), hex(sharedSecret));
      assert.equal(out.KeyId, key.Arn);
      const tampered = await kms.decapsulate({ ...input, SharedSecretCiphertextBlob: flip(cipherText) });
      assert.equal(tampered.SharedSecret.length, 32, "implicit rejection: a secret, not an error");
      assert.notEqual(hex(tampered.SharedSecret), hex(sharedSecret));
      const own = await kms.encapsulate(input);
      assert.equal(own.SharedSecretCiphertextBlob.length, ciphertext);
      const back = await kms.decapsulate({ ...input, SharedSecretCiphertextBlob: own.SharedSecretCiphertextBlob });
      assert.deepEqual(back.SharedSecret, own.SharedSecret);
    });

    test(`${spec}: a known key is noble's key, both ways, implicit rejection included`, async () => {
      const kms = await openSeeded();
      const k = keys[spec];
      const pub = await kms.getPublicKey({ KeyId: k.KeyId });
      assert.equal(hex(pub.PublicKey), hex(spkiOf(oid, k.publicKey)), "GetPublicKey = SPKI of noble's keygen(d‖z)");
      const input = { KeyId: k.KeyId, EncapsulationAlgorithm: "ML_KEM" };
      const enc = await kms.encapsulate(input);
      assert.equal(enc.SharedSecret.length, 32);
      assert.equal(enc.SharedSecretCiphertextBlob.length, ciphertext);
      assert.equal(hex(noble.decapsulate(enc.SharedSecretCiphertextBlob, k.secretKey)), hex(enc.SharedSecret));
      const again = await kms.encapsulate(input);
      assert.notEqual(hex(again.SharedSecret), hex(enc.SharedSecret), "each Encapsulate draws a new secret");

      const theirs = noble.encapsulate(k.publicKey);
      const dec = await kms.decapsulate({ ...input, SharedSecretCiphertextBlob: theirs.cipherText });
      assert.equal(hex(dec.SharedSecret), hex(theirs.sharedSecret));
      const bad = flip(theirs.cipherText, 5);
      const rejected = await kms.decapsulate({ ...input, SharedSecretCiphertextBlob: bad });
      assert.equal(hex(rejected.SharedSecret), hex(noble.decapsulate(bad, k.secretKey)), "FIPS 203's rejection secret");
      assert.notEqual(hex(rejected.SharedSecret), hex(theirs.sharedSecret));

      // encapsulateToPublicKey: the peer's side, with no KMS key; noble decapsulates it.
      const peer = encapsulateToPublicKey(spec, pub.PublicKey);
      assert.equal(peer.SharedSecretCiphertextBlob.length, ciphertext);
      assert.equal(hex(noble.decapsulate(peer.SharedSecretCiphertextBlob, k.secretKey)), hex(peer.SharedSecret));
      const wrongSpec = spec === "ML_KEM_768" ? "ML_KEM_512" : "ML_KEM_768";
      assert.throws(() => encapsulateToPublicKey(wrongSpec, pub.PublicKey), { name: "ValidationException" });

      const events = JSON.stringify(await kms.auditLog({ keyId: k.KeyId }));
      assert.ok(events.includes('"Encapsulate"') && events.includes('"Decapsulate"'), "both are audited");
      for (const secret of [enc.SharedSecret, dec.SharedSecret, enc.SharedSecretCiphertextBlob]) {
        assert.ok(!events.includes(b64(secret)), "no secret or ciphertext in the audit log");
      }
    });

    test(`${spec}: GenerateDataKeyPair's private key is noble's key of its seed, and an exchange works`, async () => {
      const kms = await open();
      const { KeyMetadata: wrapping } = await kms.createKey({});
      const pair = await kms.generateDataKeyPair({ KeyId: wrapping.KeyId, KeyPairSpec: spec });
      assert.equal(pair.KeyPairSpec, spec);
      assert.equal(pair.PrivateKeyPlaintext.length, 86, "PKCS#8 seed form");
      const seed = pair.PrivateKeyPlaintext.subarray(22);
      assert.equal(hex(pair.PrivateKeyPlaintext), hex(pkcs8Of(oid, seed)), "OneAsymmetricKey{0, {oid}, [0] d‖z}");
      const mine = noble.keygen(seed);
      assert.equal(hex(pair.PublicKey), hex(spkiOf(oid, mine.publicKey)), "noble's key of that seed");
      const peer = encapsulateToPublicKey(spec, pair.PublicKey);
      assert.equal(hex(noble.decapsulate(peer.SharedSecretCiphertextBlob, mine.secretKey)), hex(peer.SharedSecret));
      const nobleSide = noble.encapsulate(rawOf(pair.PublicKey));
      assert.equal(hex(noble.decapsulate(nobleSide.cipherText, mine.secretKey)), hex(nobleSide.sharedSecret));
      const { Plaintext } = await kms.decrypt({ CiphertextBlob: pair.PrivateKeyCiphertextBlob });
      assert.deepEqual(Plaintext, pair.PrivateKeyPlaintext, "the sealed copy decrypts to the same key");

      const sealed = await kms.generateDataKeyPairWithoutPlaintext({ KeyId: wrapping.KeyId, KeyPairSpec: spec });
      assert.equal(sealed.PrivateKeyPlaintext, undefined);
      const opened = (await kms.decrypt({ CiphertextBlob: sealed.PrivateKeyCiphertextBlob })).Plaintext;
      assert.equal(opened.length, 86);
      const theirs = noble.keygen(opened.subarray(22));
      assert.equal(hex(sealed.PublicKey), hex(spkiOf(oid, theirs.publicKey)), "WithoutPlaintext: the same holds");
      assert.notEqual(hex(opened), hex(pair.PrivateKeyPlaintext), "a new pair each time");
    });
  }
});

"""boto3 against a running `kms-wasm serve`: ML-DSA-65 and ML-KEM-768 keys (sign and verify,
RAW and EXTERNAL_MU with μ from hashlib.shake_256, encapsulate and decapsulate, ML-KEM data key
pairs, the errors), with its own asserts. Prints what it got as JSON on the last line so the
caller can check it with @noble/post-quantum.

Usage: python boto3_post_quantum.py http://127.0.0.1:PORT '{"dsaKeyId", "kemKeyId", "message",
"nobleSignature", "nobleCiphertext"}' (blobs base64; exits non-zero on the first failure)
"""
import base64
import hashlib
import json
import sys

import boto3
import boto3_checks
from boto3_checks import check, expect_error
from botocore.config import Config

ALG = "ML_DSA_SHAKE_256"


def external_mu(spki, message):
    """FIPS 204 §6.2 with an empty context: SHAKE256(SHAKE256(pk, 64) || 0 || 0 || M, 64)."""
    raw = spki[22:]
    tr = hashlib.shake_256(raw).digest(64)
    return hashlib.shake_256(tr + b"\x00\x00" + message).digest(64)


def main(url, given):
    kms = boto3.client(
        "kms", endpoint_url=url, region_name="us-east-1", aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="secret", config=Config(retries={"max_attempts": 1}),
    )
    b = lambda s: base64.b64decode(s)  # noqa: E731
    message = b(given["message"])

    dsa = kms.create_key(KeySpec="ML_DSA_65", KeyUsage="SIGN_VERIFY")["KeyMetadata"]
    check(dsa["KeySpec"] == "ML_DSA_65" and dsa["SigningAlgorithms"] == [ALG], "ML-DSA key metadata")
    public = kms.get_public_key(KeyId=dsa["KeyId"])
    check(len(public["PublicKey"]) == 1974 and public["SigningAlgorithms"] == [ALG], "get_public_key ML_DSA_65")
    raw = kms.sign(KeyId=dsa["KeyId"], Message=message, SigningAlgorithm=ALG)
    check(raw["KeyId"] == dsa["Arn"] and len(raw["Signature"]) == 3309, "an ML-DSA-65 signature is 3309 bytes")
    mu = external_mu(public["PublicKey"], message)
    by_mu = kms.sign(KeyId=dsa["KeyId"], Message=mu, MessageType="EXTERNAL_MU", SigningAlgorithm=ALG)
    check(by_mu["Signature"] == raw["Signature"], "EXTERNAL_MU with hashlib's μ signs what RAW signs")
    ok = kms.verify(KeyId=dsa["KeyId"], Message=mu, MessageType="EXTERNAL_MU", Signature=raw["Signature"],
                    SigningAlgorithm=ALG)
    check(ok["SignatureValid"] is True, "verify with μ")
    ok = kms.verify(KeyId=dsa["KeyId"], Message=message, Signature=by_mu["Signature"], SigningAlgorithm=ALG)
    check(ok["SignatureValid"] is True, "verify RAW")
    expect_error("KMSInvalidSignatureException", kms.verify, KeyId=dsa["KeyId"], Message=message + b"!",
                 Signature=raw["Signature"], SigningAlgorithm=ALG)
    expect_error("ValidationException", kms.sign, KeyId=dsa["KeyId"], Message=hashlib.sha256(message).digest(),
                 MessageType="DIGEST", SigningAlgorithm=ALG)
    expect_error("ValidationException", kms.sign, KeyId=dsa["KeyId"], Message=mu[:63], MessageType="EXTERNAL_MU",
                 SigningAlgorithm=ALG)
    expect_error("DryRunOperationException", kms.sign, KeyId=dsa["KeyId"], Message=message, SigningAlgorithm=ALG,
                 DryRun=True)
    expect_error("InvalidKeyUsageException", kms.encapsulate, KeyId=dsa["KeyId"], EncapsulationAlgorithm="ML_KEM")

    # The known (seeded) ML-DSA-65 key: its signature goes back to the caller for noble; noble's
    # hedged signature verifies here.
    known = kms.sign(KeyId=given["dsaKeyId"], Message=message, SigningAlgorithm=ALG)["Signature"]
    ok = kms.verify(KeyId=given["dsaKeyId"], Message=message, Signature=b(given["nobleSignature"]),
                    SigningAlgorithm=ALG)
    check(ok["SignatureValid"] is True, "verify takes noble's signature")

    kem = kms.create_key(KeySpec="ML_KEM_768", KeyUsage="ENCAPSULATE_DECAPSULATE")["KeyMetadata"]
    check(kem["EncapsulationAlgorithms"] == ["ML_KEM"] and "SigningAlgorithms" not in kem, "ML-KEM key metadata")
    kem_public = kms.get_public_key(KeyId=kem["KeyId"])
    check(len(kem_public["PublicKey"]) == 1206 and kem_public["KeyUsage"] == "ENCAPSULATE_DECAPSULATE", "ML-KEM SPKI")
    enc = kms.encapsulate(KeyId=kem["KeyId"], EncapsulationAlgorithm="ML_KEM")
    check(len(enc["SharedSecret"]) == 32 and len(enc["SharedSecretCiphertextBlob"]) == 1088, "encapsulate")
    dec = kms.decapsulate(KeyId=kem["KeyId"], EncapsulationAlgorithm="ML_KEM",
                          SharedSecretCiphertextBlob=enc["SharedSecretCiphertextBlob"])
    check(dec["SharedSecret"] == enc["SharedSecret"] and dec["KeyId"] == kem["Arn"], "decapsulate")
    tampered = bytearray(enc["SharedSecretCiphertextBlob"])
    tampered[100] ^= 1
    other = kms.decapsulate(KeyId=kem["KeyId"], EncapsulationAlgorithm="ML_KEM",
                            SharedSecretCiphertextBlob=bytes(tampered))["SharedSecret"]
    check(len(other) == 32 and other != enc["SharedSecret"], "implicit rejection: another secret")
    expect_error("InvalidCiphertextException", kms.decapsulate, KeyId=kem["KeyId"], EncapsulationAlgorithm="ML_KEM",
                 SharedSecretCiphertextBlob=enc["SharedSecretCiphertextBlob"][:-1])
    expect_error("DryRunOperationException", kms.encapsulate, KeyId=kem["KeyId"], EncapsulationAlgorithm="ML_KEM",
                 DryRun=True)
    kms.disable_key(KeyId=kem["KeyId"])
    expect_error("DisabledException", kms.encapsulate, KeyId=kem["KeyId"], EncapsulationAlgorithm="ML_KEM")
    kms.enable_key(KeyId=kem["KeyId"])

    known_enc = kms.encapsulate(KeyId=given["kemKeyId"], EncapsulationAlgorithm="ML_KEM")
    noble_secret = kms.decapsulate(KeyId=given["kemKeyId"], EncapsulationAlgorithm="ML_KEM",
                                   SharedSecretCiphertextBlob=b(given["nobleCiphertext"]))["SharedSecret"]

    sym = kms.create_key()["KeyMetadata"]
    pair = kms.generate_data_key_pair(KeyId=sym["KeyId"], KeyPairSpec="ML_KEM_768")
    check(pair["KeyPairSpec"] == "ML_KEM_768" and len(pair["PrivateKeyPlaintext"]) == 86, "ML-KEM data key pair")
    check(kms.decrypt(CiphertextBlob=pair["PrivateKeyCiphertextBlob"])["Plaintext"] == pair["PrivateKeyPlaintext"],
          "the sealed private key decrypts")

    e64 = lambda v: base64.b64encode(v).decode()  # noqa: E731
    print(f"boto3 post-quantum: OK ({boto3_checks.count} checks)")
    print(json.dumps({
        "dsaPublicKey": e64(public["PublicKey"]), "signature": e64(raw["Signature"]), "mu": e64(mu),
        "knownSignature": e64(known),
        "knownSharedSecret": e64(known_enc["SharedSecret"]),
        "knownCiphertext": e64(known_enc["SharedSecretCiphertextBlob"]),
        "nobleSecret": e64(noble_secret),
        "kemPublicKey": e64(kem_public["PublicKey"]),
        "pairPrivateKey": e64(pair["PrivateKeyPlaintext"]), "pairPublicKey": e64(pair["PublicKey"]),
    }))


if __name__ == "__main__":
    main(sys.argv[1], json.loads(sys.argv[2]))

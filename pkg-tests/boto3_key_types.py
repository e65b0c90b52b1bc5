"""boto3 against a running `kms-wasm serve`: every key type's operations (HMAC, RSA, ECC,
Ed25519), with its own asserts. Prints the public key and signature of one ECDSA signature as
JSON on the last line, so the caller can check it with a verifier nobody here wrote.

Usage: python boto3_key_types.py http://127.0.0.1:PORT   (exits non-zero on the first failure)
"""
import base64
import hashlib
import json
import sys

import boto3
import boto3_checks
from boto3_checks import check, expect_error
from botocore.config import Config



def main(url):
    kms = boto3.client(
        "kms", endpoint_url=url, region_name="us-east-1", aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="secret", config=Config(retries={"max_attempts": 1}),
    )
    message = b"boto3 signs this"

    ec = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]
    check(ec["SigningAlgorithms"] == ["ECDSA_SHA_256"], "ECC key metadata")
    signed = kms.sign(KeyId=ec["KeyId"], Message=message, SigningAlgorithm="ECDSA_SHA_256")
    check(signed["KeyId"] == ec["Arn"] and signed["Signature"][0] == 0x30, "ECDSA signature in DER")
    ok = kms.verify(KeyId=ec["KeyId"], Message=hashlib.sha256(message).digest(), MessageType="DIGEST",
                    Signature=signed["Signature"], SigningAlgorithm="ECDSA_SHA_256")
    check(ok["SignatureValid"] is True, "a RAW signature verifies as DIGEST")
    expect_error("KMSInvalidSignatureException", kms.verify, KeyId=ec["KeyId"], Message=b"other",
                 Signature=signed["Signature"], SigningAlgorithm="ECDSA_SHA_256")
    public = kms.get_public_key(KeyId=ec["KeyId"])
    check(public["KeySpec"] == "ECC_NIST_P256" and len(public["PublicKey"]) == 91, "get_public_key")

    ed = kms.create_key(KeySpec="ECC_NIST_EDWARDS25519", KeyUsage="SIGN_VERIFY")["KeyMetadata"]
    ed_sig = kms.sign(KeyId=ed["KeyId"], Message=message, SigningAlgorithm="ED25519_SHA_512")["Signature"]
    check(len(ed_sig) == 64, "Ed25519 signatures are 64 bytes")
    kms.verify(KeyId=ed["KeyId"], Message=message, Signature=ed_sig, SigningAlgorithm="ED25519_SHA_512")

    rsa = kms.create_key(KeySpec="RSA_2048", KeyUsage="ENCRYPT_DECRYPT")["KeyMetadata"]
    check(rsa["EncryptionAlgorithms"] == ["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"], "RSA key metadata")
    ct = kms.encrypt(KeyId=rsa["KeyId"], Plaintext=b"secret", EncryptionAlgorithm="RSAES_OAEP_SHA_256")
    pt = kms.decrypt(KeyId=rsa["KeyId"], CiphertextBlob=ct["CiphertextBlob"], EncryptionAlgorithm="RSAES_OAEP_SHA_256")
    check(pt["Plaintext"] == b"secret" and "KeyMaterialId" not in pt, "RSA decrypt")
    expect_error("InvalidKeyUsageException", kms.encrypt, KeyId=rsa["KeyId"], Plaintext=b"x")

    mac_key = kms.create_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")["KeyMetadata"]
    mac = kms.generate_mac(KeyId=mac_key["KeyId"], Message=message, MacAlgorithm="HMAC_SHA_256")["Mac"]
    check(kms.verify_mac(KeyId=mac_key["KeyId"], Message=message, MacAlgorithm="HMAC_SHA_256", Mac=mac)["MacValid"], "verify_mac")
    expect_error("KMSInvalidMacException", kms.verify_mac, KeyId=mac_key["KeyId"], Message=b"other",
                 MacAlgorithm="HMAC_SHA_256", Mac=mac)

    a = kms.create_key(KeySpec="ECC_NIST_P384", KeyUsage="KEY_AGREEMENT")["KeyMetadata"]
    b = kms.create_key(KeySpec="ECC_NIST_P384", KeyUsage="KEY_AGREEMENT")["KeyMetadata"]
    pa = kms.get_public_key(KeyId=a["KeyId"])["PublicKey"]
    pb = kms.get_public_key(KeyId=b["KeyId"])["PublicKey"]
    ab = kms.derive_shared_secret(KeyId=a["KeyId"], KeyAgreementAlgorithm="ECDH", PublicKey=pb)["SharedSecret"]
    ba = kms.derive_shared_secret(KeyId=b["KeyId"], KeyAgreementAlgorithm="ECDH", PublicKey=pa)["SharedSecret"]
    check(ab == ba and len(ab) == 48, "ECDH both ways")

    sym = kms.create_key()["KeyMetadata"]
    pair = kms.generate_data_key_pair(KeyId=sym["KeyId"], KeyPairSpec="ECC_NIST_P521")
    check(pair["KeyPairSpec"] == "ECC_NIST_P521" and len(pair["PrivateKeyPlaintext"]) > 200, "data key pair")
    back = kms.decrypt(CiphertextBlob=pair["PrivateKeyCiphertextBlob"])["Plaintext"]
    check(back == pair["PrivateKeyPlaintext"], "the sealed private key decrypts")
    expect_error("UnsupportedOperationException", kms.rotate_key_on_demand, KeyId=ec["KeyId"])

    print(f"boto3 key types: OK ({boto3_checks.count} checks)")
    print(json.dumps({
        "publicKey": base64.b64encode(public["PublicKey"]).decode(),
        "signature": base64.b64encode(signed["Signature"]).decode(),
        "message": base64.b64encode(message).decode(),
    }))


if __name__ == "__main__":
    main(sys.argv[1])

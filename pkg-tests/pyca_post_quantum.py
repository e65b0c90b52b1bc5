"""pyca/cryptography (OpenSSL's ML-DSA and ML-KEM) checks what kms-wasm made: reads JSON on
stdin, verifies the signatures (RAW and μ), compares μ, public keys and PKCS#8 seed forms with
OpenSSL's, decapsulates kms-wasm's ciphertexts, and prints its own signatures and encapsulations
as JSON on the last line for the caller to check through kms-wasm.

Input: {"dsa": [{spec, seed, spki, pkcs8, message, signature, mu}], "kem": [{spec, seed, spki,
pkcs8, ciphertext, secret}], "pair": {pkcs8, spki}}, blobs base64. Needs cryptography >= 47 with
ML-DSA (cryptography.hazmat.primitives.asymmetric.mldsa); exits non-zero on the first failure.
"""
import base64
import json
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization as ser
from cryptography.hazmat.primitives.asymmetric import mldsa, mlkem

checks = 0
DSA = {"ML_DSA_44": mldsa.MLDSA44PrivateKey, "ML_DSA_65": mldsa.MLDSA65PrivateKey,
       "ML_DSA_87": mldsa.MLDSA87PrivateKey}
KEM = {"ML_KEM_768": mlkem.MLKEM768PrivateKey, "ML_KEM_1024": mlkem.MLKEM1024PrivateKey}


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        raise AssertionError(what)


def spki_of(key):
    return key.public_bytes(ser.Encoding.DER, ser.PublicFormat.SubjectPublicKeyInfo)


def pkcs8_of(key):
    return key.private_bytes(ser.Encoding.DER, ser.PrivateFormat.PKCS8, ser.NoEncryption())


def main(given):
    b = base64.b64decode
    e64 = lambda v: base64.b64encode(v).decode()  # noqa: E731
    out = {"dsa": [], "kem": []}
    for d in given["dsa"]:
        spec, spki, message, signature, mu = d["spec"], b(d["spki"]), b(d["message"]), b(d["signature"]), b(d["mu"])
        public = ser.load_der_public_key(spki)
        check(type(public).__name__ == spec.replace("_", "") + "PublicKey", f"{spec}: {type(public).__name__}")
        public.verify(signature, message)
        public.verify_mu(signature, mu)
        try:
            public.verify(signature, message + b"!")
            check(False, f"{spec}: a signature verified for another message")
        except InvalidSignature:
            check(True, "")
        hasher = mldsa.MLDSAMuHasher(public)
        hasher.update(message)
        check(hasher.finalize() == mu, f"{spec}: OpenSSL's μ is the caller's μ")
        private = DSA[spec].from_seed_bytes(b(d["seed"]))
        check(spki_of(private.public_key()) == spki, f"{spec}: OpenSSL's key of ξ is GetPublicKey's")
        check(pkcs8_of(private) == b(d["pkcs8"]), f"{spec}: OpenSSL writes the seed's PKCS#8 as the seed document has it")
        loaded = ser.load_der_private_key(b(d["pkcs8"]), password=None)
        check(spki_of(loaded.public_key()) == spki, f"{spec}: OpenSSL reads the seed document's PKCS#8")
        out["dsa"].append({"spec": spec, "signature": e64(private.sign(message)), "muSignature": e64(private.sign_mu(mu))})
    for k in given["kem"]:
        spec, spki = k["spec"], b(k["spki"])
        public = ser.load_der_public_key(spki)
        check(type(public).__name__ == spec.replace("_", "") + "PublicKey", f"{spec}: {type(public).__name__}")
        private = KEM[spec].from_seed_bytes(b(k["seed"]))
        check(spki_of(private.public_key()) == spki, f"{spec}: OpenSSL's key of d||z is GetPublicKey's")
        check(pkcs8_of(private) == b(k["pkcs8"]), f"{spec}: the seed document's PKCS#8 is OpenSSL's")
        check(private.decapsulate(b(k["ciphertext"])) == b(k["secret"]), f"{spec}: OpenSSL decapsulates Encapsulate's")
        secret, ciphertext = public.encapsulate()
        out["kem"].append({"spec": spec, "secret": e64(secret), "ciphertext": e64(ciphertext)})
    pair = given["pair"]
    loaded = ser.load_der_private_key(b(pair["pkcs8"]), password=None)
    check(type(loaded).__name__ == "MLKEM768PrivateKey", "the data key pair's PKCS#8 is an ML-KEM-768 key")
    check(spki_of(loaded.public_key()) == b(pair["spki"]), "the data key pair's halves match in OpenSSL")
    check(pkcs8_of(loaded) == b(pair["pkcs8"]), "and OpenSSL writes that private key back byte for byte")
    print(f"pyca post-quantum: OK ({checks} checks)")
    print(json.dumps(out))


if __name__ == "__main__":
    main(json.load(sys.stdin))

"""Grants over `kms-wasm serve` with two --credentials mapped to two principals (issue 18): Alice
makes a key whose policy names only her (and the account's root user, by a condition), Bob is
refused Encrypt; Alice grants Bob Encrypt and Decrypt under an encryption-context constraint;
Bob then encrypts and decrypts with that context only, still may not GenerateDataKey, and is
refused again once Alice retires the grant. Prints "boto3 grants: OK (<n> checks)".
Usage: boto3_grants.py <endpoint> <alice-arn> <bob-arn>"""
import json
import sys

import boto3
import boto3_checks
from boto3_checks import check, expect_error

URL, ALICE, BOB = sys.argv[1:4]
ACCOUNT = ALICE.split(":")[4]
ROOT = f"arn:aws:iam::{ACCOUNT}:root"


def client(access_key, secret):
    return boto3.client("kms", endpoint_url=URL, region_name="us-east-1",
                        aws_access_key_id=access_key, aws_secret_access_key=secret)


alice = client("AKIDALICE", "alice-secret")
bob = client("AKIDBOB", "bob-secret")
policy = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": ROOT}, "Action": "kms:*", "Resource": "*",
     "Condition": {"ArnEquals": {"aws:PrincipalArn": ROOT}}},
    {"Effect": "Allow", "Principal": {"AWS": ALICE}, "Action": "kms:*", "Resource": "*"}]})
key = alice.create_key(Policy=policy)["KeyMetadata"]
ctx = {"app": "billing"}
expect_error("AccessDeniedException", bob.encrypt, KeyId=key["KeyId"], Plaintext=b"x", EncryptionContext=ctx)
grant = alice.create_grant(KeyId=key["KeyId"], GranteePrincipal=BOB, RetiringPrincipal=ALICE,
                           Operations=["Encrypt", "Decrypt"], Name="billing",
                           Constraints={"EncryptionContextSubset": ctx})
blob = bob.encrypt(KeyId=key["KeyId"], Plaintext=b"invoice", EncryptionContext=ctx,
                   GrantTokens=[grant["GrantToken"]])["CiphertextBlob"]
check(bob.decrypt(CiphertextBlob=blob, EncryptionContext=ctx)["Plaintext"] == b"invoice", "Bob decrypts")
expect_error("AccessDeniedException", bob.encrypt, KeyId=key["KeyId"], Plaintext=b"x")
expect_error("AccessDeniedException", bob.generate_data_key, KeyId=key["KeyId"], KeySpec="AES_256",
             EncryptionContext=ctx)
listed = alice.list_grants(KeyId=key["KeyId"])["Grants"]
check([(g["GrantId"], g["GranteePrincipal"], g["Operations"]) for g in listed]
      == [(grant["GrantId"], BOB, ["Encrypt", "Decrypt"])], f"ListGrants: {listed}")
again = alice.create_grant(KeyId=key["KeyId"], GranteePrincipal=BOB, RetiringPrincipal=ALICE,
                           Operations=["Encrypt", "Decrypt"], Name="billing",
                           Constraints={"EncryptionContextSubset": ctx})
check(again["GrantId"] == grant["GrantId"], "the same Name and parameters give the same grant")
alice.retire_grant(KeyId=key["Arn"], GrantId=grant["GrantId"])
expect_error("AccessDeniedException", bob.decrypt, CiphertextBlob=blob, EncryptionContext=ctx)
check(alice.list_grants(KeyId=key["KeyId"])["Grants"] == [], "the retired grant is gone")
print(f"boto3 grants: OK ({boto3_checks.count} checks)")

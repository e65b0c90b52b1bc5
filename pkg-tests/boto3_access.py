"""Key policies over `kms-wasm serve` with two --credentials mapped to two principals (issue 18):
Alice's boto3 client creates a key whose policy denies kms:Decrypt to Bob; Bob's client may
encrypt but gets AccessDeniedException on Decrypt; Alice decrypts; the lockout check refuses a
policy that would lock Alice out. Prints one line, "boto3 access: OK (<n> checks)", then the key id.
Usage: boto3_access.py <endpoint> <alice-arn> <bob-arn>"""
import json
import sys

import boto3
import boto3_checks
from boto3_checks import check, expect_error

URL, ALICE, BOB = sys.argv[1:4]
ACCOUNT = ALICE.split(":")[4]


def client(access_key, secret):
    return boto3.client("kms", endpoint_url=URL, region_name="us-east-1",
                        aws_access_key_id=access_key, aws_secret_access_key=secret)


alice = client("AKIDALICE", "alice-secret")
bob = client("AKIDBOB", "bob-secret")
policy = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "kms:*", "Resource": "*"},
    {"Effect": "Deny", "Principal": {"AWS": BOB}, "Action": "kms:Decrypt", "Resource": "*"}]})
key = alice.create_key(Policy=policy)["KeyMetadata"]
blob = bob.encrypt(KeyId=key["KeyId"], Plaintext=b"for alice only")["CiphertextBlob"]
check(alice.decrypt(CiphertextBlob=blob)["Plaintext"] == b"for alice only", "Alice decrypts")
expect_error("AccessDeniedException", bob.decrypt, CiphertextBlob=blob,
             contains=f"User: {BOB} is not authorized to perform: kms:Decrypt on resource: {key['Arn']} "
             "with an explicit deny in a resource-based policy")
only_bob = json.dumps({"Statement": [{"Effect": "Allow", "Principal": {"AWS": BOB}, "Action": "kms:*", "Resource": "*"}]})
expect_error("MalformedPolicyDocumentException", alice.put_key_policy,
             KeyId=key["KeyId"], PolicyName="default", Policy=only_bob,
             contains="The new key policy will not allow you to update the key policy in the future.")
print(f"boto3 access: OK ({boto3_checks.count} checks)")
print(key["KeyId"])

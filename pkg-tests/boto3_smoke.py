"""boto3 against a running `kms-wasm serve`: every in-scope KMS operation, with its own asserts.

Usage: python boto3_smoke.py http://127.0.0.1:PORT   (exits non-zero on the first failure)
"""
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

ACCOUNT = "111122223333"
REGION = "us-east-1"
POLICY = '{"Version":"2012-10-17","Statement":[{"Sid":"All","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}'
checks = 0


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        raise AssertionError(what)


def expect_error(code, fn, message=None, **kwargs):
    try:
        fn(**kwargs)
    except ClientError as e:
        err = e.response["Error"]
        check(err["Code"] == code, f"{fn.__name__}: expected {code}, got {err['Code']}: {err.get('Message')}")
        check(e.response["ResponseMetadata"]["HTTPStatusCode"] == 400, f"{code}: HTTP 400")
        if message is not None:
            check(err.get("Message", "") == message, f"{code}: message {err.get('Message')!r} != {message!r}")
        return e
    raise AssertionError(f"{fn.__name__}: expected {code}, but it succeeded")


def main(url):
    kms = boto3.client(
        "kms", endpoint_url=url, region_name=REGION, aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="secret", config=Config(retries={"max_attempts": 1}),
    )
    arn = lambda key_id: f"arn:aws:kms:{REGION}:{ACCOUNT}:key/{key_id}"

    k1 = kms.create_key(Description="boto3", Tags=[{"TagKey": "team", "TagValue": "py"}])["KeyMetadata"]
    check(k1["Arn"] == arn(k1["KeyId"]) and k1["KeyState"] == "Enabled", "create_key metadata")
    check(hasattr(k1["CreationDate"], "year"), "CreationDate parsed as datetime")
    k2 = kms.create_key()["KeyMetadata"]
    check(kms.describe_key(KeyId=k1["Arn"])["KeyMetadata"]["Description"] == "boto3", "describe_key by ARN")

    ids = [k["KeyId"] for page in kms.get_paginator("list_keys").paginate(PaginationConfig={"PageSize": 1}) for k in page["Keys"]]
    check(k1["KeyId"] in ids and k2["KeyId"] in ids, "list_keys paginator")
    expect_error("InvalidMarkerException", kms.list_keys, Marker="garbage")

    kms.update_key_description(KeyId=k1["KeyId"], Description="renamed")
    check(kms.describe_key(KeyId=k1["KeyId"])["KeyMetadata"]["Description"] == "renamed", "update_key_description")
    kms.disable_key(KeyId=k2["KeyId"])
    expect_error("DisabledException", kms.encrypt, f"{arn(k2['KeyId'])} is disabled.", KeyId=k2["KeyId"], Plaintext=b"x")
    kms.enable_key(KeyId=k2["KeyId"])

    kms.tag_resource(KeyId=k1["KeyId"], Tags=[{"TagKey": "env", "TagValue": "dev"}])
    kms.untag_resource(KeyId=k1["KeyId"], TagKeys=["team"])
    check(kms.list_resource_tags(KeyId=k1["KeyId"])["Tags"] == [{"TagKey": "env", "TagValue": "dev"}], "tags")
    expect_error("TagException", kms.tag_resource, "Duplicate tag keys", KeyId=k1["KeyId"],
                 Tags=[{"TagKey": "d", "TagValue": "1"}, {"TagKey": "d", "TagValue": "2"}])

    check('"key-default-1"' in kms.get_key_policy(KeyId=k1["KeyId"], PolicyName="default")["Policy"], "default policy")
    kms.put_key_policy(KeyId=k1["KeyId"], PolicyName="default", Policy=POLICY)
    check(kms.get_key_policy(KeyId=k1["KeyId"])["Policy"] == POLICY, "put_key_policy")
    check(kms.list_key_policies(KeyId=k1["KeyId"])["PolicyNames"] == ["default"], "list_key_policies")
    expect_error("MalformedPolicyDocumentException", kms.put_key_policy, KeyId=k1["KeyId"], PolicyName="default", Policy="{bad")

    kms.create_alias(AliasName="alias/boto3", TargetKeyId=k1["KeyId"])
    expect_error("AlreadyExistsException", kms.create_alias,
                 f"An alias with the name arn:aws:kms:{REGION}:{ACCOUNT}:alias/boto3 already exists",
                 AliasName="alias/boto3", TargetKeyId=k2["KeyId"])
    expect_error("NotAuthorizedException", kms.create_alias, "", AliasName="alias/aws/boto3", TargetKeyId=k2["KeyId"])
    aliases = kms.list_aliases(KeyId=k1["KeyId"])["Aliases"]
    check([a["AliasName"] for a in aliases] == ["alias/boto3"] and aliases[0]["TargetKeyId"] == k1["KeyId"], "list_aliases")

    ctx = {"app": "boto3"}
    enc = kms.encrypt(KeyId="alias/boto3", Plaintext=b"hello boto3", EncryptionContext=ctx)
    check(enc["KeyId"] == k1["Arn"] and enc["EncryptionAlgorithm"] == "SYMMETRIC_DEFAULT", "encrypt output")
    dec = kms.decrypt(CiphertextBlob=enc["CiphertextBlob"], EncryptionContext=ctx)
    check(dec["Plaintext"] == b"hello boto3" and dec["KeyId"] == k1["Arn"], "decrypt")
    expect_error("InvalidCiphertextException", kms.decrypt, "", CiphertextBlob=enc["CiphertextBlob"])
    expect_error("IncorrectKeyException", kms.decrypt,
                 "The key ID in the request does not identify a CMK that can perform this operation.",
                 CiphertextBlob=enc["CiphertextBlob"], EncryptionContext=ctx, KeyId=k2["KeyId"])
    re = kms.re_encrypt(CiphertextBlob=enc["CiphertextBlob"], SourceEncryptionContext=ctx, DestinationKeyId=k2["KeyId"])
    check(re["SourceKeyId"] == k1["Arn"] and re["KeyId"] == k2["Arn"], "re_encrypt ids")
    check(kms.decrypt(CiphertextBlob=re["CiphertextBlob"])["Plaintext"] == b"hello boto3", "re_encrypt round trip")
    dk = kms.generate_data_key(KeyId=k1["KeyId"], KeySpec="AES_128")
    check(len(dk["Plaintext"]) == 16 and kms.decrypt(CiphertextBlob=dk["CiphertextBlob"])["Plaintext"] == dk["Plaintext"], "data key")
    dkw = kms.generate_data_key_without_plaintext(KeyId=k1["KeyId"], NumberOfBytes=40)
    check("Plaintext" not in dkw and len(kms.decrypt(CiphertextBlob=dkw["CiphertextBlob"])["Plaintext"]) == 40, "data key w/o plaintext")
    expect_error("ValidationException", kms.generate_data_key, "Please specify either number of bytes or key spec.", KeyId=k1["KeyId"])
    check(len(kms.generate_random(NumberOfBytes=64)["Plaintext"]) == 64, "generate_random")
    expect_error("ValidationException", kms.generate_random, "NumberOfBytes is required.")

    kms.update_alias(AliasName="alias/boto3", TargetKeyId=k2["KeyId"])
    check(kms.describe_key(KeyId="alias/boto3")["KeyMetadata"]["KeyId"] == k2["KeyId"], "update_alias")
    kms.delete_alias(AliasName="alias/boto3")
    expect_error("NotFoundException", kms.describe_key, KeyId="alias/boto3")

    sched = kms.schedule_key_deletion(KeyId=k2["KeyId"], PendingWindowInDays=7)
    check(sched["KeyId"] == k2["Arn"] and sched["KeyState"] == "PendingDeletion" and sched["PendingWindowInDays"] == 7, "schedule")
    expect_error("ValidationException", kms.schedule_key_deletion, "PendingWindowInDays must be between 7 and 30",
                 KeyId=k1["KeyId"], PendingWindowInDays=31)
    expect_error("KMSInvalidStateException", kms.encrypt, f"{k2['Arn']} is pending deletion.", KeyId=k2["KeyId"], Plaintext=b"x")
    check(kms.cancel_key_deletion(KeyId=k2["KeyId"])["KeyId"] == k2["Arn"], "cancel_key_deletion")
    check(kms.describe_key(KeyId=k2["KeyId"])["KeyMetadata"]["KeyState"] == "Disabled", "cancel → Disabled")
    missing = "0b3c5d7e-1234-4abc-8def-0123456789ab"
    e = expect_error("NotFoundException", kms.describe_key, f"Key '{arn(missing)}' does not exist", KeyId=missing)
    check(isinstance(e, kms.exceptions.NotFoundException), "modeled exception class")
    e = expect_error("UnsupportedOperationException", kms.connect_custom_key_store, CustomKeyStoreId="cks-1234567890abcdef0")
    check("ConnectCustomKeyStore" in e.response["Error"]["Message"], "unsupported op is named")
    print(f"boto3 smoke: OK ({checks} checks)")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: boto3_smoke.py URL")
    main(sys.argv[1])

"""Many Regions and multi-Region keys over one `kms-wasm serve`, from boto3 with a client per
Region (the Region is the SigV4 credential scope): each Region lists its own keys and aliases; a
multi-Region key is replicated, decrypts across Regions both ways and changes its primary Region;
replicating twice or replicating a replica is refused. Prints "boto3 multi-Region: OK (<n> checks)"
and then the multi-Region key's id. Usage: boto3_multi_region.py <endpoint>"""
import re
import sys

import boto3
import boto3_checks
from boto3_checks import check, expect_error

URL = sys.argv[1]
HOME, EU, AP = "us-east-1", "eu-west-1", "ap-southeast-2"


def client(region):
    return boto3.client("kms", endpoint_url=URL, region_name=region,
                        aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret")


home, eu, ap = client(HOME), client(EU), client(AP)


def arn(key_id, region):
    return f"arn:aws:kms:{region}:111122223333:key/{key_id}"


def key_ids(c):
    return [k["KeyId"] for k in c.list_keys()["Keys"]]


def aliases(c):
    return {a["AliasName"]: a.get("TargetKeyId") for a in c.list_aliases()["Aliases"]
            if not a["AliasName"].startswith("alias/aws/")}


# Each Region has its own keys and aliases, under the same alias name.
a = home.create_key(Description="home")["KeyMetadata"]
b = eu.create_key(Description="eu")["KeyMetadata"]
check(a["Arn"] == arn(a["KeyId"], HOME) and b["Arn"] == arn(b["KeyId"], EU), f"ARNs: {a['Arn']} {b['Arn']}")
check(a["MultiRegion"] is False and "MultiRegionConfiguration" not in a, f"a single-Region key: {a}")
home.create_alias(AliasName="alias/app", TargetKeyId=a["KeyId"])
eu.create_alias(AliasName="alias/app", TargetKeyId=b["KeyId"])
check(key_ids(home) == [a["KeyId"]] and key_ids(eu) == [b["KeyId"]] and key_ids(ap) == [], "ListKeys per Region")
check(aliases(home) == {"alias/app": a["KeyId"]} and aliases(eu) == {"alias/app": b["KeyId"]}, "ListAliases")
check(eu.describe_key(KeyId="alias/app")["KeyMetadata"]["Description"] == "eu", "the alias is the Region's")
expect_error("NotFoundException", home.describe_key, KeyId=b["Arn"])

# A multi-Region key, replicated to eu-west-1.
mrk = home.create_key(MultiRegion=True, Description="primary")["KeyMetadata"]
key_id = mrk["KeyId"]
check(re.fullmatch(r"mrk-[0-9a-f]{32}", key_id) is not None, f"an mrk- key id: {key_id}")
config = mrk["MultiRegionConfiguration"]
check(mrk["MultiRegion"] is True and config["MultiRegionKeyType"] == "PRIMARY"
      and config["PrimaryKey"] == {"Arn": arn(key_id, HOME), "Region": HOME}
      and config["ReplicaKeys"] == [], f"the primary: {config}")
r = home.replicate_key(KeyId=key_id, ReplicaRegion=EU, Description="replica",
                       Tags=[{"TagKey": "site", "TagValue": "dublin"}])
replica = r["ReplicaKeyMetadata"]
check(replica["KeyId"] == key_id and replica["Arn"] == arn(key_id, EU), f"the replica: {replica['Arn']}")
check(replica["MultiRegionConfiguration"]["MultiRegionKeyType"] == "REPLICA"
      and replica["MultiRegionConfiguration"]["PrimaryKey"]["Region"] == HOME, "REPLICA of the primary")
check(r["ReplicaTags"] == [{"TagKey": "site", "TagValue": "dublin"}] and '"kms:*"' in r["ReplicaPolicy"],
      f"the replica's tags and policy: {r['ReplicaTags']}")
described = home.describe_key(KeyId=key_id)["KeyMetadata"]["MultiRegionConfiguration"]
check(described["ReplicaKeys"] == [{"Arn": arn(key_id, EU), "Region": EU}], f"ReplicaKeys: {described}")
check(eu.describe_key(KeyId=key_id)["KeyMetadata"]["Description"] == "replica", "the replica's description")
check(sorted(key_ids(eu)) == sorted([b["KeyId"], key_id]), "ListKeys in eu-west-1 has the replica")
check(key_ids(ap) == [], "no replica in ap-southeast-2")

# Cross-Region decryption, both ways.
ctx = {"order": "42"}
blob = home.encrypt(KeyId=key_id, Plaintext=b"from Virginia", EncryptionContext=ctx)["CiphertextBlob"]
out = eu.decrypt(CiphertextBlob=blob, EncryptionContext=ctx)
check(out["Plaintext"] == b"from Virginia" and out["KeyId"] == arn(key_id, EU), f"decrypted in eu: {out['KeyId']}")
out = eu.decrypt(CiphertextBlob=blob, EncryptionContext=ctx, KeyId=arn(key_id, EU))
check(out["Plaintext"] == b"from Virginia", "decrypted in eu with the replica's ARN")
blob = eu.encrypt(KeyId=key_id, Plaintext=b"from Dublin")["CiphertextBlob"]
out = home.decrypt(CiphertextBlob=blob, KeyId=key_id)
check(out["Plaintext"] == b"from Dublin" and out["KeyId"] == arn(key_id, HOME), "decrypted in us-east-1")
single = home.encrypt(KeyId=a["KeyId"], Plaintext=b"x")["CiphertextBlob"]
expect_error("AccessDeniedException", eu.decrypt, CiphertextBlob=single)

# Replicating twice, replicating a replica, rotating a replica.
expect_error("AlreadyExistsException", home.replicate_key, KeyId=key_id, ReplicaRegion=EU)
expect_error("UnsupportedOperationException", eu.replicate_key, KeyId=key_id, ReplicaRegion=AP)
expect_error("UnsupportedOperationException", eu.enable_key_rotation, KeyId=key_id)
expect_error("UnsupportedOperationException", home.replicate_key, KeyId=a["KeyId"], ReplicaRegion=EU)

# UpdatePrimaryRegion: eu-west-1 becomes the primary, us-east-1 a replica.
home.update_primary_region(KeyId=arn(key_id, HOME), PrimaryRegion=EU)
config = eu.describe_key(KeyId=key_id)["KeyMetadata"]["MultiRegionConfiguration"]
check(config["MultiRegionKeyType"] == "PRIMARY" and config["PrimaryKey"] == {"Arn": arn(key_id, EU), "Region": EU}
      and config["ReplicaKeys"] == [{"Arn": arn(key_id, HOME), "Region": HOME}], f"eu-west-1 is primary: {config}")
config = home.describe_key(KeyId=key_id)["KeyMetadata"]["MultiRegionConfiguration"]
check(config["MultiRegionKeyType"] == "REPLICA" and config["PrimaryKey"]["Region"] == EU, f"us-east-1: {config}")
expect_error("UnsupportedOperationException", home.replicate_key, KeyId=key_id, ReplicaRegion=AP)
expect_error("AlreadyExistsException", eu.replicate_key, KeyId=key_id, ReplicaRegion=HOME)
third = eu.replicate_key(KeyId=key_id, ReplicaRegion=AP)["ReplicaKeyMetadata"]
check(third["Arn"] == arn(key_id, AP) and key_ids(ap) == [key_id], "replicated from the new primary")
blob = ap.encrypt(KeyId=key_id, Plaintext=b"g'day")["CiphertextBlob"]
check(home.decrypt(CiphertextBlob=blob)["Plaintext"] == b"g'day", "Sydney's ciphertext decrypts in us-east-1")
print(f"boto3 multi-Region: OK ({boto3_checks.count} checks)")
print(key_id)

// Calls that involve AWS services (issue 18): `kms.as(arn, { viaService })` for an IAM principal
// calling through a service (kms:ViaService; CloudTrail's invokedBy), and
// `kms.asService(name, { sourceArn })` for an AWS service principal, which key policy
// `{"Service": …}` statements and GranteeServicePrincipal grants (with their SourceArn
// constraint) allow. The caller option is checked; CreateGrant refuses a grantee that names no
// principal, through the SDK too.
import assert from "node:assert/strict";
import { test } from "node:test";
import { CreateGrantCommand, KMSClient } from "@aws-sdk/client-kms";
import { ACCOUNT, bytes, open, REGION, rejects, text } from "./helpers.mjs";

const ROOT_ARN = `arn:aws:iam::${ACCOUNT}:root`;
const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;
const LOGS = `logs.${REGION}.amazonaws.com`;
const GROUP = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:app`;
const policy = (...extra) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "RootOnly",
        Effect: "Allow",
        Principal: { AWS: ROOT_ARN },
        Action: "kms:*",
        Resource: "*",
        Condition: { StringEquals: { "aws:PrincipalArn": ROOT_ARN } },
      },
      ...extra,
    ],
  });

async function lastEvent(kms, eventName) {
  const events = await kms.auditLog({ eventName });
  return events.at(-1);
}

test("as(arn, { viaService }): a kms:ViaService condition lets Alice in through S3 only", async () => {
  const kms = await open();
  const { KeyMetadata } = await kms.createKey({});
  const viaS3 = {
    Sid: "AliceThroughS3",
    Effect: "Allow",
    Principal: { AWS: ALICE },
    Action: ["kms:Encrypt", "kms:Decrypt"],
    Resource: "*",
    Condition: { StringEquals: { "kms:ViaService": `s3.${REGION}.amazonaws.com` } },
  };
  await kms.putKeyPolicy({ KeyId: KeyMetadata.KeyId, Policy: policy(viaS3) });
  const input = { KeyId: KeyMetadata.KeyId, Plaintext: bytes("object key") };
  await rejects(kms.as(ALICE).encrypt(input), "AccessDeniedException");
  await rejects(kms.as(ALICE, { viaService: `ec2.${REGION}.amazonaws.com` }).encrypt(input), "AccessDeniedException");
  const s3 = kms.as(ALICE, { viaService: `s3.${REGION}.amazonaws.com` });
  const { CiphertextBlob } = await s3.encrypt(input);
  assert.equal(text((await s3.decrypt({ CiphertextBlob })).Plaintext), "object key");
  const identity = (await lastEvent(kms, "Decrypt")).userIdentity;
  assert.equal(identity.arn, ALICE);
  assert.equal(identity.invokedBy, "s3.amazonaws.com");
  assert.deepEqual(s3.caller, { principal: ALICE, viaService: `s3.${REGION}.amazonaws.com` });
});

test("asService(): a service grant under a SourceArn constraint allows that service for that resource only", async () => {
  const kms = await open();
  const { KeyMetadata } = await kms.createKey({ Policy: policy() });
  const id = KeyMetadata.KeyId;
  const logs = kms.asService(LOGS, { sourceArn: GROUP, sourceAccount: ACCOUNT });
  await rejects(logs.generateDataKey({ KeyId: id, KeySpec: "AES_256" }), "AccessDeniedException");
  const { GrantId } = await kms.createGrant({
    KeyId: id,
    GranteeServicePrincipal: LOGS,
    RetiringServicePrincipal: LOGS,
    Operations: ["GenerateDataKey", "Decrypt"],
    Constraints: { SourceArn: GROUP },
  });
  const { CiphertextBlob, Plaintext } = await logs.generateDataKey({ KeyId: id, KeySpec: "AES_256" });
  assert.deepEqual((await logs.decrypt({ CiphertextBlob })).Plaintext, Plaintext);
  await rejects(logs.encrypt({ KeyId: id, Plaintext: bytes("x") }), "AccessDeniedException");
  const other = kms.asService(LOGS, { sourceArn: `${GROUP}-other` });
  await rejects(other.decrypt({ CiphertextBlob }), "AccessDeniedException");
  await rejects(kms.as(ALICE).decrypt({ CiphertextBlob }), "AccessDeniedException");
  assert.deepEqual((await lastEvent(kms, "GenerateDataKey")).userIdentity, { type: "AWSService", invokedBy: LOGS });
  await logs.retireGrant({ KeyId: KeyMetadata.Arn, GrantId });
  await rejects(logs.decrypt({ CiphertextBlob }), "AccessDeniedException");
});

test("handle() takes the same caller: a {Service} policy statement with aws:SourceArn", async () => {
  const kms = await open();
  const statement = {
    Effect: "Allow",
    Principal: { Service: LOGS },
    Action: "kms:Encrypt",
    Resource: "*",
    Condition: { ArnLike: { "aws:SourceArn": `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:*` } },
  };
  const { KeyMetadata } = await kms.createKey({ Policy: policy(statement) });
  const body = JSON.stringify({ KeyId: KeyMetadata.KeyId, Plaintext: "aGk=" });
  const as = (caller) => kms.handle("TrentService.Encrypt", body, caller);
  assert.equal((await as({ service: LOGS, sourceArn: GROUP })).status, 200);
  const wrongArn = await as({ service: LOGS, sourceArn: `arn:aws:sns:${REGION}:${ACCOUNT}:topic` });
  assert.equal(JSON.parse(wrongArn.body).__type, "AccessDeniedException");
  assert.equal(JSON.parse((await as({ principal: ALICE })).body).__type, "AccessDeniedException");
});

test("the caller option is checked: a TypeError names the field", async () => {
  const kms = await open();
  assert.throws(() => kms.asService("logs"), /service must be a service principal/);
  assert.throws(() => kms.asService(LOGS, { sourceArn: "group" }), /sourceArn must be an ARN/);
  assert.throws(() => kms.as(ALICE, { viaService: "s3" }), /viaService must be a service name/);
  const body = JSON.stringify({});
  await assert.rejects(kms.handle("TrentService.ListKeys", body, { principal: ALICE, service: LOGS }), /not both/);
  await assert.rejects(kms.handle("TrentService.ListKeys", body, { viaService: LOGS }), /needs the principal/);
  await assert.rejects(kms.handle("TrentService.ListKeys", body, { principal: "bob" }), /IAM principal ARN/);
});

test("CreateGrant refuses a grantee that names no principal (SDK, in-process)", async () => {
  const kms = await open();
  const { KeyMetadata } = await kms.createKey({});
  const client = new KMSClient({
    region: REGION,
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
    requestHandler: kms.requestHandler(),
  });
  const grant = (GranteePrincipal) =>
    client.send(new CreateGrantCommand({ KeyId: KeyMetadata.KeyId, GranteePrincipal, Operations: ["Encrypt"] }));
  await assert.rejects(
    grant("bob"),
    (e) => e.name === "ValidationException" && /bob is not a valid principal/.test(e.message),
  );
  const { GrantId } = await grant(ALICE);
  assert.match(GrantId, /^[0-9a-f]{64}$/);
});

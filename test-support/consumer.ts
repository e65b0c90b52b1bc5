// A TypeScript consumer of the package, compiled with `tsc --strict --noEmit` by
// types.test.mjs. The @ts-expect-error lines must stay errors; the SDK lines check that the
// generated types and @aws-sdk/client-kms's agree in both directions.

import * as sdk from "@aws-sdk/client-kms";
import {
  type AuditEvent,
  type CreateKeyResponse,
  type EncryptRequest,
  KeyManagementService,
  type KeyMetadata,
  type KeySpec,
  KMSServiceException,
  type KmsServiceError,
  type KmsSnapshot,
  NotFoundException,
  type SeedDocument,
  ValidationException,
  wrapKeyMaterial,
} from "kms-wasm";

const kms = await KeyManagementService.open({
  file: "./never-written.json",
  clock: { start: new Date(), frozen: true },
  randomSeed: 1,
});
const created = await kms.createKey({
  Description: "d",
  KeySpec: "SYMMETRIC_DEFAULT",
  Tags: [{ TagKey: "a", TagValue: "b" }],
});
const metadata: KeyMetadata | undefined = created.KeyMetadata;
const when: Date | undefined = metadata?.CreationDate;
const spec: KeySpec | undefined = metadata?.KeySpec;
const status: number | undefined = created.$metadata.httpStatusCode;

const request: EncryptRequest = { KeyId: "alias/x", Plaintext: new Uint8Array(3), EncryptionContext: { a: "b" } };
const { CiphertextBlob } = await kms.encrypt(request);
const blob: Uint8Array | undefined = CiphertextBlob;
const now: Date = kms.now();
const later: Date = await kms.advanceClock(60);
const events: AuditEvent[] = await kms.auditLog({ keyId: "alias/x", failedOnly: true });
const off: () => void = kms.onAlarm((e) => e.eventName);
const raw = await kms.handle("TrentService.ListKeys", "{}");
const bob = kms.as("arn:aws:iam::111122223333:user/bob");
const _described: string | undefined = (await bob.describeKey({ KeyId: "alias/x" })).KeyMetadata?.KeyId;
const _viaHandle = await bob.handle("TrentService.ListKeys", "{}", { sourceIp: "10.0.0.1" });
const code: number = raw.status;

try {
  await kms.describeKey({ KeyId: "x" });
} catch (e) {
  const err = e as KmsServiceError;
  const _fault: "client" | "server" = err.$fault; // a type check only: $fault is the SDK's union
}
// The exception classes narrow by instanceof, each to its own name and $fault.
try {
  await kms.describeKey({ KeyId: "x" });
} catch (e) {
  if (e instanceof NotFoundException) {
    const _name: "NotFoundException" = e.name;
    const _status: number | undefined = e.$metadata.httpStatusCode;
    // @ts-expect-error a NotFoundException is a client fault
    const _server: "server" = e.$fault;
  } else if (e instanceof KMSServiceException) {
    const _base: KmsServiceError["$fault"] = e.$fault;
  }
}
const made: KMSServiceException = new ValidationException({ message: "m", $metadata: {} });
const _asError: KmsServiceError = new NotFoundException({ message: "m", $metadata: {} });
// @ts-expect-error the classes differ by name: a ValidationException is no NotFoundException
const _notFound: NotFoundException = made as ValidationException;

// The SDK takes the in-process handler.
const client = new sdk.KMSClient({
  region: "us-east-1",
  endpoint: "http://kms-wasm.local",
  credentials: { accessKeyId: "x", secretAccessKey: "x" },
  requestHandler: kms.requestHandler({ principals: { AKIDEXAMPLE: "arn:aws:iam::111122223333:user/alice" } }),
});
// Inputs and outputs move between the SDK and this class without a change.
const sdkInput: sdk.EncryptCommandInput = request;
const ourInput: EncryptRequest = sdkInput;
const sdkOutput = await client.send(new sdk.CreateKeyCommand({}));
const ourOutput: CreateKeyResponse = sdkOutput;
const backToSdk: sdk.CreateKeyResponse = created;

const params = await kms.getParametersForImport({
  KeyId: "k",
  WrappingAlgorithm: "RSAES_OAEP_SHA_256",
  WrappingKeySpec: "RSA_2048",
});
if (params.PublicKey === undefined) throw new Error("GetParametersForImport gave no PublicKey");
const wrapped: Uint8Array = wrapKeyMaterial({
  PublicKey: params.PublicKey,
  KeyMaterial: new Uint8Array(32),
  WrappingAlgorithm: "RSAES_OAEP_SHA_256",
});
await kms.importKeyMaterial({
  KeyId: "k",
  ImportToken: params.ImportToken,
  EncryptedKeyMaterial: wrapped,
  ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE",
});
// @ts-expect-error wrapKeyMaterial takes AWS's RSA wrapping algorithms only
wrapKeyMaterial({ PublicKey: new Uint8Array(1), KeyMaterial: new Uint8Array(1), WrappingAlgorithm: "SM2PKE" });
// IndexedDB (browsers and workers) and whole-state export/import.
const inBrowser = await KeyManagementService.open({ indexedDb: "console" });
const exported: string = await inBrowser.exportState();
await inBrowser.importState(exported);
await inBrowser.importState(JSON.parse(exported));
// @ts-expect-error indexedDb is a database name
await KeyManagementService.open({ indexedDb: 5 });
// Seeds and snapshots (test suites).
const seed: SeedDocument = {
  Keys: [{ KeyId: "1234abcd-12ab-34cd-56ef-1234567890ab", KeyMaterial: [{ Material: "AAAA" }] }],
};
const seeded = await KeyManagementService.open({ seed, clock: { now: "2026-01-01T00:00:00Z", frozen: true } });
const seededCount: number = await seeded.applySeed(JSON.stringify(seed));
const fixture: SeedDocument = await seeded.exportSeed();
const snap: KmsSnapshot = seeded.snapshot();
await seeded.restore(snap);
// @ts-expect-error restore takes a snapshot() value
await seeded.restore({});
// @ts-expect-error a seed key needs a KeyId
await seeded.applySeed({ Keys: [{ Description: "no id" }] });
// @ts-expect-error KeySpec is a closed union
await kms.createKey({ KeySpec: "NOPE" });
// @ts-expect-error Encrypt needs KeyId and Plaintext
await kms.encrypt({});
// @ts-expect-error blobs are bytes, not numbers
await kms.decrypt({ CiphertextBlob: 5 });
// @ts-expect-error there is no such operation
await kms.frobnicate({});
// @ts-expect-error open() is the only way to make one
new KeyManagementService();

export {
  backToSdk,
  blob,
  code,
  events,
  exported,
  fixture,
  later,
  made,
  now,
  off,
  ourInput,
  ourOutput,
  seededCount,
  spec,
  status,
  when,
  wrapped,
};

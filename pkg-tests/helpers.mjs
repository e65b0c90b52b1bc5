// Shared setup for the pkg-tests suites: opening services, AWS constants, error assertions,
// wire conversions, temp dirs and the spawned `kms-wasm serve` endpoint.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { KeyManagementService } from "kms-wasm";

export { KeyManagementService };
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const REGION = "us-east-1";
export const ACCOUNT = "111122223333";
export const START = "2026-01-01T00:00:00Z";
export const START_MS = Date.parse(START);
export const DAY = 86_400;
export const CREDS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" };

export const arnOf = (keyId, region = REGION, account = ACCOUNT) => `arn:aws:kms:${region}:${account}:key/${keyId}`;
export const aliasArnOf = (name, region = REGION, account = ACCOUNT) => `arn:aws:kms:${region}:${account}:${name}`;
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const HEX64_RE = /^[0-9a-f]{64}$/;

/** A fresh in-memory service with a frozen virtual clock at START (override anything). */
export function open(opts = {}) {
  return KeyManagementService.open({
    storage: "memory",
    clock: { start: START, frozen: true },
    randomSeed: 7,
    ...opts,
  });
}

/** A service plus one fresh symmetric key. */
export async function withKey(opts = {}, createInput = {}) {
  const kms = await open(opts);
  const { KeyMetadata } = await kms.createKey(createInput);
  return { kms, key: KeyMetadata, keyId: KeyMetadata.KeyId, arn: KeyMetadata.Arn };
}

export const bytes = (s) => new TextEncoder().encode(s);
export const text = (b) => new TextDecoder().decode(b);

/**
 * Asserts that `promise` rejects with an AWS error `name`. `message` is compared exactly when a
 * string, matched when a RegExp, and must be empty/absent when `null`; `undefined` skips it.
 */
export async function rejects(promise, name, message) {
  let err;
  try {
    await promise;
  } catch (e) {
    err = e;
  }
  assert.ok(err, `expected ${name}${message ? ` "${message}"` : ""}, but the call succeeded`);
  assert.ok(err instanceof Error, `expected an Error, got ${Object.prototype.toString.call(err)}`);
  assert.equal(err.name, name, `error name (message was: ${err.message})`);
  checkMessage(err.message, message);
  return err;
}

export function checkMessage(actual, message) {
  if (message === undefined) return;
  if (message === null) {
    assert.ok(actual === undefined || actual === "", `expected no message, got "${actual}"`);
  } else if (message instanceof RegExp) {
    assert.match(actual ?? "", message);
  } else {
    assert.equal(actual, message);
  }
}

/**
 * AWS's own error messages. "LocalStack snapshot X" is a response LocalStack's test X recorded against
 * real AWS (localstack/localstack, tests/aws/services/kms/test_kms.snapshot.json).
 */
export const msg = {
  // The footnotes of "Key states of AWS KMS keys",
  // https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html.
  disabled: (arn) => `${arn} is disabled.`,
  pendingDeletion: (arn) => `${arn} is pending deletion.`,
  notPendingDeletion: (arn) => `${arn} is not pending deletion.`,
  pendingImport: (arn) => `${arn} is pending import.`,
  // LocalStack snapshots test_get_key_does_not_exist and test_get_key_invalid_uuid.
  notExist: (arn) => `Key '${arn}' does not exist`,
  invalidKeyId: (id) => `Invalid keyId '${id}'`,
  // LocalStack snapshot test_error_messaging_for_invalid_keys.
  incorrectKey: "The key ID in the request does not identify a CMK that can perform this operation.",
  // A ciphertext whose key is gone or in another Region; quoted in Droplr/aws-env#29 and
  // aws/aws-encryption-sdk-javascript#1005.
  accessDenied:
    "The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.",
  // LocalStack snapshot test_generate_data_key_pair_dry_run.
  dryRun: "The request would have succeeded, but the DryRun option is set.",
  // GenerateDataKey with both or neither of KeySpec and NumberOfBytes: AWS's wording quoted in
  // nsmithuk/local-kms#6 (2019; no newer recording found).
  gdkSpec: "Please specify either number of bytes or key spec.",
  // The request framework's constraint message, e.g. LocalStack snapshot
  // test_generate_random_invalid_number_of_bytes; the value is left out for sensitive members.
  constraint: (value, path, c) =>
    `1 validation error detected: Value ${value === undefined ? "" : `'${value}' `}at '${path}' failed to satisfy constraint: ${c}`,
};

/** Converts a JS-API value (Uint8Array, Date) to its AWS JSON 1.1 wire form. */
export function toWire(v) {
  if (v instanceof Uint8Array) return Buffer.from(v).toString("base64");
  if (v instanceof Date) return v.getTime() / 1000;
  if (Array.isArray(v)) return v.map(toWire);
  if (v && typeof v === "object") {
    const out = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = toWire(x);
    return out;
  }
  return v;
}

export function bodyText(body) {
  if (typeof body === "string") return body;
  if (body instanceof Uint8Array) return text(body);
  return String(body ?? "");
}

/** `kms.handle()` with a JS object body; returns `{ status, headers, json }`. */
export async function wire(kms, op, input = {}) {
  const r = await kms.handle(`TrentService.${op}`, JSON.stringify(toWire(input)));
  const t = bodyText(r.body);
  return { status: r.status, headers: r.headers, json: t.trim() === "" ? {} : JSON.parse(t) };
}

export const lowerFirst = (s) => s[0].toLowerCase() + s.slice(1);

/** The ISO-8601 second-precision form of a Date/ISO string/epoch ms, for comparisons. */
export const iso = (t) => new Date(t).toISOString().replace(/\.\d{3}Z$/, "Z");

export async function tempDir(t) {
  const dir = await mkdtemp(join(tmpdir(), "kms-wasm-test-"));
  if (t?.after) t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Spawns `node bin/kms-wasm.js serve --port 0 ...args` and resolves once it prints its URL.
 * Returns `{ url, proc, output(), stop() }`; `stop()` sends SIGTERM and waits for the exit.
 */
export function startServer(args = [], { timeoutMs = 20_000 } = {}) {
  const proc = spawn(process.execPath, [join(ROOT, "bin/kms-wasm.js"), "serve", "--port", "0", ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const exited = new Promise((resolve) => proc.on("exit", (code, signal) => resolve({ code, signal })));
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill("SIGKILL");
      reject(new Error(`kms-wasm serve printed no URL within ${timeoutMs} ms; output:\n${out}`));
    }, timeoutMs);
    const onData = (d) => {
      out += d;
      const m = out.match(/kms-wasm listening on (http:\/\/127\.0\.0\.1:(\d+))/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    proc.stdout.on("data", onData);
    proc.stderr.on("data", (d) => (out += d));
    proc.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`kms-wasm serve exited early (code ${code}, signal ${signal}); output:\n${out}`));
    });
  });
  const server = {
    proc,
    exited,
    output: () => out,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGTERM");
      const timer = setTimeout(() => proc.kill("SIGKILL"), 5_000);
      const r = await exited;
      clearTimeout(timer);
      return r;
    },
  };
  return ready.then((url) => Object.assign(server, { url }));
}

/** POST an AWS JSON 1.1 request to a running endpoint. */
export async function post(url, op, body = {}) {
  const r = await fetch(`${url}/`, {
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `TrentService.${op}` },
    body: JSON.stringify(body),
  });
  const t = await r.text();
  return { status: r.status, headers: r.headers, json: t.trim() === "" ? {} : JSON.parse(t) };
}

/** Every operation in AWS's KMS model (vendor/aws-kms-model/service-2.json: botocore 1.44.8, 56 operations). */
export const ALL_OPERATIONS = [
  "CancelKeyDeletion",
  "ConnectCustomKeyStore",
  "CreateAlias",
  "CreateCustomKeyStore",
  "CreateGrant",
  "CreateKey",
  "Decapsulate",
  "Decrypt",
  "DeleteAlias",
  "DeleteCustomKeyStore",
  "DeleteImportedKeyMaterial",
  "DeriveSharedSecret",
  "DescribeCustomKeyStores",
  "DescribeKey",
  "DisableKey",
  "DisableKeyRotation",
  "DisconnectCustomKeyStore",
  "EnableKey",
  "EnableKeyRotation",
  "Encapsulate",
  "Encrypt",
  "GenerateDataKey",
  "GenerateDataKeyPair",
  "GenerateDataKeyPairWithoutPlaintext",
  "GenerateDataKeyWithoutPlaintext",
  "GenerateMac",
  "GenerateRandom",
  "GetKeyLastUsage",
  "GetKeyPolicy",
  "GetKeyRotationStatus",
  "GetParametersForImport",
  "GetPublicKey",
  "ImportKeyMaterial",
  "ListAliases",
  "ListGrants",
  "ListKeyPolicies",
  "ListKeyRotations",
  "ListKeys",
  "ListResourceTags",
  "ListRetirableGrants",
  "PutKeyPolicy",
  "ReEncrypt",
  "ReplicateKey",
  "RetireGrant",
  "RevokeGrant",
  "RotateKeyOnDemand",
  "ScheduleKeyDeletion",
  "Sign",
  "TagResource",
  "UntagResource",
  "UpdateAlias",
  "UpdateCustomKeyStore",
  "UpdateKeyDescription",
  "UpdatePrimaryRegion",
  "Verify",
  "VerifyMac",
];

/** The operations issue 2 implements. */
export const IN_SCOPE = [
  "CreateKey",
  "DescribeKey",
  "ListKeys",
  "UpdateKeyDescription",
  "EnableKey",
  "DisableKey",
  "ScheduleKeyDeletion",
  "CancelKeyDeletion",
  "TagResource",
  "UntagResource",
  "ListResourceTags",
  "GetKeyPolicy",
  "PutKeyPolicy",
  "ListKeyPolicies",
  "CreateAlias",
  "UpdateAlias",
  "DeleteAlias",
  "ListAliases",
  "Encrypt",
  "Decrypt",
  "ReEncrypt",
  "GenerateDataKey",
  "GenerateDataKeyWithoutPlaintext",
  "GenerateRandom",
];

/** A small valid key policy (one Allow statement). */
export const SAMPLE_POLICY =
  '{"Version":"2012-10-17","Statement":[{"Sid":"All","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}';

/**
 * AWS's default key policy for an account ("Default key policy",
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html), laid out as
 * GetKeyPolicy returns it: the example on https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyPolicy.html.
 */
export const defaultPolicy = (account = ACCOUNT) => `{
  "Version" : "2012-10-17",
  "Id" : "key-default-1",
  "Statement" : [ {
    "Sid" : "Enable IAM User Permissions",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "arn:aws:iam::${account}:root"
    },
    "Action" : "kms:*",
    "Resource" : "*"
  } ]
}`;

/** A header value from a `handle()` response, whether headers are an object, Map or pair list. */
export function headerOf(headers, name) {
  const n = name.toLowerCase();
  if (!headers) return undefined;
  if (typeof headers.get === "function") return headers.get(name) ?? headers.get(n) ?? undefined;
  const pairs = Array.isArray(headers) ? headers : Object.entries(headers);
  const hit = pairs.find(([k]) => String(k).toLowerCase() === n);
  return hit?.[1];
}

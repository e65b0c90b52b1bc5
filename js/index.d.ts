// Hand-written declarations for the kms-wasm package's public class. The AWS request/response
// types and the per-operation methods (`KmsOperations`) are generated into ./types.d.ts, the
// AWS exception classes into ./exceptions.d.ts.
import type { KmsErrorName } from "./exceptions.js";
import type { KeySpec, KeyUsageType, KmsOperationName, KmsOperations, ResponseMetadata } from "./types.js";

export * from "./exceptions.js";
export * from "./types.js";

export interface ClockOptions {
  /** Where virtual time starts: a Date, an ISO-8601 string or epoch milliseconds. For a
   * running clock it applies only when the state is new; afterwards the saved offset rules. */
  start?: Date | string | number;
  /** The same as `start` (give one of the two). */
  now?: Date | string | number;
  /** true: time moves only through advanceClock/setClock. false (default): it runs. */
  frozen?: boolean;
}

export interface KeyManagementServiceOptions {
  /** "memory" (default). Use `file` for a Node JSON file, `indexedDb` in a browser or worker. */
  storage?: "memory" | "file" | "indexeddb";
  /** Node only: the JSON state file, written atomically before each change is acknowledged. */
  file?: string | URL;
  /**
   * Browsers and workers: the IndexedDB database holding the state. Each change is committed
   * (strict durability) before its call settles; another tab writing the same database makes
   * later saves fail rather than overwrite it.
   */
  indexedDb?: string;
  /**
   * With `file`: encrypt the state at rest (AES-256-GCM, key from this passphrase by Argon2id).
   * A wrong passphrase, or none for an encrypted file, is refused at open.
   */
  passphrase?: string;
  /**
   * With `file`: take the state file's lock whoever holds it, even a live process or one on
   * another host (which is never presumed dead). Deliberate only: two writers corrupt the file.
   */
  takeOverLock?: boolean;
  /** Default "us-east-1". */
  region?: string;
  /** Twelve digits; default "111122223333". */
  accountId?: string;
  clock?: ClockOptions;
  /** Deterministic randomness (ids, key material, nonces). For tests only, never real secrets. */
  randomSeed?: number | bigint | string;
  /** Rotation period of AWS managed keys in days: 365 (default, AWS since 2022) or e.g. 1095. */
  awsManagedKeyRotationDays?: number;
  /** A seed document (object or JSON text) applied after opening; idempotent. Tests and demos only. */
  seed?: SeedDocument | string;
}

/** A seed document: keys with fixed ids, types, material (base64) and rotation history. */
/** A seed document; schema/seed.schema.json in the package is its JSON Schema. */
export interface SeedDocument {
  /** For editors (`./node_modules/kms-wasm/schema/seed.schema.json`); read and ignored. */
  $schema?: string;
  /** Absent: no keys. */
  Keys?: SeedKey[];
}

export interface SeedKey {
  /** A lowercase UUID, or `mrk-` and 32 lowercase hex digits for a multi-Region key. */
  KeyId: string;
  /** The key's Region (`eu-west-1`); the service's own if absent. */
  Region?: string;
  /**
   * A multi-Region key's primary Region (absent: this entry's own). The document's entries with
   * the same KeyId in other Regions are its replicas: they take its material and rotation.
   */
  PrimaryRegion?: string;
  Description?: string;
  /** ISO-8601; defaults to now. */
  CreationDate?: string;
  /** Defaults to SYMMETRIC_DEFAULT; any spec but SM2, which kms-wasm does not implement. */
  KeySpec?: Exclude<KeySpec, "SM2">;
  /** Required for every KeySpec but SYMMETRIC_DEFAULT. */
  KeyUsage?: KeyUsageType;
  Origin?: "AWS_KMS" | "EXTERNAL";
  KeyState?: "Enabled" | "Disabled" | "PendingDeletion" | "PendingImport";
  /** With KeyState PendingDeletion. */
  DeletionDate?: string;
  /** A policy document, as JSON text or an object; defaults to AWS's default key policy. */
  Policy?: string | object;
  Tags?: { TagKey: string; TagValue: string }[];
  /** `alias/...` names pointing at this key. */
  Aliases?: string[];
  /**
   * Backing keys, oldest first; the last is current (only symmetric keys have more than one).
   * Absent: one generated material (a new key pair for RSA, ECC, Ed25519, ML-DSA and ML-KEM
   * keys), except for EXTERNAL keys (PendingImport) and replicas (the primary's material).
   */
  KeyMaterial?: SeedKeyMaterial[];
  Rotation?: { Enabled: boolean; RotationPeriodInDays?: number; NextRotationDate?: string };
}

export interface SeedKeyMaterial {
  /**
   * Base64: 32 bytes (symmetric), the HMAC key, or a key pair's PKCS#8 DER private key
   * (absent only for imported material that is currently deleted).
   */
  Material?: string;
  KeyMaterialId?: string;
  /** When it became current (ISO-8601); the first defaults to the key's creation date. */
  Date?: string;
  /** For rotated-in material. */
  RotationType?: "AUTOMATIC" | "ON_DEMAND";
  /** Imported material only. */
  ExpirationModel?: "KEY_MATERIAL_EXPIRES" | "KEY_MATERIAL_DOES_NOT_EXPIRE";
  ValidTo?: string;
}

/** An opaque in-memory copy of a service's whole state, from `snapshot()`. */
export interface KmsSnapshot {
  readonly __kmsSnapshot: unique symbol;
}

export interface AuditFilter {
  /** Key id, key ARN or alias name: events whose resources include that key. */
  keyId?: string;
  eventName?: string;
  /** Only events with an errorCode. */
  failedOnly?: boolean;
  /** Only events that raised the pending-deletion alarm. */
  alarmsOnly?: boolean;
  /** Only events in this Region (`awsRegion`); every Region's otherwise. */
  region?: string;
  /** Only events in this account (`recipientAccountId`). */
  account?: string;
}

/** A CloudTrail-shaped event. Never holds plaintext, data keys or key material. */
export interface AuditEvent {
  eventVersion: string;
  eventTime: string;
  eventSource: "kms.amazonaws.com";
  eventName: string;
  awsRegion: string;
  eventID: string;
  eventType: string;
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
  /** The key material a successful symmetric Encrypt, Decrypt, ReEncrypt or GenerateDataKey* used. */
  additionalEventData?: { keyMaterialId?: string; sourceKeyMaterialId?: string; destinationKeyMaterialId?: string };
  errorCode?: string;
  errorMessage?: string;
  resources?: { accountId: string; type: string; ARN: string }[];
  /** Present when the call tried to use a key pending deletion. */
  alarm?: { name: string; reason: string };
  [field: string]: unknown;
}

/** What `handle()` resolves to: an AWS JSON 1.1 HTTP response. */
export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface Caller {
  sourceIp?: string;
  userAgent?: string;
  /** The IAM principal ARN the call is made as (key policies judge it); the account's root user if absent. */
  principal?: string;
  /** The AWS service the principal calls through (`s3.us-east-1.amazonaws.com`): condition key kms:ViaService. */
  viaService?: string;
  /** An AWS service principal calling on its own (`logs.amazonaws.com`), instead of `principal`. */
  service?: string;
  /** The resource a service principal acts for: aws:SourceArn, and grants' SourceArn constraint. */
  sourceArn?: string;
  /** That resource's account: aws:SourceAccount. */
  sourceAccount?: string;
  /** The Region the call goes to (its keys, aliases, audit trail); the service's own if absent. */
  region?: string;
}

/**
 * `kms.as(principalArn)`, `kms.asService(name)`, `kms.inRegion(region)`: every operation, and
 * `handle()`, called as one caller in one Region.
 */
export interface PrincipalView extends KmsOperations {
  /** The IAM principal ARN, or the service principal's name (undefined: the account's root user). */
  readonly principal: string | undefined;
  readonly caller: Readonly<Caller>;
  /** The same caller in another Region. */
  inRegion(region: string): PrincipalView;
  /** This view's Region, as the IAM principal `principalArn`. */
  as(principalArn: string, options?: { viaService?: string }): PrincipalView;
  /** The audit log of this view's Region (every Region's if it names none). */
  auditLog(filter?: AuditFilter): Promise<AuditEvent[]>;
  handle(
    target: string,
    body?: string | Uint8Array | ArrayBuffer,
    caller?: Omit<Caller, "principal">,
  ): Promise<WireResponse>;
}

export interface RequestHandlerOptions {
  /** Access key id → IAM principal ARN: an SDK client signing with that key calls as that principal. */
  principals?: Record<string, string>;
}

/** A smithy HttpHandler: pass it as `requestHandler` to `new KMSClient({...})`. */
export interface KmsRequestHandler {
  readonly metadata: { handlerProtocol: string };
  handle(
    request: { headers?: Record<string, string>; body?: unknown; [field: string]: unknown },
    options?: { abortSignal?: { aborted: boolean; reason?: unknown } },
  ): Promise<{ response: { statusCode: number; reason?: string; headers: Record<string, string>; body: Uint8Array } }>;
  updateHttpClientConfig(key: string, value: unknown): void;
  httpHandlerConfigs(): Record<string, unknown>;
  destroy(): void;
}

/**
 * What every AWS exception thrown by the class looks like (as the AWS SDK throws them); each is
 * an instance of its class in ./exceptions.d.ts (`e instanceof NotFoundException`).
 */
export interface KmsServiceError extends Error {
  name: KmsErrorName;
  $fault: "client" | "server";
  $metadata: ResponseMetadata;
}

/** The state file could not be read or written (`name` is "KmsStorageError"). */
export interface KmsStorageError extends Error {
  name: "KmsStorageError";
  /** The state file, or `indexeddb:<name>`. */
  path: string;
}

/** `importState` was given something that is not a state this version can load. */
export interface KmsStateError extends Error {
  name: "KmsStateError";
}

/** The wrapping algorithms `wrapKeyMaterial` implements (all of AWS's RSA ones). */
export type WrapKeyMaterialAlgorithm =
  | "RSAES_OAEP_SHA_256"
  | "RSAES_OAEP_SHA_1"
  | "RSA_AES_KEY_WRAP_SHA_256"
  | "RSA_AES_KEY_WRAP_SHA_1";

export interface WrapKeyMaterialInput {
  /** The DER SubjectPublicKeyInfo from GetParametersForImport (or any RSA public key). */
  PublicKey: Uint8Array | ArrayBuffer | ArrayBufferView;
  /** The plaintext key material: 32 bytes for a symmetric key. */
  KeyMaterial: Uint8Array | ArrayBuffer | ArrayBufferView;
  /** The algorithm the import parameters were requested with. */
  WrappingAlgorithm: WrapKeyMaterialAlgorithm;
}

/**
 * Wraps key material for ImportKeyMaterial exactly as the openssl commands of AWS's import
 * guide do, returning the EncryptedKeyMaterial. Bad input throws a ValidationException (the
 * material never appears in it).
 */
export declare function wrapKeyMaterial(input: WrapKeyMaterialInput): Uint8Array;

/**
 * ML-KEM encapsulation to a public key without any KMS key: the peer's side of an exchange
 * whose other side is the KMS key's Decapsulate. `PublicKey` is GetPublicKey's DER
 * SubjectPublicKeyInfo of an ML_KEM_512/768/1024 key; `SharedSecret` is 32 bytes. A key that is
 * not of `keySpec` throws a ValidationException. Needs the extras module (in browsers, `await
 * loadExtras()` first).
 */
export declare function encapsulateToPublicKey(
  keySpec: "ML_KEM_512" | "ML_KEM_768" | "ML_KEM_1024",
  publicKey: Uint8Array,
): { SharedSecret: Uint8Array; SharedSecretCiphertextBlob: Uint8Array };

/**
 * Resolves once the extras module (all RSA, Argon2id) is loaded. In Node it loads synchronously
 * on first use, so this resolves at once; in browsers, `wrapKeyMaterial` throws until it has
 * resolved (GetParametersForImport and ImportKeyMaterial load it themselves).
 */
export declare function loadExtras(): Promise<void>;

export interface KeyManagementService extends KmsOperations {}

export declare class KeyManagementService {
  private constructor();
  /** Opens a service; in Node `{ file }` keeps state in a JSON file. */
  static open(options?: KeyManagementServiceOptions): Promise<KeyManagementService>;
  /** Every AWS KMS operation name; each has a lowerCamelCase method. */
  static readonly operations: readonly KmsOperationName[];
  /** The operations this build implements; the others reject with UnsupportedOperationException. */
  static readonly implementedOperations: readonly KmsOperationName[];
  /** "memory", the absolute path of the state file, or "indexeddb:<name>". */
  readonly storage: string;
  /** The raw AWS JSON 1.1 entry point (`target` = X-Amz-Target, e.g. "TrentService.CreateKey"). */
  handle(target: string, body?: string | Uint8Array | ArrayBuffer, caller?: Caller): Promise<WireResponse>;
  /** An in-process request handler for `@aws-sdk/client-kms` (no socket). */
  requestHandler(options?: RequestHandlerOptions): KmsRequestHandler;
  /**
   * The service as the IAM principal `principalArn` (e.g. "arn:aws:iam::111122223333:user/alice"),
   * optionally calling through an AWS service (`{ viaService: "s3.us-east-1.amazonaws.com" }`).
   */
  as(principalArn: string, options?: { viaService?: string }): PrincipalView;
  /**
   * The service as an AWS service principal (`logs.amazonaws.com`) acting for `sourceArn`:
   * key policy `{"Service": …}` statements and GranteeServicePrincipal grants allow it.
   */
  asService(servicePrincipal: string, options?: { sourceArn?: string; sourceAccount?: string }): PrincipalView;
  /**
   * The service in another Region (`"eu-west-1"`): there it has its own keys, aliases and audit
   * trail, as AWS KMS does; the virtual clock is the same everywhere.
   */
  inRegion(region: string): PrincipalView;
  /**
   * Makes RSA wrapping keys ahead of time (`{ RSA_4096: 2 }`), so GetParametersForImport calls
   * answer at once; resolves when that many keys of each size are ready.
   */
  prepareWrappingKeys(counts: Partial<Record<"RSA_2048" | "RSA_3072" | "RSA_4096", number>>): Promise<void>;
  /** Virtual now. */
  now(): Date;
  /** Moves virtual time by `seconds` (negative goes back); resolves to the new now. */
  advanceClock(seconds: number): Promise<Date>;
  /** Sets virtual now (Date, ISO-8601 string or epoch milliseconds); resolves to the new now. */
  setClock(date: Date | string | number): Promise<Date>;
  /** Audit events of every Region (or `filter.region`'s), oldest first. */
  auditLog(filter?: AuditFilter): Promise<AuditEvent[]>;
  /** Calls `listener` with each alarm event; returns a function that unsubscribes it. */
  onAlarm(listener: (event: AuditEvent) => void): () => void;
  /** Forgets every key, alias and event, and the clock offset. */
  reset(): Promise<void>;
  /** Applies a seed document (idempotent); resolves to the number of keys it declares. */
  applySeed(doc: SeedDocument | string): Promise<number>;
  /**
   * Takes keys of this account out at once (key ids, looked up in `region` or this service's own,
   * or key ARNs), with their aliases and import tokens; no audit event, the keys' past events stay.
   * AWS only schedules a deletion: this is for tests and lessons. Resolves to how many keys went.
   */
  removeKeys(keyIds: string[], options?: { region?: string }): Promise<number>;
  /** The customer managed keys, with material, rotation history and aliases, as a seed document. */
  exportSeed(): Promise<SeedDocument>;
  /** The whole state (keys, aliases, clock, audit log) as an opaque in-memory value. */
  snapshot(): KmsSnapshot;
  /** Returns the whole state to a snapshot (saved by the store like any change). */
  restore(snapshot: KmsSnapshot): Promise<void>;
  /**
   * The whole state as JSON text, `{"schemaVersion": N, "state": {...}}` (the format every
   * store saves). It holds key material: treat it as a secret.
   */
  exportState(): Promise<string>;
  /** Replaces the whole state with an exported one; rejects with KmsStateError, changing nothing, if it cannot be loaded. */
  importState(state: string | object): Promise<void>;
  /** Saves anything pending and releases the instance; later calls throw. */
  close(): Promise<void>;
}

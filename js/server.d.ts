// Types of the "kms-wasm/server" entry (./server.js): `startServer`, the `kms-wasm serve`
// endpoint started from JS. Node only.
import type { KeyManagementService, SeedDocument } from "./index.js";

/** A credential the endpoint verifies SigV4 signatures against. */
export interface ServerCredential {
  accessKeyId: string;
  secretAccessKey: string;
  /** An IAM principal ARN the key's requests are made as; absent: the account's root user. */
  principal?: string;
}

/** `kms-wasm serve`'s options in camelCase; all optional. */
export interface ServerOptions {
  /** 4599 by default; 0 picks a free port (read it from the result). */
  port?: number | string;
  /** Address to bind: "127.0.0.1" by default; another one is listed in `warnings`. */
  host?: string;
  /** `"AKID:SECRET[:principalArn]"` strings or objects; without any, any signature is accepted. */
  credentials?: string | ServerCredential | (string | ServerCredential)[];
  /** A state file (default: memory only). */
  data?: string;
  /** Encrypts the `data` file at rest (Argon2id + AES-256-GCM). */
  passphrase?: string;
  takeOverLock?: boolean;
  /** A seed document (or its JSON text) applied at start; tests and demos only. */
  seed?: SeedDocument | string;
  region?: string;
  accountId?: string;
  /** Also answer web pages from these origins ("*" for any). */
  allowOrigin?: string | string[];
  /** Also answer requests whose Host header names these hosts ("*" turns the check off). */
  allowHost?: string | string[];
  /** Wrapping keys to make after start: `"RSA_2048,RSA_4096"`, a list of specs, or `{ RSA_2048: 2 }`. */
  prepareWrappingKeys?: string | string[] | Partial<Record<"RSA_2048" | "RSA_3072" | "RSA_4096", number>>;
  /** An open service to serve instead of opening one (then data, seed, region and accountId are its own). */
  kms?: KeyManagementService;
}

export interface RunningServer {
  /** `http://127.0.0.1:<port>`: the endpoint for the SDKs and the CLI, and the console. */
  url: string;
  port: number;
  host: string;
  /** The service behind the endpoint: calls here and over HTTP see the same keys. */
  kms: KeyManagementService;
  /** The access key ids whose signatures are verified (empty without `credentials`). */
  accessKeyIds: string[];
  /** What `kms-wasm serve` would print as warnings (a non-loopback host, "*" origins…). */
  warnings: string[];
  /** Settles when the wrapping keys of `prepareWrappingKeys` are made. */
  wrappingKeysReady: Promise<void>;
  /** Stops listening and closes the service it opened (not one passed as `kms`). Idempotent. */
  close(): Promise<void>;
}

/** A bad option: `option` names it, `detail` says what is wrong. */
export class ServerOptionError extends TypeError {
  readonly option: string;
  readonly detail: string;
}

/** Starts the endpoint; resolves once it listens (GET /_kms/health answers from then on). */
export function startServer(options?: ServerOptions): Promise<RunningServer>;

// `startServer(options)`, the package's "kms-wasm/server" entry: the `kms-wasm serve` endpoint
// started from JS (a Vitest/Jest globalSetup, a script), with the CLI's options in camelCase.
// Resolves once the service is open and listening; wrapping keys asked for are made afterwards.
// Depends on node:http, the Node entry (./node.js) and ./server/ (routes, signatures, guard).
import { createServer } from "node:http";
import { KeyManagementService } from "./node.js";
import { exposureWarning, signatureCheck } from "./server/auth.js";
import { accessGuard, guardWarnings, normaliseOrigin } from "./server/guard.js";
import { requestListener } from "./server/http.js";
import { packageVersion, wrappingKeyPlan } from "./server/options.js";

/** A bad option: `option` is its name (the CLI says it as --kebab-case), `message` says why. */
export class ServerOptionError extends TypeError {
  constructor(option, detail) {
    super(`${option} ${detail}`);
    this.name = "ServerOptionError";
    this.option = option;
    this.detail = detail;
  }
}

const fail = (option, detail) => {
  throw new ServerOptionError(option, detail);
};

function checkPort(port) {
  const n = typeof port === "string" && port.trim() !== "" ? Number(port) : port;
  if (!Number.isInteger(n) || n < 0 || n > 65535) fail("port", `must be an integer from 0 to 65535, got ${port}`);
  return n;
}

const list = (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Credentials as the CLI writes them (`AKID:SECRET[:principal]`) or as objects. */
function credentialSpecs(credentials) {
  return list(credentials).map((c) =>
    typeof c === "string"
      ? c
      : [c?.accessKeyId, c?.secretAccessKey, ...(c?.principal ? [c.principal] : [])].map((x) => x ?? "").join(":"),
  );
}

/** Everything checked before anything is opened or bound: a bad option changes nothing. */
function settings(options) {
  const o = options ?? {};
  const port = checkPort(o.port ?? 4599);
  const host = o.host ?? "127.0.0.1";
  if (typeof host !== "string" || host === "") fail("host", `must be an address, got ${host}`);
  let auth;
  try {
    auth = signatureCheck(credentialSpecs(o.credentials));
  } catch (e) {
    fail("credentials", e.message);
  }
  let allowOrigins;
  try {
    allowOrigins = list(o.allowOrigin).map(normaliseOrigin);
  } catch (e) {
    fail("allowOrigin", e.message);
  }
  const allowHosts = list(o.allowHost);
  for (const h of allowHosts)
    if (typeof h !== "string" || h === "" || /[\s/@]/.test(h))
      fail("allowHost", `"${h}" is not a host name (write it as name or name:port)`);
  if (o.passphrase !== undefined && !o.data) fail("passphrase", "encrypts the state file: it needs data");
  if (o.takeOverLock && !o.data) fail("takeOverLock", "takes the state file's lock: it needs data");
  if (o.kms !== undefined && (o.data || o.seed !== undefined || o.region || o.accountId))
    fail("kms", "is an open service: data, seed, region and accountId are its own");
  let wrappingKeys;
  try {
    wrappingKeys = wrappingKeyPlan(o.prepareWrappingKeys);
  } catch (e) {
    fail("prepareWrappingKeys", e.message);
  }
  return { ...o, port, host, auth, allowOrigins, allowHosts, wrappingKeys };
}

const openService = (s) =>
  KeyManagementService.open({
    ...(s.data ? { file: s.data } : { storage: "memory" }),
    ...(s.passphrase !== undefined ? { passphrase: s.passphrase } : {}),
    ...(s.takeOverLock ? { takeOverLock: true } : {}),
    ...(s.seed !== undefined ? { seed: s.seed } : {}),
    ...(s.region ? { region: s.region } : {}),
    ...(s.accountId ? { accountId: s.accountId } : {}),
  });

/**
 * Starts the endpoint. Options (all optional): `port` (4599; 0 for a free one), `host`
 * ("127.0.0.1"), `credentials` (["AKID:SECRET[:principalArn]"] or
 * [{ accessKeyId, secretAccessKey, principal }]), `data` (a state file), `passphrase`,
 * `takeOverLock`, `seed` (a seed document or its JSON text), `region`, `accountId`,
 * `allowOrigin`, `allowHost` (lists), `prepareWrappingKeys` ({ RSA_2048: 1 } or
 * ["RSA_2048", "RSA_4096"]), or `kms`: an open KeyManagementService to serve (left open by
 * `close()`). Resolves to `{ url, port, host, kms, warnings, wrappingKeysReady, close() }`.
 */
export async function startServer(options) {
  const s = settings(options);
  const kms = s.kms ?? (await openService(s));
  const health = { status: "ok", version: packageVersion() };
  if (s.wrappingKeys) health.wrappingKeys = "preparing";
  const guard = accessGuard({ bindHost: s.host, allowOrigins: s.allowOrigins, allowHosts: s.allowHosts });
  const server = createServer(requestListener(kms, { auth: s.auth, guard, health: () => health }));
  try {
    await new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(s.port, s.host, resolve);
    });
  } catch (e) {
    if (!s.kms) await kms.close().catch(() => {});
    throw e;
  }
  // Made after listening, so readiness does not wait for them; /_kms/health says when they are.
  const wrappingKeysReady = s.wrappingKeys
    ? kms.prepareWrappingKeys(s.wrappingKeys).then(
        () => {
          health.wrappingKeys = "ready";
        },
        (e) => {
          health.wrappingKeys = `failed: ${e.message}`;
        },
      )
    : Promise.resolve();
  const { port } = server.address();
  const host = s.host.includes(":") ? `[${s.host}]` : s.host;
  const warnings = [exposureWarning(s.host, Boolean(s.auth)), ...guardWarnings(s.allowOrigins, s.allowHosts)];
  let closed;
  const close = () =>
    (closed ??= new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }).then(async () => {
      // Closing ends the key-making workers: keys still being made are abandoned, not awaited.
      if (!s.kms) await kms.close();
    }));
  return {
    url: `http://${host}:${port}`,
    port,
    host: s.host,
    kms,
    accessKeyIds: s.auth?.accessKeyIds ?? [],
    warnings: warnings.filter(Boolean),
    wrappingKeysReady,
    close,
  };
}

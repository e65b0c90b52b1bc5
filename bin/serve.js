// `kms-wasm serve`: the emulator as a local HTTP endpoint (node:http, no framework): its options
// and usage text (also the program's top-level help), opening the service, listening, and a clean
// stop on SIGINT/SIGTERM. Requests are answered by ./http.js; signatures are checked by ./auth.js.
// Which hosts and origins are answered: ./guard.js.
// Depends on node:http, node:util, ./http.js, ./auth.js, ./guard.js, ./seed.js and the package's Node entry.
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { KeyManagementService } from "../js/node.js";
import { exposureWarning, signatureCheck } from "./auth.js";
import { accessGuard, guardWarnings, normaliseOrigin } from "./guard.js";
import { requestListener } from "./http.js";
import { readSeedFile } from "./seed.js";

const HELP = `Usage: kms-wasm serve [options]
       kms-wasm wrap --public-key <file> --material <file> --algorithm <alg> --out <file>
                     (wraps key material for ImportKeyMaterial; see kms-wasm wrap --help)
       kms-wasm seed export --data <file> [--out <file>]
                     (a file store's keys as a seed document; see kms-wasm seed --help)

Serves an emulated AWS KMS (AWS JSON 1.1) and the kms-wasm console over HTTP.

Options:
  --port <n>         port to listen on (default 4599; 0 picks a free port)
  --host <addr>      address to bind (default 127.0.0.1; another address prints a warning)
  --credentials <ACCESS_KEY:SECRET[:principal]>
                     verify every request's SigV4 signature against these credentials
                     (repeatable); without it any credentials are accepted. A principal
                     that is an IAM ARN is who that key calls as (key policies judge it)
  --data <file>      keep state in this JSON file (default: in memory only)
  --passphrase-env <VAR>
                     encrypt the --data file at rest with the passphrase in this
                     environment variable (Argon2id + AES-256-GCM)
  --take-over-lock   take the --data file's lock even if another process holds it, e.g.
                     one on another host, which is never presumed dead (deliberately only)
  --seed <file>      apply this seed document (JSON) at start; idempotent (tests and demos only)
  --allow-origin <origin>
                     also answer web pages from this origin (scheme://host[:port];
                     repeatable; "*" for any page, with a warning). Without it, requests
                     with an Origin header are answered only from the server's own console
  --allow-host <name>
                     also answer requests whose Host header names this host (repeatable;
                     "*" turns the check off, with a warning). By default: loopback names
                     and addresses and the --host address (a guard against DNS rebinding)
  --region <name>    AWS Region the service answers for (default us-east-1)
  --account-id <id>  12-digit account id (default 111122223333)
  -h, --help         show this help

Routes:
  POST /             AWS JSON 1.1: X-Amz-Target: TrentService.<Operation>
  GET  /_kms/clock   {"now": ISO}
  POST /_kms/clock   {"advanceSeconds": n} or {"now": ISO}  ->  {"now": ISO}
  POST /_kms/reset   forget every key, alias and event
                     (POST /_kms/* need Content-Type: application/json)
  GET  /_kms/audit   {"events": [...]}  (?keyId=&eventName=&failedOnly=true&alarmsOnly=true&region=&account=)
  GET  /             the console (www/)

Example:
  kms-wasm serve --port 4599 --data ./kms-data.json
  aws kms create-key --endpoint-url http://127.0.0.1:4599 --region us-east-1
`;

/** A usage error: the message and the usage text on stderr, exit code 2. */
function fail(message) {
  process.stderr.write(`kms-wasm: ${message}\n\n${HELP}`);
  process.exit(2);
}

/** The command line → the server's settings; exits on --help (0) and on usage errors (2). */
function parse(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        port: { type: "string", default: "4599" },
        host: { type: "string", default: "127.0.0.1" },
        credentials: { type: "string", multiple: true },
        "allow-origin": { type: "string", multiple: true },
        "allow-host": { type: "string", multiple: true },
        data: { type: "string" },
        "passphrase-env": { type: "string" },
        "take-over-lock": { type: "boolean" },
        seed: { type: "string" },
        region: { type: "string" },
        "account-id": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    fail(e.message);
  }
  const { values, positionals } = parsed;
  if (values.help || positionals[0] === "help") {
    process.stdout.write(HELP);
    process.exit(0);
  }
  if (positionals.length !== 1 || positionals[0] !== "serve")
    fail(positionals.length ? `unknown command "${positionals.join(" ")}"` : "missing command");
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`invalid --port ${values.port}`);
  let auth;
  try {
    auth = signatureCheck(values.credentials);
  } catch (e) {
    fail(`--credentials ${e.message}`);
  }
  let allowOrigins;
  try {
    allowOrigins = (values["allow-origin"] ?? []).map(normaliseOrigin);
  } catch (e) {
    fail(`--allow-origin ${e.message}`);
  }
  const allowHosts = values["allow-host"] ?? [];
  for (const h of allowHosts)
    if (h === "" || /[\s/@]/.test(h)) fail(`--allow-host "${h}" is not a host name (write it as name or name:port)`);
  let passphrase;
  if (values["passphrase-env"] !== undefined) {
    const name = values["passphrase-env"];
    passphrase = process.env[name];
    if (!passphrase) fail(`--passphrase-env: the environment variable ${name} is not set or empty`);
    // A usage error here, in the CLI's words, before KeyManagementService.open would refuse it.
    if (!values.data) fail("--passphrase-env encrypts the state file: it needs --data");
  }
  if (values["take-over-lock"] && !values.data) fail("--take-over-lock takes the state file's lock: it needs --data");
  return {
    port,
    host: values.host,
    auth,
    allowOrigins,
    allowHosts,
    passphrase,
    takeOverLock: Boolean(values["take-over-lock"]),
    data: values.data,
    seed: values.seed,
    region: values.region,
    accountId: values["account-id"],
  };
}

/** Runs `kms-wasm [serve] <argv>` until SIGINT or SIGTERM. */
export async function runServe(argv) {
  const opts = parse(argv);
  let kms;
  try {
    kms = await KeyManagementService.open({
      ...(opts.data ? { file: opts.data } : { storage: "memory" }),
      ...(opts.passphrase ? { passphrase: opts.passphrase } : {}),
      ...(opts.takeOverLock ? { takeOverLock: true } : {}),
      ...(opts.seed ? { seed: await readSeedFile(opts.seed) } : {}),
      ...(opts.region ? { region: opts.region } : {}),
      ...(opts.accountId ? { accountId: opts.accountId } : {}),
    });
  } catch (e) {
    process.stderr.write(`kms-wasm: ${e.name}: ${e.message}\n`);
    process.exit(1);
  }
  kms.onAlarm((e) => {
    const arn = e.resources?.[0]?.ARN ?? "?";
    process.stderr.write(`kms-wasm alarm: ${e.eventName} used ${arn}, which is pending deletion\n`);
  });

  const guard = accessGuard({ bindHost: opts.host, allowOrigins: opts.allowOrigins, allowHosts: opts.allowHosts });
  const server = createServer(requestListener(kms, { auth: opts.auth, guard }));
  server.on("error", (e) => {
    process.stderr.write(`kms-wasm: cannot listen on ${opts.host}:${opts.port}: ${e.message}\n`);
    process.exit(1);
  });
  server.listen(opts.port, opts.host, () => {
    const { port } = server.address();
    const host = opts.host.includes(":") ? `[${opts.host}]` : opts.host;
    process.stdout.write(`kms-wasm listening on http://${host}:${port}\n`);
    process.stdout.write(`kms-wasm state: ${kms.storage}\n`);
    if (opts.auth)
      process.stdout.write(`kms-wasm SigV4 verified for access keys: ${opts.auth.accessKeyIds.join(", ")}\n`);
    const warning = exposureWarning(opts.host, Boolean(opts.auth));
    if (warning) process.stderr.write(`${warning}\n`);
    for (const w of guardWarnings(opts.allowOrigins, opts.allowHosts)) process.stderr.write(`${w}\n`);
  });

  let stopping = false;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    server.close(async () => {
      try {
        await kms.close();
      } catch (e) {
        process.stderr.write(`kms-wasm: ${e.name}: ${e.message}\n`);
        process.exit(1);
      }
      process.stdout.write(`kms-wasm stopped (${signal})\n`);
      process.exit(0);
    });
    server.closeAllConnections();
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

// `kms-wasm serve`: the emulator as a local HTTP endpoint: its options and usage text (also
// the program's top-level help and --version), then `startServer` (../js/server.js, shared
// with `import { startServer } from "kms-wasm/server"`), the lines it prints, and a clean stop
// on SIGINT/SIGTERM. Depends on node:util, ./command.js, ./seed.js and ../js/server.js.
import { parseArgs } from "node:util";
import { packageVersion } from "../js/server/options.js";
import { ServerOptionError, startServer } from "../js/server.js";
import { parseMessage, usageFailure } from "./command.js";
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
  --prepare-wrapping-keys <specs>
                     make RSA wrapping keys for GetParametersForImport at start, e.g.
                     RSA_2048,RSA_4096 (a spec named twice: two keys); the server answers
                     at once, GET /_kms/health says when they are ready
  --version          print the version
  -h, --help         show this help

Routes:
  POST /             AWS JSON 1.1: X-Amz-Target: TrentService.<Operation>
  GET  /_kms/health  {"status": "ok", "version": ...}, unsigned (for readiness probes)
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

/** A usage error: one line on stderr and where the help is, exit code 2. */
function fail(message) {
  process.stderr.write(usageFailure("kms-wasm", message, "kms-wasm --help"));
  process.exit(2);
}

const kebab = (name) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The command line → startServer's options; exits on --help, --version (0) and usage errors (2). */
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
        "prepare-wrapping-keys": { type: "string" },
        version: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    fail(parseMessage(e));
  }
  const { values, positionals } = parsed;
  if (values.help || positionals[0] === "help") {
    process.stdout.write(HELP);
    process.exit(0);
  }
  if (values.version) {
    process.stdout.write(`kms-wasm ${packageVersion()}\n`);
    process.exit(0);
  }
  if (positionals.length !== 1 || positionals[0] !== "serve")
    fail(positionals.length ? `unknown command "${positionals.join(" ")}"` : "missing command");
  let passphrase;
  if (values["passphrase-env"] !== undefined) {
    const name = values["passphrase-env"];
    passphrase = process.env[name];
    if (!passphrase) fail(`--passphrase-env: the environment variable ${name} is not set or empty`);
    if (!values.data) fail("--passphrase-env encrypts the state file: it needs --data");
  }
  if (values["take-over-lock"] && !values.data) fail("--take-over-lock takes the state file's lock: it needs --data");
  return {
    port: values.port,
    host: values.host,
    credentials: values.credentials,
    allowOrigin: values["allow-origin"],
    allowHost: values["allow-host"],
    data: values.data,
    passphrase,
    takeOverLock: Boolean(values["take-over-lock"]),
    seedFile: values.seed,
    region: values.region,
    accountId: values["account-id"],
    prepareWrappingKeys: values["prepare-wrapping-keys"],
  };
}

/** Runs `kms-wasm [serve] <argv>` until SIGINT or SIGTERM. */
export async function runServe(argv) {
  const { seedFile, ...options } = parse(argv);
  let server;
  try {
    if (seedFile) options.seed = await readSeedFile(seedFile);
    server = await startServer(options);
  } catch (e) {
    if (e instanceof ServerOptionError) fail(`--${kebab(e.option)} ${e.detail}`);
    if (e.code === "EADDRINUSE" || e.syscall === "listen")
      process.stderr.write(`kms-wasm: cannot listen on ${options.host}:${options.port}: ${e.message}\n`);
    else process.stderr.write(`kms-wasm: ${e.name}: ${e.message}\n`);
    process.exit(1);
  }
  server.kms.onAlarm((e) => {
    const arn = e.resources?.[0]?.ARN ?? "?";
    process.stderr.write(`kms-wasm alarm: ${e.eventName} used ${arn}, which is pending deletion\n`);
  });
  // Before the line that says it is ready: a caller may stop it as soon as it reads that line, and
  // a SIGTERM arriving before its handler exists would end the process with the lock still held.
  let stopping = false;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => {
        process.stdout.write(`kms-wasm stopped (${signal})\n`);
        process.exit(0);
      },
      (e) => {
        process.stderr.write(`kms-wasm: ${e.name}: ${e.message}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.stdout.write(`kms-wasm listening on ${server.url}\n`);
  process.stdout.write(`kms-wasm state: ${server.kms.storage}\n`);
  if (server.accessKeyIds.length)
    process.stdout.write(`kms-wasm SigV4 verified for access keys: ${server.accessKeyIds.join(", ")}\n`);
  for (const w of server.warnings) process.stderr.write(`${w}\n`);
  server.wrappingKeysReady.then(() => {
    if (options.prepareWrappingKeys)
      process.stdout.write(`kms-wasm wrapping keys ready: ${options.prepareWrappingKeys}\n`);
  });
}

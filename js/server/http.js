// The request handler of `kms-wasm serve`: AWS JSON 1.1 on `POST /`, the emulator routes under
// /_kms/ (clock, reset, audit, health), static files (www/ at `/`, plus the package's js/ and pkg/ so the
// console can import the package itself), the request-body limit, and who is answered at all
// (Host, Origin, CORS and the admin routes' content type: ./guard.js).
// Each request goes to the Region its SigV4 credential scope names. Depends on node:fs,
// node:path, node:url, ./guard.js, ../kms.js (HANDLE_NOW, the service's synchronous path)
// and ../request-handler.js (the scope's Region).
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseIsoTime } from "../convert.js";
import { HANDLE_NOW } from "../kms.js";
import { badRegion, regionOf } from "../request-handler.js";
import { isJsonRequest } from "./guard.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".ts": "text/plain; charset=utf-8",
};

/** URL prefix → folder in the package. Only these are served. */
const STATIC = [
  ["/js/", join(ROOT, "js")],
  ["/pkg/", join(ROOT, "pkg")],
  // The console imports ../js/web.js: from / and from /www/ (as under a static server run at
  // the repository root) that resolves to /js/web.js either way.
  ["/www/", join(ROOT, "www")],
  ["/", join(ROOT, "www")],
];

/** The CORS headers of an allowed request with an Origin (set per server by `requestListener`). */
const CORS = Symbol("kms-wasm.cors");

function send(res, status, body, headers = {}) {
  // A string body goes out in the same write as the headers; a Buffer would be a second one.
  headers["content-length"] = typeof body === "string" ? Buffer.byteLength(body) : body.length;
  // CORS headers only for browsers, which send Origin on every cross-origin request: the SDKs
  // and the CLI do not, and every header costs the hot path its validation. Only requests the
  // guard let through get here, so the origin is an allowed one.
  if (res.req?.headers.origin !== undefined) Object.assign(headers, res[CORS]?.(res.req));
  res.writeHead(status, headers);
  res.end(body);
}

const sendJson = (res, status, value) =>
  send(res, status, JSON.stringify(value), { "content-type": "application/json" });
const sendError = (res, status, type, message) => sendJson(res, status, { __type: type, message });

/** KMS requests are small (a 4 KiB plaintext, a 32 KiB policy); anything past this is refused. */
const MAX_BODY = 1024 * 1024;

class BodyTooLarge extends Error {}

/**
 * Reads the whole request body, then calls `done(bytes)` or `failed(error)`: events, not `for
 * await` or a promise, which cost a small request more than the rest of its JS.
 */
function readRequestBody(req, done, failed) {
  const chunks = [];
  let size = 0;
  let over = false; // refused: later events change nothing
  req.on("data", (c) => {
    size += c.length;
    if (size <= MAX_BODY) return void chunks.push(c);
    over = true;
    req.removeAllListeners("data");
    req.resume();
    failed(new BodyTooLarge());
  });
  req.on("end", () => {
    if (!over) done(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
  });
  req.on("error", (e) => {
    if (!over) failed(e);
  });
}

const bodyOf = (req) => new Promise((resolve, reject) => readRequestBody(req, resolve, reject));

/**
 * One AWS JSON 1.1 request (`body` already read when the signature was checked). A call that
 * need not wait is answered in the turn its body arrives, with no promise; others go through
 * `handle()`. Errors go to `failed`.
 */
function awsRequest(kms, req, res, failed, body, principal) {
  if (body === undefined) return readRequestBody(req, (b) => awsRequest(kms, req, res, failed, b), failed);
  try {
    const target = req.headers["x-amz-target"];
    const sourceIp = req.socket.remoteAddress ?? "127.0.0.1";
    const userAgent = req.headers["user-agent"] ?? "";
    // The Region the client signed for: each has its own keys, as AWS's endpoints do.
    const region = regionOf(req.headers.authorization);
    const refused = badRegion(region);
    if (refused !== undefined) return send(res, refused.status, refused.body, refused.headers);
    const caller = { sourceIp, userAgent, principal, region };
    const now = kms[HANDLE_NOW](target, body, caller);
    if (now !== undefined) return send(res, now.status, now.body, now.headers);
    kms
      .handle(target, body, caller)
      .then((r) => send(res, r.status, r.body, r.headers))
      .catch(failed);
  } catch (e) {
    failed(e);
  }
}

async function serveStatic(req, res, pathname) {
  for (const [prefix, dir] of STATIC) {
    if (!pathname.startsWith(prefix)) continue;
    let rel = decodeURIComponent(pathname.slice(prefix.length));
    if (rel === "" || rel.endsWith("/")) rel += "index.html";
    const file = normalize(join(dir, rel));
    if (!file.startsWith(dir + sep)) break; // path traversal
    try {
      const body = await readFile(file);
      const type = MIME[extname(file)] ?? "application/octet-stream";
      return send(res, 200, req.method === "HEAD" ? Buffer.alloc(0) : body, {
        "content-type": type,
        "cache-control": "no-cache",
      });
    } catch {
      break;
    }
  }
  send(res, 404, "Not found\n", { "content-type": "text/plain; charset=utf-8" });
}

async function emulatorRoute(kms, req, res, url, body) {
  const route = url.pathname;
  if (route === "/_kms/clock" && req.method === "GET") return sendJson(res, 200, { now: kms.now().toISOString() });
  if (req.method === "POST" && !isJsonRequest(req))
    return sendError(
      res,
      415,
      "UnsupportedMediaTypeException",
      `POST ${route} needs Content-Type: application/json (web pages cannot send that without this server's permission)`,
    );
  if (route === "/_kms/clock" && req.method === "POST") {
    // `body` is already read when the signature was checked (--credentials): the stream is spent.
    let input;
    try {
      const text = (body ?? (await bodyOf(req))).toString("utf8");
      input = text.trim() === "" ? {} : JSON.parse(text);
    } catch {
      return sendError(res, 400, "SerializationException", "The request body is not valid JSON");
    }
    let now;
    if (typeof input?.advanceSeconds === "number" && input.now === undefined)
      now = await kms.advanceClock(input.advanceSeconds);
    else if (
      typeof input?.now === "string" &&
      input.advanceSeconds === undefined &&
      !Number.isNaN(parseIsoTime(input.now))
    )
      now = await kms.setClock(input.now);
    else if (typeof input?.now === "string" && input.advanceSeconds === undefined)
      return sendError(
        res,
        400,
        "ValidationException",
        `${JSON.stringify(input.now)} is not an ISO-8601 time that exists`,
      );
    else
      return sendError(
        res,
        400,
        "ValidationException",
        'Send {"advanceSeconds": <number>} or {"now": "<ISO-8601 time>"}',
      );
    return sendJson(res, 200, { now: now.toISOString() });
  }
  if (route === "/_kms/reset" && req.method === "POST") {
    await kms.reset();
    return sendJson(res, 200, {});
  }
  if (route === "/_kms/audit" && req.method === "GET") {
    const q = url.searchParams;
    const filter = {};
    if (q.has("keyId")) filter.keyId = q.get("keyId");
    if (q.has("eventName")) filter.eventName = q.get("eventName");
    if (q.has("failedOnly")) filter.failedOnly = q.get("failedOnly") !== "false";
    if (q.has("alarmsOnly")) filter.alarmsOnly = q.get("alarmsOnly") !== "false";
    if (q.has("region")) filter.region = q.get("region");
    if (q.has("account")) filter.account = q.get("account");
    return sendJson(res, 200, { events: await kms.auditLog(filter) });
  }
  return sendError(res, 404, "UnknownOperationException", `No emulator route ${req.method} ${route}`);
}

/** Routes one request; errors go to `failed`. The AWS endpoint (POST /) is the hot path. */
function route(kms, req, res, settings, failed) {
  const { auth, guard } = settings;
  const refused = guard.refusal(req);
  if (refused) {
    logRefusal(refused.message);
    // Without CORS headers: a refused page cannot even read why.
    return send(res, refused.status, JSON.stringify({ __type: refused.type, message: refused.message }), {
      "content-type": "application/x-amz-json-1.1",
      "x-amzn-errortype": refused.type,
    });
  }
  res[CORS] = guard.cors;
  if (req.method === "POST" && !auth && !req.url?.startsWith("/_kms/")) return awsRequest(kms, req, res, failed);
  otherRoutes(kms, req, res, settings, failed).catch(failed);
}

const refusalsLogged = new Set();

/** Says once on stderr why a caller is refused (its page cannot read the answer), at most 100 times. */
function logRefusal(message) {
  if (refusalsLogged.has(message) || refusalsLogged.size >= 100) return;
  refusalsLogged.add(message);
  process.stderr.write(`kms-wasm: refused: ${message}\n`);
}

async function otherRoutes(kms, req, res, { auth, guard, health }, failed) {
  const url = new URL(req.url ?? "/", "http://localhost");
  // A readiness probe (a container's health check, wait-on) signs nothing; the answer holds no
  // state, only that the service is open and whether the wrapping keys asked for are made.
  if (url.pathname === "/_kms/health" && (req.method === "GET" || req.method === "HEAD"))
    return sendJson(res, 200, health?.() ?? { status: "ok" });
  if (req.method === "OPTIONS") {
    const { status, headers } = guard.preflight(req);
    res[CORS] = undefined; // the preflight's headers are complete
    return send(res, status, "", headers);
  }
  let body;
  let principal;
  // With --credentials, the AWS endpoint and the emulator routes need a valid signature (the
  // console's static files do not: they hold no state); the access key names the principal.
  if (auth && (req.method === "POST" || url.pathname.startsWith("/_kms/"))) {
    body = await bodyOf(req);
    const verdict = auth(req, body);
    if (!verdict.ok) return send(res, verdict.status, verdict.body, verdict.headers);
    principal = verdict.principal;
  }
  if (url.pathname.startsWith("/_kms/")) return emulatorRoute(kms, req, res, url, body);
  if (req.method === "POST") return awsRequest(kms, req, res, failed, body, principal);
  if (req.method === "GET" || req.method === "HEAD") return serveStatic(req, res, url.pathname);
  send(res, 405, "Method not allowed\n", { "content-type": "text/plain; charset=utf-8" });
}

/**
 * The `(req, res)` listener for node:http: `kms` answers, `auth` (from ./auth.js, or undefined)
 * checks signatures, `guard` (from ./guard.js) says which hosts and origins are answered,
 * `health()` is the body of GET /_kms/health. A
 * failed request is answered 413 (body too large) or 500 (storage failures and other internal
 * errors: the request was not carried out), and logged on stderr.
 */
export function requestListener(kms, { auth, guard, health }) {
  const settings = { auth, guard, health };
  return (req, res) => {
    const failed = (e) => {
      if (e instanceof BodyTooLarge) {
        res.setHeader("connection", "close");
        return sendError(res, 413, "SerializationException", `The request body is larger than ${MAX_BODY} bytes`);
      }
      process.stderr.write(`kms-wasm: ${e.name}: ${e.message}\n`);
      if (!res.headersSent) sendError(res, 500, "KMSInternalException", `${e.name}: ${e.message}`);
      else res.destroy();
    };
    try {
      route(kms, req, res, settings, failed);
    } catch (e) {
      failed(e);
    }
  };
}

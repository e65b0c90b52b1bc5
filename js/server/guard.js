// Which callers `kms-wasm serve` answers (issue 15): the Host header (against DNS rebinding), the
// Origin header (web pages: the server's own console and `--allow-origin` origins only), the CORS
// headers given to allowed origins, and the JSON content type that state-changing /_kms/ routes
// need. Callers without Origin (SDKs, the CLI, curl) are not browsers and pass the Origin check.
// Depends on nothing but the URL global.

/** The request headers the AWS SDKs send from a browser (a preflight is granted these, not `*`). */
const SDK_HEADERS = [
  "authorization",
  "content-type",
  "x-amz-target",
  "x-amz-date",
  "x-amz-security-token",
  "x-amz-content-sha256",
  "x-amz-user-agent",
  "amz-sdk-invocation-id",
  "amz-sdk-request",
].join(", ");

const EXPOSED = "x-amzn-requestid, x-amzn-errortype";
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const LOOPBACK_V4 = /^127(\.\d{1,3}){3}$/;
const WILDCARD = new Set(["0.0.0.0", "::", "[::]"]);
/** Host answers remembered (a handful of names in practice), so the hot path costs a Map lookup. */
const HOST_CACHE_LIMIT = 64;

/** `name` of a Host header value (`name`, `name:port`, `[v6]:port`), lowercased, without a final dot. */
export function hostName(host) {
  let name = host.trim().toLowerCase();
  if (name.startsWith("[")) {
    const end = name.indexOf("]");
    return end < 0 ? name : name.slice(0, end + 1);
  }
  const colon = name.indexOf(":");
  if (colon >= 0) name = name.slice(0, colon);
  return name.endsWith(".") ? name.slice(0, -1) : name;
}

const isLoopback = (name) =>
  name === "localhost" ||
  name.endsWith(".localhost") ||
  LOOPBACK_V4.test(name) ||
  name === "[::1]" ||
  /^\[::ffff:127(\.\d{1,3}){3}\]$/.test(name);

/** An IP literal cannot be rebound: only names go through DNS. */
const isIpLiteral = (name) => IPV4.test(name) || (name.startsWith("[") && name.endsWith("]"));

/**
 * `value` of `--allow-origin` as browsers write an Origin header (`scheme://host[:port]`,
 * lowercase, no default port), `null` or `*`; throws a TypeError naming what is wrong.
 */
export function normaliseOrigin(value) {
  if (value === "*" || value === "null") return value;
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`"${value}" is not an origin (write it as scheme://host[:port])`);
  }
  if (url.origin === "null" || value.replace(/\/$/, "").toLowerCase() !== url.origin)
    throw new TypeError(
      `"${value}" is not an origin (write it as ${url.origin === "null" ? "scheme://host[:port]" : url.origin})`,
    );
  return url.origin;
}

/**
 * The guard of one server: `bindHost` is the `--host` it listens on, `allowOrigins` and
 * `allowHosts` the `--allow-origin`/`--allow-host` values (already checked). `refusal(req)`
 * answers `null` (serve it) or `{ status, type, message }`; `cors(req)` the CORS headers of a
 * served request with an Origin; `preflight(req)` the status and headers of an OPTIONS request.
 */
export function accessGuard({ bindHost = "127.0.0.1", allowOrigins = [], allowHosts = [] } = {}) {
  const bound = hostName(bindHost.includes(":") && !bindHost.startsWith("[") ? `[${bindHost}]` : bindHost);
  const anyIp = WILDCARD.has(bindHost) || WILDCARD.has(bound);
  const hosts = new Set(allowHosts.map((h) => hostName(h)));
  const anyHost = hosts.has("*");
  const origins = new Set(allowOrigins);
  const anyOrigin = origins.has("*");
  const hostCache = new Map();

  const hostAllowed = (host) => {
    let ok = hostCache.get(host);
    if (ok !== undefined) return ok;
    const name = hostName(host);
    ok = anyHost || isLoopback(name) || name === bound || hosts.has(name) || (anyIp && isIpLiteral(name));
    if (hostCache.size >= HOST_CACHE_LIMIT) hostCache.clear();
    hostCache.set(host, ok);
    return ok;
  };
  // The server's own origin is the one its pages were loaded from: the (allowed) Host it was asked for.
  const originAllowed = (origin, host) =>
    anyOrigin || origins.has(origin) || (host !== undefined && origin === `http://${host.toLowerCase()}`);

  const refusal = (req) => {
    const { host, origin } = req.headers;
    // HTTP/1.0 callers may omit Host; browsers never do, so rebinding needs one.
    if (host !== undefined && !hostAllowed(host))
      return {
        status: 403,
        type: "AccessDeniedException",
        message: `kms-wasm serve does not answer for host "${hostName(host)}": it answers loopback names, its bound address (${bindHost}) and --allow-host names (a guard against DNS rebinding). Start it with --allow-host ${hostName(host)} to allow it.`,
      };
    if (origin !== undefined && !originAllowed(origin, host))
      return {
        status: 403,
        type: "AccessDeniedException",
        message: `kms-wasm serve does not answer web pages from origin ${origin}: only its own console and --allow-origin origins. Start it with --allow-origin ${origin} to allow it.`,
      };
    return null;
  };

  const cors = (req) => ({
    "access-control-allow-origin": req.headers.origin,
    "access-control-expose-headers": EXPOSED,
    vary: "Origin",
  });

  const preflight = (req) => {
    if (req.headers.origin === undefined || refusal(req))
      return { status: req.headers.origin ? 403 : 204, headers: {} };
    return {
      status: 204,
      headers: {
        ...cors(req),
        "access-control-allow-methods": "GET, POST",
        "access-control-allow-headers": SDK_HEADERS,
        "access-control-max-age": "600",
      },
    };
  };

  return { refusal, cors, preflight };
}

/**
 * Whether a state-changing /_kms/ request carries a JSON body type: HTML forms and no-cors
 * fetches can only send text/plain, form-urlencoded or multipart, so this keeps them out.
 */
export function isJsonRequest(req) {
  const type = (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  return type === "application/json" || /^application\/(x-amz-json-1\.[01]|[a-z0-9.+-]+\+json)$/.test(type);
}

/** Warnings for the options that turn a guard off, printed at start. */
export function guardWarnings(allowOrigins, allowHosts) {
  const out = [];
  if (allowOrigins.includes("*"))
    out.push(
      "kms-wasm warning: --allow-origin * lets any web page this machine's browsers open call this server and read its answers",
    );
  if (allowHosts.includes("*"))
    out.push(
      "kms-wasm warning: --allow-host * turns off the Host check: web pages can reach this server through DNS rebinding",
    );
  return out;
}

// An in-process smithy HttpHandler for @aws-sdk/client-kms: the SDK's signed AWS JSON 1.1
// request goes straight to the wasm wire handler, with no socket. Bodies are read whether the
// SDK hands over a string, bytes, a web ReadableStream, a Blob or a Node stream; the response
// body is a Uint8Array, which the SDK's body collector takes as it is (Node and browsers). The
// signing access key can name the principal the call is made as (`principals`); the credential
// scope's Region is the Region the call goes to. Depends on `./convert.js` and
// `./principal-view.js`.

import { toBytes } from "./convert.js";
import { checkPrincipal, REGION } from "./principal-view.js";

const utf8 = new TextEncoder();

/** The access key id of a SigV4 `Authorization` header (`… Credential=AKID/date/…`), if any. */
function accessKeyOf(authorization) {
  return /Credential=([^/,\s]+)\//.exec(authorization ?? "")?.[1];
}

/** The Region of a SigV4 Authorization header's credential scope (`Credential=AKID/date/region/kms/…`). */
export function regionOf(authorization) {
  return /Credential=[^/,\s]+\/\d{8}\/([^/,\s]+)\//.exec(authorization ?? "")?.[1];
}

/** The AWS answer to a credential scope whose Region is not a Region name, else undefined. */
export function badRegion(region) {
  if (region === undefined || REGION.test(region)) return undefined;
  const message = `Credential should be scoped to a valid region. ${JSON.stringify(region)} is not one.`;
  return {
    status: 400,
    headers: { "content-type": "application/x-amz-json-1.1" },
    body: JSON.stringify({ __type: "InvalidSignatureException", message }),
  };
}

function header(headers, name) {
  for (const k in headers) if (k.toLowerCase() === name) return headers[k];
  return undefined;
}

/** The whole request body as bytes. */
export async function readBody(body) {
  if (body === undefined || body === null) return new Uint8Array(0);
  const direct = toBytes(body);
  if (direct !== undefined) return direct;
  if (typeof Blob !== "undefined" && body instanceof Blob) return new Uint8Array(await body.arrayBuffer());
  if (typeof body.getReader === "function") {
    const reader = body.getReader();
    const parts = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(toBytes(value) ?? utf8.encode(String(value)));
    }
    return concat(parts);
  }
  if (typeof body[Symbol.asyncIterator] === "function" || typeof body[Symbol.iterator] === "function") {
    const parts = [];
    for await (const chunk of body) parts.push(toBytes(chunk) ?? utf8.encode(String(chunk)));
    return concat(parts);
  }
  throw new TypeError(`kms-wasm requestHandler: cannot read a request body of type ${typeof body}`);
}

function concat(parts) {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

function abortError(signal) {
  const reason = signal?.reason;
  if (reason instanceof Error) return reason;
  const e = new Error("Request aborted");
  e.name = "AbortError";
  return e;
}

/**
 * `dispatch(target, bodyBytes, caller)` runs one AWS JSON 1.1 request and returns (a
 * promise of) `{status, headers, body}` (body a string). `principals` maps access key ids to the
 * principal ARNs their requests are made as; other keys call as the account's root user.
 */
export function makeRequestHandler(dispatch, { principals } = {}) {
  for (const [id, arn] of Object.entries(principals ?? {})) checkPrincipal(arn, `requestHandler: principals.${id}`);
  const config = {};
  return {
    metadata: { handlerProtocol: "kms-wasm/in-process" },
    async handle(request, options = {}) {
      const signal = options?.abortSignal;
      if (signal?.aborted) throw abortError(signal);
      const headers = request?.headers ?? {};
      const body = await readBody(request?.body);
      if (signal?.aborted) throw abortError(signal);
      const userAgent = header(headers, "user-agent") ?? header(headers, "x-amz-user-agent");
      const authorization = header(headers, "authorization");
      const principal = principals?.[accessKeyOf(authorization)];
      const region = regionOf(authorization);
      const caller = { sourceIp: "127.0.0.1", userAgent, principal, region };
      const r = badRegion(region) ?? (await dispatch(header(headers, "x-amz-target"), body, caller));
      const bytes = utf8.encode(r.body);
      return {
        response: {
          statusCode: r.status,
          reason: r.status === 200 ? "OK" : undefined,
          headers: { ...r.headers, "content-length": String(bytes.byteLength) },
          body: bytes,
        },
      };
    },
    updateHttpClientConfig(key, value) {
      config[key] = value;
    },
    httpHandlerConfigs() {
      return config;
    },
    destroy() {},
  };
}

// Who may call `kms-wasm serve` (issue 8): `--credentials ACCESS_KEY:SECRET[:principal]` (repeatable)
// turns on SigV4 verification of every request to the AWS endpoint and /_kms/ routes, against the real
// clock, and a warning when bound beyond loopback; secrets are never printed. A principal that is an
// IAM ARN is who that key's requests are made as (key policies judge it); otherwise the account's root
// user. Depends on the package's Node entry (which installs the extras module), ../extras.js (the
// verifier, crates/extras/src/sigv4.rs) and ../principal-view.js.
import "../node.js";
import { sigV4Verifier } from "../extras.js";
import { checkPrincipal } from "../principal-view.js";

/**
 * `undefined` without credentials (any signature accepted, as before); else a function
 * `(req, body) => { ok: true, principal } | { ok: false, status, headers, body }`: the principal
 * ARN to call as (undefined: the account's root user), or the AWS error to answer.
 * Throws a TypeError (naming the entry, never the secret) for a malformed entry.
 */
export function signatureCheck(specs) {
  if (!specs || specs.length === 0) return undefined;
  const verifier = sigV4Verifier(specs);
  for (const spec of specs) {
    const principal = spec.split(":").slice(2).join(":");
    if (principal.startsWith("arn:")) checkPrincipal(principal, `the principal of ${spec.split(":")[0]}`);
  }
  const check = (req, body) => {
    const target = req.url ?? "/";
    const q = target.indexOf("?");
    const path = q < 0 ? target : target.slice(0, q);
    const query = q < 0 ? "" : target.slice(q + 1);
    const r = verifier.verify(req.method ?? "GET", path, query, req.rawHeaders, body, Date.now());
    return r.ok ? { ok: true, principal: r.principal?.startsWith("arn:") ? r.principal : undefined } : r;
  };
  check.accessKeyIds = verifier.accessKeyIds();
  return check;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|::ffff:127\.\d+\.\d+\.\d+)$/i;

/** The warning to print when `host` is not a loopback address, else null. */
export function exposureWarning(host, signed) {
  if (LOOPBACK.test(host)) return null;
  const who = signed ? "only signed requests are served" : "without --credentials anyone who can reach it may call it";
  return `kms-wasm warning: listening on ${host}, beyond this machine (${who}); this is an emulator, not a key store to expose`;
}

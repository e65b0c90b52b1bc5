// `kms.as(principalArn)`, `kms.asService(servicePrincipal)` and `kms.inRegion(region)`: the
// service seen by one caller, in one Region. The view has the same lowerCamelCase method per AWS operation and `handle()`; each
// call runs as that caller, so key policies and grants decide what it may do, and the audit
// log names it (userIdentity). Also the caller option's check (`checkedCaller`), and the
// per-operation methods of both classes (`defineOperations`).
// Depends on nothing; ./kms.js hands it the service and the function that runs a call.

/** An IAM principal ARN as key policies name one: `arn:<partition>:iam::<12 digits>:…` or sts. */
const PRINCIPAL = /^arn:aws[a-z-]*:(iam|sts)::\d{12}:.+$/;
/** An AWS service name as policies write it: `logs.amazonaws.com`, `s3.eu-west-1.amazonaws.com`. */
const SERVICE = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+){2,}$/;
const ARN = /^arn:[^:]+:[^:]*:[^:]*:[^:]*:.+$/;
const ACCOUNT = /^\d{12}$/;
/** An AWS Region name, as the API model's RegionType: `us-east-1`, `us-gov-west-1`. */
export const REGION = /^([a-z]+-){2,3}\d+$/;

/** `principal`, checked: a TypeError names what is wrong with it. */
export function checkPrincipal(principal, what) {
  if (typeof principal !== "string" || !PRINCIPAL.test(principal))
    throw new TypeError(
      `${what} needs an IAM principal ARN such as arn:aws:iam::111122223333:user/alice, got ${JSON.stringify(principal)}`,
    );
  return principal;
}

const CALLER_FIELDS = {
  sourceIp: null,
  userAgent: null,
  principal: [PRINCIPAL, "an IAM principal ARN such as arn:aws:iam::111122223333:user/alice"],
  viaService: [SERVICE, "a service name such as s3.us-east-1.amazonaws.com"],
  service: [SERVICE, "a service principal such as logs.amazonaws.com"],
  sourceArn: [ARN, "an ARN such as arn:aws:logs:us-east-1:111122223333:log-group:app"],
  sourceAccount: [ACCOUNT, "a 12-digit account ID"],
  region: [REGION, "an AWS Region such as eu-west-1"],
};
const FIELD_NAMES = Object.keys(CALLER_FIELDS);

/**
 * A caller as it crosses into wasm: its fields in `CALLER_FIELDS`' order, joined by NUL (one
 * string: reading fields one by one from an object cost 4 µs a call); `undefined` for none.
 * NUL is in no valid field (validated, or an HTTP header's value).
 */
export function packCaller(caller) {
  if (caller === undefined) return undefined;
  return FIELD_NAMES.map((k) => caller[k] ?? "").join("\0");
}

/**
 * A call's caller (`{ sourceIp, userAgent, principal, viaService, service, sourceArn,
 * sourceAccount, region }`), checked, packed for the engine (`packCaller`); `undefined` for the
 * default caller (the account's root user, in-process, in the service's Region). A TypeError
 * names a field that is wrong.
 */
export function checkedCaller(caller, what) {
  if (caller === undefined || caller === null) return undefined;
  if (typeof caller !== "object") throw new TypeError(`${what}: the caller must be an object`);
  const out = {};
  for (const [name, rule] of Object.entries(CALLER_FIELDS)) {
    const value = caller[name];
    if (value === undefined || value === null) continue;
    if (typeof value !== "string" || (rule && !rule[0].test(value)))
      throw new TypeError(`${what}: ${name} must be ${rule ? rule[1] : "a string"}, got ${JSON.stringify(value)}`);
    out[name] = value;
  }
  if (out.principal && out.service) throw new TypeError(`${what}: a caller is a principal or a service, not both`);
  if (out.viaService && !out.principal)
    throw new TypeError(`${what}: viaService needs the principal that calls through the service`);
  return Object.keys(out).length === 0 ? undefined : packCaller(out);
}

export class PrincipalView {
  #run;
  #kms;
  #caller;
  #checked;

  /** `run(op, input, caller)` runs an operation of `kms`; `caller` is checked by `checkedCaller`. */
  constructor(caller, kms, run, what) {
    this.#caller = Object.freeze(Object.fromEntries(Object.entries(caller).filter(([, v]) => v !== undefined)));
    this.#checked = checkedCaller(this.#caller, what);
    this.#kms = kms;
    this.#run = run;
  }

  /** The same caller in another Region (`eu-west-1`): its keys, aliases and audit trail. */
  inRegion(region) {
    return new PrincipalView({ ...this.#caller, region }, this.#kms, this.#run, "inRegion()");
  }

  /** This view's Region, as the IAM principal `principalArn` (see KeyManagementService.as). */
  as(principalArn, { viaService } = {}) {
    const view = this.#kms.as(principalArn, { viaService });
    return this.#caller.region === undefined ? view : view.inRegion(this.#caller.region);
  }

  /** The audit log of this view's Region (all Regions' when it names none); see KeyManagementService.auditLog. */
  auditLog(filter) {
    const { region } = this.#caller;
    return this.#kms.auditLog(region === undefined ? filter : { ...filter, region });
  }

  /** The principal this view calls as: an IAM ARN, or a service principal's name. */
  get principal() {
    return this.#caller.principal ?? this.#caller.service;
  }

  /** Who this view calls as (`{ principal, viaService }` or `{ service, sourceArn, sourceAccount }`). */
  get caller() {
    return this.#caller;
  }

  /** The raw AWS JSON 1.1 entry point, as this caller. */
  handle(target, body, caller) {
    return this.#kms.handle(target, body, { ...caller, ...this.#caller });
  }

  /** One method per operation, as on KeyManagementService. */
  static install(operations) {
    defineOperations(PrincipalView.prototype, operations, (view, op, input) => view.#run(op, input, view.#checked));
  }
}

/**
 * Defines on `proto` one lowerCamelCase method per operation (`encrypt` for Encrypt), named so
 * in stack traces, that returns `call(this, op, input)`. Used by ./kms.js too.
 */
export function defineOperations(proto, operations, call) {
  for (const op of operations) {
    const name = op[0].toLowerCase() + op.slice(1);
    Object.defineProperty(proto, name, {
      value: {
        [name](input) {
          return call(this, op, input);
        },
      }[name],
      writable: true,
      configurable: true,
    });
  }
}

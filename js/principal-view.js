// `kms.as(principalArn)`: the service seen by one IAM principal. The view has the same
// lowerCamelCase method per AWS operation and `handle()`; each call runs as that principal,
// so key policies decide what it may do, and the audit log names it (userIdentity).
// Depends on nothing; ./kms.js hands it the service and the function that runs a call.

/** An IAM principal ARN as key policies name one: `arn:<partition>:iam::<12 digits>:…` or sts. */
const PRINCIPAL = /^arn:aws[a-z-]*:(iam|sts)::\d{12}:.+$/;

/** `principal`, checked: a TypeError names what is wrong with it. */
export function checkPrincipal(principal, what) {
  if (typeof principal !== "string" || !PRINCIPAL.test(principal))
    throw new TypeError(
      `${what} needs an IAM principal ARN such as arn:aws:iam::111122223333:user/alice, got ${JSON.stringify(principal)}`,
    );
  return principal;
}

export class PrincipalView {
  #call;
  #kms;
  #principal;

  /** `call(op, input)` runs an operation of `kms` as `principal`. */
  constructor(principal, kms, call) {
    this.#principal = principal;
    this.#kms = kms;
    this.#call = call;
  }

  /** The principal this view calls as. */
  get principal() {
    return this.#principal;
  }

  /** The raw AWS JSON 1.1 entry point, as this principal. */
  handle(target, body, caller) {
    return this.#kms.handle(target, body, { ...caller, principal: this.#principal });
  }

  /** One method per operation, as on KeyManagementService. */
  static install(operations) {
    for (const op of operations) {
      const name = op[0].toLowerCase() + op.slice(1);
      Object.defineProperty(PrincipalView.prototype, name, {
        value: {
          [name](input) {
            return this.#call(op, input);
          },
        }[name],
        writable: true,
        configurable: true,
      });
    }
  }
}

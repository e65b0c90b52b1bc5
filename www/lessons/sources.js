// The documents lessons 7 and 8 cite (AWS's guide and API reference, the RFCs), as a "Read
// more" paragraph of links that open beside the lesson. Depends on ../lib/dom.js.

import { h } from "../lib/dom.js";

export const DOCS = {
  asymmetric: [
    "AWS KMS Developer Guide, “Asymmetric keys in AWS KMS”",
    "https://docs.aws.amazon.com/kms/latest/developerguide/symmetric-asymmetric.html",
  ],
  sign: ["AWS KMS API Reference, “Sign”", "https://docs.aws.amazon.com/kms/latest/APIReference/API_Sign.html"],
  hmac: [
    "AWS KMS Developer Guide, “HMAC keys in AWS KMS”",
    "https://docs.aws.amazon.com/kms/latest/developerguide/hmac.html",
  ],
  generateMac: [
    "AWS KMS API Reference, “GenerateMac”",
    "https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateMac.html",
  ],
  rfc7515: ["RFC 7515, JSON Web Signature", "https://www.rfc-editor.org/rfc/rfc7515"],
  rfc7518: ["RFC 7518 §3.4, ES256's signature", "https://www.rfc-editor.org/rfc/rfc7518#section-3.4"],
  rfc7519: ["RFC 7519, JSON Web Token", "https://www.rfc-editor.org/rfc/rfc7519"],
  rfc2104: ["RFC 2104, HMAC", "https://www.rfc-editor.org/rfc/rfc2104"],
};

/** "Read more: …" with each named document as a link (a new tab, so the lesson stays open). */
export function readMore(...names) {
  const links = names.map((n) => {
    const [title, href] = DOCS[n];
    return h("a", { href, target: "_blank", rel: "noopener noreferrer" }, title);
  });
  return h(
    "p",
    null,
    "Read more: ",
    links.flatMap((a, i) => (i ? ["; ", a] : [a])),
    ".",
  );
}

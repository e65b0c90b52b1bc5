// "Try it" for an HMAC key (GENERATE_VERIFY_MAC): GenerateMac of a message (the MAC shown in
// hex and base64), VerifyMac of a message and a MAC, and the same MAC checked against a changed
// message, which KMS refuses with KMSInvalidMacException.
// Depends on ../lib/dom.js, ../lib/format.js and ./playground-parts.js.

import { explain, field, h } from "../lib/dom.js";
import { fromHex, toHex } from "../lib/format.js";
import { bytesFields, changeOne, errorLine, failure, result, stateWarning, utf8 } from "./playground-parts.js";

export function renderMac(ctx, m) {
  const algorithm = h(
    "select",
    { id: "pg-mac-alg" },
    (m.MacAlgorithms ?? []).map((a) => h("option", { value: a }, a)),
  );
  const message = h("textarea", { id: "pg-mac-message", rows: 3, maxlength: 4096 });
  message.value = "pay 100 EUR to alice";
  const makeOut = h("div", { class: "pg-out", id: "pg-mac-out", "aria-live": "polite" });
  const checkMessage = h("textarea", { id: "pg-mac-check-message", rows: 3, maxlength: 4096 });
  const checkMac = h("textarea", { id: "pg-mac-check-value", rows: 2, class: "code", spellcheck: "false" });
  const checkOut = h("div", { class: "pg-out", id: "pg-mac-verify-out", "aria-live": "polite" });

  const make = h(
    "form",
    null,
    field("Message", message, "At most 4 KB."),
    h("button", { type: "submit", class: "primary", id: "pg-mac-generate" }, "Generate MAC"),
    makeOut,
  );
  make.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      const { Mac, MacAlgorithm } = await ctx.kms.generateMac({
        KeyId: m.KeyId,
        Message: utf8(message.value),
        MacAlgorithm: algorithm.value,
      });
      result(
        makeOut,
        h("p", null, `${MacAlgorithm} of the message: ${Mac.length} bytes, the length of its hash.`),
        bytesFields(
          ctx,
          "pg-mac",
          "MAC",
          Mac,
          h(
            "button",
            {
              type: "button",
              class: "small",
              id: "pg-mac-use",
              onClick: () => {
                checkMessage.value = message.value;
                checkMac.value = toHex(Mac);
                checkMessage.focus();
              },
            },
            "Check this MAC",
          ),
        ),
      );
    } catch (err) {
      failure(makeOut, err);
    }
  });

  const verify = async (text, changed) => {
    try {
      const { MacValid } = await ctx.kms.verifyMac({
        KeyId: m.KeyId,
        Message: utf8(text),
        Mac: fromHex(checkMac.value),
        MacAlgorithm: algorithm.value,
      });
      result(
        checkOut,
        h(
          "p",
          { class: "ok-text", id: "pg-mac-valid" },
          `MacValid: ${MacValid}. The message is the one the MAC was made for, and the MAC was made with this key.`,
        ),
      );
    } catch (err) {
      result(
        checkOut,
        changed ? h("p", null, "Sent the message with one character changed: ", h("q", { class: "mono" }, text)) : null,
        errorLine(err),
        err.name === "KMSInvalidMacException"
          ? h(
              "p",
              { class: "hint", id: "pg-mac-invalid" },
              "VerifyMac never answers MacValid: false. A MAC that does not match the message and the key is an error, so code that forgets to check a flag cannot accept it.",
            )
          : null,
      );
    }
  };
  const check = h(
    "form",
    null,
    field("Message", checkMessage),
    field("MAC (hex)", checkMac, "Paste a MAC, or use “Check this MAC”."),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit", class: "primary", id: "pg-mac-verify" }, "Verify MAC"),
      h(
        "button",
        { type: "button", id: "pg-mac-tamper", onClick: () => verify(changeOne(checkMessage.value), true) },
        "Verify a changed message",
      ),
    ),
    checkOut,
  );
  check.addEventListener("submit", (e) => {
    e.preventDefault();
    verify(checkMessage.value, false);
  });

  return [
    h("h2", null, "Try it: generate & verify MAC"),
    stateWarning(m),
    h("div", { class: "row-form" }, field("MAC algorithm", algorithm, `${m.KeySpec} keys make one kind of MAC.`)),
    h(
      "div",
      { class: "cards" },
      h("section", { class: "card" }, h("h3", null, "Generate MAC"), make),
      h("section", { class: "card" }, h("h3", null, "Verify MAC"), check),
    ),
    explain(
      "What a MAC proves",
      "A MAC (HMAC) shows that a message is unchanged and was made by someone allowed to use this key. Change one character and the MAC no longer matches.",
      "There is no public key: the HMAC key never leaves KMS, so checking a MAC needs KMS too (VerifyMac). To let anyone check without KMS, sign with an asymmetric key instead.",
    ),
  ];
}

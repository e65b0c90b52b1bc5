// The reference beside the bench's Node-bound targets: the least any Encrypt can cost in
// Node. It parses the request, looks the key up in a Map, seals with node:crypto's AES-256-GCM
// (the fastest AES on this host) under a fresh nonce, frames the blob and answers JSON, with
// no validation, key states, audit trail or store. Where this cannot reach a target, no Node
// implementation that really encrypts can. Used in-process (an SDK request handler) and
// behind node:http (bench/bare-server.mjs).
import { createCipheriv, randomBytes, randomUUID } from "node:crypto";

const ACCOUNT_ARN = "arn:aws:kms:us-east-1:111122223333:key/";
const JSON_TYPE = "application/x-amz-json-1.1";

export class BareKms {
  #keys = new Map();

  /** `[status, body text]` for an AWS JSON 1.1 request: CreateKey and Encrypt only. */
  answer(target, text) {
    if (target === "TrentService.CreateKey") {
      const KeyId = randomUUID();
      this.#keys.set(KeyId, { material: randomBytes(32), arn: ACCOUNT_ARN + KeyId });
      return [200, JSON.stringify({ KeyMetadata: { KeyId, Arn: ACCOUNT_ARN + KeyId } })];
    }
    const { KeyId, Plaintext } = JSON.parse(text);
    const key = this.#keys.get(KeyId);
    if (!key) return [400, JSON.stringify({ __type: "NotFoundException" })];
    const nonce = randomBytes(12);
    const c = createCipheriv("aes-256-gcm", key.material, nonce);
    const sealed = [c.update(Buffer.from(Plaintext, "base64")), c.final(), c.getAuthTag()];
    const blob = Buffer.concat([Buffer.from(KeyId), nonce, ...sealed]);
    return [
      200,
      JSON.stringify({
        CiphertextBlob: blob.toString("base64"),
        KeyId: key.arn,
        EncryptionAlgorithm: "SYMMETRIC_DEFAULT",
      }),
    ];
  }

  /** An SDK request handler answering through `answer`. */
  requestHandler() {
    return {
      handle: async (request) => {
        // The SDK hands bytes (a Uint8Array subclass that warns when used as a string).
        const b = request.body;
        const text = typeof b === "string" ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString();
        const [status, out] = this.answer(request.headers["x-amz-target"], text);
        const body = Buffer.from(out);
        return {
          response: {
            statusCode: status,
            headers: {
              "content-type": JSON_TYPE,
              "x-amzn-requestid": randomUUID(),
              "content-length": String(body.length),
            },
            body,
          },
        };
      },
      updateHttpClientConfig() {},
      httpHandlerConfigs: () => ({}),
      destroy() {},
    };
  }
}

// A page that uses kms-wasm through Vite (`npx vite`, `npx vite build`): symmetric encryption
// in the main wasm module, then a signing key and an import's RSA wrapping key, which make the
// service fetch its extras module (and, on a page without WebCrypto, start a key-generation
// worker). The outcome goes into <pre id="result">, with data-status "done" or "error".
import { KeyManagementService } from "kms-wasm";

const utf8 = new TextEncoder();

async function run() {
  const kms = await KeyManagementService.open({ storage: "memory" });

  const context = { tenant: "acme" };
  const { KeyMetadata: key } = await kms.createKey({ Description: "vite example" });
  const { CiphertextBlob } = await kms.encrypt({
    KeyId: key.KeyId,
    Plaintext: utf8.encode("hello from Vite"),
    EncryptionContext: context,
  });
  const { Plaintext } = await kms.decrypt({ CiphertextBlob, EncryptionContext: context });

  const { KeyMetadata: signer } = await kms.createKey({ KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" });
  const message = { KeyId: signer.KeyId, Message: utf8.encode("order 1001"), SigningAlgorithm: "ECDSA_SHA_256" };
  const { Signature } = await kms.sign(message);
  const { SignatureValid } = await kms.verify({ ...message, Signature });

  const { KeyMetadata: external } = await kms.createKey({ Origin: "EXTERNAL" });
  const { PublicKey } = await kms.getParametersForImport({
    KeyId: external.KeyId,
    WrappingAlgorithm: "RSAES_OAEP_SHA_256",
    WrappingKeySpec: "RSA_2048",
  });

  return {
    decrypted: new TextDecoder().decode(Plaintext),
    signatureValid: SignatureValid,
    wrappingKeyBytes: PublicKey.length,
  };
}

const out = document.getElementById("result");
run().then(
  (result) => {
    out.textContent = JSON.stringify(result, null, 2);
    out.dataset.status = "done";
  },
  (e) => {
    out.textContent = String(e?.stack ?? e);
    out.dataset.status = "error";
  },
);

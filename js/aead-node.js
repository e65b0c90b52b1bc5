// node:crypto's AES-256-GCM for the main module (src/host_aead.rs), installed by the Node
// entry: the same algorithm and bytes as the module's software cipher, on the CPU's AES
// instructions (a 4 KiB Encrypt is several times cheaper). Browsers keep the software cipher:
// WebCrypto has no synchronous AES-GCM. The byte arguments are views of wasm memory, valid only
// during the call; results go into `out`. Depends on node:crypto only.

import { createCipheriv, createDecipheriv } from "node:crypto";

const TAG = 16;

export const nodeAead = {
  seal(key, nonce, aad, plaintext, out) {
    const c = createCipheriv("aes-256-gcm", key, nonce);
    c.setAAD(aad);
    const body = c.update(plaintext);
    c.final();
    if (body.length + TAG !== out.length) return false;
    out.set(body);
    out.set(c.getAuthTag(), body.length);
    return true;
  },
  open(key, nonce, aad, sealed, out) {
    const n = sealed.length - TAG;
    if (n !== out.length) return false;
    const d = createDecipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG });
    d.setAAD(aad);
    d.setAuthTag(sealed.subarray(n));
    const plain = d.update(sealed.subarray(0, n));
    try {
      d.final();
      out.set(plain);
      return true;
    } catch {
      return false; // does not authenticate
    } finally {
      plain.fill(0); // our copy of the plaintext; the engine's is in `out`
    }
  },
};

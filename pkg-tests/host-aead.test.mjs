// In Node, AES-256-GCM of messages from 1 KiB runs on node:crypto (js/aead-node.js,
// installed by the Node entry through setHostAead); browsers use the module's own software
// cipher. Both must give the same bytes: these tests run each path against the other, check
// which one ran, and check that a failing host falls back without changing any answer.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { nodeAead } from "../js/aead-node.js";
import { setHostAead } from "../pkg/kms_wasm.js";
import { KeyManagementService, open, rejects, tempDir } from "./helpers.mjs";

/** Runs `fn` with `host` installed (undefined: software only), then puts node:crypto back. */
async function withHost(host, fn) {
  setHostAead(host);
  try {
    return await fn();
  } finally {
    setHostAead(nodeAead);
  }
}

/** node:crypto's cipher, counting its calls. */
function counting() {
  const calls = { seal: 0, open: 0 };
  return {
    calls,
    seal: (...a) => {
      calls.seal++;
      return nodeAead.seal(...a);
    },
    open: (...a) => {
      calls.open++;
      return nodeAead.open(...a);
    },
  };
}

const payload = (n) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 0xff);
const SIZES = [1, 1023, 1024, 2048, 4096];

after(() => setHostAead(nodeAead));

describe("node:crypto AES-GCM beside the wasm cipher", () => {
  test("both seal the same bytes for the same randomness, and the host runs from 1 KiB", async () => {
    const [a, b] = await Promise.all([open({ randomSeed: 5 }), open({ randomSeed: 5 })]);
    const ka = (await a.createKey({})).KeyMetadata.KeyId;
    const kb = (await b.createKey({})).KeyMetadata.KeyId;
    assert.equal(ka, kb);
    for (const size of SIZES) {
      const input = { KeyId: ka, Plaintext: payload(size), EncryptionContext: { size: String(size) } };
      const spy = counting();
      const viaHost = await withHost(spy, () => a.encrypt(input));
      assert.equal(spy.calls.seal, size >= 1024 ? 1 : 0, `host seals for ${size} bytes`);
      const inWasm = await withHost(undefined, () => b.encrypt(input));
      assert.deepEqual(viaHost.CiphertextBlob, inWasm.CiphertextBlob, `${size} bytes`);
    }
  });

  test("each opens what the other sealed; tampering and a wrong context are caught by both", async () => {
    const kms = await open();
    const KeyId = (await kms.createKey({})).KeyMetadata.KeyId;
    const ctx = { app: "billing" };
    for (const size of [1100, 4096]) {
      const plain = payload(size);
      const sealedByHost = (await kms.encrypt({ KeyId, Plaintext: plain, EncryptionContext: ctx })).CiphertextBlob;
      const sealedInWasm = await withHost(undefined, () =>
        kms.encrypt({ KeyId, Plaintext: plain, EncryptionContext: ctx }),
      );
      const spy = counting();
      await withHost(spy, async () => {
        assert.deepEqual(
          (await kms.decrypt({ CiphertextBlob: sealedInWasm.CiphertextBlob, EncryptionContext: ctx })).Plaintext,
          plain,
        );
      });
      assert.equal(spy.calls.open, 1);
      await withHost(undefined, async () => {
        assert.deepEqual(
          (await kms.decrypt({ CiphertextBlob: sealedByHost, EncryptionContext: ctx })).Plaintext,
          plain,
        );
      });
      for (const host of [nodeAead, undefined]) {
        await withHost(host, async () => {
          for (const at of [120, sealedByHost.length - 1]) {
            // the ciphertext, then the tag
            const bad = Uint8Array.from(sealedByHost);
            bad[at] ^= 1;
            await rejects(kms.decrypt({ CiphertextBlob: bad, EncryptionContext: ctx }), "InvalidCiphertextException");
          }
          await rejects(
            kms.decrypt({ CiphertextBlob: sealedByHost, EncryptionContext: { app: "other" } }),
            "InvalidCiphertextException",
          );
        });
      }
    }
  });

  test("a host cipher that throws is not used; the answers stay the same", async () => {
    const [a, b] = await Promise.all([open({ randomSeed: 9 }), open({ randomSeed: 9 })]);
    const KeyId = (await a.createKey({})).KeyMetadata.KeyId;
    await b.createKey({});
    const broken = {
      seal() {
        throw new Error("no cipher here");
      },
      open() {
        throw new Error("no cipher here");
      },
    };
    const input = { KeyId, Plaintext: payload(2048) };
    const sealed = await withHost(broken, () => a.encrypt(input));
    assert.deepEqual(sealed.CiphertextBlob, (await b.encrypt(input)).CiphertextBlob);
    const opened = await withHost(broken, () => a.decrypt({ CiphertextBlob: sealed.CiphertextBlob }));
    assert.deepEqual(opened.Plaintext, input.Plaintext);
  });

  test("an encrypted file store sealed with one cipher opens with the other", { timeout: 60_000 }, async (t) => {
    const file = join(await tempDir(t), "kms.json");
    const passphrase = "two ciphers, one format";
    const spy = counting();
    const { CiphertextBlob } = await withHost(spy, async () => {
      const kms = await KeyManagementService.open({ file, passphrase });
      for (let i = 0; i < 5; i++) await kms.createKey({ Description: `key ${i} `.repeat(200) }); // journal lines past 1 KiB
      const KeyId = (await kms.listKeys({})).Keys[0].KeyId;
      const sealed = await kms.encrypt({ KeyId, Plaintext: payload(1500) });
      await kms.close();
      return sealed;
    });
    assert.ok(spy.calls.seal >= 6, `node:crypto sealed the journal lines and the blob (${spy.calls.seal} calls)`);
    let kms;
    await withHost(undefined, async () => {
      kms = await KeyManagementService.open({ file, passphrase });
      assert.deepEqual((await kms.decrypt({ CiphertextBlob })).Plaintext, payload(1500));
      await kms.createKey({ Description: "sealed in wasm ".repeat(100) });
      await kms.close();
    });
    kms = await KeyManagementService.open({ file, passphrase });
    assert.equal((await kms.listKeys({})).Keys.length, 6);
    await kms.close();
  });
});

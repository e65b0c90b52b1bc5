// All RSA (wrapping keys, their public keys, unwrapping and wrapping key material) and SigV4
// verification live in the extras module, not the main one: the main module exports and
// contains none of it and runs alone, answering import calls with a clear error; in Node the
// extras module is compiled only when an import first needs it. (Browsers: import-browser.test.mjs.)
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { promisify } from "node:util";
import { ROOT } from "./helpers.mjs";

const run = promisify(execFile);
const bytes = (name) => readFileSync(new URL(`../pkg/${name}`, import.meta.url));
/** The encoded arcs of rsaEncryption's OID (1.2.840.113549.1.1.1), which RSA key parsing needs. */
const RSA_OID = Buffer.from("2a864886f70d010101", "hex");

/** Runs an ES module in a fresh Node process (cwd: the repository); its stdout as JSON. */
async function runModule(script) {
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, timeout: 60_000 });
  return JSON.parse(stdout);
}

test("the main module exports, imports and contains no RSA or SigV4; the extras module exports them", () => {
  const main = new WebAssembly.Module(bytes("kms_wasm_bg.wasm"));
  const names = [...WebAssembly.Module.exports(main), ...WebAssembly.Module.imports(main)].map((e) => e.name);
  const rsa = names.filter((n) => /wrapkeymaterial|unwrap|wrappingkeypublic|rsa|oaep|pkcs|sigv4/i.test(n));
  assert.deepEqual(rsa, [], "no RSA or SigV4 export or import in the main module");
  assert.equal(
    bytes("kms_wasm_bg.wasm").indexOf(RSA_OID),
    -1,
    "no rsaEncryption OID: no RSA key parsing in the main module",
  );
  assert.doesNotMatch(
    readFileSync(new URL("../pkg/kms_wasm.js", import.meta.url), "utf8"),
    /export (function|class) (wrapKeyMaterial|unwrapKeyMaterial|wrappingKeyPublic|SigV4Verifier)\b/,
  );
  assert.match(
    readFileSync(new URL("../pkg/kms_wasm_extras.js", import.meta.url), "utf8"),
    /export class SigV4Verifier\b/,
  );
  const extras = WebAssembly.Module.exports(new WebAssembly.Module(bytes("kms_wasm_extras_bg.wasm"))).map((e) =>
    e.name.toLowerCase(),
  );
  for (const name of ["wrappingkeypublic", "unwrapkeymaterial", "wrapkeymaterial", "sigv4verifier_verify"]) {
    assert.ok(extras.includes(name), `the extras module exports ${name}`);
  }
  assert.notEqual(bytes("kms_wasm_extras_bg.wasm").indexOf(RSA_OID), -1);
});

test("the main module alone: the symmetric engine works; import calls answer KMSInternalException, never a panic", async () => {
  const r = await runModule(`
    import { readFileSync } from "node:fs";
    import * as wasm from "./pkg/kms_wasm.js";
    wasm.initSync({ module: readFileSync("./pkg/kms_wasm_bg.wasm") });
    const core = new wasm.KmsCore({});
    const call = (op, body) => {
      const text = core.handle("TrentService." + op, new TextEncoder().encode(JSON.stringify(body)));
      const nl = text.indexOf("\\n");
      return { status: JSON.parse(text.slice(0, nl))[0], body: JSON.parse(text.slice(nl + 1)) };
    };
    const key = call("CreateKey", {}).body.KeyMetadata.KeyId;
    const enc = call("Encrypt", { KeyId: key, Plaintext: "aGVsbG8=" });
    const external = call("CreateKey", { Origin: "EXTERNAL" }).body.KeyMetadata.KeyId;
    const params = call("GetParametersForImport", { KeyId: external, WrappingAlgorithm: "RSAES_OAEP_SHA_256", WrappingKeySpec: "RSA_2048" });
    let supplied;
    try { core.supplyWrappingKey(new Uint8Array(10)); } catch (e) { supplied = e.name + ": " + e.message; }
    const after = call("Decrypt", { CiphertextBlob: enc.body.CiphertextBlob });
    console.log(JSON.stringify({ enc: enc.status, params, supplied, after: after.status }));
  `);
  assert.equal(r.enc, 200);
  assert.equal(r.params.status, 500);
  assert.equal(r.params.body.__type, "KMSInternalException");
  assert.match(r.params.body.message, /extras module is not installed/);
  assert.match(r.supplied, /^ValidationException: .*extras module is not installed/);
  assert.equal(r.after, 200, "the engine goes on after the failed call");
});

test("Node: the extras module is compiled only when an import first needs it, and the import flow works", async () => {
  const r = await runModule(`
    let compiled = 0;
    const Module = WebAssembly.Module;
    WebAssembly.Module = new Proxy(Module, { construct(target, args) { compiled++; return new target(...args); } });
    const { KeyManagementService, wrapKeyMaterial } = await import("./js/node.js");
    const kms = await KeyManagementService.open({});
    const { KeyMetadata: { KeyId: plain } } = await kms.createKey({});
    await kms.decrypt((await kms.encrypt({ KeyId: plain, Plaintext: new Uint8Array([1, 2, 3]) })));
    const { KeyMetadata: { KeyId } } = await kms.createKey({ Origin: "EXTERNAL" });
    const beforeImport = compiled;
    const p = await kms.getParametersForImport({ KeyId, WrappingAlgorithm: "RSAES_OAEP_SHA_1", WrappingKeySpec: "RSA_2048" });
    const afterParameters = compiled;
    const KeyMaterial = new Uint8Array(32).fill(7);
    const EncryptedKeyMaterial = wrapKeyMaterial({ PublicKey: p.PublicKey, KeyMaterial, WrappingAlgorithm: "RSAES_OAEP_SHA_1" });
    await kms.importKeyMaterial({ KeyId, ImportToken: p.ImportToken, EncryptedKeyMaterial, ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE" });
    const state = (await kms.describeKey({ KeyId })).KeyMetadata.KeyState;
    await kms.close();
    console.log(JSON.stringify({ beforeImport, afterParameters, end: compiled, state }));
  `);
  assert.equal(r.beforeImport, 1, "only the main module was compiled for open, CreateKey, Encrypt and Decrypt");
  assert.equal(r.afterParameters, 2, "GetParametersForImport compiled the extras module");
  assert.equal(r.end, 2, "once");
  assert.equal(r.state, "Enabled");
});

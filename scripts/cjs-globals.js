// Globals of the Node entry taken from Node's own modules in the CommonJS build (js/node.cjs,
// scripts/build-cjs.mjs): test environments such as Jest's jsdom replace the global object
// with one that lacks some of them (TextDecoder, WebCrypto's subtle, Buffer).
export { Buffer as __kms_wasm_Buffer } from "node:buffer";
export { webcrypto as __kms_wasm_crypto } from "node:crypto";
export { TextDecoder, TextEncoder } from "node:util";

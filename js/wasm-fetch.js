// Loading a wasm module in browsers: fetched, checked to be WebAssembly (a dev server or a
// misconfigured bundler may answer an HTML page instead, which WebAssembly reports only as a
// wrong "magic word"), then compiled. The compiled module is kept by the caller, so workers
// can be handed it instead of fetching it again. Depends on fetch and WebAssembly only.

const MAGIC = [0x00, 0x61, 0x73, 0x6d];

/** The compiled module at `url`, or an Error that says what came back instead. */
export async function compileWasm(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`kms-wasm: cannot load ${url}: HTTP ${response.status}`);
  const type = response.headers.get("content-type") ?? "";
  // The common case compiles while it downloads.
  if (type.startsWith("application/wasm") && WebAssembly.compileStreaming)
    return WebAssembly.compileStreaming(response);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (!MAGIC.every((b, i) => bytes[i] === b)) {
    throw new Error(
      `kms-wasm: ${url} is not a WebAssembly module (the server sent ${type || "no content type"}). ` +
        'Serve the package\'s files as installed; with Vite, set optimizeDeps.exclude: ["kms-wasm"] (docs/browser.md).',
    );
  }
  return WebAssembly.compile(bytes);
}

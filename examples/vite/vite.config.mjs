// What Vite needs to know about kms-wasm (docs/browser.md); nothing else here is specific to it.
import { defineConfig } from "vite";

export default defineConfig({
  optimizeDeps: {
    // Serve the package's files as installed. Pre-bundled into node_modules/.vite/deps, its
    // `new URL("../pkg/kms_wasm_bg.wasm", import.meta.url)` names a file that is not there, and
    // the dev server answers index.html instead ("... is not a WebAssembly module").
    exclude: ["kms-wasm"],
  },
  build: {
    // The package awaits its wasm at top level, which the build target must allow. Vite 7's
    // default does; Vite 5 and 6 default to older browsers and stop with "Top-level await is
    // not available in the configured target environment".
    target: "es2022",
  },
});

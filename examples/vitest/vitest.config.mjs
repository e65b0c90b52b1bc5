import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.test.mjs"],
    globalSetup: ["./global-setup.mjs"], // starts kms-wasm serve once for the whole run
  },
});

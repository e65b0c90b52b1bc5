// Native ES modules: run Jest with NODE_OPTIONS=--experimental-vm-modules, no transform.
export default {
  testEnvironment: "node",
  transform: {},
  testMatch: ["**/*.test.mjs"],
  globalSetup: "./global-setup.mjs", // starts kms-wasm serve once for the whole run
  globalTeardown: "./global-teardown.mjs",
};

// CommonJS Jest, no transform and no flags: `require("kms-wasm")` loads the package's CommonJS
// build. The jsdom suite (dom.test.cjs) needs jest-environment-jsdom installed.
module.exports = {
  testEnvironment: "node",
  transform: {},
  testMatch: ["**/*.test.cjs"],
};

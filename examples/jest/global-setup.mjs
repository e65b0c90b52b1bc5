// Jest global setup: one kms-wasm endpoint, seeded from the fixture, for the whole run
// (startServer is `kms-wasm serve` in this process). Its URL reaches the test workers through
// the environment; the teardown stops it.
import { readFileSync } from "node:fs";
import { startServer } from "kms-wasm/server";

export default async function globalSetup() {
  const seed = readFileSync(new URL("../fixtures/kms-seed.json", import.meta.url), "utf8");
  const server = await startServer({ port: 0, seed });
  process.env.KMS_ENDPOINT = server.url;
  globalThis.kmsServer = server; // read by global-teardown.mjs
}

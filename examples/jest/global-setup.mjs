// Jest global setup: one `kms-wasm serve`, seeded from the fixture, for the whole run. Its URL
// reaches the test workers through the environment; the teardown stops it.
import { fileURLToPath } from "node:url";
import { startKms } from "../kms-server.mjs";

export default async function globalSetup() {
  const seed = fileURLToPath(new URL("../fixtures/kms-seed.json", import.meta.url));
  const server = await startKms(["--seed", seed]);
  process.env.KMS_ENDPOINT = server.url;
  globalThis.kmsServer = server; // read by global-teardown.mjs
}

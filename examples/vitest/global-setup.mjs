// Vitest global setup: one `kms-wasm serve`, seeded from the fixture, for the whole run; its
// URL reaches the tests through provide/inject.
import { fileURLToPath } from "node:url";
import { startKms } from "../kms-server.mjs";

export default async function setup({ provide }) {
  const seed = fileURLToPath(new URL("../fixtures/kms-seed.json", import.meta.url));
  const server = await startKms(["--seed", seed]);
  provide("kmsEndpoint", server.url);
  return () => server.stop(); // teardown
}

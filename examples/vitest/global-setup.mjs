// Vitest global setup: one kms-wasm endpoint, seeded from the fixture, for the whole run
// (startServer is `kms-wasm serve` in this process); its URL reaches the tests through
// provide/inject, and the function it returns stops it.
import { readFileSync } from "node:fs";
import { startServer } from "kms-wasm/server";

export default async function setup({ provide }) {
  const seed = readFileSync(new URL("../fixtures/kms-seed.json", import.meta.url), "utf8");
  const server = await startServer({ port: 0, seed });
  provide("kmsEndpoint", server.url);
  return () => server.close(); // teardown
}

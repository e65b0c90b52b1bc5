// What the @aws-sdk/client-kms suites share: a client against a `kms-wasm serve` spawned for
// the enclosing describe() (started before its tests, stopped after them), an in-process
// client, and a `serve` with two principals (Alice's and Bob's access keys) for the access tests.
import { after, before } from "node:test";
import { KMSClient } from "@aws-sdk/client-kms";
import { CREDS, REGION, startServer } from "./helpers.mjs";

/** `{ server, client }`, filled in before the describe()'s tests run. */
export function clientOverServe(args = []) {
  const ctx = {};
  before(async () => {
    ctx.server = await startServer(args);
    ctx.client = new KMSClient({ region: REGION, endpoint: ctx.server.url, credentials: CREDS, maxAttempts: 1 });
  });
  after(async () => {
    ctx.client?.destroy();
    await ctx.server?.stop();
  });
  return ctx;
}

/** A client that sends its requests to `kms` in-process, through `kms.requestHandler()`. */
export function clientInProcess(kms) {
  return new KMSClient({
    region: REGION,
    endpoint: "http://kms.invalid",
    credentials: CREDS,
    requestHandler: kms.requestHandler(),
    maxAttempts: 1,
  });
}

/**
 * `kms-wasm serve` with two `--credentials`, Alice's and Bob's access keys mapped to `alice`
 * and `bob` (principal ARNs), and an SDK client signing as each: `{ server, alice, bob, stop() }`.
 */
export async function twoPrincipals(alice, bob) {
  const server = await startServer([
    "--credentials",
    `AKIDALICE:alice-secret:${alice}`,
    "--credentials",
    `AKIDBOB:bob-secret:${bob}`,
  ]);
  const client = (accessKeyId, secretAccessKey) =>
    new KMSClient({
      region: REGION,
      endpoint: server.url,
      credentials: { accessKeyId, secretAccessKey },
      maxAttempts: 1,
    });
  const clients = { alice: client("AKIDALICE", "alice-secret"), bob: client("AKIDBOB", "bob-secret") };
  return {
    server,
    ...clients,
    async stop() {
      clients.alice.destroy();
      clients.bob.destroy();
      await server.stop();
    },
  };
}

export default async function globalTeardown() {
  await globalThis.kmsServer.close();
}

// Regenerates the README screenshot of the console (docs/console.png, or the path given): a
// demo state with keys in every state and an alarm, in a 1280x760 window. Needs a build
// (npm run build) and Debian's chromium. Usage: node scripts/console-screenshot.mjs [out.png]
import { launch, staticServer } from "../pkg-tests/browser-support.mjs";

const srv = await staticServer();
const b = await launch();
const page = await (await b.newContext({ viewport: { width: 1280, height: 760 } })).newPage();
await page.goto(`${srv.url}/www/`);
await page.waitForFunction(() => window.__consoleReady === true);
await page.evaluate(async () => {
  const { kms, wrapKeyMaterial } = window.__console;
  const mk = async (alias, input = {}) => {
    const { KeyMetadata } = await kms.createKey(input);
    await kms.createAlias({ AliasName: `alias/${alias}`, TargetKeyId: KeyMetadata.KeyId });
    return KeyMetadata.KeyId;
  };
  const legacy = await mk("payments-legacy", { Description: "old payment tokens" });
  const orders = await mk("orders", { Description: "order card numbers" });
  await kms.enableKeyRotation({ KeyId: orders, RotationPeriodInDays: 365 });
  const byok = await mk("byok-hsm", { Origin: "EXTERNAL", Description: "material from our HSM" });
  const p = await kms.getParametersForImport({
    KeyId: byok,
    WrappingAlgorithm: "RSAES_OAEP_SHA_256",
    WrappingKeySpec: "RSA_2048",
  });
  await kms.importKeyMaterial({
    KeyId: byok,
    ImportToken: p.ImportToken,
    ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE",
    EncryptedKeyMaterial: wrapKeyMaterial({
      PublicKey: p.PublicKey,
      KeyMaterial: crypto.getRandomValues(new Uint8Array(32)),
      WrappingAlgorithm: "RSAES_OAEP_SHA_256",
    }),
  });
  await mk("partner-import", { Origin: "EXTERNAL", Description: "waiting for the partner's material" });
  const reports = await mk("reports", { Description: "monthly reports" });
  await kms.disableKey({ KeyId: reports });
  await kms.advanceClock(40 * 86400);
  await kms.scheduleKeyDeletion({ KeyId: legacy, PendingWindowInDays: 14 });
  await kms.encrypt({ KeyId: legacy, Plaintext: new Uint8Array([1]) }).catch(() => {});
  window.location.hash = "#/keys?x";
});
await page.waitForSelector("#alarm-banner");
await page.waitForTimeout(300);
await page.evaluate(() => {
  for (const t of document.querySelectorAll(".toast")) t.remove();
});
await page.screenshot({ path: process.argv[2] ?? "docs/console.png" });
await b.close();
await srv.close();

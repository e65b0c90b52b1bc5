// The console (www/) and key policies, in a real browser: the Key policy tab's JSON and its
// administrators/users reading; the "deny Decrypt to bob" example saved; "Who can do what"
// calling as bob (DENIED, explicit deny), alice (ALLOWED) and others; the lockout safety check,
// its bypass and the way back; the schedule-deletion dialog's last usage after an Encrypt.
// Screenshots go to /tmp/console-*.png.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { browserSession, overflowing, shot } from "./browser-support.mjs";
import { badge, createKey, openConsole, WWW, whoCan } from "./console-support.mjs";
import { needs } from "./prerequisites.mjs";

const session = browserSession();
const ACCOUNT = "111122223333";
const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;
const BOB = `arn:aws:iam::${ACCOUNT}:user/bob`;

const open = (viewport) => openConsole(session, viewport && { viewport });

/** What the engine says, asked from the page as the console's own caller (the root user). */
const engine = (page, fn, arg) => page.evaluate(fn, arg);
const arnOf = (page, id) =>
  engine(page, async (k) => (await window.__console.kms.describeKey({ KeyId: k })).KeyMetadata.Arn, id);
const stateOf = (page, id) =>
  engine(page, async (k) => (await window.__console.kms.describeKey({ KeyId: k })).KeyMetadata.KeyState, id);
const savedPolicy = (page, id) =>
  engine(page, async (k) => JSON.parse((await window.__console.kms.getKeyPolicy({ KeyId: k })).Policy), id);

describe("the console's key policies in a browser", { skip: needs.browser.skip }, () => {
  test("Key policy tab: JSON, administrators and users, deny Decrypt to bob, who can do what", async () => {
    const { context, page, errors } = await open();
    const id = await createKey(page, session.server.url, { alias: "shared" });
    const arn = await arnOf(page, id);
    await page.click("#tab-policy");
    const json = JSON.parse(await page.inputValue("#policy-text"));
    assert.equal(json.Statement[0].Sid, "Enable IAM User Permissions");
    assert.equal(json.Statement[0].Principal.AWS, `arn:aws:iam::${ACCOUNT}:root`);
    for (const table of ["#policy-admins", "#policy-users"]) {
      const t = await page.textContent(table);
      assert.match(t, new RegExp(`Every principal of account ${ACCOUNT}`), `${table} names the account`);
      assert.match(t, /kms:\*/);
      assert.match(t, /Statement 1 \("Enable IAM User Permissions"\)/);
    }
    assert.equal(await page.locator("#policy-denies").count(), 0, "no denies in the default policy");
    assert.match(await page.textContent("#policy-reading"), /there is no IAM|kms-wasm has no IAM/);

    await page.click("#policy-example-deny-bob");
    const edited = JSON.parse(await page.inputValue("#policy-text"));
    assert.deepEqual(edited.Statement.at(-1), {
      Sid: "DenyDecryptToBob",
      Effect: "Deny",
      Principal: { AWS: BOB },
      Action: "kms:Decrypt",
      Resource: "*",
    });
    assert.equal(edited.Statement.length, 2, "the account's statement is kept");
    assert.match(await page.textContent("#policy-status"), /Not saved yet/);
    assert.equal((await savedPolicy(page, id)).Statement.length, 1, "the example alone saves nothing");
    await page.click("#policy-save");
    await page.waitForSelector(".toast >> text=Key policy saved");
    assert.equal((await savedPolicy(page, id)).Statement[1].Sid, "DenyDecryptToBob");
    const denies = await (await page.waitForSelector("#policy-denies")).textContent();
    assert.match(denies, new RegExp(`${BOB}.*kms:Decrypt.*Statement 2 \\("DenyDecryptToBob"\\)`));

    const bob = await whoCan(page, "bob", "Decrypt");
    assert.equal(bob.verdict, "DENIED");
    assert.equal(
      bob.error,
      `AccessDeniedException: User: ${BOB} is not authorized to perform: kms:Decrypt on resource: ${arn} with an explicit deny in a resource-based policy`,
    );
    assert.match(bob.why, /Statement 2 \("DenyDecryptToBob"\) denies it: an explicit Deny wins/);
    assert.match(bob.why, /conditions are judged by KMS/);
    await shot(page, "who-can-bob");

    const alice = await whoCan(page, "alice", "Decrypt");
    assert.equal(alice.verdict, "ALLOWED");
    assert.equal(alice.error, undefined);
    assert.match(alice.out, /Decrypt succeeded as this principal/);
    assert.match(alice.why, /Statement 1 \("Enable IAM User Permissions"\) allows it, and no statement denies it/);
    assert.equal((await whoCan(page, "bob", "Encrypt")).verdict, "ALLOWED", "bob is denied Decrypt only");
    assert.equal((await whoCan(page, "role", "GenerateDataKey")).verdict, "ALLOWED", "a role session of the account");

    const eve = `arn:aws:iam::444455556666:user/eve`;
    const outsider = await whoCan(page, eve, "DescribeKey");
    assert.equal(outsider.verdict, "DENIED");
    assert.equal(
      outsider.error,
      `AccessDeniedException: User: ${eve} is not authorized to perform: kms:DescribeKey on resource: ${arn} because no resource-based policy allows the kms:DescribeKey action`,
    );
    assert.match(outsider.why, /No statement allows it/);

    // Operations that change the key: DisableKey is undone, PutKeyPolicy saves the same policy, deletion is not called.
    const disable = await whoCan(page, "alice", "DisableKey");
    assert.equal(disable.verdict, "ALLOWED");
    assert.match(disable.out, /Undone: the console enabled the key again/);
    assert.equal(await stateOf(page, id), "Enabled");
    assert.equal((await whoCan(page, "bob", "PutKeyPolicy")).verdict, "ALLOWED");
    assert.equal((await savedPolicy(page, id)).Statement[1].Sid, "DenyDecryptToBob", "the policy is unchanged");
    const schedule = await whoCan(page, "bob", "ScheduleKeyDeletion");
    assert.equal(schedule.verdict, "WOULD BE ALLOWED (not called)");
    assert.equal(await stateOf(page, id), "Enabled");
    assert.deepEqual(
      await page.locator("#who-operation option").evaluateAll((o) => o.map((x) => x.value)),
      [
        "Encrypt",
        "Decrypt",
        "GenerateDataKey",
        "DescribeKey",
        "GetKeyPolicy",
        "DisableKey",
        "PutKeyPolicy",
        "ScheduleKeyDeletion",
      ],
      "a symmetric key offers no Sign, Verify or MAC",
    );

    const refused = await engine(page, () => window.__console.kms.auditLog({ failedOnly: true }));
    assert.ok(
      refused.some(
        (e) => e.eventName === "Decrypt" && e.errorCode === "AccessDeniedException" && e.userIdentity.arn === BOB,
      ),
      "bob's refused Decrypt is in the audit log under his name",
    );
    assert.ok(
      (await engine(page, () => window.__console.kms.auditLog({ eventName: "Decrypt" }))).some(
        (e) => e.userIdentity.arn === ALICE && !e.errorCode,
      ),
    );
    errors.check("key policy tab");
    await context.close();
  });

  test("a signing key's Who can do what offers Sign and Verify, and runs them as the principal", async () => {
    const { context, page, errors } = await open();
    await page.goto(`${session.server.url}${WWW}#/create?fresh`);
    await page.waitForSelector("#create-wizard");
    await page.check("#type-asymmetric");
    await page.check("#usage-sign");
    await page.check("#spec-ECC_NIST_P256");
    await page.click("#wizard-next");
    await page.fill("#alias", "signer");
    await page.click("#wizard-next");
    await page.waitForSelector("dl.summary");
    await page.click("#wizard-next");
    await page.waitForSelector(".key-page");
    await page.click("#tab-policy");
    await page.waitForSelector("#who-operation");
    const ops = await page.locator("#who-operation option").evaluateAll((o) => o.map((x) => x.value));
    assert.ok(ops.includes("Sign") && ops.includes("Verify") && ops.includes("GetPublicKey"));
    assert.ok(!ops.includes("Encrypt") && !ops.includes("GenerateDataKey"));
    assert.equal((await whoCan(page, "alice", "Sign")).verdict, "ALLOWED");
    assert.equal((await whoCan(page, "bob", "Verify")).verdict, "ALLOWED");
    errors.check("signing key");
    await context.close();
  });

  test("the lockout safety check: refused with a hint, saved with the bypass, and the way back", async () => {
    const { context, page, errors } = await open();
    const id = await createKey(page, session.server.url, { alias: "locked" });
    await page.click("#tab-policy");
    const aliceOnly = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Sid: "AliceOnly", Effect: "Allow", Principal: { AWS: ALICE }, Action: "kms:*", Resource: "*" }],
    });
    await page.fill("#policy-text", aliceOnly);
    await page.click("#policy-save");
    const error = await (await page.waitForSelector("#policy-error .form-error")).textContent();
    assert.equal(
      error,
      "MalformedPolicyDocumentException: The new key policy will not allow you to update the key policy in the future.",
    );
    assert.match(await page.textContent("#policy-hint"), /lockout safety check.*could not call PutKeyPolicy again/);
    assert.match(await page.textContent("#policy-bypass-warning"), /BypassPolicyLockoutSafetyCheck/);
    assert.equal((await savedPolicy(page, id)).Statement[0].Sid, "Enable IAM User Permissions", "nothing saved");
    assert.equal(await page.inputValue("#policy-text"), aliceOnly, "the editor keeps the text");
    await shot(page, "policy-lockout");

    await page.click("#policy-bypass");
    await page.waitForSelector(".toast >> text=without the lockout safety check");
    const locked = await (await page.waitForSelector("#locked-out")).textContent();
    assert.match(
      locked,
      /AccessDeniedException: User: arn:aws:iam::111122223333:root is not authorized to perform: kms:DescribeKey/,
    );
    assert.match(locked, /lockout safety check protects against/);
    await page.goto(`${session.server.url}${WWW}#/keys`);
    const row = await (await page.waitForSelector(`tr[data-key-id="${id}"]`)).textContent();
    assert.match(row, /No access/);

    await page.click(`tr[data-key-id="${id}"] .key-link`);
    await page.waitForSelector("#recover-principal");
    await page.fill("#recover-principal", BOB);
    await page.click("#recover-restore");
    assert.match(
      await (await page.waitForSelector("#recover-out .form-error")).textContent(),
      /AccessDeniedException: User: .*user\/bob .*kms:PutKeyPolicy/,
    );
    await page.fill("#recover-principal", ALICE);
    await page.click("#recover-restore");
    await page.waitForSelector(".toast >> text=Default key policy restored");
    assert.equal(await badge(page).textContent(), "Enabled");
    assert.equal((await savedPolicy(page, id)).Statement[0].Principal.AWS, `arn:aws:iam::${ACCOUNT}:root`);
    errors.check("lockout");
    await context.close();
  });

  test("the schedule-deletion dialog shows the key's last use, after an Encrypt", async () => {
    const { context, page, errors } = await open();
    const id = await createKey(page, session.server.url, { alias: "used" });
    await page.click("#action-schedule-deletion");
    const never = await (await page.waitForSelector("#deletion-last-used-text")).textContent();
    assert.match(never, /^No cryptographic use since tracking began on \d{4}-\d\d-\d\d \d\d:\d\d UTC\.$/);
    assert.match(await page.textContent("#deletion-last-used"), /look for recent use.*disable it first/);
    await page.click("#dialog-cancel");

    await page.click("#tab-crypto");
    await page.click("#pg-encrypt");
    await page.waitForSelector("#pg-ciphertext");
    const [event] = await engine(page, (k) => window.__console.kms.auditLog({ keyId: k, eventName: "Encrypt" }), id);
    await page.click("#action-schedule-deletion");
    const used = await (await page.waitForSelector("#deletion-last-used-text")).textContent();
    const when = event.eventTime.replace("T", " ").replace(/\.\d+Z$|Z$/, "");
    assert.equal(used, `Last used: Encrypt on ${when} UTC (CloudTrail event ${event.eventID}).`);
    await shot(page, "deletion-last-used");
    await page.click("#dialog-cancel");
    assert.equal(await stateOf(page, id), "Enabled", "cancelled: nothing scheduled");
    errors.check("deletion dialog");
    await context.close();
  });

  test("a phone's width: the Key policy tab fits without sideways scrolling", async () => {
    const { context, page, errors } = await open({ width: 375, height: 740 });
    await createKey(page, session.server.url, { alias: "narrow-policy" });
    await page.click("#tab-policy");
    await whoCan(page, "bob", "Decrypt");
    assert.deepEqual(await overflowing(page), [], "the Key policy tab fits");
    errors.check("narrow key policy tab");
    await context.close();
  });
});

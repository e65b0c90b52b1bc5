// The console's Grants tab in a real browser: under a key policy that allows only the account's
// root user (by a condition on aws:PrincipalArn) and alice, a grant made through the tab lets
// bob Encrypt and Decrypt, and nothing else, as "Who can do what" shows (naming the grant);
// a constrained grant and the Retire and Revoke buttons. Screenshots go to /tmp/console-*.png.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { browserSession, overflowing, shot } from "./browser-support.mjs";
import { createKey, openConsole, whoCan } from "./console-support.mjs";
import { needs } from "./prerequisites.mjs";

const session = browserSession();
const ACCOUNT = "111122223333";
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;
const BOB = `arn:aws:iam::${ACCOUNT}:user/bob`;
const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/App/session-1`;
/** The root user administers (and, for the console's own preparations, uses) the key; alice uses it; bob is not named. */
const POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "RootOnly",
      Effect: "Allow",
      Principal: { AWS: ROOT },
      Action: "kms:*",
      Resource: "*",
      Condition: { ArnEquals: { "aws:PrincipalArn": ROOT } },
    },
    { Sid: "Alice", Effect: "Allow", Principal: { AWS: ALICE }, Action: "kms:*", Resource: "*" },
  ],
});

const open = (viewport) => openConsole(session, viewport && { viewport });

/** The key's grants, asked from the page as the console's own caller (the root user). */
const grantsOf = (page, id) =>
  page.evaluate(async (k) => (await window.__console.kms.listGrants({ KeyId: k })).Grants, id);
/** Fills the Grants tab's form and creates the grant; resolves to the new GrantToken shown. */
async function createGrant(page, { preset, ops, constraint, pairs = [], name }) {
  await page.click("#tab-grants");
  await page.waitForSelector("#grant-create");
  await page.click(`#grant-preset-${preset}`);
  for (const op of ops) await page.check(`#grant-op-${op}`);
  if (constraint) await page.selectOption("#grant-constraint", constraint);
  for (const [i, [k, v]] of pairs.entries()) {
    await page.fill(`#grant-ctx-key-${i}`, k);
    await page.fill(`#grant-ctx-value-${i}`, v);
  }
  if (name) await page.fill("#grant-name", name);
  await page.click("#grant-create");
  return (await page.waitForSelector("#grant-token")).inputValue();
}

const row = (page, grantId) => page.locator(`#grants-table tr[data-grant-id="${grantId}"]`);

describe("the console's Grants tab in a browser", { skip: needs.browser.skip }, () => {
  test("a grant lets bob decrypt, Who can do what names it, and retiring it ends it", async () => {
    const { context, page, errors } = await open();
    const id = await createKey(page, session.server.url, { alias: "granted" });
    await page.click("#tab-policy");
    await page.fill("#policy-text", POLICY);
    await page.click("#policy-save");
    await page.waitForSelector(".toast >> text=Key policy saved");

    const before = await whoCan(page, "bob", "Decrypt");
    assert.equal(before.verdict, "DENIED", "the policy does not allow bob");
    assert.match(
      before.error,
      /user\/bob is not authorized to perform: kms:Decrypt .* because no resource-based policy/,
    );

    await page.click("#tab-grants");
    assert.equal(await (await page.waitForSelector("#grants-empty")).textContent(), "This key has no grants.");
    assert.deepEqual(
      await page.locator("#grant-ops input").evaluateAll((o) => o.map((x) => x.value)),
      [
        "Encrypt",
        "Decrypt",
        "GenerateDataKey",
        "GenerateDataKeyWithoutPlaintext",
        "GenerateDataKeyPair",
        "GenerateDataKeyPairWithoutPlaintext",
        "ReEncryptFrom",
        "ReEncryptTo",
        "CreateGrant",
        "RetireGrant",
        "DescribeKey",
      ],
      "a symmetric key offers what it can grant, and no Sign or MAC",
    );
    assert.match(await page.textContent("#grants-retire-revoke"), /users clean up.*administrator cancelling/);
    assert.match(await page.textContent("#section-grants"), /temporary, narrow and programmatic.*EBS/);

    // The form's own check, then KMS's.
    await page.click("#grant-create");
    assert.equal(await page.textContent("#grant-out"), "Pick at least one operation.");
    await page.check("#grant-op-CreateGrant");
    await page.click("#grant-create");
    assert.match(
      await (await page.waitForSelector("#grant-out .form-error")).textContent(),
      /^ValidationException: .*CreateGrant/,
    );
    await page.uncheck("#grant-op-CreateGrant");
    assert.equal((await grantsOf(page, id)).length, 0, "nothing created");

    const token = await createGrant(page, { preset: "bob", ops: ["Encrypt", "Decrypt"], name: "bob-crypto" });
    const [grant] = await grantsOf(page, id);
    assert.deepEqual(
      [grant.GranteePrincipal, grant.Operations, grant.Name, grant.Constraints],
      [BOB, ["Encrypt", "Decrypt"], "bob-crypto", undefined],
    );
    assert.ok(token.length > 20, "the token is shown");
    assert.equal(await page.textContent("#grant-id"), grant.GrantId);
    assert.match(await page.textContent("#grant-created"), /GrantTokens/);
    const cells = await row(page, grant.GrantId).locator("td").allTextContents();
    assert.deepEqual(cells.slice(0, 6), [
      `${grant.GrantId.slice(0, 10)}…`,
      BOB,
      "Encrypt, Decrypt",
      "None",
      "—",
      "bob-crypto",
    ]);
    assert.match(cells[6], /^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    await shot(page, "grants");

    const allowed = await whoCan(page, "bob", "Decrypt");
    assert.equal(allowed.verdict, "ALLOWED");
    assert.match(
      allowed.grant,
      new RegExp(`^Allowed by a grant, not by the policy: grant ${grant.GrantId.slice(0, 10)}…`),
    );
    assert.match(allowed.grant, /\("bob-crypto"\) gives .*user\/bob Encrypt, Decrypt/);
    assert.equal(allowed.disagree, undefined, "the grant explains KMS's answer");
    const other = await whoCan(page, "bob", "GenerateDataKey");
    assert.equal(other.verdict, "DENIED", "the grant lists Encrypt and Decrypt only");
    assert.match(other.error, /kms:GenerateDataKey/);
    const alice = await whoCan(page, "alice", "Decrypt");
    assert.equal(alice.verdict, "ALLOWED");
    assert.equal(alice.grant, undefined, "alice is allowed by the policy, not a grant");

    await page.click("#tab-grants");
    await row(page, grant.GrantId).locator(".grant-retire").click();
    await page.waitForSelector(".toast >> text=retired");
    await page.waitForSelector("#grants-empty");
    assert.equal(await page.locator("#grant-token").count(), 0, "the retired grant's token is gone");
    assert.deepEqual(await grantsOf(page, id), []);
    const after = await whoCan(page, "bob", "Decrypt");
    assert.equal(after.verdict, "DENIED", "retired: bob may no longer decrypt");
    assert.equal(after.grant, undefined);
    errors.check("grants tab");
    await context.close();
  });

  test("a constrained grant for a role session, and Revoke", async () => {
    const { context, page, errors } = await open();
    const id = await createKey(page, session.server.url, { alias: "constrained" });
    await page.click("#tab-policy");
    await page.fill("#policy-text", POLICY);
    await page.click("#policy-save");
    await page.waitForSelector(".toast >> text=Key policy saved");
    await createGrant(page, {
      preset: "role",
      ops: ["Decrypt"],
      constraint: "EncryptionContextSubset",
      pairs: [["app", "billing"]],
    });
    const [grant] = await grantsOf(page, id);
    assert.equal(grant.GranteePrincipal, SESSION);
    assert.deepEqual(grant.Constraints, { EncryptionContextSubset: { app: "billing" } });
    assert.equal(await row(page, grant.GrantId).locator("td").nth(3).textContent(), "Context includes app=billing");
    // Who can do what decrypts with no encryption context: the constraint is not met.
    assert.equal((await whoCan(page, "role", "Decrypt")).verdict, "DENIED");

    await page.click("#tab-grants");
    await row(page, grant.GrantId).locator(".grant-revoke").click();
    await page.waitForSelector(".toast >> text=revoked");
    await page.waitForSelector("#grants-empty");
    assert.deepEqual(await grantsOf(page, id), []);
    const revoked = await page.evaluate(() => window.__console.kms.auditLog({ eventName: "RevokeGrant" }));
    assert.equal(revoked.length, 1);
    errors.check("constrained grant");
    await context.close();
  });

  test("a phone's width: the Grants tab fits without sideways scrolling", async () => {
    const { context, page, errors } = await open({ width: 375, height: 740 });
    await createKey(page, session.server.url, { alias: "narrow-grants" });
    await createGrant(page, { preset: "bob", ops: ["Decrypt"] });
    assert.deepEqual(await overflowing(page), [], "the Grants tab fits");
    errors.check("narrow grants tab");
    await context.close();
  });
});

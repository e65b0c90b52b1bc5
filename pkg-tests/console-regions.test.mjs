// The console's Region selector in a real browser: a key made in eu-west-1 is listed there and
// not in us-east-1, the audit log shows the chosen Region's events, and the choice survives a
// reload; a multi-Region key made in us-east-1 is replicated to eu-west-1 from its Regionality
// tab, the link leads to the replica (listed as a replica there) and Back to the primary; the
// selector fits a phone. Screenshots go to /tmp/console-*.png.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { browserSession, overflowing, shot } from "./browser-support.mjs";
import { createKey, openConsole, PHONE, ready, WWW } from "./console-support.mjs";
import { needs } from "./prerequisites.mjs";

const session = browserSession();

/** Chooses `region` in the navigation and waits until the page shown is drawn in it. */
async function chooseRegion(page, region) {
  await page.selectOption("#region-select", region);
  await waitForRegion(page, region);
}

/** Waits until the console works in `region`: the selector, the top bar and the page agree. */
async function waitForRegion(page, region) {
  await page.waitForFunction(
    (r) =>
      window.__console.region === r &&
      document.getElementById("region-select").value === r &&
      document.getElementById("where-region").textContent === r &&
      document.querySelector("#view h1") !== null,
    region,
  );
}

/** The text of `sel` once it names `region` (the view drawn again after a switch). */
async function regionHint(page, sel, region) {
  const named = ([s, r]) => {
    const text = document.querySelector(s)?.textContent ?? "";
    return text.includes(r) && text;
  };
  return (await page.waitForFunction(named, [sel, region])).jsonValue();
}
const keyRow = (page, id) => page.locator(`#keys-table tr[data-key-id="${id}"]`);

async function openKeys(page) {
  await page.click('#nav a[data-view="keys"]');
  await page.waitForSelector("#keys-region");
}

/** The audit table's event names, as shown (the console's own reads hidden, as by default). */
const auditNames = (page) =>
  page.locator("#audit-table tr[data-event]").evaluateAll((r) => r.map((x) => x.dataset.event));

/** Walks the wizard with "Multi-Region key" ticked; resolves to the new key's id and the review's text. */
async function createMultiRegion(page, alias) {
  await page.goto(`${session.server.url}${WWW}#/create?fresh`);
  await page.waitForSelector("#create-wizard");
  assert.match(await page.textContent("#regionality"), /same key id and key material/, "one sentence says what it is");
  await page.check("#multi-region");
  await page.click("#wizard-next");
  await page.fill("#alias", alias);
  await page.click("#wizard-next");
  const review = await (await page.waitForSelector("dl.summary")).textContent();
  await page.click("#wizard-next");
  await page.waitForSelector(".key-page");
  return { id: await page.getAttribute(".key-page", "data-key-id"), review };
}

describe("the console's Region selector in a browser", { skip: needs.browser.skip }, () => {
  test("a key made in eu-west-1 is listed there only, the audit log follows, the choice survives a reload", async () => {
    const { context, page, errors } = await openConsole(session);
    await page.click('#nav a[data-view="keys"]'); // a fresh console lands on Start here
    await waitForRegion(page, "us-east-1");
    const offered = await page.locator("#region-select option").evaluateAll((o) => o.map((x) => x.value));
    for (const r of ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2", "ap-northeast-1"])
      assert.ok(offered.includes(r), `${r} is offered`);
    assert.match(await page.textContent("#region-select option:checked"), /^us-east-1 · US East \(N\. Virginia\)$/);

    await chooseRegion(page, "eu-west-1");
    assert.match(await regionHint(page, "#keys-region", "eu-west-1"), /The keys in eu-west-1\./);
    assert.match(await page.textContent(".empty"), /No keys in eu-west-1 yet/);
    const id = await createKey(page, session.server.url, { alias: "irish" });
    assert.match(
      await page.textContent("dl.summary"),
      /arn:aws:kms:eu-west-1:111122223333:key\//,
      "its ARN names eu-west-1",
    );
    assert.match(await page.textContent(".crumbs"), /Customer managed keys \(eu-west-1\)/);
    assert.equal(await page.textContent("#detail-regionality"), "Single-Region");
    assert.equal(await page.locator("#tab-regionality").count(), 0, "no Regionality tab for a single-Region key");

    await openKeys(page);
    assert.equal(await keyRow(page, id).count(), 1, "listed in eu-west-1");
    assert.match(await page.textContent("#keys-table"), /alias\/irish/);

    // On a key's page, switching leads to the key list: a key id belongs to its Region.
    await page.click(`#keys-table tr[data-key-id="${id}"] a.key-link`);
    await page.waitForSelector(".key-page");
    await chooseRegion(page, "us-east-1");
    assert.match(page.url(), /#\/keys$/);
    assert.match(await regionHint(page, "#keys-region", "us-east-1"), /The keys in us-east-1\./);
    assert.equal(await keyRow(page, id).count(), 0, "not listed in us-east-1");
    assert.match(await page.textContent(".empty"), /No keys in us-east-1 yet/);
    const east = await page.evaluate(async () => (await window.__console.kms.listKeys({})).Keys.map((k) => k.KeyId));
    assert.ok(!east.includes(id), "the engine agrees: ListKeys in us-east-1 does not have it");

    // The audit log: the chosen Region's events, and it says so.
    await chooseRegion(page, "eu-west-1");
    await page.click('#nav a[data-view="audit"]');
    assert.match(await regionHint(page, "#audit-region", "eu-west-1"), /^Events in eu-west-1 only/);
    const irish = await auditNames(page);
    assert.ok(irish.includes("CreateKey") && irish.includes("CreateAlias"), `eu-west-1's events: ${irish}`);
    const regions = await page.evaluate(async () => [
      ...new Set((await window.__console.kms.auditLog({})).map((e) => e.awsRegion)),
    ]);
    assert.deepEqual(regions, ["eu-west-1"], "the view's audit trail is eu-west-1's");
    await shot(page, "regions-audit");
    await chooseRegion(page, "us-east-1");
    assert.match(await regionHint(page, "#audit-region", "us-east-1"), /^Events in us-east-1 only/);
    assert.ok(!(await auditNames(page)).includes("CreateKey"), "no key was created in us-east-1");

    // Remembered: a reload opens in the Region chosen last.
    await chooseRegion(page, "eu-west-1");
    await openKeys(page);
    // A Region off the list that holds a key (made through the API) is offered once the console opens again.
    const cape = await page.evaluate(
      async () => (await window.__console.service.inRegion("af-south-1").createKey({})).KeyMetadata.KeyId,
    );
    await page.reload();
    await ready(page);
    await waitForRegion(page, "eu-west-1");
    await page.waitForSelector("#keys-region");
    assert.equal(await keyRow(page, id).count(), 1, "after the reload, eu-west-1's key list");
    await shot(page, "regions-keys");
    assert.equal(await page.locator('#region-select option[value="af-south-1"]').count(), 1, "af-south-1 offered");

    // A link may name the Region (`?region=`), as the Regionality tab's and the alarm's do.
    await page.goto(`${session.server.url}${WWW}#/keys?region=af-south-1`);
    await waitForRegion(page, "af-south-1");
    await regionHint(page, "#keys-region", "af-south-1");
    assert.equal(await keyRow(page, cape).count(), 1, "af-south-1's key");
    assert.equal(await keyRow(page, id).count(), 0);
    errors.check("Region selector");
    await context.close();
  });

  test("a multi-Region key: replicate from its Regionality tab, follow the link, listed as a replica", async () => {
    const { context, page, errors } = await openConsole(session);
    await waitForRegion(page, "us-east-1");
    const { id, review } = await createMultiRegion(page, "everywhere");
    assert.match(review, /Regionus-east-1/, "the review names the Region");
    assert.match(review, /RegionalityMulti-Region key/);
    assert.match(id, /^mrk-[0-9a-f]{32}$/, "a multi-Region key id");
    assert.equal(await page.textContent("#detail-regionality"), "Multi-Region primary key");

    await page.click("#tab-regionality");
    await page.waitForSelector("#mrk-config");
    assert.equal(await page.textContent("#mrk-type"), "Multi-Region primary key");
    assert.match(await page.textContent("#mrk-config"), /Primary keyus-east-1 · US East \(N\. Virginia\) \(this key\)/);
    assert.equal(await page.textContent("#mrk-replicas"), "None yet.");
    assert.match(await page.textContent("#section-regionality"), /ciphertext from one decrypts with the other/);
    const targets = await page.locator("#replicate-region option").evaluateAll((o) => o.map((x) => x.value));
    assert.ok(!targets.includes("us-east-1") && targets.includes("eu-west-1"), "the primary's Region is not offered");
    await page.selectOption("#replicate-region", "eu-west-1");
    await page.click("#replicate-key");
    await page.waitForSelector(".toast >> text=Replica created in eu-west-1");
    const link = await page.waitForSelector("#replica-link-eu-west-1");
    assert.equal(await link.textContent(), "eu-west-1 · Europe (Ireland)");
    await shot(page, "regions-primary");

    // The link switches the console to the replica's Region, on the same key id.
    await link.click();
    await waitForRegion(page, "eu-west-1");
    await page.waitForFunction(() => document.getElementById("mrk-type")?.textContent === "Multi-Region replica key");
    assert.equal(await page.getAttribute(".key-page", "data-key-id"), id, "the same key id");
    assert.match(page.url(), new RegExp(`#/keys/${id}/regionality\\?region=eu-west-1$`));
    assert.match(await page.textContent(".crumbs"), /\(eu-west-1\)/);
    assert.match(await page.textContent("#mrk-config"), /eu-west-1 · Europe \(Ireland\) \(this key\)/);
    assert.equal(await page.locator("#replicate-form").count(), 0, "replicas are made from the primary only");
    const meta = await page.evaluate(
      async (k) => (await window.__console.kms.describeKey({ KeyId: k })).KeyMetadata,
      id,
    );
    assert.equal(meta.MultiRegionConfiguration.MultiRegionKeyType, "REPLICA", "the engine agrees");
    assert.match(meta.Arn, /:eu-west-1:/);
    await page.click("#tab-rotation");
    assert.match(await page.textContent("#section-rotation"), /Managed on the primary key/);

    await openKeys(page);
    const row = keyRow(page, id);
    assert.equal(await row.getAttribute("data-multi-region"), "REPLICA", "listed as a replica in eu-west-1");
    assert.equal(await row.locator(".badge.mrk").textContent(), "MRK replica");
    assert.match(await row.textContent(), /—/, "its aliases are its own: none yet");
    await shot(page, "regions-replica-list");

    // Back returns to each page in the Region it was shown in: the replica's tabs, then the primary.
    await page.goBack();
    await page.waitForSelector("#section-rotation");
    await page.goBack();
    await page.waitForFunction(() => document.getElementById("mrk-type")?.textContent === "Multi-Region replica key");
    assert.equal(await page.evaluate(() => window.__console.region), "eu-west-1");
    await page.goBack();
    await waitForRegion(page, "us-east-1");
    await page.waitForFunction(() => document.getElementById("mrk-type")?.textContent === "Multi-Region primary key");
    // And the primary link from the replica leads back too.
    await page.click("#replica-link-eu-west-1");
    await waitForRegion(page, "eu-west-1");
    await page.click("#mrk-primary-link");
    await waitForRegion(page, "us-east-1");
    await page.waitForFunction(() => document.getElementById("mrk-type")?.textContent === "Multi-Region primary key");
    await openKeys(page);
    assert.equal(await keyRow(page, id).getAttribute("data-multi-region"), "PRIMARY");
    assert.equal(await keyRow(page, id).locator(".badge.mrk").textContent(), "MRK primary");
    errors.check("multi-Region key");
    await context.close();
  });

  test("on a phone the selector fits, and the Regionality tab too", async () => {
    const { context, page, errors } = await openConsole(session, PHONE);
    const select = page.locator("#region-select");
    assert.ok(await select.isVisible(), "the selector is shown on a phone");
    await chooseRegion(page, "ap-southeast-2"); // the longest name on the list
    const box = await select.boundingBox();
    const width = await page.evaluate(() => window.innerWidth);
    assert.ok(box.x >= 0 && box.x + box.width <= width, `the selector (${box.x}+${box.width}) fits ${width} px`);
    assert.deepEqual(await overflowing(page), [], "nothing sticks out");
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(scroll <= 0, "no horizontal scrolling");
    await shot(page, "regions-phone");

    const id = await page.evaluate(async () => {
      const kms = window.__console.kms;
      const { KeyMetadata } = await kms.createKey({ MultiRegion: true });
      await kms.replicateKey({ KeyId: KeyMetadata.KeyId, ReplicaRegion: "eu-central-1" });
      return KeyMetadata.KeyId;
    });
    await page.goto(`${session.server.url}${WWW}#/keys/${id}/regionality`);
    await page.waitForSelector("#replicate-form");
    assert.deepEqual(await overflowing(page), [], "the Regionality tab fits");
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)) <= 0);
    await shot(page, "regions-phone-regionality");
    errors.check("Regions on a phone");
    await context.close();
  });
});

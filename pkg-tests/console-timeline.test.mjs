// The console's Timeline tab and clock bar in a browser: events of one moment stacked apart and
// each labelled, bars for Disabled, Pending deletion, Pending import and material present, axis
// labels that never repeat, a phone with nothing sticking out and the lanes' names in view however
// far the picture scrolls; "Jump to next event" landing on the exact next token expiry, rotation,
// deletion and material expiry (and the state changing with it); a date before now refused with
// the reason, the clock unmoved.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { browserSession, overflowing, shot } from "./browser-support.mjs";
import { createKey, openConsole, PHONE, WWW } from "./console-support.mjs";
import { needs } from "./prerequisites.mjs";

const session = browserSession();

/** The engine's virtual now, in epoch ms. */
const engineNow = (page) => page.evaluate(() => window.__console.service.now().getTime());

/** Whether two DOM rects share any area. */
const meet = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The Timeline tab of the key page shown: its pins (kind, label, accessible name, boxes), bars and tick labels. */
async function timeline(page) {
  await page.click("#tab-timeline");
  await page.waitForSelector("#timeline-svg");
  await page.waitForTimeout(50); // the picture is drawn again at its box's width
  return page.evaluate(() => {
    const box = (el) => {
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    };
    return {
      pins: [...document.querySelectorAll("#timeline-svg g.point")].map((g) => ({
        kind: g.dataset.kind,
        name: g.getAttribute("aria-label"),
        label: g.querySelector(".point-label")?.textContent ?? "",
        marker: box(g.querySelector(".marker") ?? g.querySelector("circle, path, rect")),
        text: g.querySelector(".point-label") && box(g.querySelector(".point-label")),
      })),
      bars: [...document.querySelectorAll("#timeline-svg g.span")].map((g) => ({
        kind: g.dataset.kind,
        name: g.getAttribute("aria-label"),
        width: box(g).width,
      })),
      ticks: [...document.querySelectorAll("#timeline-svg text.tick:not(.caption)")].map((t) => t.textContent),
    };
  });
}

/** The lanes' names beside the picture: text, left and right edges, with the viewport's width and the box's edges. */
const laneNames = (page) =>
  page.locator("#timeline-wrap .lane-name").evaluateAll((els) => {
    const wrap = document.getElementById("timeline-wrap").getBoundingClientRect();
    return els.map((e) => {
      const r = e.getBoundingClientRect();
      return {
        text: e.textContent,
        left: r.left,
        right: r.right,
        viewport: window.innerWidth,
        wrap: { left: wrap.left, right: wrap.right },
      };
    });
  });

/** Asserts no two pins' markers or labels meet, and each pin has a label and an accessible name. */
function apart(pins, what) {
  const boxes = pins.flatMap((p) => [p.marker, p.text].filter(Boolean).map((b) => ({ b, p })));
  for (const [i, a] of boxes.entries())
    for (const c of boxes.slice(i + 1))
      assert.ok(!meet(a.b, c.b), `${what}: ${a.p.kind} and ${c.p.kind} do not overlap`);
  for (const p of pins) {
    assert.ok(p.label.length > 1, `${what}: ${p.kind} has a text label`);
    assert.match(p.name, /: \d{4}-\d\d-\d\d \d\d:\d\d UTC/, `${what}: ${p.kind} has an accessible name with its date`);
  }
}

function uniqueTicks(ticks, what) {
  assert.ok(ticks.length >= 2, `${what}: at least two axis labels (${ticks})`);
  assert.equal(new Set(ticks).size, ticks.length, `${what}: no axis label repeats (${ticks.join(" | ")})`);
}

/** Clicks "Jump to next event"; resolves to the notification. */
async function jump(page) {
  await page.evaluate(() => {
    for (const t of document.querySelectorAll(".toast")) t.remove();
  });
  await page.click("#clock-next");
  return (await page.waitForSelector(".toast >> text=Jumped to the next event")).textContent();
}

/** The sentence beside the button once it names `re`. */
async function nextSays(page, re) {
  await page.waitForFunction(
    (src) => new RegExp(src).test(document.getElementById("clock-next-what")?.textContent ?? ""),
    re.source,
  );
  return page.textContent("#clock-next-what");
}

/** Get parameters, wrap in the page, import (expiring on the form's default date, 30 days on, when `expires`). */
async function importMaterial(page, { expires = false, importNow = true } = {}) {
  await page.click("#get-parameters");
  await page.waitForSelector("#params-card");
  if (!importNow) return;
  await page.click("#wrap-for-me");
  await page.waitForSelector("#wrap-done");
  await page.check(expires ? "#expiry-expires" : "#expiry-none");
  await page.click("#import-material");
  await page.waitForSelector("h1 .badge >> text=Enabled");
}

async function scheduleDeletion(page, days) {
  await page.click("#action-schedule-deletion");
  await page.fill("#deletion-days", String(days));
  await page.check("dialog input[type=checkbox]");
  await page.click("#dialog-confirm");
  await page.waitForSelector("h1 .badge >> text=Pending deletion");
}

describe("the console's timeline and clock in a browser", { skip: needs.browser.skip }, () => {
  test("a new key: simultaneous events stacked and labelled, Disabled and deletion bars, unique axis labels", async () => {
    const { context, page, errors } = await openConsole(session);
    await createKey(page, session.server.url, { alias: "tl-new" });
    let tl = await timeline(page);
    uniqueTicks(tl.ticks, "a key made just now");
    assert.match(tl.ticks[0], /^\d\d:\d\d$/, "a new key's axis shows clock times");

    // Disable and enable within the same minute: three events at one moment.
    await page.click("#action-disable");
    await page.waitForSelector("h1 .badge >> text=Disabled");
    await page.click("#action-enable");
    await page.waitForSelector("h1 .badge >> text=Enabled");
    await page.click("#action-disable");
    await page.waitForSelector("h1 .badge >> text=Disabled");
    tl = await timeline(page);
    assert.deepEqual(
      tl.pins.map((p) => p.kind),
      ["created", "disabled", "enabled", "disabled"],
    );
    apart(tl.pins, "created, disabled, enabled, disabled");
    assert.ok(
      tl.bars.some((b) => b.kind === "disabled" && /^Disabled from .* to .*UTC/.test(b.name)),
      "a closed Disabled bar",
    );
    assert.ok(
      tl.bars.some((b) => b.kind === "disabled" && /ongoing/.test(b.name)),
      "the Disabled span going on now",
    );
    uniqueTicks(tl.ticks, "four events in one minute");

    // A 7-day deletion window: a bar to the deletion date, days on the axis.
    await scheduleDeletion(page, 7);
    tl = await timeline(page);
    const window = tl.bars.find((b) => b.kind === "deleting");
    assert.ok(window && window.width > 100, `a deletion window bar (${window?.width} px)`);
    assert.match(window.name, /Pending deletion \(7-day waiting period\) from .* until .* \(7 days\)/);
    assert.ok(tl.pins.some((p) => p.kind === "deletion" && /scheduled/.test(p.name)));
    apart(tl.pins, "with the deletion scheduled");
    uniqueTicks(tl.ticks, "a week ahead");
    assert.match(await page.textContent("#timeline-periods"), /Pending deletion .* until/);
    await shot(page, "timeline-deletion");
    errors.check("new key's timeline");
    await context.close();
  });

  test("an External key: Pending import, material and token bars; jump to the material's expiry", async () => {
    const { context, page, errors } = await openConsole(session, { acceptDownloads: true });
    const id = await createKey(page, session.server.url, { alias: "tl-byok", external: true });
    await importMaterial(page, { expires: true });
    const tl = await timeline(page);
    for (const kind of ["pending", "present", "token"])
      assert.ok(
        tl.bars.some((b) => b.kind === kind),
        `a ${kind} bar`,
      );
    assert.ok(
      tl.bars.some((b) => b.kind === "present" && / until /.test(b.name)),
      "material present until its expiry",
    );
    const kinds = tl.pins.map((p) => p.kind);
    for (const kind of ["created", "token", "imported", "tokenEnd", "expiry"]) assert.ok(kinds.includes(kind), kind);
    apart(tl.pins, "created, token, imported at one moment");
    uniqueTicks(tl.ticks, "a month of material");
    await shot(page, "timeline-external");

    // The only thing scheduled: the material's expiry. The jump lands on it exactly.
    const validTo = await page.evaluate(
      async (k) => (await window.__console.kms.describeKey({ KeyId: k })).KeyMetadata.ValidTo.getTime(),
      id,
    );
    assert.match(await nextSays(page, /material/), /^Next: the key material of key tl-byok expires on /);
    assert.match(await jump(page), /DeleteExpiredKeyMaterial|expired/, "what fell due is said");
    const now = await engineNow(page);
    assert.ok(now >= validTo && now - validTo < 3000, `the clock is at ValidTo (${now - validTo} ms after)`);
    await page.waitForSelector("h1 .badge >> text=Pending import");
    const after = await timeline(page);
    assert.deepEqual(
      after.bars.filter((b) => b.kind !== "token").map((b) => b.kind),
      ["pending", "present", "pending"],
      "pending import, material present, pending import again",
    );
    assert.ok(after.pins.some((p) => p.label === "Material expired"));

    // Nothing left: the button is disabled and says why.
    await nextSays(page, /Nothing is scheduled/);
    assert.equal(await page.isDisabled("#clock-next"), true);
    errors.check("External key's timeline");
    await context.close();
  });

  test("jump to next event: a token's expiry, then a rotation, then a deletion, each exactly", async () => {
    const { context, page, errors } = await openConsole(session);
    const orders = await createKey(page, session.server.url, { alias: "tl-orders" });
    await page.click("#tab-rotation");
    await page.check("#rotation-enabled");
    await page.fill("#rotation-period", "90");
    await page.click("#rotation-save");
    await page.waitForSelector("#rotation-status >> text=every");
    const byok = await createKey(page, session.server.url, { alias: "tl-waiting", external: true });
    await importMaterial(page, { importNow: false });

    // The token (24 hours) comes before the rotation (90 days).
    const token = await page.evaluate((k) => JSON.parse(localStorage.getItem(`kms-console:params:${k}`)).validTo, byok);
    assert.match(await nextSays(page, /import token/), /^Next: the import token of key tl-waiting expires on /);
    await jump(page);
    let now = await engineNow(page);
    assert.ok(now >= token && now - token < 3000, `at the token's expiry (${now - token} ms after)`);
    await page.waitForSelector("#params-card >> text=/expired/i");

    // Then the rotation, done by the service at its due time.
    const due = await page.evaluate(
      async (k) => (await window.__console.kms.getKeyRotationStatus({ KeyId: k })).NextRotationDate.getTime(),
      orders,
    );
    assert.match(await nextSays(page, /rotates/), /^Next: key tl-orders rotates on /);
    assert.match(await jump(page), /RotateKey|rotated/, "what fell due is said");
    now = await engineNow(page);
    assert.ok(now >= due && now - due < 3000, `at the rotation date (${now - due} ms after)`);
    const rotations = await page.evaluate(
      async (k) => (await window.__console.kms.listKeyRotations({ KeyId: k })).Rotations.map((r) => r.RotationType),
      orders,
    );
    assert.deepEqual(rotations, ["AUTOMATIC"]);

    // A deletion in 7 days comes before the next rotation: the key is gone after the jump.
    await page.goto(`${session.server.url}${WWW}#/keys/${byok}`);
    await scheduleDeletion(page, 7);
    const deletion = await page.evaluate(
      async (k) => (await window.__console.kms.describeKey({ KeyId: k })).KeyMetadata.DeletionDate.getTime(),
      byok,
    );
    assert.match(await nextSays(page, /is deleted/), /^Next: key tl-waiting is deleted on /);
    assert.match(await jump(page), /DeleteKey|deleted/, "what fell due is said");
    now = await engineNow(page);
    assert.ok(now >= deletion && now - deletion < 3000, `at the deletion date (${now - deletion} ms after)`);
    const gone = await page.evaluate(
      (k) =>
        window.__console.kms.describeKey({ KeyId: k }).then(
          () => "exists",
          (e) => e.name,
        ),
      byok,
    );
    assert.equal(gone, "NotFoundException");
    await nextSays(page, /Next: key tl-orders rotates/);
    errors.check("jumps");
    await context.close();
  });

  test("a date before now is refused, with the reason, and the clock does not move", async () => {
    const { context, page, errors } = await openConsole(session);
    await createKey(page, session.server.url, { alias: "tl-past" });
    const before = await engineNow(page);
    await page.click("#clock-set");
    assert.ok((await page.getAttribute("#clock-date", "min")) >= new Date(before).toISOString().slice(0, 16));
    assert.match(await page.textContent("#clock-floor"), /only moves forward/);
    await page.fill("#clock-date", "2020-01-01T00:00");
    await page.click("#clock-set-apply");
    const refused = await (await page.waitForSelector("#clock-refused >> text=Refused")).textContent();
    assert.match(refused, /2020-01-01 00:00 UTC is before virtual now/);
    assert.match(refused, /The clock did not move\. AWS time never runs backwards/);
    assert.match(refused, /audit trail would lie/);
    const after = await engineNow(page);
    assert.ok(after >= before && after - before < 5000, "the clock did not move back");
    assert.equal(await page.isVisible("#clock-date"), true, "the form stays open to pick another date");

    // A later date is taken.
    await page.fill("#clock-date", new Date(before + 3 * 86_400_000).toISOString().slice(0, 16));
    await page.click("#clock-set-apply");
    await page.waitForSelector(".toast >> text=Virtual time is now");
    assert.ok((await engineNow(page)) >= before + 3 * 86_400_000 - 60_000);
    errors.check("set date");
    await context.close();
  });

  test("a phone: the timeline and the clock bar fit, the picture scrolls with a cue, its lanes' names stay", async () => {
    const { context, page, errors } = await openConsole(session, { ...PHONE, viewport: { width: 390, height: 844 } });
    const id = await createKey(page, session.server.url, { alias: "tl-phone-with-a-long-alias-name", external: true });
    await page.goto(`${session.server.url}${WWW}#/keys/${id}/timeline`);
    await page.waitForSelector("#timeline-svg");
    await page.click("#clock-set");
    await page.fill("#clock-date", "2020-01-01T00:00");
    await page.click("#clock-set-apply");
    await page.waitForSelector("#clock-refused >> text=Refused");
    await page.waitForTimeout(50);
    assert.deepEqual(await overflowing(page), [], "nothing sticks out of a 390 px screen");
    assert.equal(await page.isVisible("#timeline-cue"), true, "the cue says the picture scrolls");
    const tl = await timeline(page);
    apart(tl.pins, "on a phone");
    uniqueTicks(tl.ticks, "on a phone");
    await shot(page, "narrow-timeline-clock");

    // Scrolled to its far right, the picture keeps its lanes' names in view.
    const scrolled = await page.evaluate(() => {
      const wrap = document.getElementById("timeline-wrap");
      wrap.scrollLeft = wrap.scrollWidth;
      return wrap.scrollLeft;
    });
    assert.ok(scrolled > 100, `the picture scrolled (${scrolled} px)`);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const names = await laneNames(page);
    assert.deepEqual(
      names.map((n) => n.text),
      ["Key state", "Rotation", "Material"],
      "an External key's lanes",
    );
    for (const n of names) {
      assert.ok(n.left >= 0 && n.right <= n.viewport, `${n.text} is inside the viewport (${n.left}–${n.right})`);
      assert.ok(n.left >= n.wrap.left && n.right <= n.wrap.right, `${n.text} is inside the picture's box`);
    }
    await shot(page, "narrow-timeline-scrolled");
    errors.check("phone");
    await context.close();
  });
});

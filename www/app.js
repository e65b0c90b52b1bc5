// The console's shell: opens the KMS (the kms-wasm package, running in this page, state in
// IndexedDB), routes `#/...` to the views, and owns what every view shares: the clock bar, the
// navigation with the demo-state buttons, notifications, the alarm banner and the one-second
// ticker that keeps virtual-time countdowns live, and the Region the console works in.
// Depends on ../js/web.js (the package's browser entry), ./lib/* and ./views/*.

import { encapsulateToPublicKey, KeyManagementService, loadExtras, wrapKeyMaterial } from "../js/web.js";
import { fill, h } from "./lib/dom.js";
import { fmtDate, fmtDuration } from "./lib/format.js";
import { errorText, hintFor } from "./lib/hints.js";
import { forgetAll } from "./lib/memory.js";
import { DEFAULT_REGION, recallRegion, rememberRegion } from "./lib/regions.js";
import { renderStartupError } from "./views/about.js";
import { initAlarms } from "./views/alarm.js";
import { offsetText, renderClockBar } from "./views/clock.js";
import { confirmDialog } from "./views/dialog.js";
import { renderNav } from "./views/nav.js";
import { noteRegionsInUse } from "./views/regions.js";
import { prepareCourse } from "./views/start.js";

export const DB_NAME = "kms-console";

const VIEWS = {
  keys: () => import("./views/keys.js"),
  create: () => import("./views/create.js"),
  key: () => import("./views/detail.js"),
  audit: () => import("./views/audit.js"),
  about: () => import("./views/about.js"),
  start: () => import("./views/start.js"),
  learn: () => import("./views/learn.js"),
};

const view = document.getElementById("view");
const toasts = document.getElementById("toasts");
const banners = document.getElementById("banners");

/** `#/keys/<id>/<tab>?a=b` → `{ name, args, query }`. */
function route() {
  const [path, search] = location.hash.replace(/^#\/?/, "").split("?");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  const query = new URLSearchParams(search ?? "");
  if (parts[0] === "keys" && parts[1]) return { name: "key", args: parts.slice(1), query };
  if (parts[0] in VIEWS) return { name: parts[0], args: parts.slice(1), query };
  return { name: "keys", args: [], query };
}

/**
 * Where the Region selector leads: the same page less what belongs to the Region left (a key's
 * page becomes the key list; the audit log's key filter and focus go) and less `fresh`, which
 * would start the create wizard over.
 */
function hashInAnotherRegion() {
  const r = route();
  if (r.name === "key") return "#/keys";
  for (const name of ["region", "key", "focus", "fresh"]) r.query.delete(name);
  return `#/${r.name}${r.query.size ? `?${r.query}` : ""}`;
}

let rendering = 0;
/** The clock bar's "next event", read again after each view is drawn (./views/clock.js). */
let updateSchedule;

const ctx = {
  /** The whole service: the clock, alarms, every Region's audit trail and the demo state (export, import, reset). */
  service: undefined,
  /** The Region the console works in, chosen in the navigation. */
  region: DEFAULT_REGION,
  /** The service in `region` (`service.inRegion()`): the AWS operations every view calls. */
  kms: undefined,
  loadExtras,
  wrapKeyMaterial,
  encapsulateToPublicKey,
  now: () => ctx.service.now(),
  /** Works in `region` from now on, remembered across reloads; a TypeError for a name that is no Region. */
  useRegion(region) {
    if (region === ctx.region && ctx.kms) return;
    ctx.kms = ctx.service.inRegion(region);
    ctx.region = region;
    rememberRegion(region);
  },
  /** The Region selector's choice: the same page in `region` (the key list instead of a key's page). */
  switchRegion(region) {
    try {
      ctx.useRegion(region);
    } catch (e) {
      return ctx.fail(e);
    }
    // Replaced, not pushed: Back leads to the previous page, in the Region it was shown in.
    history.replaceState({ region }, "", hashInAnotherRegion());
    ctx.refresh();
  },
  go(hash) {
    if (location.hash === hash) ctx.refresh();
    else location.hash = hash;
  },
  /** Renders the current route again, keeping focus on the element that had it (by id). */
  async refresh({ focusMain = false } = {}) {
    const ticket = ++rendering;
    const focusId = document.activeElement?.id;
    const r = route();
    // A link may name the Region (`?region=`: a multi-Region key's replica, an alarm's event);
    // Back and Forward return to the Region each page was shown in, kept in its history entry.
    const asked = r.query.get("region") ?? history.state?.region;
    if (asked && asked !== ctx.region) {
      try {
        ctx.useRegion(asked);
      } catch (e) {
        ctx.fail(e);
      }
    }
    if (history.state?.region !== ctx.region) history.replaceState({ ...history.state, region: ctx.region }, "");
    renderNav(ctx, r.name);
    let node;
    try {
      node = await (await VIEWS[r.name]()).render(ctx, r);
    } catch (e) {
      node = h(
        "div",
        { class: "panel error-panel" },
        h("h1", { tabindex: "-1" }, "Something went wrong"),
        h("p", null, `${e.name}: ${e.message}`),
      );
      ctx.fail(e);
    }
    if (ticket !== rendering) return; // a newer render won
    fill(view, node);
    updateSchedule?.();
    const again = focusId && document.getElementById(focusId);
    if (focusMain || !again) view.querySelector("h1")?.focus({ preventScroll: !focusMain });
    else again.focus();
    tick();
  },
  notify(text, kind = "ok") {
    const t = h("div", { class: `toast ${kind}` }, text);
    toasts.append(t);
    while (toasts.children.length > 2) toasts.firstElementChild.remove();
    setTimeout(() => t.remove(), kind === "error" ? 8000 : 4000);
  },
  /** Shows an error; storage failures get a banner that stays, since later saves fail too. */
  fail(e, call) {
    const text = e?.name ? `${e.name}: ${e.message}` : String(e);
    if (e?.name === "KmsStorageError") {
      showStorageBanner(text);
    }
    // With a line on the usual cause (`call` names the failed operation, when the view knows).
    ctx.notify([errorText(e), h("span", { class: "toast-hint" }, hintFor(e, call))], "error");
  },
  /** Runs `action`; on success notifies `done` and re-renders. Returns whether it worked. */
  async act(action, done) {
    try {
      await action();
      if (done) ctx.notify(done);
      await ctx.refresh();
      return true;
    } catch (e) {
      ctx.fail(e);
      await ctx.refresh();
      return false;
    }
  },
  confirm: confirmDialog,
  async exportState() {
    const text = await ctx.service.exportState();
    return JSON.stringify(JSON.parse(text), null, 2);
  },
  async importState(text) {
    await ctx.service.importState(text);
    forgetAll();
    noteRegionsInUse(ctx);
  },
  async reset() {
    await ctx.service.reset();
    forgetAll();
  },
};

function showStorageBanner(text) {
  if (banners.querySelector(".storage-banner")) return;
  banners.prepend(
    h(
      "div",
      { class: "banner danger storage-banner", role: "alert" },
      h("div", { class: "alarm-text" }, h("strong", null, "Saving failed, so the last change was undone. "), text),
      h("button", { type: "button", onClick: () => location.reload() }, "Reload the console"),
    ),
  );
}

/** Every second: the clock and any `data-countdown` (epoch ms) in virtual time. */
function tick() {
  if (!ctx.service) return;
  const now = ctx.now().getTime();
  for (const el of document.querySelectorAll("[data-now]"))
    el.textContent = fmtDate(now, { seconds: el.dataset.now === "s" });
  const offset = document.getElementById("clock-offset");
  if (offset) offset.textContent = offsetText(ctx);
  for (const el of document.querySelectorAll("[data-countdown]")) {
    const left = Number(el.dataset.countdown) - now;
    el.textContent = left > 0 ? `${fmtDuration(left)} left` : "expired";
    el.classList.toggle("expired", left <= 0);
  }
}

async function start() {
  try {
    ctx.service = await KeyManagementService.open({ indexedDb: DB_NAME });
  } catch (e) {
    document.body.classList.add("startup-failed");
    fill(view, renderStartupError(e, DB_NAME));
    window.__consoleReady = "error";
    return;
  }
  try {
    ctx.useRegion(recallRegion() ?? DEFAULT_REGION);
  } catch {
    ctx.useRegion(DEFAULT_REGION); // a remembered name the service refuses: start where it does
  }
  updateSchedule = renderClockBar(ctx, document.getElementById("clockbar"));
  await initAlarms(ctx, banners);
  window.addEventListener("hashchange", () => ctx.refresh({ focusMain: true }));
  await prepareCourse(ctx); // the lesson progress; a first visit lands on Start here
  await ctx.refresh();
  setInterval(tick, 1000);
  window.__console = ctx; // for tests and the curious, from the devtools console
  window.__consoleReady = true;
}

start();

// Lesson 10's view of a multi-Region key across Regions: every Region's audit events since the
// lesson's mark, the lesson's key found by its tag in the Region it was made in, its copy in each
// Region (DescribeKey, ListAliases), the checks its steps make, and the "key in each Region" panel.
// Depends on ../lib/dom.js, ../lib/regions.js and ./course.js.

import { h, stackTable } from "../lib/dom.js";
import { regionLabel } from "../lib/regions.js";
import { calls, contextOf, first, tagged } from "./course.js";

/** Calls that make a ciphertext under the key, and calls that use it at all. */
const PRODUCERS = ["Encrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext"];
const USES = [...PRODUCERS, "Decrypt", "ReEncrypt"];

const bare = (id) =>
  String(id ?? "")
    .split("/")
    .pop();

/** The service in `region`: the console's own view when it is the console's Region. */
export const inRegion = (ctx, region) => (region === ctx.region ? ctx.kms : ctx.service.inRegion(region));

/** `#/keys/<id>/<tab>?region=<region>`: the console switches to the copy's Region on the way. */
export const copyHref = (copy, tab = "general") =>
  `#/keys/${encodeURIComponent(copy.m.KeyId)}/${tab}?region=${copy.region}`;

/** The key material id an Encrypt, Decrypt or GenerateDataKey event names. */
const material = (e) => e.additionalEventData?.keyMaterialId;

/**
 * Every Region's events since the lesson's mark. course.js reads the console's Region only, but
 * this lesson's calls happen in two: the sequence numbers are the service's, one run over all Regions.
 */
async function everyRegion(ctx, f) {
  const log = await ctx.service.auditLog({});
  const mark = f.record.since ?? 0;
  const since = mark <= (log.at(-1)?.eventSequence ?? 0) ? mark : 0;
  return log.filter((e) => (e.eventSequence ?? 0) > since);
}

/** `[region, id]` of every key the lesson's tag was put on, oldest first (a replica made with the tag too). */
function candidates(events, n) {
  const out = [];
  for (const e of events) {
    if (e.errorCode) continue;
    const p = e.requestParameters ?? {};
    if (e.eventName === "CreateKey" && tagged(p.tags, n))
      out.push([e.awsRegion, e.responseElements?.keyMetadata?.keyId]);
    if (e.eventName === "TagResource" && tagged(p.tags, n)) out.push([e.awsRegion, bare(p.keyId)]);
    if (e.eventName === "ReplicateKey" && tagged(p.tags, n)) out.push([p.replicaRegion, bare(p.keyId)]);
  }
  return out.filter(([region, id]) => region && id);
}

/** DescribeKey in `region`, or undefined when the key is not there (removed, or never made). */
async function describe(ctx, region, id) {
  try {
    return (await inRegion(ctx, region).describeKey({ KeyId: id })).KeyMetadata;
  } catch (e) {
    if (e.name === "NotFoundException" || e.name === "AccessDeniedException") return undefined;
    throw e;
  }
}

const isLessonKey = (m) =>
  m?.MultiRegion &&
  m.KeySpec === "SYMMETRIC_DEFAULT" &&
  m.KeyUsage === "ENCRYPT_DECRYPT" &&
  m.KeyState !== "PendingDeletion";

/**
 * The key's copy in each Region, primary first: `{ region, role, m, aliases }`. Read from the
 * configuration each copy reports, so a replica made without the lesson's tag is found too.
 */
async function copiesOf(ctx, m) {
  const c = m.MultiRegionConfiguration;
  const regions = [c.PrimaryKey.Region, ...c.ReplicaKeys.map((r) => r.Region)];
  const out = [];
  for (const region of regions) {
    const meta = await describe(ctx, region, m.KeyId);
    if (!meta) continue;
    const { Aliases } = await inRegion(ctx, region).listAliases({ KeyId: m.KeyId });
    const role = meta.MultiRegionConfiguration?.MultiRegionKeyType === "PRIMARY" ? "primary" : "replica";
    out.push({ region, role, m: meta, aliases: Aliases.map((a) => a.AliasName) });
  }
  return out;
}

/**
 * A Decrypt in one Region of a ciphertext made in another: the latest call before it that made
 * a ciphertext with the same key material and encryption context is taken as its source (the
 * audit log never names a ciphertext), and that source's Region must differ. `{ made, opened }`.
 */
function crossDecrypt(g, id) {
  const made = calls(g, { name: PRODUCERS, key: id, ok: true });
  for (const opened of calls(g, { name: "Decrypt", key: id, ok: true })) {
    if (!material(opened)) continue;
    const source = made.findLast(
      (e) =>
        e.eventSequence < opened.eventSequence &&
        material(e) === material(opened) &&
        contextOf(e) === contextOf(opened),
    );
    if (source && source.awsRegion !== opened.awsRegion) return { made: source, opened };
  }
  return undefined;
}

/**
 * A rotation after the key was replicated that reached every replica (each holds the primary's
 * current material, not the one it was made with), and was then looked at from another Region
 * (a ListKeyRotations there: the replica's Key rotation tab).
 */
function rotationFollowed(g, id, copies, replicated) {
  const primary = copies.find((c) => c.role === "primary");
  const replicas = copies.filter((c) => c.role === "replica");
  const before = replicated?.responseElements?.replicaKeyMetadata?.currentKeyMaterialId;
  const now = primary?.m.CurrentKeyMaterialId;
  if (!replicated || !replicas.length || !now || now === before) return undefined;
  if (!replicas.every((c) => c.m.CurrentKeyMaterialId === now)) return undefined;
  for (const rotated of calls(g, { name: "RotateKeyOnDemand", key: id, ok: true, after: replicated.eventSequence })) {
    const seen = first(g, {
      name: "ListKeyRotations",
      key: id,
      ok: true,
      after: rotated.eventSequence,
      where: (e) => e.awsRegion !== rotated.awsRegion,
    });
    if (seen) return { rotated, seen };
  }
  return undefined;
}

/**
 * A copy disabled in one Region while the key was used successfully in another (before that
 * copy was enabled again), and every copy enabled now. `{ disabled, used }`.
 */
function ownState(g, id, copies) {
  if (copies.some((c) => c.m.KeyState !== "Enabled")) return undefined;
  for (const disabled of calls(g, { name: "DisableKey", key: id, ok: true })) {
    const region = disabled.awsRegion;
    const enabled = first(g, {
      name: "EnableKey",
      key: id,
      ok: true,
      after: disabled.eventSequence,
      where: (e) => e.awsRegion === region,
    });
    const used = first(g, {
      name: USES,
      key: id,
      ok: true,
      after: disabled.eventSequence,
      where: (e) => e.awsRegion !== region && (!enabled || e.eventSequence < enabled.eventSequence),
    });
    if (used) return { disabled, used };
  }
  return undefined;
}

/** Lesson 10's facts: its key and copies, and what each step looks for, across Regions. */
export async function regionFacts(f, ctx) {
  const events = await everyRegion(ctx, f);
  const g = { events };
  let key;
  // course.js's finds in the console's Region first (a scenario's keys among them), then any Region's.
  const tried = new Set();
  for (const [region, id] of [...[...f.ids].map((id) => [ctx.region, id]), ...candidates(events, f.n)]) {
    if (tried.has(`${region}/${id}`)) continue;
    tried.add(`${region}/${id}`);
    const m = await describe(ctx, region, id);
    if (isLessonKey(m)) {
      key = { id: m.KeyId, made: region };
      break;
    }
  }
  const copies = key ? await copiesOf(ctx, await describe(ctx, key.made, key.id)) : [];
  const primary = copies.find((c) => c.role === "primary");
  const replica = copies.find((c) => c.role === "replica");
  const id = key?.id;
  const replicated = key && first(g, { name: "ReplicateKey", key: id, ok: true });
  const shared = primary?.aliases.find((a) => copies.some((c) => c.role === "replica" && c.aliases.includes(a)));
  return {
    key,
    copies,
    primary,
    replica,
    replicated: replica && replicated,
    cross: key && crossDecrypt(g, id),
    followed: key && rotationFollowed(g, id, copies, replicated),
    sharedAlias: shared,
    own: key && replica && ownState(g, id, copies),
  };
}

const short = (materialId) => (materialId ? `${materialId.slice(0, 12)}…` : "—");

function copiesTable(f) {
  const columns = [
    ["Region", (c) => h("a", { href: copyHref(c) }, regionLabel(c.region))],
    ["Role", (c) => (c.role === "primary" ? "Primary" : "Replica")],
    ["State", (c) => h("span", { class: `badge state-${c.m.KeyState}` }, c.m.KeyState)],
    [
      "Key material",
      (c) => h("code", { class: "mono", title: c.m.CurrentKeyMaterialId }, short(c.m.CurrentKeyMaterialId)),
    ],
    ["Aliases", (c) => (c.aliases.length ? c.aliases.join(", ") : "none")],
  ];
  return stackTable({
    id: "lesson-copies",
    caption: ["Key ID ", h("code", { id: "lesson-key-id" }, f.key.id)],
    columns,
    rows: f.copies,
    rowAttrs: (c) => ({ dataset: { region: c.region, role: c.role, state: c.m.KeyState } }),
  });
}

/** "Going further": UpdatePrimaryRegion, called in the primary's Region, naming a replica's. */
function movePrimary(ctx, f) {
  const replicas = f.copies.filter((c) => c.role === "replica");
  if (!f.primary || !replicas.length) return null;
  const select = h(
    "select",
    { id: "lesson-primary-region" },
    replicas.map((c) => h("option", { value: c.region }, regionLabel(c.region))),
  );
  const form = h(
    "form",
    { class: "row-form", id: "lesson-move-form" },
    h("div", { class: "field" }, h("label", { for: "lesson-primary-region" }, "New primary Region"), select),
    h("button", { type: "submit", id: "lesson-move-primary" }, "Make it the primary"),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const region = select.value;
    ctx.act(
      () => inRegion(ctx, f.primary.region).updatePrimaryRegion({ KeyId: f.key.id, PrimaryRegion: region }),
      `UpdatePrimaryRegion: the primary is now in ${region}, and ${f.primary.region} holds a replica.`,
    );
  });
  return [
    h("h3", null, "Going further: move the primary (optional)"),
    h(
      "p",
      null,
      "Only the primary can make replicas and rotate. If its Region is to be retired, UpdatePrimaryRegion hands the role to a replica: the two swap roles, and nothing else changes (same key id, same material, every ciphertext still decrypts). In AWS both are briefly Updating; here the swap is at once. This is not a step: the lesson's checks hold either way.",
    ),
    form,
  ];
}

/** The panel above the steps: the key's copy in each Region, as KMS reports them now. */
export function copiesPanel(ctx, f) {
  return h(
    "section",
    { class: "panel", id: "lesson-regions", "aria-labelledby": "lesson-regions-title" },
    h("h2", { id: "lesson-regions-title" }, "The key in each Region"),
    f.key
      ? [
          h(
            "p",
            null,
            `One key id in ${f.copies.length} Region${f.copies.length === 1 ? "" : "s"}. Each row is a KMS key of its own Region, read now with DescribeKey and ListAliases there; a link opens that key, and the console switches Region on the way.`,
          ),
          copiesTable(f),
          h(
            "p",
            { class: "hint" },
            "Alike in every row, kept so by KMS: the key id and the key material. Each row's own: the state and the aliases, and also the key policy, grants, tags and description.",
          ),
          movePrimary(ctx, f),
        ]
      : h("p", { class: "muted", id: "lesson-regions-empty" }, "Do step 1 first: this table fills in as you go."),
  );
}

/**
 * The key ARNs of the lesson's copies that course.js's Reset does not find (`f` is its reading of
 * the console's Region): those of other Regions, and a replica here made without the lesson's tag.
 */
export async function copiesElsewhere(ctx, f) {
  const { copies } = await regionFacts(f, ctx);
  const found = new Set(f.keys.map((k) => k.id));
  return copies.filter((c) => c.region !== ctx.region || !found.has(c.m.KeyId)).map((c) => c.m.Arn);
}

// Lesson 3, manual rotation with aliases: an application that knows only alias/lesson3-app
// encrypts under CMK-A; the alias moves to CMK-B; old records still decrypt with CMK-A, new ones
// go to CMK-B, and disabling CMK-A breaks the old ones (why it must stay). Brings the simulated
// application's panel and the CMK-A/CMK-B scenario. Depends on ../lib/*, ./course.js, ./parts.js.

import { h } from "../lib/dom.js";
import { fromBase64, toBase64 } from "../lib/format.js";
import { progressOf, saveProgress } from "../lib/progress.js";
import { calls, first, keysOf } from "./course.js";
import { c, keyHref, makeLessonKey, NotYet, need, tagHow } from "./parts.js";

const APP = "alias/lesson3-app";
const CONTEXT = { app: "orders" };
const A_ID = "c3a1e550-3a00-4a3a-8a3a-00000000000a";
const B_ID = "c3a1e550-3b00-4b3b-8b3b-00000000000b";
/** The answers of "Decrypt every record", by record index: shown once, by the next drawing of the panel. */
const answers = new Map();

const bare = (id) =>
  String(id ?? "")
    .split("/")
    .pop();

function records(n) {
  return progressOf(n).memo?.records ?? [];
}

/** The application's Encrypt: by alias, as an application that knows nothing else would. */
async function appEncrypt(ctx, f) {
  const n = records(f.n).length + 1;
  const out = await ctx.kms.encrypt({
    KeyId: APP,
    Plaintext: new TextEncoder().encode(`order #${1000 + n}`),
    EncryptionContext: CONTEXT,
  });
  const rec = progressOf(f.n);
  const list = [...(rec.memo?.records ?? []), { ct: toBase64(out.CiphertextBlob), key: bare(out.KeyId) }];
  await saveProgress(f.n, { ...rec, memo: { ...rec.memo, records: list } });
  return { n, key: bare(out.KeyId) };
}

async function appDecryptAll(ctx, f) {
  answers.clear();
  for (const [i, r] of records(f.n).entries()) {
    try {
      const { Plaintext, KeyId } = await ctx.kms.decrypt({
        CiphertextBlob: fromBase64(r.ct),
        EncryptionContext: CONTEXT,
      });
      answers.set(i, { ok: true, text: `“${new TextDecoder().decode(Plaintext)}”, by ${name(f, bare(KeyId))}` });
    } catch (e) {
      answers.set(i, { ok: false, text: `${e.name}` });
    }
  }
  return answers;
}

/** CMK-A, CMK-B or a short id: what the lesson calls a key. */
function name(f, id) {
  if (id && id === f.a) return "CMK-A";
  if (id && (id === f.b || id === B_ID)) return "CMK-B";
  return `key ${String(id).slice(0, 8)}…`;
}

function appPanel(ctx, f) {
  const list = records(f.n);
  // Answers are shown once: after a key changes elsewhere, old ones would mislead.
  const shown = new Map(answers);
  answers.clear();
  const act = (fn) => async () => {
    try {
      await fn();
    } catch (e) {
      ctx.fail(e);
    }
    await ctx.refresh();
  };
  return h(
    "section",
    { class: "panel lesson-app", "aria-labelledby": "app-title", id: "lesson-app" },
    h("h2", { id: "app-title" }, "The application"),
    h(
      "p",
      null,
      "An orders service that stores each record encrypted. Its configuration names only ",
      c(APP),
      " (and the context ",
      c("app=orders"),
      "): it never knows which key that is.",
    ),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", id: "app-encrypt", onClick: act(() => appEncrypt(ctx, f)) }, "Encrypt a record"),
      h(
        "button",
        { type: "button", id: "app-decrypt", disabled: !list.length, onClick: act(() => appDecryptAll(ctx, f)) },
        "Decrypt every record",
      ),
    ),
    list.length
      ? h(
          "ol",
          { class: "app-records", id: "app-records" },
          list.map((r, i) => {
            const a = shown.get(i);
            return h(
              "li",
              { dataset: { key: r.key } },
              `Record ${i + 1}: ${fromBase64(r.ct).length} bytes, encrypted under ${name(f, r.key)}.`,
              a ? h("span", { class: a.ok ? "ok-text" : "form-error" }, ` Decrypt: ${a.text}.`) : null,
            );
          }),
        )
      : h("p", { class: "muted", id: "app-records-empty" }, "No records yet."),
  );
}

export default {
  goal: "Rotate by hand: move the alias an application uses from CMK-A to a new key, CMK-B, without touching the application, and see why CMK-A must stay.",
  why: [
    "Automatic rotation exists only for symmetric encryption keys with KMS-made material. HMAC keys, key pairs and imported keys are rotated by hand: make a new key and point the alias the applications use at it (the AWS KMS Developer Guide describes this under rotating keys manually). You may also want a new key for other reasons, such as a different key spec or a cleaner policy.",
    "An alias is just a pointer. UpdateAlias moves it in one call; this console's Aliases tab deletes it from one key and adds it to the other, which ends the same. New Encrypt calls follow the alias. Old ciphertexts do not: each names the key that made it, so KMS decrypts it with CMK-A whatever the alias says.",
    "So CMK-A must stay enabled for as long as anything encrypted under it is kept, or until that data is re-encrypted under CMK-B (ReEncrypt does that inside KMS, without exposing the plaintext).",
  ],
  scenario: {
    title: "CMK-A and CMK-B",
    text: "CMK-A has been the orders application's key for a year, under alias/lesson3-app. CMK-B was just made to replace it; nothing uses it yet.",
    doc: (now) => ({
      Keys: [
        {
          KeyId: A_ID,
          Description: "CMK-A: the orders application's key since last year",
          CreationDate: new Date(now.getTime() - 365 * 86_400_000).toISOString(),
          Aliases: [APP],
        },
        { KeyId: B_ID, Description: "CMK-B: the new key, not used yet", Aliases: ["alias/lesson3-cmk-b"] },
      ],
    }),
  },
  facts: (f) => {
    const targetId = [...f.aliases].find(([, names]) => names.includes(APP))?.[0];
    const target = f.keys.find((k) => k.id === targetId);
    const byApp = (after) =>
      calls(f, { name: "Encrypt", ok: true, after, where: (e) => e.requestParameters?.keyId === APP });
    const firstUse = byApp()[0];
    const a = firstUse && keysOf(firstUse)[0];
    const keyA = f.keys.find((k) => k.id === a);
    const move =
      firstUse &&
      target &&
      target.id !== a &&
      calls(f, {
        name: ["CreateAlias", "UpdateAlias"],
        ok: true,
        after: firstUse.eventSequence,
        where: (e) => e.requestParameters?.aliasName === APP && bare(e.requestParameters?.targetKeyId) === target.id,
      }).at(-1);
    const others = f.keys.filter((k) => k.id !== a && k.m.KeyState !== "PendingDeletion");
    return { target, a, keyA, move, b: move ? target.id : others[0]?.id, keyB: others[0], byApp };
  },
  extra: appPanel,
  steps: [
    {
      id: "app-key",
      title: "Give CMK-A the application's alias",
      how: [
        "Create a symmetric key, CMK-A, with the alias ",
        c("lesson3-app"),
        ". ",
        ...tagHow(3),
        " Or load the CMK-A/CMK-B scenario below, which makes both keys.",
      ],
      where: () => ["#/create?fresh", "Create key"],
      done: (f) => Boolean(f.target),
      show: async (ctx, f) => {
        const owner = [...f.aliases].find(([, names]) => names.includes(APP))?.[0];
        if (owner)
          throw new NotYet(`${APP} already points at a key that is not this lesson's: delete that alias first.`);
        await makeLessonKey(ctx, f, { alias: "lesson3-app", description: "CMK-A: the orders application's key" });
        return [`Made CMK-A (tagged lesson=3) with the alias ${APP}.`];
      },
    },
    {
      id: "app-encrypts",
      title: "The application encrypts, with the alias",
      how: [
        "In “The application” below, press “Encrypt a record” once or twice. It calls Encrypt with KeyId ",
        c(APP),
        ": KMS resolves the alias to CMK-A.",
      ],
      done: (f) => Boolean(f.a),
      show: async (ctx, f) => {
        need(f.target, "Do step 1 first: the alias does not exist yet.");
        const { n, key } = await appEncrypt(ctx, f);
        return [`Encrypted record ${n} with KeyId ${APP}; KMS used key ${key}. The audit event shows both.`];
      },
    },
    {
      id: "cmk-b",
      title: "Create CMK-B, the new key",
      how: ["Create another symmetric key, CMK-B, with an alias such as ", c("lesson3-cmk-b"), ". ", ...tagHow(3)],
      where: () => ["#/create?fresh", "Create key"],
      done: (f) => f.keys.length >= 2 && Boolean(f.keyB),
      show: async (ctx, f) => {
        await makeLessonKey(ctx, f, { alias: "lesson3-cmk-b", description: "CMK-B: the new key" });
        return ["Made CMK-B, tagged lesson=3. Nothing uses it yet: the application still encrypts under CMK-A."];
      },
    },
    {
      id: "move",
      title: "Point the alias at CMK-B",
      how: [
        "On CMK-A's Aliases tab, delete ",
        c(APP),
        "; then on CMK-B's Aliases tab, add ",
        c("lesson3-app"),
        ". (The API's UpdateAlias does both in one call, so there is no moment without the alias.)",
      ],
      where: (f) => f.keyA && [keyHref(f.keyA, "aliases"), "CMK-A's aliases"],
      done: (f) => Boolean(f.move),
      show: async (ctx, f) => {
        need(f.a, "Do step 2 first: let the application encrypt under CMK-A.");
        const b = need(f.keyB, "Do step 3 first: there is no CMK-B yet.");
        await ctx.kms.updateAlias({ AliasName: APP, TargetKeyId: b.id });
        return [
          `UpdateAlias: ${APP} now points at CMK-B (${b.id}).`,
          "The application is unchanged: its next Encrypt goes to CMK-B.",
        ];
      },
    },
    {
      id: "old-decrypt",
      title: "Old records still decrypt, with CMK-A",
      how: [
        "Press “Decrypt every record”. The records made before the move decrypt: each ciphertext names CMK-A, whatever the alias says now.",
      ],
      done: (f) => Boolean(f.move && first(f, { name: "Decrypt", key: f.a, ok: true, after: f.move.eventSequence })),
      show: async (ctx, f) => {
        need(f.move, "Do step 4 first: the alias has not moved yet.");
        await appDecryptAll(ctx, f);
        const old = [...answers.values()].filter((a) => a.text.includes("CMK-A")).length;
        return [`Decrypted every record; ${old} of them by CMK-A, which the alias no longer names.`];
      },
    },
    {
      id: "new-to-b",
      title: "New records go to CMK-B",
      how: ["Press “Encrypt a record” again: the new record is made under CMK-B, and the application changed nothing."],
      done: (f) => Boolean(f.move && f.byApp(f.move.eventSequence).some((e) => keysOf(e)[0] === f.target.id)),
      show: async (ctx, f) => {
        need(f.move, "Do step 4 first: the alias has not moved yet.");
        const { n, key } = await appEncrypt(ctx, f);
        return [`Record ${n} was encrypted under ${name(f, key)}: the alias now leads there.`];
      },
    },
    {
      id: "a-must-stay",
      title: "See why CMK-A must stay",
      how: [
        "Disable CMK-A (the Disable button on its page) and press “Decrypt every record”: the old records fail with DisabledException, the new one still decrypts. Then enable CMK-A again.",
      ],
      where: (f) => f.keyA && [keyHref(f.keyA), "CMK-A"],
      done: (f) =>
        Boolean(
          f.move &&
            f.keyA?.m.KeyState === "Enabled" &&
            calls(f, { name: "Decrypt", key: f.a, ok: false, after: f.move.eventSequence }).some((e) =>
              ["DisabledException", "KMSInvalidStateException"].includes(e.errorCode),
            ),
        ),
      show: async (ctx, f) => {
        need(f.move, "Do step 4 first: the alias has not moved yet.");
        await ctx.kms.disableKey({ KeyId: f.a });
        try {
          await appDecryptAll(ctx, f);
        } finally {
          await ctx.kms.enableKey({ KeyId: f.a });
        }
        const failed = [...answers.values()].filter((a) => !a.ok).length;
        return [
          `Disabled CMK-A, decrypted every record (${failed} failed: ${[...answers.values()].find((a) => !a.ok)?.text ?? "none"}), and enabled CMK-A again.`,
          "Delete CMK-A and those records are lost for good. Keep it until every old record is re-encrypted under CMK-B.",
        ];
      },
    },
  ],
  learned: [
    "Manual rotation is a new key plus a moved alias; applications that use the alias follow it.",
    "Old ciphertexts name their key, so the old key must stay until their data is re-encrypted.",
  ],
};

// The list of lessons: number, title and one-line summary of each, and how to load its module
// (loaded only when its page opens, so the navigation and the landing stay small).
// Depends on nothing; each lesson module depends on ./course.js and ./parts.js.

export const LESSONS = [
  {
    n: 1,
    title: "Keys and envelope encryption",
    summary: "Create a key with an alias, encrypt with an encryption context, and get a data key.",
    load: () => import("./lesson-1-envelope.js"),
  },
  {
    n: 2,
    title: "Automatic rotation",
    summary: "Turn rotation on, let a year pass, and see old ciphertext still decrypt.",
    load: () => import("./lesson-2-rotation.js"),
  },
  {
    n: 3,
    title: "Manual rotation with aliases",
    summary: "Move an application's alias from CMK-A to CMK-B, and see why CMK-A must stay.",
    load: () => import("./lesson-3-aliases.js"),
  },
  {
    n: 4,
    title: "Bring your own key material",
    summary: "Import key material with an expiry, watch it expire, and import the same material again.",
    load: () => import("./lesson-4-import.js"),
  },
  {
    n: 5,
    title: "Disabling and deleting safely",
    summary: "Disable first, watch the audit log, schedule deletion, and answer the alarm.",
    load: () => import("./lesson-5-deletion.js"),
  },
  {
    n: 6,
    title: "Who can decrypt this?",
    summary: "Ask with real calls who may decrypt, deny one principal in the key policy, and ask again.",
    load: () => import("./lesson-6-who-can.js"),
  },
  {
    n: 7,
    title: "Sign a JWT",
    summary: "Sign a JSON Web Token with a KMS key pair, turn DER into r‖s, and verify it with only the public key.",
    load: () => import("./lesson-7-jwt.js"),
  },
  {
    n: 8,
    title: "A MAC",
    summary: "Make a MAC of a message with an HMAC key, have KMS check it, and see a changed message refused.",
    load: () => import("./lesson-8-mac.js"),
  },
  {
    n: 9,
    title: "Grants",
    summary: "Let bob use a key its policy does not allow him, with a grant, then retire the grant.",
    load: () => import("./lesson-9-grants.js"),
  },
  {
    n: 10,
    title: "Keys in many Regions",
    summary: "Replicate a key to another Region, decrypt there what the first encrypted, and see what each copy keeps.",
    load: () => import("./lesson-10-regions.js"),
  },
];

export const LESSON_NUMBERS = LESSONS.map((l) => l.n);

/** The lesson module of number `n` (its steps and checks), or undefined. */
export async function loadLesson(n) {
  const entry = LESSONS.find((l) => String(l.n) === String(n));
  if (!entry) return undefined;
  return { ...entry, ...(await entry.load()).default };
}

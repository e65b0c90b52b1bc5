// The learner's progress through the lessons, per lesson: the steps seen done, whether (and when)
// the lesson was finished, the audit-log mark it counts from, and small notes a lesson keeps. Kept
// in its own IndexedDB database beside the service's, and carried in exported state files under
// `consoleLessons` (old files without it still import). Depends on nothing.

const DB_NAME = "kms-console-course";
const STORE = "progress";
/** The member of an exported state file that holds the progress; the service ignores it. */
export const FILE_MEMBER = "consoleLessons";

/** lesson number → `{ steps: string[], done, doneAt, since, seeded, memo }`. */
let cache = {};
let db;

function request(r) {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function open() {
  const r = indexedDB.open(DB_NAME, 1);
  r.onupgradeneeded = () => r.result.createObjectStore(STORE);
  return request(r);
}

/** One transaction over the store; resolves when it has committed. */
function write(fn) {
  if (!db) return Promise.resolve(); // storage refused at start: the progress lives in this page only
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, "readwrite");
    fn(tx.objectStore(STORE));
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

/** Reads the stored progress (once, at start). A browser that refuses IndexedDB keeps it in memory. */
export async function loadProgress() {
  try {
    db = await open();
    const store = db.transaction(STORE).objectStore(STORE);
    const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
    cache = Object.fromEntries(keys.map((k, i) => [k, values[i]]));
  } catch {
    db = undefined;
  }
}

/** The record of lesson `n` (a copy; empty for a lesson never opened). */
export function progressOf(n) {
  return structuredClone(cache[n] ?? {});
}

export async function saveProgress(n, record) {
  cache[n] = structuredClone(record);
  await write((s) => s.put(cache[n], String(n)));
}

/** Whether any lesson has progress worth landing on the lessons for. */
export const anyProgress = () => Object.values(cache).some((r) => r.steps?.length || r.done);

/** How many lessons are done, of the numbers given. */
export const doneCount = (numbers) => numbers.filter((n) => cache[n]?.done).length;

/** Replaces all progress (an imported state brings its own, or none). */
export async function replaceProgress(all = {}) {
  cache = structuredClone(all);
  await write((s) => {
    s.clear();
    for (const [n, r] of Object.entries(cache)) s.put(r, String(n));
  });
}

/** An exported state file's text with the progress added beside the service's state. */
export function withProgress(stateText) {
  const file = JSON.parse(stateText);
  file[FILE_MEMBER] = { version: 1, lessons: structuredClone(cache) };
  return JSON.stringify(file, null, 2);
}

/**
 * Splits a state file's text: `{ state, lessons }`, the service's part as text (without the
 * progress, so the service never sees it) and the progress (`{}` for files made before lessons).
 */
export function splitProgress(text) {
  let file;
  try {
    file = JSON.parse(text);
  } catch {
    return { state: text, lessons: {} }; // not JSON: the service's import says what is wrong
  }
  if (!file || typeof file !== "object" || !(FILE_MEMBER in file)) return { state: text, lessons: {} };
  const { [FILE_MEMBER]: part, ...rest } = file;
  // Only records that look like ours: a hand-edited file cannot put anything else in the store.
  const given = part && typeof part.lessons === "object" && part.lessons !== null ? part.lessons : {};
  const lessons = Object.fromEntries(
    Object.entries(given).filter(([n, r]) => /^\d{1,2}$/.test(n) && r && typeof r === "object" && !Array.isArray(r)),
  );
  return { state: JSON.stringify(rest), lessons };
}

// Saving the audit events of read-only and failed calls (Encrypt, Decrypt, refusals, alarms),
// which change no key and so are not saved by the call itself (issue 15): batched, written at
// most EVENT_FLUSH_MS after the call that recorded them, and at once when the page is hidden
// (reload, tab closed) or the Node process exits. A kill -9 loses at most the last batch.
// A page going away cannot wait for IndexedDB, so it also stashes those events in
// localStorage, synchronously; the next opening of that database merges them back.
// Depends on nothing; the Node entry lends `process.on("exit")` through `installExitHook`.

/** How long an event may wait in memory before it is written: the bound a crash can lose. */
export const EVENT_FLUSH_MS = 1000;

/** The open flushers, weakly: an instance nobody can call any more records nothing new. */
const live = new Set();
/** localStorage key prefix of stashed events, followed by the store (`indexeddb:<name>`). */
const STASH = "kms-wasm:unsaved-events:";

/** Called once by the Node entry: `register(fn)` runs `fn` synchronously at process exit. */
export function installExitHook(register) {
  register(() => {
    for (const ref of live) ref.deref()?.now();
  });
}

export class EventFlusher {
  #save;
  #stash;
  #key;
  #timer;
  #ref = new WeakRef(this);
  #onHide = () => {
    this.#stashNow();
    this.now();
  };
  #onVisibility = () => {
    if (globalThis.document?.visibilityState === "hidden") this.#onHide();
  };

  /**
   * `save()` writes what is not saved yet (synchronously, or returning a promise); `stash()`,
   * for asynchronous stores, returns the unsaved events as JSON text, kept under `key` when
   * the page is hidden.
   */
  constructor({ save, stash, key }) {
    this.#save = save;
    this.#stash = stash;
    this.#key = STASH + key;
    live.add(this.#ref);
    // A reload or a closed tab hides the page first; the save starts while the page still runs.
    globalThis.addEventListener?.("pagehide", this.#onHide);
    globalThis.document?.addEventListener?.("visibilitychange", this.#onVisibility);
  }

  /** After a call: the save is due within EVENT_FLUSH_MS (one timer per batch, not per call). */
  soon() {
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(() => this.now(), EVENT_FLUSH_MS);
    // A timer that would keep Node alive for a test suite that forgot close(): the exit hook saves instead.
    this.#timer.unref?.();
  }

  now() {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    try {
      const pending = this.#save();
      pending?.catch?.(report);
    } catch (e) {
      report(e);
    }
  }

  #stashNow() {
    const storage = localStore();
    if (!this.#stash || !storage) return;
    try {
      const events = JSON.parse(this.#stash());
      if (events.length === 0) return;
      // Another tab of the same database may have stashed too: keep both, once each.
      const kept = JSON.parse(storage.getItem(this.#key) ?? "[]");
      const ids = new Set(events.map((e) => e.eventId));
      storage.setItem(this.#key, JSON.stringify([...kept.filter((e) => !ids.has(e.eventId)), ...events]));
    } catch (e) {
      report(e);
    }
  }

  close() {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    live.delete(this.#ref);
    globalThis.removeEventListener?.("pagehide", this.#onHide);
    globalThis.document?.removeEventListener?.("visibilitychange", this.#onVisibility);
  }
}

/**
 * At open: merges the events a page stashed for `core`'s database (`storage`) when it went
 * away, commits them, then forgets the stash. A stash that cannot be read is dropped, with a
 * message; one whose save fails is kept for the next opening.
 */
export async function mergeStashed(core) {
  const storage = localStore();
  const key = STASH + core.storage;
  const text = storage?.getItem(key);
  if (text === null || text === undefined) return;
  try {
    if (core.mergeEvents(text) > 0) await core.persist(true);
  } catch (e) {
    if (e?.name === "KmsStorageError") throw e;
    report(e);
  }
  storage.removeItem(key);
}

/** `localStorage` where there is one and it works (not in workers, nor when storage is blocked). */
function localStore() {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}

/** A failed background save has no caller to reject: say so (the message names the store, never data). */
function report(e) {
  console.error(`kms-wasm: saving the audit events of read-only calls failed: ${e?.name}: ${e?.message}`);
}

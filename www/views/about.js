// "About this console": what runs where (the KMS is the wasm engine inside this page; its
// state is in this browser's IndexedDB; the HTTP endpoint beside it is a separate KMS), what is
// emulated, and the page shown when the saved state cannot be opened.
// Depends on ../lib/dom.js.

import { h } from "../lib/dom.js";

export async function render() {
  return h(
    "div",
    { class: "page" },
    h("h1", { tabindex: "-1" }, "About this console"),
    h(
      "section",
      { class: "panel prose" },
      h(
        "p",
        null,
        "This console manages keys of an emulated AWS Key Management Service. The service itself runs ",
        h("em", null, "inside this page"),
        ": it is the kms-wasm engine (Rust compiled to WebAssembly), the same one the kms-wasm npm package gives test suites. Nothing is sent over the network.",
      ),
      h(
        "p",
        null,
        "Its state (keys, their material, aliases, tags, policies, the audit log and the virtual clock) is kept in this browser's IndexedDB, in the database “kms-console”, and every change is committed there before the console shows it. Closing the tab or restarting the browser keeps it. ",
        "Use “Export state” to save it as a file, and “Import state” to load a file back, for example to hand a prepared demo to someone else.",
      ),
      h(
        "p",
        null,
        "As in AWS, keys, aliases and audit events belong to one Region: the Region selector in the navigation chooses the one the console works in (us-east-1 to begin with), and a multi-Region key has copies in several. Time is one for all Regions.",
      ),
      h(
        "p",
        null,
        "Time is virtual: it runs like a real clock, and the clock bar moves it ahead, so a year of automatic rotations or the end of a deletion waiting period takes one click. Whatever falls due on the way happens at its own due time, as it would have.",
      ),
      h(
        "p",
        null,
        "When this page is served by ",
        h("code", null, "kms-wasm serve"),
        " (",
        h("code", null, "npm start"),
        "), the same server also answers the AWS JSON 1.1 protocol on ",
        h("code", null, "POST /"),
        " for the AWS SDKs and CLI. That endpoint is a separate KMS with its own state: keys made here do not appear there.",
      ),
      h(
        "p",
        null,
        "Differences from AWS: there is no IAM, so a key policy statement naming the account lets every principal of the account in (the console calls as the account's root user; a key's Key policy tab calls as others); grants are not implemented yet. docs/differences-from-aws.md lists the rest.",
      ),
    ),
    h(
      "section",
      { class: "panel prose" },
      h("h2", null, "Using it with the keyboard"),
      h(
        "p",
        null,
        "Every control is reachable with Tab; the key detail tabs move with the arrow keys; dialogs close with Escape.",
      ),
    ),
  );
}

/** Shown instead of the console when the saved state cannot be opened. */
export function renderStartupError(e, dbName) {
  const remove = h(
    "button",
    {
      type: "button",
      class: "danger",
      id: "delete-saved-state",
      onClick: async () => {
        if (
          !window.confirm(`Delete the IndexedDB database “${dbName}” and start empty? Everything saved in it is lost.`)
        )
          return;
        await new Promise((resolve) => {
          const r = indexedDB.deleteDatabase(dbName);
          r.onsuccess = r.onerror = r.onblocked = resolve;
        });
        location.reload();
      },
    },
    "Delete the saved state and start again",
  );
  return h(
    "div",
    { class: "panel error-panel" },
    h("h1", { tabindex: "-1" }, "The saved console state could not be opened"),
    h("p", { id: "startup-error" }, `${e.name}: ${e.message}`),
    h(
      "p",
      null,
      "Nothing was changed. If it was written by a newer kms-wasm, open it with that version. Otherwise you can delete it:",
    ),
    remove,
  );
}

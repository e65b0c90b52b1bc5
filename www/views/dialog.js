// A modal confirmation built on <dialog> (focus stays inside, Escape cancels): a title, an
// explanation, optionally a checkbox the user must tick, and confirm/cancel buttons.
// Depends on ../lib/dom.js.

import { h, uid } from "../lib/dom.js";

/**
 * Resolves to the form's values (an object, truthy) when confirmed, or `false` when cancelled.
 * `fields` are extra controls placed above the buttons; `check` is the text of a checkbox
 * that must be ticked first.
 */
export function confirmDialog({ title, body = [], fields = [], check, confirmLabel = "Confirm", danger = false }) {
  return new Promise((resolve) => {
    const titleId = uid("dlg");
    const ok = h(
      "button",
      { type: "submit", class: danger ? "danger" : "primary", id: "dialog-confirm" },
      confirmLabel,
    );
    const box = check ? h("input", { type: "checkbox", id: uid("chk"), required: true }) : null;
    if (box) {
      ok.disabled = true;
      box.addEventListener("change", () => (ok.disabled = !box.checked));
    }
    const form = h(
      "form",
      { method: "dialog" },
      h("h2", { id: titleId }, title),
      ...body.map((p) => (typeof p === "string" ? h("p", null, p) : p)),
      ...fields,
      box ? h("p", { class: "check" }, box, " ", h("label", { for: box.id }, check)) : null,
      h(
        "div",
        { class: "actions" },
        h("button", { type: "button", id: "dialog-cancel", onClick: () => dialog.close("cancel") }, "Cancel"),
        ok,
      ),
    );
    const dialog = h("dialog", { class: "modal", "aria-labelledby": titleId }, form);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const values = Object.fromEntries(new FormData(form).entries());
      dialog.close("ok");
      resolve(values);
    });
    dialog.addEventListener("close", () => {
      if (dialog.returnValue !== "ok") resolve(false);
      dialog.remove();
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

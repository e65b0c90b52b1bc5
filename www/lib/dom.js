// Building the page without a framework: `h()` makes an element from a tag, attributes and
// children (text is always set as text, never parsed as HTML), `s()` the same for SVG; labelled
// fields, explanation boxes and tables that stack on a phone. Depends on nothing.

const SVG_NS = "http://www.w3.org/2000/svg";

function apply(el, attrs) {
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") el.addEventListener(name.slice(2).toLowerCase(), value);
    else if (name === "class") el.setAttribute("class", Array.isArray(value) ? value.filter(Boolean).join(" ") : value);
    else if (name === "dataset") Object.assign(el.dataset, value);
    else if (name === "value" && "value" in el) el.value = value;
    else if (name === "checked" || name === "disabled" || name === "selected" || name === "hidden")
      el[name] = Boolean(value);
    else el.setAttribute(name, value === true ? "" : String(value));
  }
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** `h("button", { class: "primary", onClick }, "Save")`. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  apply(el, attrs);
  append(el, children);
  return el;
}

/** An SVG element, same calling convention as `h`. */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  apply(el, attrs);
  append(el, children);
  return el;
}

/** Replaces every child of `el`. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let ids = 0;
/** A unique id for label/aria links. */
export const uid = (prefix = "f") => `${prefix}-${++ids}`;

/** A labelled form field: `field("Description", h("input", {...}), "hint")`. */
export function field(label, control, hint) {
  // A wrapper (an input behind an "alias/" prefix) is labelled through the control inside it.
  const input = control.matches("input, select, textarea")
    ? control
    : (control.querySelector("input, select, textarea") ?? control);
  const id = input.id || uid();
  input.id = id;
  const hintId = hint ? `${id}-hint` : undefined;
  if (hintId) input.setAttribute("aria-describedby", hintId);
  return h(
    "div",
    { class: "field" },
    h("label", { for: id }, label),
    control,
    hint ? h("p", { class: "hint", id: hintId }, hint) : null,
  );
}

/**
 * An explanation box ("Why?"), in plain words beside a state or an action. A note, not a
 * landmark: a page holds several, and they belong to what they stand beside.
 */
export function explain(title, ...body) {
  return h(
    "aside",
    { class: "explain", role: "note" },
    h("strong", null, title),
    ...body.map((p) => (typeof p === "string" ? h("p", null, p) : p)),
  );
}

/**
 * A table in a sideways-scrolling box that stacks into labelled rows on a phone (narrow.css):
 * `columns` are `[heading, cell(row), class?]`, one list for the header and the cells, each cell
 * carrying its heading as the label a phone shows; `rowAttrs(row)` gives each row's attributes.
 */
export function stackTable({ id, caption, columns, rows, rowAttrs = () => null }) {
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { id, class: "stack" },
      h("caption", null, caption),
      h(
        "thead",
        null,
        h(
          "tr",
          null,
          columns.map(([t]) => h("th", { scope: "col" }, t)),
        ),
      ),
      h(
        "tbody",
        null,
        rows.map((r) =>
          h(
            "tr",
            rowAttrs(r),
            columns.map(([t, cell, cls]) => h("td", { class: cls, "data-label": t }, cell(r))),
          ),
        ),
      ),
    ),
  );
}

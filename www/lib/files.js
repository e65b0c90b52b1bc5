// Files in and out of the page: downloads made from bytes or text (Blob URLs), reading a chosen
// file as bytes or text, and copying text to the clipboard. Depends on nothing.

/** Offers `data` (Uint8Array or string) as a download named `name`. */
export function download(name, data, type = "application/octet-stream") {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The bytes of the first file chosen in `input`, or undefined. */
export async function readBytes(input) {
  const file = input.files?.[0];
  return file ? new Uint8Array(await file.arrayBuffer()) : undefined;
}

export async function readText(input) {
  const file = input.files?.[0];
  return file ? file.text() : undefined;
}

/** Copies `text` to the clipboard; resolves to whether it worked (the page may not be allowed to). */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

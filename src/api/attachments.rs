//! Blob members carried beside the JSON text as raw bytes, for in-process callers (the JS
//! API): in the JSON a blob member then holds `"#<index>"`, a reference into the attachment
//! list, instead of base64, which spares a 1 KiB Encrypt four base64 passes and two large
//! string copies. `#` is not in the base64 alphabet, so a reference can never be mistaken
//! for data, and outside these calls it is simply invalid base64.
//! Only `engine::dispatch` switches this on, and only around one request's decoding and one
//! response's encoding; everywhere else (the wire, state files) blobs stay base64.
//! Attachments are `Blob`s, so plaintext in them is wiped when dropped like any blob.
//! Depends on `scalar::Blob` only.

use super::Blob;
use std::cell::{Cell, RefCell};

thread_local! {
    /// Request attachments while a request is being decoded; each is taken once.
    static INPUT: RefCell<Option<Vec<Option<Blob>>>> = const { RefCell::new(None) };
    /// Response attachments while a response is being encoded.
    static OUTPUT: RefCell<Option<Vec<Blob>>> = const { RefCell::new(None) };
    /// Blobs written as base64 while `counting`.
    static WRITTEN: Cell<Option<usize>> = const { Cell::new(None) };
}

/// Runs `encode` counting the blobs it writes as base64: a response written without any
/// can be kept as it is (the audit trail never holds blobs).
pub fn counting<T>(encode: impl FnOnce() -> T) -> (T, usize) {
    WRITTEN.with(|w| w.set(Some(0)));
    let out = encode();
    let n = WRITTEN.with(|w| w.take()).unwrap_or(0);
    (out, n)
}

/// Inside `counting`: one more blob written.
pub(super) fn note_written() {
    WRITTEN.with(|w| {
        if let Some(n) = w.get() {
            w.set(Some(n + 1));
        }
    });
}

/// Runs `decode` with `blobs` as the request's attachments (none: blobs must be base64).
pub fn decoding<T>(blobs: Option<Vec<Blob>>, decode: impl FnOnce() -> T) -> T {
    let Some(blobs) = blobs else {
        return decode();
    };
    INPUT.with(|i| *i.borrow_mut() = Some(blobs.into_iter().map(Some).collect()));
    let out = decode();
    INPUT.with(|i| *i.borrow_mut() = None);
    out
}

/// Runs `encode` collecting every blob it writes as an attachment; returns them in order.
pub fn encoding<T>(encode: impl FnOnce() -> T) -> (T, Vec<Blob>) {
    OUTPUT.with(|o| *o.borrow_mut() = Some(Vec::new()));
    let out = encode();
    let blobs = OUTPUT.with(|o| o.borrow_mut().take()).unwrap_or_default();
    (out, blobs)
}

/// How a blob member refers to attachment `index`.
pub(super) fn reference(index: usize) -> String {
    format!("#{index}")
}

/// The request attachment `text` refers to, once; `None` if `text` is no reference, or
/// outside `decoding`, or if that attachment is absent or taken.
pub(super) fn take_input(text: &str) -> Option<Blob> {
    let index: usize = text.strip_prefix('#')?.parse().ok()?;
    INPUT.with(|i| i.borrow_mut().as_mut()?.get_mut(index)?.take())
}

/// Inside `encoding`: stores `bytes` as the next response attachment and returns its index.
pub(super) fn push_output(bytes: &[u8]) -> Option<usize> {
    OUTPUT.with(|o| {
        let mut list = o.borrow_mut();
        let list = list.as_mut()?;
        list.push(Blob(bytes.to_vec()));
        Some(list.len() - 1)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blobs_travel_as_references_only_inside_the_scopes() {
        let b: Blob = decoding(Some(vec![Blob(vec![1, 2, 3])]), || {
            serde_json::from_str(r##""#0""##).unwrap()
        });
        assert_eq!(b.0, [1, 2, 3]);
        // Outside the scope, or taken twice, a reference is just bad base64.
        assert!(serde_json::from_str::<Blob>(r##""#0""##).is_err());
        let twice: Result<(Blob, Blob), _> = decoding(Some(vec![Blob(vec![9])]), || {
            serde_json::from_str(r##"["#0", "#0"]"##)
        });
        assert!(twice.is_err());
        let (json, out) =
            encoding(|| serde_json::to_string(&[Blob(vec![4]), Blob(vec![5, 6])]).unwrap());
        assert_eq!(
            (json.as_str(), out),
            (r##"["#0","#1"]"##, vec![Blob(vec![4]), Blob(vec![5, 6])])
        );
        assert_eq!(
            serde_json::to_string(&Blob(vec![1, 2, 3])).unwrap(),
            "\"AQID\""
        );
    }
}

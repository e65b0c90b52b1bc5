//! `Blob`, AWS's binary member: base64 (standard, padded) in AWS JSON, redacted in Debug,
//! wiped when dropped. For in-process callers (the JS API) blobs can instead travel beside the
//! JSON text as raw attachments: a blob member then holds `"#<index>"`, a reference into the
//! attachment list, which spares a 1 KiB Encrypt four base64 passes and two large string
//! copies. `#` is not in the base64 alphabet, so a reference can never be mistaken for data,
//! and outside these calls it is simply invalid base64. Only `engine::dispatch` switches this
//! on, around one request's decoding and one response's encoding; everywhere else (the wire,
//! state files) blobs stay base64. Depends on serde, serde_json, base64 and kms-wasm-aead.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cell::{Cell, RefCell};
use std::fmt;

/// Binary data: base64 (standard, padded) in AWS JSON. Debug never shows the bytes, so a
/// blob that holds plaintext or key material cannot leak through a log line.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Blob(pub Vec<u8>);

/// Blobs carry plaintext, data keys and key material: their bytes are overwritten when the
/// blob is dropped (copies made elsewhere, e.g. inside the crypto crates, are those crates'
/// business; `aes-gcm` and `rsa` zeroize their own keys).
impl Drop for Blob {
    fn drop(&mut self) {
        // The spare capacity too: it may hold bytes from before a truncation.
        self.0.resize(self.0.capacity(), 0);
        kms_wasm_aead::wipe(&mut self.0);
    }
}

impl fmt::Debug for Blob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Blob({} bytes)", self.0.len())
    }
}

impl Serialize for Blob {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if let Some(index) = push_output(&self.0) {
            return s.serialize_str(&reference(index));
        }
        note_written();
        // Base64 never needs JSON escaping, and serde_json's escape scan costs more than the
        // encoding itself (a 4 KiB Encrypt spent ~10% of its time there): hand it over as a
        // ready JSON string. Other serializers see the RawValue's own representation, which
        // serde_json's `Value` turns back into the same string.
        let mut text = String::with_capacity(self.0.len().div_ceil(3) * 4 + 2);
        text.push('"');
        STANDARD.encode_string(&self.0, &mut text);
        text.push('"');
        let raw =
            serde_json::value::RawValue::from_string(text).map_err(serde::ser::Error::custom)?;
        raw.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Blob {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Decodes straight from the borrowed text: a 4 KiB plaintext is not copied first.
        struct Base64;
        impl serde::de::Visitor<'_> for Base64 {
            type Value = Blob;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("base64 encoded binary data")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Blob, E> {
                // An attachment reference (see `attachments`) is never base64 (`#` is not in
                // its alphabet), so anywhere else it fails as the bad base64 it is.
                if let Some(blob) = take_input(text) {
                    return Ok(blob);
                }
                STANDARD
                    .decode(text.as_bytes())
                    .map(Blob)
                    .map_err(|_| E::custom("Base64 encoded binary data is not valid"))
            }
        }
        d.deserialize_str(Base64)
    }
}

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
fn note_written() {
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
fn reference(index: usize) -> String {
    format!("#{index}")
}

/// The request attachment `text` refers to, once; `None` if `text` is no reference, or
/// outside `decoding`, or if that attachment is absent or taken.
fn take_input(text: &str) -> Option<Blob> {
    let index: usize = text.strip_prefix('#')?.parse().ok()?;
    INPUT.with(|i| i.borrow_mut().as_mut()?.get_mut(index)?.take())
}

/// Inside `encoding`: stores `bytes` as the next response attachment and returns its index.
fn push_output(bytes: &[u8]) -> Option<usize> {
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
    fn blob_round_trips_as_base64_and_hides_its_bytes() {
        let b = Blob(vec![1, 2, 3]);
        assert_eq!(serde_json::to_string(&b).unwrap(), "\"AQID\"");
        assert_eq!(serde_json::from_str::<Blob>("\"AQID\"").unwrap(), b);
        assert_eq!(format!("{b:?}"), "Blob(3 bytes)");
        assert!(serde_json::from_str::<Blob>("\"@@\"").is_err());
    }

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

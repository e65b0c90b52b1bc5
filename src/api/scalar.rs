//! Scalar wire types shared by every AWS shape: `Blob` (base64 on the wire, redacted in
//! Debug) and `Timestamp` (epoch seconds on the wire, milliseconds inside).
//! Blobs cross in-process as raw attachments when `attachments` says so.
//! Depends only on serde (serde_json for a raw blob string), base64, `attachments` and
//! kms-wasm-aead's `wipe`.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use kms_wasm_civil::{civil_from_days, days_from_civil};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
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
        if let Some(index) = super::attachments::push_output(&self.0) {
            return s.serialize_str(&super::attachments::reference(index));
        }
        super::attachments::note_written();
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
                if let Some(blob) = super::attachments::take_input(text) {
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

/// A point in time. Stored as epoch milliseconds; on the wire epoch seconds with a
/// millisecond fraction, as AWS sends them. Input accepts integers or fractions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp(pub i64);

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0 % 1000 == 0 {
            s.serialize_i64(self.0 / 1000)
        } else {
            s.serialize_f64(self.0 as f64 / 1000.0)
        }
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let secs = f64::deserialize(d)?;
        if !secs.is_finite() {
            return Err(serde::de::Error::custom("timestamp is not a finite number"));
        }
        Ok(Timestamp((secs * 1000.0).round() as i64))
    }
}

/// Formats epoch milliseconds as ISO-8601 UTC with second precision (CloudTrail style).
pub fn iso8601(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// Parses `YYYY-MM-DDTHH:MM:SS[.fff]Z` (or a bare date) into epoch milliseconds.
pub fn parse_iso8601(text: &str) -> Option<i64> {
    let t = text.trim();
    let (date, time) = match t.split_once('T') {
        Some((d, rest)) => (d, rest.trim_end_matches('Z')),
        None => (t, "00:00:00"),
    };
    let mut dp = date.split('-');
    let y: i64 = dp.next()?.parse().ok()?;
    let m: i64 = dp.next()?.parse().ok()?;
    let d: i64 = dp.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || dp.next().is_some() {
        return None;
    }
    let mut tp = time.split(':');
    let hh: i64 = tp.next()?.parse().ok()?;
    let mm: i64 = tp.next()?.parse().ok()?;
    // Seconds with an optional fraction, read as integers (no float parsing is needed).
    let sec = tp.next().unwrap_or("0");
    let (whole, frac) = sec.split_once('.').unwrap_or((sec, ""));
    let ss: i64 = whole.parse().ok()?;
    let ms: i64 = match frac.len() {
        0 => 0,
        n if frac.bytes().all(|b| b.is_ascii_digit()) => {
            let digits = &frac[..n.min(3)];
            digits.parse::<i64>().ok()? * 10i64.pow(3 - digits.len() as u32)
        }
        _ => return None,
    };
    if hh > 23 || mm > 59 || !(0..61).contains(&ss) {
        return None;
    }
    let days = days_from_civil(y, m, d);
    Some((days * 86_400 + hh * 3600 + mm * 60 + ss) * 1000 + ms)
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
    fn timestamps_are_epoch_seconds_on_the_wire() {
        assert_eq!(serde_json::to_string(&Timestamp(1_500)).unwrap(), "1.5");
        assert_eq!(serde_json::to_string(&Timestamp(2_000)).unwrap(), "2");
        assert_eq!(
            serde_json::from_str::<Timestamp>("1.25").unwrap(),
            Timestamp(1_250)
        );
    }

    #[test]
    fn iso_dates_round_trip() {
        let ms = parse_iso8601("2026-02-28T12:34:56Z").unwrap();
        assert_eq!(iso8601(ms), "2026-02-28T12:34:56Z");
        assert_eq!(parse_iso8601("1970-01-01"), Some(0));
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(parse_iso8601("2024-13-01"), None);
        assert_eq!(parse_iso8601("1970-01-01T00:00:01.5Z"), Some(1500));
        assert_eq!(parse_iso8601("1970-01-01T00:00:01.123456Z"), Some(1123));
        assert_eq!(parse_iso8601("1970-01-01T00:00:01.x"), None);
    }
}

//! `Timestamp`, the scalar every AWS shape with a date shares (epoch seconds on the wire,
//! milliseconds inside), and ISO-8601 dates (CloudTrail, seed documents).
//! Depends on serde and kms-wasm-civil.

use kms_wasm_civil::{civil_from_days, days_from_civil, days_in_month};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

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
    if !(1..=days_in_month(y, m)).contains(&d) || dp.next().is_some() {
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
        // Impossible days are refused, not rolled into the next month.
        assert_eq!(parse_iso8601("2026-02-30T00:00:00Z"), None);
        assert_eq!(parse_iso8601("2026-04-31"), None);
        assert_eq!(parse_iso8601("2024-02-29"), Some(1_709_164_800_000));
        assert_eq!(parse_iso8601("1970-01-01T00:00:01.5Z"), Some(1500));
        assert_eq!(parse_iso8601("1970-01-01T00:00:01.123456Z"), Some(1123));
        assert_eq!(parse_iso8601("1970-01-01T00:00:01.x"), None);
    }
}

//! The `X-Amz-Date` form of a time (`20260101T120000Z`, UTC) and back, for SigV4, with the
//! day arithmetic the main crate's ISO-8601 helpers use. Depends on kms-wasm-civil only.

use kms_wasm_civil::{civil_from_days, days_from_civil, days_in_month};

/// Epoch milliseconds of an `X-Amz-Date` (`20260101T120000Z`); `None` if it is not one.
pub fn amz_date_ms(d: &str) -> Option<i64> {
    if d.len() != 16 || !d.ends_with('Z') || d.as_bytes()[8] != b'T' || !d.is_ascii() {
        return None;
    }
    let field = |range: std::ops::Range<usize>| d[range].parse::<i64>().ok();
    let (y, m, day) = (field(0..4)?, field(4..6)?, field(6..8)?);
    let (hh, mm, ss) = (field(9..11)?, field(11..13)?, field(13..15)?);
    if !(1..=days_in_month(y, m)).contains(&day) {
        return None;
    }
    if hh > 23 || mm > 59 || !(0..61).contains(&ss) {
        return None;
    }
    Some((days_from_civil(y, m, day) * 86_400 + hh * 3600 + mm * 60 + ss) * 1000)
}

/// `ms` (epoch milliseconds) as an `X-Amz-Date`, to the second.
pub fn amz_date(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    format!(
        "{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_what_is_not_a_date() {
        assert_eq!(amz_date_ms("19700101T000000Z"), Some(0));
        assert_eq!(amz_date_ms("20240229T235959Z"), Some(1_709_251_199_000));
        assert_eq!(amz_date(1_709_251_199_999), "20240229T235959Z");
        for t in [0, 951_782_400_000, 1_795_960_923_000, 4_102_444_800_000] {
            assert_eq!(amz_date_ms(&amz_date(t)), Some(t));
        }
        for bad in [
            "20261329T000000Z",
            "20261100T000000Z",
            "20260230T000000Z", // no 30 February: refused, not rolled into March
            "20250229T000000Z",
            "20261129T240000Z",
            "20261129T140203",
            "2026-11-29T14:02",
            "202é129T140203Z", // 16 bytes, "T" at byte 8; "é" straddles the year/month cut
        ] {
            assert_eq!(amz_date_ms(bad), None, "{bad}");
        }
    }
}

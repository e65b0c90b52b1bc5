//! The `X-Amz-Date` form of a time (`20260101T120000Z`, UTC) and back, for SigV4: the same
//! proleptic-Gregorian arithmetic as the main crate's ISO-8601 helpers, which this crate cannot
//! depend on. No dependencies.

/// Epoch milliseconds of an `X-Amz-Date` (`20260101T120000Z`); `None` if it is not one.
pub fn amz_date_ms(d: &str) -> Option<i64> {
    if d.len() != 16 || !d.ends_with('Z') || d.as_bytes()[8] != b'T' || !d.is_ascii() {
        return None;
    }
    let field = |range: std::ops::Range<usize>| d[range].parse::<i64>().ok();
    let (y, m, day) = (field(0..4)?, field(4..6)?, field(6..8)?);
    let (hh, mm, ss) = (field(9..11)?, field(11..13)?, field(13..15)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&day) {
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

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
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
            "20261129T240000Z",
            "20261129T140203",
            "2026-11-29T14:02",
            "202é129T140203Z", // 16 bytes, "T" at byte 8; "é" straddles the year/month cut
        ] {
            assert_eq!(amz_date_ms(bad), None, "{bad}");
        }
    }
}

//! Identifier formats: key and alias ARNs (with the Region's partition), key ids (UUIDs and
//! multi-Region `mrk-` ids) and lowercase hex. Pure functions over strings and bytes.
//! Depends on `Config` only.

use super::Config;

fn partition(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

pub(crate) fn key_arn(cfg: &Config, key_id: &str) -> String {
    format!(
        "arn:{}:kms:{}:{}:key/{key_id}",
        partition(&cfg.region),
        cfg.region,
        cfg.account_id
    )
}

pub(crate) fn alias_arn(cfg: &Config, alias_name: &str) -> String {
    format!(
        "arn:{}:kms:{}:{}:{alias_name}",
        partition(&cfg.region),
        cfg.region,
        cfg.account_id
    )
}

/// A lowercase-or-uppercase hex UUID with dashes, as KMS key ids are.
pub(crate) fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

pub(crate) fn is_mrk(s: &str) -> bool {
    s.strip_prefix("mrk-")
        .is_some_and(|h| h.len() == 32 && h.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Parses a UUID string into its 16 bytes (for the ciphertext header). Every Encrypt runs
/// this, so it works on the bytes directly rather than through an intermediate string.
pub(crate) fn uuid_bytes(id: &str) -> Option<[u8; 16]> {
    let mut out = [0u8; 16];
    let mut digits = id.bytes().filter(|c| *c != b'-');
    for b in out.iter_mut() {
        let hi = (digits.next()? as char).to_digit(16)?;
        let lo = (digits.next()? as char).to_digit(16)?;
        *b = (hi << 4 | lo) as u8;
    }
    digits.next().is_none().then_some(out)
}

/// A key id's 16 bytes for the ciphertext header, and whether it is a multi-Region key's.
pub(crate) fn key_id_bytes(id: &str) -> Option<([u8; 16], bool)> {
    match id.strip_prefix("mrk-") {
        Some(h) if h.len() == 32 => uuid_bytes(h).map(|b| (b, true)),
        Some(_) => None,
        None => uuid_bytes(id).map(|b| (b, false)),
    }
}

/// The key id a ciphertext header's 16 bytes name.
pub(crate) fn key_id_string(b: &[u8; 16], mrk: bool) -> String {
    match mrk {
        true => format!("mrk-{}", hex(b)),
        false => uuid_string(b),
    }
}

/// The 8-4-4-4-12 lowercase form of 16 bytes.
pub(crate) fn uuid_string(b: &[u8; 16]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = [b'-'; 36];
    let mut at = 0;
    for (i, byte) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            at += 1;
        }
        out[at] = DIGITS[(byte >> 4) as usize];
        out[at + 1] = DIGITS[(byte & 15) as usize];
        at += 2;
    }
    // Only ASCII was written.
    String::from_utf8_lossy(&out).into_owned()
}

/// Lowercase hex of bytes.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_forms() {
        assert!(is_uuid("1234abcd-12ab-34cd-56ef-1234567890ab"));
        assert!(!is_uuid("134f2428cec14b25a1ae9048164dba47"));
        assert!(is_mrk("mrk-1234abcd12ab34cd56ef1234567890ab"));
        assert!(!is_mrk("mrk-fake-key-id"));
        let id = "1234abcd-12ab-34cd-56ef-1234567890ab";
        assert_eq!(uuid_string(&uuid_bytes(id).unwrap()), id);
        let cfg = Config::default();
        assert_eq!(
            key_arn(&cfg, id),
            format!("arn:aws:kms:us-east-1:111122223333:key/{id}")
        );
    }
}

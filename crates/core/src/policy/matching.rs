//! The string matching of IAM policy language: `*` and `?` wildcards (StringLike, actions,
//! resources), ARN matching field by field (ArnLike), and IPv4/IPv6 CIDR blocks (IpAddress).
//! Depends on nothing.

/// `pattern` with `*` (any run, empty included) and `?` (one character) against `text`.
pub(crate) fn glob(pattern: &str, text: &str, ignore_case: bool) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    // ASCII case folding: action names are ASCII, and Unicode tables would cost the download.
    let eq = |a: char, b: char| {
        if ignore_case {
            a.eq_ignore_ascii_case(&b)
        } else {
            a == b
        }
    };
    // Iterative matching with one backtrack point: linear in practice, no recursion.
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || (p[pi] != '*' && eq(p[pi], t[ti]))) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// ArnLike: the six colon-separated fields match one by one, each with wildcards; the
/// resource part may itself contain colons.
pub(crate) fn arn_like(pattern: &str, arn: &str) -> bool {
    let p: Vec<&str> = pattern.splitn(6, ':').collect();
    let a: Vec<&str> = arn.splitn(6, ':').collect();
    p.len() == 6 && a.len() == 6 && p.iter().zip(&a).all(|(p, a)| glob(p, a, false))
}

/// An IPv4 address as 32 bits.
fn ipv4(s: &str) -> Option<u32> {
    let parts: Vec<&str> = s.split('.').collect();
    if parts.len() != 4 {
        return None;
    }
    parts.iter().try_fold(0u32, |acc, p| {
        let octet: u8 = p.parse().ok()?;
        Some(acc << 8 | u32::from(octet))
    })
}

/// An IPv6 address as 128 bits (`::` shorthand and a trailing IPv4 part allowed).
fn ipv6(s: &str) -> Option<u128> {
    let groups = |part: &str| -> Option<Vec<u16>> {
        if part.is_empty() {
            return Some(Vec::new());
        }
        let mut out = Vec::new();
        for g in part.split(':') {
            if g.contains('.') {
                let v4 = ipv4(g)?;
                out.extend([(v4 >> 16) as u16, v4 as u16]);
            } else {
                out.push(u16::from_str_radix(g, 16).ok().filter(|_| g.len() <= 4)?);
            }
        }
        Some(out)
    };
    let all = match s.split_once("::") {
        Some((head, tail)) => {
            let (head, tail) = (groups(head)?, groups(tail)?);
            let zeros = 8usize.checked_sub(head.len() + tail.len())?;
            [head, vec![0; zeros], tail].concat()
        }
        None => groups(s)?,
    };
    (all.len() == 8).then(|| all.iter().fold(0u128, |acc, g| acc << 16 | u128::from(*g)))
}

/// IpAddress: `ip` inside the CIDR block `block` (a bare address is a /32 or /128). Parsed by
/// hand: std's address parser would add to every download what this needs in 40 lines.
pub(crate) fn in_cidr(block: &str, ip: &str) -> bool {
    let (net, bits) = match block.split_once('/') {
        Some((n, b)) => (n, b.parse::<u32>().ok()),
        None => (block, None),
    };
    if let (Some(n), Some(i)) = (ipv4(net), ipv4(ip)) {
        let mask = u32::MAX
            .checked_shl(32 - bits.unwrap_or(32).min(32))
            .unwrap_or(0);
        return n & mask == i & mask;
    }
    match (ipv6(net), ipv6(ip)) {
        (Some(n), Some(i)) => {
            let mask = u128::MAX
                .checked_shl(128 - bits.unwrap_or(128).min(128))
                .unwrap_or(0);
            n & mask == i & mask
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards() {
        assert!(glob("kms:*", "kms:Decrypt", false));
        assert!(glob("kms:Re*", "kms:ReEncryptFrom", false));
        assert!(glob("kms:Generate*", "kms:GenerateDataKeyPair", false));
        assert!(glob("a?c", "abc", false));
        assert!(!glob("a?c", "ac", false));
        assert!(glob("*", "", false));
        assert!(!glob("kms:Decrypt", "kms:decrypt", false));
        assert!(glob("kms:Decrypt", "kms:decrypt", true));
        assert!(glob("*a*b*", "xxaxxbxx", false));
        assert!(!glob("*a*b", "xxaxxbxxc", false));
    }

    #[test]
    fn arns_and_addresses() {
        let arn = "arn:aws:iam::111122223333:role/app/Reader";
        assert!(arn_like("arn:aws:iam::111122223333:role/*", arn));
        assert!(arn_like("arn:aws:iam::*:role/app/*", arn));
        assert!(!arn_like("arn:aws:iam::444455556666:role/*", arn));
        assert!(!arn_like("arn:aws:iam::111122223333", arn));
        assert!(in_cidr("10.0.0.0/8", "10.1.2.3"));
        assert!(!in_cidr("10.0.0.0/8", "11.1.2.3"));
        assert!(in_cidr("127.0.0.1", "127.0.0.1"));
        assert!(in_cidr("0.0.0.0/0", "8.8.8.8"));
        assert!(in_cidr("::1/128", "::1"));
        assert!(!in_cidr("10.0.0.0/8", "::1"));
        assert!(in_cidr("2001:db8::/32", "2001:db8:0:1::5"));
        assert!(!in_cidr("2001:db8::/32", "2001:db9::1"));
        assert!(in_cidr("::ffff:127.0.0.0/104", "::ffff:127.0.0.1"));
        assert!(!in_cidr("10.0.0.0/8", "10.0.0.256"));
    }
}

//! The pieces of SigV4's canonical request that are pure text: RFC 3986 encoding, percent
//! decoding (byte-wise, whatever follows a `%`), the sorted query string and path
//! normalisation as every AWS service but S3 applies it. Depends on nothing.

/// RFC 3986 encoding as SigV4 wants it (unreserved characters kept, `/` optionally kept).
pub(crate) fn uri_encode(s: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b'/' if keep_slash => out.push('/'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

pub(crate) fn canonical_query(query: &str) -> String {
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (
                uri_encode(&percent_decode(k), false),
                uri_encode(&percent_decode(v), false),
            )
        })
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

fn hex_digit(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

pub(crate) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        // Bytes, not `&s[..]`: a `%` before a multi-byte character must not slice inside it.
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(hi), Some(lo)) = (hex_digit(bytes[i + 1]), hex_digit(bytes[i + 2])) {
                out.push(hi << 4 | lo);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The path as every AWS service but S3 signs it: `.` and `..` segments resolved and empty
/// segments dropped (RFC 3986 §5.2.4), a trailing slash kept, `/` for an empty path.
pub(crate) fn normalize_path(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    let trailing = !segments.is_empty()
        && (path.ends_with('/') || path.ends_with("/.") || path.ends_with("/.."));
    let mut out = format!("/{}", segments.join("/"));
    if trailing {
        out.push('/');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_pieces() {
        assert_eq!(uri_encode("a b/c", true), "a%20b/c");
        assert_eq!(normalize_path(""), "/");
        assert_eq!(normalize_path("//example//"), "/example/");
        assert_eq!(normalize_path("/example/../.."), "/");
        assert_eq!(normalize_path("/a/./b/../c"), "/a/c");
        assert_eq!(canonical_query("b=2&a=1&c"), "a=1&b=2&c=");
        assert_eq!(percent_decode("%41b"), "Ab");
        // A `%` before a non-ASCII character is kept as it is (it used to panic).
        assert_eq!(percent_decode("%é1"), "%é1");
        assert_eq!(percent_decode("a%2é"), "a%2é");
        assert_eq!(percent_decode("%+1"), "%+1");
    }
}

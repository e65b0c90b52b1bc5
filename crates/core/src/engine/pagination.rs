//! Markers for the list operations. A marker names the last item of the previous page and
//! carries a check, so a marker this service did not issue for this list (garbage, edited,
//! or from another list) is refused with InvalidMarkerException. Depends on sha2 and base64.

use crate::api::validate;
use crate::error::KmsError;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use sha2::{Digest, Sha256};

fn check(list: &str, last: &str) -> [u8; 6] {
    let d = Sha256::digest(format!("kms-wasm marker\0{list}\0{last}").as_bytes());
    let mut out = [0u8; 6];
    out.copy_from_slice(&d[..6]);
    out
}

fn encode(list: &str, last: &str) -> String {
    let mut raw = last.as_bytes().to_vec();
    raw.extend_from_slice(&check(list, last));
    URL_SAFE_NO_PAD.encode(raw)
}

fn decode(list: &str, marker: &str) -> Result<String, KmsError> {
    let invalid =
        || KmsError::InvalidMarker(format!("The marker '{marker}' is not valid for {list}"));
    let raw = URL_SAFE_NO_PAD
        .decode(marker.as_bytes())
        .map_err(|_| invalid())?;
    if raw.len() < 6 {
        return Err(invalid());
    }
    let (last, sum) = raw.split_at(raw.len() - 6);
    let last = String::from_utf8(last.to_vec()).map_err(|_| invalid())?;
    if sum != check(list, &last) {
        return Err(invalid());
    }
    Ok(last)
}

/// One page of a list sorted by `key`. `limit` is validated against the model's range and
/// then capped at the operation's documented maximum.
pub(crate) struct Paging {
    pub limit: usize,
    pub after: Option<String>,
    list: &'static str,
}

impl Paging {
    pub fn new(
        list: &'static str,
        limit: Option<i64>,
        marker: &Option<String>,
        default: usize,
        max: usize,
    ) -> Result<Self, KmsError> {
        validate::opt_range("limit", limit, 1, 1000)?;
        validate::marker(marker)?;
        let after = marker.as_deref().map(|m| decode(list, m)).transpose()?;
        let limit = limit.map_or(default, |l| (l as usize).min(max));
        Ok(Self { limit, after, list })
    }

    /// Takes the page from items already sorted by their key; returns the page, the next
    /// marker, and whether the list was truncated.
    pub fn take<T>(
        &self,
        items: impl Iterator<Item = (String, T)>,
    ) -> (Vec<T>, Option<String>, bool) {
        let mut rest = items
            .filter(|(k, _)| self.after.as_ref().is_none_or(|a| k > a))
            .peekable();
        let mut page = Vec::new();
        let mut last = None;
        while page.len() < self.limit {
            match rest.next() {
                Some((k, v)) => {
                    last = Some(k);
                    page.push(v);
                }
                None => break,
            }
        }
        let truncated = rest.peek().is_some();
        let next = if truncated {
            last.map(|k| encode(self.list, &k))
        } else {
            None
        };
        (page, next, truncated)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_markers() {
        let items = || (0..5).map(|i| (format!("k{i}"), i));
        let p = Paging::new("ListKeys", Some(2), &None, 100, 1000).unwrap();
        let (page, next, truncated) = p.take(items());
        assert_eq!((page, truncated), (vec![0, 1], true));
        let p = Paging::new("ListKeys", Some(2), &next, 100, 1000).unwrap();
        assert_eq!(p.take(items()).0, vec![2, 3]);
        let bad = Some("garbage".to_string());
        assert!(matches!(
            Paging::new("ListKeys", None, &bad, 100, 1000),
            Err(KmsError::InvalidMarker(_))
        ));
        assert!(matches!(
            Paging::new("ListAliases", None, &next, 50, 100),
            Err(KmsError::InvalidMarker(_))
        ));
        assert!(matches!(
            Paging::new("ListKeys", Some(0), &None, 100, 1000),
            Err(KmsError::Validation(_))
        ));
    }
}

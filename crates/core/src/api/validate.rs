//! Constraint checks on request members, producing AWS's framework `ValidationException`
//! wording (`1 validation error detected: Value 'x' at 'member' failed to satisfy constraint: ...`).
//! Paths are lowerCamelCase member names, as AWS writes them. Depends on `error` and `Blob`.

use super::Blob;
use crate::error::KmsError;

/// String length (in characters) between `min` and `max`.
pub fn len(path: &str, value: &str, min: usize, max: usize) -> Result<(), KmsError> {
    let n = value.chars().count();
    if n < min {
        return Err(KmsError::constraint(
            Some(value),
            path,
            &format!("Member must have length greater than or equal to {min}"),
        ));
    }
    if n > max {
        return Err(KmsError::constraint(
            Some(value),
            path,
            &format!("Member must have length less than or equal to {max}"),
        ));
    }
    Ok(())
}

/// Optional string length.
pub fn opt_len(path: &str, value: &Option<String>, min: usize, max: usize) -> Result<(), KmsError> {
    value.as_deref().map_or(Ok(()), |v| len(path, v, min, max))
}

/// Blob length in bytes. The value is never echoed: blobs may be secrets.
pub fn blob(path: &str, value: &Blob, min: usize, max: usize) -> Result<(), KmsError> {
    let n = value.0.len();
    if n < min {
        return Err(KmsError::constraint(
            None,
            path,
            &format!("Member must have length greater than or equal to {min}"),
        ));
    }
    if n > max {
        return Err(KmsError::constraint(
            None,
            path,
            &format!("Member must have length less than or equal to {max}"),
        ));
    }
    Ok(())
}

/// Integer range.
pub fn range(path: &str, value: i64, min: i64, max: i64) -> Result<(), KmsError> {
    let v = value.to_string();
    if value < min {
        return Err(KmsError::constraint(
            Some(&v),
            path,
            &format!("Member must have value greater than or equal to {min}"),
        ));
    }
    if value > max {
        return Err(KmsError::constraint(
            Some(&v),
            path,
            &format!("Member must have value less than or equal to {max}"),
        ));
    }
    Ok(())
}

pub fn opt_range(path: &str, value: Option<i64>, min: i64, max: i64) -> Result<(), KmsError> {
    value.map_or(Ok(()), |v| range(path, v, min, max))
}

/// Enum membership.
pub fn one_of(path: &str, value: &str, allowed: &[&str]) -> Result<(), KmsError> {
    if allowed.contains(&value) {
        return Ok(());
    }
    Err(KmsError::constraint(
        Some(value),
        path,
        &format!(
            "Member must satisfy enum value set: [{}]",
            allowed.join(", ")
        ),
    ))
}

pub fn opt_one_of(path: &str, value: &Option<String>, allowed: &[&str]) -> Result<(), KmsError> {
    value
        .as_deref()
        .map_or(Ok(()), |v| one_of(path, v, allowed))
}

/// Every character satisfies `ok`; otherwise the model's pattern is quoted.
pub fn chars(
    path: &str,
    value: &str,
    pattern: &str,
    ok: impl Fn(char) -> bool,
) -> Result<(), KmsError> {
    if value.chars().all(ok) {
        return Ok(());
    }
    Err(KmsError::constraint(
        Some(value),
        path,
        &format!("Member must satisfy regular expression pattern: {pattern}"),
    ))
}

/// The model's marker pattern `[\u0020-\u00FF]*`, length 1–1024.
pub fn marker(value: &Option<String>) -> Result<(), KmsError> {
    if let Some(m) = value {
        len("marker", m, 1, 1024)?;
        chars("marker", m, "[\\u0020-\\u00FF]*", |c| {
            ('\u{20}'..='\u{ff}').contains(&c)
        })?;
    }
    Ok(())
}

/// Grant tokens: 0–10 items, each 1–8192 characters. Accepted and otherwise ignored.
pub fn grant_tokens(value: &Option<Vec<String>>) -> Result<(), KmsError> {
    if let Some(tokens) = value {
        if tokens.len() > 10 {
            return Err(KmsError::constraint(
                None,
                "grantTokens",
                "Member must have length less than or equal to 10",
            ));
        }
        for (i, t) in tokens.iter().enumerate() {
            len(&format!("grantTokens.{}.member", i + 1), t, 1, 8192)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_use_the_framework_wording() {
        let e = range("pendingWindowInDays", 0, 1, 365).unwrap_err();
        assert_eq!(e.message().unwrap(), "1 validation error detected: Value '0' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value greater than or equal to 1");
        let e = blob("plaintext", &Blob(vec![0; 4097]), 1, 4096).unwrap_err();
        assert_eq!(e.message().unwrap(), "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096");
        let e = one_of("keySpec", "AES-256", &["AES_256", "AES_128"]).unwrap_err();
        assert!(e
            .message()
            .unwrap()
            .ends_with("Member must satisfy enum value set: [AES_256, AES_128]"));
        assert!(len("description", "", 0, 8192).is_ok());
        assert!(marker(&Some("\u{1}".into())).is_err());
    }
}

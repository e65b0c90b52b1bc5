//! `KmsError`: the AWS KMS exception taxonomy, one flat enum for the whole crate.
//! Each variant carries AWS's message text (or none, where AWS sends none).
//! Depends on nothing else in the crate; every layer maps its failures into this.

use std::fmt;

/// An AWS KMS exception. The variant is the AWS error code without `Exception`; the payload is
/// the message AWS would send (`None` where AWS sends a body without `message`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KmsError {
    AccessDenied(String),
    AlreadyExists(String),
    Conflict(String),
    Disabled(String),
    DryRunOperation(String),
    ExpiredImportToken(String),
    IncompleteSignature(String),
    IncorrectKey(String),
    IncorrectKeyMaterial(String),
    Internal(String),
    InvalidAliasName(String),
    InvalidArn(String),
    InvalidCiphertext(Option<String>),
    InvalidGrantId(String),
    InvalidGrantToken(String),
    InvalidImportToken(String),
    InvalidKeyUsage(String),
    /// VerifyMac's mismatch: AWS sends no message.
    InvalidMac,
    /// Verify's mismatch (KMSInvalidSignatureException): AWS sends no message. Not the SigV4
    /// `InvalidSignature` below.
    InvalidKmsSignature,
    InvalidMarker(String),
    InvalidSignature(String),
    InvalidState(String),
    LimitExceeded(String),
    MalformedPolicyDocument(String),
    MissingAuthenticationToken(String),
    NotAuthorized,
    NotFound(String),
    Serialization(String),
    Tag(String),
    UnknownOperation(String),
    UnrecognizedClient(String),
    UnsupportedOperation(Option<String>),
    Validation(String),
}

impl KmsError {
    /// The AWS error code, as sent in `__type` and used as the JS error `name`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::AccessDenied(_) => "AccessDeniedException",
            Self::AlreadyExists(_) => "AlreadyExistsException",
            Self::Conflict(_) => "ConflictException",
            Self::Disabled(_) => "DisabledException",
            Self::DryRunOperation(_) => "DryRunOperationException",
            Self::ExpiredImportToken(_) => "ExpiredImportTokenException",
            Self::IncompleteSignature(_) => "IncompleteSignatureException",
            Self::IncorrectKey(_) => "IncorrectKeyException",
            Self::IncorrectKeyMaterial(_) => "IncorrectKeyMaterialException",
            Self::Internal(_) => "KMSInternalException",
            Self::InvalidAliasName(_) => "InvalidAliasNameException",
            Self::InvalidArn(_) => "InvalidArnException",
            Self::InvalidCiphertext(_) => "InvalidCiphertextException",
            Self::InvalidGrantId(_) => "InvalidGrantIdException",
            Self::InvalidGrantToken(_) => "InvalidGrantTokenException",
            Self::InvalidImportToken(_) => "InvalidImportTokenException",
            Self::InvalidKeyUsage(_) => "InvalidKeyUsageException",
            Self::InvalidMac => "KMSInvalidMacException",
            Self::InvalidKmsSignature => "KMSInvalidSignatureException",
            Self::InvalidMarker(_) => "InvalidMarkerException",
            Self::InvalidSignature(_) => "InvalidSignatureException",
            Self::InvalidState(_) => "KMSInvalidStateException",
            Self::LimitExceeded(_) => "LimitExceededException",
            Self::MalformedPolicyDocument(_) => "MalformedPolicyDocumentException",
            Self::MissingAuthenticationToken(_) => "MissingAuthenticationTokenException",
            Self::NotAuthorized => "NotAuthorizedException",
            Self::NotFound(_) => "NotFoundException",
            Self::Serialization(_) => "SerializationException",
            Self::Tag(_) => "TagException",
            Self::UnknownOperation(_) => "UnknownOperationException",
            Self::UnrecognizedClient(_) => "UnrecognizedClientException",
            Self::UnsupportedOperation(_) => "UnsupportedOperationException",
            Self::Validation(_) => "ValidationException",
        }
    }

    /// The message, or `None` where AWS sends no `message` member at all.
    pub fn message(&self) -> Option<&str> {
        match self {
            Self::InvalidCiphertext(m) | Self::UnsupportedOperation(m) => m.as_deref(),
            Self::NotAuthorized | Self::InvalidMac | Self::InvalidKmsSignature => None,
            Self::AccessDenied(m)
            | Self::AlreadyExists(m)
            | Self::Conflict(m)
            | Self::Disabled(m)
            | Self::DryRunOperation(m)
            | Self::ExpiredImportToken(m)
            | Self::IncompleteSignature(m)
            | Self::IncorrectKey(m)
            | Self::IncorrectKeyMaterial(m)
            | Self::Internal(m)
            | Self::InvalidAliasName(m)
            | Self::InvalidArn(m)
            | Self::InvalidGrantId(m)
            | Self::InvalidGrantToken(m)
            | Self::InvalidImportToken(m)
            | Self::InvalidKeyUsage(m)
            | Self::InvalidMarker(m)
            | Self::InvalidSignature(m)
            | Self::InvalidState(m)
            | Self::LimitExceeded(m)
            | Self::MalformedPolicyDocument(m)
            | Self::MissingAuthenticationToken(m)
            | Self::NotFound(m)
            | Self::Serialization(m)
            | Self::Tag(m)
            | Self::UnknownOperation(m)
            | Self::UnrecognizedClient(m)
            | Self::Validation(m) => Some(m),
        }
    }

    /// `server` for the exceptions the model marks as faults, `client` otherwise.
    pub fn fault(&self) -> &'static str {
        if matches!(self, Self::Internal(_)) {
            "server"
        } else {
            "client"
        }
    }

    /// HTTP status on the wire. Real AWS answered 400 for every client error it was seen
    /// returning, even those the Smithy model marks 404/409 (LocalStack's snapshots recorded
    /// against AWS show 400 for each of them).
    pub fn http_status(&self) -> u16 {
        if matches!(self, Self::Internal(_)) {
            500
        } else {
            400
        }
    }

    /// A `ValidationException` in AWS's framework wording for one violated constraint.
    pub fn constraint(value: Option<&str>, path: &str, constraint: &str) -> Self {
        let value = match value {
            Some(v) => format!("Value '{v}' at"),
            None => "Value at".to_string(),
        };
        Self::Validation(format!(
            "1 validation error detected: {value} '{path}' failed to satisfy constraint: {constraint}"
        ))
    }
}

impl fmt::Display for KmsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.message() {
            Some(m) => write!(f, "{}: {m}", self.code()),
            None => f.write_str(self.code()),
        }
    }
}

impl std::error::Error for KmsError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_aws_exception_names() {
        assert_eq!(
            KmsError::InvalidState("x".into()).code(),
            "KMSInvalidStateException"
        );
        assert_eq!(
            KmsError::Internal("x".into()).code(),
            "KMSInternalException"
        );
        assert_eq!(KmsError::NotAuthorized.message(), None);
        assert_eq!(KmsError::InvalidCiphertext(None).http_status(), 400);
        assert_eq!(KmsError::Internal("x".into()).http_status(), 500);
    }

    #[test]
    fn constraint_messages_follow_the_framework_format() {
        let e = KmsError::constraint(
            Some("0"),
            "numberOfBytes",
            "Member must have value greater than or equal to 1",
        );
        assert_eq!(
            e.message(),
            Some("1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1")
        );
        let e = KmsError::constraint(
            None,
            "plaintext",
            "Member must have length less than or equal to 4096",
        );
        assert!(e.message().unwrap().contains("Value at 'plaintext'"));
    }
}

//! AWS KMS request and response shapes, defined once and shared by the JS class and the
//! wire (PascalCase members, exactly the model's names), plus input validation helpers.
//! Depends on serde, base64 and `error` only.

pub mod blob;
mod enums;
mod scalar;
pub mod shapes;
pub mod validate;

pub use blob::Blob;
pub use enums::*;
pub use scalar::{iso8601, parse_iso8601, Timestamp};

/// Every operation in AWS's KMS model (vendor/aws-kms-model/service-2.json), in model order.
pub const ALL_OPERATIONS: &[&str] = &[
    "CancelKeyDeletion",
    "ConnectCustomKeyStore",
    "CreateAlias",
    "CreateCustomKeyStore",
    "CreateGrant",
    "CreateKey",
    "Decapsulate",
    "Decrypt",
    "DeleteAlias",
    "DeleteCustomKeyStore",
    "DeleteImportedKeyMaterial",
    "DeriveSharedSecret",
    "DescribeCustomKeyStores",
    "DescribeKey",
    "DisableKey",
    "DisableKeyRotation",
    "DisconnectCustomKeyStore",
    "EnableKey",
    "EnableKeyRotation",
    "Encapsulate",
    "Encrypt",
    "GenerateDataKey",
    "GenerateDataKeyPair",
    "GenerateDataKeyPairWithoutPlaintext",
    "GenerateDataKeyWithoutPlaintext",
    "GenerateMac",
    "GenerateRandom",
    "GetKeyLastUsage",
    "GetKeyPolicy",
    "GetKeyRotationStatus",
    "GetParametersForImport",
    "GetPublicKey",
    "ImportKeyMaterial",
    "ListAliases",
    "ListGrants",
    "ListKeyPolicies",
    "ListKeyRotations",
    "ListKeys",
    "ListResourceTags",
    "ListRetirableGrants",
    "PutKeyPolicy",
    "ReEncrypt",
    "ReplicateKey",
    "RetireGrant",
    "RevokeGrant",
    "RotateKeyOnDemand",
    "ScheduleKeyDeletion",
    "Sign",
    "TagResource",
    "UntagResource",
    "UpdateAlias",
    "UpdateCustomKeyStore",
    "UpdateKeyDescription",
    "UpdatePrimaryRegion",
    "Verify",
    "VerifyMac",
];

/// Members whose model type is `blob` (base64 on the wire, `Uint8Array` in JS). In the model
/// no member name is a blob in one shape and something else in another, so the name decides.
pub const BLOB_MEMBERS: &[&str] = &[
    "AttestationDocument",
    "CiphertextBlob",
    "CiphertextForRecipient",
    "EncryptedKeyMaterial",
    "ImportToken",
    "Mac",
    "Message",
    "Plaintext",
    "PrivateKeyCiphertextBlob",
    "PrivateKeyPlaintext",
    "PublicKey",
    "SharedSecret",
    "SharedSecretCiphertextBlob",
    "Signature",
];

/// Members whose model type is `timestamp` (epoch seconds on the wire, `Date` in JS).
pub const TIMESTAMP_MEMBERS: &[&str] = &[
    "CreationDate",
    "DeletionDate",
    "KeyCreationDate",
    "LastUpdatedDate",
    "NextRotationDate",
    "OnDemandRotationStartDate",
    "ParametersValidTo",
    "RotationDate",
    "Timestamp",
    "TrackingStartDate",
    "ValidTo",
];

/// A model member name as AWS writes it in validation messages and CloudTrail events
/// (`KeyId` → `keyId`).
pub fn lower_camel(name: &str) -> String {
    let mut c = name.chars();
    match c.next() {
        Some(f) => std::iter::once(f.to_ascii_lowercase()).chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// The lists above match AWS's model, vendored in the repository, exactly.
    #[test]
    fn member_lists_match_the_aws_model() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../vendor/aws-kms-model/service-2.json"
        );
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("AWS's model must be at {path}: {e}"));
        let model: serde_json::Value = serde_json::from_str(&text).unwrap();
        let ops: BTreeSet<&str> = model["operations"]
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        assert_eq!(ops, ALL_OPERATIONS.iter().copied().collect());
        let shapes = model["shapes"].as_object().unwrap();
        let (mut blobs, mut stamps) = (BTreeSet::new(), BTreeSet::new());
        for shape in shapes.values() {
            for (name, r) in shape["members"].as_object().into_iter().flatten() {
                match shapes[r["shape"].as_str().unwrap()]["type"].as_str() {
                    Some("blob") => blobs.insert(name.as_str()),
                    Some("timestamp") => stamps.insert(name.as_str()),
                    _ => false,
                };
            }
        }
        assert_eq!(blobs, BLOB_MEMBERS.iter().copied().collect());
        assert_eq!(stamps, TIMESTAMP_MEMBERS.iter().copied().collect());
    }
}

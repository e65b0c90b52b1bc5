//! AWS KMS's numbers, each defined once: units of time, quotas, and the service's own ranges
//! (the API model's per-member constraints are checked where the members are validated).
//! Sources: the AWS KMS Developer Guide pages named beside each, and the AWS API model
//! (vendor/aws-kms-model/service-2.json). Depends on nothing.

use std::ops::RangeInclusive;

pub const HOUR_MS: i64 = 3_600_000;
pub const DAY_MS: i64 = 24 * HOUR_MS;

/// Customer managed keys per account and Region ("Resource quotas",
/// https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html).
pub const MAX_KEYS: usize = 100_000;
/// Aliases per KMS key ("Resource quotas").
pub const MAX_ALIASES_PER_KEY: usize = 50;
/// Grants per KMS key, and encryption context pairs per grant constraint ("Resource
/// quotas"; CreateGrant's Constraints).
pub const MAX_GRANTS_PER_KEY: usize = 50_000;
pub const MAX_GRANT_CONTEXT_PAIRS: usize = 8;
/// Tags per KMS key ("Tags in AWS KMS",
/// https://docs.aws.amazon.com/kms/latest/developerguide/tagging-keys.html).
pub const MAX_TAGS: usize = 50;
/// A key policy document, in bytes ("Resource quotas": key policy document size).
pub const MAX_POLICY_BYTES: usize = 32_768;
/// A key description, in characters (the model's DescriptionType).
pub const MAX_DESCRIPTION_LEN: usize = 8192;

/// Automatic rotation periods ("Rotate AWS KMS keys",
/// https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html).
pub const ROTATION_PERIOD_DAYS: RangeInclusive<u32> = 90..=2560;
pub const DEFAULT_ROTATION_PERIOD_DAYS: u32 = 365;
/// On-demand rotations allowed per key (the current model; it was 10 until late 2025).
pub const ON_DEMAND_ROTATION_LIMIT: u32 = 25;
/// RotateKeyOnDemand answers ConflictException this close to an automatic rotation.
pub const ROTATION_CONFLICT_WINDOW_MS: i64 = 20 * 60 * 1000;

/// The waiting period of ScheduleKeyDeletion ("Delete an AWS KMS key",
/// https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html).
pub const PENDING_WINDOW_DAYS: RangeInclusive<i64> = 7..=30;
pub const DEFAULT_PENDING_WINDOW_DAYS: i64 = 30;

/// Import parameters (wrapping key and token) are valid for 24 hours ("Download the wrapping
/// public key and import token",
/// https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-get-public-key-and-token.html).
pub const IMPORT_PARAMETERS_VALIDITY_MS: i64 = 24 * HOUR_MS;
/// ImportKeyMaterial's ValidTo may be at most 365 days ahead.
pub const MAX_VALID_TO_AHEAD_MS: i64 = 365 * DAY_MS;
/// How long an expired import token is remembered, to answer ExpiredImportTokenException
/// rather than InvalidImportTokenException (an emulator choice; AWS does not say).
pub const EXPIRED_TOKEN_MEMORY_MS: i64 = 30 * DAY_MS;

/// Plaintext of Encrypt, in bytes (the model's PlaintextType).
pub const MAX_PLAINTEXT: usize = 4096;
/// A ciphertext blob, in bytes (the model's CiphertextType).
pub const MAX_CIPHERTEXT: usize = 6144;
/// GenerateRandom and GenerateDataKey's NumberOfBytes.
pub const MAX_RANDOM_BYTES: i64 = 1024;

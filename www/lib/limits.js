// AWS KMS's numbers the console checks before it calls the engine, each defined once here.
// They mirror crates/core/src/limits.rs, which the engine enforces (a test keeps the two equal).
// Depends on nothing.

export const DAY_MS = 86_400_000;
/** Automatic rotation periods, in days, and AWS's default. */
export const ROTATION_PERIOD_DAYS = { min: 90, max: 2560, default: 365 };
/** A key policy document, in bytes. */
export const MAX_POLICY_BYTES = 32_768;

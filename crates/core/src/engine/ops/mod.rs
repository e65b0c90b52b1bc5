//! The operations, one module per resource, each handler in the same rhythm: validate the
//! request → resolve the key → check its state → change the state → build the response.
//! `dispatch` binds them into the operation table. Depends on `Cx` and the engine's helpers.

pub(super) mod agreement;
pub(super) mod aliases;
pub(super) mod crypto;
pub(super) mod data_keys;
pub(super) mod deletion;
pub(super) mod encapsulation;
pub(super) mod grants;
pub(super) mod import;
pub(super) mod keys;
pub(super) mod last_usage;
pub(super) mod mac;
pub(super) mod multi_region;
pub(super) mod policy;
pub(super) mod rotation;
pub(super) mod rsa_crypto;
pub(super) mod sign;
pub(super) mod tags;

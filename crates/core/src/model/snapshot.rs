//! The saved form of `State`: `{"schemaVersion": N, "state": {...}}`, with forward
//! migrations and a clear refusal of files written by a newer version.
//! Depends on `model::State` and serde_json.

use super::State;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The version this build writes. Bump it, and add a migration, when `State` changes shape.
/// 2: keys of every type (HMAC, RSA, ECC, Ed25519), whose material a version-1 build would
/// misuse as an AES key, so version-1 builds must refuse these files. Version-1 files hold only
/// symmetric keys, which version 2 reads unchanged.
/// 3: grants on keys, which a version-2 build would silently drop; earlier files have none
/// and are read unchanged.
/// 4: many accounts and Regions (`here`, `elsewhere`, each audit event's partition), which a
/// version-3 build would silently drop; earlier files hold one, the configured one.
pub const SCHEMA_VERSION: u32 = 4;

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Snapshot {
    pub schema_version: u32,
    pub state: State,
}

/// Why saved state could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SnapshotError {
    /// Not JSON, or not the shape of a snapshot.
    Corrupt(String),
    /// Written by a newer kms-wasm; reading it could lose data, so it is refused.
    TooNew(u32),
}

impl fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Corrupt(why) => write!(f, "the saved state is corrupt: {why}"),
            Self::TooNew(v) => write!(
                f,
                "the saved state has schemaVersion {v}, newer than this kms-wasm understands ({SCHEMA_VERSION}); upgrade kms-wasm to open it"
            ),
        }
    }
}

impl Snapshot {
    pub fn encode(state: &State) -> String {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Out<'a> {
            schema_version: u32,
            state: &'a State,
        }
        // Serialising plain data with string keys cannot fail.
        serde_json::to_string(&Out {
            schema_version: SCHEMA_VERSION,
            state,
        })
        .unwrap_or_default()
    }

    pub fn decode(text: &str) -> Result<State, SnapshotError> {
        // First only the version (the rest is skipped, not built), so a newer file is refused
        // before its shape is judged; then the state straight into its types, with no
        // intermediate JSON tree (a 10,000-key state is megabytes).
        #[derive(Deserialize)]
        struct Version {
            #[serde(rename = "schemaVersion")]
            schema_version: Option<u64>,
        }
        let corrupt = |e: serde_json::Error| SnapshotError::Corrupt(e.to_string());
        // `encode` writes the version first; reading it there spares a pass over megabytes.
        let leading = text
            .strip_prefix("{\"schemaVersion\":")
            .map(|rest| {
                rest.bytes()
                    .take_while(u8::is_ascii_digit)
                    .collect::<Vec<u8>>()
            })
            .filter(|digits| !digits.is_empty())
            .and_then(|digits| String::from_utf8(digits).ok()?.parse::<u64>().ok());
        let version = match leading {
            Some(v) => v,
            None => serde_json::from_str::<Version>(text)
                .map_err(corrupt)?
                .schema_version
                .ok_or_else(|| SnapshotError::Corrupt("no schemaVersion".into()))?,
        };
        if version > SCHEMA_VERSION as u64 {
            return Err(SnapshotError::TooNew(version as u32));
        }
        // Migrations from older versions go here, one step at a time. 1 → 2 → 3 → 4 change nothing
        // (a version-3 state has no `here`: the engine puts it in its configured Region).
        let snap: Snapshot = serde_json::from_str(text).map_err(corrupt)?;
        Ok(snap.state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_refusals() {
        let s = State {
            clock_offset_ms: 42,
            ..Default::default()
        };
        let text = Snapshot::encode(&s);
        assert_eq!(Snapshot::decode(&text).unwrap(), s);
        assert!(matches!(
            Snapshot::decode("{"),
            Err(SnapshotError::Corrupt(_))
        ));
        assert!(matches!(
            Snapshot::decode("{}"),
            Err(SnapshotError::Corrupt(_))
        ));
        let v1 = text.replace("\"schemaVersion\":4", "\"schemaVersion\":1");
        assert_eq!(
            Snapshot::decode(&v1).unwrap(),
            s,
            "version-1 files still open"
        );
        let newer = text.replace("\"schemaVersion\":4", "\"schemaVersion\":99");
        assert_eq!(Snapshot::decode(&newer), Err(SnapshotError::TooNew(99)));
    }
}

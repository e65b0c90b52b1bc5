//! Where a `KmsCore` keeps its saved state: `Memory` (nothing is written; the engine's state is
//! the only copy) or `File` (a Node JSON file, written atomically). Back-ends move snapshot text
//! only; decoding it is the engine's job. wasm32-only; depends on js-sys and wasm-bindgen.
//! IndexedDB (browser persistence) is a later issue: it needs async saves, so it will add an
//! async variant here and async methods on `KmsCore`.

mod file;

pub use file::FileStore;

/// A configured back-end.
pub enum Store {
    Memory,
    File(FileStore),
}

/// Why the saved state could not be read or written. `message` names the file.
#[derive(Debug, Clone)]
pub struct StorageError {
    pub path: String,
    pub message: String,
}

impl Store {
    /// The last saved snapshot, or `None` when nothing has been saved yet.
    pub fn load(&self) -> Result<Option<String>, StorageError> {
        match self {
            Self::Memory => Ok(None),
            Self::File(f) => f.load(),
        }
    }

    /// Replaces the saved snapshot; on error the previous one is still intact.
    pub fn save(&self, snapshot: &str) -> Result<(), StorageError> {
        match self {
            Self::Memory => Ok(()),
            Self::File(f) => f.save(snapshot),
        }
    }

    /// Whether `save` writes anywhere (memory stores skip snapshotting altogether).
    pub fn is_durable(&self) -> bool {
        !matches!(self, Self::Memory)
    }

    /// `"memory"`, or the absolute path of the state file.
    pub fn describe(&self) -> String {
        match self {
            Self::Memory => "memory".into(),
            Self::File(f) => f.path().to_string(),
        }
    }
}

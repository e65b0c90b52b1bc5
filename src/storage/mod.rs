//! Where a `KmsCore` keeps its saved state: `Memory` (nothing is written; the engine's state is
//! the only copy), `File` (a Node JSON file, written atomically) or `IndexedDb` (browsers and
//! workers; asynchronous, so `KmsCore` saves it through `persist`, not `save`). Back-ends move
//! snapshot text only; decoding it is the engine's job. wasm32-only; depends on js-sys,
//! wasm-bindgen and web-sys.

mod file;
mod file_lock;
mod indexeddb;
mod lock_record;
mod node_fs;
mod sealed;

pub use file::FileStore;
pub use indexeddb::IndexedDbStore;

/// A configured back-end.
pub enum Store {
    Memory,
    File(FileStore),
    IndexedDb(IndexedDbStore),
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
            Self::IndexedDb(d) => Err(sync_misuse(d)),
        }
    }

    /// Replaces the saved snapshot (and, for a file, empties its journal); on error the
    /// previous one is still intact.
    pub fn save(&self, snapshot: &str) -> Result<(), StorageError> {
        match self {
            Self::Memory => Ok(()),
            Self::File(f) => f.save(snapshot),
            Self::IndexedDb(d) => Err(sync_misuse(d)),
        }
    }

    /// Whether `save` writes anywhere (memory stores skip snapshotting altogether).
    pub fn is_durable(&self) -> bool {
        !matches!(self, Self::Memory)
    }

    /// The asynchronous back-end, if this is one: its saves go through `KmsCore::persist`.
    pub fn as_async(&self) -> Option<&IndexedDbStore> {
        match self {
            Self::IndexedDb(d) => Some(d),
            _ => None,
        }
    }

    /// How messages name the place: `state file <path>` or `IndexedDB database "<name>"`.
    pub fn noun(&self) -> String {
        match self {
            Self::Memory => "memory".into(),
            Self::File(f) => format!("state file {}", f.path()),
            Self::IndexedDb(d) => format!("IndexedDB database \"{}\"", d.name()),
        }
    }

    /// `"memory"`, the absolute path of the state file, or `indexeddb:<name>`.
    pub fn describe(&self) -> String {
        match self {
            Self::Memory => "memory".into(),
            Self::File(f) => f.path().to_string(),
            Self::IndexedDb(d) => d.describe(),
        }
    }
}

/// The synchronous calls are never made on the IndexedDB store; if they were, say so.
fn sync_misuse(d: &IndexedDbStore) -> StorageError {
    StorageError {
        path: d.describe(),
        message: "internal error: IndexedDB storage is asynchronous (saved through persist)".into(),
    }
}

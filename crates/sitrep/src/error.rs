//! The library's error: one line that names the file, record or database.

use sitrep_store::{ExportError, StoreError};

/// Why a library call failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database refused or could not be opened.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// An export could not be written.
    #[error(transparent)]
    Export(#[from] ExportError),
    /// A question was asked of a database file that does not exist.
    #[error("{0}: no database yet: run `sitrep ingest PATH` or `sitrep demo` first")]
    NoDatabase(String),
    /// The knowledge base did not load.
    #[error("{source_name}: {error}")]
    Kb {
        /// The folder, or "built-in knowledge base".
        source_name: String,
        /// What was wrong with it.
        error: sitrep_kb::KbError,
    },
    /// An input could not be read as a document.
    #[error(transparent)]
    Ingest(#[from] sitrep_ingest::IngestError),
    /// Writing output failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

impl Error {
    /// True when the error is a closed output pipe (`sitrep events | head`),
    /// which a front end should treat as a quiet end, not a failure.
    pub fn is_broken_pipe(&self) -> bool {
        let io = match self {
            Error::Io(e) => Some(e),
            Error::Export(ExportError::Io(e)) => Some(e),
            _ => None,
        };
        io.is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

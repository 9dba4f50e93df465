//! Errors of the store and of the exporters.

/// Why a [`Store`](crate::Store) operation failed.
///
/// Every variant's `Display` is one line that starts with the database path
/// (`:memory:` for an in-memory store), e.g. `sitrep.db: database is locked`.
/// The underlying error's text is part of that line, so it is deliberately
/// not also exposed as `source()`: a caller printing the chain (`{:#}`) would
/// otherwise show it twice.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database engine refused: locked, disk full, constraint violated,
    /// not a database…
    #[error("{path}: {error}")]
    Backend {
        /// The database's name.
        path: String,
        /// The engine's own error.
        error: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The directory to hold a new database file could not be made.
    #[error("{path}: cannot create directory {dir}: {error}")]
    CreateDir {
        /// The database's name.
        path: String,
        /// The directory.
        dir: String,
        /// Why not.
        error: std::io::Error,
    },
    /// The file was written by a newer sitrep; migrating down is impossible.
    #[error(
        "{path}: not a sitrep database (schema version {found} is newer than this build's {supported})"
    )]
    SchemaTooNew {
        /// The database's name.
        path: String,
        /// The file's schema version.
        found: i64,
        /// This build's.
        supported: i64,
    },
    /// The file is SQLite but holds somebody else's tables.
    #[error("{path}: not a sitrep database ({reason})")]
    Foreign {
        /// The database's name.
        path: String,
        /// What was found instead.
        reason: String,
    },
    /// A stored row no longer parses as the contract (hand-edited, or a bug).
    #[error("{path}: stored {what} {id} is unreadable: {reason}")]
    Corrupt {
        /// The database's name.
        path: String,
        /// `document`, `report` or `event`.
        what: &'static str,
        /// The row's id.
        id: String,
        /// The parser's complaint.
        reason: String,
    },
    /// The caller handed over something that breaks the store's invariants.
    #[error("{path}: {reason}")]
    Invalid {
        /// The database's name.
        path: String,
        /// Which invariant.
        reason: String,
    },
    /// An abbreviated event id that fits more than one event.
    #[error("{path}: id prefix {prefix:?} matches more than one event; give more characters")]
    AmbiguousId {
        /// The database's name.
        path: String,
        /// The prefix as given.
        prefix: String,
    },
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The output could not be written.
    #[error("cannot write export: {0}")]
    Io(std::io::Error),
    /// The CSV writer failed.
    #[error("cannot write CSV: {0}")]
    Csv(csv::Error),
    /// A record did not serialize.
    #[error("cannot serialize record {id}: {error}")]
    Json {
        /// The record's id.
        id: String,
        /// serde's complaint.
        error: serde_json::Error,
    },
    /// Reading the records to export failed.
    #[error("{0}")]
    Store(#[from] StoreError),
    /// Not one of csv, jsonl, geojson.
    #[error("unknown export format {0:?} (expected csv, jsonl or geojson)")]
    UnknownFormat(String),
}

impl From<std::io::Error> for ExportError {
    fn from(error: std::io::Error) -> Self {
        ExportError::Io(error)
    }
}

impl From<csv::Error> for ExportError {
    fn from(error: csv::Error) -> Self {
        ExportError::Csv(error)
    }
}

impl StoreError {
    /// Wraps an engine error with the database's name.
    pub fn backend(
        path: impl Into<String>,
        error: impl std::error::Error + Send + Sync + 'static,
    ) -> StoreError {
        StoreError::Backend {
            path: path.into(),
            error: Box::new(error),
        }
    }
}

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
    /// SQLite refused: locked, disk full, constraint violated, not a database…
    #[error("{path}: {error}")]
    Sqlite {
        path: String,
        error: rusqlite::Error,
    },
    #[error("{path}: cannot create directory {dir}: {error}")]
    CreateDir {
        path: String,
        dir: String,
        error: std::io::Error,
    },
    /// The file was written by a newer sitrep; migrating down is impossible.
    #[error(
        "{path}: not a sitrep database (schema version {found} is newer than this build's {supported})"
    )]
    SchemaTooNew {
        path: String,
        found: i64,
        supported: i64,
    },
    /// The file is SQLite but holds somebody else's tables.
    #[error("{path}: not a sitrep database ({reason})")]
    Foreign { path: String, reason: String },
    /// A stored row no longer parses as the contract (hand-edited, or a bug).
    #[error("{path}: stored {what} {id} is unreadable: {reason}")]
    Corrupt {
        path: String,
        what: &'static str,
        id: String,
        reason: String,
    },
    /// The caller handed over something that breaks the store's invariants.
    #[error("{path}: {reason}")]
    Invalid { path: String, reason: String },
    #[error("{path}: id prefix {prefix:?} matches more than one event; give more characters")]
    AmbiguousId { path: String, prefix: String },
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write export: {0}")]
    Io(std::io::Error),
    #[error("cannot write CSV: {0}")]
    Csv(csv::Error),
    #[error("cannot serialize record {id}: {error}")]
    Json {
        id: String,
        error: serde_json::Error,
    },
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

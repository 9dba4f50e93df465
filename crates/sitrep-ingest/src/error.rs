//! Why an input could not become a [`sitrep_core::Document`].

use std::io;

/// One bad input. Every variant displays as a single line that starts with
/// the input's name, so the CLI can print it as-is and move on to the next
/// file.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{path}: no such file")]
    NotFound { path: String },

    #[error("{path}: is a directory, not a file")]
    IsDirectory { path: String },

    #[error("{path}: empty file{detail}")]
    Empty { path: String, detail: &'static str },

    #[error("{path}: binary data ({why}), not text")]
    Binary { path: String, why: &'static str },

    #[error("{path}: invalid UTF-8 at byte {offset}")]
    InvalidUtf8 { path: String, offset: usize },

    /// The size is known up front (file metadata, or bytes already in memory).
    #[error("{path}: {size} bytes exceeds the {limit}-byte limit (--max-bytes)")]
    TooLarge { path: String, size: u64, limit: u64 },

    /// The size is only known to be over the limit: a stream or a gzip member
    /// that was cut off at `limit + 1` bytes rather than read to the end.
    #[error("{path}: {what} exceeds the {limit}-byte limit (--max-bytes)")]
    LimitExceeded {
        path: String,
        what: &'static str,
        limit: u64,
    },

    #[error("{path}: truncated or corrupt gzip: {detail}")]
    Gzip { path: String, detail: String },

    #[error("{path}: cannot read: {source}")]
    Io {
        path: String,
        #[source]
        source: io::Error,
    },

    #[error("{path}: HTML nested more than {limit} elements deep: not a page")]
    TooDeep { path: String, limit: usize },

    /// One bad record of an archive or feed; the others are still read.
    #[error("{path}: {record}: {detail}")]
    Warc {
        path: String,
        record: String,
        detail: String,
    },

    #[error("{path}: {detail}")]
    Feed { path: String, detail: String },

    #[error("{path}: cannot list directory: {detail}")]
    Walk { path: String, detail: String },
}

impl IngestError {
    /// The input name the error is about (as displayed).
    pub fn path(&self) -> &str {
        match self {
            IngestError::NotFound { path }
            | IngestError::IsDirectory { path }
            | IngestError::Empty { path, .. }
            | IngestError::Binary { path, .. }
            | IngestError::InvalidUtf8 { path, .. }
            | IngestError::TooLarge { path, .. }
            | IngestError::LimitExceeded { path, .. }
            | IngestError::Gzip { path, .. }
            | IngestError::Io { path, .. }
            | IngestError::TooDeep { path, .. }
            | IngestError::Warc { path, .. }
            | IngestError::Feed { path, .. }
            | IngestError::Walk { path, .. } => path,
        }
    }

    /// An I/O error on `path`, mapped to the friendlier variants where the
    /// kind says enough on its own.
    pub(crate) fn io(path: &str, err: io::Error) -> Self {
        match err.kind() {
            io::ErrorKind::NotFound => IngestError::NotFound {
                path: path.to_owned(),
            },
            io::ErrorKind::IsADirectory => IngestError::IsDirectory {
                path: path.to_owned(),
            },
            _ => IngestError::Io {
                path: path.to_owned(),
                source: err,
            },
        }
    }
}

/// Keeps error messages on one line even when a library's message is not.
pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

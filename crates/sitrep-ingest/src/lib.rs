//! Ingest stage: files, directories, gzip and stdin → [`Document`].
//!
//! This crate turns whatever the user points sitrep at into decoded UTF-8
//! [`Document`]s, and refuses bad input with one clear line per file (an
//! [`IngestError`]) instead of feeding garbage to later stages. It does no
//! cleaning: the body is the input as read, minus a UTF-8 BOM and (for text)
//! a leading `Key: value` header block, which fills `title`, `published` and
//! `url` (see [`header`]).
//!
//! API:
//! * [`expand_inputs`] — CLI paths → [`Input`]s: directories walked
//!   recursively in sorted order, `-` for stdin, a missing path an `Err` item
//!   (so one typo does not abort a batch).
//! * [`documents`] — one input → the [`Documents`] it holds (the entry
//!   point for the CLI: a WARC or a feed holds many).
//! * [`read_input`] / [`read_path`] — one input → [`Document`], enforcing
//!   [`IngestOptions::max_bytes`] before and while reading.
//! * [`read_bytes`] / [`read_bytes_with`] — the shared core for bytes
//!   already in memory: gzip (any number of members, output capped so a
//!   gzip bomb cannot exhaust memory), binary / emptiness checks, HTML-vs-text
//!   detection (extension, else sniffing the first bytes), charset decoding
//!   (see `charset.rs`: BOM, valid UTF-8, declared charset, then sniffing),
//!   header parsing, and the document id — a hash of the decoded text, so it
//!   does not depend on the path. `read_bytes_with` takes an [`Origin`]: what
//!   a WARC record or feed item says about its payload.
//!
//! Dependencies: `encoding_rs` (the WHATWG Encoding Standard as Firefox
//! implements it: every charset label a web page can declare) and
//! `chardetng` (Firefox's charset detector, built on `encoding_rs`, for
//! pages whose declaration is missing or wrong); `flate2` (the standard pure-Rust gzip implementation; its
//! `MultiGzDecoder` reads concatenated members, as `gzip -c a b >> x.gz`
//! produces), `walkdir` (recursive listing with sorting, hidden-directory
//! pruning and symlink-loop detection, which `std::fs::read_dir` lacks).

mod charset;
mod decode;
mod error;
mod feed;
mod files;
pub mod header;
mod nesting;
mod warc;

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::NaiveDate;

pub use charset::content_type_charset;
pub use decode::{read_bytes, read_bytes_with};
pub use error::IngestError;
pub use files::{Expansion, documents, expand, expand_inputs, read_input, read_path};
pub use nesting::MAX_HTML_DEPTH;
pub use sitrep_core::Document;

/// Default [`IngestOptions::max_bytes`]: far above any article, small enough
/// that a mistaken path to a disk image fails fast.
pub const DEFAULT_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// How to read inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngestOptions {
    /// Publication date given by the user (`--published`); overrides any date
    /// the source carries.
    pub published: Option<NaiveDate>,
    /// Largest input accepted, in bytes — both on disk and after gzip
    /// decompression.
    pub max_bytes: u64,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            published: None,
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// What a container (a WARC record, a feed item) says about a payload it
/// carries. Everything is optional and only fills gaps: a page's own header
/// block and the user's `--published` win.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    /// The URL the payload was fetched from (WARC-Target-URI, item link).
    pub url: Option<String>,
    /// The charset the HTTP `Content-Type` declares.
    pub charset: Option<String>,
    /// The payload is HTML whatever it looks like (the content type says so).
    pub html: bool,
    pub title: Option<String>,
    /// Publication date from the container's metadata (a feed item's date).
    pub published: Option<NaiveDate>,
    /// Fetch date (WARC-Date): the fallback publication date.
    pub fetched: Option<NaiveDate>,
}

/// The documents one input yields, in order: one for a page or text file,
/// one per record or item for an archive or feed. An `Err` item is one bad
/// record (named in its message); reading goes on after it unless the
/// container itself is unreadable, which ends the iterator.
pub struct Documents {
    inner: Box<dyn Iterator<Item = Result<Document, IngestError>> + Send>,
    skipped: Arc<AtomicUsize>,
}

impl Documents {
    pub(crate) fn new(
        inner: impl Iterator<Item = Result<Document, IngestError>> + Send + 'static,
        skipped: Arc<AtomicUsize>,
    ) -> Self {
        Documents {
            inner: Box::new(inner),
            skipped,
        }
    }

    /// A single result (a page, a text file, or an error).
    pub fn one(result: Result<Document, IngestError>) -> Self {
        Self::new(std::iter::once(result), Arc::default())
    }

    /// Records passed over so far because they are not documents: WARC
    /// requests, metadata, non-HTML responses; feed items without content.
    pub fn skipped(&self) -> usize {
        self.skipped.load(Ordering::Relaxed)
    }

    /// The counter behind [`Documents::skipped`], to read after the
    /// iterator has been consumed (or moved to another thread).
    pub fn skipped_counter(&self) -> Arc<AtomicUsize> {
        Arc::clone(&self.skipped)
    }
}

impl Iterator for Documents {
    type Item = Result<Document, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.inner.next()
    }
}

/// One thing to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Path(PathBuf),
    Stdin,
}

impl fmt::Display for Input {
    /// The path, or `-` for stdin (what `Document::source` will say).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Input::Path(p) => write!(f, "{}", p.display()),
            Input::Stdin => f.write_str("-"),
        }
    }
}

#[cfg(test)]
mod proptests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn read_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..2048),
                                   gz_name in any::<bool>()) {
            let name = if gz_name { "x.txt.gz" } else { "x.txt" };
            let _ = read_bytes(name, &bytes, &IngestOptions::default());
            let _ = read_bytes("-", &bytes, &IngestOptions { published: None, max_bytes: 64 });
        }

        /// Valid UTF-8 text without NULs or other control characters comes
        /// back unchanged, unless it is blank or opens with a header block.
        #[test]
        fn text_round_trips(text in "[^\u{0}-\u{8}\u{b}\u{c}\u{e}-\u{1f}\u{7f}\u{feff}]{1,300}") {
            prop_assume!(!text.trim().is_empty());
            prop_assume!(header::parse_header(&text).is_none());
            let doc = read_bytes("x.txt", text.as_bytes(), &IngestOptions::default()).unwrap();
            prop_assert_eq!(doc.body, text);
        }

        #[test]
        fn error_messages_are_one_line(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            if let Err(e) = read_bytes("in.txt.gz", &bytes, &IngestOptions::default()) {
                let msg = e.to_string();
                prop_assert!(!msg.contains('\n'), "{}", msg);
                prop_assert!(msg.starts_with("in.txt.gz: "), "{}", msg);
            }
        }
    }
}

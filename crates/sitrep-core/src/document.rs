//! The unit that `ingest` hands to `clean`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How the body of a document is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    Text,
    Html,
}

/// One decoded source: a file, a stdin stream, later a WARC record or feed item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// `d_` + hash of the decoded input: the same bytes ingested twice, from
    /// any path, are the same document.
    pub id: String,
    /// Where it came from: a file path, `-` for stdin, or a URL.
    pub source: String,
    pub format: SourceFormat,
    /// The decoded body (UTF-8), unmodified (a text file's header block, if
    /// any, is removed and read into the fields below).
    pub body: String,
    /// Title from the source's metadata (a text header, HTML `<title>`, a feed item).
    pub title: Option<String>,
    /// Canonical URL, when the source names one.
    pub url: Option<String>,
    /// Publication date supplied by the caller (`--published`) or the source's
    /// metadata; `clean` may find one in the page itself.
    pub published: Option<NaiveDate>,
    /// When the source was fetched (a WARC record's `WARC-Date`): the
    /// publication date of last resort, used only when neither the source's
    /// metadata nor the page gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fetched: Option<NaiveDate>,
}

impl Document {
    /// A document whose id is the hash of `body`. Callers that strip a header
    /// from the input first should use [`Document::with_id`] with the hash of
    /// the whole input, so the id stays a function of the bytes read.
    pub fn new(source: impl Into<String>, format: SourceFormat, body: String) -> Self {
        let id = crate::content_id("d_", &[body.as_bytes()]);
        Self::with_id(id, source, format, body)
    }

    pub fn with_id(
        id: String,
        source: impl Into<String>,
        format: SourceFormat,
        body: String,
    ) -> Self {
        Document {
            id,
            source: source.into(),
            format,
            body,
            title: None,
            url: None,
            published: None,
            fetched: None,
        }
    }
}

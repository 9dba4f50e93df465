//! `sitrep article PATH|-`: what the clean stage saw in a page.
//!
//! One JSON object per document on its own line (a page gives one line, a
//! WARC or a feed one per record or item), or with `--format text` just the
//! cleaned text, documents separated by a form feed line.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use serde_json::json;
use sitrep_core::{Article, Document};
use sitrep_ingest::IngestOptions;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ArticleFormat {
    Json,
    Text,
}

/// The JSON shape of `sitrep article`: the fields downstream tools read.
pub fn to_json(doc: &Document, article: &Article) -> serde_json::Value {
    json!({
        "source": doc.source,
        "url": article.url.as_ref().or(doc.url.as_ref()),
        "title": article.title,
        "published": article.published.map(|d| d.to_string()),
        "authors": authors(article.author.as_deref()),
        "site": article.site,
        "language": article.language,
        "text": article.text,
    })
}

/// The clean stage joins several authors with ", ".
fn authors(joined: Option<&str>) -> Vec<&str> {
    joined
        .map(|a| {
            a.split(", ")
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

pub fn run(paths: &[PathBuf], opts: &IngestOptions, format: ArticleFormat) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut printed = 0usize;
    let failures = crate::commands::each_document(paths, opts, |doc| {
        let article = sitrep_clean::clean(&doc);
        match format {
            ArticleFormat::Json => {
                serde_json::to_writer(&mut out, &to_json(&doc, &article))?;
                out.write_all(b"\n")?;
            }
            ArticleFormat::Text => {
                if printed > 0 {
                    out.write_all(b"\x0c\n")?;
                }
                out.write_all(article.text.as_bytes())?;
                out.write_all(b"\n")?;
            }
        }
        printed += 1;
        Ok(())
    })?;
    out.flush()?;
    Ok(if failures > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authors_split() {
        assert_eq!(
            authors(Some("Ana Writer, Ben Reporter")),
            ["Ana Writer", "Ben Reporter"]
        );
        assert!(authors(None).is_empty());
    }
}

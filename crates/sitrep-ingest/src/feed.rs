//! RSS 0.9–2.0, Atom and JSON Feed files → one [`Document`] per item.
//!
//! `feed-rs` parses all three (and their date formats) into one model.
//! Each item becomes a document: the body is the item's full content where
//! the feed carries it (`content:encoded`, Atom `content`, JSON Feed
//! `content_html` / `content_text`), else its summary; the item's link,
//! title and date fill the document's URL, title and publication date. An
//! item with neither content nor summary has nothing to read and is counted
//! as skipped. A feed that does not parse (invalid XML or JSON) is one
//! error naming the file. Item dates come from `feed-rs` in UTC.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use sitrep_core::Document;

use crate::decode::read_bytes_with;
use crate::error::{IngestError, one_line};
use crate::{Documents, IngestOptions, Origin};

/// Whether `bytes` open like a feed: an XML `<rss>`, `<feed>` or
/// `<rdf:RDF>` root, or a JSON object naming a jsonfeed.org version.
pub(crate) fn looks_like_feed(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(2048)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let start = head.trim_start_matches('\u{feff}').trim_start();
    if start.starts_with('{') {
        return head.contains("jsonfeed.org/version");
    }
    if !start.starts_with('<') {
        return false;
    }
    ["<rss", "<feed", "<rdf:rdf"].iter().any(|root| {
        head.match_indices(root).any(|(at, _)| {
            head[at + root.len()..]
                .chars()
                .next()
                .is_some_and(|c| c == '>' || c.is_ascii_whitespace())
        })
    })
}

/// The documents of the feed in `bytes` (already read, within the size
/// limit).
pub(crate) fn feed_documents(name: &str, bytes: &[u8], opts: &IngestOptions) -> Documents {
    let feed = match feed_rs::parser::parse(bytes) {
        Ok(feed) => feed,
        Err(e) => {
            return Documents::one(Err(IngestError::Feed {
                path: name.to_owned(),
                detail: format!("not a valid feed: {}", one_line(&e.to_string())),
            }));
        }
    };
    let skipped = Arc::new(AtomicUsize::new(0));
    let mut out: Vec<Result<Document, IngestError>> = Vec::new();
    for (i, entry) in feed.entries.into_iter().enumerate() {
        let n = i + 1;
        let link = entry.links.first().map(|l| l.href.clone());
        let (body, html) = match (&entry.content, &entry.summary) {
            (Some(c), _) if c.body.as_deref().is_some_and(|b| !b.trim().is_empty()) => (
                c.body.clone().unwrap_or_default(),
                !c.content_type.to_string().starts_with("text/plain"),
            ),
            (_, Some(s)) if !s.content.trim().is_empty() => (
                s.content.clone(),
                !s.content_type.to_string().starts_with("text/plain"),
            ),
            _ => {
                skipped.fetch_add(1, Ordering::Relaxed);
                continue;
            }
        };
        let origin = Origin {
            url: link.clone(),
            html,
            title: entry
                .title
                .as_ref()
                .map(|t| t.content.trim().to_owned())
                .filter(|t| !t.is_empty()),
            published: entry.published.or(entry.updated).map(|d| d.date_naive()),
            ..Origin::default()
        };
        let source = format!("{name}#{n}");
        out.push(
            read_bytes_with(&source, body.as_bytes(), opts, &origin).map_err(|e| {
                let detail = e.to_string();
                let detail = detail
                    .strip_prefix(&format!("{source}: "))
                    .unwrap_or(&detail)
                    .to_owned();
                let record = match &link {
                    Some(l) => format!("item {n} ({l})"),
                    None => format!("item {n}"),
                };
                IngestError::Warc {
                    path: name.to_owned(),
                    record,
                    detail,
                }
            }),
        );
    }
    tracing::debug!(feed = name, items = out.len(), "feed read");
    Documents::new(out.into_iter(), skipped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn read(bytes: &str) -> (Vec<Result<Document, String>>, usize) {
        let docs = feed_documents("news.rss", bytes.as_bytes(), &IngestOptions::default());
        let counter = docs.skipped_counter();
        let docs = docs.map(|d| d.map_err(|e| e.to_string())).collect();
        (docs, counter.load(Ordering::Relaxed))
    }

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Example Wire</title><link>https://wire.example/</link>
<item><title>Depot struck by drones</title><link>https://wire.example/depot</link>
<pubDate>Mon, 29 Jan 2024 07:10:00 +0000</pubDate>
<description>Short teaser.</description>
<content:encoded><![CDATA[<p>Three drones struck a fuel depot early on Monday, officials said.</p><p>Two guards were wounded.</p>]]></content:encoded></item>
<item><title>Teaser only</title><link>https://wire.example/teaser</link><description>Officials reported shelling near the border.</description></item>
<item><title>Nothing here</title><link>https://wire.example/empty</link></item>
</channel></rss>"#;

    #[test]
    fn rss_items_with_content_or_summary() {
        let (docs, skipped) = read(RSS);
        assert_eq!(skipped, 1);
        assert_eq!(docs.len(), 2);
        let d = docs[0].as_ref().unwrap();
        assert!(
            d.body.contains("Three drones struck a fuel depot"),
            "{}",
            d.body
        );
        assert!(!d.body.contains("teaser"));
        assert_eq!(d.url.as_deref(), Some("https://wire.example/depot"));
        assert_eq!(d.title.as_deref(), Some("Depot struck by drones"));
        assert_eq!(d.published, NaiveDate::from_ymd_opt(2024, 1, 29));
        assert_eq!(d.format, sitrep_core::SourceFormat::Html);
        assert_eq!(d.source, "news.rss#1");
        assert!(docs[1].as_ref().unwrap().body.contains("shelling"));
    }

    #[test]
    fn atom_and_json_feed() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Desk</title><id>urn:x</id><updated>2024-02-01T00:00:00Z</updated>
<entry><title>Convoy hit</title><id>urn:1</id><link href="https://desk.example/convoy"/>
<published>2024-02-01T09:00:00Z</published><updated>2024-02-02T09:00:00Z</updated>
<content type="html">&lt;p&gt;A convoy was hit near the crossing.&lt;/p&gt;</content></entry></feed>"#;
        let (docs, _) = read(atom);
        let d = docs[0].as_ref().unwrap();
        assert_eq!(d.published, NaiveDate::from_ymd_opt(2024, 2, 1));
        assert_eq!(d.url.as_deref(), Some("https://desk.example/convoy"));
        assert!(
            d.body
                .contains("<p>A convoy was hit near the crossing.</p>")
        );

        let json = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "J",
            "items": [{"id": "1", "url": "https://j.example/1", "title": "Strike",
            "content_text": "An airstrike hit a bridge on Tuesday.", "date_published": "2024-02-06T10:00:00Z"}]}"#;
        assert!(looks_like_feed(json.as_bytes()));
        let (docs, _) = read(json);
        let d = docs[0].as_ref().unwrap();
        assert_eq!(d.body, "An airstrike hit a bridge on Tuesday.");
        assert_eq!(d.format, sitrep_core::SourceFormat::Text);
        assert_eq!(d.published, NaiveDate::from_ymd_opt(2024, 2, 6));
    }

    #[test]
    fn invalid_feed_is_one_error() {
        let (docs, _) = read("<rss><channel><item><title>Broken</item></rss>");
        assert_eq!(docs.len(), 1);
        let e = docs[0].as_ref().unwrap_err();
        assert!(e.starts_with("news.rss: not a valid feed: "), "{e}");
        assert!(!e.contains('\n'));
    }

    #[test]
    fn sniffing() {
        assert!(looks_like_feed(RSS.as_bytes()));
        assert!(looks_like_feed(
            b"\n<feed xmlns='http://www.w3.org/2005/Atom'>"
        ));
        assert!(!looks_like_feed(b"<html><body>feed</body></html>"));
        assert!(!looks_like_feed(b"<?xml version='1.0'?><urlset>"));
        assert!(!looks_like_feed(b"{\"a\": 1}"));
        assert!(!looks_like_feed(b"<feedback>"));
    }
}

//! The optional `Key: value` header block at the top of a text file.
//!
//! Saved articles often carry their metadata this way (the form a scraper or
//! a person writes by hand). Detection is strict — the very first line must be
//! a known key and a blank line must close the block within
//! [`MAX_HEADER_LINES`] lines — so that prose which happens to start with
//! "Source: state media said…" is never eaten.

use chrono::NaiveDate;

/// Most header lines a block may have before the closing blank line.
pub const MAX_HEADER_LINES: usize = 10;

const KEYS: &[&str] = &["title", "published", "date", "url", "source", "author"];

/// What a header block said, and where the body starts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    pub url: Option<String>,
    pub author: Option<String>,
    pub source: Option<String>,
    /// Byte offset in the input where the body starts (after the blank line).
    pub body_start: usize,
}

/// Parses a header block at the start of `text`, or returns `None` when the
/// text does not start with one.
pub fn parse_header(text: &str) -> Option<Header> {
    let mut header = Header::default();
    // `Published` is preferred over the looser `Date` whatever their order.
    let mut date_value: Option<NaiveDate> = None;
    let mut offset = 0;
    for (n, raw) in text.split_inclusive('\n').enumerate() {
        let line = raw.trim_end_matches(['\n', '\r']);
        offset += raw.len();
        if line.trim().is_empty() {
            if n == 0 {
                return None;
            }
            header.body_start = offset;
            if header.published.is_none() {
                header.published = date_value;
            }
            return Some(header);
        }
        if n >= MAX_HEADER_LINES {
            return None;
        }
        let (key, value) = key_line(line)?;
        let value = value.trim();
        match key.as_str() {
            "title" => set_once(&mut header.title, value),
            "url" => set_once(&mut header.url, value),
            "author" => set_once(&mut header.author, value),
            "source" => set_once(&mut header.source, value),
            "published" | "date" => {
                let parsed = parse_date(value);
                if parsed.is_none() && !value.is_empty() {
                    tracing::warn!(key = %key, value, "header date is not YYYY-MM-DD; ignored");
                }
                if key == "published" {
                    header.published = header.published.or(parsed);
                } else {
                    date_value = date_value.or(parsed);
                }
            }
            _ => unreachable!("key_line only returns known keys"),
        }
    }
    // No blank line: the "header" runs into the text, so it is not one.
    None
}

/// `Key: value` for a known key (case-insensitive), else `None`.
fn key_line(line: &str) -> Option<(String, &str)> {
    let (key, value) = line.split_once(':')?;
    let key = key.trim().to_ascii_lowercase();
    KEYS.contains(&key.as_str()).then_some((key, value))
}

fn set_once(slot: &mut Option<String>, value: &str) {
    if slot.is_none() && !value.is_empty() {
        *slot = Some(value.to_owned());
    }
}

/// `YYYY-MM-DD`, also as the start of a timestamp (`2020-01-08T01:30Z`).
pub fn parse_date(value: &str) -> Option<NaiveDate> {
    let value = value.trim();
    let head = value.get(..10)?;
    let date = NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()?;
    // Whatever follows the date must be a time, not more digits ("2020-01-089").
    match value[10..].chars().next() {
        None | Some('T' | 't' | ' ') => Some(date),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn reads_known_keys_and_finds_the_body() {
        let text = "Title: Rockets hit a base\nPUBLISHED: 2024-02-03\nurl: https://example.org/a\nAuthor: A. Writer\n\nBody starts here.\n";
        let h = parse_header(text).unwrap();
        assert_eq!(h.title.as_deref(), Some("Rockets hit a base"));
        assert_eq!(h.published, d(2024, 2, 3));
        assert_eq!(h.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(h.author.as_deref(), Some("A. Writer"));
        assert_eq!(&text[h.body_start..], "Body starts here.\n");
    }

    #[test]
    fn crlf_and_timestamps() {
        let text = "Date: 2020-01-08T01:30:00Z\r\n\r\nBody.";
        let h = parse_header(text).unwrap();
        assert_eq!(h.published, d(2020, 1, 8));
        assert_eq!(&text[h.body_start..], "Body.");
    }

    #[test]
    fn published_beats_date_in_any_order() {
        let h = parse_header("Date: 2020-01-01\nPublished: 2020-02-02\n\nx").unwrap();
        assert_eq!(h.published, d(2020, 2, 2));
        let h = parse_header("Date: 2020-01-01\n\nx").unwrap();
        assert_eq!(h.published, d(2020, 1, 1));
    }

    #[test]
    fn bad_date_is_ignored_not_fatal() {
        let h = parse_header("Title: T\nDate: last Tuesday\n\nx").unwrap();
        assert_eq!(h.published, None);
        assert_eq!(h.title.as_deref(), Some("T"));
        assert_eq!(parse_date("2020-01-089"), None);
        assert_eq!(parse_date("2020-13-01"), None);
    }

    #[test]
    fn not_a_header() {
        // First line is prose.
        assert!(parse_header("The attack began at dawn.\nTitle: x\n\nmore").is_none());
        // Unknown key inside the block.
        assert!(parse_header("Title: x\nCategory: war\n\nbody").is_none());
        // No closing blank line.
        assert!(parse_header("Title: x\nDate: 2020-01-01\nbody text").is_none());
        assert!(parse_header("Source: state media said two were hurt").is_none());
        // Leading blank line: the block is not at the very top.
        assert!(parse_header("\nTitle: x\n\nbody").is_none());
        // Blank line too late.
        let long: String = (0..11).map(|i| format!("Source: s{i}\n")).collect();
        assert!(parse_header(&format!("{long}\nbody")).is_none());
        let ok: String = (0..10).map(|i| format!("Source: s{i}\n")).collect();
        assert!(parse_header(&format!("{ok}\nbody")).is_some());
    }
}

//! Bytes → [`Document`]: gzip, validation, format sniffing, header block.

use std::borrow::Cow;
use std::io::Read;

use flate2::read::MultiGzDecoder;
use sitrep_core::{Document, SourceFormat, content_id};

use crate::charset;
use crate::error::{IngestError, one_line};
use crate::header::parse_header;
use crate::{IngestOptions, Origin};

/// How much of the input the binary check looks at: enough to catch any
/// real binary format by its header, cheap on huge text.
const SNIFF_BYTES: usize = 8 * 1024;

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// The name errors use for a source: `-` alone would read oddly.
pub(crate) fn display_name(source: &str) -> &str {
    if source == "-" { "<stdin>" } else { source }
}

/// See [`crate::read_bytes`].
pub fn read_bytes(
    source: &str,
    bytes: &[u8],
    opts: &IngestOptions,
) -> Result<Document, IngestError> {
    read_bytes_with(source, bytes, opts, &Origin::default())
}

/// See [`crate::read_bytes_with`].
pub fn read_bytes_with(
    source: &str,
    bytes: &[u8],
    opts: &IngestOptions,
    origin: &Origin,
) -> Result<Document, IngestError> {
    let name = display_name(source);
    if bytes.len() as u64 > opts.max_bytes {
        return Err(IngestError::TooLarge {
            path: name.to_owned(),
            size: bytes.len() as u64,
            limit: opts.max_bytes,
        });
    }
    if bytes.is_empty() {
        return Err(IngestError::Empty {
            path: name.to_owned(),
            detail: "",
        });
    }

    let gz_name = strip_gz_suffix(source);
    let (data, inner_name): (Cow<'_, [u8]>, &str) =
        if gz_name.is_some() || bytes.starts_with(&GZIP_MAGIC) {
            let data = gunzip(name, bytes, opts.max_bytes)?;
            tracing::debug!(
                source,
                compressed = bytes.len(),
                decompressed = data.len(),
                "gunzipped"
            );
            (Cow::Owned(data), gz_name.unwrap_or(source))
        } else {
            (Cow::Borrowed(bytes), source)
        };
    if data.is_empty() {
        return Err(IngestError::Empty {
            path: name.to_owned(),
            detail: " (nothing after decompression)",
        });
    }

    // UTF-16 is full of NULs: with a byte-order mark it is text, so the
    // binary check looks at it after decoding.
    let utf16 = charset::bom(&data).is_some_and(|(e, _)| e != encoding_rs::UTF_8);
    if !utf16 {
        check_not_binary(name, &data)?;
    }
    let prefix = &data[..data.len().min(SNIFF_BYTES)];
    let mut html = origin.html
        || detect_format(inner_name, &String::from_utf8_lossy(prefix)) == SourceFormat::Html;
    let tld = origin.url.as_deref().and_then(url_tld);
    let decoded = charset::decode(&data, html, origin.charset.as_deref(), tld.as_deref())
        .ok_or_else(|| IngestError::InvalidUtf8 {
            path: name.to_owned(),
            offset: std::str::from_utf8(&data).map_or_else(|e| e.valid_up_to(), |_| 0),
        })?;
    if decoded.encoding != encoding_rs::UTF_8 {
        tracing::debug!(
            source,
            encoding = decoded.encoding.name(),
            how = decoded.how,
            "decoded"
        );
    }
    let text: &str = &decoded.text;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if utf16 {
        check_not_binary(name, text.as_bytes())?;
        html = origin.html || detect_format(inner_name, text) == SourceFormat::Html;
    }
    if text.trim().is_empty() {
        return Err(IngestError::Empty {
            path: name.to_owned(),
            detail: " (only whitespace)",
        });
    }

    let format = if html {
        SourceFormat::Html
    } else {
        SourceFormat::Text
    };
    if html && crate::nesting::deeper_than(text, crate::nesting::MAX_HTML_DEPTH) {
        return Err(IngestError::TooDeep {
            path: name.to_owned(),
            limit: crate::nesting::MAX_HTML_DEPTH,
        });
    }
    // The id hashes everything read (header included), so the same bytes are
    // the same document whatever the path, and an edited header is not.
    let id = content_id("d_", &[text.as_bytes()]);

    let mut doc = match format {
        SourceFormat::Html => Document::with_id(id, source, format, text.to_owned()),
        SourceFormat::Text => match parse_header(text) {
            Some(header) => {
                let body = &text[header.body_start..];
                if body.trim().is_empty() {
                    return Err(IngestError::Empty {
                        path: name.to_owned(),
                        detail: " (only a header block)",
                    });
                }
                tracing::debug!(source, ?header, "text header block");
                let mut doc = Document::with_id(id, source, format, body.to_owned());
                doc.title = header.title;
                doc.url = header.url;
                doc.published = header.published;
                doc
            }
            None => Document::with_id(id, source, format, text.to_owned()),
        },
    };
    // What the container (WARC record, feed item) says fills the gaps.
    if doc.url.is_none() {
        doc.url.clone_from(&origin.url);
    }
    if doc.title.is_none() {
        doc.title.clone_from(&origin.title);
    }
    if doc.published.is_none() {
        doc.published = origin.published;
    }
    doc.fetched = origin.fetched;
    // An explicit --published is the user's word and beats the source's.
    if opts.published.is_some() {
        doc.published = opts.published;
    }
    tracing::debug!(source, id = %doc.id, ?format, bytes = doc.body.len(), "ingested");
    Ok(doc)
}

/// The top-level domain of a URL, lower-case (`https://x.example.co.uk/a`
/// → `uk`), as the charset sniffer wants it.
fn url_tld(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?;
    let tld = host.trim_end_matches('.').rsplit('.').next()?;
    (!tld.is_empty() && tld.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        .then(|| tld.to_ascii_lowercase())
}

/// `x.html.gz` → `Some("x.html")`; `None` when the name has no `.gz` suffix.
fn strip_gz_suffix(name: &str) -> Option<&str> {
    let cut = name.len().checked_sub(3)?;
    let (stem, ext) = (name.get(..cut)?, name.get(cut..)?);
    ext.eq_ignore_ascii_case(".gz").then_some(stem)
}

/// Decompresses all gzip members, reading at most `limit + 1` bytes of output
/// so that a gzip bomb costs `limit` bytes of memory, not its expansion.
pub(crate) fn gunzip(name: &str, bytes: &[u8], limit: u64) -> Result<Vec<u8>, IngestError> {
    let mut out = Vec::new();
    MultiGzDecoder::new(bytes)
        .take(limit.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|e| IngestError::Gzip {
            path: name.to_owned(),
            detail: one_line(&e.to_string()),
        })?;
    if out.len() as u64 > limit {
        return Err(IngestError::LimitExceeded {
            path: name.to_owned(),
            what: "decompressed data",
            limit,
        });
    }
    Ok(out)
}

fn check_not_binary(name: &str, data: &[u8]) -> Result<(), IngestError> {
    let sample = &data[..data.len().min(SNIFF_BYTES)];
    let binary = |why| {
        Err(IngestError::Binary {
            path: name.to_owned(),
            why,
        })
    };
    if sample.contains(&0) {
        // UTF-16 is the one common text encoding that is full of NULs; say so
        // rather than calling a text file binary.
        if sample.starts_with(&[0xff, 0xfe]) || sample.starts_with(&[0xfe, 0xff]) {
            return binary("NUL bytes; looks like UTF-16, only UTF-8 is read");
        }
        return binary("NUL bytes");
    }
    let controls = sample
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)) || b == 0x7f)
        .count();
    if controls * 10 > sample.len() {
        return binary("over 10% control characters");
    }
    Ok(())
}

/// Html when the (inner) name says so or the text opens like an HTML page.
pub(crate) fn detect_format(name: &str, text: &str) -> SourceFormat {
    let ext = std::path::Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if matches!(ext.as_deref(), Some("htm" | "html" | "xhtml")) || looks_like_html(text) {
        SourceFormat::Html
    } else {
        SourceFormat::Text
    }
}

fn looks_like_html(text: &str) -> bool {
    let mut rest = text.trim_start_matches('\u{feff}').trim_start();
    // An XML declaration or comments may precede the doctype (XHTML, CMS banners).
    loop {
        if rest.starts_with("<?") {
            match rest.find("?>") {
                Some(end) => rest = rest[end + 2..].trim_start(),
                None => return false,
            }
        } else if rest.starts_with("<!--") {
            match rest.find("-->") {
                Some(end) => rest = rest[end + 3..].trim_start(),
                None => return false,
            }
        } else {
            break;
        }
    }
    let head = rest.get(..14).unwrap_or(rest).to_ascii_lowercase();
    ["<!doctype html", "<html", "<head", "<body"]
        .iter()
        .any(|p| head.starts_with(p) && tag_ends(&head, p.len()))
}

/// The tag name must end right after the prefix: `<header>` and `<bodyguard>`
/// are not `<head` / `<body`.
fn tag_ends(head: &str, at: usize) -> bool {
    head[at..]
        .chars()
        .next()
        .is_none_or(|c| c == '>' || c == '/' || c.is_ascii_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::Compression;
    use flate2::write::GzEncoder;
    use std::io::Write;

    fn opts() -> IngestOptions {
        IngestOptions::default()
    }

    pub(crate) fn gz(data: &[u8]) -> Vec<u8> {
        let mut enc = GzEncoder::new(Vec::new(), Compression::default());
        enc.write_all(data).unwrap();
        enc.finish().unwrap()
    }

    fn err(source: &str, bytes: &[u8]) -> String {
        read_bytes(source, bytes, &opts()).unwrap_err().to_string()
    }

    #[test]
    fn sniffs_html() {
        for page in [
            "<!DOCTYPE html><p>x</p>",
            "  \n<html lang=en>",
            "<HEAD><title>t</title>",
            "<body>",
            "\u{feff}<!doctype html>",
            "<?xml version=\"1.0\"?>\n<!DOCTYPE html PUBLIC>",
            "<!-- generated -->\n<html>",
        ] {
            assert_eq!(detect_format("-", page), SourceFormat::Html, "{page:?}");
        }
        for text in [
            "Plain words.",
            "<header>not html</header>",
            "<bodyguard>",
            "a <html> b",
        ] {
            assert_eq!(detect_format("-", text), SourceFormat::Text, "{text:?}");
        }
        assert_eq!(detect_format("page.HTM", "just words"), SourceFormat::Html);
        assert_eq!(
            detect_format("page.xhtml", "just words"),
            SourceFormat::Html
        );
        assert_eq!(detect_format("notes.md", "just words"), SourceFormat::Text);
    }

    #[test]
    fn strips_bom_and_keeps_body() {
        let doc = read_bytes("a.txt", "\u{feff}Two rockets fell.\n".as_bytes(), &opts()).unwrap();
        assert_eq!(doc.body, "Two rockets fell.\n");
        assert_eq!(doc.format, SourceFormat::Text);
        assert_eq!(doc.source, "a.txt");
        assert_eq!(doc.title, None);
    }

    #[test]
    fn id_depends_on_bytes_not_path() {
        let a = read_bytes("a.txt", b"Same words.", &opts()).unwrap();
        let b = read_bytes("dir/b.txt", b"Same words.", &opts()).unwrap();
        let c = read_bytes("a.txt", b"Other words.", &opts()).unwrap();
        assert_eq!(a.id, b.id);
        assert_ne!(a.id, c.id);
        assert_eq!(a.id, content_id("d_", &[b"Same words."]));
    }

    #[test]
    fn header_fills_fields_and_id_covers_it() {
        let input = "Title: Drone strike on outpost\nPublished: 2024-01-28\nURL: https://example.org/x\n\nThree soldiers were killed.\n";
        let doc = read_bytes("h.txt", input.as_bytes(), &opts()).unwrap();
        assert_eq!(doc.body, "Three soldiers were killed.\n");
        assert_eq!(doc.title.as_deref(), Some("Drone strike on outpost"));
        assert_eq!(doc.url.as_deref(), Some("https://example.org/x"));
        assert_eq!(doc.published.unwrap().to_string(), "2024-01-28");
        assert_eq!(doc.id, content_id("d_", &[input.as_bytes()]));
    }

    #[test]
    fn explicit_published_wins_over_header() {
        let input = b"Date: 2024-01-28\n\nBody.";
        let user = chrono::NaiveDate::from_ymd_opt(2020, 1, 8);
        let o = IngestOptions {
            published: user,
            ..opts()
        };
        assert_eq!(read_bytes("h.txt", input, &o).unwrap().published, user);
        // And fills a missing date.
        assert_eq!(read_bytes("h.txt", b"Body.", &o).unwrap().published, user);
    }

    #[test]
    fn html_keeps_header_like_text() {
        let page = "<html><body>Title: x\n\n</body></html>";
        let doc = read_bytes("p.html", page.as_bytes(), &opts()).unwrap();
        assert_eq!(doc.format, SourceFormat::Html);
        assert_eq!(doc.body, page);
        assert_eq!(doc.title, None);
    }

    #[test]
    fn empty_inputs() {
        assert_eq!(err("empty.txt", b""), "empty.txt: empty file");
        assert_eq!(
            err("blank.txt", b" \n\t\r\n"),
            "blank.txt: empty file (only whitespace)"
        );
        assert_eq!(
            err("bom.txt", "\u{feff}\n".as_bytes()),
            "bom.txt: empty file (only whitespace)"
        );
        assert_eq!(
            err("head.txt", b"Title: x\n\n  \n"),
            "head.txt: empty file (only a header block)"
        );
        assert_eq!(err("-", b""), "<stdin>: empty file");
    }

    #[test]
    fn binary_inputs() {
        assert_eq!(
            err("examples/x.bin", b"PK\x03\x04\x00\x00rest"),
            "examples/x.bin: binary data (NUL bytes), not text"
        );
        let controls: Vec<u8> = (0..100)
            .map(|i| if i % 5 == 0 { 0x01 } else { b'a' })
            .collect();
        assert_eq!(
            err("c.txt", &controls),
            "c.txt: binary data (over 10% control characters), not text"
        );
        // UTF-16 with a byte-order mark is text, NULs and all; binary data
        // behind such a mark is still refused.
        let doc = read_bytes("u16.txt", &[0xff, 0xfe, b'a', 0, b'b', 0], &opts()).unwrap();
        assert_eq!(doc.body, "ab");
        assert_eq!(
            err("u16.bin", &[0xff, 0xfe, 1, 0, 2, 0, 3, 0]),
            "u16.bin: binary data (over 10% control characters), not text"
        );
        // A NUL after the sniffed prefix is not looked for; UTF-8 check still passes.
        let mut late = vec![b'a'; SNIFF_BYTES];
        late.push(0);
        assert!(read_bytes("late.txt", &late, &opts()).is_ok());
    }

    #[test]
    fn invalid_utf8_reports_offset() {
        let mut bytes = b"Valid start. ".to_vec();
        bytes.push(0xff);
        bytes.extend_from_slice(b" more");
        assert_eq!(err("bad.txt", &bytes), "bad.txt: invalid UTF-8 at byte 13");
        // One Latin-1 é is too little to trust a guess; several are enough.
        assert_eq!(
            err("latin1.txt", b"caf\xe9 au lait"),
            "latin1.txt: invalid UTF-8 at byte 3"
        );
        let doc = read_bytes("fr.txt", b"Le g\xe9n\xe9ral a d\xe9clar\xe9", &opts()).unwrap();
        assert_eq!(doc.body, "Le général a déclaré");
        assert_eq!(
            err("stray.txt", b"price: \x81 units"),
            "stray.txt: invalid UTF-8 at byte 7"
        );
    }

    #[test]
    fn html_in_legacy_charsets() {
        let page = b"<html><head><meta charset=windows-1251></head><body><p>\xc2\xe7\xf0\xfb\xe2</p></body></html>";
        let doc = read_bytes("ru.html", page, &opts()).unwrap();
        assert!(doc.body.contains("<p>Взрыв</p>"), "{}", doc.body);
        // The id is the hash of the decoded text, so a page re-saved as
        // UTF-8 is the same document.
        let utf8 = String::from_utf8_lossy(page).replace("\u{fffd}", "");
        assert_ne!(doc.id, content_id("d_", &[utf8.as_bytes()]));
        assert_eq!(doc.id, content_id("d_", &[doc.body.as_bytes()]));

        // A WARC record's HTTP charset and URL come in through the origin.
        let origin = Origin {
            charset: Some("koi8-r".into()),
            url: Some("https://news.example.ru/a".into()),
            html: true,
            ..Origin::default()
        };
        let doc = read_bytes_with("rec", b"<p>\xf7\xda\xd2\xd9\xd7</p>", &opts(), &origin).unwrap();
        assert_eq!(doc.body, "<p>Взрыв</p>");
        assert_eq!(doc.format, SourceFormat::Html);
        assert_eq!(doc.url.as_deref(), Some("https://news.example.ru/a"));
    }

    #[test]
    fn tld_of_urls() {
        assert_eq!(
            url_tld("https://x.example.co.UK/a?b").as_deref(),
            Some("uk")
        );
        assert_eq!(url_tld("http://user@host.ru:8080/").as_deref(), Some("ru"));
        assert_eq!(url_tld("http://localhost").as_deref(), Some("localhost"));
        assert_eq!(url_tld("http://[::1]/"), None);
    }

    #[test]
    fn too_large_in_memory() {
        let o = IngestOptions {
            max_bytes: 10,
            ..opts()
        };
        let e = read_bytes("big.txt", b"eleven byte", &o).unwrap_err();
        assert_eq!(
            e.to_string(),
            "big.txt: 11 bytes exceeds the 10-byte limit (--max-bytes)"
        );
        assert!(read_bytes("ok.txt", b"ten bytes.", &o).is_ok());
    }

    #[test]
    fn gzip_is_decompressed_and_named_by_inner_extension() {
        let page = b"<p>Only a fragment, no doctype.</p>";
        let doc = read_bytes("x.html.gz", &gz(page), &opts()).unwrap();
        assert_eq!(doc.format, SourceFormat::Html);
        assert_eq!(doc.body.as_bytes(), page);
        // Same id as the uncompressed bytes.
        assert_eq!(doc.id, read_bytes("x.html", page, &opts()).unwrap().id);

        let doc = read_bytes("x.txt.gz", &gz(b"Title: T\n\nBody."), &opts()).unwrap();
        assert_eq!(
            (doc.format, doc.body.as_str()),
            (SourceFormat::Text, "Body.")
        );
        assert_eq!(doc.title.as_deref(), Some("T"));

        // Sniffed by magic bytes even without a .gz name (stdin).
        let doc = read_bytes("-", &gz(b"<!doctype html><p>x</p>"), &opts()).unwrap();
        assert_eq!(doc.format, SourceFormat::Html);
        assert_eq!(doc.source, "-");
    }

    #[test]
    fn gzip_multi_member() {
        let mut both = gz(b"First part. ");
        both.extend(gz(b"Second part."));
        let doc = read_bytes("m.txt.gz", &both, &opts()).unwrap();
        assert_eq!(doc.body, "First part. Second part.");
    }

    #[test]
    fn gzip_truncated_or_corrupt() {
        let full = gz(&b"A sentence that repeats. ".repeat(200));
        let e = err("cut.txt.gz", &full[..full.len() / 2]);
        assert!(
            e.starts_with("cut.txt.gz: truncated or corrupt gzip: "),
            "{e}"
        );
        assert!(!e.contains('\n'));

        let e = err("fake.txt.gz", b"plain text with a gz name");
        assert!(
            e.starts_with("fake.txt.gz: truncated or corrupt gzip: "),
            "{e}"
        );

        let mut bad_crc = gz(b"Checksummed words.");
        let n = bad_crc.len();
        bad_crc[n - 8] ^= 0xff;
        let e = err("crc.txt.gz", &bad_crc);
        assert!(
            e.starts_with("crc.txt.gz: truncated or corrupt gzip: "),
            "{e}"
        );

        assert_eq!(err("none.txt.gz", b""), "none.txt.gz: empty file");
        assert_eq!(
            err("zero.txt.gz", &gz(b"")),
            "zero.txt.gz: empty file (nothing after decompression)"
        );
    }

    #[test]
    fn gzip_bomb_is_capped() {
        // 8 MiB of zeros compresses to ~8 KiB; the cap stops reading at 1 MiB + 1.
        let bomb = gz(&vec![b'a'; 8 << 20]);
        let o = IngestOptions {
            max_bytes: 1 << 20,
            ..opts()
        };
        assert!(bomb.len() < 1 << 20);
        let e = read_bytes("bomb.txt.gz", &bomb, &o).unwrap_err();
        assert_eq!(
            e.to_string(),
            "bomb.txt.gz: decompressed data exceeds the 1048576-byte limit (--max-bytes)"
        );
    }

    #[test]
    fn gz_suffix() {
        assert_eq!(strip_gz_suffix("a.html.GZ"), Some("a.html"));
        assert_eq!(strip_gz_suffix("gz"), None);
        assert_eq!(strip_gz_suffix("a.tgz"), None);
        assert_eq!(strip_gz_suffix("é.gz"), Some("é"));
    }
}

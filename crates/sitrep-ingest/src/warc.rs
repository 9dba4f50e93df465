//! WARC archives (`.warc`, `.warc.gz` with one gzip member per record or
//! one for the whole file) → one [`Document`] per HTML `response` record.
//!
//! Streaming: records are read one at a time from a buffered reader, so
//! memory is bounded by the largest record accepted (`--max-bytes`), never
//! by the archive. Record blocks over the limit and records that are not
//! HTML responses (`request`, `metadata`, `warcinfo`, images, PDFs, …) are
//! skipped without being held in memory, and counted.
//!
//! Damage is contained to the record it is in: a `Content-Length` that is
//! too short or too long is noticed (the block must be followed by the
//! `\r\n\r\n` separator, and must not contain the next record's
//! `WARC/1.x` line), reported as an error naming the record, and reading
//! resumes at the next `WARC/` line. A truncated archive or corrupt gzip
//! ends the stream with an error naming the record being read.
//!
//! Why not the `warc` crate (0.4): it stops at the first malformed record
//! and cannot resynchronise, which is exactly the case this reader exists
//! for; the format needs ~200 lines.

use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::NaiveDate;
use sitrep_core::Document;

use crate::charset::content_type_charset;
use crate::decode::read_bytes_with;
use crate::error::{IngestError, one_line};
use crate::{IngestOptions, Origin};

/// Longest header line accepted: a line longer than this is not a WARC or
/// HTTP header, and reading it whole could cost unbounded memory.
const MAX_LINE: u64 = 64 * 1024;
/// Most header lines in one WARC record.
const MAX_HEADERS: usize = 256;

type Source = Box<dyn BufRead + Send>;

/// What a WARC record's header says.
#[derive(Debug, Default)]
struct RecordHeader {
    kind: String,
    target_uri: Option<String>,
    date: Option<NaiveDate>,
    record_id: Option<String>,
    content_length: Option<u64>,
}

/// Iterator over the documents of one WARC file.
pub(crate) struct WarcDocuments {
    name: String,
    reader: Option<Source>,
    opts: IngestOptions,
    /// Records read so far (1-based number of the current one).
    record: usize,
    skipped: Arc<AtomicUsize>,
}

impl WarcDocuments {
    pub(crate) fn new(
        name: String,
        reader: impl Read + Send + 'static,
        opts: &IngestOptions,
        skipped: Arc<AtomicUsize>,
    ) -> Self {
        let mut reader: Source = Box::new(BufReader::with_capacity(64 * 1024, reader));
        // gzip whether or not the name says so: sniff the magic bytes.
        let gz = reader
            .fill_buf()
            .map(|b| b.starts_with(&[0x1f, 0x8b]))
            .unwrap_or(false);
        if gz {
            reader = Box::new(BufReader::with_capacity(
                64 * 1024,
                flate2::bufread::MultiGzDecoder::new(reader),
            ));
        }
        WarcDocuments {
            name,
            reader: Some(reader),
            opts: opts.clone(),
            record: 0,
            skipped,
        }
    }

    fn error(&self, header: Option<&RecordHeader>, detail: impl Into<String>) -> IngestError {
        let mut what = format!("record {}", self.record);
        if let Some(h) = header {
            if let Some(uri) = &h.target_uri {
                what.push_str(&format!(" ({uri})"));
            } else if let Some(id) = &h.record_id {
                what.push_str(&format!(" ({id})"));
            }
        }
        IngestError::Warc {
            path: self.name.clone(),
            record: what,
            detail: one_line(&detail.into()),
        }
    }

    /// Reads the next record; `Ok(None)` at a clean end of the archive.
    fn next_record(&mut self) -> Option<Result<Document, IngestError>> {
        loop {
            let reader = self.reader.as_mut()?;
            // Skip blank lines between records, find the version line.
            let line = loop {
                match read_line(reader) {
                    Ok(None) => {
                        self.reader = None;
                        return None;
                    }
                    Ok(Some(l)) if l.trim().is_empty() => continue,
                    Ok(Some(l)) => break l,
                    Err(e) => {
                        self.reader = None;
                        self.record += 1;
                        return Some(Err(self.error(None, e.to_string())));
                    }
                }
            };
            self.record += 1;
            if !line.starts_with("WARC/") {
                let err = self.error(None, "does not start with a WARC/ version line");
                if let Err(e) = self.resync() {
                    self.reader = None;
                    tracing::debug!(error = %e, "no further record");
                }
                return Some(Err(err));
            }
            let header = match self.read_header() {
                Ok(h) => h,
                Err(e) => {
                    self.reader = None;
                    return Some(Err(self.error(None, e.to_string())));
                }
            };
            let Some(length) = header.content_length else {
                let err = self.error(Some(&header), "no Content-Length");
                let _ = self.resync();
                return Some(Err(err));
            };
            let wanted = header.kind.eq_ignore_ascii_case("response");
            let fits = length <= self.opts.max_bytes;
            match self.read_block(length, wanted && fits) {
                Ok(Block::Complete(block)) => {
                    if !wanted {
                        self.skipped.fetch_add(1, Ordering::Relaxed);
                        continue;
                    }
                    if !fits {
                        return Some(Err(self.error(
                            Some(&header),
                            format!(
                                "{length} bytes exceeds the {}-byte limit (--max-bytes)",
                                self.opts.max_bytes
                            ),
                        )));
                    }
                    match self.response_document(&header, &block) {
                        Some(doc) => return Some(doc),
                        None => {
                            self.skipped.fetch_add(1, Ordering::Relaxed);
                            continue;
                        }
                    }
                }
                Ok(Block::LengthMismatch) => {
                    return Some(Err(self.error(
                        Some(&header),
                        format!("Content-Length {length} does not match the record; skipped"),
                    )));
                }
                Err(e) => {
                    self.reader = None;
                    let detail = if e.kind() == io::ErrorKind::UnexpectedEof {
                        format!(
                            "truncated: archive ends inside the record (Content-Length {length})"
                        )
                    } else {
                        format!("cannot read: {e}")
                    };
                    return Some(Err(self.error(Some(&header), detail)));
                }
            }
        }
    }

    fn read_header(&mut self) -> io::Result<RecordHeader> {
        let reader = self.reader.as_mut().expect("reader present");
        let mut h = RecordHeader::default();
        for _ in 0..MAX_HEADERS {
            let Some(line) = read_line(reader)? else {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "truncated: archive ends inside a record header",
                ));
            };
            if line.trim().is_empty() {
                return Ok(h);
            }
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim();
            match key.trim().to_ascii_lowercase().as_str() {
                "warc-type" => h.kind = value.to_owned(),
                "warc-target-uri" => {
                    h.target_uri = Some(value.trim_matches(['<', '>']).to_owned());
                }
                "warc-date" => h.date = crate::header::parse_date(value),
                "warc-record-id" => h.record_id = Some(value.to_owned()),
                "content-length" => h.content_length = value.parse().ok(),
                _ => {}
            }
        }
        Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "more than 256 header lines",
        ))
    }

    /// Reads (or, when `keep` is false, skips) a block of `length` bytes and
    /// checks the separator after it.
    fn read_block(&mut self, length: u64, keep: bool) -> io::Result<Block> {
        let reader = self.reader.as_mut().expect("reader present");
        let mut block = Vec::new();
        if keep {
            block.reserve(length.min(16 << 20) as usize);
            let n = reader.by_ref().take(length).read_to_end(&mut block)?;
            if (n as u64) < length {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
        } else {
            let n = io::copy(&mut reader.by_ref().take(length), &mut io::sink())?;
            if n < length {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
        }
        // A block that swallowed the next record: the length is too long.
        if keep && let Some(at) = find(&block, b"\r\n\r\nWARC/1.") {
            let rest = block.split_off(at + 4);
            self.push_back(rest);
            return Ok(Block::LengthMismatch);
        }
        let mut sep = [0u8; 4];
        let got = read_up_to(self.reader.as_mut().expect("reader present"), &mut sep)?;
        if &sep[..got] == b"\r\n\r\n" || got == 0 {
            return Ok(Block::Complete(block));
        }
        // Too short (or garbage after it): find the next record.
        self.push_back(sep[..got].to_vec());
        self.resync()?;
        Ok(Block::LengthMismatch)
    }

    /// Puts bytes back in front of the stream.
    fn push_back(&mut self, bytes: Vec<u8>) {
        let reader = self.reader.take().expect("reader present");
        self.reader = Some(Box::new(Cursor::new(bytes).chain(reader)));
    }

    /// Skips to the next line that starts a record and pushes it back.
    fn resync(&mut self) -> io::Result<()> {
        let reader = self.reader.as_mut().expect("reader present");
        loop {
            let mut line = Vec::new();
            let n = reader
                .by_ref()
                .take(MAX_LINE)
                .read_until(b'\n', &mut line)?;
            if n == 0 {
                return Ok(());
            }
            if let Some(at) = find(&line, b"WARC/1.") {
                let line = line.split_off(at);
                self.push_back(line);
                return Ok(());
            }
        }
    }

    /// An HTML response → a document; `None` for other content (skipped).
    fn response_document(
        &self,
        header: &RecordHeader,
        block: &[u8],
    ) -> Option<Result<Document, IngestError>> {
        let (http, body) = split_http(block)?;
        let content_type = http_header(http, "content-type").unwrap_or_default();
        let mime = content_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        let html = matches!(mime.as_str(), "text/html" | "application/xhtml+xml");
        if !html {
            tracing::debug!(record = self.record, mime, "not HTML: skipped");
            return None;
        }
        let status = http.split(|&b| b == b'\n').next().unwrap_or_default();
        let status = String::from_utf8_lossy(status);
        if !status
            .split_whitespace()
            .nth(1)
            .is_some_and(|c| c.starts_with('2'))
        {
            tracing::debug!(record = self.record, %status, "not a 2xx response: skipped");
            return None;
        }
        let chunked = http_header(http, "transfer-encoding")
            .is_some_and(|t| t.to_ascii_lowercase().contains("chunked"));
        let body = if chunked {
            dechunk(body).map_or(std::borrow::Cow::Borrowed(body), std::borrow::Cow::Owned)
        } else {
            std::borrow::Cow::Borrowed(body)
        };
        let origin = Origin {
            url: header.target_uri.clone(),
            charset: content_type_charset(&content_type),
            html: true,
            fetched: header.date,
            ..Origin::default()
        };
        let source = format!("{}#{}", self.name, self.record);
        Some(
            read_bytes_with(&source, &body, &self.opts, &origin).map_err(|e| {
                // Re-word the error so it names the archive and the record.
                let detail = e.to_string();
                let detail = detail
                    .strip_prefix(&format!("{source}: "))
                    .unwrap_or(&detail)
                    .to_owned();
                self.error(Some(header), detail)
            }),
        )
    }
}

enum Block {
    Complete(Vec<u8>),
    LengthMismatch,
}

impl Iterator for WarcDocuments {
    type Item = Result<Document, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_record()
    }
}

/// One line (without its line ending), `None` at end of input. Lines are
/// capped: a header line that long is corrupt data.
fn read_line(reader: &mut Source) -> io::Result<Option<String>> {
    let mut line = Vec::new();
    let n = reader
        .by_ref()
        .take(MAX_LINE)
        .read_until(b'\n', &mut line)?;
    if n == 0 {
        return Ok(None);
    }
    while line.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
        line.pop();
    }
    Ok(Some(String::from_utf8_lossy(&line).into_owned()))
}

fn read_up_to(reader: &mut Source, buf: &mut [u8]) -> io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match reader.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// HTTP response → (status line and headers, body).
fn split_http(block: &[u8]) -> Option<(&[u8], &[u8])> {
    if !block.starts_with(b"HTTP/") {
        return None;
    }
    if let Some(at) = find(block, b"\r\n\r\n") {
        return Some((&block[..at], &block[at + 4..]));
    }
    find(block, b"\n\n").map(|at| (&block[..at], &block[at + 2..]))
}

fn http_header(head: &[u8], name: &str) -> Option<String> {
    String::from_utf8_lossy(head).lines().skip(1).find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().to_owned())
    })
}

/// Undoes HTTP chunked transfer coding; `None` when the body is not
/// actually chunked (crawlers often store it decoded but keep the header).
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    loop {
        let eol = find(body, b"\r\n")?;
        let size_field = std::str::from_utf8(&body[..eol]).ok()?;
        let size = usize::from_str_radix(size_field.split(';').next()?.trim(), 16).ok()?;
        body = &body[eol + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = body.get(size..)?;
        body = body.strip_prefix(b"\r\n").unwrap_or(body);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;

    /// One WARC record with the given type, headers and block.
    pub(crate) fn record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
        record_with_length(kind, uri, block, block.len())
    }

    pub(crate) fn record_with_length(kind: &str, uri: &str, block: &[u8], len: usize) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-01-29T08:00:00Z\r\nWARC-Record-ID: <urn:uuid:x>\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {len}\r\n\r\n"
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    pub(crate) fn http(content_type: &str, body: &[u8]) -> Vec<u8> {
        let mut r = format!("HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n\r\n").into_bytes();
        r.extend_from_slice(body);
        r
    }

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(data).unwrap();
        enc.finish().unwrap()
    }

    fn read(bytes: Vec<u8>) -> (Vec<Result<Document, String>>, usize) {
        let skipped = Arc::new(AtomicUsize::new(0));
        let docs = WarcDocuments::new(
            "a.warc".into(),
            Cursor::new(bytes),
            &IngestOptions::default(),
            skipped.clone(),
        )
        .map(|r| r.map_err(|e| e.to_string()))
        .collect();
        (docs, skipped.load(Ordering::Relaxed))
    }

    const PAGE: &[u8] = b"<html><body><p>Rockets hit the base at dawn.</p></body></html>";

    #[test]
    fn html_responses_become_documents() {
        let mut warc = record("warcinfo", "", b"software: test");
        warc.extend(record(
            "request",
            "https://a.example/1",
            b"GET /1 HTTP/1.1\r\n\r\n",
        ));
        warc.extend(record(
            "response",
            "https://a.example/1",
            &http(
                "text/html; charset=windows-1252",
                b"<p>Caf\xe9 cr\xe8me br\xfbl\xe9e</p>",
            ),
        ));
        warc.extend(record(
            "response",
            "https://a.example/logo.png",
            &http("image/png", b"\x89PNG"),
        ));
        warc.extend(record(
            "response",
            "https://a.example/2",
            &http("text/html", PAGE),
        ));
        let (docs, skipped) = read(warc);
        assert_eq!(skipped, 3, "warcinfo, request, image");
        assert_eq!(docs.len(), 2);
        let d = docs[0].as_ref().unwrap();
        assert_eq!(d.body, "<p>Café crème brûlée</p>");
        assert_eq!(d.url.as_deref(), Some("https://a.example/1"));
        assert_eq!(d.fetched, NaiveDate::from_ymd_opt(2024, 1, 29));
        assert_eq!(d.published, None, "the fetch date is only a fallback");
        assert_eq!(d.format, sitrep_core::SourceFormat::Html);
        assert_eq!(d.source, "a.warc#3");
        assert_eq!(docs[1].as_ref().unwrap().body.as_bytes(), PAGE);
    }

    #[test]
    fn gzip_per_record_and_whole_file() {
        let a = record("response", "https://a.example/1", &http("text/html", PAGE));
        let b = record(
            "response",
            "https://a.example/2",
            &http("text/html", b"<p>Second page.</p>"),
        );
        let mut members = gz(&a);
        members.extend(gz(&b));
        let (docs, _) = read(members);
        assert_eq!(docs.len(), 2);
        assert!(docs.iter().all(Result::is_ok));
        let mut whole = a.clone();
        whole.extend(&b);
        let (docs, _) = read(gz(&whole));
        assert_eq!(docs.len(), 2);
    }

    #[test]
    fn lying_lengths_are_reported_and_the_rest_is_read() {
        let good1 = record("response", "https://a.example/1", &http("text/html", PAGE));
        let block = http("text/html", b"<p>Length says less.</p>");
        let short = record_with_length(
            "response",
            "https://a.example/short",
            &block,
            block.len() - 10,
        );
        let block = http("text/html", b"<p>Length says more.</p>");
        let long = record_with_length(
            "response",
            "https://a.example/long",
            &block,
            block.len() + 40,
        );
        let good2 = record(
            "response",
            "https://a.example/2",
            &http("text/html", b"<p>Last one.</p>"),
        );
        let mut warc = good1;
        warc.extend(short);
        warc.extend(good2.clone());
        warc.extend(long);
        warc.extend(good2);
        let (docs, _) = read(warc);
        let ok: Vec<_> = docs.iter().filter_map(|d| d.as_ref().ok()).collect();
        let errs: Vec<_> = docs.iter().filter_map(|d| d.as_ref().err()).collect();
        assert_eq!(ok.len(), 3, "{docs:?}");
        assert_eq!(errs.len(), 2, "{docs:?}");
        assert!(
            errs[0].starts_with("a.warc: record 2 (https://a.example/short): Content-Length"),
            "{}",
            errs[0]
        );
        assert!(errs[1].contains("(https://a.example/long)"), "{}", errs[1]);
    }

    #[test]
    fn truncated_archive_names_the_record() {
        let mut warc = record("response", "https://a.example/1", &http("text/html", PAGE));
        let cut = record(
            "response",
            "https://a.example/cut",
            &http("text/html", PAGE),
        );
        warc.extend(&cut[..cut.len() - 30]);
        let (docs, _) = read(warc);
        assert_eq!(docs.len(), 2);
        assert!(docs[0].is_ok());
        let e = docs[1].as_ref().unwrap_err();
        assert!(
            e.starts_with("a.warc: record 2 (https://a.example/cut): truncated"),
            "{e}"
        );
        // A cut gzip stream too.
        let whole = gz(&record(
            "response",
            "https://a.example/1",
            &http("text/html", PAGE),
        ));
        let (docs, _) = read(whole[..whole.len() - 12].to_vec());
        assert!(docs.last().unwrap().is_err(), "{docs:?}");
    }

    #[test]
    fn garbage_and_empty() {
        let (docs, skipped) = read(Vec::new());
        assert!(docs.is_empty() && skipped == 0);
        let (docs, _) = read(b"not a warc at all\n".to_vec());
        assert_eq!(docs.len(), 1);
        assert!(docs[0].as_ref().unwrap_err().contains("WARC/ version line"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// Any damage to an archive gives errors on one line naming the
        /// file, never a panic, and a bounded number of items.
        #[test]
        fn damaged_archives_never_panic(cut in 0usize..400, flip in 0usize..400, byte in proptest::prelude::any::<u8>()) {
            let mut warc = record("response", "https://a.example/1", &http("text/html", PAGE));
            warc.extend(record("response", "https://a.example/2", &http("text/html", PAGE)));
            if flip < warc.len() {
                warc[flip] = byte;
            }
            warc.truncate(cut.max(1).min(warc.len()) + warc.len().saturating_sub(400));
            let (docs, _) = read(warc);
            proptest::prop_assert!(docs.len() <= 4);
            for e in docs.iter().filter_map(|d| d.as_ref().err()) {
                proptest::prop_assert!(e.starts_with("a.warc: "), "{}", e);
                proptest::prop_assert!(!e.contains('\n'), "{}", e);
            }
        }
    }

    #[test]
    fn chunked_bodies() {
        assert_eq!(
            dechunk(b"5\r\nHello\r\n6\r\n world\r\n0\r\n\r\n").unwrap(),
            b"Hello world"
        );
        assert_eq!(dechunk(b"<html>not chunked"), None);
        let mut block =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
                .to_vec();
        block.extend_from_slice(b"9\r\n<p>Hi.</p\r\n1\r\n>\r\n0\r\n\r\n");
        let (docs, _) = read(record("response", "https://a.example/c", &block));
        assert_eq!(docs[0].as_ref().unwrap().body, "<p>Hi.</p>");
    }
}

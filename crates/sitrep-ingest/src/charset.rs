//! Bytes in any charset → UTF-8 text.
//!
//! Order of evidence, strongest first:
//! 1. a byte-order mark (UTF-8, UTF-16LE/BE) — it cannot be there by chance;
//! 2. valid UTF-8 — multi-byte UTF-8 sequences almost never occur by chance
//!    in a legacy encoding, so a page that *declares* windows-1252 but is
//!    valid UTF-8 is UTF-8 (the declaration lies; common after CMS moves);
//! 3. for HTML: the declared charset — from the HTTP `Content-Type` (a WARC
//!    record's headers) or the page's `<meta charset>` / `http-equiv` /
//!    XML declaration — when it decodes the bytes without errors;
//! 4. sniffing with `chardetng` (Firefox's detector), which HTML always
//!    accepts (browsers render such pages the same way), while plain text
//!    accepts it only when the result reads like words in that charset
//!    (see [`plausible_text`]); otherwise the caller reports invalid UTF-8.

use std::borrow::Cow;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// How far into a page the `<meta charset>` prescan looks. The HTML spec
/// says 1024 bytes; real pages put long scripts and comments first.
const PRESCAN_BYTES: usize = 8 * 1024;

/// Decoded text and the encoding it was read as.
#[derive(Debug)]
pub(crate) struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: &'static Encoding,
    /// How the encoding was chosen, for the debug log.
    pub how: &'static str,
}

/// The encoding announced by a byte-order mark, and the mark's length.
pub(crate) fn bom(bytes: &[u8]) -> Option<(&'static Encoding, usize)> {
    Encoding::for_bom(bytes)
}

/// Decodes `bytes`. `html` selects the HTML rules (declared charset, always
/// decode); `declared` is an out-of-band charset label (HTTP header); `tld`
/// (the URL's top-level domain, lower-case) helps the sniffer. `None` when
/// the bytes are not UTF-8 and no charset can be trusted (plain text only).
pub(crate) fn decode<'a>(
    bytes: &'a [u8],
    html: bool,
    declared: Option<&str>,
    tld: Option<&str>,
) -> Option<Decoded<'a>> {
    if let Some((encoding, len)) = bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[len..]);
        return Some(Decoded {
            text,
            encoding,
            how: "byte-order mark",
        });
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Some(Decoded {
            text: Cow::Borrowed(text),
            encoding: UTF_8,
            how: "valid UTF-8",
        });
    }
    if html {
        let label = declared
            .map(|l| (l.to_owned(), "HTTP header"))
            .or_else(|| meta_charset(bytes).map(|l| (l, "meta charset")));
        if let Some((label, how)) = label
            && let Some(encoding) = Encoding::for_label(label.trim().as_bytes())
            // A page cannot declare UTF-16 in its own ASCII-compatible bytes
            // (the HTML spec maps that to UTF-8), and UTF-8 was tried above.
            && encoding != UTF_8
            && encoding != UTF_16LE
            && encoding != UTF_16BE
        {
            let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
            if !had_errors {
                return Some(Decoded {
                    text,
                    encoding,
                    how,
                });
            }
            tracing::debug!(label, "declared charset does not fit the bytes; sniffing");
        }
        let encoding = sniff(bytes, tld);
        let (text, _) = encoding.decode_without_bom_handling(bytes);
        return Some(Decoded {
            text,
            encoding,
            how: "sniffed",
        });
    }
    let encoding = sniff(bytes, tld);
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    (!had_errors && encoding != UTF_8 && plausible_text(&text)).then_some(Decoded {
        text,
        encoding,
        how: "sniffed",
    })
}

fn sniff(bytes: &[u8], tld: Option<&str>) -> &'static Encoding {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    // chardetng panics on a label that is not lower-case ASCII without dots.
    let tld = tld.filter(|t| {
        !t.is_empty()
            && t.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    });
    detector.guess(tld.map(str::as_bytes), Utf8Detection::Allow)
}

/// Plain text has no declaration, so a sniffed legacy charset is accepted
/// only when the result reads like words: every non-ASCII letter touches
/// another letter ("café", "Ärger"), there are a few of them, and non-ASCII characters are letters or
/// common typography. Broken UTF-8 ("ok \xc3\x28") and binary junk fail.
fn plausible_text(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let mut non_ascii = 0usize;
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii() {
            continue;
        }
        non_ascii += 1;
        if c.is_alphabetic() {
            let before = i.checked_sub(1).and_then(|j| chars.get(j));
            let after = chars.get(i + 1);
            if ![before, after]
                .iter()
                .any(|n| n.is_some_and(|n| n.is_alphabetic()))
            {
                return false;
            }
        } else if !matches!(
            c,
            '\u{a0}'
                | '’'
                | '‘'
                | '“'
                | '”'
                | '–'
                | '—'
                | '…'
                | '«'
                | '»'
                | '°'
                | '€'
                | '£'
                | '§'
                | '·'
                | '•'
                | '×'
                | '½'
        ) {
            return false;
        }
    }
    non_ascii >= MIN_LEGACY_EVIDENCE
}

/// Fewest non-ASCII characters a plain-text file needs before a sniffed
/// legacy charset is trusted: one odd byte ("Caf\xe9") is as likely a
/// corrupt UTF-8 file as a Latin-1 one, and is reported as invalid UTF-8.
const MIN_LEGACY_EVIDENCE: usize = 3;

/// The charset a page declares in its first bytes: `<meta charset=x>`,
/// `<meta http-equiv=content-type content="text/html; charset=x">`, or an
/// XML declaration's `encoding="x"`.
pub(crate) fn meta_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    if lower.starts_with(b"<?xml")
        && let Some(end) = find(&lower, b"?>", 0)
        && let Some(at) = find(&lower[..end], b"encoding", 0)
        && let Some(value) = attr_value(&lower[at + b"encoding".len()..end])
    {
        return Some(value);
    }
    let mut from = 0;
    while let Some(at) = find(&lower, b"<meta", from) {
        let end = find(&lower, b">", at).unwrap_or(lower.len());
        let tag = &lower[at..end];
        if let Some(c) = find(tag, b"charset", 0)
            && let Some(value) = attr_value(&tag[c + b"charset".len()..])
        {
            return Some(value);
        }
        from = end;
    }
    None
}

/// `= "value"` / `='value'` / `=value` at the start of `rest` (after the
/// attribute or parameter name).
fn attr_value(rest: &[u8]) -> Option<String> {
    let rest = trim_start(rest);
    let rest = trim_start(rest.strip_prefix(b"=")?);
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let value: Vec<u8> = rest
        .iter()
        .copied()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
        .collect();
    (!value.is_empty()).then(|| String::from_utf8_lossy(&value).into_owned())
}

fn trim_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// The `charset` parameter of a `Content-Type` value.
pub fn content_type_charset(content_type: &str) -> Option<String> {
    let lower = content_type.to_ascii_lowercase();
    let at = lower.find("charset")?;
    attr_value(&lower.as_bytes()[at + "charset".len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(bytes: &[u8], html: bool) -> Option<(String, &'static str)> {
        decode(bytes, html, None, None).map(|d| (d.text.into_owned(), d.encoding.name()))
    }

    #[test]
    fn meta_prescan() {
        assert_eq!(
            meta_charset(b"<html><head><meta charset=\"ISO-8859-1\">").as_deref(),
            Some("iso-8859-1")
        );
        assert_eq!(
            meta_charset(
                b"<meta http-equiv='Content-Type' content='text/html; charset=windows-1251'>"
            )
            .as_deref(),
            Some("windows-1251")
        );
        assert_eq!(
            meta_charset(b"<?xml version='1.0' encoding='Shift_JIS'?><html>").as_deref(),
            Some("shift_jis")
        );
        assert_eq!(meta_charset(b"<p>charset=koi8-r</p>"), None);
        assert_eq!(meta_charset(b"<meta name=x content=y><meta charset>"), None);
        assert_eq!(
            content_type_charset("text/html; Charset=\"EUC-KR\"").as_deref(),
            Some("euc-kr")
        );
        assert_eq!(content_type_charset("text/html"), None);
    }

    #[test]
    fn html_declared_charset_is_used() {
        let page =
            b"<html><head><meta charset=windows-1251></head><body>\xcf\xf0\xe8\xe2\xe5\xf2</body>";
        let (text, enc) = dec(page, true).unwrap();
        assert_eq!(enc, "windows-1251");
        assert!(text.contains("Привет"), "{text}");
    }

    #[test]
    fn valid_utf8_beats_a_lying_declaration() {
        let page = "<meta charset=iso-8859-1><p>Café in Zürich</p>";
        let (text, enc) = dec(page.as_bytes(), true).unwrap();
        assert_eq!((text.as_str(), enc), (page, "UTF-8"));
    }

    #[test]
    fn declared_utf8_that_is_not_is_sniffed() {
        let page = b"<meta charset=utf-8><p>Les soldats fran\xe7ais ont quitt\xe9 la base \xe0 l'aube, a d\xe9clar\xe9 l'arm\xe9e.</p>";
        let (text, enc) = dec(page, true).unwrap();
        assert_eq!(enc, "windows-1252");
        assert!(
            text.contains("français ont quitté la base à l'aube"),
            "{text}"
        );
    }

    #[test]
    fn http_header_charset_wins_over_meta() {
        let page = b"<meta charset=windows-1252><p>\xcf\xf0\xe8\xe2\xe5\xf2 \xec\xe8\xf0</p>";
        let d = decode(page, true, Some("windows-1251"), None).unwrap();
        assert_eq!(d.encoding.name(), "windows-1251");
        assert!(d.text.contains("Привет мир"));
    }

    #[test]
    fn bom_wins() {
        let mut utf16 = vec![0xff, 0xfe];
        for u in "Hello, Ünal".encode_utf16() {
            utf16.extend(u.to_le_bytes());
        }
        assert_eq!(dec(&utf16, false).unwrap().0, "Hello, Ünal");
        let mut be = vec![0xfe, 0xff];
        for u in "<p>x</p>".encode_utf16() {
            be.extend(u.to_be_bytes());
        }
        assert_eq!(dec(&be, true).unwrap(), ("<p>x</p>".into(), "UTF-16BE"));
    }

    #[test]
    fn plain_text_legacy_only_when_plausible() {
        let (text, enc) = dec(b"caf\xe9 au lait, cr\xe8me br\xfbl\xe9e", false).unwrap();
        assert_eq!(text, "café au lait, crème brûlée");
        assert_eq!(enc, "windows-1252");
        // Broken UTF-8, and a lone high byte between symbols, are not words.
        assert!(dec(b"ok \xc3\x28 broken", false).is_none());
        assert!(
            dec(b"caf\xe9 au lait", false).is_none(),
            "too little evidence"
        );
        assert!(dec(b"x = \x81 \x8d \x90;", false).is_none());
    }
}

//! Publication dates: from the URL, and from free text ("March 11, 2020",
//! "Tue, 14 Jan 2020", "17.04.2020", "24 de agosto de 2020").
//!
//! The page's own markup (meta tags, JSON-LD, `<time>`) is read in
//! `html.rs`; this module holds the parsers it and the fallbacks share.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

/// Years a news page's publication date can have; anything else is a
/// placeholder (0001-01-01, a zero timestamp) or a typo.
const YEARS: std::ops::RangeInclusive<i32> = 1995..=2100;

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    YEARS
        .contains(&y)
        .then(|| NaiveDate::from_ymd_opt(y, m, d))
        .flatten()
}

/// A complete date in a URL's path: `/2020/04/17/`, `/2020-04-17-`,
/// `/20200413/`. Editors put the publication day there, so it beats the
/// page's (often UTC-converted) timestamps.
pub(crate) fn url_date(url: &str) -> Option<NaiveDate> {
    static SPLIT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"[/_-]((?:19|20)\d{2})[/_-](\d{1,2})[/_-](\d{1,2})(?:[/_.-]|$)").unwrap()
    });
    static JOINED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"/((?:19|20)\d{2})(\d{2})(\d{2})(?:[/_.-]|$)").unwrap());
    let path = url.split(['?', '#']).next().unwrap_or(url);
    [&*SPLIT, &*JOINED].iter().find_map(|re| {
        re.captures_iter(path)
            .find_map(|c| ymd(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?))
    })
}

/// Month names (and their usual abbreviations, matched by prefix) in the
/// languages of most of the world's news sites that use the Latin script.
const MONTHS: &[(&str, u32)] = &[
    // English
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("sept", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    // Spanish, Portuguese, Italian, French, German, Dutch
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    ("janeiro", 1),
    ("fevereiro", 2),
    ("março", 3),
    ("maio", 5),
    ("junho", 6),
    ("julho", 7),
    ("setembro", 9),
    ("outubro", 10),
    ("novembro", 11),
    ("dezembro", 12),
    ("gennaio", 1),
    ("febbraio", 2),
    ("aprile", 4),
    ("maggio", 5),
    ("giugno", 6),
    ("luglio", 7),
    ("settembre", 9),
    ("ottobre", 10),
    ("dicembre", 12),
    ("janvier", 1),
    ("février", 2),
    ("fevrier", 2),
    ("mars", 3),
    ("avril", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("januar", 1),
    ("februar", 2),
    ("märz", 3),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("dezember", 12),
    ("januari", 1),
    ("februari", 2),
    ("maart", 3),
    ("mei", 5),
    ("augustus", 8),
    // Romanian
    ("ianuarie", 1),
    ("februarie", 2),
    ("martie", 3),
    ("aprilie", 4),
    ("iunie", 6),
    ("iulie", 7),
    ("septembrie", 9),
    ("octombrie", 10),
    ("noiembrie", 11),
    ("decembrie", 12),
];

/// The month a word names: a full name, or a prefix of at least three
/// letters of an English one ("Sep", "Sept.").
pub(crate) fn month(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    if let Some(&(_, m)) = MONTHS.iter().find(|(name, _)| *name == w) {
        return Some(m);
    }
    (w.chars().count() >= 3)
        .then(|| MONTHS[..13].iter().find(|(name, _)| name.starts_with(&w)))
        .flatten()
        .map(|&(_, m)| m)
}

static NUMERIC_YMD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})\b").unwrap());
static NUMERIC_DMY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{1,2})([./-])(\d{1,2})[./-]((?:19|20)\d{2})\b").unwrap());
static MONTH_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\p{L}{3,10})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{2})\b")
        .unwrap()
});
static DAY_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(\d{1,2})(?:st|nd|rd|th|\.|º)?\s+(?:(?:de|of)\s+)?(\p{L}{3,10})\.?,?\s+(?:(?:de|del)\s+)?((?:19|20)\d{2})\b",
    )
    .unwrap()
});

static CJK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:19|20)\d{2})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]").unwrap()
});

/// Every date written out in `text`, in any of the common forms, with its
/// byte offset (in no particular order). Numeric `a/b/yyyy` is read
/// day-first unless that cannot be a date.
pub(crate) fn dates_in(text: &str) -> Vec<(usize, NaiveDate)> {
    let num = |s: &str| s.parse::<u32>().ok();
    let mut out = Vec::new();
    for c in NUMERIC_YMD
        .captures_iter(text)
        .chain(CJK.captures_iter(text))
    {
        if let (Some(y), Some(m), Some(d)) = (num(&c[1]), num(&c[2]), num(&c[3]))
            && let Some(date) = ymd(y as i32, m, d)
        {
            out.push((c.get(0).map_or(0, |m| m.start()), date));
        }
    }
    for c in NUMERIC_DMY.captures_iter(text) {
        if let (Some(a), Some(b), Some(y)) = (num(&c[1]), num(&c[3]), num(&c[4]))
            && let Some(date) = ymd(y as i32, b, a).or_else(|| ymd(y as i32, a, b))
        {
            out.push((c.get(0).map_or(0, |m| m.start()), date));
        }
    }
    for c in MONTH_FIRST.captures_iter(text) {
        if let (Some(m), Some(d), Some(y)) = (month(&c[1]), num(&c[2]), num(&c[3]))
            && let Some(date) = ymd(y as i32, m, d)
        {
            out.push((c.get(0).map_or(0, |m| m.start()), date));
        }
    }
    for c in DAY_FIRST.captures_iter(text) {
        if let (Some(d), Some(m), Some(y)) = (num(&c[1]), month(&c[2]), num(&c[3]))
            && let Some(date) = ymd(y as i32, m, d)
        {
            out.push((c.get(0).map_or(0, |m| m.start()), date));
        }
    }
    out
}

/// The first date written out in `text` (see [`dates_in`]).
pub(crate) fn find_date(text: &str) -> Option<NaiveDate> {
    dates_in(text).into_iter().min().map(|(_, d)| d)
}

/// A date as the page's markup states it, and whether it was stated in UTC.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Stamp {
    pub date: NaiveDate,
    /// The value carries a time in UTC ("…T02:54:29Z", "+00:00", "GMT"):
    /// the server's clock, whose day can be one off the publisher's.
    pub utc: bool,
    /// The value carries a time of day, not just a date.
    pub timed: bool,
    /// Read from text the page shows its readers, not from an attribute.
    pub shown: bool,
}

impl Stamp {
    /// A date written in the page's visible text.
    pub(crate) fn shown(date: NaiveDate) -> Stamp {
        Stamp {
            date,
            utc: false,
            timed: false,
            shown: true,
        }
    }

    /// Stated in the publisher's own zone: a time of day with an offset
    /// other than zero (or none given), or a date shown to readers. A bare
    /// date in an attribute is neither: it may be the UTC day.
    pub(crate) fn is_local(&self) -> bool {
        (self.timed && !self.utc) || self.shown
    }
}

static TIME_OF_DAY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d:\d{1,2}").unwrap());

static UTC_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\d:\d{1,2}(?::\d{1,2}(?:[.,]\d+)?)?\s*(?:z|(?:gmt|utc)?\s*[+-]00(?::?00)?|gmt|utc)(?:\s*\([^()]*\))?$",
    )
    .unwrap()
});

/// [`parse_date`], noting whether the value was a UTC timestamp.
pub(crate) fn parse_stamp(raw: &str) -> Option<Stamp> {
    parse_date(raw).map(|date| Stamp {
        date,
        utc: UTC_TIME.is_match(raw.trim()),
        timed: TIME_OF_DAY.is_match(raw),
        shown: false,
    })
}

/// A date attribute value: a timestamp (`2020-01-08`, `2020-01-08T02:00:00+03:30`,
/// `2020/01/08`, `20200108`, RFC 2822) or, failing those, a date written
/// out. The date is taken as written (the publisher's local date), not
/// converted to UTC.
pub(crate) fn parse_date(raw: &str) -> Option<NaiveDate> {
    let s = raw.trim();
    let date = s
        .get(..10)
        .and_then(|head| {
            NaiveDate::parse_from_str(head, "%Y-%m-%d")
                .or_else(|_| NaiveDate::parse_from_str(head, "%Y/%m/%d"))
                .ok()
        })
        .filter(|_| s[10..].chars().next().is_none_or(|c| !c.is_ascii_digit()))
        .or_else(|| {
            let digits = s.get(..8)?;
            let rest_ok = s[8..].chars().next().is_none_or(|c| !c.is_ascii_digit());
            (rest_ok && digits.chars().all(|c| c.is_ascii_digit()))
                .then(|| NaiveDate::parse_from_str(digits, "%Y%m%d").ok())
                .flatten()
        })
        .or_else(|| {
            chrono::DateTime::parse_from_rfc2822(s)
                .ok()
                .map(|d| d.date_naive())
        })
        .or_else(|| (s.len() <= 80).then(|| find_date(s)).flatten())?;
    YEARS.contains(&date.year()).then_some(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    #[test]
    fn dates_in_urls() {
        assert_eq!(
            url_date("https://x.example/2020/02/17/some-story/"),
            d("2020-02-17")
        );
        assert_eq!(
            url_date("https://x.example/news/20200413/suspect?a=1"),
            d("2020-04-13")
        );
        assert_eq!(
            url_date("https://x.example/a/2020-09-15-title"),
            d("2020-09-15")
        );
        assert_eq!(
            url_date("https://x.example/Sport/2020/08/24/670291/x"),
            d("2020-08-24")
        );
        // A month without a day, an id, or a date in the query are not enough.
        assert_eq!(url_date("https://x.example/2020/07/story.html"), None);
        assert_eq!(url_date("https://x.example/article/1412361"), None);
        assert_eq!(url_date("https://x.example/a?d=2020/01/02"), None);
        assert_eq!(url_date("https://x.example/12345678/"), None);
    }

    #[test]
    fn dates_in_text() {
        assert_eq!(
            find_date("Posted March 11, 2020 by editor"),
            d("2020-03-11")
        );
        assert_eq!(find_date("Tue, 14 Jan 2020 | News"), d("2020-01-14"));
        assert_eq!(find_date("Tue, Sep 15 2020 10:01:41"), d("2020-09-15"));
        assert_eq!(
            find_date("Actualizado 17.04.2020 a las 9:00"),
            d("2020-04-17")
        );
        assert_eq!(find_date("el 24 de agosto de 2020"), d("2020-08-24"));
        assert_eq!(find_date("le 3 février 2020"), d("2020-02-03"));
        assert_eq!(find_date("am 5. März 2020"), d("2020-03-05"));
        assert_eq!(
            find_date("showDate(\"2020/04/17 01:43:09\")"),
            d("2020-04-17")
        );
        // Day-first unless impossible.
        assert_eq!(find_date("04/05/2020"), d("2020-05-04"));
        assert_eq!(find_date("12/25/2020"), d("2020-12-25"));
        // The earliest date in the text wins.
        assert_eq!(find_date("2 May 2020, updated 2020-05-03"), d("2020-05-02"));
        assert_eq!(find_date("2020年07月03日"), d("2020-07-03"));
        assert_eq!(find_date("duminică, 20 septembrie 2020"), d("2020-09-20"));
        assert_eq!(find_date("Maybe 12, 2020"), None);
        assert_eq!(find_date("no date here, 2020 people"), None);
        assert_eq!(find_date("31 February 2020"), None);
    }

    #[test]
    fn utc_stamps() {
        let utc = |s: &str| parse_stamp(s).map(|s| s.utc);
        assert_eq!(utc("2020-05-02T02:54:29.000Z"), Some(true));
        assert_eq!(utc("2020-12-05T23:15:0Z"), Some(true));
        assert_eq!(utc("2020-12-24T23:59:50+00:00"), Some(true));
        assert_eq!(utc("Wed, 08 Jan 2020 01:30:00 +0000"), Some(true));
        assert_eq!(
            utc("Tue Aug 25 2020 00:23:33 GMT+0000 (Coordinated Universal Time)"),
            Some(true)
        );
        assert_eq!(utc("2020-12-25T01:59:50+02:00"), Some(false));
        assert_eq!(utc("2020-12-25T01:59:50"), Some(false));
        assert_eq!(utc("2020-12-25"), Some(false));
        assert_eq!(utc("nothing"), None);
    }

    #[test]
    fn attribute_values() {
        assert_eq!(parse_date("2020-01-08T01:30:00+03:30"), d("2020-01-08"));
        assert_eq!(parse_date(" 2020/01/08 "), d("2020-01-08"));
        assert_eq!(parse_date("20200108"), d("2020-01-08"));
        assert_eq!(
            parse_date("Wed, 08 Jan 2020 01:30:00 +0000"),
            d("2020-01-08")
        );
        assert_eq!(parse_date("January 8, 2020"), d("2020-01-08"));
        assert_eq!(parse_date("2020-01-089"), None);
        assert_eq!(parse_date("0001-01-01T00:00:00Z"), None);
        assert_eq!(parse_date("1970-01-01"), None);
        assert_eq!(parse_date("yesterday"), None);
        assert_eq!(parse_date("2020-01"), None);
    }
}

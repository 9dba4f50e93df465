//! Dates and date ranges in news text, resolved against a reference date.
//!
//! A small regular grammar over the forms news actually uses. Values are never
//! invented: an expression that cannot be resolved (a weekday with no
//! reference date, a month-day with no known year) is still reported, with
//! precision `unknown` and no value.
//!
//! Month-day dates without a year take the reference date's year (or the year
//! before when that would put them in the future), else the last explicit
//! year written earlier in the document (`context_year`).

use std::sync::LazyLock;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use regex::Regex;
use sitrep_core::DatePrecision;
use sitrep_core::nlp::{TimeAnchor, TimeExpr};

use crate::quantity::number_word;

const MONTH: &str = r"(January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)";
const WEEKDAY: &str = r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
const COUNT: &str =
    r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|several|a|an)";

struct Patterns {
    range: Regex,
    since: Regex,
    month_day: Regex,
    day_month: Regex,
    iso: Regex,
    month_year: Regex,
    part_year: Regex,
    year: Regex,
    relative: Regex,
    weekday: Regex,
    deictic: Regex,
    vague: Regex,
}

static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| {
    let re = |p: String| Regex::new(&p).expect("time pattern compiles");
    Patterns {
        range: re(format!(
            r"\b(?:[Bb]etween|[Ff]rom)\s+{MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\s+(?:and|to|until|through)\s+{MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?"
        )),
        since: re(format!(
            r"\b[Ss]ince\s+(?:{MONTH}\s+(?:(\d{{1,2}})(?:st|nd|rd|th)?,?\s+)?)?(\d{{4}})\b|\b[Ss]ince\s+{MONTH}\s+(\d{{1,2}})\b"
        )),
        month_day: re(format!(
            r"\b(?:(?:[Ee]arly|[Ll]ate)\s+)?(?:{WEEKDAY},?\s+)?{MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}})\b)?"
        )),
        day_month: re(format!(r"\b(\d{{1,2}})\s+{MONTH}(?:,?\s+(\d{{4}}))?\b")),
        iso: re(r"\b(\d{4})-(\d{2})-(\d{2})\b".to_string()),
        month_year: re(format!(
            r"\b(?:([Ee]arly|[Mm]id|[Ll]ate)[- ])?{MONTH}(?:\s+of)?,?\s+(\d{{4}})\b"
        )),
        part_year: re(r"\b([Ee]arly|[Mm]id|[Ll]ate)[- ]((?:19|20)\d{2})\b".to_string()),
        year: re(r"\b((?:19|20)\d{2})\b".to_string()),
        relative: re(format!(
            r"(?i)\b{COUNT}\s+(day|week|month|year)s?\s+(earlier|later|before|after|ago)\b"
        )),
        weekday: re(format!(
            r"\b(?:([Ee]arly|[Ll]ate)\s+)?(?:[Oo]n\s+)?(a\s+recent\s+)?{WEEKDAY}(?:'s|’s)?(?:\s+(?:night|morning|evening|afternoon))?\b"
        )),
        deictic: re(
            r"(?i)\b(yesterday|today|last night|overnight|this week|last week|last month|last year|this year|this month|earlier this (?:week|month|year))\b"
                .to_string(),
        ),
        vague: re(format!(
            r"(?i)\b(?:in|over|during|for)\s+(?:the\s+)?(?:past|last|recent)\s+(?:{COUNT}\s+)?(days|weeks|months|years)\b"
        )),
    }
});

fn month_number(name: &str) -> u32 {
    let key = name.trim_end_matches('.').to_ascii_lowercase();
    match &key[..3] {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        _ => 12,
    }
}

fn weekday(name: &str) -> Weekday {
    match &name[..3] {
        "Mon" => Weekday::Mon,
        "Tue" => Weekday::Tue,
        "Wed" => Weekday::Wed,
        "Thu" => Weekday::Thu,
        "Fri" => Weekday::Fri,
        "Sat" => Weekday::Sat,
        _ => Weekday::Sun,
    }
}

fn count(word: &str) -> Option<i64> {
    match word.to_ascii_lowercase().as_str() {
        "a" | "an" => Some(1),
        "a few" => Some(3),
        "several" => Some(3),
        w => w
            .parse::<i64>()
            .ok()
            .or_else(|| number_word(w).map(|n| n as i64)),
    }
}

fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1).map(|d| d - Duration::days(1))
}

/// The year a month-day without one belongs to.
fn infer_year(
    month: u32,
    day: u32,
    reference: Option<NaiveDate>,
    context: Option<i32>,
) -> Option<i32> {
    if let Some(r) = reference {
        let candidate = NaiveDate::from_ymd_opt(r.year(), month, day)?;
        // News reports the past: a date well after the reference is last year's.
        return Some(if candidate > r + Duration::days(7) {
            r.year() - 1
        } else {
            r.year()
        });
    }
    context
}

/// The last explicit four-digit year in `sentence` (1900–2099).
pub fn last_explicit_year(sentence: &str) -> Option<i32> {
    PATTERNS
        .year
        .captures_iter(sentence)
        .filter_map(|c| c[1].parse().ok())
        .last()
}

struct Found {
    start: usize,
    end: usize,
    expr: TimeExpr,
}

fn expr(
    start: usize,
    end: usize,
    value_start: Option<NaiveDate>,
    value_end: Option<NaiveDate>,
    precision: DatePrecision,
) -> Found {
    let precision = if value_start.is_none() {
        DatePrecision::Unknown
    } else {
        precision
    };
    Found {
        start,
        end,
        expr: TimeExpr {
            start,
            end,
            value_start,
            value_end,
            precision,
            anchor: TimeAnchor::Absolute,
            open_end: false,
        },
    }
}

/// Every time expression in `sentence` (offsets relative to it).
pub fn find(
    sentence: &str,
    reference: Option<NaiveDate>,
    context_year: Option<i32>,
) -> Vec<TimeExpr> {
    let p = &*PATTERNS;
    let mut found: Vec<Found> = Vec::new();

    for c in p.range.captures_iter(sentence) {
        let m = c.get(0).unwrap();
        let (m1, d1) = (month_number(&c[1]), c[2].parse().unwrap_or(0));
        let (m2, d2) = (month_number(&c[4]), c[5].parse().unwrap_or(0));
        let y1: Option<i32> = c.get(3).and_then(|y| y.as_str().parse().ok());
        let y2: Option<i32> = c.get(6).and_then(|y| y.as_str().parse().ok());
        let (y1, y2) = match (y1, y2) {
            (Some(a), Some(b)) => (Some(a), Some(b)),
            (Some(a), None) => (Some(a), Some(if m2 < m1 { a + 1 } else { a })),
            (None, Some(b)) => (Some(if m2 < m1 { b - 1 } else { b }), Some(b)),
            (None, None) => {
                // Infer from the end: the range ends on or before the reference.
                let end_year = match (reference, context_year) {
                    (Some(_), _) => infer_year(m2, d2, reference, None),
                    (None, Some(y)) => Some(if m2 < m1 { y + 1 } else { y }),
                    _ => None,
                };
                (end_year.map(|y| if m2 < m1 { y - 1 } else { y }), end_year)
            }
        };
        let start = y1.and_then(|y| NaiveDate::from_ymd_opt(y, m1, d1));
        let end = y2.and_then(|y| NaiveDate::from_ymd_opt(y, m2, d2));
        found.push(expr(
            m.start(),
            m.end(),
            start,
            end.filter(|_| start.is_some()),
            DatePrecision::Day,
        ));
    }

    for c in p.since.captures_iter(sentence) {
        let m = c.get(0).unwrap();
        let (start, precision) = if let Some(year) = c.get(3) {
            let year: i32 = year.as_str().parse().unwrap_or(0);
            match (c.get(1), c.get(2)) {
                (Some(month), Some(day)) => (
                    NaiveDate::from_ymd_opt(
                        year,
                        month_number(month.as_str()),
                        day.as_str().parse().unwrap_or(0),
                    ),
                    DatePrecision::Day,
                ),
                (Some(month), None) => (
                    NaiveDate::from_ymd_opt(year, month_number(month.as_str()), 1),
                    DatePrecision::Month,
                ),
                _ => (NaiveDate::from_ymd_opt(year, 1, 1), DatePrecision::Year),
            }
        } else {
            let month = month_number(&c[4]);
            let day: u32 = c[5].parse().unwrap_or(0);
            (
                infer_year(month, day, reference, context_year)
                    .and_then(|y| NaiveDate::from_ymd_opt(y, month, day)),
                DatePrecision::Day,
            )
        };
        let mut f = expr(
            m.start(),
            m.end(),
            start,
            reference.filter(|_| start.is_some()),
            precision,
        );
        f.expr.open_end = true;
        found.push(f);
    }

    for c in p.month_day.captures_iter(sentence) {
        let m = c.get(0).unwrap();
        let month = month_number(&c[2]);
        let day: u32 = c[3].parse().unwrap_or(0);
        if !(1..=31).contains(&day) {
            continue;
        }
        let year = c
            .get(4)
            .and_then(|y| y.as_str().parse().ok())
            .or_else(|| infer_year(month, day, reference, context_year));
        let date = year.and_then(|y| NaiveDate::from_ymd_opt(y, month, day));
        found.push(expr(m.start(), m.end(), date, date, DatePrecision::Day));
    }

    for c in p.day_month.captures_iter(sentence) {
        let m = c.get(0).unwrap();
        let day: u32 = c[1].parse().unwrap_or(0);
        let month = month_number(&c[2]);
        let year = c
            .get(3)
            .and_then(|y| y.as_str().parse().ok())
            .or_else(|| infer_year(month, day, reference, context_year));
        let date = year.and_then(|y| NaiveDate::from_ymd_opt(y, month, day));
        if date.is_some() || (1..=31).contains(&day) {
            found.push(expr(m.start(), m.end(), date, date, DatePrecision::Day));
        }
    }

    for c in p.iso.captures_iter(sentence) {
        let m = c.get(0).unwrap();
        let date = NaiveDate::from_ymd_opt(
            c[1].parse().unwrap_or(0),
            c[2].parse().unwrap_or(0),
            c[3].parse().unwrap_or(0),
        );
        if date.is_some() {
            found.push(expr(m.start(), m.end(), date, date, DatePrecision::Day));
        }
    }

    for c in p.month_year.captures_iter(sentence) {
        let m = c.get(0).unwrap();
        let month = month_number(&c[2]);
        let year: i32 = c[3].parse().unwrap_or(0);
        let (first, last) = match c.get(1).map(|p| p.as_str().to_ascii_lowercase()) {
            Some(part) if part == "early" => (1, 10),
            Some(part) if part == "mid" => (11, 20),
            Some(part) if part == "late" => (21, 31),
            _ => (1, 31),
        };
        let start = NaiveDate::from_ymd_opt(year, month, first);
        let end = last_day_of_month(year, month)
            .map(|d| d.min(NaiveDate::from_ymd_opt(year, month, last).unwrap_or(d)));
        found.push(expr(m.start(), m.end(), start, end, DatePrecision::Month));
    }

    for c in p.part_year.captures_iter(sentence) {
        let m = c.get(0).unwrap();
        let year: i32 = c[2].parse().unwrap_or(0);
        let (from, to) = match c[1].to_ascii_lowercase().as_str() {
            "early" => (1, 4),
            "mid" => (5, 8),
            _ => (9, 12),
        };
        found.push(expr(
            m.start(),
            m.end(),
            NaiveDate::from_ymd_opt(year, from, 1),
            last_day_of_month(year, to),
            DatePrecision::Year,
        ));
    }

    for c in p.year.captures_iter(sentence) {
        let m = c.get(0).unwrap();
        let year: i32 = c[1].parse().unwrap_or(0);
        found.push(expr(
            m.start(),
            m.end(),
            NaiveDate::from_ymd_opt(year, 1, 1),
            NaiveDate::from_ymd_opt(year, 12, 31),
            DatePrecision::Year,
        ));
    }

    for c in p.relative.captures_iter(sentence) {
        let m = c.get(0).unwrap();
        let Some(n) = count(&c[1]) else { continue };
        let (days, precision) = match c[2].to_ascii_lowercase().as_str() {
            "day" => (n, DatePrecision::Day),
            "week" => (7 * n, DatePrecision::Week),
            "month" => (30 * n, DatePrecision::Month),
            _ => (365 * n, DatePrecision::Year),
        };
        match c[3].to_ascii_lowercase().as_str() {
            "ago" => {
                let date = reference.map(|r| r - Duration::days(days));
                found.push(expr(m.start(), m.end(), date, date, precision));
            }
            direction => {
                let signed = if matches!(direction, "earlier" | "before") {
                    -days
                } else {
                    days
                };
                let mut f = expr(m.start(), m.end(), None, None, precision);
                // Resolved by `extract` against the event the sentence is about.
                f.expr.precision = precision;
                f.expr.anchor = TimeAnchor::EventRelative(signed);
                found.push(f);
            }
        }
    }

    for c in p.weekday.captures_iter(sentence) {
        let m = c.get(0).unwrap();
        let recent = c.get(2).is_some();
        let day = weekday(&c[3]);
        let f = match reference {
            Some(r) if recent => expr(
                m.start(),
                m.end(),
                Some(r - Duration::days(27)),
                Some(r),
                DatePrecision::Week,
            ),
            Some(r) => {
                let back =
                    (7 + r.weekday().num_days_from_monday() - day.num_days_from_monday()) % 7;
                let date = r - Duration::days(back as i64);
                expr(
                    m.start(),
                    m.end(),
                    Some(date),
                    Some(date),
                    DatePrecision::Day,
                )
            }
            None => expr(m.start(), m.end(), None, None, DatePrecision::Unknown),
        };
        found.push(f);
    }

    for c in p.deictic.captures_iter(sentence) {
        let m = c.get(0).unwrap();
        let word = c[1].to_ascii_lowercase();
        let f = match reference {
            None => expr(m.start(), m.end(), None, None, DatePrecision::Unknown),
            Some(r) => match word.as_str() {
                "today" => expr(m.start(), m.end(), Some(r), Some(r), DatePrecision::Day),
                "yesterday" | "last night" => {
                    let d = r - Duration::days(1);
                    expr(m.start(), m.end(), Some(d), Some(d), DatePrecision::Day)
                }
                "overnight" => expr(
                    m.start(),
                    m.end(),
                    Some(r - Duration::days(1)),
                    Some(r),
                    DatePrecision::Day,
                ),
                "this week" | "earlier this week" => {
                    let monday = r - Duration::days(r.weekday().num_days_from_monday() as i64);
                    expr(
                        m.start(),
                        m.end(),
                        Some(monday),
                        Some(r),
                        DatePrecision::Week,
                    )
                }
                "last week" => {
                    let monday = r - Duration::days(r.weekday().num_days_from_monday() as i64 + 7);
                    expr(
                        m.start(),
                        m.end(),
                        Some(monday),
                        Some(monday + Duration::days(6)),
                        DatePrecision::Week,
                    )
                }
                "this month" | "earlier this month" => expr(
                    m.start(),
                    m.end(),
                    r.with_day(1),
                    Some(r),
                    DatePrecision::Month,
                ),
                "last month" => {
                    let end = r.with_day(1).map(|d| d - Duration::days(1));
                    expr(
                        m.start(),
                        m.end(),
                        end.and_then(|d| d.with_day(1)),
                        end,
                        DatePrecision::Month,
                    )
                }
                "last year" => expr(
                    m.start(),
                    m.end(),
                    NaiveDate::from_ymd_opt(r.year() - 1, 1, 1),
                    NaiveDate::from_ymd_opt(r.year() - 1, 12, 31),
                    DatePrecision::Year,
                ),
                _ => expr(
                    m.start(),
                    m.end(),
                    NaiveDate::from_ymd_opt(r.year(), 1, 1),
                    Some(r),
                    DatePrecision::Year,
                ),
            },
        };
        found.push(f);
    }

    for c in p.vague.captures_iter(sentence) {
        let m = c.get(0).unwrap();
        let n = c.get(1).and_then(|w| count(w.as_str())).unwrap_or(3);
        let (days, precision) = match c[2].to_ascii_lowercase().as_str() {
            "days" => (n, DatePrecision::Week),
            "weeks" => (7 * n, DatePrecision::Week),
            "months" => (30 * n, DatePrecision::Month),
            _ => (365 * n, DatePrecision::Year),
        };
        let f = match reference {
            Some(r) => expr(
                m.start(),
                m.end(),
                Some(r - Duration::days(days)),
                Some(r),
                precision,
            ),
            None => expr(m.start(), m.end(), None, None, DatePrecision::Unknown),
        };
        found.push(f);
    }

    // Overlaps: the longest expression wins ("early Wednesday, January 8,
    // 2020" over "2020"), then the leftmost.
    found.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(a.start.cmp(&b.start))
    });
    let mut kept: Vec<Found> = Vec::new();
    for f in found {
        if !kept.iter().any(|k| f.start < k.end && k.start < f.end) {
            kept.push(f);
        }
    }
    kept.sort_by_key(|f| f.start);
    kept.into_iter().map(|f| f.expr).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn one(
        text: &str,
        reference: Option<&str>,
        context: Option<i32>,
    ) -> (String, Option<NaiveDate>, Option<NaiveDate>, DatePrecision) {
        let found = find(text, reference.map(d), context);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        let t = &found[0];
        (
            text[t.start..t.end].to_string(),
            t.value_start,
            t.value_end,
            t.precision,
        )
    }

    #[test]
    fn absolute_dates_in_news_forms() {
        for text in [
            "on Jan. 8, 2020,",
            "early Wednesday, January 8, 2020.",
            "on 8 January 2020",
            "on 2020-01-08",
            "on January 08, 2020",
        ] {
            let (_, start, end, precision) = one(text, None, None);
            assert_eq!(
                (start, end, precision),
                (
                    Some(d("2020-01-08")),
                    Some(d("2020-01-08")),
                    DatePrecision::Day
                ),
                "{text}"
            );
        }
    }

    #[test]
    fn month_day_takes_reference_or_context_year() {
        assert_eq!(
            one("on January 3", Some("2020-01-09"), None).1,
            Some(d("2020-01-03"))
        );
        // December mentioned in a January article is last year's.
        assert_eq!(
            one("on December 29", Some("2020-01-09"), None).1,
            Some(d("2019-12-29"))
        );
        assert_eq!(
            one("on January 3", None, Some(2020)).1,
            Some(d("2020-01-03"))
        );
        let (_, start, _, precision) = one("on January 3", None, None);
        assert_eq!((start, precision), (None, DatePrecision::Unknown));
    }

    #[test]
    fn ranges_cross_new_year() {
        let (text, start, end, _) = one(
            "Between October 17 and January 29, there were",
            None,
            Some(2023),
        );
        assert_eq!(text, "Between October 17 and January 29");
        assert_eq!((start, end), (Some(d("2023-10-17")), Some(d("2024-01-29"))));
        let (_, start, end, _) = one(
            "between October 17 and January 29",
            Some("2024-02-02"),
            None,
        );
        assert_eq!((start, end), (Some(d("2023-10-17")), Some(d("2024-01-29"))));
    }

    #[test]
    fn since_is_an_open_range_to_the_reference() {
        let found = find(
            "Since October 7, 2023, the group",
            Some(d("2024-02-01")),
            None,
        );
        assert_eq!(found.len(), 1);
        assert!(found[0].open_end);
        assert_eq!(
            (found[0].value_start, found[0].value_end),
            (Some(d("2023-10-07")), Some(d("2024-02-01")))
        );
        let found = find("since October 2023", None, None);
        assert_eq!(
            (found[0].value_start, found[0].precision),
            (Some(d("2023-10-01")), DatePrecision::Month)
        );
    }

    #[test]
    fn relative_to_event_is_left_for_extract() {
        let found = find("a drone strike five days earlier that", None, None);
        assert_eq!(found[0].anchor, TimeAnchor::EventRelative(-5));
        assert_eq!(found[0].value_start, None);
    }

    #[test]
    fn weekdays_need_a_reference() {
        // 2024-01-29 is a Monday.
        assert_eq!(
            one("late Sunday", Some("2024-01-29"), None).1,
            Some(d("2024-01-28"))
        );
        assert_eq!(
            one("on Monday", Some("2024-01-29"), None).1,
            Some(d("2024-01-29"))
        );
        assert_eq!(
            one("Saturday's attack", Some("2024-01-29"), None).1,
            Some(d("2024-01-27"))
        );
        assert_eq!(
            one("on a recent Monday", None, None).3,
            DatePrecision::Unknown
        );
        assert_eq!(
            one("on a recent Monday", Some("2024-01-29"), None).3,
            DatePrecision::Week
        );
    }

    #[test]
    fn years_and_parts() {
        assert_eq!(
            one("in early 2020, when", None, None).1,
            Some(d("2020-01-01"))
        );
        assert_eq!(
            one("in early 2020, when", None, None).2,
            Some(d("2020-04-30"))
        );
        let (_, start, end, precision) = one("The events of January 2020 altered", None, None);
        assert_eq!(
            (start, end, precision),
            (
                Some(d("2020-01-01")),
                Some(d("2020-01-31")),
                DatePrecision::Month
            )
        );
        assert_eq!(
            one("in January of 2020", None, None).3,
            DatePrecision::Month
        );
        assert_eq!(
            one("two days ago", Some("2024-01-29"), None).1,
            Some(d("2024-01-27"))
        );
        assert_eq!(
            last_explicit_year("from 2019 to 2023 and beyond"),
            Some(2023)
        );
    }

    #[test]
    fn may_the_verb_is_not_a_month() {
        assert!(find("Tehran may 5 times respond", None, None).is_empty());
    }
}

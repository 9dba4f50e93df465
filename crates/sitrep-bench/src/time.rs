//! `sitrep-bench time DIR`: the temporal tagger (`sitrep_nlp::time`) against
//! the English DateTime specification of Microsoft Recognizers-Text
//! (`DateTimeModel.json`, `DateParser.json`, `DatePeriodParser.json`,
//! `DurationParser.json` in DIR).
//!
//! **Applicable cases.** A case counts when
//! * it has a reference date (`Context.ReferenceDateTime`): without one the
//!   expected values of relative expressions depend on the day the
//!   specification was written;
//! * it expects at least one result, and every expected result is a date, a
//!   date range or a duration (`datetimeV2.date`, `.daterange`, `.duration`
//!   in the model file; every result of the three parser files). Cases that
//!   expect a time of day, a date-time, a set ("every Monday") or a time
//!   zone are out of scope: news events are dated to the day;
//! * none of its expected texts is a holiday name, an ordinal weekday of a
//!   month ("the first Friday of July"), a week number ("week 10"), a bare
//!   day number ("on 15", "the 27") or a spelled-out day ("the twenty
//!   second"): calendar-assistant forms that news does not use to date
//!   events. Their number is printed, holidays apart. The holiday rule
//!   covers every holiday the files name (Black Friday, Earth Day, Saint
//!   Patrick's, Eid al-Fitr and Workers' Day included, like Christmas).
//!
//! **Event-relative expressions.** The tagger leaves "three weeks later",
//! "the following week", "the day before" to `extract`, which counts them
//! from the date of the event the text is telling. The specification's
//! inputs are requests in a dialogue, where that event is the moment of
//! speaking: the runner resolves them from the reference date with
//! `time::resolve_relative`, the function `extract`'s rule corresponds to.
//!
//! Cases marked `NotSupported` for other ports (JavaScript, Python, Java) are
//! kept: the values are those of the reference .NET implementation.
//!
//! **Scoring.** An expected result is reproduced when an expression found by
//! the tagger overlaps its text and its value agrees: the same TIMEX value;
//! or, for a date, the same resolved date (the past or the future reading);
//! for a range, the same start and the same end (our ends are inclusive,
//! Recognizers-Text's usually exclusive: either is accepted; where it ends
//! "from 2014 to 2018" at the start of 2018 and we at its end, the first
//! day of our last month, quarter or year is accepted, for ranges of whole
//! months or years only); for a
//! duration, the same length in seconds (a month 30 days, a year 365). A
//! case passes when all its expected results are reproduced. Negative cases
//! (no result expected) are counted separately as false alarms.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use chrono::{Duration, NaiveDate};
use serde_json::Value;
use sitrep_core::nlp::TimeExpr;

const FILES: &[&str] = &[
    "DateTimeModel.json",
    "DateParser.json",
    "DatePeriodParser.json",
    "DurationParser.json",
];

/// Holiday names, out of scope for news (see the module doc): every
/// holiday the specification's applicable files name, religious and civic
/// alike.
const HOLIDAYS: &[&str] = &[
    "christmas",
    "thanksgiving",
    "independence",
    "new year",
    "easter",
    "halloween",
    "valentine",
    "mother's day",
    "father's day",
    "labor day",
    "memorial day",
    "martin luther",
    "veterans",
    "yuandan",
    "cherry",
    "groundhog",
    "black friday",
    "earth day",
    "saint patrick",
    "st patrick",
    "eid al",
    "workers' day",
    "workers’ day",
];

/// Calendar-assistant forms out of scope for news (see the module doc).
const OUT_OF_SCOPE: &[&str] = &[
    "week of",
    "first friday",
    "weekday",
    " week 1",
    "week 2",
    "week 3",
    "week 4",
    "week 5",
    "week 6",
    "week 7",
    "week 8",
    "week 9",
    "school",
    "fiscal",
];

/// One expected result: its character span and the accepted values.
struct Expected {
    start: usize,
    end: usize,
    text: String,
    kind: &'static str,
    timex: String,
    /// Accepted dates (a date's past and future readings).
    dates: Vec<NaiveDate>,
    /// Accepted (start, exclusive or inclusive end) pairs of a range.
    ranges: Vec<(Option<NaiveDate>, Option<NaiveDate>)>,
    seconds: Option<f64>,
}

fn date(v: &Value) -> Option<NaiveDate> {
    let s = v.as_str()?;
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

fn kind_of(type_name: &str) -> Option<&'static str> {
    match type_name {
        "date" | "datetimeV2.date" => Some("date"),
        "daterange" | "datetimeV2.daterange" => Some("daterange"),
        "duration" | "datetimeV2.duration" => Some("duration"),
        _ => None,
    }
}

/// The expected results of a case, or `None` when one is out of scope.
fn expected(case: &Value) -> Option<Vec<Expected>> {
    let results = case["Results"].as_array()?;
    let mut out = Vec::new();
    for r in results {
        let type_name = r["TypeName"].as_str().or_else(|| r["Type"].as_str())?;
        let kind = kind_of(type_name)?;
        let text = r["Text"].as_str()?.to_string();
        let start = r["Start"].as_u64()? as usize;
        let end = match (r["End"].as_u64(), r["Length"].as_u64()) {
            (Some(e), _) => e as usize + 1,
            (None, Some(l)) => start + l as usize,
            _ => start + text.chars().count(),
        };
        let mut e = Expected {
            start,
            end,
            text,
            kind,
            timex: String::new(),
            dates: Vec::new(),
            ranges: Vec::new(),
            seconds: None,
        };
        if let Some(values) = r["Resolution"]["values"].as_array() {
            // The model file.
            for v in values {
                e.timex = v["timex"].as_str().unwrap_or("").to_string();
                match kind {
                    "date" => e.dates.extend(date(&v["value"])),
                    "daterange" => e.ranges.push((date(&v["start"]), date(&v["end"]))),
                    _ => e.seconds = v["value"].as_str().and_then(|s| s.parse().ok()),
                }
            }
        } else {
            let value = &r["Value"];
            e.timex = value["Timex"].as_str().unwrap_or("").to_string();
            for reading in ["FutureResolution", "PastResolution"] {
                let res = &value[reading];
                match kind {
                    "date" => e.dates.extend(date(&res["date"])),
                    "daterange" => e
                        .ranges
                        .push((date(&res["startDate"]), date(&res["endDate"]))),
                    _ => e.seconds = res["duration"].as_str().and_then(|s| s.parse().ok()),
                }
            }
        }
        out.push(e);
    }
    Some(out)
}

/// Seconds of a TIMEX duration (`P1Y2M3W4DT5H6M`), with Recognizers-Text's
/// conventions: a year 365 days, a month 30.
fn duration_seconds(value: &str) -> Option<f64> {
    let rest = value.strip_prefix('P')?;
    let mut total = 0.0;
    let mut number = String::new();
    let mut clock = false;
    for c in rest.chars() {
        match c {
            'T' => clock = true,
            '0'..='9' | '.' => number.push(c),
            unit => {
                let n: f64 = number.parse().ok()?;
                number.clear();
                total += n * match (unit, clock) {
                    ('Y', false) => 31_536_000.0,
                    ('M', false) => 2_592_000.0,
                    ('W', false) => 604_800.0,
                    ('D', false) => 86_400.0,
                    ('H', true) => 3_600.0,
                    ('M', true) => 60.0,
                    ('S', true) => 1.0,
                    _ => return None,
                };
            }
        }
    }
    Some(total)
}

fn reproduces(t: &TimeExpr, e: &Expected) -> bool {
    if !e.timex.is_empty() && t.value.eq_ignore_ascii_case(&e.timex) {
        return true;
    }
    match e.kind {
        "date" => t.value_start.is_some_and(|d| e.dates.contains(&d)),
        "daterange" => e.ranges.iter().any(|&(s, end)| {
            let start_ok = s.is_none() || t.value_start == s;
            let end_ok = match (end, t.value_end) {
                (None, _) => true,
                (Some(x), Some(ours)) => {
                    ours == x || ours + Duration::days(1) == x || in_last_unit(t, x, ours)
                }
                (Some(_), None) => t.open_end,
            };
            start_ok && end_ok && t.value_start.is_some()
        }),
        _ => match (e.seconds, duration_seconds(&t.value)) {
            (Some(x), Some(ours)) => (x - ours).abs() < 1.0,
            _ => false,
        },
    }
}

#[derive(Default)]
struct Tally {
    cases: usize,
    no_reference: usize,
    other_types: usize,
    out_of_scope: usize,
    holidays: usize,
    negative: usize,
    false_alarms: usize,
    applicable: usize,
    passed: usize,
    results: usize,
    results_passed: usize,
}

pub fn run(dir: &Path, show_misses: bool) -> Result<ExitCode> {
    let mut all = Tally::default();
    let mut elapsed = std::time::Duration::ZERO;
    let mut inputs_bytes = 0usize;
    println!("file                         cases  applicable  passed   share");
    for name in FILES {
        let path = dir.join(name);
        let raw = std::fs::read_to_string(&path)
            .with_context(|| format!("{}: cannot read", path.display()))?;
        let cases: Vec<Value> = serde_json::from_str(raw.trim_start_matches('\u{feff}'))
            .with_context(|| format!("{}: not a JSON array of cases", path.display()))?;
        let mut t = Tally::default();
        for case in &cases {
            t.cases += 1;
            let Some(input) = case["Input"].as_str() else {
                eprintln!("error: {}: a case without Input", path.display());
                continue;
            };
            let Some(reference) = date(&case["Context"]["ReferenceDateTime"]) else {
                t.no_reference += 1;
                continue;
            };
            let timer = Instant::now();
            let found = sitrep_nlp::time::find(input, Some(reference), None);
            elapsed += timer.elapsed();
            // In a dialogue the event is the moment of speaking: "three
            // weeks later" counts from the reference (see the module doc).
            let found: Vec<TimeExpr> = found
                .into_iter()
                .map(|t| {
                    sitrep_nlp::time::resolve_relative(&t, &input[t.start..t.end], reference)
                        .unwrap_or(t)
                })
                .collect();
            inputs_bytes += input.len();
            let Some(expected) = expected(case) else {
                t.other_types += 1;
                continue;
            };
            if expected.is_empty() {
                t.negative += 1;
                if !found.is_empty() {
                    t.false_alarms += 1;
                }
                continue;
            }
            if expected.iter().any(|e| {
                let lower = e.text.to_lowercase();
                HOLIDAYS.iter().any(|w| lower.contains(w))
            }) {
                t.holidays += 1;
                continue;
            }
            if expected.iter().any(|e| {
                let lower = format!(" {}", e.text.to_lowercase());
                OUT_OF_SCOPE.iter().any(|w| lower.contains(w))
                    || is_day_number_only(&e.text)
                    || is_ordinal_weekday(&lower)
            }) {
                t.out_of_scope += 1;
                continue;
            }
            t.applicable += 1;
            // Character offsets of what we found.
            let index = sitrep_core::CharIndex::new(input);
            let chars = |b: usize| index.char_offset(input, b);
            let mut all_ok = true;
            let mut misses = Vec::new();
            for e in &expected {
                t.results += 1;
                let ok = found
                    .iter()
                    .filter(|f| chars(f.start) < e.end && e.start < chars(f.end))
                    .any(|f| reproduces(f, e));
                if ok {
                    t.results_passed += 1;
                } else {
                    all_ok = false;
                    misses.push(format!("{:?} ({})", e.text, e.timex));
                }
            }
            if all_ok {
                t.passed += 1;
            } else if show_misses {
                let ours: Vec<String> = found
                    .iter()
                    .map(|f| {
                        format!(
                            "{:?}={} {:?}..{:?}",
                            &input[f.start..f.end],
                            f.value,
                            f.value_start,
                            f.value_end
                        )
                    })
                    .collect();
                println!(
                    "  miss [{name} ref {reference}] {input:?}: expected {}; found {}",
                    misses.join(", "),
                    ours.join(", ")
                );
            }
        }
        println!(
            "{name:<28} {:>5}  {:>10}  {:>6}  {:>5.1}%",
            t.cases,
            t.applicable,
            t.passed,
            share(t.passed, t.applicable)
        );
        all.cases += t.cases;
        all.no_reference += t.no_reference;
        all.other_types += t.other_types;
        all.out_of_scope += t.out_of_scope;
        all.holidays += t.holidays;
        all.negative += t.negative;
        all.false_alarms += t.false_alarms;
        all.applicable += t.applicable;
        all.passed += t.passed;
        all.results += t.results;
        all.results_passed += t.results_passed;
    }
    println!(
        "all                          {:>5}  {:>10}  {:>6}  {:>5.1}%",
        all.cases,
        all.applicable,
        all.passed,
        share(all.passed, all.applicable)
    );
    println!(
        "expected values reproduced: {}/{} ({:.1}%)",
        all.results_passed,
        all.results,
        share(all.results_passed, all.results)
    );
    println!(
        "not applicable: {} without a reference date, {} expecting times of day/date-times/sets/time zones, {} naming a holiday, {} week-number/ordinal-weekday/bare-day forms",
        all.no_reference, all.other_types, all.holidays, all.out_of_scope
    );
    println!(
        "negative cases (nothing expected): {}, with a false alarm: {}",
        all.negative, all.false_alarms
    );
    let secs = elapsed.as_secs_f64();
    println!(
        "tagger time: {:.1} ms for {} inputs ({:.1} MB/s, one thread)",
        secs * 1e3,
        all.cases,
        inputs_bytes as f64 / 1e6 / secs.max(1e-9)
    );
    Ok(ExitCode::SUCCESS)
}

/// "the second Monday of next month", "third Tuesday": an ordinal weekday
/// of a month.
fn is_ordinal_weekday(lower: &str) -> bool {
    let words: Vec<&str> = lower.split_whitespace().collect();
    words.windows(2).any(|w| {
        matches!(
            w[0],
            "first"
                | "second"
                | "third"
                | "fourth"
                | "fifth"
                | "1st"
                | "2nd"
                | "3rd"
                | "4th"
                | "5th"
        ) && matches!(
            w[1].trim_end_matches(['.', ',', '?']),
            "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday"
        )
    })
}

/// "15", "the 27", "the twenty second": a day of the month alone.
fn is_day_number_only(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split_whitespace()
        .filter(|w| !matches!(*w, "the" | "on" | "of"))
        .collect();
    let ordinal_words = [
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "twenty",
        "thirty",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
        "twentieth",
        "thirtieth",
    ];
    !words.is_empty()
        && words.iter().all(|w| {
            let w = w.trim_end_matches(['.', ',']);
            let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
            (!digits.is_empty() && digits.len() <= 2 && digits.chars().all(|c| c.is_ascii_digit()))
                || ordinal_words.contains(&w)
                || ordinal_words
                    .iter()
                    .any(|o| w.ends_with(o) && w.contains('-'))
        })
}

/// "from 2014 to 2018": Recognizers-Text ends the range where 2018 starts,
/// we where it ends (news means the named period included). Either reading
/// names the same last period: accepted when the expected end is the first
/// day of our range's last month or year.
fn in_last_unit(t: &TimeExpr, expected: NaiveDate, ours: NaiveDate) -> bool {
    use chrono::Datelike;
    // Whole months or years: the named last period is our last month (or
    // its quarter, or its year, when we end where those end).
    let month_end = (ours + Duration::days(1)).day() == 1;
    let same_year = expected.year() == ours.year() && expected.day() == 1;
    match t.precision {
        sitrep_core::DatePrecision::Month | sitrep_core::DatePrecision::Year if month_end => {
            same_year
                && (expected.month() == ours.month()
                    || (ours.month().is_multiple_of(3) && expected.month() + 2 == ours.month())
                    || (ours.month() == 12 && expected.month() == 1))
        }
        _ => false,
    }
}

fn share(n: usize, of: usize) -> f64 {
    if of == 0 {
        0.0
    } else {
        100.0 * n as f64 / of as f64
    }
}

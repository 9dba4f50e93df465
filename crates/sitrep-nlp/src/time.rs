//! Dates, date ranges and durations in news text, resolved against a
//! reference date, each with a TimeML TIMEX3 `value`.
//!
//! A regular grammar over the forms news uses, in three passes:
//!
//! 1. **Patterns** find candidate expressions: absolute dates ("Jan. 8, 2020",
//!    "8 January 2020", "2020-01-08", "13.5.2015"), day ranges ("January
//!    27-28"), months, quarters, halves, decades, years, weekdays ("early
//!    Wednesday", "Saturday's", "last Friday", "Tuesday of next week"),
//!    deictic periods ("last week", "earlier this month", "overnight"),
//!    windows ending at the reference ("the past nine months", "in recent
//!    weeks"), "N units ago", event-relative offsets ("five days earlier",
//!    "the next day") and durations ("three days", "1 year 1 month 21 days").
//! 2. **Overlaps**: the longest candidate wins, then the leftmost.
//! 3. **Combinators** join neighbours: "between X and Y" / "from X to Y" /
//!    "X – Y" into a range (re-inferring a yearless end from the other end,
//!    across New Year), "since X" into an open range up to the reference, and
//!    "two days before January 8" into a date.
//!
//! Further forms: years in words ("nineteen seventy-eight", "two thousand
//! and eighteen"), a weekday with its day ("Friday the 15th", "Sunday 31",
//! "friday 5/12": the nearest such day), periods counted from a date ("for
//! three days from today", "two weeks starting May 20", "the week
//! commencing Feb 4"), ranges ending now ("between Jan 22 and now", "from
//! March to date"), "after February" / "later than 2018" (open from the
//! period's end; a day is left alone, since "after January 3" usually names
//! the event), calendar quarters ("the past two quarters"), business days,
//! fortnights, "the 15th day of next month", "the third month of 2021",
//! "the last four months of 2021", numeric ranges ("10/1-11/7") and
//! "for the month" / "the deadliest attack of the year" (the reference's
//! period, when no other time word follows).
//!
//! Also: a weekday joined to a counted-off date ("Monday two weeks from
//! now": that Monday of the Sunday-to-Saturday week; "two months from today
//! on Tuesday": the first Tuesday on or after), weekdays of a named week
//! ("next week between Wednesday and Friday"), "two sundays from now",
//! points at range ends ("from the end of March to the middle of
//! September" starts on April 1 and ends on the 15th; "until the start of
//! 2008" on the last day of 2007; "early"/"late" keep their stretch),
//! lowercase "jan twenty two", "April of 87", a bare "two thousand" as a
//! year only after a month with nothing but punctuation or "and" + a word
//! after it ("in March two thousand people" is a count), "2016 10 16",
//! "September-2020-23", "4/22" or "22/04" without a preposition only when
//! one number is over 12 and the other a month ("3/4", "24/7" are no
//! dates; "4.22" is a decimal), "Nov-Feb 5th, 2017", "three weekends"
//! (`P3WE`), "½ hour", "twenty and four hours", "later than 2018".
//!
//! **Speed.** One `RegexSet` over all scanning patterns runs first; only
//! the patterns it reports are then run for their captures, so most
//! sentences cost one pass of a lazy DFA (measured on the example corpus:
//! about 19 MB/s per core running every pattern, 35 with the set, 60–85
//! once empty iterators stopped allocating). The set needs a larger DFA
//! cache than the default (64 MB limit): at 57 patterns the default made it
//! rebuild states on every sentence, 0.3 MB/s. Word boundaries are ASCII
//! (`(?-u:\b)`): a Unicode `\b` makes the engine leave its DFA on any
//! non-ASCII text. An Aho-Corasick pre-check of cue words was measured and
//! dropped: it cost as much as the set pass it was meant to save.
//! Capture groups cost the engine a backtracking pass several times its
//! search: the hottest patterns (durations, "ago", windows, periods,
//! years) are searched for their whole match only and their groups read
//! off the ASCII text (checked against the engine in tests; other text
//! still goes to the engine); the rest reuse one set of capture slots.
//!
//! Values are never invented: what cannot be resolved (a weekday with no
//! reference date, a month-day with no known year) is still reported, with
//! precision `unknown`, no dates, and a TIMEX value with `X` placeholders.
//!
//! Relative expressions resolve against the reference, in the sentence's
//! tense: a weekday or a yearless date is the most recent one on or before
//! the reference (a week's slack for yearless dates), unless a future marker
//! ("will", "'ll", "next", "scheduled", …) precedes it, when it is the next
//! one on or after. Yearless dates take the reference year (or the year
//! before/after by tense), else the last explicit year written earlier in the
//! document (`context_year`). "last/this/next Friday" follow the week-based
//! reading of Recognizers-Text (Friday of the previous/current/next
//! Monday-to-Sunday week). Vague windows take a width of a few units: "in
//! recent days" a week, "in recent weeks/months/years" three weeks, months or
//! years. Event-relative offsets ("five days earlier") carry
//! [`TimeAnchor::EventRelative`] and are resolved by `extract`, which knows
//! the event the sentence is about.

use std::borrow::Cow;
use std::sync::LazyLock;

use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};
use regex::{CaptureLocations, Captures, Regex};
use sitrep_core::DatePrecision;
use sitrep_core::nlp::{TimeAnchor, TimeExpr};

use crate::quantity::number_word;

/// Month names: full names in any case except the verbs "may" and "march",
/// which must be capitalised, as must abbreviations ("Jan.", "Sept").
const MONTH: &str = r"(?:(?:(?i:january|february|april|june|july|august|september|october|november|december)|March|May|MARCH|MAY)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)";
const WEEKDAY: &str = r"(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b";
/// A weekday, or its abbreviation ("Tue", "Thur", "Wed.").
const WEEKDAY_ANY: &str = r"(?i:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|(?:mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\b\.?)";
const DAY_SUFFIX: &str = r"(?:st|nd|rd|th)?\b";
/// A count in words or digits ("five", "twenty-five", "a few", "1.5").
const COUNT: &str = r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\s+and\s+(?:one|two|three|four|five|six|seven|eight|nine)\b|(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|an?)\s+and\s+(?:a\s+)?(?:half|quarter)|\d+(?:\.\d+)?|a\s+couple(?:\s+of)?|couple(?:\s+of)?|a\s+few|few|several|some|another|a\s+dozen|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|one|two|three|four|five|six|seven|eight|nine|ten|an?)";
const CAL_UNIT: &str =
    r"(?:decades?|years?|months?|fortnights?|weeks?|(?:business|working)\s+days?|days?)";
const ANY_UNIT: &str = r"(?:weekends?|decades?|years?|months?|fortnights?|weeks?|(?:business|working)\s+days?|days?|nights?|hours?|hrs?|h|minutes?|mins?|seconds?|secs?)";
/// Ordinal day numbers in words ("second", "twenty-first").
const DAY_ORDINAL: &str = r"(?i:(?:twenty|thirty)[- ]?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|(?:twenty|thirty)[- ](?:one|two|three|four|five|six|seven|eight|nine)|thirtieth|twentieth|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth)\b";
/// Lowercase or capitalised month abbreviations, where the context already
/// says a month follows ("2016, nov", "2019-sep-1").
const MONTH_ANY: &str = r"(?:(?i:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b\.?)";
/// Numbers 1–99 in words, for years written out.
const ONES_W: &str = "one|two|three|four|five|six|seven|eight|nine";
const TEENS_W: &str =
    "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen";
const TENS_W: &str = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety";

/// A year in words: "nineteen seventy-eight", "nineteen oh five",
/// "nineteen hundred ninety three", "two thousand and eighteen", "twenty
/// twenty-one", "one thousand seven hundred and eighty nine". A bare "two
/// thousand" or "seventeen hundred" is left out: news uses them as counts.
fn year_words() -> String {
    let below_100 = format!(r"(?:(?:{TENS_W})(?:[- ](?:{ONES_W}))?|{TEENS_W}|{ONES_W})");
    let two_digits =
        format!(r"(?:(?:{TENS_W})(?:[- ](?:{ONES_W}))?|{TEENS_W}|(?:zero|oh)[- ](?:{ONES_W}))");
    format!(
        r"(?i:(?:eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)[- ](?:hundred\s+(?:and\s+)?{below_100}|{two_digits})|two\s+thousand\s+(?:and\s+)?{below_100}|twenty[- ](?:(?:{TENS_W})(?:[- ](?:{ONES_W}))?|{TEENS_W})|one\s+thousand\s+(?:{ONES_W})\s+hundred\s+(?:and\s+)?{below_100})\b"
    )
}

/// A year written in digits or in words (see [`year_words`]).
fn parse_year(text: &str) -> Option<i32> {
    if let Ok(y) = text.parse() {
        return Some(y);
    }
    let lower = text.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty() && *w != "and")
        .collect();
    let one = |w: &str| match w {
        "oh" | "zero" => Some(0),
        _ => number_word(w).map(|n| n as i32),
    };
    // 0–99 from at most two words ("seventy eight", "oh five").
    let small = |ws: &[&str]| -> Option<i32> {
        match ws {
            [] => Some(0),
            [a] => one(a),
            [a, b] => Some(one(a)? + one(b)?),
            _ => None,
        }
    };
    let hundreds = |ws: &[&str]| -> Option<i32> {
        match ws.iter().position(|w| *w == "hundred") {
            Some(i) => Some(small(&ws[..i])? * 100 + small(&ws[i + 1..])?),
            None => small(ws),
        }
    };
    if let Some(i) = words.iter().position(|w| *w == "thousand") {
        return Some(small(&words[..i])? * 1000 + hundreds(&words[i + 1..])?);
    }
    if words.contains(&"hundred") {
        return hundreds(&words);
    }
    let (first, rest) = words.split_first()?;
    Some(one(first)? * 100 + small(rest)?)
}

/// Lowercase month abbreviations, read as months only next to a day number
/// ("14 nov", "feb 4"); "mar" and "may" stay verbs.
const MONTH_LC: &str = r"(?:jan|feb|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b\.?";

/// "early", "the end of", … before a month or a year.
const PART: &str = r"(?i:early|mid|late|the\s+end\s+of|end\s+of|the\s+beginning\s+of|beginning\s+of|the\s+start\s+of|start\s+of|the\s+middle\s+of|middle\s+of)";

/// Every field is a `Regex`, laid out in order (`repr(C)`), so a pattern's
/// slot is its offset divided by the size of a `Regex` (see [`slot`]).
#[repr(C)]
struct Patterns {
    month_day: Regex,
    day_month: Regex,
    iso: Regex,
    numeric: Regex,
    month_day_range: Regex,
    day_range_month: Regex,
    month_year: Regex,
    year_month: Regex,
    month_bare: Regex,
    part_year: Regex,
    quarter: Regex,
    half: Regex,
    decade: Regex,
    year_range: Regex,
    year: Regex,
    ago: Regex,
    relative: Regex,
    adjacent_day: Regex,
    weekday: Regex,
    week_weekday: Regex,
    deictic_day: Regex,
    deictic_period: Regex,
    window: Regex,
    duration: Regex,
    duration_part: Regex,
    half_unit: Regex,
    joiner: Regex,
    range_prefix: Regex,
    since_prefix: Regex,
    since_clause: Regex,
    in_future: Regex,
    within: Regex,
    whole_unit: Regex,
    ordinal_of_month: Regex,
    month_ordinal: Regex,
    month_iso_name: Regex,
    year_month_num: Regex,
    month_year_num: Regex,
    numeric_yearless: Regex,
    century: Regex,
    decade_words: Regex,
    day_of_rel_month: Regex,
    day_range_rel_month: Regex,
    month_between_days: Regex,
    from_day_to_month_day: Regex,
    month_range: Regex,
    month_rel_year: Regex,
    period_part: Regex,
    rest_of: Regex,
    after_next: Regex,
    window_count_first: Regex,
    season: Regex,
    year_in_words: Regex,
    word_day_month: Regex,
    weekday_day: Regex,
    weekday_date: Regex,
    week_commencing: Regex,
    numeric_range: Regex,
    weekday_only: Regex,
    after_prefix: Regex,
    compact_date: Regex,
    present_end: Regex,
    day_of_period: Regex,
    month_of_year: Regex,
    part_of_period: Regex,
    numeric_bare: Regex,
    week_weekday_range: Regex,
    nth_weekday: Regex,
    month_to_date: Regex,
    range_point: Regex,
    offset_words: Regex,
}

static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| {
    // ASCII word boundaries: Unicode `\b` makes the regex engine give up
    // its DFA on any non-ASCII text (curly quotes, dashes), several times
    // slower; month names and numbers are ASCII anyway.
    let re = |p: String| Regex::new(&p.replace(r"\b", r"(?-u:\b)")).expect("time pattern compiles");
    let frac = r"(?:\s+and\s+(?:a\s+)?(?:half|quarter))?";
    // A count and its unit: glued only after digits ("24h", "5yrs"), so
    // that "Eighth" is no "eight h" and "Anh" no "an h".
    let counted = format!(r"(?:{COUNT}[- ]|\d+(?:\.\d+)?)");
    let dur_seq =
        format!(r"{counted}{ANY_UNIT}{frac}(?:\s*,?\s*(?:and\s+)?{counted}{ANY_UNIT}{frac})*");
    let cal_seq = format!(r"{counted}{CAL_UNIT}(?:\s*,?\s*(?:and\s+)?{counted}{CAL_UNIT})*");
    // "Oct2", "Dec31": a month glued to its day (a digit must follow).
    let month_glued = MONTH.replace(r"\b", "");
    let yw = year_words();
    let month_dayed = format!("(?:{MONTH}|{MONTH_LC})");
    // A day of the month in digits or words ("9th", "ninth").
    let dn = format!("(?:[0-3]?\\d|{DAY_ORDINAL})");
    let ys = format!(r"(?:\d{{4}}|{yw})");
    // After a month, a bare "two thousand" is a year when nothing but
    // punctuation or "and" + a non-number follows (the guard `yx` is cut
    // off the span); "of 87" a two-digit year.
    let ys_ctx = format!(
        r"(?:\d{{4}}|{yw}|(?i:two\s+thousand)(?P<yx>\s*(?:[.,;:!?)]|$)|\s+(?i:and)\b)|(?i:of)\s+(?P<yy>\d{{2}})\b)"
    );
    Patterns {
        month_day: re(format!(
            r"\b(?:(?P<part>(?i:early|late|mid))[- ])?(?:(?P<wd>{WEEKDAY}),?\s+(?:the\s+)?)?(?P<m>{month_glued}|{MONTH_LC})(?:(?:\s*[-/.]?\s*|\s+(?i:the)\s+)(?P<d>[0-3]?\d){DAY_SUFFIX}|,\s*(?P<dc>[0-3]?\d)(?:st|nd|rd|th)\b)(?:(?:\s*,\s*|\s+)(?:(?i:of|in)\s+)?(?P<y>{ys})\b)?"
        )),
        day_month: re(format!(
            r"\b(?:(?P<wd>{WEEKDAY}),?\s+|(?i:mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.?,\s*)?(?:(?i:the)\s+)?(?P<d>[0-3]?\d){DAY_SUFFIX}\.?(?:\s+|-)(?:(?i:of)\s+)?(?P<m>{month_dayed})(?:(?:\s*,?\s+|-)(?:(?i:in|of)\s+)?(?:(?P<y>{ys})\b|(?i:of)\s+(?P<yy>\d{{2}})\b))?"
        )),
        iso: re(
            r"\b(?:(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})|(?P<y2>(?:19|20)\d{2})\x20(?P<m2>0[1-9]|1[0-2])\x20(?P<d2>[0-3]\d))\b".into(),
        ),
        numeric: re(
            r"(?:^|[^\d.,/-])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?:[/.-](?P<y2>\d{2})|(?:[/.-]|,\s?)(?P<y>\d{4}))\b".into(),
        ),
        month_day_range: re(format!(
            r"\b(?:(?P<pre>(?i:between|from))\s+)?(?P<m>{month_dayed})\s*(?:(?i:the)\s+)?(?P<d1>{dn}){DAY_SUFFIX}\s*(?:-|–|—|(?i:to|through|until|till|and))\s*(?:(?i:the)\s+)?(?P<d2>{dn}){DAY_SUFFIX}(?:,?\s+(?P<y>{ys})\b)?"
        )),
        day_range_month: re(format!(
            r"\b(?:(?P<pre>(?i:between|from))\s+)?(?:(?i:the)\s+)?(?P<d1>{dn}){DAY_SUFFIX}\s*(?:-|–|—|(?i:to|through|until|till|and))\s*(?:(?i:the)\s+)?(?P<d2>{dn}){DAY_SUFFIX}\s+(?:(?i:of)\s+)?(?P<m>{month_dayed})(?:,?\s+(?P<y>{ys})\b)?"
        )),
        month_year: re(format!(
            r"\b(?:(?P<part>{PART})[- ]+)?(?P<m>{MONTH})(?:\s*,?\s+(?:(?i:of|in)\s+)?|\s*,\s*|\s*[-/]\s*)(?P<y>{ys_ctx})(?-u:\b)?"
        )),
        year_month: re(
            r"\b(?P<y>(?:19|20)\d{2})\s*,?\s*(?P<m>(?i:january|february|april|june|july|august|september|october|november|december|jan|feb|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b|March\b|May\b)"
                .into(),
        ),
        month_bare: re(format!(
            r"\b(?P<lead>(?i:(?:the\s+)?(?:end|middle|beginning|start)\s+of|in|since|until|till|by|during|of|from|through|to|and|between|before|after|early|mid|late|last|this|next|past|previous|coming))(?:[- ](?P<lead2>(?i:early|mid|late|this|last|next|past)))?[- ](?P<m>{MONTH}|{MONTH_LC})(?:\s+(?P<rel>(?i:this|last|next))\s+(?i:year))?"
        )),
        part_year: re(format!(r"\b(?P<part>{PART})[- ]+(?P<y>(?:19|20)\d{{2}})\b")),
        quarter: re(
            r"(?i)\b(?:q(?P<q1>[1-4])(?:\s+(?:of\s+)?|\s*[-/]\s*)(?P<y1>\d{4})|(?P<y2>\d{4})\s*[-/]?\s*q(?P<q2>[1-4])|(?P<y4>\d{4})\s+the\s+(?P<ord2>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter|(?:the\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter(?:\s+(?:of\s+)?(?:(?P<y3>\d{{4}}|{yw})|(?P<rel>this|last|next)\s+year))?|q(?P<q3>[1-4])(?:\s+(?P<rel2>this|last|next)\s+year)?)\b"
                .replace("{{4}}", "{4}").replace("{yw}", &yw),
        ),
        half: re(
            r"(?i)\b(?:the\s+(?P<ord>first|second|latter)\s+half\s+(?:of\s+)?(?P<y>\d{4})|h(?P<h>[12])\s+(?P<y2>\d{4})|(?P<y3>\d{4})\s*-?\s*h(?P<h2>[12]))\b".into(),
        ),
        decade: re(
            r"(?i)(?:\b(?P<the>the)\s+)?(?P<apo>['’])?\b(?:(?P<c>19|20)(?P<d>\d)0\s?|(?P<d2>\d)0)(?P<suf>'s|’s|s)\b".into(),
        ),
        year_range: re(
            r"\b(?:(?P<pre>(?i:from|between))\s+)?(?P<y1>(?:19|20)\d{2})\s*(?P<j>-|–|—|~|(?i:to|and|through|until))\s*(?P<y2>(?:19|20)?\d{2})\b"
                .into(),
        ),
        year: re(r"\b(?P<y>(?:19|20)\d{2})\b".into()),
        ago: re(format!(r"(?i)\b(?P<seq>{cal_seq})\s+(?P<dir>ago|back|from\s+now|hence)\b")),
        relative: re(format!(
            r"(?i)\b(?P<seq>{cal_seq})\s+(?P<dir>earlier|later|before|after|previously|prior)\b"
        )),
        adjacent_day: re(
            r"(?i)\b(?:(?P<nd_day>next)\s+day|(?:the|a)\s+(?P<nd>next|following|previous|preceding|prior|same)\s+(?P<u1>day|morning|night|evening|afternoon|week|month|year)|the\s+(?P<u2>day|week|month|year)\s+(?P<dir>before|after|earlier|later)|(?:(?:later|earlier)\s+)?that\s+(?P<u3>day|night|morning|evening|afternoon))\b"
                .into(),
        ),
        weekday: re(format!(
            r"(?i)\b(?:(?P<tod1>early|late)\s+)?(?:on\s+)?(?:(?P<rel>this\s+past|this\s+coming|this|last|next|past|previous|coming|following)\s+)?(?:(?P<recent>a\s+recent)\s+)?(?P<wd>{WEEKDAY})(?:'s|’s)?(?:\s+(?P<tod>night|morning|evening|afternoon))?(?:\s+(?:of\s+)?(?P<wk>next|last|this)\s+week)?\b"
        )),
        week_weekday: re(format!(
            r"(?i)\b(?P<wk>next|last|this)\s+week\s+(?:on\s+)?(?P<wd>{WEEKDAY})"
        )),
        deictic_day: re(
            r"(?i)\b(?:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+(?:tomorrow|tmrw)|today|yesterday|tomorrow|tmrw|tonight|last\s+night|this\s+(?:morning|afternoon|evening)|overnight|at\s+present|at\s+the\s+moment|right\s+now)\b"
                .into(),
        ),
        deictic_period: re(
            r"(?i)\b(?:(?P<mod>early|late|mid|earlier|later)[- ](?:in\s+)?)?(?P<rel>this\s+past|this|last|next|past|previous|coming|upcoming|current|following|the)\s+(?:calendar\s+|working\s+|work\s?)?(?P<u>weekend|week|month|year|quarter|decade)\b"
                .into(),
        ),
        window: re(format!(
            r"(?i)\b(?:(?:in|over|during|for|within|throughout)\s+)?(?:the\s+)?(?P<rel>past|last|recent|previous|preceding|coming|next|following|upcoming)\s+(?:(?P<n>{COUNT})\s+|(?P<ng>\d+))?(?P<u>decades?|years?|quarters?|months?|fortnights?|weeks?|(?:business|working)\s+days?|days?|hours?)\b"
        )),
        duration: re(format!(r"(?i)\b(?P<seq>{dur_seq})(?:[- ]long)?\b")),
        duration_part: re(format!(
            r"(?i)(?P<n>{COUNT})[- ]?(?P<u>{ANY_UNIT})(?:\s+and\s+(?:a\s+)?(?P<frac>half|quarter))?\b"
        )),
        half_unit: re(r"(?i)(?:\bhalf[- ](?:an?\s+)?|½\s*)(?P<u>hour|day|week|month|year)\b".into()),
        joiner: re(r"(?i)^\s*(?:-|–|—|to|and|until|till|through|thru)\s*$".into()),
        range_prefix: re(r"(?i)\b(?:between|from)\s+$".into()),
        since_prefix: re(r"(?i)\b(?:ever\s+)?since\s+$".into()),
        since_clause: re(r"(?i)\bsince\b".into()),
        // "will leave in two months": a date counted from the reference.
        in_future: re(format!(r"(?i)\bin\s+(?P<seq>{cal_seq})\b")),
        within: re(format!(
            r"(?i)\b(?:less\s+than|within)\s+(?:the\s+(?:next|coming|upcoming)\s+)?(?P<seq>{cal_seq})\b"
        )),
        whole_unit: re(
            r"(?i)\b(?:all|full|whole|entire)[- ](?:the\s+)?(?P<u>day|week|month|year)\b".into(),
        ),
        ordinal_of_month: re(format!(
            r"\b(?:(?i:the)\s+)?(?P<dw>{DAY_ORDINAL})\s+(?i:of)\s+(?P<m>{MONTH})(?:,?\s+(?:(?i:of)\s+)?(?P<y>{ys_ctx}))?"
        )),
        month_ordinal: re(format!(
            r"\b(?P<m>{MONTH}|{MONTH_LC})\s*,?\s+(?:(?i:the)\s+)?(?P<dw>{DAY_ORDINAL})(?:,?\s+(?P<y>{ys})\b)?"
        )),
        month_iso_name: re(format!(
            r"\b(?:(?P<y>\d{{4}})[-/.](?P<m>{MONTH_ANY})[-/.](?P<d>[0-3]?\d)|(?P<d2>[0-3]?\d)(?P<sep>[-/])(?P<m2>{MONTH_ANY})[-/](?P<y2>\d{{4}})|(?P<m3>{MONTH_ANY})-(?P<y3>\d{{4}})-(?P<d3>[0-3]?\d)|(?P<y4>\d{{4}})/(?P<d4>[0-3]?\d)/(?P<m4>{MONTH_ANY})|(?P<d5>[0-3]?\d)-(?P<y5>\d{{4}})-(?P<m5>{MONTH_ANY}))\b"
        )),
        year_month_num: re(r"\b(?P<y>(?:19|20)\d{2})\s*(?P<sep>[-/.])\s*(?P<m>0?[1-9]|1[0-2])\b".into()),
        month_year_num: re(r"\b(?P<m>0?[1-9]|1[0-2])\s*[-/]\s*(?P<y>(?:19|20)\d{2})\b".into()),
        numeric_yearless: re(
            r"(?i)\b(?P<lead>on|from|to|between|by|until|till|since|and|before|after|this|next)\s+(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})\b".into(),
        ),
        century: re(
            r"(?i)\b(?:the\s+)?(?:(?P<n>\d{1,2})(?:st|nd|rd|th)|(?P<w>tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty[- ]first|twenty[- ]second))[- ]+century\b".into(),
        ),
        decade_words: re(
            r"(?i)\b(?:the|in|during)\s+(?:(?P<c>nineteen|twenty|two\s+thousand\s+and)[- ]?)?(?P<d>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties|tens|noughties|two\s+thousands)\b".into(),
        ),
        day_of_rel_month: re(
            r"(?i)\b(?:the\s+)?(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+|in\s+)?(?:the\s+)?(?P<rel>this|next|last|previous|current|following)\s+month\b".into(),
        ),
        day_range_rel_month: re(
            r"(?i)\b(?:(?P<pre>between|from)\s+)?(?:the\s+)?(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:-|–|to|through|until|till|and)\s*(?:the\s+)?(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+|in\s+)?(?:the\s+)?(?P<rel>this|next|last|previous|current|following)\s+month\b".into(),
        ),
        month_between_days: re(format!(
            r"\b(?P<m>{MONTH})\s+(?i:between)\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:-|–|(?i:and))\s*(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>{ys})\b)?"
        )),
        from_day_to_month_day: re(format!(
            r"\b(?P<pre>(?i:between|from))\s+(?:(?i:the)\s+)?(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:-|–|(?i:to|through|until|till|and))\s*(?P<m>{MONTH})\s*(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>{ys})\b)?"
        )),
        month_range: re(format!(
            r"\b(?:(?P<pre>(?i:between|from))\s+)?(?:(?P<rel>(?i:this|last|next))\s+)?(?P<m1>{MONTH})\s*(?P<j>-|–|—|(?i:to|through|until|till|and))\s*(?P<m2>{MONTH})(?:(?:,?\s+(?:(?i:in|of)\s+)?)(?P<y>{ys})\b)?"
        )),
        month_rel_year: re(format!(
            r"\b(?P<m>{MONTH_ANY})\s+(?:(?i:of)\s+)?(?P<rel>(?i:this|last|next|previous))\s+(?i:year)\b"
        )),
        period_part: re(
            r"(?i)\b(?:the\s+|at\s+the\s+)?(?P<part>end|beginning|start|middle)\s+of\s+(?:the\s+)?(?:(?P<rel>this|last|next|previous|current|coming)\s+)?(?P<u>week|month|year)\b".into(),
        ),
        rest_of: re(
            r"(?i)\b(?:the\s+)?(?:rest|remainder|remaining)\s+(?:of\s+)?(?:the\s+|my\s+|this\s+|current\s+)?(?P<u>week|month|year)\b".into(),
        ),
        after_next: re(
            r"(?i)\bthe\s+(?P<u>week|month|year|weekend)\s+after\s+(?:the\s+)?next\b".into(),
        ),
        season: re(
            r"(?i)\b(?:(?P<rel>this|last|next|past|coming|the)\s+)?(?:(?P<part>early|mid|late)[- ])?(?P<s>spring|summer|autumn|fall|winter)(?:\s+(?:of\s+)?(?P<y>\d{4}))?\b".into(),
        ),
        year_in_words: re(format!(
            r"\b(?:(?P<lead>(?i:in|since|from|until|till|by|during|before|after|of|to|and))\s+(?P<y>{yw})|(?i:year)\s+(?P<y2>{yw}|\d{{3,4}}\b|(?i:(?:{ONES_W})\s+hundred\s+(?:and\s+)?(?:(?:{TENS_W})(?:[- ](?:{ONES_W}))?|{TEENS_W}|{ONES_W}))\b))"
        )),
        word_day_month: re(format!(
            r"\b(?P<dw>(?i:(?:twenty|thirty)[- ](?:one|two|three|four|five|six|seven|eight|nine)|{TEENS_W}|twenty|thirty|{ONES_W}))\s+(?P<m>{MONTH})\s*,?\s+(?P<y>{ys})"
        )),
        // "Friday the 15th", "Sunday 31", "Mon 13th", "tuesday the eleventh".
        weekday_day: re(format!(
            r"(?i)\b(?:on\s+)?(?:(?P<rel>this|next|last|coming|past)\s+)?(?:(?P<wd>{WEEKDAY})|(?P<wa>mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.?)(?:,?\s+(?P<the>the\s+)?(?P<d>[0-3]?\d)(?P<suf>st|nd|rd|th)?\b|,?\s+the\s+(?P<dw>{DAY_ORDINAL}|(?:{TEENS_W}|{ONES_W}|thirty[- ]one)\b))"
        )),
        // "friday 5/12", "this Friday-Jun-15", "this friday (jun-15)".
        weekday_date: re(format!(
            r"(?i)\b(?:on\s+)?(?:(?P<rel>this|next|last|coming|past)\s+)?(?P<wd>{WEEKDAY})\s*[-,(]?\s*(?:(?P<a>[01]?\d)(?P<sep>[/.-])(?P<b>[0-3]?\d)\b|(?P<m>{MONTH_ANY})[- ]?(?P<d>[0-3]?\d)\b)\)?"
        )),
        // "10/1-11/7", "5/1-5/7, 2020", "10/1/2018-10/7/2018".
        numeric_range: re(
            r"(?:^|[^\d.,/-])(?P<m1>[01]?\d)(?P<s1>[/-])(?P<d1>[0-3]?\d)(?:[/-](?P<y1>\d{4}))?\s*(?:-|–|(?i:to|through|until|till))\s*(?P<m2>[01]?\d)[/-](?P<d2>[0-3]?\d)(?:(?:[/-]|,\s*)(?P<y2>\d{4}))?\b".into(),
        ),
        // "20161016", "report-20170302".
        compact_date: re(
            r"(?:^|[^\d])(?P<y>(?:19|20)\d{2})(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])(?:[^\d]|$)".into(),
        ),
        weekday_only: re(format!(r"(?i)^(?:on\s+)?{WEEKDAY}$")),
        after_prefix: re(r"(?i)\b(?:after|later\s+than|greater\s+than)\s+$".into()),
        present_end: re(
            r"(?i)\b(?:between\s+(?P<n1>now)|(?:and|to|till|until|through)\s+(?P<n2>now|date|current\s+date|the\s+present))\b".into(),
        ),
        // "the 15th day of next month", "the twenty third day of September".
        day_of_period: re(format!(
            r"(?i)\b(?:the\s+)?(?P<d>[0-3]?\d(?:st|nd|rd|th)|{DAY_ORDINAL})\s+day\s+of\s+(?:(?P<m>{MONTH_ANY})|(?:the\s+)?(?:(?P<rel>this|next|last|current|previous|following)\s+)?month\b)"
        )),
        // "the third month of 2021", "the 9th month of next year".
        month_of_year: re(format!(
            r"(?i)\b(?:the\s+)?(?P<o>(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)\b|(?:1[0-2]|[1-9])(?:st|nd|rd|th)\b)\s*month\s+of\s+(?:(?P<y>{ys})|(?:the\s+)?(?P<rel>this|next|last|previous)\s+year\b)"
        )),
        // "the last four months of 2021", "the first ten days of last year".
        part_of_period: re(format!(
            r"(?i)\b(?:the\s+)?(?P<side>first|last|final)\s+(?P<n>{COUNT})\s+(?P<u>days|weeks|months)\s+of\s+(?:(?P<y>{ys})|(?:the\s+)?(?P<rel>this|next|last|previous)\s+year\b)"
        )),
        // "4/22", "22/04" with no preposition: only when the numbers cannot
        // be anything but a month and a day (see the handler).
        numeric_bare: re(
            r"(?:^|[^0-9A-Za-z_.,/$-])(?P<a>\d{1,2})/(?P<b>\d{2})\b".into(),
        ),
        // "next week between Wednesday and Friday", "this week from Tue to Thur".
        week_weekday_range: re(format!(
            r"(?i)\b(?P<wk>next|last|this)\s+week\s+(?:(?:on|from|between)\s+)?(?P<w1>{WEEKDAY_ANY})\s*(?:-|–|to|and|through|thru|until|till)\s*(?P<w2>{WEEKDAY_ANY})"
        )),
        // "two sundays from now", "two monday later".
        nth_weekday: re(format!(
            r"(?i)\b(?P<n>{COUNT})\s+(?P<wd>(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?)\s+(?P<dir>from\s+now|later|hence|ago)\b"
        )),
        // "Nov-Feb 5th, 2017": from a month to a day.
        month_to_date: re(format!(
            r"\b(?P<m1>{MONTH})\s*[-–]\s*(?P<m2>{MONTH})\s*(?P<d>[0-3]?\d){DAY_SUFFIX},?\s+(?P<y>\d{{4}})\b"
        )),
        // "the end of 2007", "the middle of September": a point, at a range end.
        range_point: re(r"(?i)^(?:the\s+)?(?P<part>end|middle|start|beginning)\s+of\b".into()),
        // "two weeks from now", "3 weeks after January 15th": a date counted off.
        offset_words: re(
            r"(?i)\b(?:from\s+(?:now|today)|after|later|hence|before|earlier|ago)\b".into(),
        ),
        week_commencing: re(
            r"(?i)(?:\b(?:the\s+)?week\s+(?:commencing|starting|beginning)(?:\s+(?:on|from))?|\bw/c)\s+$".into(),
        ),
        window_count_first: re(format!(
            r"(?i)\b(?:(?:in|over|during|for|within|throughout)\s+)?(?:the\s+)?(?P<n>{COUNT})\s+(?P<rel>past|last|previous|preceding|coming|next|upcoming)\s+(?P<u>decades|years|months|weeks|days)\b"
        )),
    }
});

fn month_number(name: &str) -> u32 {
    let key = name.trim_end_matches('.').to_ascii_lowercase();
    match key.get(..3).unwrap_or("") {
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
    match name.get(..3).unwrap_or("").to_ascii_lowercase().as_str() {
        "mon" => Weekday::Mon,
        "tue" => Weekday::Tue,
        "wed" => Weekday::Wed,
        "thu" => Weekday::Thu,
        "fri" => Weekday::Fri,
        "sat" => Weekday::Sat,
        _ => Weekday::Sun,
    }
}

/// The value of a count ("five" → 5, "a few" → 3, "1.5" → 1.5).
fn count(word: &str) -> Option<f64> {
    let w = word.to_ascii_lowercase();
    let w = w.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some((whole, part)) = w.split_once(" and ") {
        // "twenty and four": an old way of writing 24.
        if let Some(ones) = number_word(part).filter(|n| *n < 10) {
            return count(whole).map(|n| n + ones as f64);
        }
        let fraction = if part.ends_with("half") { 0.5 } else { 0.25 };
        return count(whole).map(|n| n + fraction);
    }
    match w.as_str() {
        "a" | "an" | "another" => Some(1.0),
        "a couple of" | "a couple" | "couple of" | "couple" => Some(2.0),
        "a few" | "few" | "several" | "some" => Some(3.0),
        _ => w
            .parse::<f64>()
            .ok()
            .or_else(|| number_word(&w).map(|n| n as f64)),
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

fn monday_of(d: NaiveDate) -> NaiveDate {
    d - Duration::days(d.weekday().num_days_from_monday() as i64)
}

/// A two-digit year ("'87", "3-7-27"): in this century up to twenty years
/// past the reference, else the last.
fn two_digit_year(yy: &str, reference: Option<NaiveDate>) -> i32 {
    let year: i32 = yy.trim_start_matches(['\'', '’']).parse().unwrap_or(0);
    let limit = reference.map_or(30, |r| r.year() % 100 + 20);
    year + if year <= limit { 2000 } else { 1900 }
}

/// The year of a `ys_ctx` group (see [`PATTERNS`]) and where the expression
/// ends: a bare "two thousand" loses its guard, "of 87" is a two-digit year.
fn context_year(c: &Groups, end: usize, reference: Option<NaiveDate>) -> (Option<i32>, usize) {
    match (c.name("yy"), c.name("yx")) {
        (Some(yy), _) => (Some(two_digit_year(yy.as_str(), reference)), end),
        (None, Some(guard)) => (Some(2000), guard.start()),
        _ => (c.name("y").and_then(|y| parse_year(y.as_str())), end),
    }
}

/// The last explicit four-digit year in `sentence` (1900–2099).
pub fn last_explicit_year(sentence: &str) -> Option<i32> {
    if !sentence.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    PATTERNS
        .year
        .captures_iter(sentence)
        .filter_map(|c| c["y"].parse().ok())
        .last()
}

// ---------------------------------------------------------------------------
// TIMEX3 values

/// `%Y-%m-%d`, written directly for four-digit years (chrono's format
/// strings are parsed anew on every call); other years as chrono writes
/// them (with a sign).
fn day_value(d: NaiveDate) -> String {
    if (0..=9999).contains(&d.year()) {
        format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
    } else {
        d.format("%Y-%m-%d").to_string()
    }
}

fn week_value(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

/// `%Y-%m`, as [`day_value`].
fn month_value(d: NaiveDate) -> String {
    if (0..=9999).contains(&d.year()) {
        format!("{:04}-{:02}", d.year(), d.month())
    } else {
        d.format("%Y-%m").to_string()
    }
}

fn range_value(start: NaiveDate, end: NaiveDate) -> String {
    format!(
        "({},{},P{}D)",
        day_value(start),
        day_value(end),
        (end - start).num_days()
    )
}

/// Part-of-day suffix of a TIMEX value ("Wednesday night" → `TNI`).
fn part_of_day(word: &str) -> &'static str {
    match word.to_ascii_lowercase().as_str() {
        "morning" => "TMO",
        "afternoon" => "TAF",
        "evening" => "TEV",
        "night" => "TNI",
        _ => "",
    }
}

// ---------------------------------------------------------------------------
// Durations

/// A duration in calendar units, as written ("1 year 1 month 21 days").
#[derive(Debug, Clone, Copy, Default)]
struct Span {
    years: f64,
    months: f64,
    weeks: f64,
    days: f64,
    hours: f64,
    minutes: f64,
    seconds: f64,
    /// Monday-to-Friday days ("four business days").
    business_days: f64,
    /// Saturday-and-Sunday pairs ("three weekends", TIMEX `P3WE`).
    weekends: f64,
}

fn number_text(n: f64) -> String {
    if n.fract() == 0.0 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// Whether `text` ends with `word`, ignoring ASCII case.
fn ends_with_ignore_case(text: &str, word: &str) -> bool {
    text.len() >= word.len()
        && text.as_bytes()[text.len() - word.len()..].eq_ignore_ascii_case(word.as_bytes())
}

/// Whether `c` is whitespace to the regex `\s`, among ASCII characters
/// (`[\t\n\x0B\x0C\r ]`: not `u8::is_ascii_whitespace`, which leaves
/// out `\x0B`).
fn is_regex_space(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\x0B' | '\x0C' | '\r' | ' ')
}

/// `text` less trailing [`is_regex_space`] whitespace.
fn trim_ascii_space_end(text: &str) -> &str {
    text.trim_end_matches(is_regex_space)
}

/// `text` after a leading `word` (ignoring ASCII case) and the whitespace
/// (at least one) that follows it, if it starts so.
fn skip_word<'t>(text: &'t str, word: &str) -> Option<&'t str> {
    let rest = text
        .get(..word.len())
        .filter(|t| t.eq_ignore_ascii_case(word))
        .map(|_| &text[word.len()..])?;
    let after = rest.trim_start_matches(is_regex_space);
    (after.len() < rest.len()).then_some(after)
}

/// Where the longest of `units` that ends ASCII `text` starts (with
/// "business"/"working" and whitespace before a "day" unit).
fn unit_suffix(text: &str, units: &[&str]) -> Option<usize> {
    let word = units
        .iter()
        .filter(|u| ends_with_ignore_case(text, u))
        .max_by_key(|u| u.len())?;
    Some(day_unit_start(text, text.len() - word.len(), word))
}

/// Where the unit `word` found at `start` of `text` begins once a
/// "business"/"working" and white space before a "day" unit are taken in
/// (`(?:business|working)\s+days?`).
fn day_unit_start(text: &str, start: usize, word: &str) -> usize {
    if word.starts_with("day") {
        let x = &text[..start];
        let lead = trim_ascii_space_end(x);
        if lead.len() < x.len()
            && let Some(w) = ["business", "working"]
                .into_iter()
                .find(|w| ends_with_ignore_case(lead, w))
        {
            return lead.len() - w.len();
        }
    }
    start
}

/// The group `name` of `c`, as text.
fn group<'h>(c: &Captures<'h>, name: &str) -> Option<&'h str> {
    c.name(name).map(|g| g.as_str())
}

/// The groups of match `m` of `re`: read off the matched text by `split`
/// (the hand-written readers below, which decline what they cannot read
/// exactly), else by the regex engine's captures, which cost several times
/// the match itself.
fn read_groups<'h, T>(
    re: &Regex,
    hay: &'h str,
    m: regex::Match<'h>,
    split: impl Fn(&'h str) -> Option<T>,
    engine: impl Fn(&Captures<'h>) -> Option<T>,
) -> Option<T> {
    split(m.as_str()).or_else(|| engine(&re.captures_at(hay, m.start())?))
}

/// The groups `mod`, `rel` and `u` of an ASCII match of `deictic_period`
/// ("later in the year", "this past week", "the workweek"), or `None` to
/// ask the engine. A modifier is the first word when one is followed by
/// "-" or a space (no relation word is one), then an optional "in"; the
/// relation is the next word ("this past" two); the unit ends the match
/// (none is the tail of another).
fn split_deictic_period(text: &str) -> Option<(Option<&str>, &str, &str)> {
    const RELATIONS: &[&str] = &[
        "this",
        "last",
        "next",
        "past",
        "previous",
        "coming",
        "upcoming",
        "current",
        "following",
        "the",
    ];
    const UNITS: &[&str] = &["weekend", "week", "month", "year", "quarter", "decade"];
    if !text.is_ascii() {
        return None;
    }
    let mut rest = text;
    let mut modifier = None;
    // "later" before "late", "earlier" before "early": as the regex, which
    // takes the word that a "-" or space follows.
    for m in ["earlier", "later", "early", "late", "mid"] {
        if text
            .get(..m.len())
            .is_some_and(|t| t.eq_ignore_ascii_case(m))
            && matches!(text.as_bytes().get(m.len()), Some(b'-' | b' '))
        {
            modifier = Some(&text[..m.len()]);
            rest = &text[m.len() + 1..];
            rest = skip_word(rest, "in").unwrap_or(rest);
            break;
        }
    }
    let first = rest.find(is_regex_space)?;
    let mut rel = &rest[..first];
    if rel.eq_ignore_ascii_case("this")
        && let Some(after) = skip_word(rest, "this")
        && skip_word(after, "past").is_some()
    {
        rel = &rest[..rest.len() - after.len() + 4];
    } else if !RELATIONS.iter().any(|r| rel.eq_ignore_ascii_case(r)) {
        return None;
    }
    let u = &text[unit_suffix(text, UNITS)?..];
    Some((modifier, rel, u))
}

/// The relation words of the `window` pattern ("the past 24 hours").
const WINDOW_RELATIONS: &[&str] = &[
    "past",
    "last",
    "recent",
    "previous",
    "preceding",
    "coming",
    "next",
    "following",
    "upcoming",
];

/// The groups `rel`, `n`-or-`ng` and `u` of an ASCII match of `window`
/// ("in the past 24 hours", "the next few days", "recent weeks"), or
/// `None` to ask the engine: an optional preposition and "the" lead (none
/// is a relation word), the relation is the next word, the unit ends the
/// match (the longest unit there: "business days"; a count never ends in
/// "business"), and the count is what lies between, trimmed.
fn split_window(text: &str) -> Option<(&str, Option<&str>, &str)> {
    const UNITS: &[&str] = &[
        "decades",
        "decade",
        "years",
        "year",
        "quarters",
        "quarter",
        "months",
        "month",
        "fortnights",
        "fortnight",
        "weeks",
        "week",
        "days",
        "day",
        "hours",
        "hour",
    ];
    if !text.is_ascii() {
        return None;
    }
    let mut rest = text;
    for prep in ["in", "over", "during", "for", "within", "throughout"] {
        if let Some(after) = skip_word(rest, prep) {
            rest = after;
            break;
        }
    }
    rest = skip_word(rest, "the").unwrap_or(rest);
    let rel_end = rest.find(is_regex_space)?;
    let rel = &rest[..rel_end];
    if !WINDOW_RELATIONS.iter().any(|r| rel.eq_ignore_ascii_case(r)) {
        return None;
    }
    let u_start = unit_suffix(text, UNITS)?;
    let rel_end = text.len() - rest.len() + rel_end;
    let middle = text.get(rel_end..u_start)?.trim_matches(is_regex_space);
    Some((
        rel,
        (!middle.is_empty()).then_some(middle),
        &text[u_start..],
    ))
}

/// The groups `n`, `u` and `frac` of an ASCII match of `duration_part`
/// ("an hour and a half", "1.5h", "three business days"), or `None` to
/// ask the regex engine. Exact because the split is unique: `frac` is
/// there when the match ends in "half"/"quarter" (no unit does); the unit
/// is the longest unit word ending the rest (only "h" is the tail of
/// another unit, "month", and no count ends in "mont"; a count never
/// ends in "business"/"working"), and the count is what precedes it, less
/// the optional `[- ]`. Non-ASCII text is left to the engine: Unicode case
/// folding ("ſ", the Kelvin sign) and whitespace are not handled here.
fn split_duration_part(part: &str) -> Option<(&str, &str, Option<&str>)> {
    const UNITS: &[&str] = &[
        "fortnights",
        "fortnight",
        "weekends",
        "weekend",
        "decades",
        "minutes",
        "seconds",
        "decade",
        "months",
        "nights",
        "minute",
        "second",
        "years",
        "month",
        "weeks",
        "night",
        "hours",
        "year",
        "week",
        "days",
        "hour",
        "mins",
        "secs",
        "day",
        "hrs",
        "min",
        "sec",
        "hr",
        "h",
    ];
    if !part.is_ascii() {
        return None;
    }
    let (rest, frac) = match ["half", "quarter"]
        .into_iter()
        .find(|w| ends_with_ignore_case(part, w))
    {
        Some(w) => {
            let frac = &part[part.len() - w.len()..];
            let before = &part[..part.len() - w.len()];
            let r = trim_ascii_space_end(before);
            if r.len() == before.len() {
                return None;
            }
            // "(?:a\s+)?"
            let r = match r.strip_suffix(['a', 'A']) {
                Some(x) if x.ends_with(is_regex_space) => trim_ascii_space_end(x),
                _ => r,
            };
            if !ends_with_ignore_case(r, "and") {
                return None;
            }
            let x = &r[..r.len() - 3];
            let r = trim_ascii_space_end(x);
            if r.len() == x.len() {
                return None;
            }
            (r, Some(frac))
        }
        None => (part, None),
    };
    let word = UNITS.iter().find(|u| ends_with_ignore_case(rest, u))?;
    let u_start = day_unit_start(rest, rest.len() - word.len(), word);
    let u = &rest[u_start..];
    let n = &rest[..u_start];
    let n = n.strip_suffix(['-', ' ']).unwrap_or(n);
    if n.is_empty() || n.ends_with(|c: char| c == '-' || is_regex_space(c)) {
        return None;
    }
    Some((n, u, frac))
}

/// The groups `seq` and `dir` of an ASCII match of `ago` or `relative`
/// ("three days ago", "two weeks from now", "a year earlier"): `dir` is the
/// last word ("from\s+now" the last two) after whitespace, `seq` what
/// precedes the whitespace (it ends in a unit). `None` asks the engine.
fn split_seq_dir(text: &str) -> Option<(&str, &str)> {
    if !text.is_ascii() {
        return None;
    }
    let last = text.rfind(is_regex_space)? + 1;
    let mut dir_start = last;
    if text[last..].eq_ignore_ascii_case("now") {
        let from = trim_ascii_space_end(&text[..last]);
        if !ends_with_ignore_case(from, "from") {
            return None;
        }
        dir_start = from.len() - 4;
    }
    let x = &text[..dir_start];
    let seq = trim_ascii_space_end(x);
    if seq.len() == x.len() || seq.is_empty() {
        return None;
    }
    Some((seq, &text[dir_start..]))
}

impl Span {
    fn parse(text: &str) -> Option<Span> {
        let mut span = Span::default();
        let mut any = false;
        let re = &PATTERNS.duration_part;
        for m in re.find_iter(text) {
            // The groups, read off the match when it is ASCII (the capture
            // pass costs several times the search), else by the engine.
            let (n, u, frac) = read_groups(re, text, m, split_duration_part, |c| {
                Some((group(c, "n")?, group(c, "u")?, group(c, "frac")))
            })?;
            let mut n = count(n)?;
            // "an hour and a half", "one year and a quarter".
            match frac.map(|f| f.to_ascii_lowercase()) {
                Some(f) if f == "half" => n += 0.5,
                Some(_) => n += 0.25,
                None => {}
            }
            let unit = u.to_ascii_lowercase();
            let unit = unit.trim_end_matches('s');
            if unit == "weekend" {
                span.weekends += n;
                any = true;
                continue;
            }
            if unit.starts_with("business") || unit.starts_with("working") {
                span.business_days += n;
                any = true;
                continue;
            }
            match unit {
                "fortnight" => span.weeks += 2.0 * n,
                "decade" => span.years += 10.0 * n,
                "year" => span.years += n,
                "month" => span.months += n,
                "week" => span.weeks += n,
                "day" | "night" => span.days += n,
                "hour" | "hr" | "h" => span.hours += n,
                "second" | "sec" => span.seconds += n,
                _ => span.minutes += n,
            }
            any = true;
        }
        any.then_some(span)
    }

    fn value(&self) -> String {
        let mut v = String::from("P");
        for (n, unit) in [
            (self.years, "Y"),
            (self.months, "M"),
            (self.weeks, "W"),
            (self.days, "D"),
        ] {
            if n > 0.0 {
                v.push_str(&number_text(n));
                v.push_str(unit);
            }
        }
        if self.business_days > 0.0 {
            v.push_str(&number_text(self.business_days));
            v.push_str("BD");
        }
        if self.weekends > 0.0 {
            v.push_str(&number_text(self.weekends));
            v.push_str("WE");
        }
        if self.has_clock_units() {
            v.push('T');
            for (n, unit) in [(self.hours, "H"), (self.minutes, "M"), (self.seconds, "S")] {
                if n > 0.0 {
                    v.push_str(&number_text(n));
                    v.push_str(unit);
                }
            }
        }
        v
    }

    fn has_clock_units(&self) -> bool {
        self.hours > 0.0 || self.minutes > 0.0 || self.seconds > 0.0
    }

    /// The finest calendar unit named.
    fn precision(&self) -> DatePrecision {
        if self.days > 0.0
            || self.business_days > 0.0
            || self.weekends > 0.0
            || self.has_clock_units()
        {
            DatePrecision::Day
        } else if self.weeks > 0.0 {
            DatePrecision::Week
        } else if self.months > 0.0 {
            DatePrecision::Month
        } else {
            DatePrecision::Year
        }
    }

    /// Approximate length in days (for event-relative offsets).
    fn days_approx(&self) -> i64 {
        (self.years * 365.0
            + self.months * 30.0
            + self.weeks * 7.0
            + self.days
            + self.business_days * 7.0 / 5.0
            + self.weekends * 2.0)
            .round() as i64
    }

    /// `date` moved back (`sign` < 0) or forward by this span, in calendar
    /// arithmetic; fractional months or years fall back to days.
    fn shift(&self, date: NaiveDate, sign: i64) -> Option<NaiveDate> {
        let whole_months = self.years * 12.0 + self.months;
        let mut d = date;
        if whole_months.fract() == 0.0 {
            let m = Months::new(whole_months as u32);
            d = if sign < 0 {
                d.checked_sub_months(m)?
            } else {
                d.checked_add_months(m)?
            };
            let days = (self.weeks * 7.0 + self.days + self.weekends * 2.0).round() as i64;
            let d = d + Duration::days(sign * days);
            if self.business_days > 0.0 {
                business_days(d, sign * self.business_days.round() as i64)
            } else {
                Some(d)
            }
        } else {
            Some(d + Duration::days(sign * self.days_approx()))
        }
    }
}

// ---------------------------------------------------------------------------
// Candidates

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A date or period that can be an end of a range.
    Date,
    /// A range already (joins nothing further).
    Range,
    Duration,
    Relative,
}

#[derive(Debug, Clone)]
struct Found {
    start: usize,
    end: usize,
    begin: Option<NaiveDate>,
    finish: Option<NaiveDate>,
    precision: DatePrecision,
    anchor: TimeAnchor,
    value: String,
    kind: Kind,
    /// For a date whose year was not written: (month, first day, last day or
    /// `None` for the month's end), to rebuild it in another year.
    yearless: Option<(u32, u32, Option<u32>)>,
    /// The year used for a yearless date (to shift it across New Year).
    year: Option<i32>,
    open_end: bool,
    /// "now", "date" in "between now and …", "from March to date": a range
    /// end only, dropped when nothing joins it.
    range_only: bool,
}

impl Found {
    fn new(start: usize, end: usize, kind: Kind) -> Found {
        Found {
            start,
            end,
            begin: None,
            finish: None,
            precision: DatePrecision::Unknown,
            anchor: TimeAnchor::Absolute,
            value: String::new(),
            kind,
            yearless: None,
            year: None,
            open_end: false,
            range_only: false,
        }
    }

    fn dates(
        mut self,
        begin: Option<NaiveDate>,
        finish: Option<NaiveDate>,
        p: DatePrecision,
    ) -> Found {
        self.begin = begin;
        self.finish = finish.filter(|_| begin.is_some());
        self.precision = if begin.is_some() {
            p
        } else {
            DatePrecision::Unknown
        };
        self
    }

    fn value(mut self, value: String) -> Found {
        self.value = value;
        self
    }

    fn into_expr(self) -> TimeExpr {
        TimeExpr {
            start: self.start,
            end: self.end,
            value_start: self.begin,
            value_end: self.finish,
            precision: self.precision,
            anchor: self.anchor,
            open_end: self.open_end,
            value: self.value,
        }
    }
}

/// Which way the sentence looks at `pos`: true when a future marker comes
/// shortly before it ("will meet on Monday", "is scheduled for March").
fn future_tense(sentence: &str, pos: usize) -> bool {
    /// Compared ignoring ASCII case.
    const MARKERS: &[&str] = &[
        "will",
        "would",
        "shall",
        "won't",
        "going",
        "scheduled",
        "expected",
        "due",
        "plans",
        "planned",
        "upcoming",
        "until",
        "till",
    ];
    let marker = |w: &str| {
        ends_with_ignore_case(w, "'ll")
            || ends_with_ignore_case(w, "’ll")
            || MARKERS.iter().any(|m| w.eq_ignore_ascii_case(m))
    };
    // The last eight words of the clause (runs of letters, digits and
    // apostrophes after the last ';', '.', '!' or '?'), read backwards
    // without splitting the whole prefix.
    let before = &sentence[..pos];
    let mut words = 0;
    let mut end = None;
    for (i, c) in before.char_indices().rev() {
        if c.is_alphanumeric() || c == '\'' || c == '’' {
            end.get_or_insert(i + c.len_utf8());
            continue;
        }
        if let Some(e) = end.take() {
            if marker(&before[i + c.len_utf8()..e]) {
                return true;
            }
            words += 1;
            if words == 8 {
                return false;
            }
        }
        if matches!(c, ';' | '.' | '!' | '?') {
            return false;
        }
    }
    end.is_some_and(|e| marker(&before[..e]))
}

/// One group of a match: its place and its text.
#[derive(Clone, Copy)]
struct Group<'h> {
    start: usize,
    end: usize,
    text: &'h str,
}

impl<'h> Group<'h> {
    fn start(&self) -> usize {
        self.start
    }

    fn end(&self) -> usize {
        self.end
    }

    fn as_str(&self) -> &'h str {
        self.text
    }
}

/// The groups of the current match of a [`Scan`], borrowed from its one
/// reused set of capture slots (`captures_iter` allocates a `Captures` per
/// match).
struct Groups<'s, 'h> {
    re: &'static Regex,
    hay: &'h str,
    locs: &'s CaptureLocations,
}

impl<'h> Groups<'_, 'h> {
    fn get(&self, i: usize) -> Option<Group<'h>> {
        let (start, end) = self.locs.get(i)?;
        Some(Group {
            start,
            end,
            text: &self.hay[start..end],
        })
    }

    /// A group by name: a short linear search over the pattern's few
    /// names, cheaper than the hashed lookup of `Captures::name`.
    fn name(&self, name: &str) -> Option<Group<'h>> {
        let i = self.re.capture_names().position(|n| n == Some(name))?;
        self.get(i)
    }
}

impl std::ops::Index<&str> for Groups<'_, '_> {
    type Output = str;

    fn index(&self, name: &str) -> &str {
        self.name(name)
            .map(|g| g.text)
            .unwrap_or_else(|| panic!("no group named {name}"))
    }
}

/// The matches of a pattern that may not be run at all, read one at a time
/// into one set of capture slots. None of the scanning patterns matches the
/// empty string, so each search starts where the last match ended, as
/// `captures_iter` does.
struct Scan<'h> {
    re: &'static Regex,
    hay: &'h str,
    /// `None` when the pattern is not wanted or has no further match.
    locs: Option<CaptureLocations>,
    at: usize,
}

impl<'h> Scan<'h> {
    fn new(re: &'static Regex, hay: &'h str, wanted: bool) -> Scan<'h> {
        Scan {
            re,
            hay,
            locs: wanted.then(|| re.capture_locations()),
            at: 0,
        }
    }

    /// Inlined: most patterns are not wanted, and then this is one test.
    #[inline]
    fn next(&mut self) -> Option<Groups<'_, 'h>> {
        match self.locs {
            None => None,
            Some(_) => self.advance(),
        }
    }

    fn advance(&mut self) -> Option<Groups<'_, 'h>> {
        let locs = self.locs.as_mut()?;
        let m = (self.at <= self.hay.len())
            .then(|| self.re.captures_read_at(locs, self.hay, self.at))
            .flatten();
        let Some(m) = m else {
            self.locs = None;
            return None;
        };
        debug_assert!(m.end() > m.start(), "a scanning pattern matched empty");
        self.at = m.end().max(m.start() + 1);
        Some(Groups {
            re: self.re,
            hay: self.hay,
            locs: self.locs.as_ref()?,
        })
    }
}

/// The groups `seq` and `dir` of a match `m` of `ago` or `relative`: read
/// off the text when it can be (see [`split_seq_dir`]), else by the engine.
fn seq_dir<'h>(re: &Regex, sentence: &'h str, m: regex::Match<'h>) -> Option<(&'h str, &'h str)> {
    split_seq_dir(m.as_str()).or_else(|| {
        let c = re.captures_at(sentence, m.start())?;
        Some((c.name("seq")?.as_str(), c.name("dir")?.as_str()))
    })
}

/// Whether `text` has the word "since" (`since_clause`): looked for in the
/// bytes, with the regex's ASCII word boundaries; only text with non-ASCII
/// characters and no ASCII "since" goes to the regex (Unicode case folding
/// matches "ſince").
fn has_since(text: &str) -> bool {
    let b = text.as_bytes();
    let word = |i: usize| {
        b.get(i)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
    };
    // `| 0x20` folds only 'S' onto 's': a cheap first test per byte.
    let found = (0..b.len().saturating_sub(4)).any(|i| {
        b[i] | 0x20 == b's'
            && b[i..i + 5].eq_ignore_ascii_case(b"since")
            && !(i > 0 && word(i - 1))
            && !word(i + 5)
    });
    found || (!text.is_ascii() && PATTERNS.since_clause.is_match(text))
}

/// The whole matches of a pattern that may not be run at all (no groups:
/// the regex engine then skips its capture pass).
struct Finds<'h> {
    re: &'static Regex,
    hay: &'h str,
    at: Option<usize>,
}

impl<'h> Iterator for Finds<'h> {
    type Item = regex::Match<'h>;

    fn next(&mut self) -> Option<regex::Match<'h>> {
        let at = self.at.filter(|a| *a <= self.hay.len())?;
        let m = self.re.find_at(self.hay, at);
        self.at = m.map(|m| m.end().max(m.start() + 1));
        m
    }
}

struct Ctx {
    reference: Option<NaiveDate>,
    context_year: Option<i32>,
    /// The slots of the patterns that match (see [`matching_slots`]).
    matched: u128,
}

impl Ctx {
    /// The sentence when one of `families` is cued, else nothing to scan.
    /// Whether `re` needs running: the pattern set found a match for it.
    fn wanted(&self, re: &Regex) -> bool {
        self.matched & (1u128 << slot(re)) != 0
    }

    /// The matches of `re` with their groups, or none without building
    /// anything when it is not wanted.
    #[inline]
    fn scan<'h>(&self, re: &'static Regex, sentence: &'h str) -> Scan<'h> {
        Scan::new(re, sentence, self.wanted(re))
    }

    /// The whole matches of `re`, when it is wanted.
    #[inline]
    fn scan_find<'h>(&self, re: &'static Regex, sentence: &'h str) -> Finds<'h> {
        Finds {
            re,
            hay: sentence,
            at: self.wanted(re).then_some(0),
        }
    }

    /// The year of a yearless month-day, by tense.
    fn year_for(&self, month: u32, day: u32, future: bool) -> Option<i32> {
        if let Some(r) = self.reference {
            let candidate = NaiveDate::from_ymd_opt(r.year(), month, day.clamp(1, 28))
                .and_then(|c| NaiveDate::from_ymd_opt(r.year(), month, day).or(Some(c)))?;
            return Some(if future {
                if candidate < r - Duration::days(7) {
                    r.year() + 1
                } else {
                    r.year()
                }
            } else if candidate > r + Duration::days(7) {
                r.year() - 1
            } else {
                r.year()
            });
        }
        self.context_year
    }

    /// A yearless month-day (or bare month) in `year`.
    fn yearless(
        &self,
        f: Found,
        year: Option<i32>,
        month: u32,
        first: u32,
        last: Option<u32>,
    ) -> Found {
        let mut f = match year {
            Some(y) => {
                let begin = NaiveDate::from_ymd_opt(y, month, first);
                let finish = match last {
                    Some(l) => NaiveDate::from_ymd_opt(y, month, l),
                    None => last_day_of_month(y, month),
                };
                let precision = if last == Some(first) {
                    DatePrecision::Day
                } else {
                    DatePrecision::Month
                };
                let value = match (begin, precision) {
                    (Some(b), DatePrecision::Day) => day_value(b),
                    (Some(b), _) => month_value(b),
                    // "Feb 29" in a year without one: as written.
                    (None, DatePrecision::Day) => format!("XXXX-{month:02}-{first:02}"),
                    _ => format!("XXXX-{month:02}"),
                };
                f.dates(begin, finish, precision).value(value)
            }
            None => {
                let value = if last == Some(first) {
                    format!("XXXX-{month:02}-{first:02}")
                } else {
                    format!("XXXX-{month:02}")
                };
                f.dates(None, None, DatePrecision::Unknown).value(value)
            }
        };
        f.yearless = Some((month, first, last));
        f.year = year;
        f
    }
}

fn day_found(start: usize, end: usize, date: Option<NaiveDate>, suffix: &str) -> Found {
    let value = date
        .map(|d| format!("{}{}", day_value(d), suffix))
        .unwrap_or_default();
    Found::new(start, end, Kind::Date)
        .dates(date, date, DatePrecision::Day)
        .value(value)
}

/// Days of a month part: early 1–10, mid 11–20, late 21–end.
fn month_part(part: Option<&str>) -> (u32, Option<u32>) {
    match part.map(|p| p.to_ascii_lowercase()) {
        Some(p) if p.contains("early") || p.contains("beginning") || p.contains("start") => {
            (1, Some(10))
        }
        Some(p) if p.contains("mid") || p.contains("middle") => (11, Some(20)),
        Some(p) if p.contains("late") || p.contains("end") => (21, None),
        _ => (1, None),
    }
}

/// Months of a year part: early January–April, mid May–August, late (or
/// "the end of") September–December.
fn year_part(part: &str) -> (u32, u32) {
    let p = part.to_ascii_lowercase();
    if p.contains("early") || p.contains("beginning") || p.contains("start") {
        (1, 4)
    } else if p.contains("mid") || p.contains("middle") {
        (5, 8)
    } else {
        (9, 12)
    }
}

fn year_span(start: usize, end: usize, year: i32, from: u32, to: u32, value: String) -> Found {
    Found::new(start, end, Kind::Date)
        .dates(
            NaiveDate::from_ymd_opt(year, from, 1),
            last_day_of_month(year, to),
            DatePrecision::Year,
        )
        .value(value)
}

/// Words before a bare four-digit number that make it a count, not a year.
const COUNT_LEADS: &[&str] = &[
    "least",
    "than",
    "about",
    "around",
    "nearly",
    "almost",
    "some",
    "over",
    "approximately",
    "roughly",
    "estimated",
    "to",
    "only",
    "just",
];
/// Words after a bare four-digit number that make it a count.
const COUNT_NOUNS: &[&str] = &[
    "people",
    "troops",
    "soldiers",
    "civilians",
    "killed",
    "dead",
    "deaths",
    "injured",
    "wounded",
    "missiles",
    "rockets",
    "drones",
    "fighters",
    "residents",
    "families",
    "homes",
    "buildings",
    "attacks",
    "strikes",
    "militants",
    "members",
    "personnel",
    "children",
    "persons",
    "men",
    "women",
    "refugees",
    "prisoners",
    "hostages",
    "casualties",
    "sorties",
    "targets",
    "km",
    "kilometres",
    "kilometers",
    "miles",
    "metres",
    "meters",
    "tons",
    "tonnes",
    "dollars",
];

/// `word` in ASCII lowercase, borrowed when it has no capital (most words:
/// no allocation).
fn ascii_lower(word: &str) -> Cow<'_, str> {
    if word.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(word.to_ascii_lowercase())
    } else {
        Cow::Borrowed(word)
    }
}

fn word_before(sentence: &str, pos: usize) -> Cow<'_, str> {
    ascii_lower(
        sentence[..pos]
            .split(|c: char| !c.is_alphanumeric())
            .rfind(|w| !w.is_empty())
            .unwrap_or(""),
    )
}

fn word_after(sentence: &str, pos: usize) -> Cow<'_, str> {
    ascii_lower(
        sentence[pos..]
            .split(|c: char| !c.is_alphanumeric())
            .find(|w| !w.is_empty())
            .unwrap_or(""),
    )
}

/// Every time expression in `sentence` (offsets relative to it).
pub fn find(
    sentence: &str,
    reference: Option<NaiveDate>,
    context_year: Option<i32>,
) -> Vec<TimeExpr> {
    let matched = matching_slots(sentence);
    if matched == 0 {
        return Vec::new();
    }
    let ctx = Ctx {
        reference,
        context_year,
        matched,
    };
    let mut found = candidates(sentence, &ctx);
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
    let kept = combine(sentence, kept, &ctx);
    let kept = weekday_offsets(sentence, kept);
    kept.into_iter().map(Found::into_expr).collect()
}

/// A weekday joined to a date counted off: "Monday two weeks from now" is
/// the Monday of the (Sunday-to-Saturday) week of that date; "two months
/// from today on Tuesday" the first Tuesday on or after it.
fn weekday_offsets(sentence: &str, kept: Vec<Found>) -> Vec<Found> {
    let p = &*PATTERNS;
    let is_weekday = |f: &Found| p.weekday_only.is_match(&sentence[f.start..f.end]);
    let counted = |f: &Found| {
        f.anchor == TimeAnchor::Absolute
            && f.begin.is_some()
            && f.begin == f.finish
            && p.offset_words.is_match(&sentence[f.start..f.end])
    };
    let mut out: Vec<Found> = Vec::with_capacity(kept.len());
    let mut iter = kept.into_iter().peekable();
    while let Some(f) = iter.next() {
        let Some(next) = iter.peek() else {
            out.push(f);
            continue;
        };
        // `combine` can leave an expression reaching past the next one's
        // start: those are not joined.
        let joined = sentence
            .get(f.end..next.start)
            .is_some_and(|gap| matches!(gap.trim(), "" | ","));
        let day_of = |f: &Found| {
            let text = &sentence[f.start..f.end];
            let on = text.get(..3).is_some_and(|t| t.eq_ignore_ascii_case("on "));
            weekday(if on { text[3..].trim_start() } else { text })
        };
        if joined && is_weekday(&f) && counted(next) {
            let next = iter.next().unwrap();
            let base = next.begin.unwrap();
            let sunday = base - Duration::days(base.weekday().num_days_from_sunday() as i64);
            let date = sunday + Duration::days(day_of(&f).num_days_from_sunday() as i64);
            out.push(day_found(f.start, next.end, Some(date), ""));
        } else if joined && counted(&f) && is_weekday(next) {
            let next = iter.next().unwrap();
            let base = f.begin.unwrap();
            let gap = (day_of(&next).num_days_from_monday() as i64
                - base.weekday().num_days_from_monday() as i64)
                .rem_euclid(7);
            out.push(day_found(
                f.start,
                next.end,
                Some(base + Duration::days(gap)),
                "",
            ));
        } else {
            out.push(f);
        }
    }
    out
}

/// The slot of a field of [`PATTERNS`] (fewer than 128: a bit of a `u128`).
const _: () = assert!(std::mem::size_of::<Patterns>() / std::mem::size_of::<Regex>() <= 128);
fn slot(re: &Regex) -> usize {
    let base = &*PATTERNS as *const Patterns as usize;
    (re as *const Regex as usize - base) / std::mem::size_of::<Regex>()
}

/// All scanning patterns in one `RegexSet`, with each one's slot: one pass
/// over a sentence tells which patterns can match, and only those are run
/// for their captures.
static SCAN: LazyLock<(regex::RegexSet, Vec<usize>)> = LazyLock::new(|| {
    let p = &*PATTERNS;
    let scanned: [&Regex; 61] = [
        &p.month_day,
        &p.day_month,
        &p.iso,
        &p.numeric,
        &p.month_day_range,
        &p.day_range_month,
        &p.month_year,
        &p.year_month,
        &p.month_bare,
        &p.part_year,
        &p.quarter,
        &p.half,
        &p.decade,
        &p.year_range,
        &p.year,
        &p.ago,
        &p.relative,
        &p.adjacent_day,
        &p.weekday,
        &p.week_weekday,
        &p.deictic_day,
        &p.deictic_period,
        &p.window,
        &p.duration,
        &p.half_unit,
        &p.in_future,
        &p.within,
        &p.whole_unit,
        &p.ordinal_of_month,
        &p.month_ordinal,
        &p.month_iso_name,
        &p.year_month_num,
        &p.month_year_num,
        &p.numeric_yearless,
        &p.century,
        &p.decade_words,
        &p.day_of_rel_month,
        &p.day_range_rel_month,
        &p.month_between_days,
        &p.from_day_to_month_day,
        &p.month_range,
        &p.month_rel_year,
        &p.period_part,
        &p.rest_of,
        &p.after_next,
        &p.window_count_first,
        &p.season,
        &p.year_in_words,
        &p.word_day_month,
        &p.weekday_day,
        &p.weekday_date,
        &p.numeric_range,
        &p.compact_date,
        &p.present_end,
        &p.day_of_period,
        &p.month_of_year,
        &p.part_of_period,
        &p.numeric_bare,
        &p.week_weekday_range,
        &p.nth_weekday,
        &p.month_to_date,
    ];
    // The lazy DFA of this many patterns needs more than the default cache:
    // with it, states are thrown away and rebuilt on every sentence (measured
    // 300 times slower).
    let set = regex::RegexSetBuilder::new(scanned.iter().map(|r| r.as_str()))
        .dfa_size_limit(64 << 20)
        .build()
        .expect("time pattern set compiles");
    (set, scanned.iter().map(|r| slot(r)).collect())
});

/// Words at least one of which (or a cue of
/// [`crate::scan::ByteCues::time`]) is in every
/// time expression the patterns match: month and weekday names and
/// abbreviations, units, deictic words, parts of the day, seasons, decades
/// and the number words that start a year in words ("nineteen seventy").
/// Most news sentences have none (57% of those of the English ScrapingHub
/// pages): the nlp stage finds these words in the pass it makes anyway for
/// kb aliases ([`crate::scan`]) and skips the pattern set on such sentences.
/// `tests::cue_words_cover_every_pattern_match` checks that no expression
/// comes from a text without a cue.
#[rustfmt::skip]
pub const CUE_WORDS: &[&str] = &[
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    "weekday", "weekdays", "weekend", "weekends", "decade", "decades", "year", "years", "yr",
    "yrs", "month", "months", "fortnight", "fortnights", "week", "weeks", "wk", "wks", "day",
    "days", "night", "nights", "hour", "hours", "hr", "hrs", "minute", "minutes", "min", "mins",
    "second", "seconds", "sec", "secs", "moment", "quarter", "quarters", "century", "centuries",
    "millennium", "today", "tonight", "tomorrow", "tmrw", "yesterday", "overnight", "now", "ago",
    "earlier", "later", "recent", "recently", "past", "previously", "present", "current",
    "currently", "date", "writing", "calendar", "hence", "since", "until", "till", "morning",
    "mornings", "afternoon", "evening", "midnight", "noon", "dawn", "dusk", "spring", "summer",
    "autumn", "fall", "winter", "teens", "twenties", "thirties", "forties", "fifties", "sixties",
    "seventies", "eighties", "nineties", "noughties", "eleven", "twelve", "thirteen", "fourteen",
    "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "hundred", "hundreds",
    "thousand", "thousands", "workweek", "workweeks", "workday", "workdays",
];

/// The slots of the patterns that match somewhere in `sentence`.
fn matching_slots(sentence: &str) -> u128 {
    let (set, slots) = &*SCAN;
    set.matches(sentence)
        .iter()
        .fold(0, |mask, i| mask | (1u128 << slots[i]))
}

fn candidates(sentence: &str, ctx: &Ctx) -> Vec<Found> {
    let p = &*PATTERNS;
    let reference = ctx.reference;
    let mut out: Vec<Found> = Vec::new();
    let span = |c: &Groups| {
        let m = c.get(0).unwrap();
        (m.start(), m.end())
    };

    // Absolute and yearless dates.
    let mut scan = ctx.scan(&p.month_day, sentence);
    while let Some(c) = scan.next() {
        let (s, e) = span(&c);
        let month = month_number(&c["m"]);
        let day: u32 = c
            .name("d")
            .or(c.name("dc"))
            .map_or(0, |d| d.as_str().parse().unwrap_or(0));
        if !(1..=31).contains(&day) {
            continue;
        }
        out.push(explicit_or_yearless(
            sentence,
            ctx,
            s,
            e,
            c.name("y").map(|y| y.as_str()),
            month,
            day,
        ));
    }
    let mut scan = ctx.scan(&p.day_month, sentence);
    while let Some(c) = scan.next() {
        let (s, e) = span(&c);
        // "$12 December 27": a price, then the date.
        if sentence[..s].trim_end().ends_with(['$', '€', '£']) {
            continue;
        }
        let month = month_number(&c["m"]);
        let day: u32 = c["d"].parse().unwrap_or(0);
        if !(1..=31).contains(&day) {
            continue;
        }
        let (year, e) = context_year(&c, e, reference);
        let year = year.map(|y| y.to_string());
        out.push(explicit_or_yearless(
            sentence,
            ctx,
            s,
            e,
            year.as_deref(),
            month,
            day,
        ));
    }
    let mut scan = ctx.scan(&p.iso, sentence);
    while let Some(c) = scan.next() {
        let (s, e) = span(&c);
        let number = |a: &str, b: &str| {
            c.name(a)
                .or(c.name(b))
                .map_or(0, |n| n.as_str().parse().unwrap_or(0))
        };
        let date = NaiveDate::from_ymd_opt(
            number("y", "y2") as i32,
            number("m", "m2"),
            number("d", "d2"),
        );
        if date.is_some() {
            out.push(day_found(s, e, date, ""));
        }
    }
    let mut scan = ctx.scan(&p.numeric, sentence);
    while let Some(c) = scan.next() {
        let s = c.name("a").unwrap().start();
        let e = c.get(0).unwrap().end();
        let a: u32 = c["a"].parse().unwrap_or(0);
        let b: u32 = c["b"].parse().unwrap_or(0);
        let y = c.name("y").or(c.name("y2")).unwrap().as_str();
        let year = if y.len() == 2 {
            two_digit_year(y, reference)
        } else {
            y.parse().unwrap_or(0)
        };
        // Slashes are read month first (US), dots day first, unless the
        // first number cannot be a month.
        let (month, day) = if &c["sep"] != "." && a <= 12 {
            (a, b)
        } else {
            (b, a)
        };
        match NaiveDate::from_ymd_opt(year, month, day) {
            Some(date) => out.push(day_found(s, e, Some(date), "")),
            // "2/29/2019": reported as written, with no dates.
            None if (1..=12).contains(&month) && (1..=31).contains(&day) => out
                .push(Found::new(s, e, Kind::Date).value(format!("{year:04}-{month:02}-{day:02}"))),
            None => {}
        }
    }

    // Day ranges within a month.
    for (re, _) in [(&p.month_day_range, 0), (&p.day_range_month, 1)] {
        let mut scan = ctx.scan(re, sentence);
        while let Some(c) = scan.next() {
            let (s, e) = span(&c);
            let month = month_number(&c["m"]);
            let day_number = |d: &str| d.parse().ok().or_else(|| ordinal_day(d)).unwrap_or(0);
            let d1: u32 = day_number(&c["d1"]);
            let d2: u32 = day_number(&c["d2"]);
            if !(1..=31).contains(&d1) || d1 >= d2 || d2 > 31 {
                continue;
            }
            let (d1_end, d2_start) = (c.name("d1").unwrap().end(), c.name("d2").unwrap().start());
            let joined_by_and = sentence[d1_end..d2_start]
                .to_ascii_lowercase()
                .contains("and");
            if joined_by_and
                && c.name("pre")
                    .is_none_or(|p| !p.as_str().eq_ignore_ascii_case("between"))
            {
                continue;
            }
            let year = match c.name("y") {
                Some(y) => parse_year(y.as_str()),
                None => ctx.year_for(month, d2, future_tense(sentence, s)),
            };
            let begin = year.and_then(|y| NaiveDate::from_ymd_opt(y, month, d1));
            let finish = year.and_then(|y| NaiveDate::from_ymd_opt(y, month, d2));
            let value = match (begin, finish) {
                (Some(b), Some(f)) => range_value(b, f),
                _ => format!(
                    "(XXXX-{month:02}-{d1:02},XXXX-{month:02}-{d2:02},P{}D)",
                    d2 - d1
                ),
            };
            let mut f = Found::new(s, e, Kind::Range)
                .dates(begin, finish, DatePrecision::Day)
                .value(value);
            if c.name("y").is_none() {
                f.yearless = Some((month, d1, Some(d2)));
                f.year = year;
            }
            out.push(f);
        }
    }

    // Months.
    let mut scan = ctx.scan(&p.month_year, sentence);
    while let Some(c) = scan.next() {
        let (s, e) = span(&c);
        let month = month_number(&c["m"]);
        let (year, e) = context_year(&c, e, reference);
        let year = year.unwrap_or(0);
        let (first, last) = month_part(c.name("part").map(|p| p.as_str()));
        let begin = NaiveDate::from_ymd_opt(year, month, first);
        let finish = match last {
            Some(l) => NaiveDate::from_ymd_opt(year, month, l),
            None => last_day_of_month(year, month),
        };
        out.push(
            Found::new(s, e, Kind::Date)
                .dates(begin, finish, DatePrecision::Month)
                .value(format!("{year:04}-{month:02}")),
        );
    }
    let mut scan = ctx.scan(&p.year_month, sentence);
    while let Some(c) = scan.next() {
        let (s, e) = span(&c);
        let month = month_number(&c["m"]);
        let year: i32 = c["y"].parse().unwrap_or(0);
        out.push(
            Found::new(s, e, Kind::Date)
                .dates(
                    NaiveDate::from_ymd_opt(year, month, 1),
                    last_day_of_month(year, month),
                    DatePrecision::Month,
                )
                .value(format!("{year:04}-{month:02}")),
        );
    }
    let mut scan = ctx.scan(&p.month_bare, sentence);
    while let Some(c) = scan.next() {
        let m = c.name("m").unwrap();
        let lead = c["lead"].to_ascii_lowercase();
        // "the end of March": a part, like "late March".
        let lead = match lead.split_whitespace().rev().nth(1) {
            Some("end") => "late".to_string(),
            Some("middle") => "mid".to_string(),
            Some("beginning" | "start") => "early".to_string(),
            _ => lead,
        };
        let lead2 = c.name("lead2").map(|l| l.as_str().to_ascii_lowercase());
        let lead_is_modifier = matches!(
            lead.as_str(),
            "early" | "mid" | "late" | "last" | "this" | "next" | "past" | "previous" | "coming"
        );
        let s = if lead_is_modifier {
            c.name("lead").unwrap().start()
        } else {
            c.name("lead2").map_or(m.start(), |l| l.start())
        };
        let e = c.get(0).unwrap().end();
        let month = month_number(m.as_str());
        let modifiers = [Some(lead.as_str()), lead2.as_deref()];
        let part = modifiers
            .iter()
            .flatten()
            .find(|w| matches!(**w, "early" | "mid" | "late"))
            .copied();
        let relation = c
            .name("rel")
            .map(|r| r.as_str().to_ascii_lowercase())
            .or_else(|| {
                modifiers
                    .iter()
                    .flatten()
                    .find(|w| {
                        matches!(
                            **w,
                            "this" | "last" | "next" | "past" | "previous" | "coming"
                        )
                    })
                    .map(|w| w.to_string())
            });
        let (first, last) = month_part(part);
        let year = match (relation.as_deref(), reference) {
            (Some("this"), Some(r)) => Some(r.year()),
            (Some("last" | "previous"), Some(r)) if c.name("rel").is_some() => Some(r.year() - 1),
            (Some("next"), Some(r)) if c.name("rel").is_some() => Some(r.year() + 1),
            // "last March": the most recent March before this month.
            (Some("last" | "past" | "previous"), Some(r)) => Some(if month < r.month() {
                r.year()
            } else {
                r.year() - 1
            }),
            (Some("next" | "coming"), Some(r)) => Some(if month > r.month() {
                r.year()
            } else {
                r.year() + 1
            }),
            (_, Some(r)) => {
                let future = future_tense(sentence, s);
                Some(if future {
                    if month < r.month() {
                        r.year() + 1
                    } else {
                        r.year()
                    }
                } else if month > r.month() {
                    r.year() - 1
                } else {
                    r.year()
                })
            }
            (_, None) => ctx.context_year,
        };
        let f = Found::new(s, e, Kind::Date);
        let mut f = ctx.yearless(f, year, month, first, last);
        if let Some(b) = f.begin {
            f.value = month_value(b);
        }
        f.precision = if f.begin.is_some() {
            DatePrecision::Month
        } else {
            DatePrecision::Unknown
        };
        out.push(f);
    }

    // Years and their parts.
    let mut scan = ctx.scan(&p.part_year, sentence);
    while let Some(c) = scan.next() {
        let (s, e) = span(&c);
        let year: i32 = c["y"].parse().unwrap_or(0);
        let (from, to) = year_part(&c["part"]);
        out.push(year_span(s, e, year, from, to, format!("{year:04}")));
    }
    let mut scan = ctx.scan(&p.quarter, sentence);
    while let Some(c) = scan.next() {
        let (s, e) = span(&c);
        let ordinal = |o: &str| match o.to_ascii_lowercase().as_str() {
            "first" | "1st" => 1,
            "second" | "2nd" => 2,
            "third" | "3rd" => 3,
            _ => 4,
        };
        let digit = |q: Group| q.as_str().parse().unwrap_or(1);
        let (q, y): (u32, Option<&str>) = if let Some(q) = c.name("q1") {
            (digit(q), c.name("y1").map(|y| y.as_str()))
        } else if let Some(q) = c.name("q2") {
            (digit(q), c.name("y2").map(|y| y.as_str()))
        } else if let Some(o) = c.name("ord2") {
            (ordinal(o.as_str()), c.name("y4").map(|y| y.as_str()))
        } else if let Some(o) = c.name("ord") {
            (ordinal(o.as_str()), c.name("y3").map(|y| y.as_str()))
        } else {
            (digit(c.name("q3").unwrap()), None)
        };
        // "Q3", "the third quarter this year": the reference's year.
        let year: i32 = match y {
            Some(y) => parse_year(y).unwrap_or(0),
            None => {
                let rel = c
                    .name("rel")
                    .or(c.name("rel2"))
                    .map(|r| r.as_str().to_ascii_lowercase());
                let shift = match rel.as_deref() {
                    Some("last") => -1,
                    Some("next") => 1,
                    _ => 0,
                };
                match reference.map(|r| r.year()).or(ctx.context_year) {
                    Some(y) => y + shift,
                    None => continue,
                }
            }
        };
        let from = (q - 1) * 3 + 1;
        out.push(year_span(
            s,
            e,
            year,
            from,
            from + 2,
            format!("{year:04}-Q{q}"),
        ));
    }
    let mut scan = ctx.scan(&p.half, sentence);
    while let Some(c) = scan.next() {
        let (s, e) = span(&c);
        let year: i32 = c
            .name("y")
            .or(c.name("y2"))
            .or(c.name("y3"))
            .map_or(0, |y| y.as_str().parse().unwrap_or(0));
        let first = match c.name("ord") {
            Some(o) => o.as_str().eq_ignore_ascii_case("first"),
            None => c
                .name("h")
                .or(c.name("h2"))
                .is_some_and(|h| h.as_str() == "1"),
        };
        let (from, to, h) = if first { (1, 6, 1) } else { (7, 12, 2) };
        out.push(year_span(s, e, year, from, to, format!("{year:04}-H{h}")));
    }
    let mut scan = ctx.scan(&p.decade, sentence);
    while let Some(c) = scan.next() {
        let (s, e) = span(&c);
        // "in his 70s" is an age: a bare two-digit decade needs "the", an
        // apostrophe ("'90s") or "70's".
        if c.name("c").is_none()
            && c.name("the").is_none()
            && c.name("apo").is_none()
            && c["suf"].len() == 1
        {
            continue;
        }
        let digit: i32 = c
            .name("d")
            .or(c.name("d2"))
            .map_or(0, |d| d.as_str().parse().unwrap_or(0));
        let century = match c.name("c") {
            Some(cc) => cc.as_str().parse::<i32>().unwrap_or(19) * 100,
            None if digit <= 2 => 2000,
            None => 1900,
        };
        out.push(decade(s, e, century + digit * 10));
    }
    let mut scan = ctx.scan(&p.year_range, sentence);
    while let Some(c) = scan.next() {
        let (s, e) = span(&c);
        let y1: i32 = c["y1"].parse().unwrap_or(0);
        let mut y2: i32 = c["y2"].parse().unwrap_or(0);
        if c["y2"].len() == 2 {
            y2 += y1 / 100 * 100;
        }
        let joiner = c["j"].to_ascii_lowercase();
        let prefix = c.name("pre").map(|p| p.as_str().to_ascii_lowercase());
        if y2 <= y1 || (joiner == "and" && prefix.as_deref() != Some("between")) {
            continue;
        }
        let begin = NaiveDate::from_ymd_opt(y1, 1, 1);
        let finish = NaiveDate::from_ymd_opt(y2, 12, 31);
        out.push(
            Found::new(s, e, Kind::Range)
                .dates(begin, finish, DatePrecision::Year)
                .value(format!("({y1:04}-01-01,{y2:04}-12-31,P{}Y)", y2 - y1 + 1)),
        );
    }
    // The group `y` is the whole match: no capture pass needed.
    for m in ctx.scan_find(&p.year, sentence) {
        let (s, e) = (m.start(), m.end());
        let before = word_before(sentence, s);
        let after = word_after(sentence, e);
        let glued = sentence[e..].starts_with(['%', '-', '.', ','])
            && sentence[e..]
                .chars()
                .nth(1)
                .is_some_and(|c| c.is_ascii_digit());
        let dated = matches!(
            before.as_ref(),
            "in" | "since" | "of" | "by" | "until" | "during" | "from" | "before" | "after"
        );
        // "later than 2018", "year is greater than 2015": a year.
        let compared = before == "than" && {
            let lead = sentence[..s].to_ascii_lowercase();
            let lead = lead.trim_end();
            lead.ends_with("later than")
                || lead.ends_with("earlier than")
                || (lead.ends_with("greater than")
                    && lead[..lead.len() - "greater than".len()]
                        .split_whitespace()
                        .rev()
                        .take(2)
                        .any(|w| w == "year"))
        };
        if (COUNT_LEADS.contains(&before.as_ref()) && !compared)
            || (!dated && COUNT_NOUNS.contains(&after.as_ref()))
            || glued
            || sentence[..s].ends_with(['$', '#', '.', ','])
        {
            continue;
        }
        let year: i32 = m.as_str().parse().unwrap_or(0);
        out.push(year_span(s, e, year, 1, 12, format!("{year:04}")));
    }

    // Relative to the reference.
    for m in ctx.scan_find(&p.ago, sentence) {
        let (s, e) = (m.start(), m.end());
        let Some((seq, dir)) = seq_dir(&p.ago, sentence, m) else {
            continue;
        };
        let Some(dur) = Span::parse(seq) else {
            continue;
        };
        let dir = dir.to_ascii_lowercase();
        let sign = if dir.starts_with("from") || dir == "hence" {
            1
        } else {
            -1
        };
        let date = reference.and_then(|r| dur.shift(r, sign));
        let precision = dur.precision();
        let value = match date {
            Some(d) => match precision {
                DatePrecision::Day => day_value(d),
                DatePrecision::Week => week_value(d),
                DatePrecision::Month => month_value(d),
                _ => format!("{:04}", d.year()),
            },
            None => format!("PAST_REF-{}", dur.value()),
        };
        out.push(
            Found::new(s, e, Kind::Date)
                .dates(date, date, precision)
                .value(value),
        );
    }

    // Relative to the event the sentence tells.
    for m in ctx.scan_find(&p.relative, sentence) {
        let (s, e) = (m.start(), m.end());
        let Some((seq, dir)) = seq_dir(&p.relative, sentence, m) else {
            continue;
        };
        let Some(dur) = Span::parse(seq) else {
            continue;
        };
        let backwards = matches!(
            dir.to_ascii_lowercase().as_str(),
            "earlier" | "before" | "previously" | "prior"
        );
        let days = dur.days_approx();
        let mut f = Found::new(s, e, Kind::Relative).value(dur.value());
        f.precision = dur.precision();
        f.anchor = TimeAnchor::EventRelative(if backwards { -days } else { days });
        out.push(f);
    }
    let mut scan = ctx.scan(&p.adjacent_day, sentence);
    while let Some(c) = scan.next() {
        let (s, e) = span(&c);
        // "next day" without an article: the day after.
        let (unit, sign) = if c.name("nd_day").is_some() {
            ("day".to_string(), 1)
        } else if let Some(u) = c.name("u1") {
            let sign = match c["nd"].to_ascii_lowercase().as_str() {
                "next" | "following" => 1,
                "same" => 0,
                _ => -1,
            };
            (u.as_str().to_ascii_lowercase(), sign)
        } else if let Some(u) = c.name("u2") {
            let sign = if matches!(c["dir"].to_ascii_lowercase().as_str(), "before" | "earlier") {
                -1
            } else {
                1
            };
            (u.as_str().to_ascii_lowercase(), sign)
        } else {
            (c["u3"].to_ascii_lowercase(), 0)
        };
        let (days, precision, unit_value) = match unit.as_str() {
            "week" => (7, DatePrecision::Week, "P1W"),
            "month" => (30, DatePrecision::Month, "P1M"),
            "year" => (365, DatePrecision::Year, "P1Y"),
            _ => (1, DatePrecision::Day, "P1D"),
        };
        let mut f = Found::new(s, e, Kind::Relative).value(if sign == 0 {
            "P0D".into()
        } else {
            unit_value.into()
        });
        f.precision = precision;
        f.anchor = TimeAnchor::EventRelative(sign * days);
        out.push(f);
    }

    // Weekdays.
    let mut scan = ctx.scan(&p.weekday, sentence);
    while let Some(c) = scan.next() {
        let (s, e) = span(&c);
        let day = weekday(&c["wd"]);
        let tod = c.name("tod").map_or("", |t| part_of_day(t.as_str()));
        let f = Found::new(s, e, Kind::Date);
        let Some(r) = reference else {
            let value = if c.name("recent").is_some() {
                "PAST_REF".to_string()
            } else {
                format!("XXXX-WXX-{}{tod}", day.number_from_monday())
            };
            out.push(f.value(value));
            continue;
        };
        if c.name("recent").is_some() {
            // "on a recent Monday": one of the last four such days.
            out.push(
                f.dates(Some(r - Duration::days(27)), Some(r), DatePrecision::Week)
                    .value(range_value(r - Duration::days(27), r)),
            );
            continue;
        }
        let relation = c.name("rel").map(|m| {
            m.as_str()
                .to_ascii_lowercase()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        });
        let week = c.name("wk").map(|m| m.as_str().to_ascii_lowercase());
        let date = weekday_date(
            r,
            day,
            relation.as_deref(),
            week.as_deref(),
            future_tense(sentence, s),
        );
        out.push(day_found(s, e, Some(date), tod));
    }
    let mut scan = ctx.scan(&p.week_weekday, sentence);
    while let Some(c) = scan.next() {
        let (s, e) = span(&c);
        let day = weekday(&c["wd"]);
        let week = c["wk"].to_ascii_lowercase();
        let f = match reference {
            Some(r) => day_found(
                s,
                e,
                Some(weekday_date(r, day, None, Some(&week), false)),
                "",
            ),
            None => {
                Found::new(s, e, Kind::Date).value(format!("XXXX-WXX-{}", day.number_from_monday()))
            }
        };
        out.push(f);
    }
    // "next week between Wednesday and Friday": days of that week.
    let mut scan = ctx.scan(&p.week_weekday_range, sentence);
    while let Some(c) = scan.next() {
        let (s, e) = span(&c);
        // "to Thur." at a sentence's end: the stop is the sentence's.
        let e = if sentence[..e].ends_with('.') {
            e - 1
        } else {
            e
        };
        let week = c["wk"].to_ascii_lowercase();
        let (d1, d2) = (weekday(&c["w1"]), weekday(&c["w2"]));
        if d2.num_days_from_monday() <= d1.num_days_from_monday() {
            continue;
        }
        let f = Found::new(s, e, Kind::Range);
        out.push(match reference {
            Some(r) => {
                let first = weekday_date(r, d1, None, Some(&week), false);
                let last = weekday_date(r, d2, None, Some(&week), false);
                f.dates(Some(first), Some(last), DatePrecision::Day)
                    .value(range_value(first, last))
            }
            None => f.value(format!(
                "(XXXX-WXX-{},XXXX-WXX-{})",
                d1.number_from_monday(),
                d2.number_from_monday()
            )),
        });
    }
    // "two sundays from now": the second Sunday after the reference.
    let mut scan = ctx.scan(&p.nth_weekday, sentence);
    while let Some(c) = scan.next() {
        let (s, e) = span(&c);
        let Some(n) = count(&c["n"]).filter(|n| n.fract() == 0.0 && *n >= 1.0) else {
            continue;
        };
        let day = weekday(&c["wd"]);
        let back = c["dir"].eq_ignore_ascii_case("ago");
        let date = reference.map(|r| {
            let gap = (day.num_days_from_monday() as i64
                - r.weekday().num_days_from_monday() as i64)
                .rem_euclid(7);
            if back {
                let gap = (r.weekday().num_days_from_monday() as i64
                    - day.num_days_from_monday() as i64)
                    .rem_euclid(7);
                let first = if gap == 0 { 7 } else { gap };
                r - Duration::days(first + 7 * (n as i64 - 1))
            } else {
                let first = if gap == 0 { 7 } else { gap };
                r + Duration::days(first + 7 * (n as i64 - 1))
            }
        });
        out.push(match date {
            Some(d) => day_found(s, e, Some(d), ""),
            None => {
                Found::new(s, e, Kind::Date).value(format!("XXXX-WXX-{}", day.number_from_monday()))
            }
        });
    }

    // Deictic days and periods.
    for m in ctx.scan_find(&p.deictic_day, sentence) {
        let (s, e) = (m.start(), m.end());
        let word = m
            .as_str()
            .to_ascii_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let Some(r) = reference else {
            let value = match word.as_str() {
                "at present" | "at the moment" | "right now" => "PRESENT_REF",
                _ => "",
            };
            out.push(Found::new(s, e, Kind::Date).value(value.into()));
            continue;
        };
        let day = |d: NaiveDate, suffix: &str| day_found(s, e, Some(d), suffix);
        out.push(match word.as_str() {
            "today" => day(r, ""),
            "yesterday" => day(r - Duration::days(1), ""),
            "tomorrow" | "tmrw" => day(r + Duration::days(1), ""),
            "the day before yesterday" => day(r - Duration::days(2), ""),
            "the day after tomorrow" | "the day after tmrw" => day(r + Duration::days(2), ""),
            "tonight" => day(r, "TNI"),
            "last night" => day(r - Duration::days(1), "TNI"),
            "this morning" => day(r, "TMO"),
            "this afternoon" => day(r, "TAF"),
            "this evening" => day(r, "TEV"),
            "overnight" => Found::new(s, e, Kind::Date)
                .dates(Some(r - Duration::days(1)), Some(r), DatePrecision::Day)
                .value(format!("{}TNI", day_value(r - Duration::days(1)))),
            _ => Found::new(s, e, Kind::Date)
                .dates(Some(r), Some(r), DatePrecision::Day)
                .value("PRESENT_REF".into()),
        });
    }
    for m in ctx.scan_find(&p.deictic_period, sentence) {
        let (s, e) = (m.start(), m.end());
        let (modifier, rel, unit) =
            read_groups(&p.deictic_period, sentence, m, split_deictic_period, |c| {
                Some((group(c, "mod"), group(c, "rel")?, group(c, "u")?))
            })
            .expect("the match has groups");
        let relation = rel
            .to_ascii_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let unit = unit.to_ascii_lowercase();
        let modifier = modifier.map(|m| m.to_ascii_lowercase());
        // "the week" alone is no date; "the weekend", "later in the year"
        // are, and so is "for the month", "the deadliest attack of the
        // year": the period of the reference, unless another time follows
        // ("the year before", "in the week since the attack").
        if relation == "the"
            && modifier.is_none()
            && unit != "weekend"
            && !(matches!(
                word_before(sentence, s).as_ref(),
                "for" | "of" | "in" | "during" | "throughout"
            ) && bare_period_ends(&sentence[e..]))
        {
            continue;
        }
        if let Some(f) = deictic_period(
            s,
            e,
            reference,
            &relation,
            &unit,
            modifier.as_deref(),
            future_tense(sentence, s),
        ) {
            out.push(f);
        }
    }
    for m in ctx.scan_find(&p.window, sentence) {
        let (s, e) = (m.start(), m.end());
        let (rel, n, unit_word) = read_groups(&p.window, sentence, m, split_window, |c| {
            let n = group(c, "n").or(group(c, "ng"));
            Some((group(c, "rel")?, n, group(c, "u")?))
        })
        .expect("the match has groups");
        let relation = rel.to_ascii_lowercase();
        let unit_word = unit_word.to_ascii_lowercase();
        let plural = unit_word.ends_with('s');
        let unit = unit_word.trim_end_matches('s').to_string();
        let has_the = m.as_str().to_ascii_lowercase().contains("the ");
        let n = n.and_then(count);
        // "last week", "next month": calendar periods, handled above.
        if n.is_none() && !plural && !(has_the || relation == "past") {
            continue;
        }
        if n.is_none()
            && plural
            && !matches!(
                relation.as_str(),
                "recent" | "past" | "last" | "coming" | "next"
            )
        {
            continue;
        }
        let vague = n.is_none() && plural;
        let n = n.unwrap_or(if !plural {
            1.0
        } else if unit == "day" {
            7.0
        } else {
            3.0
        });
        // "the following three days" is told from the event, not the
        // reference ("adjacent" forms); only quarters are read this way.
        if matches!(relation.as_str(), "following" | "upcoming") && unit != "quarter" {
            continue;
        }
        let forward = matches!(
            relation.as_str(),
            "coming" | "next" | "following" | "upcoming"
        );
        let f = Found::new(s, e, Kind::Range);
        if unit == "quarter" {
            // "the past two quarters": whole calendar quarters before (or
            // after) the current one.
            if vague {
                continue;
            }
            let months = (n * 3.0).round() as u32;
            let f = f.value(format!("P{months}M"));
            let Some(r) = reference else {
                out.push(f);
                continue;
            };
            let Some(current) = NaiveDate::from_ymd_opt(r.year(), r.month0() / 3 * 3 + 1, 1) else {
                continue;
            };
            let bounds = if forward {
                current
                    .checked_add_months(Months::new(3))
                    .zip(current.checked_add_months(Months::new(3 + months)))
            } else {
                current
                    .checked_sub_months(Months::new(months))
                    .zip(Some(current))
            };
            if let Some((first, after)) = bounds {
                out.push(f.dates(
                    Some(first),
                    Some(after - Duration::days(1)),
                    DatePrecision::Month,
                ));
            }
            continue;
        }
        if unit == "business day" || unit == "working day" {
            // "the next four business days": Monday to Friday only.
            if vague {
                continue;
            }
            let f = f.value(format!("P{}BD", number_text(n)));
            out.push(match reference {
                Some(r) if forward => {
                    let last = business_days(r, n as i64);
                    f.dates(business_days(r, 1), last, DatePrecision::Day)
                }
                Some(r) => f.dates(business_days(r, -(n as i64)), Some(r), DatePrecision::Day),
                None => f,
            });
            continue;
        }
        let mut dur = Span::default();
        if unit == "hour" {
            // "the past 24 hours": the days those hours reach back into.
            if vague {
                continue;
            }
            dur.hours = n;
            let days = (n / 24.0).ceil() as i64;
            let f = Found::new(s, e, Kind::Range).value(dur.value());
            out.push(match reference {
                Some(r) if !matches!(relation.as_str(), "coming" | "next") => {
                    f.dates(Some(r - Duration::days(days)), Some(r), DatePrecision::Day)
                }
                Some(r) => f.dates(Some(r), Some(r + Duration::days(days)), DatePrecision::Day),
                None => f,
            });
            continue;
        }
        match unit.as_str() {
            "decade" => dur.years = 10.0 * n,
            "year" => dur.years = n,
            "month" => dur.months = n,
            "week" => dur.weeks = n,
            "fortnight" => dur.weeks = 2.0 * n,
            _ => dur.days = n,
        }
        let value = if vague {
            format!("PX{}", &dur.value()[dur.value().len() - 1..])
        } else {
            dur.value()
        };
        let precision = if vague && unit == "day" {
            DatePrecision::Week
        } else {
            dur.precision()
        };
        // "within the next three days" starts today, "the next three days"
        // tomorrow.
        let within = m
            .as_str()
            .get(..6)
            .is_some_and(|w| w.eq_ignore_ascii_case("within"));
        let first_day = |r: NaiveDate| if within { r } else { r + Duration::days(1) };
        let f = Found::new(s, e, Kind::Range).value(value);
        out.push(match reference {
            Some(r) if forward => f.dates(Some(first_day(r)), dur.shift(r, 1), precision),
            Some(r) => f.dates(dur.shift(r, -1), Some(r), precision),
            None => f,
        });
    }

    // Durations.
    for m in ctx.scan_find(&p.duration, sentence) {
        let (s, e) = (m.start(), m.end());
        // The group `seq` is the match less a trailing "-long"/" long" (no
        // unit ends in "long"): found without the engine's capture pass.
        let text = m.as_str();
        let b = text.as_bytes();
        let seq = if b.len() >= 5
            && matches!(b[b.len() - 5], b'-' | b' ')
            && b[b.len() - 4..].eq_ignore_ascii_case(b"long")
        {
            &text[..text.len() - 5]
        } else {
            text
        };
        let Some(dur) = Span::parse(seq) else {
            continue;
        };
        let starts = |w: &str| {
            text.get(..w.len())
                .is_some_and(|t| t.eq_ignore_ascii_case(w))
        };
        // "twice a day", "per year": a rate, not a duration.
        if (starts("a ") || starts("an "))
            && matches!(
                word_before(sentence, s).as_ref(),
                "once" | "twice" | "times" | "per" | "thrice"
            )
        {
            continue;
        }
        out.push(Found::new(s, e, Kind::Duration).value(dur.value()));
    }
    let mut scan = ctx.scan(&p.half_unit, sentence);
    while let Some(c) = scan.next() {
        let (s, e) = span(&c);
        let unit = c["u"].to_ascii_lowercase();
        let value = match unit.as_str() {
            "hour" => "PT0.5H".to_string(),
            u => format!("P0.5{}", u[..1].to_ascii_uppercase()),
        };
        out.push(Found::new(s, e, Kind::Duration).value(value));
    }
    more_candidates(sentence, ctx, &mut out);
    seasons(sentence, ctx, &mut out);
    out
}

/// The `n`th weekday (Monday to Friday) after `from` (before it when `n` is
/// negative).
fn business_days(from: NaiveDate, n: i64) -> Option<NaiveDate> {
    let step = Duration::days(n.signum());
    let mut d = from;
    let mut left = n.abs();
    while left > 0 {
        d = d.checked_add_signed(step)?;
        if d.weekday().num_days_from_monday() < 5 {
            left -= 1;
        }
    }
    Some(d)
}

/// The day number of an ordinal word ("second" → 2, "twenty-first" → 21,
/// "twenty one" → 21).
fn ordinal_day(word: &str) -> Option<u32> {
    let w = word.to_ascii_lowercase().replace('-', " ");
    let (tens, rest) = match w.split_once(' ') {
        Some(("twenty", r)) => (20, r.to_string()),
        Some(("thirty", r)) => (30, r.to_string()),
        _ => match w
            .strip_prefix("twenty")
            .or_else(|| w.strip_prefix("thirty"))
        {
            Some(r) if !r.is_empty() && r != "eth" && r != "ieth" => {
                (if w.starts_with("twenty") { 20 } else { 30 }, r.to_string())
            }
            _ => (0, w.clone()),
        },
    };
    let unit = match rest.as_str() {
        "first" | "one" => 1,
        "second" | "two" => 2,
        "third" | "three" => 3,
        "fourth" | "four" => 4,
        "fifth" | "five" => 5,
        "sixth" | "six" => 6,
        "seventh" | "seven" => 7,
        "eighth" | "eight" => 8,
        "ninth" | "nine" => 9,
        "tenth" => 10,
        "eleventh" => 11,
        "twelfth" => 12,
        "thirteenth" => 13,
        "fourteenth" => 14,
        "fifteenth" => 15,
        "sixteenth" => 16,
        "seventeenth" => 17,
        "eighteenth" => 18,
        "nineteenth" => 19,
        "twentieth" => 20,
        "thirtieth" => 30,
        // Cardinal words ("fifteen August 1993").
        _ if tens == 0 => {
            return number_word(&rest)
                .filter(|n| (1..=31).contains(n))
                .map(|n| n as u32);
        }
        _ => return None,
    };
    Some(tens + unit)
}

/// The month `rel` ("this", "next", "last", …) names from the reference.
fn relative_month(r: NaiveDate, rel: &str) -> Option<(i32, u32)> {
    let first = r.with_day(1)?;
    let d = match rel.to_ascii_lowercase().as_str() {
        "next" | "following" => first.checked_add_months(Months::new(1))?,
        "last" | "previous" => first.checked_sub_months(Months::new(1))?,
        _ => first,
    };
    Some((d.year(), d.month()))
}

/// Days `d1`–`d2` of `month`, in `year` when known.
fn days_of_month(s: usize, e: usize, year: Option<i32>, month: u32, d1: u32, d2: u32) -> Found {
    let begin = year.and_then(|y| NaiveDate::from_ymd_opt(y, month, d1));
    let finish = year.and_then(|y| NaiveDate::from_ymd_opt(y, month, d2));
    let value = match (begin, finish) {
        (Some(b), Some(f)) => range_value(b, f),
        _ => format!(
            "(XXXX-{month:02}-{d1:02},XXXX-{month:02}-{d2:02},P{}D)",
            d2.saturating_sub(d1)
        ),
    };
    let mut f = Found::new(s, e, Kind::Range)
        .dates(begin, finish, DatePrecision::Day)
        .value(value);
    f.year = year;
    f
}

/// The year a yearless month belongs to, read in the sentence's tense.
fn month_year(ctx: &Ctx, month: u32, future: bool) -> Option<i32> {
    match ctx.reference {
        Some(r) if future => Some(if month < r.month() {
            r.year() + 1
        } else {
            r.year()
        }),
        Some(r) => Some(if month > r.month() {
            r.year() - 1
        } else {
            r.year()
        }),
        None => ctx.context_year,
    }
}

/// The forms added for the Recognizers-Text specification and the news
/// forms it shares: ordinal day words, numeric months, centuries, decades in
/// words, day ranges with one month, month ranges, parts and rests of
/// periods, windows written count first, "in two months" and "within".
fn more_candidates(sentence: &str, ctx: &Ctx, out: &mut Vec<Found>) {
    let p = &*PATTERNS;
    let reference = ctx.reference;
    let span = |c: &Groups| {
        let m = c.get(0).unwrap();
        (m.start(), m.end())
    };

    // "will leave in two months"; "will be back within 5 days".
    for (re, range) in [(&p.in_future, false), (&p.within, true)] {
        let mut scan = ctx.scan(re, sentence);
        while let Some(c) = scan.next() {
            let (s, e) = span(&c);
            let (Some(r), Some(dur)) = (reference, Span::parse(&c["seq"])) else {
                continue;
            };
            if !future_tense(sentence, s) {
                continue;
            }
            let Some(date) = dur.shift(r, 1) else {
                continue;
            };
            let precision = dur.precision();
            out.push(if range {
                Found::new(s, e, Kind::Range)
                    .dates(Some(r), Some(date), precision)
                    .value(dur.value())
            } else {
                let value = match precision {
                    DatePrecision::Day => day_value(date),
                    DatePrecision::Week => week_value(date),
                    DatePrecision::Month => month_value(date),
                    _ => format!("{:04}", date.year()),
                };
                Found::new(s, e, Kind::Date)
                    .dates(Some(date), Some(date), precision)
                    .value(value)
            });
        }
    }
    let mut scan = ctx.scan(&p.whole_unit, sentence);
    while let Some(c) = scan.next() {
        let (s, e) = span(&c);
        let unit = c["u"].to_ascii_lowercase();
        let value = format!("P1{}", unit[..1].to_ascii_uppercase());
        out.push(Found::new(s, e, Kind::Duration).value(value));
    }

    // "the second of August", "May twenty-first".
    for re in [&p.ordinal_of_month, &p.month_ordinal] {
        let mut scan = ctx.scan(re, sentence);
        while let Some(c) = scan.next() {
            let (s, e) = span(&c);
            let Some(day) = ordinal_day(&c["dw"]) else {
                continue;
            };
            let month = month_number(&c["m"]);
            let (year, e) = context_year(&c, e, reference);
            let year = year.map(|y| y.to_string());
            out.push(explicit_or_yearless(
                sentence,
                ctx,
                s,
                e,
                year.as_deref(),
                month,
                day,
            ));
        }
    }
    // "in nineteen ninety six", "Year 247".
    let mut scan = ctx.scan(&p.year_in_words, sentence);
    while let Some(c) = scan.next() {
        let (y, s) = match c.name("y") {
            Some(y) => (y, y.start()),
            None => (c.name("y2").unwrap(), c.get(0).unwrap().start()),
        };
        let e = c.get(0).unwrap().end();
        if COUNT_NOUNS.contains(&word_after(sentence, e).as_ref()) {
            continue;
        }
        let Some(year) = parse_year(y.as_str()) else {
            continue;
        };
        out.push(year_span(s, e, year, 1, 12, format!("{year:04}")));
    }
    // "twenty five January nineteen eighty six".
    let mut scan = ctx.scan(&p.word_day_month, sentence);
    while let Some(c) = scan.next() {
        let (s, e) = span(&c);
        let Some(day) = ordinal_day(&c["dw"]) else {
            continue;
        };
        let month = month_number(&c["m"]);
        out.push(explicit_or_yearless(
            sentence,
            ctx,
            s,
            e,
            Some(&c["y"]),
            month,
            day,
        ));
    }
    weekday_days(sentence, ctx, out);
    periods_within(sentence, ctx, out);
    let mut scan = ctx.scan(&p.numeric_range, sentence);
    while let Some(c) = scan.next() {
        let s = c.name("m1").unwrap().start();
        let e = c.get(0).unwrap().end();
        let num = |n: &str| c.name(n).and_then(|m| m.as_str().parse::<i32>().ok());
        let (m1, d1, m2, d2) = (num("m1"), num("d1"), num("m2"), num("d2"));
        let (Some(m1), Some(d1), Some(m2), Some(d2)) = (m1, d1, m2, d2) else {
            continue;
        };
        let (y1, y2) = (num("y1"), num("y2"));
        // "5-10-15" is no range: dashes need years.
        if (&c["s1"] == "-" && y1.is_none()) || !(1..=12).contains(&m1) || !(1..=12).contains(&m2) {
            continue;
        }
        let (m1, d1, m2, d2) = (m1 as u32, d1 as u32, m2 as u32, d2 as u32);
        // A yearless range takes the year its start has, read in the
        // sentence's tense ("from 10/1 to 11/7" on October 24 is running).
        let (y1, y2) = match (y1, y2) {
            (None, None) => {
                let y1 = ctx.year_for(m1, d1, future_tense(sentence, s));
                (y1, y1.map(|y| if (m1, d1) > (m2, d2) { y + 1 } else { y }))
            }
            (None, Some(y)) => (Some(if (m1, d1) > (m2, d2) { y - 1 } else { y }), Some(y)),
            other => other,
        };
        let begin = y1.and_then(|y| NaiveDate::from_ymd_opt(y, m1, d1));
        let finish = y2.and_then(|y| NaiveDate::from_ymd_opt(y, m2, d2));
        out.push(range_or_unresolved(
            s,
            e,
            begin.zip(finish),
            DatePrecision::Day,
            format!("(XXXX-{m1:02}-{d1:02},XXXX-{m2:02}-{d2:02})"),
        ));
    }
    // "2019-sep-1", "05-Aug-2016".
    let mut scan = ctx.scan(&p.month_iso_name, sentence);
    while let Some(c) = scan.next() {
        let (s, e) = span(&c);
        let (y, m, d) = ["", "2", "3", "4", "5"]
            .iter()
            .find_map(|k| {
                let g = |n: &str| c.name(&format!("{n}{k}")).map(|m| m.as_str());
                Some((g("y")?, g("m")?, g("d")?))
            })
            .unwrap_or(("0", "0", "0"));
        let date = NaiveDate::from_ymd_opt(
            y.parse().unwrap_or(0),
            month_number(m),
            d.parse().unwrap_or(0),
        );
        if date.is_some() {
            out.push(day_found(s, e, date, ""));
        }
    }
    // "2016-11", "2015/3", "3/2015": a month of a year in digits.
    let glued_before = |s: usize| {
        let before = sentence[..s].trim_end();
        before.ends_with(|c: char| c.is_ascii_digit() || matches!(c, '/' | '.' | '-' | '$'))
    };
    let glued_after = |e: usize| {
        let after = sentence[e..].trim_start();
        let mut chars = after.chars();
        match chars.next() {
            Some('/' | '.' | '-' | ',') => chars.next().is_some_and(|c| c.is_ascii_digit()),
            Some('%') => true,
            _ => false,
        }
    };
    for (re, year_first) in [(&p.year_month_num, true), (&p.month_year_num, false)] {
        let mut scan = ctx.scan(re, sentence);
        while let Some(c) = scan.next() {
            let (s, e) = span(&c);
            if glued_before(s) || glued_after(e) {
                continue;
            }
            // "2015.3" only as a whole token: "2015.3 million" is a number.
            if year_first && &c["sep"] == "." && word_after(sentence, e).parse::<f64>().is_err() {
                let next = word_after(sentence, e);
                if matches!(next.as_ref(), "million" | "billion" | "percent" | "per") {
                    continue;
                }
            }
            let year: i32 = c["y"].parse().unwrap_or(0);
            let month: u32 = c["m"].parse().unwrap_or(0);
            let begin = NaiveDate::from_ymd_opt(year, month, 1);
            out.push(
                Found::new(s, e, Kind::Date)
                    .dates(begin, last_day_of_month(year, month), DatePrecision::Month)
                    .value(format!("{year:04}-{month:02}")),
            );
        }
    }
    // "on 4/22", "from 10/1 to 11/7": yearless numeric dates need a
    // preposition before them ("24/7", "3/4 of" are no dates).
    let mut scan = ctx.scan(&p.numeric_yearless, sentence);
    while let Some(c) = scan.next() {
        let a_match = c.name("a").unwrap();
        let (s, e) = (a_match.start(), c.get(0).unwrap().end());
        let sep = &c["sep"];
        let lead = c["lead"].to_ascii_lowercase();
        if (sep != "/" && lead != "on") || glued_after(e) {
            continue;
        }
        let a: u32 = c["a"].parse().unwrap_or(0);
        let b: u32 = c["b"].parse().unwrap_or(0);
        let (month, day) = if a <= 12 { (a, b) } else { (b, a) };
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            continue;
        }
        out.push(explicit_or_yearless(sentence, ctx, s, e, None, month, day));
    }
    // "4/22", "22/04": a month and a day only when one number is over 12
    // and the other a month ("3/4", "24/7" stay numbers).
    let mut scan = ctx.scan(&p.numeric_bare, sentence);
    while let Some(c) = scan.next() {
        let a_match = c.name("a").unwrap();
        let (s, e) = (a_match.start(), c.get(0).unwrap().end());
        if glued_after(e) {
            continue;
        }
        let a: u32 = c["a"].parse().unwrap_or(0);
        let b: u32 = c["b"].parse().unwrap_or(0);
        let (month, day) = match (a, b) {
            (1..=12, 13..=31) => (a, b),
            (13..=31, 1..=12) => (b, a),
            _ => continue,
        };
        out.push(explicit_or_yearless(sentence, ctx, s, e, None, month, day));
    }
    // "Nov-Feb 5th, 2017": from the first of a month to a dated day.
    let mut scan = ctx.scan(&p.month_to_date, sentence);
    while let Some(c) = scan.next() {
        let (s, e) = span(&c);
        let (m1, m2) = (month_number(&c["m1"]), month_number(&c["m2"]));
        let year: i32 = c["y"].parse().unwrap_or(0);
        let d: u32 = c["d"].parse().unwrap_or(0);
        let start_year = if m1 > m2 { year - 1 } else { year };
        let (Some(first), Some(last)) = (
            NaiveDate::from_ymd_opt(start_year, m1, 1),
            NaiveDate::from_ymd_opt(year, m2, d),
        ) else {
            continue;
        };
        out.push(
            Found::new(s, e, Kind::Range)
                .dates(Some(first), Some(last), DatePrecision::Day)
                .value(range_value(first, last)),
        );
    }

    // "the 21st century", "the seventies".
    let mut scan = ctx.scan(&p.century, sentence);
    while let Some(c) = scan.next() {
        let (s, e) = span(&c);
        let n: i32 = match c.name("n") {
            Some(n) => n.as_str().parse().unwrap_or(0),
            None => ordinal_day(&c["w"]).unwrap_or(0) as i32,
        };
        if !(1..=22).contains(&n) {
            continue;
        }
        let first = (n - 1) * 100;
        out.push(
            Found::new(s, e, Kind::Range)
                .dates(
                    NaiveDate::from_ymd_opt(first, 1, 1),
                    NaiveDate::from_ymd_opt(first + 99, 12, 31),
                    DatePrecision::Year,
                )
                .value(format!("{:02}", n - 1)),
        );
    }
    let mut scan = ctx.scan(&p.decade_words, sentence);
    while let Some(c) = scan.next() {
        let (s, e) = span(&c);
        let word = c["d"].to_ascii_lowercase();
        let digit = match word.get(..3).unwrap_or("") {
            "twe" => 2,
            "thi" => 3,
            "for" => 4,
            "fif" => 5,
            "six" => 6,
            "sev" => 7,
            "eig" => 8,
            "nin" => 9,
            "ten" => 1,
            _ => 0,
        };
        let century = match c.name("c").map(|c| c.as_str().to_ascii_lowercase()) {
            Some(c) if c.starts_with("nineteen") => 1900,
            Some(_) => 2000,
            None if digit <= 1 => 2000,
            None => {
                // The most recent such decade.
                let now = reference
                    .map(|r| r.year())
                    .or(ctx.context_year)
                    .unwrap_or(1999);
                if 2000 + digit * 10 <= now { 2000 } else { 1900 }
            }
        };
        out.push(decade(s, e, century + digit * 10));
    }

    // "the 20th of next month", "from 4 to 22 this month".
    let mut scan = ctx.scan(&p.day_of_rel_month, sentence);
    while let Some(c) = scan.next() {
        let (s, e) = span(&c);
        let Some(r) = reference else { continue };
        let day: u32 = c["d"].parse().unwrap_or(0);
        let Some((year, month)) = relative_month(r, &c["rel"]) else {
            continue;
        };
        if let Some(date) = NaiveDate::from_ymd_opt(year, month, day) {
            out.push(day_found(s, e, Some(date), ""));
        }
    }
    let mut scan = ctx.scan(&p.day_range_rel_month, sentence);
    while let Some(c) = scan.next() {
        let (s, e) = span(&c);
        let Some(r) = reference else { continue };
        let (d1, d2): (u32, u32) = (c["d1"].parse().unwrap_or(0), c["d2"].parse().unwrap_or(0));
        let and = c
            .get(0)
            .unwrap()
            .as_str()
            .to_ascii_lowercase()
            .contains(" and ");
        if d1 == 0 || d1 >= d2 || (and && c.name("pre").is_none()) {
            continue;
        }
        if let Some((year, month)) = relative_month(r, &c["rel"]) {
            out.push(days_of_month(s, e, Some(year), month, d1, d2));
        }
    }
    // "November between 19 and 20", "from 02 to April 07".
    for re in [&p.month_between_days, &p.from_day_to_month_day] {
        let mut scan = ctx.scan(re, sentence);
        while let Some(c) = scan.next() {
            let (s, e) = span(&c);
            let month = month_number(&c["m"]);
            let (d1, d2): (u32, u32) = (c["d1"].parse().unwrap_or(0), c["d2"].parse().unwrap_or(0));
            if d1 == 0 || d1 >= d2 || d2 > 31 {
                continue;
            }
            let explicit = c.name("y").and_then(|y| parse_year(y.as_str()));
            let year = explicit.or_else(|| ctx.year_for(month, d2, future_tense(sentence, s)));
            let mut f = days_of_month(s, e, year, month, d1, d2);
            if explicit.is_none() {
                f.yearless = Some((month, d1, Some(d2)));
            }
            out.push(f);
        }
    }
    // "Jan-Feb 2017", "from this May to Oct 2020", "Nov-Feb 2017".
    let mut scan = ctx.scan(&p.month_range, sentence);
    while let Some(c) = scan.next() {
        let (s, e) = span(&c);
        let joiner = c["j"].to_ascii_lowercase();
        let pre = c.name("pre").map(|p| p.as_str().to_ascii_lowercase());
        if joiner == "and" && pre.as_deref() != Some("between") {
            continue;
        }
        let m1 = month_number(&c["m1"]);
        let m2 = month_number(&c["m2"]);
        let future = future_tense(sentence, s);
        let explicit: Option<i32> = c.name("y").and_then(|y| parse_year(y.as_str()));
        let y2 = explicit.or_else(|| month_year(ctx, m2, future));
        let y1 = match (c.name("rel"), reference) {
            (Some(rel), Some(r)) => match rel.as_str().to_ascii_lowercase().as_str() {
                "last" => Some(r.year() - 1),
                "next" => Some(r.year() + 1),
                _ => Some(r.year()),
            },
            _ => y2.map(|y| if m1 > m2 { y - 1 } else { y }),
        };
        let begin = y1.and_then(|y| NaiveDate::from_ymd_opt(y, m1, 1));
        let finish = y2.and_then(|y| last_day_of_month(y, m2));
        out.push(range_or_unresolved(
            s,
            e,
            begin.zip(finish),
            DatePrecision::Month,
            format!("(XXXX-{m1:02},XXXX-{m2:02})"),
        ));
    }
    // "june next year".
    let mut scan = ctx.scan(&p.month_rel_year, sentence);
    while let Some(c) = scan.next() {
        let (s, e) = span(&c);
        let Some(r) = reference else { continue };
        let month = month_number(&c["m"]);
        let year = match c["rel"].to_ascii_lowercase().as_str() {
            "next" => r.year() + 1,
            "last" | "previous" => r.year() - 1,
            _ => r.year(),
        };
        let begin = NaiveDate::from_ymd_opt(year, month, 1);
        out.push(
            Found::new(s, e, Kind::Date)
                .dates(begin, last_day_of_month(year, month), DatePrecision::Month)
                .value(format!("{year:04}-{month:02}")),
        );
    }
    // "the end of the month", "the rest of the week", "the week after next".
    let mut scan = ctx.scan(&p.period_part, sentence);
    while let Some(c) = scan.next() {
        let (s, e) = span(&c);
        let Some(r) = reference else { continue };
        let rel = c
            .name("rel")
            .map_or("this".to_string(), |m| m.as_str().to_ascii_lowercase());
        let unit = c["u"].to_ascii_lowercase();
        let Some(whole) = deictic_period(s, e, Some(r), &rel, &unit, None, true) else {
            continue;
        };
        let (Some(first), Some(last)) = (whole.begin, whole.finish) else {
            continue;
        };
        let days = (last - first).num_days();
        let (from, to) = match c["part"].to_ascii_lowercase().as_str() {
            "end" => (first + Duration::days(days * 2 / 3 + 1), last),
            "middle" => (
                first + Duration::days(days / 3),
                first + Duration::days(days * 2 / 3),
            ),
            _ => (first, first + Duration::days(days / 3)),
        };
        let value = whole.value.clone();
        let precision = whole.precision;
        out.push(whole.dates(Some(from), Some(to), precision).value(value));
    }
    let mut scan = ctx.scan(&p.rest_of, sentence);
    while let Some(c) = scan.next() {
        let (s, e) = span(&c);
        let Some(r) = reference else { continue };
        let unit = c["u"].to_ascii_lowercase();
        let Some(whole) = deictic_period(s, e, Some(r), "this", &unit, None, true) else {
            continue;
        };
        let Some(last) = whole.finish else { continue };
        out.push(
            Found::new(s, e, Kind::Range)
                .dates(Some(r), Some(last), DatePrecision::Day)
                .value(range_value(r, last)),
        );
    }
    let mut scan = ctx.scan(&p.after_next, sentence);
    while let Some(c) = scan.next() {
        let (s, e) = span(&c);
        let unit = c["u"].to_ascii_lowercase();
        if let Some(f) = deictic_period(s, e, reference, "after next", &unit, None, true) {
            out.push(f);
        }
    }
    // "the 5 past years", "the next couple weeks" written count first.
    let mut scan = ctx.scan(&p.window_count_first, sentence);
    while let Some(c) = scan.next() {
        let (s, e) = span(&c);
        let Some(n) = count(&c["n"]) else { continue };
        let unit = c["u"].to_ascii_lowercase();
        let mut dur = Span::default();
        match unit.trim_end_matches('s') {
            "decade" => dur.years = 10.0 * n,
            "year" => dur.years = n,
            "month" => dur.months = n,
            "week" => dur.weeks = n,
            _ => dur.days = n,
        }
        let forward = matches!(
            c["rel"].to_ascii_lowercase().as_str(),
            "coming" | "next" | "upcoming"
        );
        let f = Found::new(s, e, Kind::Range).value(dur.value());
        out.push(match reference {
            Some(r) if forward => f.dates(
                Some(r + Duration::days(1)),
                dur.shift(r, 1),
                dur.precision(),
            ),
            Some(r) => f.dates(dur.shift(r, -1), Some(r), dur.precision()),
            None => f,
        });
    }
}

/// A weekday with a day of the month ("Friday the 15th", "Sunday 31"): the
/// nearest such day before the reference (after it, in the future tense);
/// with a full date ("friday 5/12") the date itself.
fn weekday_days(sentence: &str, ctx: &Ctx, out: &mut Vec<Found>) {
    let p = &*PATTERNS;
    let mut scan = ctx.scan(&p.weekday_day, sentence);
    while let Some(c) = scan.next() {
        let m = c.get(0).unwrap();
        let (s, e) = (m.start(), m.end());
        let day = match (c.name("d"), c.name("dw")) {
            (Some(d), _) => d.as_str().parse().unwrap_or(0),
            (_, Some(w)) => ordinal_day(w.as_str()).unwrap_or(0),
            _ => 0,
        };
        if !(1..=31).contains(&day) {
            continue;
        }
        // "on Sunday 12 soldiers died": a bare number is a day only at the
        // end of a phrase; an abbreviated weekday needs "13th".
        let bare = c.name("d").is_some() && c.name("suf").is_none() && c.name("the").is_none();
        let next = sentence[e..].trim_start_matches([' ', '\t']);
        if (bare && next.starts_with(|ch: char| ch.is_alphanumeric()))
            || (c.name("wa").is_some() && c.name("suf").is_none())
        {
            continue;
        }
        let name = c.name("wd").or(c.name("wa")).unwrap().as_str();
        let wd = weekday(name);
        let Some(r) = ctx.reference else {
            out.push(
                Found::new(s, e, Kind::Date).value(format!("XXXX-WXX-{}", wd.number_from_monday())),
            );
            continue;
        };
        let rel = c.name("rel").map(|r| r.as_str().to_ascii_lowercase());
        let first = r.with_day(1).unwrap_or(r);
        let nearest = |future: bool| {
            (0..36).find_map(|i| {
                let month = if future {
                    first.checked_add_months(Months::new(i))?
                } else {
                    first.checked_sub_months(Months::new(i))?
                };
                let d = month.with_day(day)?;
                let on_side = if future { d >= r } else { d <= r };
                (on_side && d.weekday() == wd).then_some(d)
            })
        };
        let (past, coming) = (nearest(false), nearest(true));
        let date = if future_tense(sentence, s) || matches!(rel.as_deref(), Some("next" | "coming"))
        {
            coming
        } else if matches!(rel.as_deref(), Some("last" | "past")) {
            past
        } else {
            nearer(r, past, coming)
        };
        out.push(day_found(s, e, date, ""));
    }
    let mut scan = ctx.scan(&p.weekday_date, sentence);
    while let Some(c) = scan.next() {
        let m = c.get(0).unwrap();
        let (s, e) = (m.start(), m.end());
        let (month, day) = match (c.name("a"), c.name("m")) {
            (Some(a), _) => {
                let a: u32 = a.as_str().parse().unwrap_or(0);
                let b: u32 = c["b"].parse().unwrap_or(0);
                if &c["sep"] == "." && b <= 12 && a > 12 {
                    (b, a)
                } else {
                    (a, b)
                }
            }
            (_, Some(mo)) => (month_number(mo.as_str()), c["d"].parse().unwrap_or(0)),
            _ => continue,
        };
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            continue;
        }
        let date = match ctx.reference {
            Some(r) if !future_tense(sentence, s) => {
                let in_year = |y: i32| NaiveDate::from_ymd_opt(y, month, day);
                nearer(
                    r,
                    in_year(r.year())
                        .filter(|d| *d <= r)
                        .or(in_year(r.year() - 1)),
                    in_year(r.year())
                        .filter(|d| *d > r)
                        .or(in_year(r.year() + 1)),
                )
            }
            _ => None,
        };
        match date {
            Some(d) => {
                let f = ctx.yearless(
                    Found::new(s, e, Kind::Date),
                    Some(d.year()),
                    month,
                    day,
                    Some(day),
                );
                out.push(f);
            }
            None => out.push(explicit_or_yearless(sentence, ctx, s, e, None, month, day)),
        }
    }
}

/// Range ends at the present, and days, months and runs of days within a
/// named period.
fn periods_within(sentence: &str, ctx: &Ctx, out: &mut Vec<Found>) {
    let p = &*PATTERNS;
    let reference = ctx.reference;
    let mut scan = ctx.scan(&p.compact_date, sentence);
    while let Some(c) = scan.next() {
        let (y, m) = (c.name("y").unwrap(), c.name("m").unwrap());
        let date = NaiveDate::from_ymd_opt(
            y.as_str().parse().unwrap_or(0),
            m.as_str().parse().unwrap_or(0),
            c["d"].parse().unwrap_or(0),
        );
        if date.is_some() {
            out.push(day_found(y.start(), c.name("d").unwrap().end(), date, ""));
        }
    }
    let mut scan = ctx.scan(&p.present_end, sentence);
    while let Some(c) = scan.next() {
        let m = c.name("n1").or(c.name("n2")).unwrap();
        let mut f = Found::new(m.start(), m.end(), Kind::Date)
            .dates(reference, reference, DatePrecision::Day)
            .value("PRESENT_REF".into());
        f.range_only = true;
        out.push(f);
    }
    // The year a "… of next year" / "… of 2021" names.
    let year_of = |c: &Groups| -> Option<i32> {
        match (c.name("y"), c.name("rel")) {
            (Some(y), _) => parse_year(y.as_str()),
            (None, Some(rel)) => {
                let r = reference?;
                Some(match rel.as_str().to_ascii_lowercase().as_str() {
                    "next" => r.year() + 1,
                    "last" | "previous" => r.year() - 1,
                    _ => r.year(),
                })
            }
            _ => None,
        }
    };
    let mut scan = ctx.scan(&p.day_of_period, sentence);
    while let Some(c) = scan.next() {
        let m = c.get(0).unwrap();
        let (s, e) = (m.start(), m.end());
        let d = &c["d"];
        let day = d
            .trim_end_matches(|ch: char| ch.is_ascii_alphabetic())
            .parse()
            .ok()
            .or_else(|| ordinal_day(d))
            .unwrap_or(0);
        if !(1..=31).contains(&day) {
            continue;
        }
        if let Some(month) = c.name("m") {
            out.push(explicit_or_yearless(
                sentence,
                ctx,
                s,
                e,
                None,
                month_number(month.as_str()),
                day,
            ));
            continue;
        }
        let Some(r) = reference else { continue };
        let rel = c.name("rel").map_or("this", |r| r.as_str());
        if let Some((year, month)) = relative_month(r, rel)
            && let Some(date) = NaiveDate::from_ymd_opt(year, month, day)
        {
            out.push(day_found(s, e, Some(date), ""));
        }
    }
    let mut scan = ctx.scan(&p.month_of_year, sentence);
    while let Some(c) = scan.next() {
        let m = c.get(0).unwrap();
        let o = c["o"].to_ascii_lowercase();
        let month = o
            .trim_end_matches(|ch: char| ch.is_ascii_alphabetic())
            .parse()
            .ok()
            .or_else(|| ordinal_day(&o))
            .unwrap_or(0);
        let Some(year) = year_of(&c) else { continue };
        if !(1..=12).contains(&month) {
            continue;
        }
        out.push(
            Found::new(m.start(), m.end(), Kind::Date)
                .dates(
                    NaiveDate::from_ymd_opt(year, month, 1),
                    last_day_of_month(year, month),
                    DatePrecision::Month,
                )
                .value(format!("{year:04}-{month:02}")),
        );
    }
    let mut scan = ctx.scan(&p.part_of_period, sentence);
    while let Some(c) = scan.next() {
        let m = c.get(0).unwrap();
        let (Some(year), Some(n)) = (year_of(&c), count(&c["n"])) else {
            continue;
        };
        let n = n.round() as u32;
        let (Some(first), Some(last)) = (
            NaiveDate::from_ymd_opt(year, 1, 1),
            NaiveDate::from_ymd_opt(year, 12, 31),
        ) else {
            continue;
        };
        let from_start = c["side"].eq_ignore_ascii_case("first");
        let unit = c["u"].to_ascii_lowercase();
        // Calendar days from the year's edge: "the first two weeks of 2021"
        // are January 1–14.
        let (b, f, precision, value) = match unit.as_str() {
            "months" if from_start => (
                Some(first),
                first
                    .checked_add_months(Months::new(n))
                    .map(|d| d - Duration::days(1)),
                DatePrecision::Month,
                format!("P{n}M"),
            ),
            "months" => (
                (last + Duration::days(1)).checked_sub_months(Months::new(n)),
                Some(last),
                DatePrecision::Month,
                format!("P{n}M"),
            ),
            u => {
                let (days, precision, value) = if u == "weeks" {
                    (7 * n as i64, DatePrecision::Week, format!("P{n}W"))
                } else {
                    (n as i64, DatePrecision::Day, format!("P{n}D"))
                };
                if from_start {
                    (
                        Some(first),
                        Some(first + Duration::days(days - 1)),
                        precision,
                        value,
                    )
                } else {
                    (
                        Some(last - Duration::days(days - 1)),
                        Some(last),
                        precision,
                        value,
                    )
                }
            }
        };
        out.push(
            Found::new(m.start(), m.end(), Kind::Range)
                .dates(b, f, precision)
                .value(value),
        );
    }
}

/// Whether `rest`, the text after "the week/month/year", ends the phrase:
/// no "-long", "'s", digits or a time word follows.
fn bare_period_ends(rest: &str) -> bool {
    if rest.starts_with(['-', '\'', '’']) {
        return false;
    }
    let next = word_after(rest, 0);
    !next.starts_with(|c: char| c.is_ascii_digit())
        && !matches!(
            next.as_ref(),
            "before"
                | "after"
                | "since"
                | "earlier"
                | "later"
                | "of"
                | "that"
                | "when"
                | "in"
                | "following"
                | "prior"
                | "preceding"
                | "ago"
                | "to"
                | "long"
                | "ahead"
                | "commencing"
                | "starting"
                | "beginning"
                | "ending"
        )
}

/// The one of two dates nearer to `r` (the earlier on a tie).
fn nearer(r: NaiveDate, past: Option<NaiveDate>, coming: Option<NaiveDate>) -> Option<NaiveDate> {
    match (past, coming) {
        (Some(p), Some(c)) => Some(if (c - r) < (r - p) { c } else { p }),
        (p, c) => p.or(c),
    }
}

/// Seasons, northern hemisphere, by meteorological months: spring
/// March–May, summer June–August, autumn September–November, winter
/// December–February (named by the year of its December).
fn seasons(sentence: &str, ctx: &Ctx, out: &mut Vec<Found>) {
    let mut scan = ctx.scan(&PATTERNS.season, sentence);
    while let Some(c) = scan.next() {
        let m = c.get(0).unwrap();
        let (s, e) = (m.start(), m.end());
        let name = c["s"].to_ascii_lowercase();
        let rel = c.name("rel").map(|r| r.as_str().to_ascii_lowercase());
        let year: Option<i32> = c.name("y").and_then(|y| y.as_str().parse().ok());
        // "fall" is a verb, "spring" a noun: a season needs a determiner,
        // a part or a year.
        if rel.is_none() && year.is_none() && (c.name("part").is_none() || name == "fall") {
            continue;
        }
        let (code, first_month) = match name.as_str() {
            "spring" => ("SP", 3),
            "summer" => ("SU", 6),
            "winter" => ("WI", 12),
            _ => ("FA", 9),
        };
        let year = year.or_else(|| {
            let r = ctx.reference?;
            let start = NaiveDate::from_ymd_opt(r.year(), first_month, 1)?;
            let end = last_day_of_month(
                r.year() + i32::from(first_month == 12),
                if first_month == 12 {
                    2
                } else {
                    first_month + 2
                },
            )?;
            Some(match rel.as_deref() {
                Some("last" | "past") if end < r => r.year(),
                Some("last" | "past") => r.year() - 1,
                Some("next" | "coming") if start > r => r.year(),
                Some("next" | "coming") => r.year() + 1,
                Some("this") => r.year(),
                // "the summer", "in early spring": the nearest such season.
                _ if future_tense(sentence, s) && end < r => r.year() + 1,
                _ if !future_tense(sentence, s) && start > r => r.year() - 1,
                _ => r.year(),
            })
        });
        let f = Found::new(s, e, Kind::Date);
        let Some(y) = year else {
            out.push(f.value(code.to_string()));
            continue;
        };
        let begin = NaiveDate::from_ymd_opt(y, first_month, 1);
        let (ey, em) = if first_month == 12 {
            (y + 1, 2)
        } else {
            (y, first_month + 2)
        };
        out.push(
            f.dates(begin, last_day_of_month(ey, em), DatePrecision::Month)
                .value(format!("{y:04}-{code}")),
        );
    }
}

/// Resolves an event-relative expression (`TimeAnchor::EventRelative`:
/// "five days earlier", "the following week") against `base`, the date of
/// the event the sentence tells (or, in a dialogue, the reference date).
/// `text` is the expression as written. A count ("three weeks later") gives
/// the day that far from `base` in calendar arithmetic; a neighbouring unit
/// ("the following week", "the same month") gives that whole week, month or
/// year.
pub fn resolve_relative(expr: &TimeExpr, text: &str, base: NaiveDate) -> Option<TimeExpr> {
    let TimeAnchor::EventRelative(days) = expr.anchor else {
        return None;
    };
    let sign = if days < 0 { -1 } else { 1 };
    let mut out = expr.clone();
    out.anchor = TimeAnchor::Absolute;
    if let Some(c) = PATTERNS.relative.captures(text) {
        let date = Span::parse(&c["seq"])?.shift(base, sign)?;
        out.value_start = Some(date);
        out.value_end = Some(date);
        out.precision = DatePrecision::Day;
        out.value = day_value(date);
        return Some(out);
    }
    let moved = |months: u32| {
        if sign < 0 {
            base.checked_sub_months(Months::new(months))
        } else {
            base.checked_add_months(Months::new(months))
        }
    };
    let (first, last, value) = match expr.precision {
        DatePrecision::Week => {
            let monday = monday_of(base + Duration::days(days));
            (monday, monday + Duration::days(6), week_value(monday))
        }
        DatePrecision::Month => {
            let d = if days == 0 { base } else { moved(1)? };
            let first = d.with_day(1)?;
            (
                first,
                last_day_of_month(d.year(), d.month())?,
                month_value(d),
            )
        }
        DatePrecision::Year => {
            let d = if days == 0 { base } else { moved(12)? };
            (
                NaiveDate::from_ymd_opt(d.year(), 1, 1)?,
                NaiveDate::from_ymd_opt(d.year(), 12, 31)?,
                format!("{:04}", d.year()),
            )
        }
        _ => {
            let d = base + Duration::days(days);
            (d, d, day_value(d))
        }
    };
    out.value_start = Some(first);
    out.value_end = Some(last);
    out.value = value;
    Some(out)
}

/// A date with its year written, or yearless and inferred.
fn explicit_or_yearless(
    sentence: &str,
    ctx: &Ctx,
    s: usize,
    e: usize,
    year: Option<&str>,
    month: u32,
    day: u32,
) -> Found {
    match year.and_then(parse_year) {
        Some(y) => match NaiveDate::from_ymd_opt(y, month, day) {
            Some(d) => day_found(s, e, Some(d), ""),
            // "Feb 30 2019": reported as written, with no dates.
            None => Found::new(s, e, Kind::Date).value(format!("{y:04}-{month:02}-{day:02}")),
        },
        None => {
            let year = ctx.year_for(month, day, future_tense(sentence, s));
            ctx.yearless(Found::new(s, e, Kind::Date), year, month, day, Some(day))
        }
    }
}

/// The date of weekday `day` relative to `r`: `relation` is "this", "last",
/// "next", "past", "previous", "coming", "this past", "this coming"; `week`
/// the "of next week" qualifier.
fn weekday_date(
    r: NaiveDate,
    day: Weekday,
    relation: Option<&str>,
    week: Option<&str>,
    future: bool,
) -> NaiveDate {
    let this_week = monday_of(r) + Duration::days(day.num_days_from_monday() as i64);
    let back = (7 + r.weekday().num_days_from_monday() - day.num_days_from_monday()) % 7;
    let forward = (7 + day.num_days_from_monday() - r.weekday().num_days_from_monday()) % 7;
    match (week.or(relation), future) {
        (Some("this"), _) => this_week,
        (Some("last" | "previous"), _) => this_week - Duration::days(7),
        (Some("next" | "following"), _) => this_week + Duration::days(7),
        (Some("past" | "this past"), _) => {
            r - Duration::days(if back == 0 { 7 } else { back as i64 })
        }
        (Some("coming" | "this coming"), _) => {
            r + Duration::days(if forward == 0 { 7 } else { forward as i64 })
        }
        (_, true) => r + Duration::days(forward as i64),
        _ => r - Duration::days(back as i64),
    }
}

fn deictic_period(
    s: usize,
    e: usize,
    reference: Option<NaiveDate>,
    relation: &str,
    unit: &str,
    modifier: Option<&str>,
    future: bool,
) -> Option<Found> {
    let f = Found::new(s, e, Kind::Date);
    let Some(r) = reference else {
        let value = match (relation, unit) {
            (_, "week") => "XXXX-WXX",
            (_, "month") => "XXXX-XX",
            (_, "quarter") => "XXXX-QX",
            (_, "weekend") => "XXXX-WXX-WE",
            _ => "XXXX",
        };
        return Some(f.value(value.into()));
    };
    // "the past week" is a window ending today, not a calendar week.
    if matches!(relation, "past" | "this past") && unit != "quarter" && unit != "weekend" {
        return None;
    }
    let offset: i64 = match relation {
        "last" | "previous" => -1,
        "next" | "coming" | "upcoming" | "following" => 1,
        "after next" => 2,
        _ => 0,
    };
    let plain_this = offset == 0 && relation != "the";
    let (begin, finish, precision, value) = match unit {
        "week" => {
            let monday = monday_of(r) + Duration::days(7 * offset);
            let (b, f) = match modifier {
                Some("early") => (monday, monday + Duration::days(2)),
                Some("late") => (monday + Duration::days(3), monday + Duration::days(6)),
                Some("earlier") => (monday, r),
                Some("later") => (r, monday + Duration::days(6)),
                _ if plain_this && !future => (monday, r),
                _ => (monday, monday + Duration::days(6)),
            };
            (b, f, DatePrecision::Week, week_value(monday))
        }
        "weekend" => {
            let saturday = match relation {
                "the" | "this past" | "past" => {
                    // The most recent weekend (or the coming one, in the future).
                    let back = (7 + r.weekday().num_days_from_monday() - 5) % 7;
                    if future && back > 1 {
                        r + Duration::days(7 - back as i64)
                    } else {
                        r - Duration::days(back as i64)
                    }
                }
                _ => monday_of(r) + Duration::days(5 + 7 * offset),
            };
            (
                saturday,
                saturday + Duration::days(1),
                DatePrecision::Week,
                format!("{}-WE", week_value(saturday)),
            )
        }
        "month" => {
            let first = r.with_day(1)?;
            let first = if offset < 0 {
                first.checked_sub_months(Months::new(offset.unsigned_abs() as u32))?
            } else if offset > 0 {
                first.checked_add_months(Months::new(offset as u32))?
            } else {
                first
            };
            let last = last_day_of_month(first.year(), first.month())?;
            let (b, f) = match modifier {
                Some("early") => (first, first.with_day(10)?),
                Some("mid") => (first.with_day(11)?, first.with_day(20)?),
                Some("late") => (first.with_day(21)?, last),
                Some("earlier") => (first, r),
                Some("later") => (r, last),
                _ if plain_this && !future => (first, r),
                _ => (first, last),
            };
            (b, f, DatePrecision::Month, month_value(first))
        }
        "decade" => {
            let first_year = r.year() / 10 * 10 + 10 * offset as i32;
            (
                NaiveDate::from_ymd_opt(first_year, 1, 1)?,
                NaiveDate::from_ymd_opt(first_year + 9, 12, 31)?,
                DatePrecision::Year,
                format!("{:03}", first_year / 10),
            )
        }
        "quarter" => {
            let q0 = (r.month0() / 3) as i64 + offset + if relation == "past" { -1 } else { 0 };
            let year = r.year() + q0.div_euclid(4) as i32;
            let q = q0.rem_euclid(4) as u32;
            let b = NaiveDate::from_ymd_opt(year, q * 3 + 1, 1)?;
            let f = last_day_of_month(year, q * 3 + 3)?;
            (b, f, DatePrecision::Month, format!("{year:04}-Q{}", q + 1))
        }
        _ => {
            let year = r.year() + offset as i32;
            let first = NaiveDate::from_ymd_opt(year, 1, 1)?;
            let last = NaiveDate::from_ymd_opt(year, 12, 31)?;
            let (b, f) = match modifier {
                Some(m @ ("early" | "mid" | "late")) => {
                    let (from, to) = year_part(m);
                    (
                        NaiveDate::from_ymd_opt(year, from, 1)?,
                        last_day_of_month(year, to)?,
                    )
                }
                Some("earlier") => (first, r),
                Some("later") => (r, last),
                _ if plain_this && !future => (first, r),
                _ => (first, last),
            };
            (b, f, DatePrecision::Year, format!("{year:04}"))
        }
    };
    Some(f.dates(Some(begin), Some(finish), precision).value(value))
}

/// The coarser of two precisions.
fn coarser(a: DatePrecision, b: DatePrecision) -> DatePrecision {
    let rank = |p: DatePrecision| match p {
        DatePrecision::Day => 0,
        DatePrecision::Week => 1,
        DatePrecision::Month => 2,
        DatePrecision::Year => 3,
        DatePrecision::Unknown => 4,
    };
    if rank(a) >= rank(b) { a } else { b }
}

/// Joins neighbouring expressions into ranges, open ranges and anchored
/// offsets.
fn combine(sentence: &str, kept: Vec<Found>, ctx: &Ctx) -> Vec<Found> {
    let p = &*PATTERNS;
    let mut out: Vec<Found> = Vec::with_capacity(kept.len());
    let mut iter = kept.into_iter().peekable();
    while let Some(mut f) = iter.next() {
        // "between X and Y", "from X to Y", "X – Y".
        if f.kind == Kind::Date
            && let Some(next) = iter.peek()
            && next.kind == Kind::Date
            && p.joiner.is_match(&sentence[f.end..next.start])
        {
            let between = sentence[f.end..next.start].trim().to_ascii_lowercase();
            let prefix = p.range_prefix.find(&sentence[..f.start]);
            let prefix_word = prefix.map(|m| m.as_str().trim().to_ascii_lowercase());
            let allowed = match between.as_str() {
                "and" => prefix_word.as_deref() == Some("between"),
                _ => true,
            };
            if allowed {
                let mut next = iter.next().unwrap();
                // "from next Monday to Friday": the Friday after the Monday.
                if let (Some(a), Some(b)) = (f.begin, next.begin)
                    && b < a
                    && p.weekday_only.is_match(&sentence[next.start..next.end])
                {
                    let shift = Duration::days((a - b).num_days().div_euclid(7) * 7 + 7);
                    let d = b + shift;
                    next = day_found(next.start, next.end, Some(d), "");
                }
                f = make_range(sentence, f, next, prefix.map(|m| m.start()), ctx);
            }
        }
        // "two days before January 8".
        if f.kind == Kind::Relative
            && let TimeAnchor::EventRelative(days) = f.anchor
            && let Some(next) = iter.peek()
            && next.kind == Kind::Date
            && next.precision == DatePrecision::Day
            && sentence[f.end..next.start].trim().is_empty()
            && let Some(base) = next.begin
        {
            let next = iter.next().unwrap();
            // Calendar arithmetic ("two months after November 18" is
            // January 18), as far as the written span allows.
            let date = Span::parse(&sentence[f.start..f.end])
                .and_then(|d| d.shift(base, days.signum()))
                .unwrap_or(base + Duration::days(days));
            f = day_found(f.start, next.end, Some(date), "");
        }
        // "three weeks after today", "16 days from 01/02/2018": a date;
        // "for three days from today", "two weeks starting May 20": that
        // many days from the date.
        if f.kind == Kind::Duration
            && let Some(next) = iter.peek()
            && next.kind == Kind::Date
            && next.precision == DatePrecision::Day
            && let Some(base) = next.begin
            && let Some(dur) = Span::parse(&sentence[f.start..f.end])
            && !dur.has_clock_units()
        {
            let link = sentence[f.end..next.start]
                .trim()
                .trim_start_matches(',')
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_ascii_lowercase();
            let starting = matches!(
                link.as_str(),
                "starting"
                    | "starting from"
                    | "starting on"
                    | "beginning"
                    | "beginning on"
                    | "commencing"
                    | "commencing on"
            );
            let period = starting || (link == "from" && word_before(sentence, f.start) == "for");
            if period && let Some(after) = dur.shift(base, 1) {
                let last = (after - Duration::days(1)).max(base);
                let next = iter.next().unwrap();
                f = Found::new(f.start, next.end, Kind::Range)
                    .dates(Some(base), Some(last), dur.precision())
                    .value(range_value(base, last));
            } else if matches!(link.as_str(), "from" | "after")
                && let Some(date) = dur.shift(base, 1)
            {
                let next = iter.next().unwrap();
                f = day_found(f.start, next.end, Some(date), "");
            }
        }
        // "after February", "later than 2018": open from the end of the
        // month or year named (a day is left as it is: "after January 3"
        // usually names the event, not a period).
        if f.kind == Kind::Date
            && matches!(f.precision, DatePrecision::Month | DatePrecision::Year)
            && let Some(last) = f.finish
            && let Some(m) = p.after_prefix.find(&sentence[..f.start])
        {
            // "after the beginning of March": from March 1.
            let from_start = p
                .range_point
                .captures(&sentence[f.start..f.end])
                .is_some_and(|c| {
                    matches!(
                        c["part"].to_ascii_lowercase().as_str(),
                        "start" | "beginning"
                    )
                });
            f.begin = match whole_period(&f) {
                Some((first, _)) if from_start => Some(first),
                _ => Some(last + Duration::days(1)),
            };
            f.start = m.start();
            f.finish = None;
            f.open_end = true;
            f.kind = Kind::Range;
        }
        // "the week commencing February 4", "w/c Feb 4".
        if f.kind == Kind::Date
            && f.precision == DatePrecision::Day
            && let Some(first) = f.begin
            && let Some(m) = p.week_commencing.find(&sentence[..f.start])
        {
            let last = first + Duration::days(6);
            f = Found::new(m.start(), f.end, Kind::Range)
                .dates(Some(first), Some(last), DatePrecision::Week)
                .value(range_value(first, last));
        }
        // "since October 7, 2023": open to the reference.
        if matches!(f.kind, Kind::Date | Kind::Range)
            && let Some(m) = p.since_prefix.find(&sentence[..f.start])
        {
            f.start = m.start();
            f.open_end = true;
            f.finish = ctx.reference.filter(|_| f.begin.is_some());
            f.value = match (f.begin, f.finish) {
                (Some(b), Some(e)) => range_value(b, e),
                (Some(b), None) => format!("({},PRESENT_REF)", day_value(b)),
                _ => format!("({},PRESENT_REF)", f.value),
            };
            f.kind = Kind::Range;
        } else if f.kind == Kind::Date && f.begin.is_some() {
            // "since the Houthis began targeting ships in November", "since
            // the 2004 siege": the date starts the period "since" opens.
            // Bytes, not chars: the marks are ASCII, which UTF-8 never
            // uses inside another character.
            let clause_start = sentence.as_bytes()[..f.start]
                .iter()
                .rposition(|b| matches!(b, b',' | b';' | b':' | b'('))
                .map_or(0, |i| i + 1);
            let from = clause_start.max(out.last().map_or(0, |p: &Found| p.end.min(f.start)));
            if has_since(&sentence[from..f.start]) {
                f.open_end = true;
                f.finish = ctx.reference;
                f.value = match (f.begin, f.finish) {
                    (Some(b), Some(e)) if b <= e => range_value(b, e),
                    (Some(b), _) => format!("({},PRESENT_REF)", day_value(b)),
                    _ => f.value,
                };
                f.kind = Kind::Range;
            }
        }
        out.push(f);
    }
    out.retain(|f| !f.range_only);
    out
}

/// The whole month or year that a part ("the end of March", "the middle
/// of 2007") was cut from.
fn whole_period(f: &Found) -> Option<(NaiveDate, NaiveDate)> {
    let b = f.begin?;
    match f.precision {
        DatePrecision::Year => Some((
            NaiveDate::from_ymd_opt(b.year(), 1, 1)?,
            NaiveDate::from_ymd_opt(b.year(), 12, 31)?,
        )),
        DatePrecision::Month => Some((
            NaiveDate::from_ymd_opt(b.year(), b.month(), 1)?,
            last_day_of_month(b.year(), b.month())?,
        )),
        _ => None,
    }
}

/// At a range end, "the end of March" or "the middle of 2007" is a point,
/// not a stretch: a range from the end of March starts on April 1, one to
/// the middle of September ends on the 15th, one to the start of 2008 on
/// the last day of 2007. "early"/"late" keep their stretch.
fn range_point(sentence: &str, f: &Found, at_start: bool) -> Option<NaiveDate> {
    let c = PATTERNS.range_point.captures(&sentence[f.start..f.end])?;
    let (first, last) = whole_period(f)?;
    let middle = first + Duration::days((last - first).num_days().div_euclid(2) + 1);
    let middle = if (last - first).num_days() >= 300 {
        // A year's middle is its 183rd day (July 2).
        first + Duration::days(182)
    } else {
        middle
    };
    match (c["part"].to_ascii_lowercase().as_str(), at_start) {
        ("end", true) => Some(last + Duration::days(1)),
        ("middle", true) => Some(middle),
        ("middle", false) => Some(middle - Duration::days(1)),
        ("start" | "beginning", false) => Some(first - Duration::days(1)),
        _ => None,
    }
}

fn make_range(sentence: &str, a: Found, b: Found, prefix_start: Option<usize>, ctx: &Ctx) -> Found {
    let mut a = a;
    let mut b = b;
    // A yearless start takes the year of a dated end, and vice versa.
    if let (Some((m, first, last)), None, Some(end)) = (a.yearless, b.yearless, b.finish) {
        let year = if (m, first) > (end.month(), end.day()) {
            end.year() - 1
        } else {
            end.year()
        };
        a = ctx.yearless(a, Some(year), m, first, last);
    } else if let (None, Some((m, first, last)), Some(start)) = (a.yearless, b.yearless, a.begin) {
        let year = if (m, first) < (start.month(), start.day()) {
            start.year() + 1
        } else {
            start.year()
        };
        b = ctx.yearless(b, Some(year), m, first, last);
    } else if let (Some(_), Some((m, first, last)), Some(start), Some(end)) =
        (a.yearless, b.yearless, a.begin, b.begin)
        && end < start
    {
        // Both yearless and out of order. Written in calendar order ("from
        // August to October") they share a year; otherwise the range crosses
        // New Year. With a reference the end is the inferred (recent) one;
        // without, the start.
        let (am, af, _) = a.yearless.unwrap();
        if (am, af) <= (m, first) {
            b = ctx.yearless(b, Some(start.year()), m, first, last);
        } else if ctx.reference.is_some() {
            let (am, af, al) = a.yearless.unwrap();
            a = ctx.yearless(a, Some(end.year() - 1), am, af, al);
        } else {
            b = ctx.yearless(b, Some(start.year() + 1), m, first, last);
        }
    }
    // Both yearless and in calendar order ("from April until the end of
    // June"): one year, the start's, even if the tense moved the end.
    if let (Some((am, af, _)), Some((m, first, last)), Some(start), Some(end)) =
        (a.yearless, b.yearless, a.begin, b.begin)
        && (am, af) <= (m, first)
        && start.year() != end.year()
    {
        b = ctx.yearless(b, Some(start.year()), m, first, last);
    }
    if let Some(d) = range_point(sentence, &a, true) {
        a.begin = Some(d);
    }
    if let Some(d) = range_point(sentence, &b, false) {
        b.finish = Some(d);
    }
    let start = prefix_start.unwrap_or(a.start);
    let precision = coarser(a.precision, b.precision);
    let mut f = Found::new(start, b.end, Kind::Range);
    match (a.begin, b.finish) {
        (Some(s), Some(e)) if s <= e => {
            f = f
                .dates(Some(s), Some(e), precision)
                .value(range_value(s, e));
        }
        _ => {
            f.value = format!("({},{})", a.value, b.value);
        }
    }
    f
}

/// A range with both ends resolved (and in order), else the expression with
/// only its TIMEX3 value (`unresolved`: the year left as XXXX).
fn range_or_unresolved(
    s: usize,
    e: usize,
    ends: Option<(NaiveDate, NaiveDate)>,
    precision: DatePrecision,
    unresolved: String,
) -> Found {
    let f = Found::new(s, e, Kind::Range);
    match ends {
        Some((begin, finish)) if begin <= finish => f
            .dates(Some(begin), Some(finish), precision)
            .value(range_value(begin, finish)),
        _ => f.value(unresolved),
    }
}

/// The decade starting in `first` ("the seventies", "the 1990s"), whose
/// TIMEX3 value is its first three digits ("197").
fn decade(s: usize, e: usize, first: i32) -> Found {
    Found::new(s, e, Kind::Range)
        .dates(
            NaiveDate::from_ymd_opt(first, 1, 1),
            NaiveDate::from_ymd_opt(first + 9, 12, 31),
            DatePrecision::Year,
        )
        .value(format!("{:03}", first / 10))
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

    fn value(text: &str, reference: &str) -> String {
        let found = find(text, Some(d(reference)), None);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        found[0].value.clone()
    }

    #[test]
    fn absolute_dates_in_news_forms() {
        for text in [
            "on Jan. 8, 2020,",
            "early Wednesday, January 8, 2020.",
            "on 8 January 2020",
            "on 2020-01-08",
            "on January 08, 2020",
            "on the 8th of January 2020",
            "dated 1/8/2020 in the log",
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
        assert_eq!(find("on January 3", None, None)[0].value, "XXXX-01-03");
        // Future tense looks ahead.
        assert_eq!(
            one("talks will resume on January 3", Some("2020-12-20"), None).1,
            Some(d("2021-01-03"))
        );
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
        let (_, start, end, _) = one("from December 20, 2019 to January 5", None, None);
        assert_eq!((start, end), (Some(d("2019-12-20")), Some(d("2020-01-05"))));
        let (_, start, end, _) = one("on January 27-28, 2024", None, None);
        assert_eq!((start, end), (Some(d("2024-01-27")), Some(d("2024-01-28"))));
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
        assert_eq!(found[0].value, "P5D");
        let found = find("the following day, Iran responded", None, None);
        assert_eq!(found[0].anchor, TimeAnchor::EventRelative(1));
        // Anchored to a written date, it resolves here.
        let (_, start, _, _) = one("two days before January 8, 2020", None, None);
        assert_eq!(start, Some(d("2020-01-06")));
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
        assert_eq!(
            one("it will vote on Friday", Some("2024-01-29"), None).1,
            Some(d("2024-02-02"))
        );
        assert_eq!(value("on Wednesday night", "2020-01-09"), "2020-01-08TNI");
        assert_eq!(find("on Monday", None, None)[0].value, "XXXX-WXX-1");
    }

    #[test]
    fn deictic_periods_and_windows() {
        assert_eq!(value("last week", "2020-01-09"), "2020-W01");
        assert_eq!(value("last month", "2020-01-09"), "2019-12");
        assert_eq!(value("this year", "2020-01-09"), "2020");
        assert_eq!(value("over the past nine months", "2020-01-09"), "P9M");
        assert_eq!(
            one("over the past nine months", Some("2020-01-09"), None).1,
            Some(d("2019-04-09"))
        );
        assert_eq!(value("in recent weeks", "2020-01-09"), "PXW");
        assert_eq!(
            one("overnight", Some("2020-01-09"), None).1,
            Some(d("2020-01-08"))
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
        assert_eq!(
            value("in the first quarter of 2020", "2021-01-01"),
            "2020-Q1"
        );
        assert_eq!(value("in the 1990s", "2021-01-01"), "199");
    }

    #[test]
    fn durations() {
        assert_eq!(find("a three-day siege", None, None)[0].value, "P3D");
        assert_eq!(
            find("for 1 year 1 month 21 days", None, None)[0].value,
            "P1Y1M21D"
        );
        assert_eq!(find("the 12-hour battle", None, None)[0].value, "PT12H");
    }

    /// Counts, units and fractions in the forms the duration patterns
    /// take, in mixed case, to check the groups read off a match against
    /// the regex engine's.
    fn duration_phrases() -> Vec<String> {
        let counts = [
            "a",
            "An",
            "one",
            "1.5",
            "24",
            "twenty-five",
            "Twenty five",
            "a couple of",
            "couple",
            "a few",
            "few",
            "several",
            "some",
            "another",
            "a dozen",
            "one and a half",
            "2 and a quarter",
            "thirty and four",
            "eleven",
            "ninety-nine",
        ];
        let units = [
            "day",
            "Days",
            "HOURS",
            "h",
            "hr",
            "hrs",
            "min",
            "minutes",
            "secs",
            "second",
            "week",
            "weekends",
            "fortnight",
            "months",
            "month",
            "year",
            "decades",
            "nights",
            "business days",
            "working  day",
            "Business day",
        ];
        let fracs = [
            "",
            " and a half",
            " and quarter",
            " AND A  HALF",
            "\tand a quarter",
        ];
        let mut out = Vec::new();
        for c in counts {
            for sep in ["", " ", "-", "  "] {
                for u in units {
                    for f in fracs {
                        out.push(format!("{c}{sep}{u}{f}"));
                    }
                }
            }
        }
        out
    }

    /// How many matches of `re` in `text` the hand-written `split` reads
    /// off, asserting each equals what the engine's `groups` give.
    fn read_off<'t, T: PartialEq + std::fmt::Debug>(
        re: &Regex,
        text: &'t str,
        groups: impl Fn(&regex::Captures<'t>) -> T,
        split: impl Fn(&'t str) -> Option<T>,
    ) -> usize {
        let mut read = 0;
        for m in re.find_iter(text) {
            let c = re.captures_at(text, m.start()).unwrap();
            if let Some(split) = split(m.as_str()) {
                assert_eq!(split, groups(&c), "{text:?}");
                read += 1;
            }
        }
        read
    }

    #[test]
    fn duration_parts_read_off_as_the_engine_does() {
        let re = &PATTERNS.duration_part;
        let mut read = 0;
        for phrase in duration_phrases() {
            for text in [
                phrase.clone(),
                format!("for {phrase}-long talks"),
                format!("{phrase} {phrase}"),
            ] {
                read += read_off(
                    re,
                    &text,
                    |c| {
                        (
                            group(c, "n").unwrap(),
                            group(c, "u").unwrap(),
                            group(c, "frac"),
                        )
                    },
                    split_duration_part,
                );
            }
        }
        assert!(read > 10_000, "{read}");
    }

    #[test]
    fn seq_and_dir_read_off_as_the_engine_does() {
        let mut read = 0;
        for phrase in duration_phrases() {
            for dir in [
                "ago",
                "Back",
                "from now",
                "from \t now",
                "hence",
                "earlier",
                "Later",
                "before",
                "after",
                "previously",
                "prior",
                "now",
            ] {
                let text = format!("it was {phrase}, and two days {dir} or {phrase}  {dir}.");
                for re in [&PATTERNS.ago, &PATTERNS.relative] {
                    read += read_off(
                        re,
                        &text,
                        |c| (group(c, "seq").unwrap(), group(c, "dir").unwrap()),
                        split_seq_dir,
                    );
                }
            }
        }
        assert!(read > 1_000, "{read}");
    }

    #[test]
    fn windows_and_periods_read_off_as_the_engine_does() {
        let counts = [
            "",
            "two ",
            "24",
            "24 ",
            "a few ",
            "Several  ",
            "one and a half ",
        ];
        let units = [
            "days",
            "Day",
            "weeks",
            "week",
            "weekend",
            "months",
            "year",
            "Years",
            "quarter",
            "quarters",
            "decade",
            "hours",
            "fortnight",
            "business days",
            "working  day",
            "workweek",
            "work week",
            "calendar year",
        ];
        let mut read = 0;
        for lead in [
            "",
            "in ",
            "Over the ",
            "during the ",
            "for\tthe ",
            "within ",
            "throughout the ",
            "the ",
            "early ",
            "later ",
            "Late-",
            "mid ",
            "earlier in the ",
            "later in ",
        ] {
            for rel in WINDOW_RELATIONS.iter().copied().chain([
                "this",
                "this past",
                "This  past",
                "current",
                "the",
            ]) {
                for n in counts {
                    for u in units {
                        let text = format!("it was {lead}{rel} {n}{u}, or {lead}{rel}  {n}{u}.");
                        let re = &PATTERNS.window;
                        read += read_off(
                            re,
                            &text,
                            |c| {
                                (
                                    group(c, "rel").unwrap(),
                                    group(c, "n").or(group(c, "ng")),
                                    group(c, "u").unwrap(),
                                )
                            },
                            split_window,
                        );
                        read += read_off(
                            &PATTERNS.deictic_period,
                            &text,
                            |c| {
                                (
                                    group(c, "mod"),
                                    group(c, "rel").unwrap(),
                                    group(c, "u").unwrap(),
                                )
                            },
                            split_deictic_period,
                        );
                    }
                }
            }
        }
        assert!(read > 10_000, "{read}");
    }

    #[test]
    fn units_glue_only_to_digits() {
        let r = Some(d("2024-02-02"));
        for text in [
            "the eighth anniversary",
            "Syi\u{2019}ah and Anh",
            "Ah, well",
        ] {
            assert!(find(text, r, Some(2024)).is_empty(), "{text:?}");
        }
        let values = |text: &str| -> Vec<String> {
            find(text, r, Some(2024))
                .into_iter()
                .map(|t| t.value)
                .collect()
        };
        assert_eq!(values("a 24h strike"), vec!["PT24H"]);
        assert_eq!(values("eight hours"), vec!["PT8H"]);
        assert_eq!(values("a five-day truce"), vec!["P5D"]);
    }

    #[test]
    fn read_off_groups_survive_text_outside_ascii() {
        // Once panicked: a byte offset inside a character before "long".
        for text in [
            "A𐒠Hⴭ",
            "𐒡H",
            "٩Day",
            "two days-lonġ",
            "five dayſ ago",
            "3 \u{212a}m",
            // Once panicked: overlapping expressions reached `weekday_offsets`.
            "5 days after  2019\tthe an in the until -longwill",
        ] {
            find(text, Some(d("2024-02-02")), None);
            find(text, None, None);
        }
    }

    #[test]
    fn since_as_the_regex_reads_it() {
        for text in [
            "since",
            "Since the war",
            "ever SINCE",
            "sinced",
            "_since",
            "1since",
            "since_",
            "convinced",
            "rinse",
            "sin ce",
            "ſince",
            "ſince then",
            "de-since",
            "’since’",
            "é since",
            "ésince",
            "",
        ] {
            assert_eq!(
                has_since(text),
                PATTERNS.since_clause.is_match(text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn future_tense_reads_the_last_words_of_the_clause() {
        for (text, future) in [
            ("They will meet on", true),
            ("They WON'T meet on", true),
            ("We’ll meet on", true),
            ("he said. They met on", false),
            ("will. They met on", false),
            ("it is scheduled b c d e f g for", true),
            ("it is scheduled a b c d e f g for", false),
            ("Plans—in 2 (a) “b”: for", true),
            ("", false),
            ("until", true),
        ] {
            assert_eq!(future_tense(text, text.len()), future, "{text:?}");
        }
    }

    #[test]
    fn may_the_verb_is_not_a_month() {
        assert!(find("Tehran may 5 times respond", None, None).is_empty());
        assert!(find("at least 2000 people fled", None, None).is_empty());
    }

    /// No time expression may come from a text without a cue, or the
    /// stage's skip of cue-free sentences would hide a date. Checked on the
    /// project's own cases and examples and, when `../shared` is there, on
    /// every input of the Recognizers-Text test files (dates, times,
    /// holidays, sets).
    #[test]
    fn cue_words_cover_every_pattern_match() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts: Vec<String> = include_str!("../tests/time_cases.tsv")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split('\t').nth(1).map(str::to_owned))
            .collect();
        texts.extend(crate::example_lines());
        // Unicode case folding: a long s reads as "s" to the patterns.
        texts.push("on ſunday".to_owned());
        let shared = root.join("../../../shared/bench/time/recognizers-text");
        match std::fs::read_dir(&shared) {
            Ok(dir) => {
                for entry in dir {
                    let path = entry.unwrap().path();
                    if path.extension().is_none_or(|e| e != "json") {
                        continue;
                    }
                    let raw = std::fs::read_to_string(&path).unwrap();
                    let cases: serde_json::Value =
                        serde_json::from_str(raw.trim_start_matches('\u{feff}')).unwrap();
                    for case in cases.as_array().into_iter().flatten() {
                        if let Some(input) = case["Input"].as_str() {
                            texts.push(input.to_owned());
                        }
                    }
                }
            }
            Err(_) => eprintln!(
                "skipping Recognizers-Text inputs: {} absent",
                shared.display()
            ),
        }
        // The stage's own test: its one automaton pass, then the cues
        // outside it.
        let kb = sitrep_kb::Kb::embedded().unwrap();
        let gazetteer = crate::Gazetteer::with_lexicon(&kb, &crate::Lexicon::new(&kb));
        let mut without_cue = 0;
        let mut missed = Vec::new();
        for text in &texts {
            if !gazetteer.scan(text).time_cue() {
                without_cue += 1;
                for (reference, year) in [(None, None), (Some(d("2024-02-02")), Some(2024))] {
                    if !find(text, reference, year).is_empty() {
                        missed.push(text);
                    }
                }
            }
        }
        assert!(
            missed.is_empty(),
            "expressions in texts without a cue: {missed:#?}"
        );
        assert!(without_cue > 0, "the check saw no text without a cue");
        eprintln!("{} texts, {without_cue} without a cue", texts.len());
    }
}

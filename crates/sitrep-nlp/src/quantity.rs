//! Numbers with their qualifiers: "at least 80", "more than 180", "three",
//! "2,000", "1.5 million", "two dozen", "100-plus", "dozens", "between 100
//! and 300", and the zero of "no Americans were harmed" — and, with [`tie`],
//! what each counts (a `kb/lexicon.csv` figure value: `killed`, `missiles`,
//! …, or `troops` for a head count) and whom ("US service members").

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;
use sitrep_core::Qualifier;
use sitrep_core::nlp::{Quantity, TimeExpr};

use crate::lexicon::TermMatch;
use crate::scan::ByteCues;
use crate::words::{at_most_words, lower_in, spans_iter};

const QUALIFIER: &str = r"(?i:(at least|no fewer than|no less than|a minimum of|more than|over|upwards of|in excess of|nearly|almost|close to|about|around|approximately|roughly|some|an estimated|estimated|up to|as many as|at most|fewer than|less than|under)\s+)?";
const NUMBER: &str = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|(?i:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a hundred|one hundred|a thousand|a dozen|one dozen)(?:[- ](?i:one|two|three|four|five|six|seven|eight|nine))?)";
const SCALE: &str = r"(?:\s+(?i:(hundred|thousand|million|billion|dozen)))?";

// The patterns use ASCII word boundaries: a Unicode `\b` stops the regex
// engine's DFA on any non-ASCII text (curly quotes, dashes).
static NUMBER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b){QUALIFIER}{NUMBER}{SCALE}(?:\s+(?:to|and|or)\s+{NUMBER}{SCALE})?(?-u:\b)"
    ))
    .expect("quantity pattern compiles")
});

static BETWEEN_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)between\s+$").expect("between pattern compiles"));

static VAGUE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(dozens|scores|hundreds|thousands|tens of thousands|several|a number of|a handful|a few|numerous|many)(?-u:\b)")
        .expect("vague pattern compiles")
});

/// "no"/"zero"/"none of the" followed closely by a person or casualty noun.
static ZERO_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:no|zero|none of the)\s+(?:[\w.'’-]+\s+){0,4}?(?:casualties|deaths|fatalities|injuries|one|lives|americans|personnel|troops|soldiers|people|civilians|service members|members|staff|crew|killed|dead)(?-u:\b)")
        .expect("zero pattern compiles")
});

/// The three scanning patterns in one set: one pass over a sentence says
/// which of them can match, and the others are not run (measured on the
/// example corpus: the quantity step 1.13 times as fast as three passes).
/// The nlp stage does without it: its automaton pass finds the cue words
/// ([`Cues`]) instead.
static SCAN: LazyLock<regex::RegexSet> = LazyLock::new(|| {
    regex::RegexSet::new([NUMBER_RE.as_str(), VAGUE_RE.as_str(), ZERO_RE.as_str()])
        .expect("quantity pattern set compiles")
});

/// Words one of which, not touching an ASCII letter, is in every match of
/// the number pattern (or else a digit is), of the vague one and of the
/// zero one, in that order: the number words and scales, the vague words
/// ("a *handful*", "tens of *thousands*"), "no"/"zero"/"none".
#[rustfmt::skip]
pub const CUE_WORDS: [&[&str]; 3] = [
    &[
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
        "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
        "hundred", "thousand", "dozen",
    ],
    &[
        "dozens", "scores", "hundreds", "thousands", "several", "number", "handful", "few",
        "numerous", "many",
    ],
    &["no", "zero", "none"],
];

/// Which scanning patterns may match a sentence, from its cues: with none
/// of a pattern's cue words (or, for numbers, digits) it cannot match and
/// is not run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cues {
    /// Where the number cues (digits and number words) start: the first and
    /// the last. Every match of the number pattern holds one, at or after
    /// its own start, so none starts after the last, nor more than four
    /// words before the first ([`earliest_start`]); `(0, usize::MAX)` when
    /// not known.
    pub number: Option<(usize, usize)>,
    pub vague: bool,
    pub zero: bool,
}

/// Cues that allow every pattern everywhere.
const EVERYWHERE: Cues = Cues {
    number: Some((0, usize::MAX)),
    vague: true,
    zero: true,
};

impl Cues {
    /// Marks the pattern of word `index` of the concatenated [`CUE_WORDS`],
    /// found at byte `start`.
    pub fn add_word(&mut self, index: usize, start: usize) {
        let [numbers, vague, _] = CUE_WORDS;
        if index < numbers.len() {
            self.add_number(start, start);
        } else if index < numbers.len() + vague.len() {
            self.vague = true;
        } else {
            self.zero = true;
        }
    }

    fn add_number(&mut self, first: usize, last: usize) {
        self.number = Some(match self.number {
            Some((f, l)) => (f.min(first), l.max(last)),
            None => (first, last),
        });
    }

    /// Adds the cues that are not words: an ASCII digit is a number; and
    /// the patterns' case-insensitive words also match the two non-ASCII
    /// letters Unicode folds to ASCII ones ("thouſands", the Kelvin sign for
    /// "k"), which a scan for ASCII words does not see.
    pub fn with_bytes(mut self, bytes: ByteCues) -> Self {
        if bytes.folds_to_ascii {
            return EVERYWHERE;
        }
        if let Some((first, last)) = bytes.digits {
            self.add_number(first, last);
        }
        self
    }
}

/// The earliest byte a match of the number pattern can start at when its
/// number holds a cue at `cue`: four words before it at most (a qualifier
/// of up to three, "no fewer than", and the "a" of "a hundred"), each word
/// taken as the whole run of non-white-space it is in (the pattern's `\s`
/// is Unicode white space, as `char::is_whitespace`).
fn earliest_start(sentence: &str, cue: usize) -> usize {
    let mut at = cue.min(sentence.len());
    for _ in 0..4 {
        at = sentence[..at].trim_end().len();
        at = sentence[..at]
            .trim_end_matches(|c: char| !c.is_whitespace())
            .len();
    }
    at
}

/// Value of an English number word ("eighty" → 80, "a dozen" → 12).
pub fn number_word(word: &str) -> Option<u64> {
    let w = word.to_ascii_lowercase();
    let (head, tail) = match w.split_once(['-', ' ']) {
        Some((h, t)) if !matches!(h, "a" | "one") => (h.to_string(), Some(t.to_string())),
        _ => (w.clone(), None),
    };
    let base = match head.as_str() {
        "zero" => 0,
        "one" | "a" | "an" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        "a hundred" | "one hundred" => 100,
        "a thousand" => 1000,
        "a dozen" | "one dozen" => 12,
        _ => return None,
    };
    match tail {
        Some(t) => number_word(&t).map(|n| base + n),
        None => Some(base),
    }
}

fn value(number: &str, scale: Option<&str>) -> Option<u64> {
    let base: f64 = if number.chars().next()?.is_ascii_digit() {
        number.replace(',', "").parse().ok()?
    } else {
        number_word(number)? as f64
    };
    let factor = match scale.map(|s| s.to_ascii_lowercase()) {
        Some(s) if s == "hundred" => 100.0,
        Some(s) if s == "thousand" => 1e3,
        Some(s) if s == "million" => 1e6,
        Some(s) if s == "billion" => 1e9,
        Some(s) if s == "dozen" => 12.0,
        _ => 1.0,
    };
    Some((base * factor).round() as u64)
}

fn qualifier(word: Option<&str>) -> Qualifier {
    match word.map(|w| w.to_ascii_lowercase()).as_deref() {
        None => Qualifier::Exact,
        Some("at least" | "no fewer than" | "no less than" | "a minimum of") => Qualifier::AtLeast,
        Some("more than" | "over" | "upwards of" | "in excess of") => Qualifier::MoreThan,
        Some(
            "up to" | "as many as" | "at most" | "fewer than" | "less than" | "under" | "nearly"
            | "almost" | "close to",
        ) => Qualifier::UpTo,
        Some(_) => Qualifier::About,
    }
}

/// Quantities in `sentence`, skipping anything inside a time expression
/// (years, day numbers) and numbers glued to units ("24-hour", "4K").
pub fn find(sentence: &str, times: &[TimeExpr]) -> Vec<Quantity> {
    let scan = SCAN.matches(sentence);
    let cues = Cues {
        number: EVERYWHERE.number.filter(|_| scan.matched(0)),
        vague: scan.matched(1),
        zero: scan.matched(2),
    };
    find_cued(sentence, times, cues)
}

/// [`find`] running only the patterns `cues` allow: the same quantities
/// when `cues` come from the sentence's [`CUE_WORDS`] and
/// [`Cues::with_bytes`].
pub fn find_cued(sentence: &str, times: &[TimeExpr], cues: Cues) -> Vec<Quantity> {
    let in_time = |s: usize, e: usize| times.iter().any(|t| s < t.end && t.start < e);
    let mut out = Vec::new();
    // The number pattern's matches, searched for only from the earliest
    // start its first cue allows and while a cue is left ahead.
    let mut window = cues
        .number
        .map(|(first, last)| (earliest_start(sentence, first), last));
    let numbers = std::iter::from_fn(|| {
        let (at, last) = window?;
        let c = (at <= last)
            .then(|| NUMBER_RE.captures_at(sentence, at))
            .flatten()?;
        window = Some((c.get(0)?.end(), last));
        Some(c)
    });
    for c in numbers {
        let m = c.get(0).unwrap();
        let number = c.get(2).unwrap();
        if in_time(number.start(), number.end()) {
            continue;
        }
        let after = &sentence[m.end()..];
        // "100-plus", "100+": an open lower bound.
        let plus = after.starts_with('+')
            || after
                .as_bytes()
                .get(..5)
                .is_some_and(|b| b.eq_ignore_ascii_case(b"-plus"));
        if !plus
            && (after.starts_with('-') && !after.starts_with("- ")
                || after.starts_with(['%', 'x', 'K']))
        {
            continue;
        }
        let Some(low) = value(number.as_str(), c.get(3).map(|s| s.as_str())) else {
            continue;
        };
        let mut q = Quantity {
            start: m.start(),
            end: m.end(),
            low: Some(low),
            high: Some(low),
            qualifier: qualifier(c.get(1).map(|q| q.as_str())),
            counts: None,
            subject: None,
        };
        if plus && c.get(1).is_none() {
            q.qualifier = Qualifier::MoreThan;
            q.end += if after.starts_with('+') { 1 } else { 5 };
        }
        if let Some(second) = c.get(4) {
            let high = value(second.as_str(), c.get(5).map(|s| s.as_str()));
            if high.is_some_and(|h| h > low) {
                q.high = high;
                q.qualifier = Qualifier::About;
            }
        } else if BETWEEN_RE.is_match(&sentence[..m.start()]) {
            q.qualifier = Qualifier::About;
        }
        match q.qualifier {
            Qualifier::AtLeast | Qualifier::MoreThan => q.high = None,
            Qualifier::UpTo => q.low = None,
            _ => {}
        }
        out.push(q);
    }
    let vague = cues.vague.then(|| VAGUE_RE.find_iter(sentence));
    for m in vague.into_iter().flatten() {
        if out.iter().any(|q| m.start() < q.end && q.start < m.end()) {
            continue;
        }
        let lower = m.as_str().to_ascii_lowercase();
        let (low, high) = match lower.as_str() {
            "dozens" => (Some(24), Some(99)),
            "scores" => (Some(40), Some(199)),
            "hundreds" => (Some(200), Some(999)),
            "thousands" => (Some(2000), Some(9999)),
            "tens of thousands" => (Some(20000), Some(99999)),
            "several" | "a few" => (Some(2), Some(9)),
            "a handful" => (Some(2), Some(6)),
            _ => (Some(2), None),
        };
        out.push(Quantity {
            start: m.start(),
            end: m.end(),
            low,
            high,
            qualifier: Qualifier::Unknown,
            counts: None,
            subject: None,
        });
    }
    let zero = cues.zero.then(|| ZERO_RE.find_iter(sentence));
    for m in zero.into_iter().flatten() {
        let word_end = m.start() + m.as_str().find(char::is_whitespace).unwrap_or(m.len());
        if out.iter().any(|q| m.start() < q.end && q.start < word_end) {
            continue;
        }
        out.push(Quantity {
            start: m.start(),
            end: word_end,
            low: Some(0),
            high: Some(0),
            qualifier: Qualifier::Exact,
            counts: None,
            subject: None,
        });
    }
    out.sort_by_key(|q| q.start);
    out
}

/// Figure values that count things right after the number ("15 missiles").
const THING_KINDS: &[&str] = &["missiles", "rockets", "drones", "attacks"];
/// Words that end the subject of a count ("80 people *were* killed").
const SUBJECT_STOPS: &[&str] = &[
    "were", "was", "had", "have", "has", "are", "is", "suffered", "in", "at", "on", "near",
    "during", "who", "that", "and", "after", "when", "from", "by", "with", "since",
];
/// Head nouns of a count of people under arms ("2,500 US troops").
const TROOP_NOUNS: &[&str] = &[
    "troops",
    "soldiers",
    "service members",
    "servicemembers",
    "personnel",
    "marines",
    "sailors",
    "fighters",
    "militants",
    "forces",
    "reservists",
    "contractors",
];

fn subject_words(text: &str, from: usize, to: usize) -> Option<String> {
    let mut end = from;
    for (s, e) in spans_iter(&text[from..to]).take(6) {
        if lower_in(&text[from + s..from + e], SUBJECT_STOPS) {
            break;
        }
        end = from + e;
    }
    let cleaned: String = text[from..end]
        .trim()
        .trim_matches(|c: char| matches!(c, '"' | '“' | '”' | '\'' | ',' | ' ' | '(' | ')'))
        .replace(['"', '“', '”'], "");
    let mut cleaned = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    // "dozens of civilians": whom is after the "of".
    for lead in ["of the ", "of "] {
        if cleaned.to_lowercase().starts_with(lead) {
            cleaned = cleaned[lead.len()..].to_string();
        }
    }
    let lower = cleaned.to_lowercase();
    // "of the", "such": no subject in them.
    (!cleaned.is_empty()
        && !matches!(
            lower.as_str(),
            "of" | "of the" | "such" | "more" | "people's"
        ))
    .then_some(cleaned)
}

/// Ties each quantity to what it counts and whom, from the figure cue words
/// of `kb/lexicon.csv` found in `sentence` (`cues`):
///
/// 1. a thing noun within two words after: "15 ballistic missiles";
/// 2. a casualty word just before: "killing 12 civilians", "the deaths of
///    three soldiers" — the words after the number are whom;
/// 3. a casualty word later in the clause, within ten words: "80 people were
///    killed", "110 US service members were diagnosed with brain injuries";
/// 4. else a head noun of people under arms: "2,500 US troops" → `troops`.
pub fn tie(sentence: &str, quantities: &mut [Quantity], cues: &[TermMatch]) {
    for q in quantities.iter_mut() {
        let window_end = spans_iter(&sentence[q.end..])
            .nth(2)
            .map_or(sentence.len(), |w| q.end + w.1);
        if let Some(c) = cues.iter().find(|c| {
            c.start >= q.end && c.end <= window_end && THING_KINDS.contains(&c.value.as_str())
        }) {
            q.counts = Some(c.value.clone());
            continue;
        }
        if let Some(c) = cues.iter().rev().find(|c| {
            c.end <= q.start
                && !THING_KINDS.contains(&c.value.as_str())
                && spans_iter(&sentence[c.end..q.start]).all(|(ws, we)| {
                    matches!(&sentence[c.end + ws..c.end + we], "of" | "to" | "the")
                })
                && !sentence[c.end..q.start].contains([',', ';', ':', '.'])
        }) {
            q.counts = Some(c.value.clone());
            let clause_end = sentence[q.end..]
                .find([',', ';', ':', '.'])
                .map_or(sentence.len(), |i| q.end + i);
            q.subject = subject_words(sentence, q.end, clause_end);
            continue;
        }
        let clause_end = sentence[q.end..]
            .find([',', ';', ':'])
            .map_or(sentence.len(), |i| q.end + i);
        if let Some(c) = cues.iter().find(|c| {
            c.start >= q.end
                && c.end <= clause_end
                && !THING_KINDS.contains(&c.value.as_str())
                && at_most_words(sentence, q.end, c.start, 10)
        }) {
            q.counts = Some(c.value.clone());
            q.subject = subject_words(sentence, q.end, c.start);
            continue;
        }
        // Lowercased only when it is not ASCII (where lengths may change);
        // ASCII is compared ignoring case.
        let rest = &sentence[q.end..];
        let rest: Cow<str> = if rest.is_ascii() {
            Cow::Borrowed(rest)
        } else {
            Cow::Owned(rest.to_lowercase())
        };
        for (i, (_, e)) in spans_iter(&rest).take(4).enumerate() {
            let upto = rest[..e].trim_start();
            if TROOP_NOUNS.iter().any(|n| {
                upto.len() >= n.len()
                    && upto.as_bytes()[upto.len() - n.len()..].eq_ignore_ascii_case(n.as_bytes())
            }) {
                q.counts = Some("troops".into());
                q.subject = subject_words(sentence, q.end, q.end + e);
                break;
            }
            if i >= 2 {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> Vec<(String, Option<u64>, Option<u64>, Qualifier)> {
        find(text, &crate::time::find(text, None, None))
            .into_iter()
            .map(|q| (text[q.start..q.end].to_string(), q.low, q.high, q.qualifier))
            .collect()
    }

    #[test]
    fn qualified_numbers() {
        assert_eq!(
            q("at least 80 were killed"),
            vec![("at least 80".into(), Some(80), None, Qualifier::AtLeast)]
        );
        assert_eq!(
            q("more than 180 attacks"),
            vec![("more than 180".into(), Some(180), None, Qualifier::MoreThan)]
        );
        assert_eq!(
            q("Approximately 2,000 troops"),
            vec![(
                "Approximately 2,000".into(),
                Some(2000),
                Some(2000),
                Qualifier::About
            )]
        );
        assert_eq!(
            q("three American troops"),
            vec![("three".into(), Some(3), Some(3), Qualifier::Exact)]
        );
        assert_eq!(
            q("1.5 million people"),
            vec![(
                "1.5 million".into(),
                Some(1_500_000),
                Some(1_500_000),
                Qualifier::Exact
            )]
        );
        assert_eq!(
            q("up to 40 injured"),
            vec![("up to 40".into(), None, Some(40), Qualifier::UpTo)]
        );
        assert_eq!(q("between 100 and 300 killed")[0].1, Some(100));
        assert_eq!(q("between 100 and 300 killed")[0].2, Some(300));
        assert_eq!(q("twenty-five killed")[0].1, Some(25));
        assert_eq!(q("a dozen rockets")[0].1, Some(12));
    }

    #[test]
    fn vague_and_zero() {
        assert_eq!(q("dozens were hurt")[0].3, Qualifier::Unknown);
        assert_eq!(q("No Americans were harmed")[0].1, Some(0));
        assert_eq!(q("we suffered no casualties")[0].1, Some(0));
        assert!(q("no longer a threat").is_empty());
    }

    #[test]
    fn skips_years_and_units() {
        assert!(q("on January 8, 2020 over a 24-hour period").is_empty());
    }

    fn tied(text: &str) -> Vec<(String, Option<String>, Option<String>)> {
        let kb = sitrep_kb::Kb::embedded().unwrap();
        let lexicon = crate::Lexicon::new(&kb);
        let mut found = find(text, &crate::time::find(text, None, None));
        tie(text, &mut found, &lexicon.figures.find(text));
        found
            .into_iter()
            .map(|q| (text[q.start..q.end].to_string(), q.counts, q.subject))
            .collect()
    }

    #[test]
    fn counts_are_tied_to_what_and_whom() {
        assert_eq!(
            tied("Iran fired 15 ballistic missiles at the bases."),
            vec![("15".into(), Some("missiles".into()), None)]
        );
        assert_eq!(
            tied("State TV said at least 80 American soldiers were killed."),
            vec![(
                "at least 80".into(),
                Some("killed".into()),
                Some("American soldiers".into())
            )]
        );
        assert_eq!(
            tied("The drone strike killed three US service members on Sunday."),
            vec![(
                "three".into(),
                Some("killed".into()),
                Some("US service members".into())
            )]
        );
        assert_eq!(
            tied("Later, 110 US service members were diagnosed with traumatic brain injuries."),
            vec![(
                "110".into(),
                Some("injured".into()),
                Some("US service members".into())
            )]
        );
        assert_eq!(
            tied("About 2,500 US troops remain in the country."),
            vec![(
                "About 2,500".into(),
                Some("troops".into()),
                Some("US troops".into())
            )]
        );
        assert_eq!(
            tied("Dozens of civilians were wounded in the blast."),
            vec![(
                "Dozens".into(),
                Some("injured".into()),
                Some("civilians".into())
            )]
        );
        assert_eq!(
            tied("The militia has launched more than 160 attacks.")[0]
                .1
                .as_deref(),
            Some("attacks")
        );
    }

    /// The cues as the stage finds them: a scan for the cue words, then
    /// [`Cues::with_bytes`].
    fn scanned_cues(text: &str) -> Cues {
        static SCANNER: LazyLock<crate::scan::Scanner> = LazyLock::new(|| {
            let words: Vec<String> = CUE_WORDS.concat().iter().map(|w| w.to_string()).collect();
            crate::scan::Scanner::new([&[], &[], &[], &[], &[], &words])
        });
        SCANNER.scan(text).quantity_cues()
    }

    #[test]
    fn cues_cover_every_match() {
        let mut texts: Vec<String> = [
            // A long s and the Kelvin sign fold to "s" and "k".
            "thouſands fled",
            "many a dozen\u{212a}illed: twenty",
            "someone saw none of the troops",
            "tens of thousands fled; 2,000 and 3.5 million",
            "é-one person, 5days, _no casualties",
            "no one was hurt",
            // The longest reach back from a number cue: a three-word
            // qualifier and the "a" of "a hundred".
            "they said no fewer than  a hundred troops",
            "(in excess of\u{2003}a thousand)",
            "Nothing happened, knowing anyone",
            "",
        ]
        .map(str::to_owned)
        .to_vec();
        texts.extend(crate::example_lines());
        assert_eq!(find(&texts[0], &[]).len(), 1);
        let mut skipped = [0; 3];
        for text in &texts {
            let cues = scanned_cues(text);
            assert_eq!(find(text, &[]), find_cued(text, &[], cues), "{text:?}");
            for (n, on) in skipped
                .iter_mut()
                .zip([cues.number.is_some(), cues.vague, cues.zero])
            {
                *n += usize::from(!on);
            }
        }
        // The gate must have something to skip for the check to mean anything.
        assert!(skipped.iter().all(|&n| n > 0), "{skipped:?}");
    }

    proptest::proptest! {
        #[test]
        fn cued_find_is_find(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "one", "Twenty", "-five", "ſeven", "\u{212a}", "no", "none of the", "Zero",
                    "casualties", "troops", " ", "  ", "-", ",", "a dozen", "12", "1.5", "x",
                    "é", "many", "tens of thousands", "at least", "between", "and", "_",
                    "someone", "hundreds", "a handful", "a number of", "few", "+", "thousand",
                    "no fewer than", "in excess of", "a hundred", "hundred", "\u{2003}", "(",
                ]),
                0..12,
            ),
        ) {
            let text = pieces.concat();
            proptest::prop_assert_eq!(find(&text, &[]), find_cued(&text, &[], scanned_cues(&text)));
        }

        #[test]
        fn cued_find_is_find_on_any_text(text in "\\PC{0,60}") {
            proptest::prop_assert_eq!(find(&text, &[]), find_cued(&text, &[], scanned_cues(&text)));
        }
    }

    #[test]
    fn dozens_plus_and_handfuls() {
        assert_eq!(q("nearly two dozen rockets")[0].2, Some(24));
        assert_eq!(
            q("100-plus injuries were reported"),
            vec![("100-plus".into(), Some(100), None, Qualifier::MoreThan)]
        );
        assert_eq!(q("a handful of drones")[0].1, Some(2));
        assert_eq!(q("eighty were killed")[0].1, Some(80));
        assert_eq!(q("hundreds fled")[0].1, Some(200));
        assert_eq!(q("more than a dozen")[0].1, Some(12));
        assert_eq!(q("over 100 wounded")[0].3, Qualifier::MoreThan);
        assert_eq!(q("about 40 killed")[0].3, Qualifier::About);
    }
}

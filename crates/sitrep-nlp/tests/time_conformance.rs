//! The project's own temporal conformance suite: news-style sentences we
//! wrote, each with its reference date and the expected TIMEX3 value,
//! resolved range, precision and (for event-relative expressions) offset, in
//! `time_cases.tsv`. The tagger must reproduce at least 95% of them; every
//! failure is printed.

use chrono::NaiveDate;
use sitrep_core::DatePrecision;
use sitrep_core::nlp::{TimeAnchor, TimeExpr};
use sitrep_nlp::time;

struct Case {
    line: usize,
    reference: Option<NaiveDate>,
    text: String,
    span: Option<String>,
    value: String,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    precision: String,
    offset: Option<i64>,
}

fn opt<T: std::str::FromStr>(field: &str) -> Option<T> {
    (field != "-").then(|| field.parse().ok()).flatten()
}

fn cases() -> Vec<Case> {
    let data = include_str!("time_cases.tsv");
    data.lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
        .map(|(i, l)| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(
                f.len(),
                8,
                "time_cases.tsv line {}: 8 fields expected",
                i + 1
            );
            Case {
                line: i + 1,
                reference: opt(f[0]),
                text: f[1].to_string(),
                span: (f[2] != "-").then(|| f[2].to_string()),
                value: f[3].to_string(),
                start: opt(f[4]),
                end: opt(f[5]),
                precision: f[6].to_string(),
                offset: opt(f[7]),
            }
        })
        .collect()
}

/// The expression text without a leading preposition or article.
fn core(text: &str) -> String {
    let mut t = text.trim().to_lowercase();
    loop {
        let before = t.clone();
        for lead in ["on ", "in ", "at ", "over ", "during ", "for ", "the "] {
            if let Some(rest) = t.strip_prefix(lead) {
                t = rest.to_string();
            }
        }
        if t == before {
            return t;
        }
    }
}

fn precision_name(p: DatePrecision) -> &'static str {
    match p {
        DatePrecision::Day => "day",
        DatePrecision::Week => "week",
        DatePrecision::Month => "month",
        DatePrecision::Year => "year",
        DatePrecision::Unknown => "unknown",
    }
}

fn check(case: &Case, found: &[TimeExpr]) -> Result<(), String> {
    let Some(span) = &case.span else {
        return match found.is_empty() {
            true => Ok(()),
            false => Err(format!("expected nothing, found {:?}", found)),
        };
    };
    let at = case
        .text
        .find(span.as_str())
        .ok_or_else(|| format!("span {span:?} not in the sentence"))?;
    let t = found
        .iter()
        .find(|t| t.start < at + span.len() && at < t.end)
        .ok_or_else(|| format!("nothing found at {span:?}; found {found:?}"))?;
    let text = &case.text[t.start..t.end];
    let mut problems = Vec::new();
    if core(text) != core(span) {
        problems.push(format!("text {text:?}"));
    }
    if t.value != case.value {
        problems.push(format!("value {}", t.value));
    }
    if (t.value_start, t.value_end) != (case.start, case.end) {
        problems.push(format!("range {:?}..{:?}", t.value_start, t.value_end));
    }
    if precision_name(t.precision) != case.precision {
        problems.push(format!("precision {}", precision_name(t.precision)));
    }
    let offset = match t.anchor {
        TimeAnchor::EventRelative(days) => Some(days),
        TimeAnchor::Absolute => None,
    };
    if offset != case.offset {
        problems.push(format!("offset {offset:?}"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join(", "))
    }
}

#[test]
fn own_suite_passes_at_least_95_percent() {
    let cases = cases();
    assert!(cases.len() >= 150, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let found = time::find(&case.text, case.reference, None);
        if let Err(why) = check(case, &found) {
            failures.push(format!(
                "line {} [{}] {:?}: expected {} {:?}..{:?} {}; got {why}",
                case.line,
                case.reference.map_or("-".into(), |r| r.to_string()),
                case.text,
                case.value,
                case.start,
                case.end,
                case.precision
            ));
        }
    }
    let passed = cases.len() - failures.len();
    for f in &failures {
        println!("FAIL {f}");
    }
    println!(
        "time conformance: {passed}/{} passed ({:.1}%)",
        cases.len(),
        100.0 * passed as f64 / cases.len() as f64
    );
    assert!(
        passed * 100 >= cases.len() * 95,
        "{passed}/{} passed; failures above",
        cases.len()
    );
}

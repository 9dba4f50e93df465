//! Person and organisation names that a gazetteer also lists as places
//! ("Jackson", "Taylor", "Warren", "Rust"), told apart by evidence from the
//! whole text: a title before the name ("Mr. Jackson", "Gen. Allen"), a
//! given name before it ("Andrew Jackson"), a verb of speech after it
//! ("Taylor said", "Kan reported"), a company word after it ("Rust Inc."),
//! a disease named after it ("Marburg virus"), or coordination with a name
//! already known to be a person's ("Obama and Warren"). Once the text shows a
//! name to be a person's, its other mentions are too, unless a locative word
//! vouches for one ("in Jackson").
//!
//! The word lists are data (`kb/person_titles.csv`, `kb/given_names.csv`,
//! `kb/speech_verbs.csv`, `kb/organisation_suffixes.csv`,
//! `kb/eponym_heads.csv`, each row with its language and source), compiled
//! in and read once.

use std::sync::LazyLock;

use rustc_hash::FxHashSet as HashSet;

use crate::find::Candidate;
use crate::gazetteer::{EntryKind, Gazetteer};
use crate::resolve::Reading;

/// One word list of `kb/`: the `word` column, lower-cased unless `exact`.
fn list(csv: &'static str, exact: bool) -> HashSet<String> {
    csv.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .map(|w| {
            if exact {
                w.to_string()
            } else {
                w.to_lowercase()
            }
        })
        .collect()
}

struct Lists {
    titles: HashSet<String>,
    given: HashSet<String>,
    speech: HashSet<String>,
    organisations: HashSet<String>,
    eponyms: HashSet<String>,
}

static LISTS: LazyLock<Lists> = LazyLock::new(|| Lists {
    titles: list(include_str!("../../../kb/person_titles.csv"), false),
    given: list(include_str!("../../../kb/given_names.csv"), true),
    speech: list(include_str!("../../../kb/speech_verbs.csv"), false),
    organisations: list(include_str!("../../../kb/organisation_suffixes.csv"), false),
    eponyms: list(include_str!("../../../kb/eponym_heads.csv"), false),
});

/// True for a given name of `kb/given_names.csv` ("Andrew").
pub(crate) fn given_name(word: &str) -> bool {
    LISTS.given.contains(word)
}

/// Words before a name that place it whatever else the text says of the
/// name ("in Jackson"); "from", "to" and "of" also follow people ("a letter
/// from Jackson").
const PLACE_WORDS: &[&str] = &[
    "in",
    "at",
    "near",
    "outside",
    "inside",
    "into",
    "across",
    "around",
    "toward",
    "towards",
    "throughout",
    "downtown",
    "suburban",
];

/// What the text says a name is, where it says anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Evidence {
    Person,
    /// A company, or a disease named after the place.
    Other,
}

/// For each of `found`, true when the text shows its name to be a person's
/// or an organisation's rather than a place's.
pub(crate) fn not_places(text: &str, found: &[Candidate]) -> Vec<bool> {
    let mut named: HashSet<&str> = HashSet::default();
    for c in found.iter().filter(|c| may_be_a_name(c)) {
        let surface = &text[c.start..c.end];
        if !named.contains(surface) && evidence_anywhere(text, surface, c).is_some() {
            named.insert(surface);
        }
    }
    // "Obama and Warren said": beside a person, a person.
    for c in found.iter().filter(|c| may_be_a_name(c)) {
        let surface = &text[c.start..c.end];
        if !named.contains(surface) && beside_a_person(text, c, &named) {
            named.insert(surface);
        }
    }
    found
        .iter()
        .map(|c| {
            named.contains(&text[c.start..c.end])
                && may_be_a_name(c)
                && !placed_by_words_before(text, c.start)
        })
        .collect()
}

/// False for a candidate that is a country, a first-level division, a
/// continent or a kb site: those are what the text means even after "said"
/// ("Jordan said", "Washington warned").
fn may_be_a_name(c: &Candidate) -> bool {
    if c.form != crate::resolve::NameForm::Name {
        return false;
    }
    let g = Gazetteer::get();
    !c.readings.iter().any(|r| match r {
        Reading::Entry(i) => matches!(
            g.entry(*i).kind,
            EntryKind::Country | EntryKind::Admin1 | EntryKind::Region
        ),
        _ => true,
    })
}

/// A place of a million people or more is what "Moscow said" means, when
/// the name is its own and not one of its other names ("Kan" for Ganzhou).
fn metropolis(c: &Candidate, surface: &str) -> bool {
    let g = Gazetteer::get();
    c.readings.iter().any(|r| match r {
        Reading::Entry(i) => {
            let e = g.entry(*i);
            e.population >= 1_000_000 && e.name.eq_ignore_ascii_case(surface)
        }
        _ => false,
    })
}

/// What any whole-word occurrence of `surface` in `text` says it is.
fn evidence_anywhere(text: &str, surface: &str, c: &Candidate) -> Option<Evidence> {
    let bytes = text.as_bytes();
    let word = |i: usize| {
        text[i..]
            .chars()
            .next()
            .is_some_and(|ch| ch.is_alphanumeric())
    };
    let mut from = 0;
    while let Some(at) = text[from..].find(surface) {
        let (start, end) = (from + at, from + at + surface.len());
        from = start + 1;
        let bounded_before = start == 0
            || !text[..start]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
        let bounded_after = end == bytes.len() || !word(end);
        if !(bounded_before && bounded_after) {
            continue;
        }
        if let Some(e) = evidence_at(text, start, end, metropolis(c, surface)) {
            return Some(e);
        }
    }
    None
}

/// What the words around one occurrence (`start..end`) say it is.
fn evidence_at(text: &str, start: usize, end: usize, metropolis: bool) -> Option<Evidence> {
    let lists = &*LISTS;
    let before = word_before(text, start);
    let after = word_after(text, end);
    if let Some((w, gap)) = before {
        let bare = w.trim_end_matches('.');
        if lists.titles.contains(&bare.to_lowercase()) && (gap == " " || gap == ". ") {
            return Some(Evidence::Person);
        }
        if gap == " " && lists.given.contains(w) {
            return Some(Evidence::Person);
        }
    }
    if let Some((w, gap)) = after {
        let bare = w.trim_end_matches('.');
        if gap == " " && starts_upper(w) && lists.organisations.contains(&bare.to_lowercase()) {
            return Some(Evidence::Other);
        }
        if gap == " " && lists.eponyms.contains(bare) {
            return Some(Evidence::Other);
        }
        // "CTV Winnipeg reported": the longer name speaks.
        let inside_a_name = before.is_some_and(|(w, gap)| gap == " " && starts_upper(w));
        if gap == " " && !metropolis && !inside_a_name && lists.speech.contains(bare) {
            return Some(Evidence::Person);
        }
    }
    None
}

/// True when `c` is joined by "and", "or" or a comma to a name in `named`.
fn beside_a_person(text: &str, c: &Candidate, named: &HashSet<&str>) -> bool {
    const JOINS: [&str; 4] = [" and ", " or ", ", ", " & "];
    let (head, tail) = (&text[..c.start], &text[c.end..]);
    named.iter().any(|n| {
        JOINS.iter().any(|j| {
            tail.strip_prefix(j).is_some_and(|t| t.starts_with(n))
                || head.strip_suffix(j).is_some_and(|h| h.ends_with(n))
        })
    })
}

/// True when the word before `start` places the name ("in Jackson").
fn placed_by_words_before(text: &str, start: usize) -> bool {
    word_before(text, start)
        .is_some_and(|(w, gap)| gap == " " && PLACE_WORDS.contains(&w.to_lowercase().as_str()))
}

/// The word before `start` and the text between it and `start`.
fn word_before(text: &str, start: usize) -> Option<(&str, &str)> {
    let head = &text[..start];
    let word_end = head.trim_end_matches(|c: char| !c.is_alphanumeric()).len();
    let gap = &head[word_end..];
    let word_start = head[..word_end]
        .rfind(|c: char| !(c.is_alphanumeric() || c == '-'))
        .map_or(0, |i| {
            i + head[i..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &head[word_start..word_end];
    (!word.is_empty()).then_some((word, gap))
}

/// The word after `end` and the text between `end` and it.
fn word_after(text: &str, end: usize) -> Option<(&str, &str)> {
    let tail = &text[end..];
    let gap_len = tail.len()
        - tail
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .len();
    let rest = &tail[gap_len..];
    let word_len = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '.'))
        .unwrap_or(rest.len());
    let word = &rest[..word_len];
    (!word.is_empty()).then_some((word, &tail[..gap_len]))
}

fn starts_upper(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use sitrep_kb::Kb;

    /// The words of `text` found and kept as places.
    fn places(text: &str) -> Vec<String> {
        let kb = Kb::embedded().unwrap();
        crate::Geocoder::new(&kb)
            .places(text)
            .into_iter()
            .map(|p| text[p.start..p.end].to_string())
            .collect()
    }

    #[test]
    fn titles_given_names_and_speech_make_people() {
        assert!(places("Taylor said the talks would resume.").is_empty());
        assert!(places("Officials met Mr. Jackson on Monday.").is_empty());
        assert!(places("Gen. Allen toured the base.").is_empty());
        assert!(places("Kan reported the figures to the board.").is_empty());
    }

    #[test]
    fn a_person_once_named_stays_a_person() {
        let text = "Andrew Jackson spoke first. Later, Jackson left for the airport.";
        assert!(places(text).is_empty(), "{:?}", places(text));
        // Unless the words before a mention place it.
        let text = "Senator Warren spoke. Floods hit homes in Warren overnight.";
        assert_eq!(places(text), ["Warren"]);
    }

    #[test]
    fn companies_diseases_and_people_beside_people() {
        assert!(places("Shares of Rust Inc. fell.").is_empty());
        assert!(places("A case of Marburg virus was confirmed.").is_empty());
        let text = "President Obama and Warren said they agreed.";
        assert!(places(text).is_empty(), "{:?}", places(text));
    }

    #[test]
    fn countries_and_states_stay_places_after_said() {
        assert_eq!(places("Jordan said the border was closed."), ["Jordan"]);
    }

    #[test]
    fn every_listed_word_has_a_language_and_a_source() {
        let files = [
            include_str!("../../../kb/person_titles.csv"),
            include_str!("../../../kb/given_names.csv"),
            include_str!("../../../kb/speech_verbs.csv"),
            include_str!("../../../kb/organisation_suffixes.csv"),
            include_str!("../../../kb/eponym_heads.csv"),
        ];
        for file in files {
            let mut rows = file.lines().filter(|l| !l.starts_with('#'));
            assert_eq!(rows.next(), Some("word,lang,source"));
            for row in rows {
                let mut cells = row.splitn(3, ',');
                let (word, lang, source) = (cells.next(), cells.next(), cells.next());
                assert!(word.is_some_and(|w| !w.is_empty()), "{row}");
                assert_eq!(lang, Some("en"), "{row}");
                assert!(source.is_some_and(|s| !s.trim().is_empty()), "{row}");
            }
        }
    }
}

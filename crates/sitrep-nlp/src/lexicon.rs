//! The lexicon (`kb/lexicon.csv`) compiled into fast term matchers.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use sitrep_kb::Kb;

use crate::words::is_whole_word;

/// Whole-word, case-insensitive matcher for a set of terms, each mapped to a
/// value ("killed" → `killed`, "refuted" → `denial`).
pub struct TermSet {
    matcher: Option<AhoCorasick>,
    /// The terms, lower-cased and sorted; a [`crate::scan::Hit`] indexes them.
    terms: Vec<String>,
    values: Vec<String>,
}

/// A term found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermMatch {
    pub start: usize,
    pub end: usize,
    pub value: String,
}

impl TermSet {
    pub fn new<'a>(terms: impl Iterator<Item = (&'a str, &'a str)>) -> Self {
        let mut pairs: Vec<(String, String)> = terms
            .map(|(value, term)| (term.to_lowercase(), value.to_string()))
            .collect();
        pairs.sort();
        pairs.dedup_by(|a, b| a.0 == b.0);
        let patterns: Vec<&str> = pairs.iter().map(|(t, _)| t.as_str()).collect();
        let matcher = (!patterns.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(true)
                .build(&patterns)
                .expect("term automaton builds")
        });
        let (terms, values) = pairs.into_iter().unzip();
        TermSet {
            matcher,
            terms,
            values,
        }
    }

    /// The terms, in the order [`TermSet::from_hits`] indexes them.
    pub fn terms(&self) -> &[String] {
        &self.terms
    }

    /// The matches of this set's terms found by a [`crate::scan::Scanner`]
    /// pass (given the same terms): what [`TermSet::find`] returns.
    pub fn from_hits(&self, hits: &[crate::scan::Hit]) -> Vec<TermMatch> {
        hits.iter()
            .map(|&(start, end, index)| TermMatch {
                start,
                end,
                value: self.values[index].clone(),
            })
            .collect()
    }

    pub fn find(&self, text: &str) -> Vec<TermMatch> {
        let Some(matcher) = &self.matcher else {
            return Vec::new();
        };
        matcher
            .find_iter(text)
            .filter(|m| is_whole_word(text, m.start(), m.end()))
            .map(|m| TermMatch {
                start: m.start(),
                end: m.end(),
                value: self.values[m.pattern().as_usize()].clone(),
            })
            .collect()
    }
}

/// The lexicon classes the rules use.
pub struct Lexicon {
    /// `attack`, `kill`, `injure`.
    pub triggers: TermSet,
    /// What a number counts: `killed`, `injured`, `missiles`, ...
    pub figures: TermSet,
    /// `claim`, `report`, `denial`, `confirmation`, `correction`.
    pub stances: TermSet,
    /// `threat`, `background`.
    pub modality: TermSet,
}

impl Lexicon {
    pub fn new(kb: &Kb) -> Self {
        Lexicon {
            triggers: TermSet::new(kb.lexicon_terms("trigger")),
            figures: TermSet::new(kb.lexicon_terms("figure")),
            stances: TermSet::new(kb.lexicon_terms("stance")),
            modality: TermSet::new(kb.lexicon_terms("modality")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_whole_words_with_values() {
        let set = TermSet::new([("killed", "killed"), ("killed", "death toll")].into_iter());
        let hits = set.find("The death toll rose; none were killed, unkilled.");
        let values: Vec<&str> = hits.iter().map(|h| h.value.as_str()).collect();
        assert_eq!(values, vec!["killed", "killed"]);
        assert_eq!(hits[0].start, 4);
    }
}

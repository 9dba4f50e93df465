//! One automaton pass per sentence for every phrase the stage looks up.
//!
//! The stage used to run one `aho-corasick` automaton per phrase list over
//! each sentence: kb aliases (case-folded), kb acronyms (exact case), the
//! lexicon's stance verbs and figure nouns. Each pass read every byte
//! through a DFA table, and together they cost about 18% of the stage on the
//! English ScrapingHub pages, twice what they cost run alone: the tables
//! pushed one another (and the other taggers' automata) out of the CPU
//! cache. [`Scanner`] holds all the lists, plus the cue words of the time
//! tagger and of the quantity patterns, in one ASCII-case-insensitive DFA
//! searched once with overlapping matches; each list's matches are then
//! chosen exactly as its own leftmost-longest automaton would have chosen
//! them (see [`leftmost_longest`]), so the results are unchanged.
//!
//! Walking that DFA anchored from each word start instead (a trie, no
//! failure links) was measured slower: 5.6 against 5.1 ns per byte alone.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use rustc_hash::FxHashMap;

use crate::quantity::Cues;
use crate::words::is_whole_word;

/// The phrase lists of a [`Scanner`], in the order given to [`Scanner::new`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    /// kb aliases, matched ASCII-case-insensitively.
    Aliases = 0,
    /// kb acronyms ("US", "IRGC"), matched in exact case.
    Acronyms = 1,
    /// Lexicon stance terms.
    Stances = 2,
    /// Lexicon figure terms.
    Figures = 3,
    /// The time tagger's cue words ([`crate::time::CUE_WORDS`]).
    TimeCues = 4,
    /// The quantity patterns' cue words ([`crate::quantity::CUE_WORDS`],
    /// concatenated).
    QuantityCues = 5,
}

const LISTS: usize = 6;

impl List {
    const ALL: [List; LISTS] = [
        List::Aliases,
        List::Acronyms,
        List::Stances,
        List::Figures,
        List::TimeCues,
        List::QuantityCues,
    ];
}

/// A phrase found: byte span in the scanned text and its index in its list.
pub type Hit = (usize, usize, usize);

/// What one pass over a text found, list by list.
#[derive(Debug, Default)]
pub struct Scanned {
    /// Per [`List`] (except the cue lists): the matches a leftmost-longest
    /// automaton of that list alone reports, kept when they are whole words.
    lists: [Vec<Hit>; LISTS],
    /// A time cue word is a whole run of ASCII letters in the text.
    cue_word: bool,
    /// The quantity patterns whose cue words (whole runs of ASCII letters)
    /// are in the text.
    quantity: Cues,
}

impl Scanned {
    pub fn hits(&self, list: List) -> &[Hit] {
        &self.lists[list as usize]
    }

    /// Whether `text` (the scanned text) has a time cue: a cue word found by
    /// the pass, or one of [`crate::time::has_other_cue`]. Without one no
    /// time pattern matches (`time::tests::cue_words_cover_every_pattern_match`).
    pub fn time_cue(&self, text: &str) -> bool {
        self.cue_word || crate::time::has_other_cue(text)
    }

    /// The quantity patterns that may match `text` (the scanned text): those
    /// whose cue words the pass found, and those [`Cues::with_text`] adds.
    pub fn quantity_cues(&self, text: &str) -> Cues {
        self.quantity.with_text(text)
    }
}

pub struct Scanner {
    matcher: Option<AhoCorasick>,
    /// Automaton pattern → the lists holding it, with its index in each.
    members: Vec<Vec<(List, usize)>>,
    /// The acronyms, to check their case.
    acronyms: Vec<String>,
}

impl Scanner {
    /// `lists[i]` is the phrases of [`List`] `i`. Phrases are matched
    /// ASCII-case-insensitively, acronyms in their exact case.
    pub fn new(lists: [&[String]; LISTS]) -> Self {
        let mut patterns: Vec<String> = Vec::new();
        let mut members: Vec<Vec<(List, usize)>> = Vec::new();
        let mut by_key: FxHashMap<String, usize> = FxHashMap::default();
        for (list, phrases) in List::ALL.into_iter().zip(lists) {
            for (index, phrase) in phrases.iter().enumerate() {
                // The automaton folds ASCII case: phrases equal but for it
                // are one pattern.
                let key = phrase.to_ascii_lowercase();
                let id = *by_key.entry(key).or_insert_with(|| {
                    patterns.push(phrase.clone());
                    members.push(Vec::new());
                    patterns.len() - 1
                });
                members[id].push((list, index));
            }
        }
        let matcher = (!patterns.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .ascii_case_insensitive(true)
                .kind(Some(AhoCorasickKind::DFA))
                .build(&patterns)
                .expect("phrase automaton builds")
        });
        Scanner {
            matcher,
            members,
            acronyms: lists[List::Acronyms as usize].to_vec(),
        }
    }

    /// Every list's matches in `text`.
    pub fn scan(&self, text: &str) -> Scanned {
        let mut scanned = Scanned::default();
        let Some(matcher) = &self.matcher else {
            return scanned;
        };
        let bytes = text.as_bytes();
        for m in matcher.find_overlapping_iter(text) {
            let (start, end) = (m.start(), m.end());
            let letter = |i: Option<&u8>| i.is_some_and(u8::is_ascii_alphabetic);
            let cue = || {
                !letter(start.checked_sub(1).and_then(|i| bytes.get(i))) && !letter(bytes.get(end))
            };
            for &(list, index) in &self.members[m.pattern().as_usize()] {
                match list {
                    List::TimeCues => scanned.cue_word |= cue(),
                    List::QuantityCues => {
                        if cue() {
                            scanned.quantity.add_word(index);
                        }
                    }
                    List::Acronyms if &bytes[start..end] != self.acronyms[index].as_bytes() => {}
                    _ => scanned.lists[list as usize].push((start, end, index)),
                }
            }
        }
        for hits in &mut scanned.lists {
            leftmost_longest(text, hits);
        }
        scanned
    }
}

/// Reduces `hits` (every occurrence of every phrase of one list) to what a
/// leftmost-longest automaton of that list reports — from left to right, the
/// longest match at the leftmost start, the search going on after its end —
/// then keeps those that are whole words, as the automata's callers did.
fn leftmost_longest(text: &str, hits: &mut Vec<Hit>) {
    if hits.is_empty() {
        return;
    }
    hits.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut next = 0;
    hits.retain(|&(start, end, _)| {
        if start < next {
            return false;
        }
        next = end;
        true
    });
    hits.retain(|&(start, end, _)| is_whole_word(text, start, end));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    /// Each list gives what its own leftmost-longest automaton gives, on
    /// texts made to overlap phrases of different lists.
    #[test]
    fn lists_match_as_their_own_automata() {
        let aliases = strings(&[
            "al asad",
            "al asad airbase",
            "iran",
            "iran's state tv",
            "us troops",
        ]);
        let acronyms = strings(&["US", "IRGC"]);
        let stances = strings(&["said", "according to", "denied"]);
        let figures = strings(&["killed", "troops", "us troops"]);
        let cues = strings(&["day", "monday"]);
        let scanner = Scanner::new([&aliases, &acronyms, &stances, &figures, &cues, &[]]);
        let texts = [
            "US troops at Al Asad Airbase said Iran's state TV denied it; us troops, US TROOPS.",
            "Iranians said nothing on Mondays; according to IRGC, 80 were killed.",
            "Al Asad Airbases and al asad; the IRGC's US-led troops killed",
            "",
        ];
        for text in texts {
            let scanned = scanner.scan(text);
            for (list, phrases, fold) in [
                (List::Aliases, &aliases, true),
                (List::Acronyms, &acronyms, false),
                (List::Stances, &stances, true),
                (List::Figures, &figures, true),
            ] {
                let own = AhoCorasickBuilder::new()
                    .match_kind(MatchKind::LeftmostLongest)
                    .ascii_case_insensitive(fold)
                    .build(phrases)
                    .unwrap();
                let expected: Vec<Hit> = own
                    .find_iter(text)
                    .filter(|m| is_whole_word(text, m.start(), m.end()))
                    .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
                    .collect();
                assert_eq!(scanned.hits(list), expected, "{list:?} in {text:?}");
            }
        }
        for (text, cued) in [
            ("Mondays and todays", false),
            ("on Monday, they", true),
            ("day", true),
        ] {
            assert_eq!(scanner.scan(text).cue_word, cued, "{text:?}");
        }
    }
}

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
//! The DFA is walked by hand rather than through `aho-corasick`'s
//! overlapping iterator, and several texts at a time
//! ([`Scanner::scan_all`]): each step is a table lookup that waits on the
//! one before, mostly a miss in the CPU's first-level cache, and
//! independent walks wait in parallel. Alone over the English ScrapingHub
//! sentences, with the matches recorded: 5.4 ns per byte through the
//! iterator, 3.8 with two texts side by side. Walking the DFA anchored from
//! each word start instead (a trie, no failure links) was slower: 5.6.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind};
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
#[derive(Debug, Default, PartialEq)]
pub struct Scanned {
    /// Per [`List`] (except the cue lists): the matches a leftmost-longest
    /// automaton of that list alone reports, kept when they are whole words.
    lists: [Vec<Hit>; LISTS],
    /// A time cue word is a whole run of ASCII letters in the text.
    cue_word: bool,
    /// The quantity patterns whose cue words (whole runs of ASCII letters)
    /// are in the text.
    quantity: Cues,
    /// The cues of the text that are no words.
    bytes: ByteCues,
}

/// What the taggers' gates need of a text besides its cue words, found in
/// one pass over its bytes.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ByteCues {
    /// Where the ASCII digits are: the first and the last.
    pub digits: Option<(usize, usize)>,
    /// The unit "h" standing alone ("5 h", "10h"): not among the time cue
    /// words because an automaton finding them would stop at nearly every
    /// "h" of a text.
    pub lone_h: bool,
    /// A vulgar fraction: ½, ¼ or ¾.
    pub fraction: bool,
    /// A long s (ſ) or the Kelvin sign (K), which Unicode case folding
    /// turns into the ASCII "s" and "k".
    pub folds_to_ascii: bool,
}

impl ByteCues {
    pub fn of(text: &str) -> Self {
        let bytes = text.as_bytes();
        // One pass without early exit or neighbours, which the compiler
        // turns into vector code; the rarer checks look only where it points.
        let (mut digit, mut h, mut wide) = (false, false, false);
        for &b in bytes {
            digit |= b.is_ascii_digit();
            h |= b | 0x20 == b'h';
            wide |= b >= 0x80;
        }
        let letter = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_alphabetic);
        let lone_h = h
            && memchr::memchr2_iter(b'h', b'H', bytes)
                .any(|i| !(i.checked_sub(1).is_some_and(letter) || letter(i + 1)));
        let (fraction, folds_to_ascii) = if wide {
            // ½ ¼ ¾ are C2 BD, C2 BC, C2 BE; ſ is C5 BF; K is E2 84 AA.
            let after = |lead: u8, tail: &[u8]| {
                memchr::memchr_iter(lead, bytes)
                    .any(|i| bytes.get(i + 1).is_some_and(|b| tail.contains(b)))
            };
            (
                after(0xc2, &[0xbc, 0xbd, 0xbe]),
                after(0xc5, &[0xbf])
                    || memchr::memmem::find(bytes, "\u{212a}".as_bytes()).is_some(),
            )
        } else {
            (false, false)
        };
        let digits = digit
            .then(|| {
                let first = bytes.iter().position(u8::is_ascii_digit)?;
                Some((first, bytes.iter().rposition(u8::is_ascii_digit)?))
            })
            .flatten();
        ByteCues {
            digits,
            lone_h,
            fraction,
            folds_to_ascii,
        }
    }

    /// A time cue other than the cue words ([`crate::time::CUE_WORDS`]): a
    /// digit, a vulgar fraction, a lone "h", or a letter that folds to
    /// ASCII (the patterns' case-insensitive "ſunday" is no cue word).
    pub fn time(self) -> bool {
        self.digits.is_some() || self.fraction || self.lone_h || self.folds_to_ascii
    }
}

impl Scanned {
    pub fn hits(&self, list: List) -> &[Hit] {
        &self.lists[list as usize]
    }

    /// Whether the scanned text has a time cue: a cue word found by the
    /// pass, or one of [`ByteCues::time`]. Without one no time pattern
    /// matches (`time::tests::cue_words_cover_every_pattern_match`).
    pub fn time_cue(&self) -> bool {
        self.cue_word || self.bytes.time()
    }

    /// The quantity patterns that may match the scanned text: those whose
    /// cue words the pass found, and those [`Cues::with_bytes`] adds.
    pub fn quantity_cues(&self) -> Cues {
        self.quantity.with_bytes(self.bytes)
    }
}

/// How many texts [`Scanner::scan_all`] walks side by side. Alone over the
/// English ScrapingHub sentences, the bare walk took 3.9 ns per byte one
/// text at a time, 2.5 with two lanes, 2.3 with three, 2.3 with four.
const LANES: usize = 3;

pub struct Scanner {
    /// Every phrase of every list, unanchored, with overlapping matches
    /// (`MatchKind::Standard`: a match state lists every phrase ending there).
    dfa: Option<DFA>,
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
        let dfa = (!patterns.is_empty()).then(|| {
            DFA::builder()
                .match_kind(MatchKind::Standard)
                .ascii_case_insensitive(true)
                // No prefilter: with one, start states are special too and
                // each return to the start would stop the walk.
                .prefilter(false)
                .build(&patterns)
                .expect("phrase automaton builds")
        });
        Scanner {
            dfa,
            members,
            acronyms: lists[List::Acronyms as usize].to_vec(),
        }
    }

    /// Every list's matches in `text`.
    pub fn scan(&self, text: &str) -> Scanned {
        let mut scanned = Scanned::default();
        if let Some(dfa) = &self.dfa {
            let root = dfa.start_state(Anchored::No).expect("unanchored DFA");
            self.walk(dfa, root, text.as_bytes(), 0, &mut scanned);
        }
        self.finish(text, scanned)
    }

    /// [`Scanner::scan`] of each of `texts`, [`LANES`] of them walked side
    /// by side: a lane at the end of its text takes the next one.
    pub fn scan_all(&self, texts: &[&str]) -> Vec<Scanned> {
        let mut out: Vec<Scanned> = texts.iter().map(|_| Scanned::default()).collect();
        if let Some(dfa) = &self.dfa {
            let root = dfa.start_state(Anchored::No).expect("unanchored DFA");
            // Per lane: the index of its text, the text, how far it is, its
            // state. All start on an empty text, at its end.
            let mut text_of = [0; LANES];
            let mut bytes: [&[u8]; LANES] = [&[]; LANES];
            let mut at = [0; LANES];
            let mut sid = [root; LANES];
            let mut next = 0;
            'lockstep: loop {
                for k in 0..LANES {
                    while at[k] == bytes[k].len() {
                        if next == texts.len() {
                            break 'lockstep;
                        }
                        (text_of[k], bytes[k], at[k], sid[k]) =
                            (next, texts[next].as_bytes(), 0, root);
                        next += 1;
                    }
                }
                let steps = (0..LANES)
                    .map(|k| bytes[k].len() - at[k])
                    .min()
                    .unwrap_or(0);
                for _ in 0..steps {
                    for k in 0..LANES {
                        sid[k] = dfa.next_state(Anchored::No, sid[k], bytes[k][at[k]]);
                        at[k] += 1;
                    }
                    for k in 0..LANES {
                        if dfa.is_special(sid[k]) {
                            self.matches(dfa, sid[k], bytes[k], at[k], &mut out[text_of[k]]);
                        }
                    }
                }
            }
            // No text left to share out: each lane finishes alone.
            for k in 0..LANES {
                if at[k] < bytes[k].len() {
                    self.walk(dfa, sid[k], bytes[k], at[k], &mut out[text_of[k]]);
                }
            }
        }
        out.into_iter()
            .zip(texts)
            .map(|(scanned, text)| self.finish(text, scanned))
            .collect()
    }

    /// Walks `bytes[from..]` from state `sid`.
    fn walk(&self, dfa: &DFA, mut sid: StateID, bytes: &[u8], from: usize, out: &mut Scanned) {
        for (i, &byte) in bytes.iter().enumerate().skip(from) {
            sid = dfa.next_state(Anchored::No, sid, byte);
            if dfa.is_special(sid) {
                self.matches(dfa, sid, bytes, i + 1, out);
            }
        }
    }

    /// Records the phrases of match state `sid`, all ending at `end`.
    fn matches(&self, dfa: &DFA, sid: StateID, bytes: &[u8], end: usize, out: &mut Scanned) {
        // Without a prefilter an unanchored DFA's only special states are
        // match states (it has no dead ends); checked all the same.
        if !dfa.is_match(sid) {
            return;
        }
        for i in 0..dfa.match_len(sid) {
            let pattern = dfa.match_pattern(sid, i);
            let start = end - dfa.pattern_len(pattern);
            self.hit(bytes, start, end, pattern.as_usize(), out);
        }
    }

    fn hit(&self, bytes: &[u8], start: usize, end: usize, pattern: usize, out: &mut Scanned) {
        let letter = |i: Option<&u8>| i.is_some_and(u8::is_ascii_alphabetic);
        let cue =
            || !letter(start.checked_sub(1).and_then(|i| bytes.get(i))) && !letter(bytes.get(end));
        for &(list, index) in &self.members[pattern] {
            match list {
                List::TimeCues => out.cue_word |= cue(),
                List::QuantityCues => {
                    if cue() {
                        out.quantity.add_word(index, start);
                    }
                }
                List::Acronyms if &bytes[start..end] != self.acronyms[index].as_bytes() => {}
                _ => out.lists[list as usize].push((start, end, index)),
            }
        }
    }

    fn finish(&self, text: &str, mut scanned: Scanned) -> Scanned {
        for hits in &mut scanned.lists {
            leftmost_longest(text, hits);
        }
        scanned.bytes = ByteCues::of(text);
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
    use aho_corasick::AhoCorasickBuilder;

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
            // Side by side with any other texts, the same.
            for other in texts {
                let all = scanner.scan_all(&[other, text, other, other]);
                assert_eq!(all[1], scanned, "{text:?} beside {other:?}");
            }
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

    proptest::proptest! {
        /// Texts walked side by side give what each gives alone.
        #[test]
        fn lanes_scan_as_singles(texts in proptest::collection::vec("[a-zA-Z ’'.,0-9é-]{0,50}", 0..8)) {
            static SCANNER: std::sync::LazyLock<Scanner> = std::sync::LazyLock::new(|| {
                let words = |w: &[&str]| strings(w);
                Scanner::new([
                    &words(&["al asad", "iran", "iran’s", "us troops", "a"]),
                    &words(&["US", "IRGC"]),
                    &words(&["said", "denied"]),
                    &words(&["killed", "troops"]),
                    &words(&["day", "monday", "may"]),
                    &words(&["one", "no", "dozens"]),
                ])
            });
            let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
            let alone: Vec<Scanned> = texts.iter().map(|t| SCANNER.scan(t)).collect();
            proptest::prop_assert_eq!(SCANNER.scan_all(&texts), alone);
        }
    }

    proptest::proptest! {
        /// The one-pass byte cues are their plain definitions.
        #[test]
        fn byte_cues_are_their_definitions(text in "[a-hH 0-9.½¼¾ſ\u{212a}é’-]{0,30}") {
            let letter = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphabetic());
            let chars: Vec<char> = text.chars().collect();
            let lone_h = (0..chars.len()).any(|i| {
                matches!(chars[i], 'h' | 'H')
                    && !letter(i.checked_sub(1).map(|j| chars[j]))
                    && !letter(chars.get(i + 1).copied())
            });
            let first = text.find(|c: char| c.is_ascii_digit());
            let last = text.rfind(|c: char| c.is_ascii_digit());
            let expected = ByteCues {
                digits: first.zip(last),
                lone_h,
                fraction: text.contains(['½', '¼', '¾']),
                folds_to_ascii: text.contains(['ſ', '\u{212a}']),
            };
            proptest::prop_assert_eq!(ByteCues::of(&text), expected);
        }
    }
}

//! Knowledge-base aliases found in text.
//!
//! Every alias is found in one pass over the text, whatever their number,
//! by the [`Scanner`] automaton; leftmost-longest selection makes "Al Asad
//! Airbase" win over "Al Asad" and "American troops" over "American". Short
//! all-capital aliases ("US", "IRGC") must match in their exact case, so
//! that "us" the pronoun is not the United States. For the nlp stage
//! ([`Gazetteer::with_lexicon`]) the same pass finds the lexicon terms and
//! the time and quantity cue words the other taggers need.
//!
//! Beside the kb, every name in the embedded GeoNames gazetteer that reads
//! as a place (`sitrep_geo::gazetteer_names`) is a [`EntityKind::Place`]
//! match with id `gn:<GeoNames id>`; a kb place over the same words, or a
//! longer kb alias around it, wins; a kb actor over the same words
//! ("Russia") or opening with them ("Russian forces") keeps the place
//! reading beside it.

use std::collections::HashMap;

use sitrep_core::nlp::{EntityKind, EntityMatch};
use sitrep_kb::Kb;

use crate::Lexicon;
use crate::scan::{List, Scanned, Scanner};

pub struct Gazetteer {
    scanner: Scanner,
    /// Per alias index ([`List::Aliases`]): every kb entry that has it.
    folded: Vec<Vec<(EntityKind, String)>>,
    /// The same per acronym index ([`List::Acronyms`]).
    exact: Vec<Vec<(EntityKind, String)>>,
}

/// True for aliases like "US", "IRGC", "IDF": matched case-sensitively.
fn is_acronym(alias: &str) -> bool {
    let letters = alias.chars().filter(|c| c.is_alphabetic()).count();
    letters <= 5 && alias.chars().all(|c| !c.is_lowercase())
}

/// Aliases sorted, with their kb entries.
type Aliases = Vec<(String, Vec<(EntityKind, String)>)>;

impl Gazetteer {
    pub fn new(kb: &Kb) -> Self {
        Self::build(kb, &[], &[], &[], &[])
    }

    /// The stage's gazetteer: the lexicon's stance and figure terms and the
    /// time tagger's and quantity patterns' cue words share the alias
    /// automaton, so that one pass ([`Gazetteer::scan`]) serves every lookup
    /// of a sentence.
    pub fn with_lexicon(kb: &Kb, lexicon: &Lexicon) -> Self {
        let strings = |words: &[&str]| words.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        Self::build(
            kb,
            lexicon.stances.terms(),
            lexicon.figures.terms(),
            &strings(crate::time::CUE_WORDS),
            &strings(&crate::quantity::CUE_WORDS.concat()),
        )
    }

    fn build(
        kb: &Kb,
        stances: &[String],
        figures: &[String],
        time_cues: &[String],
        quantity_cues: &[String],
    ) -> Self {
        let (folded, exact) = aliases(kb);
        let patterns = |list: &Aliases| list.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
        let scanner = Scanner::new([
            &patterns(&folded),
            &patterns(&exact),
            stances,
            figures,
            time_cues,
            quantity_cues,
        ]);
        Gazetteer {
            scanner,
            folded: folded.into_iter().map(|(_, t)| t).collect(),
            exact: exact.into_iter().map(|(_, t)| t).collect(),
        }
    }

    /// One pass of the automaton over `text`: aliases, and the lexicon
    /// terms and cue words of [`Gazetteer::with_lexicon`].
    pub fn scan(&self, text: &str) -> Scanned {
        self.scanner.scan(text)
    }

    /// [`Gazetteer::scan`] of each of `texts`, faster than one by one
    /// ([`Scanner::scan_all`]).
    pub fn scan_all(&self, texts: &[&str]) -> Vec<Scanned> {
        self.scanner.scan_all(texts)
    }

    /// Every alias in `text`, longest first where they overlap; one
    /// [`EntityMatch`] per kb entry sharing the alias ("Iraq" is an actor and
    /// a place: the rules decide which reading applies).
    pub fn find(&self, text: &str) -> Vec<EntityMatch> {
        self.entities(text, &self.scan(text))
    }

    /// [`Gazetteer::find`] from a pass already made over `text`.
    pub fn entities(&self, text: &str, scanned: &Scanned) -> Vec<EntityMatch> {
        let mut raw: Vec<(usize, usize, usize, bool)> = Vec::new();
        raw.extend(
            scanned
                .hits(List::Aliases)
                .iter()
                .map(|&(s, e, i)| (s, e, i, false)),
        );
        raw.extend(
            scanned
                .hits(List::Acronyms)
                .iter()
                .map(|&(s, e, i)| (s, e, i, true)),
        );
        // Resolve overlaps across the two automata: longest wins, then leftmost.
        raw.sort_by(|a, b| (b.1 - b.0).cmp(&(a.1 - a.0)).then(a.0.cmp(&b.0)));
        let mut taken: Vec<(usize, usize)> = Vec::new();
        let mut out = Vec::new();
        for (start, end, pattern, exact) in raw {
            if taken.iter().any(|&(s, e)| start < e && s < end) {
                continue;
            }
            taken.push((start, end));
            let targets = if exact { &self.exact } else { &self.folded };
            for (kind, id) in &targets[pattern] {
                out.push(EntityMatch {
                    start,
                    end,
                    kind: *kind,
                    id: id.clone(),
                });
            }
        }
        for (start, end, geonameid) in sitrep_geo::gazetteer_names(text) {
            if out.iter().any(|m| blocks_place(text, m, start, end)) {
                continue;
            }
            out.push(EntityMatch {
                start,
                end,
                kind: EntityKind::Place,
                id: format!("{}{geonameid}", sitrep_geo::GAZETTEER_ID_PREFIX),
            });
        }
        out.sort_by_key(|m| (m.start, m.end));
        out
    }
}

/// True when kb match `m` hides the gazetteer place at `start..end`: a kb
/// place or facility over any of its words, or a longer kb name around it
/// ("Islamic State of Iraq"). A kb actor or weapon over the same words
/// ("Russia", "U.S.") or opening with it ("Russian forces") leaves the
/// place reading beside it, as "Iraq" has both in the kb.
fn blocks_place(text: &str, m: &EntityMatch, start: usize, end: usize) -> bool {
    if !(m.start < end && start < m.end) {
        return false;
    }
    if matches!(m.kind, EntityKind::Place | EntityKind::Facility) {
        return true;
    }
    // "U.S." is the kb's span, "U.S" the gazetteer's.
    let same_words =
        m.start == start && (m.end == end || (m.end == end + 1 && text[end..m.end] == *"."));
    let opening = m.start == start && end < m.end;
    !(same_words || opening)
}

/// The kb's aliases (names included), case-folded and in exact case, each
/// sorted, with every entry that has it.
fn aliases(kb: &Kb) -> (Aliases, Aliases) {
    let mut folded: HashMap<String, Vec<(EntityKind, String)>> = HashMap::new();
    let mut exact: HashMap<String, Vec<(EntityKind, String)>> = HashMap::new();
    let rows = kb
        .actors
        .iter()
        .map(|a| (EntityKind::Actor, &a.id, &a.name, &a.aliases))
        .chain(
            kb.weapons
                .iter()
                .map(|w| (EntityKind::Weapon, &w.id, &w.name, &w.aliases)),
        )
        .chain(
            kb.facilities
                .iter()
                .map(|f| (EntityKind::Facility, &f.id, &f.name, &f.aliases)),
        )
        .chain(
            kb.places
                .iter()
                .map(|p| (EntityKind::Place, &p.id, &p.name, &p.aliases)),
        );
    for (kind, id, name, aliases) in rows {
        for alias in std::iter::once(name).chain(aliases.iter()) {
            // Pages mix straight and curly apostrophes: index both.
            let variants = [alias.clone(), alias.replace('\'', "’")];
            for variant in variants {
                let (map, key) = if is_acronym(&variant) {
                    (&mut exact, variant)
                } else {
                    (&mut folded, variant.to_lowercase())
                };
                let targets = map.entry(key).or_default();
                if !targets.iter().any(|(k, i)| *k == kind && i == id) {
                    targets.push((kind, id.clone()));
                }
            }
        }
    }
    let sorted = |map: HashMap<String, Vec<(EntityKind, String)>>| {
        let mut entries: Aliases = map.into_iter().collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        entries
    };
    (sorted(folded), sorted(exact))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kb() -> Kb {
        Kb::embedded().unwrap()
    }

    fn found(text: &str) -> Vec<(String, EntityKind, String)> {
        Gazetteer::new(&kb())
            .find(text)
            .into_iter()
            .map(|m| (text[m.start..m.end].to_string(), m.kind, m.id))
            .collect()
    }

    /// The kb matches alone, without the gazetteer's places.
    fn found_in_kb(text: &str) -> Vec<(String, EntityKind, String)> {
        let mut hits = found(text);
        hits.retain(|h| !h.2.starts_with(sitrep_geo::GAZETTEER_ID_PREFIX));
        hits
    }

    #[test]
    fn longest_alias_wins_and_case_rules_apply() {
        let hits = found_in_kb("American troops at Al Asad Airbase told us about the US strike.");
        let texts: Vec<&str> = hits.iter().map(|h| h.0.as_str()).collect();
        assert_eq!(texts, vec!["American troops", "Al Asad Airbase", "US"]);
        assert_eq!(hits[1].1, EntityKind::Facility);
    }

    #[test]
    fn places_beside_actors_of_the_same_words() {
        let hits = found("American troops and U.S. officials met Russia's envoy.");
        let places: Vec<&str> = hits
            .iter()
            .filter(|h| h.1 == EntityKind::Place)
            .map(|h| h.0.as_str())
            .collect();
        assert_eq!(places, ["American", "U.S", "Russia"], "{hits:?}");
        // A longer kb name around a place name hides it.
        let hits = found("The Islamic State of Iraq claimed it.");
        assert!(!hits.iter().any(|h| h.0 == "Iraq"), "{hits:?}");
    }

    #[test]
    fn curly_apostrophes_and_word_boundaries() {
        let hits = found_in_kb("Iran’s state TV spoke; Iranians and Iranian-made drones.");
        assert_eq!(hits[0].0, "Iran’s state TV");
        assert_eq!(hits[0].2, "iran_state_media");
        assert!(!hits.iter().any(|h| h.0 == "Iranians" && h.2 == "iran"));
    }

    #[test]
    fn gazetteer_places_beside_kb_names() {
        let hits = found("Militants hit Baiji and Baghdad International Airport.");
        let places: Vec<&(String, EntityKind, String)> = hits
            .iter()
            .filter(|h| matches!(h.1, EntityKind::Place | EntityKind::Facility))
            .collect();
        assert_eq!(places[0].0, "Baiji");
        assert!(places[0].2.starts_with("gn:"), "{hits:?}");
        assert_eq!(places[1].0, "Baghdad International Airport");
        assert_eq!(places.len(), 2, "{hits:?}");
    }

    #[test]
    fn shared_alias_yields_every_reading() {
        let hits = found("in Iraq");
        let kinds: Vec<EntityKind> = hits.iter().map(|h| h.1).collect();
        assert!(kinds.contains(&EntityKind::Actor) && kinds.contains(&EntityKind::Place));
    }
}

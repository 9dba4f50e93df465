//! The embedded GeoNames gazetteer: continents, countries, first- and
//! second-level divisions and populated places (cities500) with their Latin-
//! and Arabic-script names.
//!
//! `build.rs` compiles `data/gazetteer.tsv.gz` into static tables: an `fst`
//! map (a minimal acyclic automaton, shared prefixes and suffixes stored once)
//! from folded name to a run of entry numbers, and 36-byte entry records read
//! in place. Nothing is parsed or allocated at start-up, so "loading" is the
//! cost of mapping the binary's pages. `fst` was chosen over an Aho-Corasick
//! automaton over ~1.3 M names (`aho-corasick`, `daachorse`): those are built
//! at run time (seconds for this many patterns) or need their own
//! serialisation, while text spans are looked up only where a capitalised
//! word starts, a handful of lookups per name.

use std::sync::OnceLock;

use crate::fold::{fold_into, strip_article};

static NAMES_FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/names.fst"));
static POSTINGS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/postings.bin"));
static ENTRIES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/entries.bin"));
static NAMES: &str = include_str!(concat!(env!("OUT_DIR"), "/names.txt"));

const RECORD: usize = 36;
const NONE: u32 = u32::MAX;

/// What a gazetteer entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntryKind {
    Country,
    Admin1,
    Admin2,
    Place,
    /// A continent.
    Region,
}

/// One gazetteer entry, read from the static tables.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Entry {
    pub index: u32,
    pub kind: EntryKind,
    pub country: [u8; 2],
    pub geonameid: u32,
    pub lat: f64,
    pub lon: f64,
    /// Inhabitants for a place; 0 for divisions and unknown.
    pub population: u32,
    pub admin1: Option<u32>,
    pub admin2: Option<u32>,
    pub name: &'static str,
}

impl Entry {
    /// The ISO code of the country, "" for a continent.
    pub fn country_code(&self) -> &str {
        if self.country == [0, 0] {
            return "";
        }
        std::str::from_utf8(&self.country).unwrap_or("")
    }

    /// True for a unit whose representative point is no place to map: a
    /// country or a continent.
    pub fn is_area(&self) -> bool {
        matches!(self.kind, EntryKind::Country | EntryKind::Region)
    }
}

pub struct Gazetteer {
    names: fst::Map<&'static [u8]>,
    /// Index of each country's entry, by ISO code.
    countries: Vec<([u8; 2], u32)>,
}

impl Gazetteer {
    /// The gazetteer compiled into this binary.
    pub fn get() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| {
            let names = fst::Map::new(NAMES_FST).expect("the embedded name index is valid");
            // Countries come first in the records.
            let countries = (0..Self::len_static() as u32)
                .map(read)
                .take_while(|e| e.kind == EntryKind::Country)
                .map(|e| (e.country, e.index))
                .collect();
            Gazetteer { names, countries }
        })
    }

    fn len_static() -> usize {
        ENTRIES.len() / RECORD
    }

    pub fn len(&self) -> usize {
        Self::len_static()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn name_count(&self) -> usize {
        self.names.len()
    }

    pub fn entry(&self, index: u32) -> Entry {
        read(index)
    }

    /// The country entry for an ISO 3166-1 alpha-2 code.
    pub fn country(&self, code: &str) -> Option<Entry> {
        let b = code.as_bytes();
        self.countries
            .iter()
            .find(|(c, _)| c.as_slice() == b)
            .map(|&(_, i)| read(i))
    }

    /// Entries whose folded name is exactly `key` (already folded), most
    /// likely reading first.
    pub fn lookup_folded(&self, key: &str) -> Vec<u32> {
        let mut out = Vec::new();
        self.push_folded(key, &mut out);
        if let Some(stripped) = strip_article(key) {
            self.push_folded(stripped, &mut out);
        }
        out
    }

    fn push_folded(&self, key: &str, out: &mut Vec<u32>) {
        if let Some(value) = self.names.get(key) {
            push_postings(value, out);
        }
    }

    /// A walk down the name automaton from its root, fed a folded name a
    /// piece at a time, so that growing a span by a word costs only that
    /// word's bytes.
    pub fn cursor(&self) -> Cursor<'_> {
        let fst = self.names.as_fst();
        Cursor {
            fst,
            node: Some(fst.root()),
            output: 0,
        }
    }

    /// True when some name starts with folded `prefix` followed by a space:
    /// a span may still grow into a longer name.
    pub fn has_longer(&self, prefix: &str) -> bool {
        use fst::{IntoStreamer, Streamer};
        let mut lower = String::with_capacity(prefix.len() + 1);
        lower.push_str(prefix);
        lower.push(' ');
        let mut upper = lower.clone();
        upper.pop();
        upper.push('!'); // the byte after ' '
        let mut stream = self.names.range().ge(&lower).lt(&upper).into_stream();
        stream.next().is_some()
    }

    /// Entries named `name` (any spelling the gazetteer knows).
    pub fn lookup(&self, name: &str) -> Vec<u32> {
        let mut key = String::new();
        fold_into(name, &mut key);
        self.lookup_folded(&key)
    }
}

/// Appends the entries of one name's posting run (`value` in the name
/// automaton: start << 16 | count), skipping those already there.
fn push_postings(value: u64, out: &mut Vec<u32>) {
    let (start, count) = ((value >> 16) as usize, (value & 0xffff) as usize);
    for i in start..start + count {
        let id = u32::from_le_bytes(POSTINGS[i * 4..i * 4 + 4].try_into().unwrap());
        if !out.contains(&id) {
            out.push(id);
        }
    }
}

/// See [`Gazetteer::cursor`].
pub struct Cursor<'a> {
    fst: &'a fst::raw::Fst<&'static [u8]>,
    /// None once the bytes fed lead out of the automaton.
    node: Option<fst::raw::Node<'a>>,
    output: u64,
}

impl Cursor<'_> {
    /// Follows `bytes`; false (for good) when no name continues with them.
    pub fn feed(&mut self, bytes: &[u8]) -> bool {
        for &b in bytes {
            let Some(node) = self.node else { return false };
            match node.find_input(b) {
                Some(i) => {
                    let t = node.transition(i);
                    self.output += t.out.value();
                    self.node = Some(self.fst.node(t.addr));
                }
                None => {
                    self.node = None;
                    return false;
                }
            }
        }
        self.node.is_some()
    }

    /// True when some name continues from here with `byte`.
    pub fn continues_with(&self, byte: u8) -> bool {
        self.node.is_some_and(|n| n.find_input(byte).is_some())
    }

    /// The entries named by the bytes fed so far, most likely first, if
    /// they are a whole name.
    pub fn entries(&self, out: &mut Vec<u32>) {
        if let Some(n) = self.node.filter(|n| n.is_final()) {
            push_postings(self.output + n.final_output().value(), out);
        }
    }
}

fn read(index: u32) -> Entry {
    let r = &ENTRIES[index as usize * RECORD..(index as usize + 1) * RECORD];
    let u32_at = |o: usize| u32::from_le_bytes(r[o..o + 4].try_into().unwrap());
    let f32_at = |o: usize| f32::from_le_bytes(r[o..o + 4].try_into().unwrap());
    let kind = match r[0] {
        0 => EntryKind::Country,
        1 => EntryKind::Admin1,
        2 => EntryKind::Admin2,
        4 => EntryKind::Region,
        _ => EntryKind::Place,
    };
    let opt = |v: u32| (v != NONE).then_some(v);
    let (name_start, name_len) = (u32_at(28) as usize, u32_at(32) as usize);
    Entry {
        index,
        kind,
        country: [r[1], r[2]],
        geonameid: u32_at(4),
        lat: f32_at(8) as f64,
        lon: f32_at(12) as f64,
        population: u32_at(16),
        admin1: opt(u32_at(20)),
        admin2: opt(u32_at(24)),
        name: &NAMES[name_start..name_start + name_len],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_places_divisions_and_countries() {
        let g = Gazetteer::get();
        assert!(g.len() > 200_000, "{}", g.len());
        let erbil = g.lookup("Erbil");
        assert!(
            erbil
                .iter()
                .any(|&i| g.entry(i).geonameid == 95446 && g.entry(i).kind == EntryKind::Place)
        );
        let anbar = g.lookup("Anbar province");
        let a = g.entry(anbar[0]);
        assert_eq!((a.kind, a.country_code()), (EntryKind::Admin1, "IQ"));
        let iraq = g.country("IQ").unwrap();
        assert_eq!(iraq.name, "Iraq");
        // Arabic script and article folding.
        assert!(
            g.lookup("أربيل")
                .iter()
                .any(|&i| g.entry(i).geonameid == 95446)
        );
        assert!(!g.lookup("Hodeidah").is_empty());
        assert!(g.has_longer("baghdad") || g.has_longer("new"));
    }
}

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
//!
//! Each byte walked is a node decoded somewhere in a large automaton, often
//! a cache miss: a [`Cursor`] starts its first word from a table of the
//! first two levels, or from a small per-thread memo of the first words
//! seen last (see `memo`). With the lazier tokenizer and filters in
//! `resolve`, `gazetteer_names` went from 46 to about 95 MB/s on the
//! scrapinghub articles (one core; about 85 without the memo).

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
    /// Where the automaton is after each pair of folded bytes from its root
    /// (see [`pair_slot`]): every name lookup starts there, and the root's
    /// many transitions and the next level are the dearest nodes to decode.
    pairs: Vec<(fst::raw::CompiledAddr, u64)>,
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
            let pairs = pairs(names.as_fst());
            Gazetteer {
                names,
                pairs,
                countries,
            }
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
            pairs: &self.pairs,
            node: None,
            output: 0,
            fresh: true,
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

/// Marks a pair of bytes no name starts with in [`Gazetteer::pairs`].
const DEAD: fst::raw::CompiledAddr = fst::raw::CompiledAddr::MAX;

/// The slot in [`Gazetteer::pairs`] of two folded bytes, if both are ASCII
/// letters, digits or a space (nearly every name and word).
fn pair_slot(a: u8, b: u8) -> Option<usize> {
    let class = |x: u8| match x {
        b'a'..=b'z' => Some((x - b'a') as usize),
        b'0'..=b'9' => Some(26 + (x - b'0') as usize),
        b' ' => Some(36),
        _ => None,
    };
    Some(class(a)? * 37 + class(b)?)
}

/// The table of [`Gazetteer::pairs`]: 37 × 37 walks of two bytes.
fn pairs(fst: &fst::raw::Fst<&'static [u8]>) -> Vec<(fst::raw::CompiledAddr, u64)> {
    let bytes: Vec<u8> = (b'a'..=b'z').chain(b'0'..=b'9').chain([b' ']).collect();
    let mut out = vec![(DEAD, 0); 37 * 37];
    let root = fst.root();
    for &a in &bytes {
        let Some(ta) = root.find_input(a).map(|i| root.transition(i)) else {
            continue;
        };
        let node = fst.node(ta.addr);
        for &b in &bytes {
            if let Some(tb) = node.find_input(b).map(|i| node.transition(i)) {
                let slot = pair_slot(a, b).expect("a class byte");
                out[slot] = (tb.addr, ta.out.value() + tb.out.value());
            }
        }
    }
    out
}

/// See [`Gazetteer::cursor`].
pub struct Cursor<'a> {
    fst: &'a fst::raw::Fst<&'static [u8]>,
    pairs: &'a [(fst::raw::CompiledAddr, u64)],
    /// None once the bytes fed lead out of the automaton, and until the
    /// first are fed: the root, a large node, is decoded only when asked
    /// for, as most first words start from [`Gazetteer::pairs`] or the memo.
    node: Option<fst::raw::Node<'a>>,
    output: u64,
    /// Nothing fed yet: at the root.
    fresh: bool,
}

impl Cursor<'_> {
    /// Follows `bytes`; false (for good) when no name continues with them.
    pub fn feed(&mut self, bytes: &[u8]) -> bool {
        if !std::mem::take(&mut self.fresh) {
            return self.walk(bytes);
        }
        let Some(word) = memo::key(bytes) else {
            return self.walk_from_root(bytes);
        };
        if let Some((addr, output)) = memo::get(word) {
            self.node = (addr != DEAD).then(|| self.fst.node(addr));
            self.output = output;
            return self.node.is_some();
        }
        let alive = self.walk_from_root(bytes);
        let addr = self.node.map_or(DEAD, |n| n.addr());
        memo::put(word, addr, self.output);
        alive
    }

    /// [`Cursor::feed`] from the root: the first two bytes from
    /// [`Gazetteer::pairs`].
    fn walk_from_root(&mut self, mut bytes: &[u8]) -> bool {
        if let [a, b, ..] = *bytes
            && let Some(slot) = pair_slot(a, b)
        {
            let (addr, output) = self.pairs[slot];
            if addr == DEAD {
                self.node = None;
                return false;
            }
            self.node = Some(self.fst.node(addr));
            self.output += output;
            bytes = &bytes[2..];
        } else {
            self.node = Some(self.fst.root());
        }
        self.walk(bytes)
    }

    /// Where the cursor is: the root, until something is fed.
    fn node(&self) -> Option<fst::raw::Node<'_>> {
        if self.fresh {
            Some(self.fst.root())
        } else {
            self.node
        }
    }

    fn walk(&mut self, bytes: &[u8]) -> bool {
        let Some(mut node) = self.node else {
            return false;
        };
        for &b in bytes {
            match node.find_input(b) {
                Some(i) => {
                    let t = node.transition(i);
                    self.output += t.out.value();
                    node = self.fst.node(t.addr);
                }
                None => {
                    self.node = None;
                    return false;
                }
            }
        }
        self.node = Some(node);
        true
    }

    /// True when some name continues from here with `byte`.
    pub fn continues_with(&self, byte: u8) -> bool {
        self.node().is_some_and(|n| n.find_input(byte).is_some())
    }

    /// The entries named by the bytes fed so far, most likely first, if
    /// they are a whole name.
    pub fn entries(&self, out: &mut Vec<u32>) {
        if let Some(n) = self.node().filter(|n| n.is_final()) {
            push_postings(self.output + n.final_output().value(), out);
        }
    }
}

/// The record of entry `index`.
fn record(index: u32) -> &'static [u8; RECORD] {
    ENTRIES[index as usize * RECORD..(index as usize + 1) * RECORD]
        .try_into()
        .unwrap()
}

/// The kind of entry `index`, without reading the rest of its record (as
/// [`read`] does, name included): the filters ask this of every reading.
pub(crate) fn kind(index: u32) -> EntryKind {
    kind_of(record(index)[0])
}

/// The population of entry `index` (see [`kind`]).
pub(crate) fn population(index: u32) -> u32 {
    u32_at(record(index), 16)
}

/// The GeoNames id of entry `index` (see [`kind`]).
pub(crate) fn geonameid(index: u32) -> u32 {
    u32_at(record(index), 4)
}

/// The little-endian `u32` at byte `offset` of a record.
fn u32_at(r: &[u8; RECORD], offset: usize) -> u32 {
    u32::from_le_bytes(r[offset..offset + 4].try_into().unwrap())
}

fn kind_of(byte: u8) -> EntryKind {
    match byte {
        0 => EntryKind::Country,
        1 => EntryKind::Admin1,
        2 => EntryKind::Admin2,
        4 => EntryKind::Region,
        _ => EntryKind::Place,
    }
}

/// Where a [`Cursor`] ends up after a first word, for the last words seen
/// on this thread: 4096 slots, direct-mapped, a word evicting whichever
/// word shared its slot.
///
/// Not a benchmark artefact: the nlp stage runs the sentences of one
/// document after another on one thread, and a news article names its
/// places and people again and again ("Trump", "Gaza", "Kharkiv"), while
/// the words that open sentences ("The", "But", "In") recur in every
/// article. The walk it saves is a chain of nodes scattered over a large
/// automaton, a cache miss each. Measured on the scrapinghub articles read
/// once, in order, each sentence once (no repetition of the corpus), 70% of
/// first words are found in it (14,615 of 20,689). Entries are 32 bytes,
/// 128 KB per thread.
mod memo {
    use std::cell::RefCell;

    const SLOTS: usize = 4096;

    thread_local! {
        /// (word, node address or `DEAD`, output so far); word 0 is empty.
        static MEMO: RefCell<Vec<(u128, usize, u64)>> = RefCell::new(vec![(0, 0, 0); SLOTS]);
    }

    /// A folded word of up to 16 bytes as one number; folded words have no
    /// zero bytes, so no two words share a key and none is 0.
    pub(super) fn key(word: &[u8]) -> Option<u128> {
        if word.is_empty() || word.len() > 16 {
            return None;
        }
        let mut buf = [0u8; 16];
        buf[..word.len()].copy_from_slice(word);
        Some(u128::from_le_bytes(buf))
    }

    fn slot(key: u128) -> usize {
        let h =
            (key as u64 ^ ((key >> 64) as u64).rotate_left(29)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (h >> (64 - SLOTS.trailing_zeros())) as usize
    }

    pub(super) fn get(key: u128) -> Option<(usize, u64)> {
        MEMO.with_borrow(|m| {
            let (k, addr, output) = m[slot(key)];
            (k == key).then_some((addr, output))
        })
    }

    pub(super) fn put(key: u128, addr: usize, output: u64) {
        MEMO.with_borrow_mut(|m| m[slot(key)] = (key, addr, output));
    }
}

fn read(index: u32) -> Entry {
    let r = record(index);
    let u32_at = |o: usize| u32_at(r, o);
    let f32_at = |o: usize| f32::from_bits(u32_at(o));
    let kind = kind_of(r[0]);
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

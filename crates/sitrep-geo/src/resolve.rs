//! Toponym recognition and resolution over a whole text.
//!
//! 1. **Candidates.** Where a capitalised word (or an Arabic-script word, or
//!    "al-"/"el-" before one) starts, the longest run of up to six words that
//!    is a kb facility/place alias or a gazetteer name is a candidate
//!    ("Baghdad International Airport" beats "Baghdad").
//! 2. **Filtering.** Common words ("Police", "May"), parts of longer proper
//!    names ("Jordan Spieth", "Washington Post") and words seen in lower case
//!    elsewhere in the text are dropped unless a locative cue ("in", "near",
//!    "north of") or a following ", Country" vouches for them.
//! 3. **Disambiguation.** Every reading gets a score: a prior by kind and
//!    population, the country context of the text (countries, provinces and
//!    kb sites named in it), an explicit parent ("Erbil, Iraq", "Ramadi,
//!    Anbar") and closeness to the places already placed. kb facilities and
//!    curated kb places come first. Scores become shares (softmax) carried
//!    as `alternatives`.
//! 4. **Relative phrases** ("near Erbil", "50 km north of Baghdad",
//!    "western Iraq") adjust the point and the precision: see [`qualify`].

// FxHash: the keys hashed per word are short strings that need no
// protection from chosen collisions; SipHash took a tenth of candidate finding.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use sitrep_core::{Location, LocationAlternative, LocationPrecision};
use sitrep_kb::{Kb, SiteEntry};

use crate::fold::fold_into;
use crate::gazetteer::{Entry, EntryKind, Gazetteer};

/// Longest name, in words, looked up.
const MAX_WORDS: usize = 6;

/// Capitalised words that are almost never places in English news, whatever
/// a gazetteer somewhere says (there are villages called "Police" and "Of").
const STOP: &[&str] = &[
    "a",
    "an",
    "the",
    "this",
    "that",
    "these",
    "those",
    "it",
    "its",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "their",
    "our",
    "my",
    "in",
    "on",
    "at",
    "of",
    "for",
    "by",
    "with",
    "from",
    "to",
    "and",
    "but",
    "or",
    "if",
    "as",
    "so",
    "no",
    "not",
    "after",
    "before",
    "when",
    "while",
    "since",
    "during",
    "there",
    "here",
    "what",
    "who",
    "how",
    "why",
    "where",
    "mr",
    "mrs",
    "ms",
    "dr",
    "president",
    "minister",
    "general",
    "gen",
    "police",
    "army",
    "news",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "god",
    "allah",
    "islam",
    "islamic",
    "state",
    "city",
    "university",
    "street",
    "road",
    "north",
    "south",
    "east",
    "west",
    "central",
    "northern",
    "southern",
    "eastern",
    "western",
    "republic",
    "kingdom",
    "union",
    "government",
    "party",
    "court",
    "house",
    "senate",
    "congress",
    "parliament",
    "council",
    "ministry",
    "department",
    "reuters",
    "associated",
    "press",
    "times",
    "post",
    "said",
    "says",
    "also",
    "all",
    "one",
    "two",
    "new",
    "people",
    "man",
    "women",
    "children",
    "center",
    "centre",
    "national",
    "international",
    "world",
    "global",
    "today",
    "yesterday",
    "tomorrow",
    "week",
    "year",
    "christmas",
    "easter",
    "ramadan",
    "bank",
    "media",
    "health",
    "office",
    "team",
    "club",
    "league",
    "cup",
    "championship",
    "airport",
    "base",
    "camp",
    "hospital",
    "school",
    "market",
    "museum",
    "white",
    "black",
    "red",
    "green",
    "blue",
    "gold",
    "silver",
    "victoria",
    "march",
    "hope",
    "mission",
    "federal",
    "county",
    "district",
    "province",
    "region",
    "area",
    "valley",
    "white house",
    "corporation",
    "company",
    "group",
    "inc",
    "ltd",
    "co",
    "am",
    "pm",
    "tv",
    "mosque",
    "church",
];

/// Capitalised words that open sentences and headlines without being names.
const OPENERS: &[&str] = &[
    "former", "is", "are", "was", "were", "why", "how", "both", "many", "some", "most", "several",
    "every", "each", "other", "another", "top", "senior", "local", "leading", "late", "then",
    "only", "even", "two", "three", "four", "five", "over", "about", "all", "more", "few", "some",
    "would", "will", "can", "could", "should", "did", "does", "do",
];

/// Words before a name that say it is a place.
const LOCATIVE: &[&str] = &[
    "in",
    "at",
    "near",
    "from",
    "to",
    "into",
    "across",
    "outside",
    "inside",
    "around",
    "towards",
    "toward",
    "through",
    "throughout",
    "of",
    "visit",
    "visited",
    "via",
    "nearby",
    "between",
    "reach",
    "reached",
    "entered",
    "against",
];

// The word lists [`role`] answers for.

/// Lower-case words that end a division's name ("Anbar province").
const TYPE_WORDS: &[&str] = &[
    "province",
    "governorate",
    "region",
    "district",
    "oblast",
    "state",
    "county",
];

/// Lower-case words inside a name ("Rostov on Don", "Stratford upon Avon").
const CONNECTORS: &[&str] = &[
    "of", "de", "del", "la", "le", "al", "el", "ad", "as", "an", "ash", "on", "upon", "du", "des",
    "da", "do", "ul", "i", "e", "y", "en", "sur", "am", "an", "der", "den", "bin", "abu",
];

const DIRECTIONS: &[(&str, f64)] = &[
    ("north", 0.0),
    ("northeast", 45.0),
    ("north-east", 45.0),
    ("east", 90.0),
    ("southeast", 135.0),
    ("south-east", 135.0),
    ("south", 180.0),
    ("southwest", 225.0),
    ("south-west", 225.0),
    ("west", 270.0),
    ("northwest", 315.0),
    ("north-west", 315.0),
];

/// One reading of a candidate: a kb site or a gazetteer entry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reading {
    Facility(usize),
    KbPlace(usize),
    Entry(u32),
}

/// A span of the text that names a place, before disambiguation.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub start: usize,
    pub end: usize,
    pub readings: Vec<Reading>,
    /// Found as an adjective or abbreviation of a place ("Canadian", "B.C.").
    pub form: bool,
}

/// A place found in a text and resolved.
#[derive(Debug, Clone)]
pub struct Placed {
    pub start: usize,
    pub end: usize,
    pub location: Location,
    /// A representative point even where `location` has none (a country):
    /// for distance scoring, never for output.
    pub point: (f64, f64),
    /// The GeoNames id of the named place itself, kept when a relative
    /// phrase turns "Iraq" into "western Iraq" (which has none).
    pub geonameid: Option<u32>,
}

/// The country context of a text, from the places it names.
#[derive(Debug, Clone, Default)]
pub struct Context {
    countries: HashMap<String, f64>,
    admin1: HashSet<String>,
    anchors: Vec<(f64, f64)>,
}

impl Context {
    /// Counts a location the text names towards the context.
    pub fn add(&mut self, location: &Location) {
        if let Some(c) = &location.country {
            *self.countries.entry(c.clone()).or_default() += 1.0;
        }
        if let Some(a) = &location.admin1 {
            self.admin1.insert(a.clone());
        }
        if let (Some(lat), Some(lon)) = (location.lat, location.lon) {
            self.anchors.push((lat, lon));
        }
    }

    fn country_share(&self, code: &str) -> f64 {
        let max = self.countries.values().cloned().fold(0.0, f64::max);
        if max == 0.0 {
            return 0.0;
        }
        self.countries.get(code).map_or(0.0, |n| n / max)
    }
}

pub(crate) struct KbIndex {
    pub(crate) names: HashMap<String, Vec<Reading>>,
    /// Folded word prefixes of kb aliases, to know when to keep extending.
    prefixes: HashSet<String>,
    /// Adjectives and abbreviations of places (`data/english_forms.tsv`), by
    /// folded form: they name only their target.
    forms: HashMap<String, Form>,
}

/// An adjective ("Canadian") or abbreviation ("B.C.") that names a place.
pub(crate) struct Form {
    pub(crate) target: u32,
    /// How an abbreviation must be written ("Ky." but not "KY" or "Ky");
    /// empty for an adjective.
    spellings: Vec<&'static str>,
    /// Postal codes ("KY", "AB") that count only after a town and a comma.
    postal: Vec<&'static str>,
}

impl Form {
    /// True when the text spells the form as listed. `surface` is the span,
    /// `before` and `after` the text around it (an abbreviation's final
    /// period is not part of the span). After "Town, " an abbreviation may
    /// drop its period ("Edmonton, Ky") and a postal code counts.
    pub(crate) fn spelled(&self, surface: &str, before: &str, after: &str) -> bool {
        if self.spellings.is_empty() && self.postal.is_empty() {
            return true;
        }
        let after_town = before.ends_with(", ")
            && before[..before.len() - 2]
                .rsplit(' ')
                .next()
                .is_some_and(starts_capitalised);
        self.spellings.iter().any(|s| {
            *s == surface
                || (after.starts_with('.') && s.strip_suffix('.') == Some(surface))
                || (after_town && s.strip_suffix('.') == Some(surface))
        }) || (after_town && self.postal.contains(&surface))
    }
}

/// The adjectives and abbreviations of `data/english_forms.tsv` resolved to
/// gazetteer entries.
fn english_forms() -> HashMap<String, Form> {
    let g = Gazetteer::get();
    let mut out: HashMap<String, Form> = HashMap::default();
    let mut key = String::new();
    for line in include_str!("../data/english_forms.tsv").lines() {
        let mut f = line.split('\t');
        let (Some(form), Some(kind), Some(target)) = (f.next(), f.next(), f.next()) else {
            continue;
        };
        if form.starts_with('#') {
            continue;
        }
        let entry = if let Some(continent) = target.strip_prefix("cont:") {
            g.lookup(continent)
                .into_iter()
                .find(|&i| g.entry(i).kind == EntryKind::Region)
        } else if let Some((country, division)) = target.split_once('.') {
            g.lookup(division).into_iter().find(|&i| {
                let e = g.entry(i);
                e.kind == EntryKind::Admin1 && e.country_code() == country
            })
        } else {
            g.country(target).map(|e| e.index)
        };
        // A target the gazetteer lacks is a mistake in the list, caught by
        // the unit test; at run time the form is simply not known.
        let Some(target) = entry else { continue };
        fold_into(form, &mut key);
        let slot = out.entry(key.clone()).or_insert(Form {
            target,
            spellings: Vec::new(),
            postal: Vec::new(),
        });
        match kind {
            "abbreviation" => slot.spellings.push(form),
            "postal" => slot.postal.push(form),
            _ => {}
        }
    }
    out
}

impl KbIndex {
    /// The entry an adjective or abbreviation written alone names.
    pub(crate) fn form(&self, key: &str, surface: &str) -> Option<u32> {
        self.forms
            .get(key)
            .filter(|f| f.spelled(surface, "", ""))
            .map(|f| f.target)
    }

    pub(crate) fn empty() -> Self {
        KbIndex {
            names: HashMap::default(),
            prefixes: HashSet::default(),
            forms: HashMap::default(),
        }
    }

    pub(crate) fn new(kb: &Kb) -> Self {
        let mut names: HashMap<String, Vec<Reading>> = HashMap::default();
        let mut prefixes = HashSet::default();
        let mut key = String::new();
        let sites = kb
            .facilities
            .iter()
            .enumerate()
            .map(|(i, f)| (Reading::Facility(i), f))
            .chain(
                kb.places
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (Reading::KbPlace(i), p)),
            );
        for (reading, site) in sites {
            for alias in std::iter::once(&site.name).chain(&site.aliases) {
                fold_into(alias, &mut key);
                if key.is_empty() {
                    continue;
                }
                let words: Vec<&str> = key.split(' ').collect();
                for n in 1..words.len() {
                    prefixes.insert(words[..n].join(" "));
                }
                let list = names.entry(key.clone()).or_default();
                if !list.contains(&reading) {
                    list.push(reading);
                }
            }
        }
        // Adjectives of countries ("Turkish", "Iraqi") name their country,
        // as gazetteer-annotated news counts them; "B.C." names a province.
        let forms = english_forms();
        for form in forms.keys() {
            let words: Vec<&str> = form.split(' ').collect();
            for n in 1..words.len() {
                prefixes.insert(words[..n].join(" "));
            }
        }
        KbIndex {
            names,
            prefixes,
            forms,
        }
    }
}

struct Token {
    start: usize,
    end: usize,
    /// Where the folded word sits in [`Tokens::folded`].
    fold: (u32, u32),
    capital: bool,
    digit: bool,
    /// What the word can be inside a name: [`CONNECTOR`], [`TYPE_WORD`],
    /// [`ARTICLE`], [`HYPHEN_ARTICLE`] bits, decided once per word.
    role: u8,
}

/// A lower-case word inside a name ("Rostov on Don").
const CONNECTOR: u8 = 1;
/// A word that ends a division's name ("Anbar province").
const TYPE_WORD: u8 = 2;
/// "al", "el": an Arabic article before a capitalised word.
const ARTICLE: u8 = 4;
/// "ad", "as", "an", "ash": an Arabic article only when hyphenated.
const HYPHEN_ARTICLE: u8 = 8;

/// The [`Token::role`] of a folded word: asked for every lower-case word of
/// every sentence, so a test on the first letter and the length first, which
/// turns away most English words ("the", "was", "said"), then the word as
/// one number against [`ROLES`] rather than string comparisons
/// (`roles_agree_with_the_lists` keeps it in step with the word lists).
#[inline(always)]
fn role(folded: &[u8]) -> u8 {
    let (Some(&first), len) = (folded.first(), folded.len()) else {
        return 0;
    };
    if !may_have_role(first, len) {
        return 0;
    }
    // The word as one number: one comparison a role word.
    let packed = pack(folded);
    ROLES
        .iter()
        .find(|&&(w, _)| w == packed)
        .map_or(0, |&(_, r)| r)
}

/// Up to sixteen bytes as a little-endian number, zeros after: every role
/// word fits ([`ROLE_MAX_LEN`]).
const fn pack(word: &[u8]) -> u128 {
    let mut out = 0;
    let mut i = 0;
    while i < word.len() && i < 16 {
        out |= (word[i] as u128) << (8 * i);
        i += 1;
    }
    out
}

/// The [`ROLE_WORDS`], [`pack`]ed, with their role.
const ROLES: [(u128, u8); ROLE_WORDS.len()] = {
    let mut out = [(0, 0); ROLE_WORDS.len()];
    let mut i = 0;
    while i < ROLE_WORDS.len() {
        let w = ROLE_WORDS[i].as_bytes();
        let role = if i >= CONNECTORS.len() {
            TYPE_WORD
        } else {
            match w {
                b"al" | b"el" => CONNECTOR | ARTICLE,
                b"ad" | b"as" | b"an" | b"ash" => CONNECTOR | HYPHEN_ARTICLE,
                _ => CONNECTOR,
            }
        };
        out[i] = (pack(w), role);
        i += 1;
    }
    out
};

/// False when no word of [`role`] starts with byte `first` and is `len`
/// bytes long.
#[inline(always)]
fn may_have_role(first: u8, len: usize) -> bool {
    first.is_ascii_lowercase()
        && len <= ROLE_MAX_LEN
        && ROLE_LENGTHS[(first - b'a') as usize] & (1 << len) != 0
}

/// The words [`role`] knows: [`CONNECTORS`], then [`TYPE_WORDS`].
const ROLE_WORDS: [&str; CONNECTORS.len() + TYPE_WORDS.len()] = {
    let mut out = [""; CONNECTORS.len() + TYPE_WORDS.len()];
    let mut i = 0;
    while i < out.len() {
        out[i] = if i < CONNECTORS.len() {
            CONNECTORS[i]
        } else {
            TYPE_WORDS[i - CONNECTORS.len()]
        };
        i += 1;
    }
    out
};

/// For each first letter, a bit for each length of the [`ROLE_WORDS`] that
/// start with it.
const ROLE_LENGTHS: [u16; 26] = {
    let mut out = [0u16; 26];
    let mut i = 0;
    while i < ROLE_WORDS.len() {
        let w = ROLE_WORDS[i].as_bytes();
        out[(w[0] - b'a') as usize] |= 1 << w.len();
        i += 1;
    }
    out
};

/// The longest word [`role`] gives a role to ("governorate").
const ROLE_MAX_LEN: usize = 11;

/// `char::is_alphanumeric`, without its table search for ASCII and for the
/// General Punctuation block (curly quotes, dashes, thin spaces), the
/// non-ASCII characters English news is full of and none of which is a
/// letter or a digit (`alnum_agrees_with_std` checks every `char`).
#[inline]
fn alnum(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if ('\u{2000}'..='\u{206f}').contains(&c) {
        false
    } else {
        c.is_alphanumeric()
    }
}

/// The end of the run of ASCII letters and digits at `p`. Eight bytes at a
/// time: the byte loop's exit, once per word, was a branch mispredicted
/// about as often as not.
fn ascii_alnum_end(bytes: &[u8], mut p: usize) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const ONES: u64 = 0x0101_0101_0101_0101;
    // The high bit of each byte of seven-bit `v` in `lo..=hi`; no byte
    // carries into the next.
    let within = |v: u64, lo: u8, hi: u8| {
        (v + ONES * (0x80 - lo as u64)) & !(v + ONES * (0x7f - hi as u64)) & HIGH
    };
    while let Some(chunk) = bytes.get(p..p + 8) {
        let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let v = x & LOW;
        let alnum = (within(v, b'0', b'9') | within(v | (ONES * 0x20), b'a', b'z')) & !x;
        let other = !alnum & HIGH;
        if other != 0 {
            return p + (other.trailing_zeros() / 8) as usize;
        }
        p += 8;
    }
    while p < bytes.len() && bytes[p].is_ascii_alphanumeric() {
        p += 1;
    }
    p
}

/// The words of a text that can be part of a name, folded into one buffer
/// (no allocation per word).
#[derive(Default)]
struct Tokens {
    list: Vec<Token>,
    folded: String,
}

impl Tokens {
    fn folded(&self, t: &Token) -> &str {
        &self.folded[t.fold.0 as usize..t.fold.1 as usize]
    }
}

/// The words of `text` that can be part of a name: capitalised words,
/// Arabic-script words, numbers, and the lower-case words with a [`role`].
/// Other lower-case words are left out (most of the words of a text, and
/// most of the cost of tokenizing it when they were folded and kept): they
/// only ever ended a name, and a word left out still does, as the text
/// between the tokens around it is then never [`joinable`].
fn tokens(text: &str, list: &mut Vec<Token>, all: &mut String) {
    list.clear();
    all.clear();
    let mut folded = String::new();
    let bytes = text.as_bytes();
    // A byte-level scan: ASCII (nearly all of English news) is classified a
    // byte at a time, and only non-ASCII bytes are decoded as characters.
    let char_at = |p: usize| -> (char, usize) {
        let b = bytes[p];
        if b < 0x80 {
            (b as char, 1)
        } else {
            let c = text[p..].chars().next().expect("p is a char boundary");
            (c, c.len_utf8())
        }
    };
    let mut p = 0;
    while p < bytes.len() {
        let b = bytes[p];
        if b < 0x80 && !b.is_ascii_alphanumeric() {
            p += 1;
            continue;
        }
        let (c, len) = char_at(p);
        if !alnum(c) {
            p += len;
            continue;
        }
        let i = p;
        // Lower-case ASCII words start no name; only connectors and type
        // words ("of", "province") among them matter, and those are short:
        // skip the rest without folding or keeping them.
        if c.is_ascii_lowercase() {
            let end = ascii_alnum_end(bytes, i + 1);
            let plain = end >= bytes.len() || (bytes[end] < 0x80 && bytes[end] != b'\'');
            if plain {
                p = end;
                if !may_have_role(b, end - i) {
                    continue;
                }
                let mut low = [0u8; ROLE_MAX_LEN];
                let low = &mut low[..end - i];
                low.copy_from_slice(&bytes[i..end]);
                low.make_ascii_lowercase();
                let r = role(low);
                if r != 0 {
                    let from = all.len() as u32;
                    all.push_str(std::str::from_utf8(low).expect("ASCII"));
                    list.push(Token {
                        start: i,
                        end,
                        fold: (from, all.len() as u32),
                        capital: false,
                        digit: false,
                        role: r,
                    });
                }
                continue;
            }
        }
        let start = i;
        let mut end = if c.is_ascii() {
            ascii_alnum_end(bytes, i + 1)
        } else {
            i + len
        };
        let mut q = end;
        while q < bytes.len() {
            let (d, dlen) = char_at(q);
            if alnum(d) {
                end = q + dlen;
                q = end;
            } else if matches!(d, '\'' | '’') {
                // An apostrophe inside a word ("Ma'rib"), not a possessive.
                let rest = &text[q + dlen..];
                let next = rest.chars().next();
                let possessive = rest.starts_with('s') && !rest[1..].starts_with(alnum);
                if next.is_some_and(alnum) && !possessive {
                    q += dlen;
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        p = q;
        let word = &text[start..end];
        let from = all.len();
        // ASCII letters and digits with apostrophes ("Ma'rib", "don’t"):
        // folding only lower-cases and drops the apostrophes, as `fold_into`
        // does, without its Unicode decomposition.
        if word.bytes().all(|b| b.is_ascii_alphanumeric()) {
            all.push_str(word);
            all[from..].make_ascii_lowercase();
        } else if word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'\'' || b >= 0x80)
            && word.chars().all(|c| c.is_ascii() || c == '’')
        {
            all.extend(
                word.bytes()
                    .filter(u8::is_ascii_alphanumeric)
                    .map(|b| b.to_ascii_lowercase() as char),
            );
        } else {
            fold_into(word, &mut folded);
            all.push_str(&folded);
        }
        let capital = c.is_uppercase() || ('\u{600}'..='\u{6ff}').contains(&c);
        let digit = c.is_ascii_digit();
        let r = role(&all.as_bytes()[from..]);
        if !capital && !digit && r == 0 {
            all.truncate(from);
            continue;
        }
        list.push(Token {
            start,
            end,
            fold: (from as u32, all.len() as u32),
            capital,
            digit,
            role: r,
        });
    }
}

/// True when the gap between two tokens may sit inside one name.
fn joinable(text: &str, prev: &Token, next_start: usize) -> bool {
    // Bytes, not `str` patterns: those compiled to a `memcmp` call each.
    match &text.as_bytes()[prev.end..next_start] {
        b" " | b"-" | b"\xe2\x80\x93" => true, // an en dash
        // "U.S.", "St. Louis": a period after a one- or two-letter word.
        b"." | b". " => prev.end - prev.start <= 2,
        _ => false,
    }
}

/// Every kb or gazetteer name in `text`, leftmost-longest.
pub(crate) fn candidates(text: &str, kb: &KbIndex) -> Vec<Candidate> {
    let g = Gazetteer::get();
    thread_local! {
        /// The buffers of the last call, reused: it runs once per sentence,
        /// and allocating them was a tenth of the cost of a short one.
        static SCRATCH: std::cell::RefCell<(Tokens, String, Vec<u32>)> = Default::default();
    }
    let (mut words, mut key, mut ids) = SCRATCH.take();
    tokens(text, &mut words.list, &mut words.folded);
    let toks = &words.list;
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let first = &toks[i];
        // "al Anbar", "el-Fasher", "ad-Dawr"; but "an SUV", "as Iran" are
        // English: the short articles count only when hyphenated.
        let article_start = !first.capital
            && (first.role & ARTICLE != 0
                || (first.role & HYPHEN_ARTICLE != 0 && text[first.end..].starts_with('-')))
            && toks
                .get(i + 1)
                .is_some_and(|n| n.capital && joinable(text, first, n.start));
        if !first.capital && !article_start {
            i += 1;
            continue;
        }
        key.clear();
        let mut cursor = g.cursor();
        let mut best: Option<(usize, Vec<Reading>, bool)> = None;
        for j in i..(i + MAX_WORDS).min(toks.len()) {
            let t = &toks[j];
            if j > i {
                if !joinable(text, &toks[j - 1], t.start) {
                    break;
                }
                if !t.capital && !t.digit && t.role & (CONNECTOR | TYPE_WORD) == 0 {
                    break;
                }
                key.push(' ');
                cursor.feed(b" ");
            }
            key.push_str(words.folded(t));
            cursor.feed(words.folded(t).as_bytes());
            if t.capital || t.digit || (j > i && t.role & TYPE_WORD != 0) {
                let mut readings: Vec<Reading> = kb.names.get(&key).cloned().unwrap_or_default();
                let form = kb.forms.get(&key).filter(|f| {
                    f.spelled(
                        &text[first.start..t.end],
                        &text[..first.start],
                        &text[t.end..],
                    )
                });
                if let Some(f) = form {
                    readings.push(Reading::Entry(f.target));
                } else if !t.digit {
                    ids.clear();
                    cursor.entries(&mut ids);
                    // Every article ends in a space but the Arabic-script one:
                    // most keys need no search through the list.
                    let may_have_article =
                        key.as_bytes()[..key.len().min(4)].contains(&b' ') || key.starts_with('ا');
                    if may_have_article && let Some(stripped) = crate::fold::strip_article(&key) {
                        for id in g.lookup_folded(stripped) {
                            if !ids.contains(&id) {
                                ids.push(id);
                            }
                        }
                    }
                    readings.extend(ids.iter().map(|&id| Reading::Entry(id)));
                }
                if !readings.is_empty() {
                    best = Some((j, readings, form.is_some()));
                }
            }
            if !cursor.continues_with(b' ') && !kb.prefixes.contains(&key) {
                break;
            }
        }
        match best {
            Some((mut j, mut readings, form)) => {
                // "the Donetsk region", "Anbar province": the word after the
                // name says it is the division, not the town.
                if let Some(next) = toks.get(j + 1)
                    && next.role & TYPE_WORD != 0
                    && joinable(text, &toks[j], next.start)
                {
                    let divisions: Vec<Reading> = readings
                        .iter()
                        .filter(|r| match r {
                            Reading::Entry(e) => {
                                matches!(g.entry(*e).kind, EntryKind::Admin1 | EntryKind::Admin2)
                            }
                            _ => false,
                        })
                        .cloned()
                        .collect();
                    if !divisions.is_empty() {
                        readings = divisions;
                        j += 1;
                    }
                }
                out.push(Candidate {
                    start: toks[i].start,
                    end: toks[j].end,
                    readings,
                    form,
                });
                i = j + 1;
            }
            None => i += 1,
        }
    }
    SCRATCH.set((words, key, ids));
    out
}

/// English words that are also place names (`data/common_words.txt`,
/// generated by `scripts/gazetteer/common_words.py` from SCOWL).
fn common_word(key: &str) -> bool {
    static WORDS: std::sync::LazyLock<HashSet<&'static str>> = std::sync::LazyLock::new(|| {
        include_str!("../data/common_words.txt")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .collect()
    });
    WORDS.contains(key)
}

/// True for a word of [`STOP`].
fn stop_word(word: &str) -> bool {
    static SET: std::sync::LazyLock<HashSet<&'static str>> =
        std::sync::LazyLock::new(|| STOP.iter().copied().collect());
    SET.contains(word)
}

/// The words of a text that start in lower case, asked one at a time: a
/// name also seen in lower case is likely a common word.
enum LowerWords<'a> {
    /// A short text (a sentence) is searched for each word asked: cheaper
    /// than hashing every word of it for the few candidates it has.
    Scan(&'a str),
    /// A whole document: every lower-case word hashed once.
    Set(HashSet<&'a str>),
}

impl<'a> LowerWords<'a> {
    fn scan(text: &'a str) -> Self {
        LowerWords::Scan(text)
    }

    fn set(text: &'a str) -> Self {
        let mut set = HashSet::with_capacity_and_hasher(text.len() / 16, Default::default());
        set.extend(
            text.split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.chars().next().is_some_and(char::is_lowercase)),
        );
        LowerWords::Set(set)
    }

    /// True when `word` occurs in the text as a whole word (a maximal run
    /// of alphanumeric characters) starting in lower case.
    fn contains(&self, word: &str) -> bool {
        match self {
            LowerWords::Set(set) => set.contains(word),
            LowerWords::Scan(text) => {
                if !word.chars().next().is_some_and(char::is_lowercase) || !word.chars().all(alnum)
                {
                    return false;
                }
                // `word` is all alphanumeric, so a whole-word occurrence can
                // never overlap another occurrence. Its first byte found by a
                // plain scan: a sentence is too short for `str::find`'s
                // set-up to pay.
                let word_char = |c: Option<char>| c.is_some_and(alnum);
                let (t, w) = (text.as_bytes(), word.as_bytes());
                let mut from = 0;
                while let Some(at) = t[from..].iter().position(|&b| b == w[0]) {
                    let i = from + at;
                    if t[i..].starts_with(w)
                        && !word_char(text[..i].chars().next_back())
                        && !word_char(text[i + w.len()..].chars().next())
                    {
                        return true;
                    }
                    from = i + 1;
                }
                false
            }
        }
    }
}

fn previous_word(text: &str, start: usize) -> Option<&str> {
    text[..start]
        .trim_end()
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .filter(|w| !w.is_empty())
}

fn starts_capitalised(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_uppercase)
}

/// `f` of `word.to_lowercase()`, without allocating for a short ASCII word.
fn with_lowercase<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 24];
    if word.is_ascii() && word.len() <= buf.len() {
        let low = &mut buf[..word.len()];
        low.copy_from_slice(word.as_bytes());
        low.make_ascii_lowercase();
        f(std::str::from_utf8(low).expect("ASCII"))
    } else {
        f(&word.to_lowercase())
    }
}

/// True when the candidate looks like a place and not a common word or a
/// piece of a person's or an organisation's name. The checks that cost a
/// lookup (the lower-case words of the text, gazetteer records) come only
/// where the cheap ones have not decided.
fn plausible(text: &str, c: &Candidate, lower: &LowerWords) -> bool {
    thread_local! {
        /// The folded candidate, a buffer reused from one call to the next.
        static KEY: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    KEY.with_borrow_mut(|key| plausible_with(text, c, lower, key))
}

fn plausible_with(text: &str, c: &Candidate, lower: &LowerWords, key: &mut String) -> bool {
    let surface = &text[c.start..c.end];
    let before = previous_word(text, c.start);
    // "Russian President …", "Turkish troops": an adjective precedes names.
    if c.form {
        // A capitalised word just before glues only if it is a name itself:
        // not a possessive ("Dolan's Canadian drama") nor a common word
        // opening the sentence ("Former British officials", "Why US fears").
        let name_before = before.is_some_and(|w| {
            let bare = w.trim_end_matches(['\'', '’', 's']);
            let lower_w = w.to_lowercase();
            text[..c.start].ends_with(' ')
                && starts_capitalised(w)
                && !w.ends_with([',', '.', ';', ':', ')', '"', '”'])
                && !w.ends_with("'s")
                && !w.ends_with("’s")
                && !bare.is_empty()
                && !stop_word(&lower_w)
                && !OPENERS.contains(&lower_w.as_str())
                && !lower.contains(lower_w.as_str())
        });
        return !name_before;
    }
    fold_into(surface, key);
    let kb = c.readings.iter().any(|r| !matches!(r, Reading::Entry(_)));
    if stop_word(key) && !kb {
        return false;
    }
    let facility = c.readings.iter().any(|r| matches!(r, Reading::Facility(_)));
    if facility {
        return true;
    }
    // Glued to a capitalised word on either side: part of a longer name.
    let glued_before = before.is_some_and(|w| {
        text[..c.start].ends_with(' ')
            && starts_capitalised(w)
            && !w.ends_with([',', '.', ';', ':', ')', '"', '”'])
            && !with_lowercase(w, stop_word)
    });
    let after = &text[c.end..];
    let glued_after = after.starts_with(' ') && starts_capitalised(after.trim_start());
    if glued_before || glued_after {
        return false;
    }
    if kb {
        return true;
    }
    let locative = before.is_some_and(|w| {
        with_lowercase(w.trim_matches(|c: char| !alnum(c)), |w| {
            LOCATIVE.contains(&w)
        })
    });
    let single_word = !surface.contains([' ', '-']);
    if single_word && with_lowercase(surface, |s| lower.contains(s)) {
        return locative && strong(c);
    }
    // "Erbil, Iraq": a comma and a capitalised name vouch for a place;
    // "Crocus City Hall, and ordered" does not.
    let parent_follows = after.strip_prefix(", ").is_some_and(starts_capitalised);
    // Short all-capital words are acronyms (SUV, IED, CNN), not places.
    let letters = surface.chars().filter(|c| c.is_alphabetic()).count();
    if letters <= 4 && surface.chars().all(|c| !c.is_lowercase()) {
        return false;
    }
    // An English word that is also a place ("Most", "Reserve", "Hall") is a
    // place only with evidence when its capital says nothing: at the start
    // of a sentence, or after another capitalised word ("City Hall").
    if single_word && common_word(key) {
        let head = text[..c.start].trim_end();
        let opening = head.is_empty() || head.ends_with(['.', '!', '?', '"', '“', '”', ':']);
        let after_name = before.is_some_and(starts_capitalised);
        if (opening || after_name) && !(locative || parent_follows) {
            return false;
        }
    }
    locative
        || parent_follows
        || strong(c)
        || c.readings.iter().any(|r| match r {
            Reading::Entry(i) => crate::gazetteer::population(*i) >= 5_000,
            _ => true,
        })
}

/// Prior log-odds of a reading from what it is alone.
fn prior(e: &Entry, same_name_place: bool) -> f64 {
    match e.kind {
        EntryKind::Country => 10.0,
        EntryKind::Region => 9.0,
        // "Erbil" alone is the city, "Anbar" the province.
        EntryKind::Admin1 if same_name_place => 5.0,
        EntryKind::Admin1 => 7.5,
        EntryKind::Admin2 => 3.5,
        EntryKind::Place => (e.population as f64 + 10.0).log10(),
    }
}

pub(crate) fn precision_of(kind: EntryKind) -> LocationPrecision {
    match kind {
        EntryKind::Country => LocationPrecision::Country,
        EntryKind::Admin1 => LocationPrecision::Admin1,
        EntryKind::Admin2 => LocationPrecision::Admin2,
        EntryKind::Place => LocationPrecision::Town,
        EntryKind::Region => LocationPrecision::Region,
    }
}

/// The location of a gazetteer entry, coordinates only where they mean a point.
pub fn entry_location(e: &Entry, text: Option<&str>) -> Location {
    let g = Gazetteer::get();
    let precision = precision_of(e.kind);
    let point = !e.is_area();
    let admin1 = match e.kind {
        EntryKind::Admin1 => Some(e.name.to_string()),
        _ => e.admin1.map(|a| g.entry(a).name.to_string()),
    };
    Location {
        name: Some(e.name.to_string()),
        country: Some(e.country_code().to_string()).filter(|c| !c.is_empty()),
        admin1,
        lat: point.then_some(round(e.lat)),
        lon: point.then_some(round(e.lon)),
        precision,
        text: text.map(String::from),
        kb_id: None,
        geonameid: (e.geonameid > 0).then_some(e.geonameid),
        alternatives: Vec::new(),
    }
}

fn round(x: f64) -> f64 {
    (x * 1e5).round() / 1e5
}

/// The GeoNames id in a kb row's `source`, when it cites GeoNames.
pub(crate) fn geonameid_of(site: &SiteEntry) -> Option<u32> {
    site.source
        .strip_prefix("https://www.geonames.org/")
        .and_then(|rest| rest.split('/').next())
        .and_then(|id| id.parse().ok())
}

pub(crate) fn site_location(site: &SiteEntry, facility: bool, text: Option<&str>) -> Location {
    let precision = if facility {
        LocationPrecision::Facility
    } else {
        match site.kind.as_str() {
            "country" => LocationPrecision::Country,
            "admin1" => LocationPrecision::Admin1,
            "admin2" => LocationPrecision::Admin2,
            "town" => LocationPrecision::Town,
            _ => LocationPrecision::Region,
        }
    };
    let point = !matches!(
        precision,
        LocationPrecision::Country | LocationPrecision::Region
    );
    Location {
        name: Some(site.name.clone()),
        country: Some(site.country.clone()),
        admin1: site.admin1.clone(),
        lat: point.then_some(site.lat),
        lon: point.then_some(site.lon),
        precision,
        text: text.map(String::from),
        kb_id: Some(site.id.clone()),
        geonameid: if facility { None } else { geonameid_of(site) },
        alternatives: Vec::new(),
    }
}

/// Resolves the readings of one candidate. `parent` is the location named
/// right after it (", Iraq"); `ctx` the text's context.
pub(crate) fn choose(
    kb: &Kb,
    readings: &[Reading],
    surface: &str,
    ctx: &Context,
    parent: Option<&Location>,
) -> Option<Placed> {
    let g = Gazetteer::get();
    // A kb facility or curated place is the reading: it was put there for
    // this text's kind of news. The gazetteer's readings become alternatives.
    let kb_pick = readings
        .iter()
        .find(|r| matches!(r, Reading::Facility(_)))
        .or_else(|| readings.iter().find(|r| matches!(r, Reading::KbPlace(_))));
    let entries: Vec<Entry> = readings
        .iter()
        .filter_map(|r| match r {
            Reading::Entry(i) => Some(g.entry(*i)),
            _ => None,
        })
        .collect();
    let place_names: HashSet<(&str, [u8; 2])> = entries
        .iter()
        .filter(|e| e.kind == EntryKind::Place && e.population >= 50_000)
        .map(|e| (e.name, e.country))
        .collect();
    let mut scored: Vec<(f64, Entry)> = entries
        .iter()
        .map(|e| {
            let same = e.kind == EntryKind::Admin1 && place_names.contains(&(e.name, e.country));
            let mut s = prior(e, same);
            let code = e.country_code();
            s += 3.0 * ctx.country_share(code);
            let admin1_name = e.admin1.map(|a| g.entry(a).name);
            if admin1_name.is_some_and(|a| ctx.admin1.contains(a)) {
                s += 1.5;
            }
            if let Some(p) = parent
                && p.country.as_deref() == Some(code)
            {
                s += 6.0;
                if p.precision == LocationPrecision::Admin1
                    && p.admin1.is_some()
                    && p.admin1.as_deref() == admin1_name
                {
                    s += 4.0;
                }
            }
            if !e.is_area() {
                // 1.4 degrees of latitude is over 150 km: no need to ask.
                let nearest = ctx
                    .anchors
                    .iter()
                    .filter(|&&(la, _)| (la - e.lat).abs() < 1.4)
                    .map(|&(la, lo)| crate::haversine_km(la, lo, e.lat, e.lon))
                    .fold(f64::INFINITY, f64::min);
                // Places named together lie together ("Edmonton" beside
                // "London" is the London one).
                if nearest < 150.0 {
                    s += 1.0;
                }
                if nearest < 40.0 {
                    s += 1.5;
                }
            }
            (s, *e)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    // Shares of a softmax over the scores, for `alternatives`.
    let top = scored.first().map_or(0.0, |s| s.0);
    let weights: Vec<f64> = scored.iter().map(|(s, _)| (s - top).exp()).collect();
    let total: f64 = weights.iter().sum::<f64>() + if kb_pick.is_some() { 1.0 } else { 0.0 };
    let alternative = |(s, e): &(f64, Entry), w: f64| LocationAlternative {
        name: e.name.to_string(),
        country: Some(e.country_code().to_string()).filter(|c| !c.is_empty()),
        admin1: entry_location(e, None).admin1,
        lat: (!e.is_area()).then_some(round(e.lat)),
        lon: (!e.is_area()).then_some(round(e.lon)),
        precision: precision_of(e.kind),
        geonameid: (e.geonameid > 0).then_some(e.geonameid),
        kb_id: None,
        score: ((w / total) * 1000.0).round() / 1000.0 + 0.0 * s,
    };
    if let Some(pick) = kb_pick {
        let (site, facility) = match pick {
            Reading::Facility(i) => (&kb.facilities[*i], true),
            Reading::KbPlace(i) => (&kb.places[*i], false),
            Reading::Entry(_) => unreachable!(),
        };
        let mut location = site_location(site, facility, Some(surface));
        let own = location.geonameid;
        location.alternatives = scored
            .iter()
            .zip(&weights)
            .filter(|((_, e), _)| Some(e.geonameid) != own)
            .take(3)
            .map(|(s, w)| alternative(s, *w * 0.5))
            .collect();
        let point = (site.lat, site.lon);
        return Some(Placed {
            start: 0,
            end: 0,
            geonameid: location.geonameid,
            location,
            point,
        });
    }
    let (_, best) = *scored.first()?;
    let mut location = entry_location(&best, Some(surface));
    location.alternatives = scored
        .iter()
        .zip(&weights)
        .skip(1)
        .take(3)
        .map(|(s, w)| alternative(s, *w))
        .collect();
    Some(Placed {
        start: 0,
        end: 0,
        geonameid: location.geonameid,
        location,
        point: (best.lat, best.lon),
    })
}

/// Adjusts a resolved place for the words just before it: "near Erbil" →
/// Erbil's point at `admin2`; "50 km north of Baghdad" → the offset point at
/// `admin2`; "western Iraq", "northern Anbar" → a `region` without
/// coordinates. `before` is the text before the place's words.
pub fn qualify(mut location: Location, before: &str) -> Location {
    let words: Vec<String> = before
        .split_whitespace()
        .rev()
        .take(5)
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
                .to_lowercase()
        })
        .collect();
    let w = |i: usize| words.get(i).map(String::as_str).unwrap_or("");
    let name = location.name.clone().unwrap_or_default();
    // "western Iraq", "the north of Syria" (as "northern").
    let side = match w(0) {
        "northern" | "southern" | "eastern" | "western" | "central" | "northeastern"
        | "northwestern" | "southeastern" | "southwestern" => Some(w(0).to_string()),
        _ => None,
    };
    if let Some(side) = side
        && matches!(
            location.precision,
            LocationPrecision::Country | LocationPrecision::Admin1 | LocationPrecision::Region
        )
    {
        location.name = Some(format!("{side} {name}"));
        location.precision = LocationPrecision::Region;
        location.lat = None;
        location.lon = None;
        location.geonameid = None;
        return location;
    }
    // "50 km north of Baghdad", "30 kilometers (19 miles) west of Mosul".
    if w(0) == "of"
        && let Some(&(_, bearing)) = DIRECTIONS.iter().find(|(d, _)| *d == w(1))
        && let (Some(lat), Some(lon)) = (location.lat, location.lon)
    {
        let unit = w(2);
        let km_per = match unit {
            "km" | "kilometers" | "kilometres" | "kms" => Some(1.0),
            "miles" | "mile" | "mi" => Some(1.609),
            _ => None,
        };
        let distance = km_per.and_then(|k| {
            w(3).replace(',', "")
                .parse::<f64>()
                .ok()
                .map(|n| n * k)
                .or_else(|| unit.strip_suffix("km").and_then(|n| n.parse().ok()))
        });
        let distance =
            distance.or_else(|| w(2).strip_suffix("km").and_then(|n| n.parse::<f64>().ok()));
        if let Some(d) = distance {
            let (la, lo) = destination(lat, lon, bearing, d);
            location.lat = Some(round(la));
            location.lon = Some(round(lo));
            location.name = Some(format!("{} {} of {name}", fmt_km(d), w(1)));
        } else {
            location.name = Some(format!("{} of {name}", w(1)));
        }
        location.precision = location.precision.max(LocationPrecision::Admin2);
        location.geonameid = None;
        return location;
    }
    // "near Erbil", "on the outskirts of Mosul", "close to Kharkiv".
    let near = w(0) == "near"
        || w(0) == "nearby"
        || (w(0) == "of" && w(1) == "outskirts")
        || (w(0) == "to" && w(1) == "close")
        || (w(0) == "of" && w(1) == "vicinity");
    // Near a facility is taken as at it: news says "near the airport" of a
    // strike on its access road.
    if near && location.precision == LocationPrecision::Town {
        location.name = Some(format!("near {name}"));
        location.precision = LocationPrecision::Admin2;
    }
    location
}

fn fmt_km(d: f64) -> String {
    format!("{} km", d.round())
}

/// The point `km` from (`lat`, `lon`) on compass `bearing` (degrees).
pub fn destination(lat: f64, lon: f64, bearing: f64, km: f64) -> (f64, f64) {
    let (p1, l1, b) = (lat.to_radians(), lon.to_radians(), bearing.to_radians());
    let d = km / 6371.0;
    let p2 = (p1.sin() * d.cos() + p1.cos() * d.sin() * b.cos()).asin();
    let l2 = l1 + (b.sin() * d.sin() * p1.cos()).atan2(d.cos() - p1.sin() * p2.sin());
    (p2.to_degrees(), l2.to_degrees())
}

/// Gazetteer names in `text` that pass the plausibility filter and are not
/// kb names, with the GeoNames id of their most likely reading.
///
/// Run once per sentence by the nlp stage, so per-word costs dominate: only
/// the words that can be part of a name are kept and folded ([`tokens`]),
/// buffers are reused between calls, and [`plausible`] asks gazetteer
/// records last. 46 → about 95 MB/s on the scrapinghub articles, 54 → about
/// 140 on the built-in examples (one core, `sitrep-bench nlp`).
pub(crate) fn gazetteer_names(index: &KbIndex, text: &str) -> Vec<(usize, usize, u32)> {
    let lower = LowerWords::scan(text);
    candidates(text, index)
        .into_iter()
        .filter(|c| c.readings.iter().all(|r| matches!(r, Reading::Entry(_))))
        .filter(|c| plausible(text, c, &lower))
        .filter_map(|c| match c.readings.first() {
            Some(Reading::Entry(i)) => Some((c.start, c.end, crate::gazetteer::geonameid(*i))),
            _ => None,
        })
        .collect()
}

/// A kb site, a country or a province, or a place of 100,000 people or more.
fn strong(c: &Candidate) -> bool {
    use crate::gazetteer::{kind, population};
    c.readings.iter().any(|r| match r {
        Reading::Entry(i) => {
            matches!(
                kind(*i),
                EntryKind::Country | EntryKind::Admin1 | EntryKind::Region
            ) || population(*i) >= 100_000
        }
        _ => true,
    })
}

/// Finds and resolves every place named in `text`.
pub(crate) fn places(kb: &Kb, index: &KbIndex, text: &str) -> Vec<Placed> {
    let lower = LowerWords::set(text);
    let found = candidates(text, index);
    let kept: Vec<&Candidate> = found
        .iter()
        .filter(|c| plausible(text, c, &lower))
        .collect();
    // First pass without context: countries, provinces and kb sites set it.
    let mut ctx = Context::default();
    let mut first = Vec::with_capacity(kept.len());
    for c in &kept {
        let surface = &text[c.start..c.end];
        let placed = choose(kb, &c.readings, surface, &Context::default(), None);
        if let Some(p) = &placed
            && (p.location.kb_id.is_some()
                || matches!(
                    p.location.precision,
                    LocationPrecision::Country | LocationPrecision::Admin1
                ))
        {
            ctx.add(&p.location);
        }
        first.push(placed);
    }
    let base = ctx.clone();
    let mut out: Vec<(usize, Placed)> = Vec::with_capacity(kept.len());
    for (n, c) in kept.iter().enumerate() {
        let surface = &text[c.start..c.end];
        let parent = first_parent(text, &kept, &first, n);
        let Some(mut placed) = choose(kb, &c.readings, surface, &ctx, parent) else {
            continue;
        };
        placed.start = c.start;
        placed.end = c.end;
        placed.location = qualify(placed.location, &text[..c.start]);
        if placed.location.precision <= LocationPrecision::Town {
            ctx.anchors.push(placed.point);
        }
        out.push((n, placed));
    }
    // Last pass: every town is read again beside all the other places the
    // text names, before and after it.
    let points: Vec<(&str, (f64, f64))> = out
        .iter()
        .filter(|(_, p)| p.location.precision <= LocationPrecision::Town)
        .map(|(_, p)| (&text[p.start..p.end], p.point))
        .collect();
    let mut again = base;
    for (n, placed) in out.iter_mut() {
        let c = kept[*n];
        if c.readings.len() < 2 || placed.location.precision > LocationPrecision::Admin2 {
            continue;
        }
        let surface = &text[c.start..c.end];
        again.anchors.clear();
        again.anchors.extend(
            points
                .iter()
                .filter(|(s, _)| !s.eq_ignore_ascii_case(surface))
                .map(|&(_, p)| p),
        );
        let parent = first_parent(text, &kept, &first, *n);
        if let Some(mut better) = choose(kb, &c.readings, surface, &again, parent) {
            better.start = c.start;
            better.end = c.end;
            better.location = qualify(better.location, &text[..c.start]);
            *placed = better;
        }
    }
    out.into_iter().map(|(_, p)| p).collect()
}

/// "Erbil, Iraq": the candidate after a comma, when it is a country or a
/// province, is the parent of candidate `n`.
fn first_parent<'a>(
    text: &str,
    kept: &[&Candidate],
    first: &'a [Option<Placed>],
    n: usize,
) -> Option<&'a Location> {
    let next = kept.get(n + 1)?;
    let gap = &text[kept[n].end..next.start];
    (gap == ", " || gap == " , ")
        .then(|| first[n + 1].as_ref().map(|p| &p.location))
        .flatten()
        .filter(|p| {
            matches!(
                p.precision,
                LocationPrecision::Country | LocationPrecision::Admin1
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<(String, Location)> {
        let kb = Kb::embedded().unwrap();
        let index = KbIndex::new(&kb);
        places(&kb, &index, text)
            .into_iter()
            .map(|p| (text[p.start..p.end].to_string(), p.location))
            .collect()
    }

    #[test]
    fn roles_agree_with_the_lists() {
        for w in CONNECTORS.iter().chain(TYPE_WORDS) {
            assert!(w.len() <= ROLE_MAX_LEN, "{w}");
            assert!(ROLE_WORDS.contains(w), "{w}");
        }
        let words = CONNECTORS
            .iter()
            .chain(TYPE_WORDS)
            .chain(STOP)
            .chain(LOCATIVE)
            .chain(&["the", "als", "ashes", "provinces", "Of", ""]);
        for w in words {
            let mut want = 0;
            if CONNECTORS.contains(w) {
                want |= CONNECTOR;
            }
            if TYPE_WORDS.contains(w) {
                want |= TYPE_WORD;
            }
            if matches!(*w, "al" | "el") {
                want |= ARTICLE;
            }
            if matches!(*w, "ad" | "as" | "an" | "ash") {
                want |= HYPHEN_ARTICLE;
            }
            assert_eq!(role(w.as_bytes()), want, "{w}");
        }
    }

    #[test]
    fn alnum_agrees_with_std() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            assert_eq!(alnum(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn hierarchy_and_context_pick_the_reading() {
        let found = run("Rockets hit a camp near Tikrit, Iraq, and a depot in Anbar province.");
        let names: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(names, ["Tikrit", "Iraq", "Anbar province"]);
        assert_eq!(found[0].1.country.as_deref(), Some("IQ"));
        assert_eq!(found[0].1.precision, LocationPrecision::Admin2, "near");
        assert_eq!(found[2].1.precision, LocationPrecision::Admin1);
        assert!(found[2].1.lat.is_some());
    }

    #[test]
    fn population_prior_and_country_context() {
        let found = run("Talks were held in Paris on Monday.");
        assert_eq!(found[0].1.country.as_deref(), Some("FR"));
        assert!(!found[0].1.alternatives.is_empty());
        let found = run("Fighting in Lebanon reached Tripoli, where shelling continued.");
        let tripoli = &found.iter().find(|f| f.0 == "Tripoli").unwrap().1;
        assert_eq!(tripoli.country.as_deref(), Some("LB"));
    }

    #[test]
    fn relative_phrases_set_precision() {
        let found = run("The drone fell 50 km north of Baghdad, in western Iraq.");
        let baghdad = &found[0].1;
        assert_eq!(baghdad.precision, LocationPrecision::Admin2);
        assert!(baghdad.lat.unwrap() > 33.7, "{baghdad:?}");
        let iraq = &found[1].1;
        assert_eq!(iraq.precision, LocationPrecision::Region);
        assert_eq!(iraq.name.as_deref(), Some("western Iraq"));
        assert_eq!((iraq.lat, iraq.lon), (None, None));
    }

    #[test]
    fn adjectives_abbreviations_and_continents() {
        let found = run("Canadian troops left B.C. for Glasgow, Ky. and Paris, TX, then Asia.");
        let got: Vec<(&str, Option<&str>, LocationPrecision)> = found
            .iter()
            .map(|(t, l)| (t.as_str(), l.country.as_deref(), l.precision))
            .collect();
        assert_eq!(
            got,
            [
                ("Canadian", Some("CA"), LocationPrecision::Country),
                ("B.C", Some("CA"), LocationPrecision::Admin1),
                ("Glasgow", Some("US"), LocationPrecision::Town),
                ("Ky", Some("US"), LocationPrecision::Admin1),
                ("Paris", Some("US"), LocationPrecision::Town),
                ("TX", Some("US"), LocationPrecision::Admin1),
                ("Asia", None, LocationPrecision::Region),
            ]
        );
        assert_eq!(found[6].1.lat, None, "a continent is no point");
        // Misspelled abbreviations and postal codes out of place are not places.
        assert!(run("The KY team and Ky fans met TX officials.").is_empty());
    }

    #[test]
    fn every_listed_form_names_an_entry() {
        let listed = include_str!("../data/english_forms.tsv")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .count();
        let forms = english_forms();
        let spelled: usize = forms
            .values()
            .map(|f| {
                f.spellings.len()
                    + f.postal.len()
                    + usize::from(f.spellings.is_empty() && f.postal.is_empty())
            })
            .sum();
        // Adjectives sharing a folded key ("Afghan" has no other) count once.
        assert!(
            spelled >= listed - 2,
            "{spelled} of {listed} forms resolved"
        );
    }

    #[test]
    fn nearby_places_settle_each_other() {
        let found = run(
            "Pupils from a school in Edmonton planted trees with friends from Enfield and Tottenham.",
        );
        assert!(
            found.iter().all(|f| f.1.country.as_deref() == Some("GB")),
            "{found:?}"
        );
    }

    #[test]
    fn common_words_and_name_parts_are_not_places() {
        let found = run("Police said Jordan Spieth met May at the White House.");
        assert!(found.is_empty(), "{found:?}");
        let found = run("Militants attacked Hodeidah and al-Tanf.");
        let names: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(names, ["Hodeidah", "al-Tanf"]);
    }
}

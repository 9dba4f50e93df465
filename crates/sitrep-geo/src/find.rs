//! Finding toponym candidates in text.
//!
//! Where a capitalised word (or an Arabic-script word, or "al-"/"el-"
//! before one) starts, the longest run of up to six words that is a kb
//! facility/place alias or a gazetteer name is a candidate ("Baghdad
//! International Airport" beats "Baghdad"). Common words ("Police",
//! "May"), parts of longer proper names ("Jordan Spieth", "Washington
//! Post") and words seen in lower case elsewhere in the text are dropped
//! unless a locative cue ("in", "near", "north of") or a following ",
//! Country" vouches for them ([`plausible`]).

// FxHash: the keys hashed per word are short strings that need no
// protection from chosen collisions; SipHash took a tenth of candidate finding.
use rustc_hash::FxHashSet as HashSet;

use crate::fold::fold_into;
use crate::gazetteer::{EntryKind, Gazetteer};
use crate::resolve::{KbIndex, NameForm, Reading, only_divisions};

/// A span of the text that names a place, before disambiguation.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub start: usize,
    pub end: usize,
    pub readings: Vec<Reading>,
    /// Found as an adjective or abbreviation of a place ("Canadian", "B.C.").
    pub form: NameForm,
}

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
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
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
        let mut best: Option<(usize, Vec<Reading>, NameForm)> = None;
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
                let form = kb
                    .form_shaped(&key)
                    .then(|| kb.forms.get(&key))
                    .flatten()
                    .filter(|f| {
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
                    best = Some((j, readings, form.map_or(NameForm::Name, |f| f.kind())));
                }
            }
            if !cursor.continues_with(b' ') && !kb.may_continue(&key) {
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
                    let divisions = only_divisions(&readings);
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

/// "I've", "You'd", "We’ll": a pronoun and a verb, whatever the folded
/// letters spell ("Ive").
fn contraction(surface: &str) -> bool {
    surface
        .rsplit_once(['\'', '’'])
        .is_some_and(|(_, tail)| matches!(tail, "ve" | "d" | "ll" | "re" | "m" | "t" | "s"))
}

/// True for a word of [`STOP`].
fn stop_word(word: &str) -> bool {
    static SET: std::sync::LazyLock<HashSet<&'static str>> =
        std::sync::LazyLock::new(|| STOP.iter().copied().collect());
    SET.contains(word)
}

/// The words of a text that start in lower case, asked one at a time: a
/// name also seen in lower case is likely a common word.
pub(crate) enum LowerWords<'a> {
    /// A short text (a sentence) is searched for each word asked: cheaper
    /// than hashing every word of it for the few candidates it has.
    Scan(&'a str),
    /// A whole document: every lower-case word hashed once.
    Set(HashSet<&'a str>),
}

impl<'a> LowerWords<'a> {
    pub(crate) fn scan(text: &'a str) -> Self {
        LowerWords::Scan(text)
    }

    pub(crate) fn set(text: &'a str) -> Self {
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

pub(crate) fn starts_capitalised(text: &str) -> bool {
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
pub(crate) fn plausible(text: &str, c: &Candidate, lower: &LowerWords) -> bool {
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
    if c.form != NameForm::Name {
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
    if contraction(surface) {
        return false;
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
    // A well-known place still names itself inside a longer name
    // ("Kentucky State Police", "CTV Winnipeg", "Montreal Mayor"), unless a
    // given name makes the two a person's ("Andrew Jackson", "Jordan
    // Spieth").
    if (glued_before || glued_after)
        && !(well_known(text, c, key)
            && !(glued_before && before.is_some_and(crate::names::given_name))
            && !(glued_after && crate::names::given_name(surface)))
    {
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
    // Elsewhere a small place needs a locative word other than "of"
    // ("Department of Justice", "the Liberal government").
    if single_word && common_word(key) {
        let head = text[..c.start].trim_end();
        let opening = head.is_empty() || head.ends_with(['.', '!', '?', '"', '“', '”', ':']);
        let after_name = before.is_some_and(starts_capitalised);
        let after_of = before.is_some_and(|w| w.eq_ignore_ascii_case("of"));
        if (opening || after_name) && !(locative || parent_follows) {
            return false;
        }
        if !(strong(c) || parent_follows || (locative && !after_of)) {
            return false;
        }
    }
    locative
        || parent_follows
        || strong(c)
        || typed_division(surface, c)
        || c.readings.iter().any(|r| match r {
            Reading::Entry(i) => crate::gazetteer::population(*i) >= 5_000,
            _ => true,
        })
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

/// A place well known enough to name itself inside a longer name: a kb
/// site, a country, a province, a city of 100,000, or a division named with
/// its type word ("Metcalfe County").
/// The place must bear the name itself ("Drug" is another name of Durg) and
/// the name be no English word ("Olympic", "Commonwealth").
fn well_known(text: &str, c: &Candidate, key: &str) -> bool {
    let surface = &text[c.start..c.end];
    if typed_division(surface, c) {
        return true;
    }
    if common_word(key) {
        return false;
    }
    let g = Gazetteer::get();
    c.readings.iter().any(|r| match r {
        Reading::Entry(i) => {
            let e = g.entry(*i);
            (matches!(
                e.kind,
                EntryKind::Country | EntryKind::Admin1 | EntryKind::Region
            ) || e.population >= 100_000)
                && crate::resolve::own_name(&e, surface)
        }
        _ => true,
    })
}

/// A division named with its type word ("Metcalfe County", "Anbar
/// province"): the words say it is a place.
fn typed_division(surface: &str, c: &Candidate) -> bool {
    surface
        .rsplit(' ')
        .next()
        .is_some_and(|w| TYPE_WORDS.contains(&w.to_lowercase().as_str()))
        && !crate::resolve::only_divisions(&c.readings).is_empty()
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

#[cfg(test)]
mod tests {
    use super::*;
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
}

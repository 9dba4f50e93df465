//! Small judgements about one line or block of text: does it end a sentence,
//! look like a title, read as prose, look like a caption or a link.
//!
//! Every boilerplate rule in this crate is built from these, so they are kept
//! deliberately simple and predictable: no language model, just punctuation,
//! capitalisation and length, which is what survives scraping.

use std::sync::LazyLock;

use regex::Regex;

/// Words a title leaves in lower case ("Attack on the Base of the Guard").
const SMALL_WORDS: &[&str] = &[
    "a", "an", "the", "and", "but", "or", "nor", "for", "so", "yet", "of", "in", "on", "at", "to",
    "by", "up", "as", "from", "with", "into", "onto", "over", "per", "via", "vs", "than", "off",
    "out", "amid", "after", "before", "about", "against", "between", "during", "under", "upon",
    "within", "without", "is", "are", "was", "be", "its", "de", "la", "el", "al", "da", "van",
    "von", "du", "des", "der",
];

/// Words that end in a period without ending a sentence; a period after one
/// of these is not a place to split.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col", "sgt", "capt", "cpt",
    "maj", "adm", "brig", "cmdr", "cdr", "pres", "rev", "hon", "st", "mt", "ft", "jr", "sr", "no",
    "nos", "vs", "etc", "inc", "corp", "co", "ltd", "dept", "univ", "approx", "est", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "fig", "vol", "ch",
    "pp", "op", "ed", "al",
];

/// Closing quotes and brackets that may follow sentence punctuation.
pub(crate) fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '’' | '”' | '»' | ')' | ']' | '›')
}

/// The text with closing quotes and brackets removed from its end.
fn strip_closers(text: &str) -> &str {
    text.trim_end().trim_end_matches(is_closer)
}

/// Ends with `.`, `!` or `?` (possibly inside closing quotes). An ellipsis
/// does not count: scraped headlines end in "…" where they were cut off.
pub(crate) fn ends_sentence(text: &str) -> bool {
    let t = strip_closers(text);
    if t.ends_with("...") || t.ends_with('…') {
        return false;
    }
    t.ends_with(['.', '!', '?'])
}

/// Ends with punctuation that promises more (a lead-in or an unfinished clause).
pub(crate) fn ends_open(text: &str) -> bool {
    text.trim_end().ends_with([':', ',', ';'])
}

pub(crate) fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// The tokens that carry letters or digits, with surrounding punctuation cut.
fn title_words(text: &str) -> impl Iterator<Item = &str> {
    text.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
}

fn starts_upper_or_digit(word: &str) -> bool {
    word.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Title case: the first word and at least 60% of the other non-small words
/// start with a capital (or digit).
pub(crate) fn is_title_case(text: &str) -> bool {
    let mut words = title_words(text);
    let Some(first) = words.next() else {
        return false;
    };
    if !starts_upper_or_digit(first) {
        return false;
    }
    let (mut significant, mut capitalised) = (1usize, 1usize);
    for w in words {
        if SMALL_WORDS.contains(&w.to_lowercase().as_str()) {
            continue;
        }
        significant += 1;
        if starts_upper_or_digit(w) {
            capitalised += 1;
        }
    }
    capitalised * 10 >= significant * 6
}

/// Title-like: title case, or a capitalised "Label: rest" form
/// ("Timeline: what we know").
pub(crate) fn is_title_like(text: &str) -> bool {
    if is_title_case(text) {
        return true;
    }
    let Some((label, rest)) = text.split_once(':') else {
        return false;
    };
    // Commas after the colon mean a clause ("Officials: there were no
    // warnings, none at all"), not a subtitle.
    !rest.trim().is_empty() && !rest.contains(',') && word_count(label) <= 6 && is_title_case(label)
}

/// A short line that can stand alone as a heading: at most 12 words, no
/// sentence punctuation at the end (a question mark only when the line is in
/// title case), title-like.
pub(crate) fn is_heading_line(text: &str) -> bool {
    let words = word_count(text);
    if words == 0 || words > 12 || text.chars().count() > 120 || ends_open(text) {
        return false;
    }
    let t = strip_closers(text);
    if t.ends_with(['.', '!']) || t.ends_with('…') {
        return false;
    }
    if t.ends_with('?') {
        return is_title_case(text);
    }
    is_title_like(text)
}

/// A short line a reader would take for a sentence-case heading ("Iran vows
/// revenge"): capitalised start, at most 10 words, no end punctuation. Only
/// meaningful when prose follows it.
pub(crate) fn is_plain_heading_line(text: &str) -> bool {
    let words = word_count(text);
    (1..=10).contains(&words)
        && text.chars().next().is_some_and(char::is_uppercase)
        && !ends_sentence(text)
        && !ends_open(text)
        && !text.trim_end().ends_with(['…', '-', '–', '—'])
}

/// Whether the word before a period is an abbreviation: a listed one
/// ("Gen", "Jan"), a single letter ("F" in "John F."), or dotted initials
/// ("U.S", "D.C").
pub(crate) fn is_abbreviation(word: &str) -> bool {
    let w = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    if w.is_empty() {
        return false;
    }
    if w.chars().count() == 1 {
        return w.chars().all(char::is_alphabetic);
    }
    if w.contains('.') {
        return w
            .split('.')
            .all(|part| part.chars().count() <= 1 && part.chars().all(char::is_alphabetic));
    }
    ABBREVIATIONS.contains(&w.to_lowercase().as_str())
}

/// Approximate number of sentences: sentence punctuation followed by the end
/// of text or by a space and a capital, digit or quote, not after an
/// abbreviation.
pub(crate) fn sentence_count(text: &str) -> usize {
    let is_term = |c: char| matches!(c, '.' | '!' | '?');
    let mut count = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        if !is_term(c) {
            continue;
        }
        // Runs like "?!" or "..." count once, at their last character.
        if chars.get(k + 1).is_some_and(|&(_, n)| is_term(n)) {
            continue;
        }
        let mut next = k + 1;
        while next < chars.len() && is_closer(chars[next].1) {
            next += 1;
        }
        let ends = match chars.get(next) {
            None => true,
            Some(&(_, w)) if w.is_whitespace() => chars[next..]
                .iter()
                .map(|&(_, c)| c)
                .find(|c| !c.is_whitespace())
                .is_none_or(|c| c.is_uppercase() || c.is_ascii_digit() || is_opener(c)),
            Some(_) => false,
        };
        if !ends {
            continue;
        }
        let before = &text[..i];
        let word = before.rsplit(char::is_whitespace).next().unwrap_or("");
        if c == '.' && is_abbreviation(word) {
            continue;
        }
        count += 1;
    }
    count
}

fn is_opener(c: char) -> bool {
    matches!(c, '"' | '\'' | '‘' | '“' | '«' | '(' | '[')
}

/// Running prose: ends a sentence and has at least two sentences or 25 words.
pub(crate) fn is_prose(text: &str) -> bool {
    ends_sentence(text) && (word_count(text) >= 25 || sentence_count(text) >= 2)
}

/// A line that reads like a link, teaser headline or label rather than
/// text: short and not ending a sentence. Question headlines ("Will Iran
/// Strike Again?") count when in title case. Lead-ins ending in ":" do not,
/// as they introduce what follows.
pub(crate) fn is_link_like(text: &str) -> bool {
    if word_count(text) > 20 || text.chars().count() > 160 || ends_open(text) {
        return false;
    }
    if ends_sentence(text) {
        return strip_closers(text).ends_with('?') && is_title_case(text);
    }
    true
}

static RESOLUTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b\d{3,5} ?[x×] ?\d{3,5}\b").expect("valid regex"));

/// A trailing parenthesis that credits a photographer or agency:
/// "(AP Photo/Jane Doe)", "(Photo by X via Getty Images)", "(Reuters)".
static CREDIT_PARENS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\((?:[^()]*?\b(?:photo|photograph|photos|image|picture|credit|courtesy|getty|reuters|afp|ap|epa|anadolu|xinhua|handout|file|via|shutterstock|istock)\b[^()]*|[^()\s]+/[^()]+)\)\s*\.?\s*$",
    )
    .expect("valid regex")
});

const CAPTION_MARKERS: &[&str] = &[
    "photo:",
    "photograph:",
    "image:",
    "picture:",
    "credit:",
    "photo credit",
    "(ap photo",
    "getty images",
    "reuters/",
    "/reuters",
    "afp/",
    "/afp",
    "epa/",
    "/epa",
    "shutterstock",
    "stock photo",
    "wallpaper",
];

/// A photo caption or credit standing alone: at most 40 words carrying a
/// credit marker, a pixel resolution ("1920x1080"), or a credit in trailing
/// parentheses.
pub(crate) fn is_caption(text: &str) -> bool {
    if word_count(text) > 40 {
        return false;
    }
    let lower = text.to_lowercase();
    CAPTION_MARKERS.iter().any(|m| lower.contains(m))
        || RESOLUTION.is_match(text)
        || CREDIT_PARENS.is_match(text)
}

/// Whole lines that are site furniture, never article text.
const BOILERPLATE_LINES: &[&str] = &[
    "advertisement",
    "sponsored",
    "sponsored content",
    "skip to content",
    "skip to main content",
    "share this article",
    "share this",
    "share",
    "subscribe",
    "sign up",
    "read more",
    "continue reading",
    "related",
    "related articles",
    "related posts",
    "related stories",
    "recommended",
    "recommended for you",
    "you may also like",
    "you might also like",
    "more stories",
    "trending",
    "trending now",
    "popular posts",
    "most read",
    "leave a comment",
    "leave a reply",
    "comments",
    "back to top",
    "story continues below advertisement",
    "click here",
];

/// Line openings that mark a cross-promotion rather than text.
const BOILERPLATE_PREFIXES: &[&str] = &[
    "see more:",
    "don't miss",
    "don’t miss",
    "also on ",
    "more great ",
    "read next",
    "read more:",
    "related:",
    "also read:",
    "see also:",
    "recommended:",
    "follow us on",
    "sign up for our",
    "subscribe to our",
    "click here to",
];

/// A slideshow's position: "Image 1 of 8", "Photo 3 / 12".
static GALLERY_COUNTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:image|photo|picture|slide)s?\s+\d+\s*(?:of|/)\s*/?\s*\d*$")
        .expect("valid regex")
});

/// Site furniture: "Advertisement", "Read more: …", "Share this article".
pub(crate) fn is_boilerplate(text: &str) -> bool {
    if word_count(text) > 20 {
        return false;
    }
    let lower = text.to_lowercase();
    let bare = lower.trim_matches(|c: char| !c.is_alphanumeric());
    BOILERPLATE_LINES.contains(&bare)
        || BOILERPLATE_PREFIXES.iter().any(|p| lower.starts_with(p))
        || GALLERY_COUNTER.is_match(text)
}

/// Words a dateline or byline is made of besides its date, time and names:
/// labels, weekdays, clock and time-zone words, in the languages of
/// [`crate::dates`].
const DATELINE_WORDS: &[&str] = &[
    "published",
    "updated",
    "posted",
    "modified",
    "last",
    "first",
    "originally",
    "by",
    "on",
    "at",
    "and",
    "the",
    "of",
    "de",
    "am",
    "pm",
    "a",
    "p",
    "m",
    "gmt",
    "utc",
    "et",
    "pt",
    "ct",
    "est",
    "edt",
    "cst",
    "cdt",
    "mst",
    "mdt",
    "pst",
    "pdt",
    "bst",
    "cet",
    "cest",
    "ist",
    "ago",
    "minute",
    "minutes",
    "hour",
    "hours",
    "day",
    "days",
    "week",
    "weeks",
    "today",
    "yesterday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
    "publicado",
    "actualizado",
    "atualizado",
    "publié",
    "mis",
    "à",
    "jour",
    "veröffentlicht",
    "aktualisiert",
    "um",
    "uhr",
    "às",
    "las",
    "el",
    "le",
    "por",
    "par",
    "von",
    "segunda",
    "terça",
    "quarta",
    "quinta",
    "sexta",
    "sábado",
    "domingo",
    "feira",
    "lunes",
    "martes",
    "miércoles",
    "jueves",
    "viernes",
];

/// Labels that open a dateline or byline.
const DATELINE_LABELS: &[&str] = &[
    "published",
    "updated",
    "posted",
    "modified",
    "last updated",
    "by",
    "publicado",
    "actualizado",
    "atualizado",
    "publié",
    "mis à jour",
    "veröffentlicht",
    "aktualisiert",
];

static CLOCK_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b\d{1,2}(?::\d{2}(?:\s*[ap]\.?m\b\.?)?|\s*[ap]\.?m\b\.?)|\b\d+\s+(?:minutes?|hours?|days?|weeks?)\s+ago\b")
        .expect("valid regex")
});

/// A line that only dates or signs the article: "Updated 5:27 am CST,
/// Wednesday, November 20, 2019", "PUBLISHED: 10:48, Tue, Nov 19, 2019",
/// "By Ana Writer - 11/18/19 11:04 PM EST", "Published 1 day ago". A date
/// or time, and besides it at most a label and a name (three other words);
/// without a label, a full date and nothing else (a timeline entry keeps
/// its text, and a live blog's "4:14 p.m." its time).
pub(crate) fn is_dateline(text: &str) -> bool {
    if word_count(text) > 16 || text.chars().count() > 140 {
        return false;
    }
    let has_date = !crate::dates::dates_in(text).is_empty();
    if !has_date && !CLOCK_TIME.is_match(text) {
        return false;
    }
    let lower = text.to_lowercase();
    let start = lower.trim_start_matches(|c: char| !c.is_alphanumeric());
    let labelled = DATELINE_LABELS.iter().any(|l| {
        start
            .strip_prefix(l)
            .is_some_and(|rest| rest.chars().next().is_none_or(|c| !c.is_alphanumeric()))
    });
    let others = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !w.chars().any(|c| c.is_ascii_digit()))
        .filter(|w| !DATELINE_WORDS.contains(w) && crate::dates::month(w).is_none())
        .count();
    (others == 0 && has_date) || (labelled && others <= 3)
}

/// Phrases of newsletter boxes, follow-us lines, affiliate notices and
/// reporter contact lines: calls to the reader, not reporting. ("Sign up
/// for" alone is not one: articles explain how to sign up for things;
/// copyright lines are left alone, as benchmark bodies often keep an
/// agency's.)
const PROMO_PHRASES: &[&str] = &[
    "newsletter",
    "sign up for our",
    "sign up to our",
    "subscribe to our",
    "subscribe now",
    "subscribe today",
    "to your inbox",
    "in your inbox",
    "follow us",
    "follow him on",
    "follow her on",
    "follow me on",
    "like us on facebook",
    "join our",
    "click here",
    "share it with",
    "affiliate link",
    "referral link",
    "may be reached at",
    "contributed to this report",
];

/// "Follow X on Twitter", "follow @handle": a follow-us line however the
/// account is named.
static FOLLOW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bfollow\b(?:\s+@|[^.!?]{0,60}\bon\s+(?:twitter|facebook|instagram|youtube|linkedin)\b)")
        .expect("valid regex")
});

/// Agency credits closing a wire story: "(Reporting by A; Editing by B)".
static WIRE_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\(?(?:additional\s+)?(?:reporting|writing|compiled)\s+by\b.*\bedit(?:ing|ed)\s+by\b",
    )
    .expect("valid regex")
});

/// A short block that addresses the reader (newsletter sign-up, follow us,
/// affiliate notice) or credits the desk, rather than reporting.
pub(crate) fn is_promo(text: &str) -> bool {
    if word_count(text) > 50 {
        return false;
    }
    let lower = text.to_lowercase();
    PROMO_PHRASES.iter().any(|p| lower.contains(p))
        || FOLLOW.is_match(text)
        || WIRE_CREDIT.is_match(text)
}

/// "Table of Contents", "Contents", "In this article" (with an optional colon).
pub(crate) fn is_toc_label(text: &str) -> bool {
    let lower = text.trim().trim_end_matches(':').trim().to_lowercase();
    matches!(
        lower.as_str(),
        "table of contents"
            | "contents"
            | "in this article"
            | "in this story"
            | "on this page"
            | "article contents"
            | "jump to"
    )
}

/// Collapses whitespace runs (including non-breaking and other Unicode
/// spaces) to one space and drops invisible characters, trimming the ends.
pub(crate) fn normalize_space(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if matches!(c, '\u{200b}' | '\u{2060}' | '\u{feff}' | '\u{ad}') {
            continue;
        }
        if c.is_whitespace() || c.is_control() {
            pending_space = true;
            continue;
        }
        if pending_space && !out.is_empty() {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_ends() {
        assert!(ends_sentence("The base was hit."));
        assert!(ends_sentence("He said \"no.\""));
        assert!(ends_sentence("Who fired first?”"));
        assert!(!ends_sentence("Tehran unleashes..."));
        assert!(!ends_sentence("Tehran unleashes…"));
        assert!(!ends_sentence("The Human Cost"));
        assert!(!ends_sentence("(AP Photo/Jon Doe)"));
    }

    #[test]
    fn title_case() {
        assert!(is_title_case(
            "Operation Martyr Soleimani: The Retaliatory Strike"
        ));
        assert!(is_title_case("The Role of the Militias in Iraq"));
        assert!(is_title_case("2020 Strikes and What Came After"));
        assert!(!is_title_case("the strike that changed everything"));
        assert!(!is_title_case(
            "Officials said the drones came from the east"
        ));
        assert!(is_title_like("Timeline: what we know so far"));
        assert!(!is_title_like("Officials warned: more attacks are coming"));
    }

    #[test]
    fn heading_lines() {
        assert!(is_heading_line("A Night of Missiles"));
        assert!(is_heading_line("What Comes Next for the Bases?"));
        assert!(!is_heading_line("What comes next is unclear?"));
        assert!(!is_heading_line("A Night of Missiles."));
        assert!(!is_heading_line("Key points include:"));
        assert!(!is_heading_line(
            "One Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve Thirteen"
        ));
        assert!(is_plain_heading_line("Why the base mattered"));
        assert!(!is_plain_heading_line("why the base mattered"));
    }

    #[test]
    fn abbreviations() {
        assert!(is_abbreviation("U.S"));
        assert!(is_abbreviation("Gen"));
        assert!(is_abbreviation("(Jan"));
        assert!(is_abbreviation("F"));
        assert!(!is_abbreviation("base"));
        assert!(!is_abbreviation("2020"));
    }

    #[test]
    fn counting_sentences() {
        assert_eq!(sentence_count("One. Two! Three?"), 3);
        assert_eq!(sentence_count("Gen. Smith spoke in the U.S. Army base."), 1);
        assert_eq!(sentence_count("It cost 3.5 million. Then it ended."), 2);
        assert_eq!(sentence_count("Wait... what?! Yes."), 2);
        assert_eq!(sentence_count("no end"), 0);
        assert!(is_prose("Short one. Short two."));
        assert!(!is_prose("Just a single short sentence."));
    }

    #[test]
    fn captions() {
        assert!(is_caption(
            "Smoke over the airfield at dawn (AP Photo/Jon Doe)"
        ));
        assert!(is_caption("Soldiers inspect a crater. Photo: Army handout"));
        assert!(is_caption(
            "1920x1080 Desert Sunset Backgrounds Free Download"
        ));
        assert!(is_caption("Damaged hangars seen from the air (Reuters)"));
        assert!(is_caption(
            "The runway after the strike (Courtesy of the ministry)."
        ));
        assert!(!is_caption(
            "The Islamic Revolutionary Guard Corps (IRGC) fired the missiles."
        ));
        assert!(!is_caption("The missiles hit at 1:34 am local time."));
    }

    #[test]
    fn links_and_furniture() {
        assert!(is_link_like("Famous Singer Net Worth"));
        assert!(is_link_like("Will the Ceasefire Hold?"));
        assert!(!is_link_like("Will the ceasefire hold for long?"));
        assert!(!is_link_like("Items to note:"));
        assert!(!is_link_like("The strike killed four soldiers."));
        assert!(is_boilerplate("ADVERTISEMENT"));
        assert!(is_boilerplate("Read more: Drones hit another base"));
        assert!(!is_boilerplate(
            "Read more about it in the report, officials said."
        ));
        assert!(is_toc_label("Table of Contents"));
        assert!(is_toc_label("In this article:"));
        assert!(!is_toc_label("Contents of the report"));
    }

    #[test]
    fn datelines() {
        for line in [
            "Updated 5:27 am CST, Wednesday, November 20, 2019",
            "PUBLISHED: 10:48, Tue, Nov 19, 2019",
            "| UPDATED: 11:05, Tue, Nov 19, 2019",
            "By Ana Writer - 11/18/19 11:04 PM EST",
            "Posted: Fri 6:45 PM, Feb 16, 2018 |",
            "Published 3 days ago",
            "Updated at 1:23 p.m.",
            "Nov. 20, 2019, 9:28 AM UTC",
            "segunda-feira, 22 de janeiro de 2018 às 0:13",
            "8 January 2020",
        ] {
            assert!(is_dateline(line), "{line}");
        }
        for line in [
            // A timeline entry or a sentence with a date keeps its text.
            "Jan. 8, 2020: Iran fires missiles at Al Asad",
            "At 1:34 am the first missiles hit the base.",
            "By 2 pm on Jan. 8, 2020, crews had cleared the runway and flights resumed",
            "Published reports on 8 January 2020 counted eleven missiles fired at the base from Iran.",
            "Updated",
            "4:14 p.m.",
        ] {
            assert!(!is_dateline(line), "{line}");
        }
    }

    #[test]
    fn promos() {
        for line in [
            "Get the top headlines delivered to your inbox every morning.",
            "Sign up for our daily briefing.",
            "Follow Sam Writer on Twitter @samwrites.",
            "Follow us @example for updates.",
            "(Reporting by Ana Writer; Editing by Ben Editor)",
            "Jo Smith contributed to this report.",
        ] {
            assert!(is_promo(line), "{line}");
        }
        for line in [
            "You can sign up for a free trial, then pay monthly.",
            "The militia vowed to follow the orders of its commanders.",
            "Reporting by the ministry was incomplete, officials said.",
        ] {
            assert!(!is_promo(line), "{line}");
        }
        assert!(is_boilerplate("Image 3 of 12"));
        assert!(is_boilerplate("Photo 1 / 8"));
        assert!(is_boilerplate("DON'T MISS"));
        assert!(!is_boilerplate(
            "Image quality was poor in 12 of the photos."
        ));
    }

    #[test]
    fn spaces() {
        assert_eq!(normalize_space("  a\u{a0}\t b\u{200b}c \n d  "), "a bc d");
        assert_eq!(normalize_space(" \u{3000} "), "");
    }
}

//! Small word-level helpers shared by the taggers and the extraction rules.

/// True when `text[pos]` is not inside a word (start/end of a match).
pub fn is_boundary(text: &str, pos: usize) -> bool {
    let before = text[..pos].chars().next_back();
    let after = text[pos..].chars().next();
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    !(word(before) && word(after))
}

/// True when a match `start..end` is a whole word (or words).
pub fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    !word(before) && !word(after)
}

/// True for the characters that may sit inside a word between two letters
/// or digits.
fn is_inner(c: char) -> bool {
    matches!(c, '\'' | '’' | '.' | '-')
}

/// The character starting at byte `at` and its length (ASCII without
/// decoding).
fn char_at(text: &str, at: usize) -> (char, usize) {
    let b = text.as_bytes()[at];
    if b < 0x80 {
        return (b as char, 1);
    }
    let c = text[at..].chars().next().unwrap_or('\0');
    (c, c.len_utf8())
}

/// The character ending at byte `at` and its length.
fn char_before(text: &str, at: usize) -> (char, usize) {
    let b = text.as_bytes()[at - 1];
    if b < 0x80 {
        return (b as char, 1);
    }
    let c = text[..at].chars().next_back().unwrap_or('\0');
    (c, c.len_utf8())
}

/// Word spans of `text`, first to last, found lazily (see [`spans`]).
pub struct Spans<'a> {
    text: &'a str,
    pos: usize,
}

impl Iterator for Spans<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        let text = self.text;
        // A word starts with a letter or digit: an inner character needs
        // one before it.
        let start = loop {
            if self.pos >= text.len() {
                return None;
            }
            let (c, len) = char_at(text, self.pos);
            if c.is_alphanumeric() {
                break self.pos;
            }
            self.pos += len;
        };
        let mut end = start;
        while end < text.len() {
            let (c, len) = char_at(text, end);
            let in_word = c.is_alphanumeric()
                || (is_inner(c)
                    && end + len < text.len()
                    && char_at(text, end + len).0.is_alphanumeric());
            if !in_word {
                break;
            }
            end += len;
        }
        self.pos = end;
        Some((start, end))
    }
}

/// Word spans of `text`, last to first, found lazily (see [`spans`]).
pub struct SpansRev<'a> {
    text: &'a str,
    pos: usize,
}

impl Iterator for SpansRev<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        let text = self.text;
        // A word ends with a letter or digit: an inner character needs one
        // after it.
        let end = loop {
            if self.pos == 0 {
                return None;
            }
            let (c, len) = char_before(text, self.pos);
            if c.is_alphanumeric() {
                break self.pos;
            }
            self.pos -= len;
        };
        let mut start = end;
        while start > 0 {
            let (c, len) = char_before(text, start);
            let in_word = c.is_alphanumeric()
                || (is_inner(c)
                    && start - len > 0
                    && char_before(text, start - len).0.is_alphanumeric());
            if !in_word {
                break;
            }
            start -= len;
        }
        self.pos = start;
        Some((start, end))
    }
}

/// Word spans of `text` (letters, digits and inner apostrophes, periods and
/// hyphens: "U.S.", "Kata'ib", "Iran-backed").
pub fn spans(text: &str) -> Vec<(usize, usize)> {
    spans_iter(text).collect()
}

/// [`spans`] without collecting them: for callers that need only the first
/// few words of a long stretch.
pub fn spans_iter(text: &str) -> Spans<'_> {
    Spans { text, pos: 0 }
}

/// [`spans`] from the last word back: for callers that need only the few
/// words before a position.
pub fn spans_rev(text: &str) -> SpansRev<'_> {
    SpansRev {
        pos: text.len(),
        text,
    }
}

/// Number of words in `text[from..to]`.
pub fn count_between(text: &str, from: usize, to: usize) -> usize {
    if from >= to {
        return 0;
    }
    spans_iter(&text[from..to]).count()
}

/// True when `text[from..to]` holds at most `n` words; stops counting there.
pub fn at_most_words(text: &str, from: usize, to: usize, n: usize) -> bool {
    from >= to || spans_iter(&text[from..to]).nth(n).is_none()
}

/// `word.to_lowercase() == lower` for a lower-case `lower`, without
/// allocating for an ASCII word.
pub fn lower_is(word: &str, lower: &str) -> bool {
    if word.is_ascii() {
        word.eq_ignore_ascii_case(lower)
    } else {
        word.to_lowercase() == lower
    }
}

/// True when `word`, lowercased, is one of `list` (lower case).
pub fn lower_in(word: &str, list: &[&str]) -> bool {
    if word.is_ascii() {
        list.iter().any(|l| word.eq_ignore_ascii_case(l))
    } else {
        let lower = word.to_lowercase();
        list.contains(&lower.as_str())
    }
}

/// The `n` words before `pos`, lowercased, nearest last.
pub fn words_before(text: &str, pos: usize, n: usize) -> Vec<String> {
    let mut words: Vec<String> = spans_rev(&text[..pos])
        .take(n)
        .map(|(s, e)| text[s..e].to_lowercase())
        .collect();
    words.reverse();
    words
}

/// The `n` words after `pos`, lowercased, nearest first.
pub fn words_after(text: &str, pos: usize, n: usize) -> Vec<String> {
    spans_iter(&text[pos..])
        .take(n)
        .map(|(s, e)| text[pos + s..pos + e].to_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_spans_keep_abbreviations_and_hyphens() {
        let text = "U.S. and Iran-backed Kata'ib (2020).";
        let words: Vec<&str> = spans(text).iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(words, vec!["U.S", "and", "Iran-backed", "Kata'ib", "2020"]);
    }

    #[test]
    fn boundaries() {
        assert!(is_whole_word("Iran's", 0, 4));
        assert!(!is_whole_word("Iranian", 0, 4));
        assert_eq!(words_before("a b c d", 7, 2), vec!["c", "d"]);
        assert_eq!(words_after("a b c d", 1, 2), vec!["b", "c"]);
    }

    /// The definition the scanners implement, character by character.
    fn reference_spans(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start: Option<usize> = None;
        let mut iter = text.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            let inner = is_inner(c)
                && start.is_some()
                && iter.peek().is_some_and(|(_, n)| n.is_alphanumeric());
            if c.is_alphanumeric() || inner {
                if start.is_none() {
                    start = Some(i);
                }
            } else if let Some(s) = start.take() {
                out.push((s, i));
            }
        }
        if let Some(s) = start {
            out.push((s, text.len()));
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn lazy_scanners_match_the_definition(text in "[a-zA-Z0-9 .'’\\-éß—,]{0,40}") {
            let expected = reference_spans(&text);
            proptest::prop_assert_eq!(spans(&text), expected.clone());
            let mut backwards: Vec<_> = spans_rev(&text).collect();
            backwards.reverse();
            proptest::prop_assert_eq!(backwards, expected);
        }
    }
}

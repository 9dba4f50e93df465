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

/// Word spans of `text` (letters, digits and inner apostrophes, periods and
/// hyphens: "U.S.", "Kata'ib", "Iran-backed").
pub fn spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let inner = matches!(c, '\'' | '’' | '.' | '-')
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

/// Number of words in `text[from..to]`.
pub fn count_between(text: &str, from: usize, to: usize) -> usize {
    if from >= to {
        return 0;
    }
    spans(&text[from..to]).len()
}

/// The `n` words before `pos`, lowercased, nearest last.
pub fn words_before(text: &str, pos: usize, n: usize) -> Vec<String> {
    let spans = spans(&text[..pos]);
    spans[spans.len().saturating_sub(n)..]
        .iter()
        .map(|&(s, e)| text[s..e].to_lowercase())
        .collect()
}

/// The `n` words after `pos`, lowercased, nearest first.
pub fn words_after(text: &str, pos: usize, n: usize) -> Vec<String> {
    spans(&text[pos..])
        .into_iter()
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
}

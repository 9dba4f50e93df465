//! Sentence splitting within one block of cleaned text.

/// Byte spans (absolute, into `text`) of the sentences of `text[start..end]`,
/// trimmed of surrounding white space. Blocks never share a sentence.
pub fn split(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let block = &text[start..end];
    let mut spans = Vec::new();
    for boundary in sentencex::get_sentence_boundaries("en", block) {
        let piece = &block[boundary.start_byte..boundary.end_byte];
        let leading = piece.len() - piece.trim_start().len();
        let trimmed = piece.trim();
        if trimmed.is_empty() {
            continue;
        }
        let s = start + boundary.start_byte + leading;
        spans.push((s, s + trimmed.len()));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        split(text, 0, text.len())
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect()
    }

    #[test]
    fn keeps_news_abbreviations_inside_sentences() {
        let text = "U.S. Gen. Kenneth McKenzie spoke on Jan. 8 at 3 a.m. about 3.5 tons. Maj. Gen. Ali Hajizadeh answered.";
        assert_eq!(
            texts(text),
            vec![
                "U.S. Gen. Kenneth McKenzie spoke on Jan. 8 at 3 a.m. about 3.5 tons.",
                "Maj. Gen. Ali Hajizadeh answered."
            ]
        );
    }

    #[test]
    fn offsets_are_absolute_and_trimmed() {
        let text = "Heading\n\nFirst one. Second one.  ";
        let spans = split(text, 9, text.len());
        assert_eq!(spans, vec![(9, 19), (20, 31)]);
    }
}

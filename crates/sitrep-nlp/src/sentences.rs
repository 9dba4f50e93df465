//! Sentence splitting within one block of cleaned text.

/// Byte spans (absolute, into `text`) of the sentences of `text[start..end]`,
/// trimmed of surrounding white space. Blocks never share a sentence.
pub fn split(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let block = &text[start..end];
    let spans = match single_sentence(block) {
        Some(span) => vec![span],
        None => segment(block),
    };
    spans
        .into_iter()
        .map(|(s, e)| (start + s, start + e))
        .collect()
}

/// The segmenter's sentences of `block`, trimmed, relative to it.
fn segment(block: &str) -> Vec<(usize, usize)> {
    sentencex::get_sentence_boundaries("en", block)
        .into_iter()
        .filter_map(|boundary| {
            let piece = &block[boundary.start_byte..boundary.end_byte];
            let trimmed = piece.trim();
            let s = boundary.start_byte + piece.len() - piece.trim_start().len();
            (!trimmed.is_empty()).then_some((s, s + trimmed.len()))
        })
        .collect()
}

/// A block that is plainly one sentence: ASCII, one line, and no `.`, `!`
/// or `?` before its last character. Headings, captions-turned-paragraphs
/// and short paragraphs are; they skip the segmenter, whose fixed cost per
/// block (quote and list-marker scans) dominated on them. `None` when the
/// segmenter must decide (blank blocks included).
fn single_sentence(block: &str) -> Option<(usize, usize)> {
    let trimmed = block.trim();
    let (_, body) = trimmed.as_bytes().split_last()?;
    let plain = trimmed.is_ascii()
        && !body
            .iter()
            .any(|b| matches!(b, b'.' | b'!' | b'?' | b'\n' | b'\r'));
    let leading = block.len() - block.trim_start().len();
    plain.then_some((leading, leading + trimmed.len()))
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

    /// The shortcut gives what the segmenter gives, on the example corpus
    /// and on blocks made to probe its edges.
    #[test]
    fn single_sentence_shortcut_agrees_with_the_segmenter() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
        let mut blocks: Vec<String> = vec![
            "  Iran fires missiles at bases  ".into(),
            "Heading without a stop".into(),
            "\"We will respond,\" he said".into(),
            "Troops were hurt; none died: officials".into(),
            "A list: one, two, three -- and more".into(),
            "Ends with a question?".into(),
            "Ends with a stop.".into(),
            "(In brackets)".into(),
            "   ".into(),
        ];
        for entry in std::fs::read_dir(&root).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt") {
                let text = std::fs::read_to_string(&path).unwrap();
                blocks.extend(text.split("\n\n").map(str::to_owned));
                blocks.extend(text.lines().map(str::to_owned));
            }
        }
        let mut shortcut = 0;
        for block in &blocks {
            if let Some(span) = single_sentence(block) {
                shortcut += 1;
                assert_eq!(vec![span], segment(block), "{block:?}");
            }
        }
        assert!(shortcut > 10, "only {shortcut} blocks took the shortcut");
    }
}

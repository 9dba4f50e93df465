//! Sentence splitting within one block of cleaned text.

use sentencex::languages::{English, Language};

/// The longest sentence kept whole, in bytes. News sentences stay far below
/// it (a long one is 400–600); text without stops (a list run together, a
/// hostile page) is cut into pieces of at most this size, so that what
/// every mention keeps of its sentence as evidence stays bounded and the
/// memory and storage of a document grow linearly with it.
pub const MAX_SENTENCE_BYTES: usize = 2000;

/// Byte spans (absolute, into `text`) of the sentences of `text[start..end]`,
/// trimmed of surrounding white space. Blocks never share a sentence; no
/// span is longer than [`MAX_SENTENCE_BYTES`].
pub fn split(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let block = &text[start..end];
    let spans = match single_sentence(block) {
        Some(span) => vec![span],
        None => plain_paragraph(block).unwrap_or_else(|| segment(block)),
    };
    let mut out = Vec::with_capacity(spans.len());
    for (s, e) in spans {
        cut_long(block, s, e, &mut out);
    }
    out.into_iter()
        .map(|(s, e)| (start + s, start + e))
        .collect()
}

/// Pushes `block[start..end]` whole, or in pieces of at most
/// [`MAX_SENTENCE_BYTES`] cut after the last clause mark (`;`, `,`, `:`, a
/// dash) before the limit, else the last space, else a character boundary.
fn cut_long(block: &str, mut start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    while end - start > MAX_SENTENCE_BYTES {
        let mut limit = start + MAX_SENTENCE_BYTES;
        while !block.is_char_boundary(limit) {
            limit -= 1;
        }
        let window = &block[start..limit];
        let cut = window
            .rfind([';', ',', ':', '\u{2013}', '\u{2014}'])
            .map(|i| i + window[i..].chars().next().map_or(1, char::len_utf8))
            .filter(|&i| i > MAX_SENTENCE_BYTES / 2)
            .or_else(|| window.rfind(char::is_whitespace).filter(|&i| i > 0))
            .unwrap_or(window.len());
        if let Some(piece) = trim_piece(block, start, start + cut) {
            out.push(piece);
        }
        start += cut;
    }
    if let Some(piece) = trim_piece(block, start, end) {
        out.push(piece);
    }
}

/// The segmenter's sentences of `block`, trimmed, relative to it.
fn segment(block: &str) -> Vec<(usize, usize)> {
    sentencex::get_sentence_boundaries("en", block)
        .into_iter()
        .filter_map(|boundary| trim_piece(block, boundary.start_byte, boundary.end_byte))
        .collect()
}

/// `block[start..end]` trimmed, or `None` when only white space is left.
fn trim_piece(block: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let piece = &block[start..end];
    let trimmed = piece.trim();
    let s = start + piece.len() - piece.trim_start().len();
    (!trimmed.is_empty()).then_some((s, s + trimmed.len()))
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

/// The bytes [`plain_paragraph`] passes over without a second look:
/// printable ASCII but the stops, quotes, brackets, `\\` and `@`.
const PLAIN: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = b' ';
    while b <= b'~' {
        table[b as usize] = !matches!(
            b,
            b'.' | b'!'
                | b'?'
                | b'\''
                | b'('
                | b')'
                | b'"'
                | b'`'
                | b'['
                | b']'
                | b'{'
                | b'}'
                | b'<'
                | b'>'
                | b'\\'
                | b'@'
        );
        b += 1;
    }
    table
};

/// `“` and `”`: the only quote pair a plain paragraph may hold.
const OPEN_QUOTE: &str = "\u{201c}";
const CLOSE_QUOTE: &str = "\u{201d}";

/// A skippable span of the segmenter: `(start, end, is_quote)`, the
/// opening mark at `start`, `end` just past the closing one.
type Span = (usize, usize, bool);

/// The segmenter's sentences of a one-line paragraph of plain prose,
/// computed without its whole-text scans; `None` (use the segmenter) for
/// any other block. It mirrors what sentencex 0.1.33 does with such a
/// block, step by step, and leaves every decision about a single stop to
/// sentencex's own English rules (`Language::find_boundary`:
/// abbreviations, initials, "a.m."-like markers, numbers):
///
/// - one line and no control characters: one paragraph, one line for the
///   list-marker detector, and no chunking of long texts at blank lines;
/// - only printable ASCII, Latin letters (U+00C0..U+024F), `’`, `–`, `—`,
///   `“` and `”`: no terminator outside `.!?`, no bullet, no CJK quotes;
/// - no `"`, backtick, `[]{}<>`, `\` or `@`: no symmetric quote pairs
///   (whose mispairing rules are not mirrored here), no numbered
///   references ("[1]"), no other bracket ranges, no e-mail addresses;
/// - every `'` right after a letter or digit: it can neither open a quote
///   (the quote pattern wants no word character before it) nor pair up
///   as a space-padded quote, so it only ever sits inside words;
/// - after each `.`, `!` or `?`, the next character other than a space is
///   no terminator: every terminator is a match of its own (no runs like
///   "...", "?!" or ". . ." and nothing to fold);
/// - quote ranges are `“` to the first `”` after it, parenthesis ranges
///   `(` to the first `)` after it, exactly as the segmenter pairs them
///   when no other mark is around; a quote range and a parenthesis range
///   must not overlap, so at most one range holds any offset;
/// - no word that could be a list marker ending in `)` ("a)", "2)",
///   "ii.)", "(1)", "(iv)", "(b)"): without one the detector finds at most
///   one candidate (at the line start) that is no bullet or parenthesised
///   form, and one such candidate makes no list;
/// - a stop followed by a lower-case letter or a digit ("3.5", "U.S.",
///   "e.g.") never ends a sentence, the first check the segmenter makes;
///   any other stop goes to `find_boundary`, and its boundary is kept as
///   the segmenter keeps it: dropped inside a parenthesis or quote range
///   unless it sits at the closing `”`, where `get_boundary_extend`
///   decides, and kept elsewhere unless a quote mark starts there that
///   opens no range (an orphan closer, which the segmenter may step
///   over: left to it).
fn plain_paragraph(block: &str) -> Option<Vec<(usize, usize)>> {
    let bytes = block.as_bytes();
    let mut stops = Vec::new();
    let (mut opens, mut closes) = (Vec::new(), Vec::new());
    let (mut quote_opens, mut quote_closes) = (Vec::new(), Vec::new());
    let mut i = 0;
    while i < bytes.len() {
        // Most bytes need nothing: skipped through a table, not the match
        // below (compiled to a jump per byte, mispredicted on prose).
        while bytes.get(i).is_some_and(|&b| PLAIN[b as usize]) {
            i += 1;
        }
        let Some(&b) = bytes.get(i) else {
            break;
        };
        match b {
            b'.' | b'!' | b'?' => {
                let next = bytes[i + 1..].iter().find(|&&n| n != b' ');
                if matches!(next, Some(b'.' | b'!' | b'?')) {
                    return None;
                }
                stops.push(i);
            }
            b'\'' if i == 0 || !bytes[i - 1].is_ascii_alphanumeric() => return None,
            b'(' => opens.push(i),
            b')' => closes.push(i),
            b'"' | b'`' | b'[' | b']' | b'{' | b'}' | b'<' | b'>' | b'\\' | b'@' => return None,
            b' '..=b'~' => {}
            0x80.. => {
                let c = block[i..].chars().next()?;
                match c {
                    '\u{c0}'..='\u{24f}' | '\u{2019}' | '\u{2013}' | '\u{2014}' => {}
                    '\u{201c}' => quote_opens.push(i),
                    '\u{201d}' => quote_closes.push(i),
                    _ => return None,
                }
                i += c.len_utf8();
                continue;
            }
            _ => return None,
        }
        i += 1;
    }
    if !closes.is_empty() && may_hold_list_marker(bytes) {
        return None;
    }
    let mut spans = pairs(&quote_opens, &quote_closes, CLOSE_QUOTE.len(), true);
    spans.extend(pairs(&opens, &closes, 1, false));
    spans.sort_unstable();
    if spans.windows(2).any(|w| w[1].0 < w[0].1) {
        return None;
    }

    let english = English {};
    let mut breaks = vec![0];
    for &stop in &stops {
        if bytes
            .get(stop + 1)
            .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        {
            continue;
        }
        let Some(boundary) = english.find_boundary(block, stop, stop + 1) else {
            continue;
        };
        let inside = spans
            .iter()
            .find(|&&(start, end, _)| start < boundary && boundary < end);
        let at = match inside {
            Some(&(_, end, true)) if boundary + CLOSE_QUOTE.len() == end => english
                .get_boundary_extend(english.get_next_word_approx(block, end))
                .map(|extend| end + extend),
            Some(_) => None,
            None => {
                let rest = &block[boundary..];
                let opens_range = spans.iter().any(|&(start, ..)| start == boundary);
                let mark = rest.starts_with(['\'', '\u{2019}', '\u{201d}'])
                    || rest.starts_with(OPEN_QUOTE);
                if mark && !opens_range {
                    return None;
                }
                Some(boundary)
            }
        };
        if let Some(at) = at
            && at > *breaks.last().unwrap_or(&0)
        {
            breaks.push(at);
        }
    }
    if breaks.last() != Some(&block.len()) {
        breaks.push(block.len());
    }
    Some(
        breaks
            .windows(2)
            .filter_map(|w| trim_piece(block, w[0], w[1]))
            .collect(),
    )
}

/// Ranges from each opening mark to the first closing mark after it, the
/// scan going on after that closing mark (openers inside are no openers).
fn pairs(opens: &[usize], closes: &[usize], close_len: usize, quote: bool) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut from = 0;
    for &open in opens {
        if open < from {
            continue;
        }
        let Some(&close) = closes.iter().find(|&&c| c > open) else {
            break;
        };
        spans.push((open, close + close_len, quote));
        from = close + close_len;
    }
    spans
}

/// Whether some word (at the start or after a space) reads as a list
/// marker that ends in `)`: `(` with one or two digits, one letter or only
/// Roman-numeral letters before the first `)`, or letters and digits then
/// `)` or `.)`. A superset of the segmenter's inline markers and of its
/// parenthesised line-start markers.
fn may_hold_list_marker(bytes: &[u8]) -> bool {
    let roman = |b: &u8| b"ivxlcdmIVXLCDM".contains(b);
    (0..bytes.len())
        .filter(|&i| bytes[i] != b' ' && (i == 0 || bytes[i - 1] == b' '))
        .any(|i| {
            let word = &bytes[i..];
            if let Some(inside) = word.strip_prefix(b"(") {
                let Some(close) = inside.iter().position(|&b| b == b')') else {
                    return false;
                };
                let inner = &inside[..close];
                ((1..=2).contains(&inner.len()) && inner.iter().all(u8::is_ascii_digit))
                    || (inner.len() == 1 && inner[0].is_ascii_alphabetic())
                    || (!inner.is_empty() && inner.iter().all(roman))
            } else {
                let n = word
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric())
                    .count();
                n > 0
                    && (word.get(n) == Some(&b')')
                        || (word.get(n) == Some(&b'.') && word.get(n + 1) == Some(&b')')))
            }
        })
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
    fn text_without_stops_is_cut_into_bounded_pieces() {
        let clause = "the convoy moved north past the river and the villages, ";
        let text = clause.repeat(2000);
        let spans = split(&text, 0, text.len());
        assert!(spans.len() > 40, "{}", spans.len());
        let mut covered = 0;
        for &(s, e) in &spans {
            assert!(e - s <= MAX_SENTENCE_BYTES, "{}", e - s);
            // Cut after a comma, never inside a word.
            assert!(
                text[..e].ends_with(','),
                "{:?}",
                &text[e.saturating_sub(10)..e]
            );
            covered += e - s;
        }
        assert!(covered + spans.len() * 2 >= text.trim_end().len());
        // One long word-salad with no marks at all: cut at spaces.
        let words = "xyzzy ".repeat(1000);
        for (s, e) in split(&words, 0, words.len()) {
            assert!(e - s <= MAX_SENTENCE_BYTES);
            assert!(words[s..e].ends_with("xyzzy"));
        }
        // No space at all: cut at character boundaries.
        let blob = "é".repeat(3000);
        let pieces = split(&blob, 0, blob.len());
        assert!(pieces.iter().all(|&(s, e)| e - s <= MAX_SENTENCE_BYTES));
        assert_eq!(pieces.iter().map(|(s, e)| e - s).sum::<usize>(), blob.len());
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
    /// The paragraphs and the lines of the example corpus.
    fn example_blocks() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
        let mut blocks = Vec::new();
        for entry in std::fs::read_dir(&root).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt") {
                let text = std::fs::read_to_string(&path).unwrap();
                blocks.extend(text.split("\n\n").map(str::to_owned));
                blocks.extend(text.lines().map(str::to_owned));
            }
        }
        blocks
    }

    #[test]
    fn single_sentence_shortcut_agrees_with_the_segmenter() {
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
        blocks.extend(example_blocks());
        let mut shortcut = 0;
        for block in &blocks {
            if let Some(span) = single_sentence(block) {
                shortcut += 1;
                assert_eq!(vec![span], segment(block), "{block:?}");
            }
        }
        assert!(shortcut > 10, "only {shortcut} blocks took the shortcut");
    }

    /// The plain-paragraph shortcut gives what the segmenter gives, on the
    /// example corpus and on blocks made to probe each edge of its
    /// conditions: abbreviations, initials, markers like "a.m." and "ft.",
    /// numbers, exclamation words, runs of terminators, quotes, apostrophes,
    /// brackets, list markers, e-mail addresses and odd spacing.
    #[test]
    fn plain_paragraph_shortcut_agrees_with_the_segmenter() {
        let probes = [
            "U.S. Gen. Kenneth McKenzie spoke on Jan. 8 at 3 a.m. about 3.5 tons. Maj. Gen. Ali Hajizadeh answered.",
            "The strike hit at 7 p.m. Officials said nothing. It was late.",
            "In the evening at 7 p.m. Tom wakes up. The sun sets at 7 p.m. Tom wakes up then.",
            "At 10 a.m. Tuesday the talks began. They ended at 5 P.M. The end.",
            "He met J. R. Smith. Then he left. George W. Bush spoke. Nobody listened.",
            "A.B. Smith spoke. C. D. Jones. E. F. I. Am. Here. x. Y.",
            "No. 5 was hit. No one died. Vol. II. Chapter 3. Done.",
            "She holds a Ph.D. She teaches. He has an MBA. He sells. She is an MD. Fine.",
            "He is 6 ft. Tall men wait. It was 5 in. Then more. Come in. Sit down.",
            "It weighed 5 oz. Then it was 5 ft. 6 in. tall. It ran at 60 mph. Ok.",
            "In 79 A.D. The city burned. In 300 B.C. Nothing. The C.E. Era.",
            "The storm hit the NE. Then the SW. Rain fell.",
            "The army said 2,000 died in 2020. The toll rose to 3.5 million. Figures vary.",
            "Troops left the U.N. The rest stayed. They met the E.U. Officials.",
            "Mr. Smith went to Washington. Dr. Who came too. Sgt. Major Smith died. Col. Jones lived.",
            "Lists of things etc. Then nothing. Art. Gen. Mass. Miss. May. Ill. Min. Done.",
            "Use Yahoo! Mail now. Yum! Yes. Wow! Great.",
            "Where now? Nobody knows! The end. Was it real ? Yes it was. Go ! Now.",
            "Sentence.Next without space. Another. Lower after stop. and continues. Digits. 5 more.",
            "Multiple   spaces.   After stops.  End.  ",
            "  Leading and trailing spaces. Second.  ",
            "Ends without stop. Then text without",
            "Many spaces after.                                      Then more. End.",
            "Wait... What happened? Nothing. Really?! Yes. Stop. . . Go.",
            "Iran\u{2019}s forces fired. The U.S. responded. Iran's forces fired. The troops' position held. It's over.",
            "'Quoted' start. More. He said 'no way' today. Next.",
            "He said 'no way. Not now' today. Next.",
            "Email me at a@b.com. Thanks. See [1]. Next. Text {x}. <b>Bold.</b> Done.",
            "He said \"we will respond.\" Then he left. Done.",
            "He said: (It was late. Very late.) Then he left. Rebels (and others.) Came back.",
            "Iran (Tehran) fired. The U.S. (Washington) answered (late). Done.",
            "Nested (a (b) c) text. Next. Open paren ( never closed. Next one.",
            "Question? (maybe) Next. He shouted! (loudly) Next. Stop. (Parenthetical sentence.) Next.",
            "(Reuters) - Iran fired missiles. Nobody died. (AP) Iran fired. Nobody died.",
            "Forces (CDC) The agency said. It was fine.",
            "a) First item. b) Second item.",
            "(1) The first rule. (2) The second.",
            "(iv) The fourth. The fifth.",
            "1. The first. 2. The second. 3. The third.",
            "- Bullet text. More text.",
            "The mid) point. Another. Fighting in ii.) area. Next. Item 2) here. Then.",
            "He said \u{201c}We will respond. Soon.\u{201d} Then he left.",
            "\u{201c}Go home.\u{201d} He did. \u{201c}Now!\u{201d} she said. Fine.",
            "\u{201c}He said.\u{201d} and went on. Next. \u{201c}He said.\u{201d} 5 more. Next.",
            "\u{201c}He said.\u{201d}, then left. Next. \u{201c}He said.\u{201d} \u{201c}She said.\u{201d} End.",
            "\u{201c}Unclosed quote. It goes on. More.",
            "Closing only.\u{201d} Then more. Fine.",
            "Another.\u{2019} Then. Ok.",
            "Ok.' Then. More.",
            "It ended. \u{201c}Quote starts\u{201d} here. Fine.",
            "Iran\u{2019}s \u{201c}missile\u{201d} attack hit. US said \u{201c}no.\u{201d} Then.",
            "The (quote \u{201c}inside.\u{201d} parens) here. Next. The \u{201c}parens (inside.) quote\u{201d} here. Next.",
            "Ends in \u{201c}quote.\u{201d}",
            "\u{201c}Whole quoted.\u{201d}",
            "caf\u{e9} owner M\u{fc}ller spoke. The\u{2014}end\u{2013}here. Done.",
            "Cyrillic \u{43c}\u{438}\u{440}. Next. The end\u{2026} Then.",
            "Tab\there. Next. Two lines.\nSecond line.",
            "the e. e. cummings poem. Next.",
            "Ends with a question mark? Yes",
            "Emphasis! Here.",
            "The 7.Bg5 move. Next. Version 2.0 shipped. Then 3.x.",
        ];
        let mut blocks: Vec<String> = probes.iter().map(|&p| p.to_owned()).collect();
        blocks.extend(example_blocks());
        let mut shortcut = 0;
        for (i, block) in blocks.iter().enumerate() {
            if let Some(spans) = plain_paragraph(block) {
                shortcut += usize::from(i < probes.len());
                assert_eq!(spans, segment(block), "{block:?}");
            }
        }
        assert!(
            shortcut > probes.len() / 2,
            "only {shortcut} probes took the shortcut"
        );
    }
}

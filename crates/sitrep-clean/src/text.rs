//! Plain text → blocks: lines are normalised, headings glued onto the end of
//! a sentence are split off, hard-wrapped lines are joined, and each group
//! of lines is classified as heading, paragraph or list item.

use std::sync::LazyLock;

use regex::Regex;
use sitrep_core::BlockKind;

use crate::blocks::RawBlock;
use crate::lexical::{
    ends_open, ends_sentence, is_abbreviation, is_caption, is_closer, is_heading_line,
    is_plain_heading_line, is_title_case, is_title_like, normalize_space, word_count,
};

/// A glued heading is at most this many characters (the brief's 90: longer
/// tails are sentences, not headings).
const MAX_GLUED_HEADING_CHARS: usize = 90;

/// Bullets and numbering that open a list line: `- x`, `* x`, `• x`,
/// `1. x`, `2) x`, `1.2 x`.
static LIST_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[-*•·–—▪●◦‣+]|\d{1,3}(?:[.)]|(?:\.\d{1,3})+\.?))\s+").expect("valid regex")
});

/// Dotted initials ("U.S.", "D.C.") whose periods do not end anything.
static DOTTED_INITIALS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:\p{Lu}\.){2,}").expect("valid regex"));

#[derive(Debug)]
struct Line {
    text: String,
    /// Indented in the source (a continuation of a list item, typically).
    indented: bool,
    /// Content after the list marker, when the line is a list item.
    list: bool,
    /// Split off the end of a sentence, so a heading whatever its shape.
    glued_heading: bool,
}

/// Splits plain text into blocks (before boilerplate removal).
pub(crate) fn segment(text: &str) -> Vec<RawBlock> {
    let lines = read_lines(text);
    let wrap = wrap_width(&lines);
    let groups = group_lines(&lines, wrap);
    classify(groups)
}

/// Normalised lines, with glued headings split onto their own line. Blank
/// lines are kept as empty strings: they separate paragraphs.
fn read_lines(text: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let text = text.replace("\r\n", "\n");
    for raw in text.split(['\n', '\r']) {
        let indented = raw.starts_with([' ', '\t', '\u{a0}']);
        let mut clean = normalize_space(raw);
        // Rules like "* * *" or "----" separate sections; they are not text.
        if !clean.chars().any(char::is_alphanumeric) {
            clean.clear();
        }
        if let Some(m) = LIST_MARKER.find(&clean) {
            let item = clean[m.end()..].to_owned();
            lines.push(Line {
                text: item,
                indented,
                list: true,
                glued_heading: false,
            });
            continue;
        }
        match glued_heading_at(&clean) {
            Some(at) => {
                tracing::trace!(heading = &clean[at..], "split glued heading");
                lines.push(Line {
                    text: clean[..at].trim_end().to_owned(),
                    indented,
                    list: false,
                    glued_heading: false,
                });
                lines.push(Line {
                    text: clean[at..].trim().to_owned(),
                    indented: false,
                    list: false,
                    glued_heading: true,
                });
            }
            None => lines.push(Line {
                text: clean,
                indented,
                list: false,
                glued_heading: false,
            }),
        }
    }
    lines
}

/// Where a heading glued onto the end of a sentence starts:
/// "…braced for the countermove.Operation Martyr Soleimani: The Strike".
///
/// The glue is sentence punctuation (optionally with a closing quote)
/// directly followed by a capital. The tail must run to the end of the line,
/// be short, carry no sentence punctuation of its own (a final "?" only in
/// title case), and look like a title. The word before the punctuation must
/// not be an abbreviation ("U.S.Army", "Jan.The"), and the sentence before it
/// must have a few words.
pub(crate) fn glued_heading_at(line: &str) -> Option<usize> {
    let limit = line.len().saturating_sub(MAX_GLUED_HEADING_CHARS * 4 + 8);
    for (i, c) in line.char_indices() {
        if i < limit || !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let mut at = i + c.len_utf8();
        let mut rest = line[at..].chars();
        let mut next = rest.next()?;
        if is_closer(next) && next != ')' && next != ']' {
            at += next.len_utf8();
            next = rest.next()?;
        }
        if !next.is_uppercase() {
            continue;
        }
        let before = &line[..i];
        let word_before = before.rsplit(char::is_whitespace).next().unwrap_or("");
        if word_before.is_empty() || (c == '.' && is_abbreviation(word_before)) {
            continue;
        }
        // Counted from the end: the line may be very long.
        if before.split_whitespace().rev().take(3).count() < 3 {
            continue;
        }
        if is_glued_heading_tail(&line[at..]) {
            return Some(at);
        }
    }
    None
}

fn is_glued_heading_tail(tail: &str) -> bool {
    let tail = tail.trim_end();
    if tail.chars().count() > MAX_GLUED_HEADING_CHARS || word_count(tail) > 14 || ends_open(tail) {
        return false;
    }
    let without_initials = DOTTED_INITIALS.replace_all(tail, "");
    let body = without_initials.trim_end();
    let (body, question) = match body.strip_suffix('?') {
        Some(b) => (b, true),
        None => (body, false),
    };
    if body.contains(['.', '!', '?']) {
        return false;
    }
    // "Officials: there were no warnings, they said" is a sentence.
    if tail.contains(',') && !is_title_case(tail) {
        return false;
    }
    if question {
        is_title_case(tail)
    } else {
        is_title_like(tail)
    }
}

/// The width a hard-wrapped text was wrapped at, if it was: most lines that
/// continue onto a next line stop short of ~100 characters at a similar
/// length. Scraped text with one paragraph per line is not wrapped.
fn wrap_width(lines: &[Line]) -> Option<usize> {
    let mut lengths: Vec<usize> = lines
        .windows(2)
        .filter(|w| !w[0].text.is_empty() && !w[1].text.is_empty() && !w[0].list && !w[1].list)
        .map(|w| w[0].text.chars().count())
        .collect();
    if lengths.len() < 3 {
        return None;
    }
    lengths.sort_unstable();
    let width = lengths[(lengths.len() * 9 / 10).min(lengths.len() - 1)];
    let near = lengths.iter().filter(|&&l| l + 20 >= width).count();
    ((30..=100).contains(&width) && near * 2 >= lengths.len()).then_some(width)
}

#[derive(Debug)]
enum Group {
    Text(Vec<String>),
    List(Vec<String>),
    GluedHeading(String),
}

fn group_lines(lines: &[Line], wrap: Option<usize>) -> Vec<Group> {
    let mut groups = Vec::new();
    let mut current: Option<Group> = None;
    for line in lines {
        if line.text.is_empty() {
            groups.extend(current.take());
            continue;
        }
        if line.glued_heading {
            groups.extend(current.take());
            groups.push(Group::GluedHeading(line.text.clone()));
            continue;
        }
        if line.list {
            groups.extend(current.take());
            current = Some(Group::List(vec![line.text.clone()]));
            continue;
        }
        match &mut current {
            Some(Group::List(parts)) => {
                let last = parts.last().map_or("", String::as_str);
                let continues = !ends_sentence(last)
                    && (line.indented || line.text.starts_with(char::is_lowercase));
                if continues {
                    parts.push(line.text.clone());
                } else {
                    groups.extend(current.take());
                    current = Some(Group::Text(vec![line.text.clone()]));
                }
            }
            Some(Group::Text(parts)) => {
                let last = parts.last().map_or("", String::as_str);
                if joins(last, &line.text, wrap) {
                    parts.push(line.text.clone());
                } else {
                    groups.extend(current.take());
                    current = Some(Group::Text(vec![line.text.clone()]));
                }
            }
            _ => current = Some(Group::Text(vec![line.text.clone()])),
        }
    }
    groups.extend(current);
    groups
}

/// Whether line `b` continues the paragraph that line `a` belongs to.
fn joins(a: &str, b: &str, wrap: Option<usize>) -> bool {
    // A lower-case start or continuing punctuation cannot open a paragraph.
    if b.starts_with(|c: char| c.is_lowercase() || matches!(c, ',' | ';' | ')' | ']' | '%')) {
        return true;
    }
    // A title-like line without end punctuation is not the rest of a
    // sentence (that would end in a period): it is a heading.
    let b_heading = is_heading_line(b);
    // In wrapped text a line that reaches the wrap width was cut there.
    if wrap.is_some_and(|w| a.chars().count() + 20 >= w)
        && !is_heading_line(a)
        && !(ends_sentence(a) && b_heading)
    {
        return true;
    }
    if ends_sentence(a)
        || ends_open(a)
        || is_heading_line(a)
        || is_title_case(a)
        || is_caption(a)
        || b_heading
    {
        return false;
    }
    // A long line stopping mid-sentence was broken by the scraper; a short
    // one is a label or heading of its own.
    a.chars().count() >= 50
}

fn join_lines(parts: &[String]) -> String {
    let mut out = String::new();
    for part in parts {
        let glue_hyphen = out.ends_with('-')
            && out[..out.len() - 1].ends_with(char::is_alphabetic)
            && part.starts_with(char::is_lowercase);
        if !out.is_empty() && !glue_hyphen {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}

fn classify(groups: Vec<Group>) -> Vec<RawBlock> {
    let texts: Vec<(String, bool)> = groups
        .iter()
        .map(|g| match g {
            Group::Text(parts) => (join_lines(parts), parts.len() == 1),
            Group::List(parts) => (join_lines(parts), false),
            Group::GluedHeading(t) => (t.clone(), true),
        })
        .collect();
    let mut blocks = Vec::with_capacity(groups.len());
    for (k, group) in groups.iter().enumerate() {
        let (text, single_line) = &texts[k];
        let kind = match group {
            Group::GluedHeading(_) => BlockKind::Heading,
            Group::List(_) => BlockKind::ListItem,
            Group::Text(_) if *single_line && is_heading_line(text) => BlockKind::Heading,
            Group::Text(_) if *single_line && is_plain_heading_line(text) => {
                // A sentence-case line is a heading only when text (or a
                // lead-in to a list) follows it.
                let next_is_text = matches!(groups.get(k + 1), Some(Group::Text(_)))
                    && texts
                        .get(k + 1)
                        .is_some_and(|(t, _)| ends_sentence(t) || t.trim_end().ends_with(':'));
                if next_is_text {
                    BlockKind::Heading
                } else {
                    BlockKind::Paragraph
                }
            }
            Group::Text(_) => BlockKind::Paragraph,
        };
        blocks.push(RawBlock::new(kind, text.clone()));
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;
    use BlockKind::{Heading as H, ListItem as L, Paragraph as P};

    fn kinds(text: &str) -> Vec<(BlockKind, String)> {
        segment(text)
            .into_iter()
            .map(|b| (b.kind, b.text))
            .collect()
    }

    fn split(line: &str) -> Option<(&str, &str)> {
        glued_heading_at(line).map(|at| (&line[..at], &line[at..]))
    }

    #[test]
    fn splits_glued_headings() {
        assert_eq!(
            split("Officials waited all week for the reply.A Night of Missiles: How It Unfolded"),
            Some((
                "Officials waited all week for the reply.",
                "A Night of Missiles: How It Unfolded"
            ))
        );
        assert_eq!(
            split("Nobody died, and that mattered more than anything.The Wounded Nobody Counted"),
            Some((
                "Nobody died, and that mattered more than anything.",
                "The Wounded Nobody Counted"
            ))
        );
        assert_eq!(
            split("Truce holds?Looking Ahead"),
            None,
            "too few words before the glue"
        );
        assert_eq!(
            split("Could anyone have stopped it?Looking Ahead at the Region"),
            Some((
                "Could anyone have stopped it?",
                "Looking Ahead at the Region"
            ))
        );
        assert_eq!(
            split("He called it \"a slap in the face.\"Reactions in Parliament"),
            Some((
                "He called it \"a slap in the face.\"",
                "Reactions in Parliament"
            ))
        );
        assert_eq!(
            split("The aid went to the region.U.S. Response and Aid"),
            Some(("The aid went to the region.", "U.S. Response and Aid"))
        );
    }

    #[test]
    fn keeps_abbreviations_and_sentences_glued() {
        for line in [
            "The unit was attached to the U.S.Army",
            "Troops left in mid Jan.The Base Was Empty",
            "The price rose 3.5 percent over the year",
            "The strike came at night.The attack lasted until dawn and hurt no one.",
            "The strike came at night.The officials said that it was planned for weeks by the guard",
            "The strike came at night.Officials: there were no warnings, none at all, they insisted",
            "The strike came at night.This Heading Is Far Too Long To Be A Heading Because It Goes On And On Past Ninety Characters",
        ] {
            assert_eq!(split(line), None, "{line}");
        }
    }

    #[test]
    fn headings_lists_and_paragraphs() {
        let text = "Rockets Over the Desert\nThe first rocket landed near the gate at night. Sirens sounded across the base.\nKey facts:\n- Two rockets landed.\n- Nobody was hurt.\n\nWhy it matters\nThe base hosts foreign troops and has been a target before.";
        assert_eq!(
            kinds(text),
            vec![
                (H, "Rockets Over the Desert".into()),
                (P, "The first rocket landed near the gate at night. Sirens sounded across the base.".into()),
                (P, "Key facts:".into()),
                (L, "Two rockets landed.".into()),
                (L, "Nobody was hurt.".into()),
                (H, "Why it matters".into()),
                (P, "The base hosts foreign troops and has been a target before.".into()),
            ]
        );
    }

    #[test]
    fn joins_hard_wrapped_paragraphs() {
        // Line 4 reaches the wrap width, so line 5 may continue it; line 5
        // stops short after a period, so line 6 starts a new paragraph.
        let text = "The convoy left the city shortly after midnight and drove\n\
                    north along the river road. Witnesses said the trucks\n\
                    carried no markings of any kind.  Local officials said\n\
                    they had not been told about the movement in advance.\n\
                    A short last line ends it.\n\
                    It is a new paragraph.\n\
                    \n\
                    * * *\n\
                    After the break.";
        let blocks = kinds(text);
        assert_eq!(blocks.len(), 3, "{blocks:#?}");
        assert!(
            blocks[0]
                .1
                .starts_with("The convoy left the city shortly after midnight and drove north")
        );
        assert!(blocks[0].1.contains("of any kind. Local officials"));
        assert!(
            blocks[0]
                .1
                .ends_with("in advance. A short last line ends it.")
        );
        assert_eq!(blocks[1].1, "It is a new paragraph.");
        assert_eq!(blocks[2].1, "After the break.");
    }

    #[test]
    fn one_line_paragraphs_stay_apart() {
        let long_a = "The first paragraph is on one line and is long enough to be a full paragraph of scraped text, well beyond any wrap width.";
        let long_b = "The second paragraph is on the next line with no blank line between, which scraped pages often produce.";
        let blocks = kinds(&format!("{long_a}\n{long_b}"));
        assert_eq!(blocks, vec![(P, long_a.into()), (P, long_b.into())]);
    }

    #[test]
    fn mid_sentence_breaks_and_hyphens() {
        let blocks = kinds(
            "Officials at the ministry in the capital confirmed on Tuesday that the\nDefence Minister had visited the base, where a bal-\nlistic missile had landed.",
        );
        assert_eq!(
            blocks,
            vec![(P, "Officials at the ministry in the capital confirmed on Tuesday that the Defence Minister had visited the base, where a bal-listic missile had landed.".into())]
        );
    }

    #[test]
    fn list_items_continue_when_indented() {
        let blocks = kinds(
            "- Proxy groups: armed factions that act\n  for a patron state.\n- Sanctions: pressure on the economy.",
        );
        assert_eq!(
            blocks,
            vec![
                (
                    L,
                    "Proxy groups: armed factions that act for a patron state.".into()
                ),
                (L, "Sanctions: pressure on the economy.".into()),
            ]
        );
    }

    #[test]
    fn whitespace_is_normalised() {
        let blocks =
            kinds("  Spaces\tand\u{a0}tabs   everywhere,  in one sentence.  \r\n\r\n\r\nNext.");
        assert_eq!(
            blocks,
            vec![
                (P, "Spaces and tabs everywhere, in one sentence.".into()),
                (P, "Next.".into())
            ]
        );
    }
}

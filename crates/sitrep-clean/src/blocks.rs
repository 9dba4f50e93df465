//! Blocks before they are laid out, the boilerplate filters that work on
//! them (shared by the text and HTML paths), and the final layout into
//! [`Article::text`](sitrep_core::Article) with byte spans.

use sitrep_core::{Block, BlockKind};

use crate::lexical::{
    ends_open, ends_sentence, is_boilerplate, is_caption, is_dateline, is_link_like, is_promo,
    is_prose, is_title_case, is_toc_label, word_count,
};

/// A block's kind and its final, whitespace-normalised text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawBlock {
    pub kind: BlockKind,
    pub text: String,
    /// Share of the text that sat inside links, when known (HTML only).
    pub link_density: Option<f32>,
}

impl RawBlock {
    pub fn new(kind: BlockKind, text: impl Into<String>) -> Self {
        RawBlock {
            kind,
            text: text.into(),
            link_density: None,
        }
    }

    /// Short text that reads like a link or teaser (see
    /// [`is_link_like`]). When the markup says how much of it was links,
    /// that must be most of it: a short unlinked line in HTML is more often
    /// a fact list or a label than a link list.
    fn is_junk_line(&self) -> bool {
        is_link_like(&self.text) && self.link_density.is_none_or(|d| d >= 0.5)
    }

    /// A line that is all link and reads as a headline (title case or
    /// capitals): a teaser for another story set between paragraphs. Lines
    /// with a price or an address are kept: shopping guides link each
    /// product, and their bodies list them.
    fn is_teaser_link(&self) -> bool {
        self.link_density.is_some_and(|d| d >= 0.9)
            && self.is_junk_line()
            && is_title_case(&self.text)
            && !self.text.contains(['$', '€', '£'])
            && !self.text.contains("://")
    }
}

/// Fewest consecutive link-like lines between prose that count as a link
/// list; two short lines in a row are too often a heading and a subheading.
const MIN_LINK_RUN: usize = 3;

/// Removes everything that is not article text, in an order where each rule
/// sees the document the way a reader would: captions and site furniture
/// first (they interrupt lists), then the table of contents, link lists
/// between paragraphs, and finally the junk after the last paragraph.
pub(crate) fn remove_boilerplate(blocks: Vec<RawBlock>) -> Vec<RawBlock> {
    let before = blocks.len();
    let blocks: Vec<RawBlock> = blocks
        .into_iter()
        .filter(|b| {
            // Furniture judged line by line: captions and credits,
            // "Advertisement", datelines and bylines, newsletter boxes.
            let drop = is_caption(&b.text)
                || is_boilerplate(&b.text)
                || is_dateline(&b.text)
                || is_promo(&b.text);
            if drop {
                tracing::trace!(text = %b.text, "dropped caption or furniture");
            }
            !drop
        })
        .collect();
    let blocks = drop_tables_of_contents(blocks);
    let blocks = drop_leading_links(blocks);
    let blocks = drop_link_runs(blocks);
    let mut blocks = drop_trailing_junk(blocks);
    // Extractors and scrapers often repeat a heading or teaser back to back.
    blocks.dedup_by(|b, a| a.text == b.text);
    tracing::debug!(before, after = blocks.len(), "boilerplate removed");
    blocks
}

/// A TOC label followed by its entries. Entries are short list items that do
/// not end a statement; when the TOC is not a marked list, its entries are
/// recognised as short lines that reappear later (as the section headings).
fn drop_tables_of_contents(mut blocks: Vec<RawBlock>) -> Vec<RawBlock> {
    let mut i = 0;
    while i < blocks.len() {
        if blocks[i].kind == BlockKind::ListItem || !is_toc_label(&blocks[i].text) {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < blocks.len()
            && blocks[end].kind == BlockKind::ListItem
            && is_toc_entry(&blocks[end].text)
        {
            end += 1;
        }
        if end == i + 1 {
            while end < blocks.len()
                && blocks[end].kind != BlockKind::ListItem
                && is_toc_entry(&blocks[end].text)
                && blocks[end + 1..]
                    .iter()
                    .any(|later| later.text.eq_ignore_ascii_case(&blocks[end].text))
            {
                end += 1;
            }
        }
        if end > i + 1 {
            tracing::debug!(entries = end - i - 1, "dropped table of contents");
            blocks.drain(i..end);
        } else {
            i += 1;
        }
    }
    blocks
}

fn is_toc_entry(text: &str) -> bool {
    let t = text.trim_end();
    word_count(t) <= 15 && t.chars().count() <= 120 && !t.ends_with(['.', '!', ';', ','])
}

/// Before the first sentence, lines that are all link (menus,
/// breadcrumbs, a logo's alt text). Only where the markup says so (HTML):
/// in plain text a short first line is as likely a title or dateline.
/// Headings stay, since sites often link the headline to itself.
fn drop_leading_links(blocks: Vec<RawBlock>) -> Vec<RawBlock> {
    // Menus come before the first sentence, whether or not it is long
    // enough to count as prose.
    let first_text = blocks
        .iter()
        .position(|b| b.kind != BlockKind::Heading && ends_sentence(&b.text))
        .unwrap_or(0);
    let keep: Vec<bool> = blocks
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let menu = i < first_text
                && b.kind != BlockKind::Heading
                && b.link_density.is_some_and(|d| d >= 0.8)
                && is_link_like(&b.text);
            !menu
        })
        .collect();
    retain_marked(blocks, &keep)
}

/// Runs of link-like lines with prose on both sides: "related stories",
/// "trending" and "most read" lists set inside an article. A run introduced
/// by a lead-in ending in ":" is a real list and stays.
fn drop_link_runs(blocks: Vec<RawBlock>) -> Vec<RawBlock> {
    let first_prose = blocks.iter().position(is_prose_block);
    let last_prose = blocks.iter().rposition(is_prose_block);
    let link: Vec<bool> = blocks.iter().map(RawBlock::is_junk_line).collect();
    let mut keep = vec![true; blocks.len()];
    let mut i = 0;
    while i < blocks.len() {
        if !link[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i < blocks.len() && link[i] {
            i += 1;
        }
        let introduced = start > 0 && ends_open(&blocks[start - 1].text);
        let between_prose =
            first_prose.is_some_and(|p| p < start) && last_prose.is_some_and(|p| p >= i);
        let teasers = blocks[start..i].iter().all(RawBlock::is_teaser_link);
        if (i - start >= MIN_LINK_RUN || teasers) && between_prose && !introduced {
            tracing::debug!(lines = i - start, first = %blocks[start].text, "dropped link list");
            keep[start..i].fill(false);
        }
    }
    retain_marked(blocks, &keep)
}

fn is_prose_block(b: &RawBlock) -> bool {
    b.kind != BlockKind::Heading && is_prose(&b.text)
}

/// After the last prose block, keeps only what still reads as text: drops
/// link-like lines (trending links, teaser headlines, stock-photo titles) but
/// keeps a heading that introduces kept text, and a lead-in ending in ":"
/// with the list items it introduces.
fn drop_trailing_junk(blocks: Vec<RawBlock>) -> Vec<RawBlock> {
    let Some(last_prose) = blocks.iter().rposition(is_prose_block) else {
        return blocks;
    };
    let mut keep = vec![true; blocks.len()];
    let mut i = last_prose + 1;
    while i < blocks.len() {
        let text = &blocks[i].text;
        let lead_in = text.trim_end().ends_with(':')
            && blocks
                .get(i + 1)
                .is_some_and(|next| next.kind == BlockKind::ListItem);
        if lead_in {
            i += 1;
            while i < blocks.len() && blocks[i].kind == BlockKind::ListItem {
                i += 1;
            }
            continue;
        }
        // Headings are judged below, by what follows them.
        let open_unlinked = ends_open(text) && blocks[i].link_density.is_none_or(|d| d >= 0.5);
        if blocks[i].kind != BlockKind::Heading && (blocks[i].is_junk_line() || open_unlinked) {
            keep[i] = false;
        }
        i += 1;
    }
    // A heading survives only if it heads something: the next surviving
    // block is text. Walking backwards, later decisions are already final.
    for i in (last_prose + 1..blocks.len()).rev() {
        if blocks[i].kind == BlockKind::Heading {
            let next_kept = (i + 1..blocks.len()).find(|&j| keep[j]);
            keep[i] = next_kept.is_some_and(|j| blocks[j].kind != BlockKind::Heading);
        }
    }
    let dropped = keep.iter().filter(|k| !**k).count();
    if dropped > 0 {
        tracing::debug!(dropped, "dropped trailing junk");
    }
    retain_marked(blocks, &keep)
}

fn retain_marked(blocks: Vec<RawBlock>, keep: &[bool]) -> Vec<RawBlock> {
    blocks
        .into_iter()
        .zip(keep)
        .filter_map(|(b, &k)| k.then_some(b))
        .collect()
}

/// Lays blocks out as one text, separated by exactly one blank line, with
/// the byte span of each.
pub(crate) fn layout(blocks: &[RawBlock]) -> (String, Vec<Block>) {
    let mut text = String::with_capacity(blocks.iter().map(|b| b.text.len() + 2).sum());
    let mut spans = Vec::with_capacity(blocks.len());
    for b in blocks.iter().filter(|b| !b.text.is_empty()) {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let start = text.len();
        text.push_str(&b.text);
        spans.push(Block {
            kind: b.kind,
            start,
            end: text.len(),
        });
    }
    (text, spans)
}

#[cfg(test)]
mod tests {
    use super::*;
    use BlockKind::{Heading as H, ListItem as L, Paragraph as P};

    fn b(kind: BlockKind, text: &str) -> RawBlock {
        RawBlock::new(kind, text)
    }

    const PROSE: &str =
        "Two rockets struck the airfield before dawn. Nobody was hurt, officials said.";
    const MORE: &str = "A third rocket fell short of the fence. Engineers cleared it by noon.";

    fn texts(blocks: &[RawBlock]) -> Vec<&str> {
        blocks.iter().map(|b| b.text.as_str()).collect()
    }

    #[test]
    fn toc_marked_and_unmarked() {
        let marked = vec![
            b(P, PROSE),
            b(H, "Contents"),
            b(L, "Background"),
            b(L, "What Happens Next?"),
            b(H, "Background"),
            b(P, PROSE),
        ];
        assert_eq!(
            texts(&remove_boilerplate(marked)),
            [PROSE, "Background", PROSE]
        );

        let unmarked = vec![
            b(H, "In this article"),
            b(H, "Origins"),
            b(H, "Fallout"),
            b(H, "Origins"),
            b(P, PROSE),
            b(H, "Fallout"),
            b(P, PROSE),
        ];
        assert_eq!(
            texts(&remove_boilerplate(unmarked)),
            ["Origins", PROSE, "Fallout", PROSE]
        );

        // A "Contents" heading followed by prose is a section, not a TOC.
        let section = vec![b(H, "Contents"), b(P, PROSE)];
        assert_eq!(remove_boilerplate(section.clone()), section);
    }

    #[test]
    fn link_runs_between_prose_only() {
        let blocks = vec![
            b(P, PROSE),
            b(L, "Celebrity Height Revealed"),
            b(L, "Best Phones Ranked"),
            b(H, "Local Weather Tomorrow"),
            b(P, MORE),
        ];
        assert_eq!(texts(&remove_boilerplate(blocks)), [PROSE, MORE]);

        let introduced = vec![
            b(P, PROSE),
            b(P, "The bases struck were:"),
            b(L, "Al Asad"),
            b(L, "Erbil"),
            b(L, "Tower 22"),
            b(P, MORE),
        ];
        assert_eq!(remove_boilerplate(introduced.clone()), introduced);

        let two = vec![b(P, PROSE), b(H, "Part One"), b(H, "The Night"), b(P, MORE)];
        assert_eq!(remove_boilerplate(two.clone()), two);
    }

    #[test]
    fn teaser_links_between_paragraphs() {
        let linked = |text: &str| RawBlock {
            link_density: Some(1.0),
            ..b(P, text)
        };
        let blocks = vec![
            b(P, PROSE),
            linked("MILITIA LEADER VOWS REVENGE AFTER STRIKE"),
            b(P, MORE),
            linked("Best Travel Charger for $25"),
            b(P, MORE),
            // Not all link: a short line of the article itself.
            b(P, "Road Closures Near the Base"),
            b(P, PROSE),
        ];
        assert_eq!(
            texts(&remove_boilerplate(blocks)),
            [
                PROSE,
                MORE,
                "Best Travel Charger for $25",
                MORE,
                "Road Closures Near the Base",
                PROSE
            ]
        );
    }

    #[test]
    fn trailing_junk() {
        let blocks = vec![
            b(H, "Title Line"),
            b(P, PROSE),
            b(L, "Some Famous Person"),
            b(P, "Headline About Something Else | Site Name"),
            b(H, "Trailing Heading"),
            b(P, "A short closing note."),
            b(H, "Orphan Heading"),
        ];
        assert_eq!(
            texts(&remove_boilerplate(blocks)),
            [
                "Title Line",
                PROSE,
                "Trailing Heading",
                "A short closing note."
            ]
        );

        let list_at_end = vec![
            b(P, PROSE),
            b(P, "Those injured:"),
            b(L, "Eleven soldiers"),
            b(L, "Two contractors"),
        ];
        assert_eq!(remove_boilerplate(list_at_end.clone()), list_at_end);

        // Without any prose there is no anchor, and nothing is dropped.
        let no_prose = vec![b(H, "A"), b(L, "b c"), b(L, "d e")];
        assert_eq!(remove_boilerplate(no_prose.clone()), no_prose);
    }

    #[test]
    fn leading_links_only_when_known() {
        let linked = |text: &str| RawBlock {
            link_density: Some(1.0),
            ..b(P, text)
        };
        let blocks = vec![
            linked("Home"),
            linked("World News"),
            b(P, "Dateline Tuesday"),
            b(P, PROSE),
        ];
        assert_eq!(
            texts(&remove_boilerplate(blocks)),
            ["Dateline Tuesday", PROSE]
        );
    }

    #[test]
    fn captions_and_furniture() {
        let blocks = vec![
            b(P, PROSE),
            b(P, "A hangar after the strike (AP Photo/Somebody)"),
            b(P, "Advertisement"),
            b(P, MORE),
            b(P, MORE),
        ];
        // The repeated paragraph is collapsed too.
        assert_eq!(texts(&remove_boilerplate(blocks)), [PROSE, MORE]);
    }

    #[test]
    fn layout_spans() {
        let (text, spans) = layout(&[b(H, "Héading"), b(P, "Body."), b(P, "")]);
        assert_eq!(text, "Héading\n\nBody.");
        assert_eq!(spans.len(), 2);
        assert_eq!(&text[spans[0].start..spans[0].end], "Héading");
        assert_eq!(&text[spans[1].start..spans[1].end], "Body.");
        assert_eq!(layout(&[]), (String::new(), vec![]));
    }
}

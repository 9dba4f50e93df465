//! Clean stage: a [`Document`] → an [`Article`] of headings, paragraphs and
//! list items, with the page furniture removed.
//!
//! Later stages read sentences out of `Article::text` and cite byte spans of
//! it, so this crate's job is that every block is either real text or a
//! heading, and that no boilerplate line survives to be read as a sentence.
//!
//! API:
//! * [`clean`] — the contract: dispatches on [`Document::format`] and lets
//!   the document's own `title` / `published` (from a text header, a feed,
//!   or `--published`) win over anything found in the page.
//! * [`clean_text`] — scraped plain text. Repairs what scraping breaks:
//!   headings glued onto the previous sentence ("…countermove.Operation
//!   Martyr Soleimani: The Retaliatory Strike"), hard-wrapped paragraphs,
//!   whitespace; then drops tables of contents, photo captions and credits,
//!   link lists between paragraphs (trending links, related headlines), and
//!   the junk after the last paragraph. Title: the first line, if it reads as
//!   a heading.
//! * [`clean_html`] — main content via Readability, structure from the
//!   markup (h1–h6 → heading, li → list item, p/div text → paragraph), then
//!   the same boilerplate filters. Title, date and author from the page's
//!   metadata (`article:published_time`, `og:published_time`, JSON-LD
//!   `datePublished`, `<time datetime>`; meta / JSON-LD author).
//!
//! `Article::text` holds the blocks separated by exactly one blank line; each
//! [`Block`](sitrep_core::Block) is a byte span of it on char boundaries.
//!
//! Dependencies: `dom_smoothie` (a Readability port: F1 0.951 on our article
//! benchmark, within noise of the best open-source extractors), and
//! `dom_query`, the HTML tree `dom_smoothie` itself is built on (same
//! version, so nothing new is compiled) — used to walk the extracted HTML
//! for block structure and to read `<meta>`, `<time>` and JSON-LD; `regex`
//! for list markers, captions and credits; `serde_json` to read JSON-LD.

mod blocks;
mod html;
mod lexical;
mod text;

use sitrep_core::{Article, Document, SourceFormat};

use crate::blocks::{layout, remove_boilerplate};

/// Cleans one document. Never fails: input that yields no text gives an
/// article with empty `text` and no blocks.
pub fn clean(doc: &Document) -> Article {
    let mut article = match doc.format {
        SourceFormat::Text => clean_text(&doc.id, &doc.body),
        SourceFormat::Html => clean_html(&doc.id, &doc.body),
    };
    if doc.title.is_some() {
        article.title.clone_from(&doc.title);
    }
    if doc.published.is_some() {
        article.published = doc.published;
    }
    tracing::debug!(doc_id = %doc.id, blocks = article.blocks.len(), bytes = article.text.len(), "cleaned");
    article
}

/// Cleans scraped plain text. The title is the first line when it reads as
/// a heading (it also stays in the text as the first heading block);
/// `published` and `author` are left empty — plain text does not say.
pub fn clean_text(doc_id: &str, text: &str) -> Article {
    let raw = text::segment(text);
    let first = raw.first().cloned();
    let kept = remove_boilerplate(raw);
    let title = match (first, kept.first()) {
        (Some(f), Some(k)) if f.kind == sitrep_core::BlockKind::Heading && f == *k => Some(f.text),
        _ => None,
    };
    let (text, blocks) = layout(&kept);
    Article {
        doc_id: doc_id.to_owned(),
        title,
        published: None,
        author: None,
        text,
        blocks,
    }
}

/// Cleans an HTML page: main content, block structure and page metadata.
pub fn clean_html(doc_id: &str, html: &str) -> Article {
    let parts = html::extract(html);
    let kept = remove_boilerplate(parts.blocks);
    let (text, blocks) = layout(&kept);
    Article {
        doc_id: doc_id.to_owned(),
        title: parts.title,
        published: parts.published,
        author: parts.author,
        text,
        blocks,
    }
}

//! The unit that `clean` hands to `nlp`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What a block of cleaned text is. Only prose blocks yield events; headings
/// are kept for context (and so that offsets stay meaningful to a reader).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Heading,
    Paragraph,
    ListItem,
}

/// A block of [`Article::text`], as byte offsets `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    pub kind: BlockKind,
    pub start: usize,
    pub end: usize,
}

/// The main content of a document after boilerplate removal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub doc_id: String,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    pub author: Option<String>,
    /// Language of the text, ISO 639-1 (`en`), when it could be detected.
    #[serde(default)]
    pub language: Option<String>,
    /// The site's name (`og:site_name`, JSON-LD publisher).
    #[serde(default)]
    pub site: Option<String>,
    /// Canonical URL the page gives (`<link rel=canonical>`, `og:url`).
    #[serde(default)]
    pub url: Option<String>,
    /// Cleaned text: blocks separated by a blank line. All evidence offsets
    /// in the contract point into this string.
    pub text: String,
    pub blocks: Vec<Block>,
}

impl Article {
    pub fn block_text(&self, block: &Block) -> &str {
        &self.text[block.start..block.end]
    }
}

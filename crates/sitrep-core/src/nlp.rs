//! What the `nlp` stage finds in an [`Article`](crate::Article).
//!
//! All offsets here are **byte** offsets into `Article::text`; the contract
//! ([`crate::Record`]) converts them to character offsets on output.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{BlockKind, DatePrecision, Qualifier, Stance};

/// A knowledge-base entry kind that the gazetteer automaton can match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Actor,
    Weapon,
    Facility,
    Place,
}

/// A knowledge-base alias found in the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityMatch {
    pub start: usize,
    pub end: usize,
    pub kind: EntityKind,
    /// Id of the `kb/` row.
    pub id: String,
}

/// How a time expression's value was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type", content = "days")]
pub enum TimeAnchor {
    /// Fully given by the text and the reference date.
    Absolute,
    /// "five days earlier": `days` from the date of the event the sentence
    /// talks about; resolved by `extract`, which knows that event.
    EventRelative(i64),
}

/// A date or date range found in the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeExpr {
    pub start: usize,
    pub end: usize,
    pub value_start: Option<NaiveDate>,
    pub value_end: Option<NaiveDate>,
    pub precision: DatePrecision,
    pub anchor: TimeAnchor,
    /// True for open ranges that run up to the reference ("since October 7").
    pub open_end: bool,
    /// The TimeML TIMEX3 `value`: `2020-01-08`, `2020-W02`, `2020-01`,
    /// `2020-Q1`, `2020`, `197` (a decade), `P5D` (a duration, or the offset
    /// of an event-relative date), `PRESENT_REF`; `X` marks what the text
    /// leaves open (`XXXX-01-03`, `XXXX-WXX-3`). Ranges are written
    /// `(start,end,PnD)` with both ends inclusive.
    #[serde(default)]
    pub value: String,
}

/// A number in the text, with its qualifier: "at least 80", "three", "no".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    pub start: usize,
    pub end: usize,
    pub low: Option<u64>,
    pub high: Option<u64>,
    pub qualifier: Qualifier,
    /// What is counted, as a `kb/lexicon.csv` figure value (`killed`,
    /// `injured`, `missiles`, …) when a cue word ties it to the number.
    #[serde(default)]
    pub counts: Option<String>,
    /// Whom the number counts, as written ("US service members").
    #[serde(default)]
    pub subject: Option<String>,
}

/// Who a sentence's statement is attributed to, and how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attribution {
    pub start: usize,
    pub end: usize,
    /// The claimant as written ("Iranian state television"); null when the
    /// text marks a stance without saying whose ("it was later revealed").
    pub claimant: Option<String>,
    /// The `kb/actors` id when the claimant is a known actor.
    pub actor_id: Option<String>,
    pub stance: Stance,
}

/// One sentence and everything found in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnnotatedSentence {
    pub index: usize,
    pub start: usize,
    pub end: usize,
    /// Index into `Article::blocks`.
    pub block: usize,
    pub block_kind: BlockKind,
    pub entities: Vec<EntityMatch>,
    pub times: Vec<TimeExpr>,
    pub quantities: Vec<Quantity>,
    pub attributions: Vec<Attribution>,
}

/// The `nlp` stage's output for one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    pub doc_id: String,
    /// The date relative expressions were resolved against, if any.
    pub reference: Option<NaiveDate>,
    pub sentences: Vec<AnnotatedSentence>,
}

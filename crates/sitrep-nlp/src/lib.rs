//! The `nlp` stage: finds in an [`Article`] what the extraction rules act on.
//!
//! * [`sentences`] — abbreviation-aware sentence splitting ("U.S.", "Gen.",
//!   "Jan. 8") per block, with the `sentencex` crate (Wikimedia's segmenter:
//!   hand-kept abbreviation lists, byte offsets, no model download; it handled
//!   every news abbreviation we measured where `unicode-segmentation` split
//!   after each one).
//! * [`gazetteer`] — every knowledge-base alias (actors, weapons, facilities,
//!   places), leftmost-longest, word-bounded, and GeoNames place names.
//! * [`scan`] — the one automaton pass per sentence that finds the aliases,
//!   the lexicon terms the taggers use and the time and quantity cue words.
//! * [`time`] — dates and date ranges, resolved against a reference date.
//! * [`quantity`] — numbers and number words with their qualifiers.
//! * [`attribution`] — who says what, and with which stance.
//!
//! [`Annotator::annotate`] runs them all and returns an [`Annotation`] whose
//! offsets are byte offsets into `Article::text`.

pub mod attribution;
pub mod gazetteer;
pub mod lexicon;
pub mod quantity;
pub mod scan;
pub mod sentences;
pub mod time;
pub mod words;

use chrono::NaiveDate;
use sitrep_core::Article;
use sitrep_core::nlp::{AnnotatedSentence, Annotation};
use sitrep_kb::Kb;

pub use gazetteer::Gazetteer;
pub use lexicon::Lexicon;
use scan::List;

/// Everything the `nlp` stage needs, built once from the knowledge base and
/// shared (read-only) by every document.
pub struct Annotator {
    pub gazetteer: Gazetteer,
    pub lexicon: Lexicon,
}

impl Annotator {
    pub fn new(kb: &Kb) -> Self {
        let lexicon = Lexicon::new(kb);
        Annotator {
            gazetteer: Gazetteer::with_lexicon(kb, &lexicon),
            lexicon,
        }
    }

    /// Annotates every sentence of `article`. `reference` is the date relative
    /// expressions ("on Monday", "two days ago") are resolved against:
    /// normally the publication date; `None` leaves them unresolved.
    pub fn annotate(&self, article: &Article, reference: Option<NaiveDate>) -> Annotation {
        let text = article.text.as_str();
        let mut sentences = Vec::new();
        // The most recent explicit year in the text so far: month-day dates
        // without a year ("between October 17 and January 29") take it when
        // there is no reference date.
        let mut context_year: Option<i32> = reference.map(|d| chrono::Datelike::year(&d));
        let spans: Vec<(usize, usize, usize)> = article
            .blocks
            .iter()
            .enumerate()
            .flat_map(|(index, block)| {
                sentences::split(text, block.start, block.end)
                    .into_iter()
                    .map(move |(start, end)| (index, start, end))
            })
            .collect();
        // One automaton pass per sentence finds the aliases, the lexicon
        // terms and the time and quantity cue words; the sentences go
        // through it side by side, which is faster ([`scan::Scanner::scan_all`]).
        let texts: Vec<&str> = spans.iter().map(|&(_, s, e)| &text[s..e]).collect();
        let scans = self.gazetteer.scan_all(&texts);
        for (&(block_index, start, end), scanned) in spans.iter().zip(scans) {
            let block = &article.blocks[block_index];
            let sentence = &text[start..end];
            let mut entities = self.gazetteer.entities(sentence, &scanned);
            // With no time cue no time pattern can match, and the
            // tagger is not run; the quantity patterns run only where
            // their cues are.
            let times = if scanned.time_cue() {
                time::find(sentence, reference, context_year)
            } else {
                Vec::new()
            };
            // With a reference date `time::find` never reads the
            // context year: skip the second regex pass it costs.
            if reference.is_none()
                && let Some(year) = time::last_explicit_year(sentence)
            {
                context_year = Some(year);
            }
            let mut quantities = quantity::find_cued(sentence, &times, scanned.quantity_cues());
            // The figure cues only serve to tie quantities: none, no lookup.
            if !quantities.is_empty() {
                quantity::tie(
                    sentence,
                    &mut quantities,
                    &self.lexicon.figures.from_hits(scanned.hits(List::Figures)),
                );
            }
            let verbs = self.lexicon.stances.from_hits(scanned.hits(List::Stances));
            let attributions = attribution::find(sentence, &entities, &verbs);
            shift(&mut entities, start);
            let mut annotated = AnnotatedSentence {
                index: sentences.len(),
                start,
                end,
                block: block_index,
                block_kind: block.kind,
                entities,
                times,
                quantities,
                attributions,
            };
            shift_rest(&mut annotated, start);
            sentences.push(annotated);
        }
        Annotation {
            doc_id: article.doc_id.clone(),
            reference,
            sentences,
        }
    }
}

/// Every line of the project's example articles (`examples/*.txt`): inputs
/// for the tests that check a gate skips nothing.
#[cfg(test)]
fn example_lines() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut lines = Vec::new();
    for entry in std::fs::read_dir(root).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            let text = std::fs::read_to_string(&path).unwrap();
            lines.extend(text.lines().map(str::to_owned));
        }
    }
    lines
}

fn shift(entities: &mut [sitrep_core::nlp::EntityMatch], by: usize) {
    for e in entities {
        e.start += by;
        e.end += by;
    }
}

fn shift_rest(s: &mut AnnotatedSentence, by: usize) {
    for t in &mut s.times {
        t.start += by;
        t.end += by;
    }
    for q in &mut s.quantities {
        q.start += by;
        q.end += by;
    }
    for a in &mut s.attributions {
        a.start += by;
        a.end += by;
    }
}

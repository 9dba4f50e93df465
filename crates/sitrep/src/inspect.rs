//! What the clean and nlp stages saw in a document, as JSON: the shapes of
//! `sitrep article` and `sitrep annotate`.
//!
//! # `article`
//!
//! One object per document: `source`, `url`, `title`, `published`,
//! `authors`, `site`, `language`, `text` (the cleaned text).
//!
//! # `annotate`
//!
//! One JSON object per document, on its own line, with top-level arrays that
//! each hold one kind of finding, so a new kind (places) is one more array:
//!
//! * `sentences`: `index`, `start`, `end`, `block`, `block_kind`, `text`;
//! * `times`: `sentence`, `start`, `end`, `text`, `value` (TimeML TIMEX3),
//!   `resolved` `{start, end, precision}`, `anchor` (`absolute`, or
//!   `event_relative` with its offset in days, resolved by `extract`),
//!   `open_end`;
//! * `quantities`: `sentence`, `start`, `end`, `text`, `low`, `high`,
//!   `qualifier`, `counts` (what is counted) and `subject` (whom);
//! * `attributions`: `sentence`, `start`, `end`, `text`, `claimant`,
//!   `actor_id`, `stance`;
//! * `entities`: knowledge-base matches, `sentence`, `start`, `end`, `text`,
//!   `kind`, `id`;
//! * `places`: every place the `geo` stage finds and resolves in the text,
//!   `start`, `end`, `text`, `name`, `lat`, `lon` (null for a country or a
//!   region), `precision`, `country`, `admin1`, `geonameid`, `kb_id` (a
//!   facility or curated place) and scored `alternatives`.
//!
//! Offsets are **character** offsets into the cleaned text (`text`), as in
//! the record contract; the reference date is the document's publication
//! date (`--published` for documents that give none) and `reference_from`
//! says where it came from.

use serde_json::{Value, json};
use sitrep_core::nlp::{Annotation, TimeAnchor};
use sitrep_core::{Article, CharIndex, Document};

/// The JSON shape of `sitrep article`: the fields downstream tools read.
pub fn article_json(doc: &Document, article: &Article) -> serde_json::Value {
    json!({
        "source": doc.source,
        "url": article.url.as_ref().or(doc.url.as_ref()),
        "title": article.title,
        "published": article.published.map(|d| d.to_string()),
        "authors": authors(article.author.as_deref()),
        "site": article.site,
        "language": article.language,
        "text": article.text,
    })
}

/// The clean stage joins several authors with ", ".
fn authors(joined: Option<&str>) -> Vec<&str> {
    joined
        .map(|a| {
            a.split(", ")
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// The JSON shape of `sitrep annotate` for one document.
pub fn annotation_json(
    doc: &Document,
    article: &Article,
    annotation: &Annotation,
    reference_from: &str,
) -> Value {
    let text = article.text.as_str();
    let index = CharIndex::new(text);
    let at = |byte: usize| index.char_offset(text, byte);
    let mut sentences = Vec::new();
    let mut times = Vec::new();
    let mut quantities = Vec::new();
    let mut attributions = Vec::new();
    let mut entities = Vec::new();
    for s in &annotation.sentences {
        sentences.push(json!({
            "index": s.index,
            "start": at(s.start),
            "end": at(s.end),
            "block": s.block,
            "block_kind": s.block_kind,
            "text": &text[s.start..s.end],
        }));
        for t in &s.times {
            let anchor = match t.anchor {
                TimeAnchor::Absolute => json!("absolute"),
                TimeAnchor::EventRelative(days) => json!({ "event_relative": days }),
            };
            times.push(json!({
                "sentence": s.index,
                "start": at(t.start),
                "end": at(t.end),
                "text": &text[t.start..t.end],
                "value": t.value,
                "resolved": {
                    "start": t.value_start.map(|d| d.to_string()),
                    "end": t.value_end.map(|d| d.to_string()),
                    "precision": t.precision,
                },
                "anchor": anchor,
                "open_end": t.open_end,
            }));
        }
        for q in &s.quantities {
            quantities.push(json!({
                "sentence": s.index,
                "start": at(q.start),
                "end": at(q.end),
                "text": &text[q.start..q.end],
                "low": q.low,
                "high": q.high,
                "qualifier": q.qualifier,
                "counts": q.counts,
                "subject": q.subject,
            }));
        }
        for a in &s.attributions {
            attributions.push(json!({
                "sentence": s.index,
                "start": at(a.start),
                "end": at(a.end),
                "text": &text[a.start..a.end],
                "claimant": a.claimant,
                "actor_id": a.actor_id,
                "stance": a.stance,
            }));
        }
        for e in &s.entities {
            entities.push(json!({
                "sentence": s.index,
                "start": at(e.start),
                "end": at(e.end),
                "text": &text[e.start..e.end],
                "kind": e.kind,
                "id": e.id,
            }));
        }
    }
    json!({
        "doc_id": annotation.doc_id,
        "source": doc.source,
        "title": article.title,
        "reference": annotation.reference.map(|d| d.to_string()),
        "reference_from": reference_from,
        "text": text,
        "sentences": sentences,
        "times": times,
        "quantities": quantities,
        "attributions": attributions,
        "entities": entities,
    })
}

/// The `places` array: the nlp stage's place names resolved together by the
/// geo stage, as extraction places events.
pub fn places_json(
    geocoder: &sitrep_geo::Geocoder,
    article: &Article,
    annotation: &sitrep_core::nlp::Annotation,
) -> Value {
    let text = article.text.as_str();
    let index = CharIndex::new(text);
    let places: Vec<Value> = geocoder
        .article_places(text, annotation)
        .into_iter()
        .map(|p| {
            let l = p.location;
            json!({
                "start": index.char_offset(text, p.start),
                "end": index.char_offset(text, p.end),
                "text": &text[p.start..p.end],
                "name": l.name,
                "lat": l.lat,
                "lon": l.lon,
                "precision": l.precision,
                "country": l.country,
                "admin1": l.admin1,
                "geonameid": l.geonameid,
                "kb_id": l.kb_id,
                "alternatives": l.alternatives,
            })
        })
        .collect();
    Value::Array(places)
}

/// The reference date the pipeline uses for `doc` and where it came from:
/// the source's (or the user's `--published`) date, else the one the page
/// gives.
pub fn reference_date(
    doc: &Document,
    article: &Article,
) -> (Option<chrono::NaiveDate>, &'static str) {
    match (doc.published, article.published) {
        (Some(d), _) => (Some(d), "document"),
        (None, Some(d)) => (Some(d), "page"),
        (None, None) => (None, "none"),
    }
}

/// The cleaned article of `doc`: what the clean stage makes of it.
pub fn clean(doc: &Document) -> Article {
    sitrep_clean::clean(doc)
}

/// The nlp and geo stages over one document, for `annotate`.
pub struct Inspector<'kb> {
    annotator: sitrep_nlp::Annotator,
    geocoder: sitrep_geo::Geocoder<'kb>,
}

impl<'kb> Inspector<'kb> {
    /// The stages over `kb`.
    pub fn new(kb: &'kb sitrep_kb::Kb) -> Self {
        Inspector {
            annotator: sitrep_nlp::Annotator::new(kb),
            geocoder: sitrep_geo::Geocoder::new(kb),
        }
    }

    /// The `annotate` object of `doc`, places included.
    pub fn annotate(&self, doc: &Document) -> Value {
        let article = clean(doc);
        let (reference, from) = reference_date(doc, &article);
        let annotation = self.annotator.annotate(&article, reference);
        let mut value = annotation_json(doc, &article, &annotation, from);
        value["places"] = places_json(&self.geocoder, &article, &annotation);
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authors_split() {
        assert_eq!(
            authors(Some("Ana Writer, Ben Reporter")),
            ["Ana Writer", "Ben Reporter"]
        );
        assert!(authors(None).is_empty());
    }
}

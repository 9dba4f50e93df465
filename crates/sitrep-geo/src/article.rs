//! The place names of an annotated article as candidates for resolution:
//! the nlp stage's place and facility matches, one candidate per span.

use sitrep_core::nlp::{Annotation, EntityKind, EntityMatch};

use crate::GAZETTEER_ID_PREFIX;
use crate::find::Candidate;
use crate::resolve::{DIVISION_WORDS, KbIndex, Reading};

/// One candidate per span of `annotation` that a place or facility was
/// found at, in text order, with every reading of its words.
pub(crate) fn candidates(index: &KbIndex, text: &str, annotation: &Annotation) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    for sentence in &annotation.sentences {
        let places = sentence
            .entities
            .iter()
            .filter(|e| matches!(e.kind, EntityKind::Place | EntityKind::Facility));
        for e in places {
            if let Some(last) = out.last_mut()
                && last.start == e.start
            {
                if last.end == e.end {
                    add_kb_reading(index, last, e);
                }
                continue;
            }
            if let Some(c) = candidate(index, text, e) {
                out.push(c);
            }
        }
    }
    out
}

fn candidate(index: &KbIndex, text: &str, e: &EntityMatch) -> Option<Candidate> {
    // The kb's aliases match in any case: "turkey" the bird is no country.
    if !text[e.start..e.end]
        .chars()
        .any(|c| c.is_uppercase() || !c.is_ascii())
    {
        return None;
    }
    let division = division_end(text, e.end);
    let end = division.unwrap_or(e.end);
    let surface = text.get(e.start..end)?;
    let (readings, form) = index.readings(surface, &text[..e.start], &text[end..]);
    let mut c = Candidate {
        start: e.start,
        end,
        readings,
        form,
    };
    // "the Donetsk region" is not the kb's town of Donetsk.
    if division.is_none() {
        add_kb_reading(index, &mut c, e);
    }
    (!c.readings.is_empty()).then_some(c)
}

/// The kb site of match `e`, when it is one and not yet a reading.
fn add_kb_reading(index: &KbIndex, c: &mut Candidate, e: &EntityMatch) {
    if e.id.starts_with(GAZETTEER_ID_PREFIX) {
        return;
    }
    if let Some(&r) = index.ids.get(&e.id)
        && !c.readings.contains(&r)
    {
        // kb readings first, as the name index gives them.
        let at = c
            .readings
            .iter()
            .position(|r| matches!(r, Reading::Entry(_)))
            .unwrap_or(c.readings.len());
        c.readings.insert(at, r);
    }
}

/// The end of " province" (or region, oblast, governorate) right after a
/// name ending at `end`: "the Donetsk region" is the division.
fn division_end(text: &str, end: usize) -> Option<usize> {
    let rest = text[end..].strip_prefix(' ')?;
    let word_len = rest
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(rest.len());
    DIVISION_WORDS
        .contains(&rest[..word_len].to_lowercase().as_str())
        .then_some(end + 1 + word_len)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_core::nlp::AnnotatedSentence;
    use sitrep_core::{BlockKind, LocationPrecision};
    use sitrep_kb::Kb;

    /// An annotation of `text` as one sentence with these matches.
    fn annotation(text: &str, matches: &[(&str, EntityKind, &str)]) -> Annotation {
        let entities = matches
            .iter()
            .map(|&(words, kind, id)| {
                let start = text.find(words).unwrap();
                EntityMatch {
                    start,
                    end: start + words.len(),
                    kind,
                    id: id.to_string(),
                }
            })
            .collect();
        Annotation {
            doc_id: "d_test".into(),
            reference: None,
            sentences: vec![AnnotatedSentence {
                index: 0,
                start: 0,
                end: text.len(),
                block: 0,
                block_kind: BlockKind::Paragraph,
                entities,
                times: Vec::new(),
                quantities: Vec::new(),
                attributions: Vec::new(),
            }],
        }
    }

    #[test]
    fn a_division_word_makes_the_kb_town_the_division() {
        let kb = Kb::embedded().unwrap();
        let geo = crate::Geocoder::new(&kb);
        let town = &kb.places.iter().find(|p| p.name == "Donetsk").unwrap().id;
        let text = "Shelling hit the Donetsk region, then Donetsk itself.";
        let mut a = annotation(text, &[("Donetsk", EntityKind::Place, town)]);
        let second = text.rfind("Donetsk").unwrap();
        a.sentences[0].entities.push(EntityMatch {
            start: second,
            end: second + "Donetsk".len(),
            kind: EntityKind::Place,
            id: town.clone(),
        });
        let places = geo.article_places(text, &a);
        let got: Vec<(&str, LocationPrecision)> = places
            .iter()
            .map(|p| (&text[p.start..p.end], p.location.precision))
            .collect();
        assert_eq!(
            got,
            [
                ("Donetsk region", LocationPrecision::Admin1),
                ("Donetsk", LocationPrecision::Town)
            ]
        );
        assert_eq!(places[1].location.kb_id.as_ref(), Some(town));
    }
}

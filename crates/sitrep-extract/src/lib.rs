//! The `extract` stage: annotated sentences into event **reports**.
//!
//! Rules, driven by the knowledge base, in four steps per sentence:
//!
//! 1. **Mentions.** Trigger words from `kb/lexicon.csv` ("strike",
//!    "killed", "barrage"; weak ones such as "fired" only beside a weapon)
//!    are grouped into event mentions: triggers a few words apart with no
//!    clause break between them ("killed in a drone attack") are one
//!    mention; "retaliation *for* a drone strike", "*after* three troops were
//!    killed", "*which* prompted a strike" start a new one. Each mention owns
//!    the stretch of the sentence up to the next, so that the date and the
//!    place next to a trigger go to that trigger's event.
//! 2. **Arguments** inside a mention's stretch: weapons; the date; places
//!    (a list "Al Asad Airbase … and a base near Erbil" yields one report per
//!    place, coarser mentions of the same place are dropped); actors with
//!    their role (premodifier or subject → attacker; object of "on",
//!    "against", "killing of", or subject of a passive "were killed" →
//!    target); figures (a quantity tied to what it counts, with the claimant
//!    and stance of the sentence's attribution).
//! 3. **Filters.** Threats, hypotheticals and background ("will be targeted
//!    if", "has been a target before") yield nothing. A mention yields a
//!    report only with a concrete anchor — a date of month precision or
//!    better, a place, a figure or a named person as target — so generic
//!    talk ("drones offer greater precision") never becomes an event. A count
//!    of attacks ("more than 180 attacks since …") is a **tally**.
//! 4. **Discourse.** "five days earlier" is resolved against the date of the
//!    event the text was last talking about; a report with no date of its own
//!    takes the date, attacker and weapon of a compatible report at most two
//!    sentences before it in the same paragraph; "His killing", "This group"
//!    and "He stated" take the person or group named just before.
//!
//! 5. **Coding** (`coding.rs`): weapons and event words (`kb/lexicon.csv`,
//!    class `event`) with the mention's actors give ACLED's event type and
//!    sub-event type, all six types ([docs/taxonomy.md](../../docs/taxonomy.md)
//!    has the rules and the PLOVER mapping). Generic actors ("gunmen",
//!    "civilians", "police", "soldiers") take the country of the event's
//!    location ("Unidentified armed group (Iraq)"). A denial ("Iran denied
//!    involvement in the attack", "No attack took place") is a `denied`
//!    report with the denier as an `other` actor; a recalled cause or an
//!    event dated over a year before publication is `historical_reference`.
//!
//! 6. **Headlines** (short, present tense, no articles): "kills 12",
//!    "executes 15" and "wounds 6" count casualties; "nine dead" is a
//!    trigger when nothing else is; the actor before a participle with no
//!    object ("militants killed by warplanes") or before "die" is the
//!    victim; a country before a violence noun with a toll ("Iraq blasts
//!    kill 39") is the place; a short source tag (": police", "Officials:")
//!    is no side; fewer than ten attacks with one toll ("Four suicide blasts
//!    kill 26") are one event, not a tally; and a sentence that is all of
//!    its paragraph, at most 16 words, with a casualty figure, may be
//!    anchored by a country or region alone.
//!
//! Merging reports into events is the `resolve` stage's job.

pub mod coding;
mod mention;
mod rules;

use chrono::NaiveDate;
use sitrep_core::nlp::{AnnotatedSentence, Annotation, TimeAnchor};
use sitrep_core::{Article, BlockKind, CharIndex, DatePrecision, Evidence, Record};
use sitrep_kb::Kb;
use sitrep_nlp::Lexicon;

pub use rules::sub_event_of;

/// Rules and the knowledge base they read, built once and shared.
pub struct Extractor<'kb> {
    kb: &'kb Kb,
    lexicon: Lexicon,
    /// Event words (`kb/lexicon.csv`, class `event`), each mapped to its
    /// ACLED sub-event type.
    events: sitrep_nlp::lexicon::TermSet,
    gazetteer: sitrep_nlp::Gazetteer,
    geocoder: sitrep_geo::Geocoder<'kb>,
}

/// What the extractor remembers while reading one document in order.
#[derive(Default)]
struct Discourse {
    /// The date of the event the text was last talking about.
    current_date: Option<NaiveDate>,
    /// Reports of recent sentences: (sentence index, block index, report).
    recent: Vec<(usize, usize, Record)>,
    /// The last person and armed group named: (sentence index, kb id).
    last_person: Option<(usize, String)>,
    last_group: Option<(usize, String)>,
    /// The document names a specific state force ("US troops", "the Iraqi
    /// army"): a bare "soldiers" may be theirs, so it is not given the
    /// event country's forces.
    names_state_force: bool,
    /// The document's places, resolved together by the geo stage when a
    /// sentence first has an event mention.
    places: std::cell::OnceCell<Vec<sitrep_geo::Placed>>,
}

impl<'kb> Extractor<'kb> {
    pub fn new(kb: &'kb Kb) -> Self {
        Extractor {
            kb,
            lexicon: Lexicon::new(kb),
            events: sitrep_nlp::lexicon::TermSet::new(kb.lexicon_terms("event")),
            gazetteer: sitrep_nlp::Gazetteer::new(kb),
            geocoder: sitrep_geo::Geocoder::new(kb),
        }
    }

    fn gazetteer_find(&self, text: &str) -> Vec<sitrep_core::nlp::EntityMatch> {
        self.gazetteer.find(text)
    }

    /// Every report in `article`, in text order.
    pub fn extract(&self, article: &Article, annotation: &Annotation) -> Vec<Record> {
        let chars = CharIndex::new(&article.text);
        let mut discourse = Discourse {
            names_state_force: self.names_state_force(annotation),
            ..Discourse::default()
        };
        let mut reports = Vec::new();
        for sentence in &annotation.sentences {
            let text = &article.text[sentence.start..sentence.end];
            let evidence = Evidence {
                doc_id: article.doc_id.clone(),
                start: chars.char_offset(&article.text, sentence.start),
                end: chars.char_offset(&article.text, sentence.end),
                text: text.to_string(),
            };
            let found = if sentence.block_kind == BlockKind::Heading {
                Vec::new()
            } else {
                rules::sentence_reports(self, article, annotation, sentence, &discourse, &evidence)
            };
            self.remember(&mut discourse, sentence, text, &found);
            for (n, mut report) in found.into_iter().enumerate() {
                report.id = sitrep_core::content_id(
                    "r_",
                    &[
                        article.doc_id.as_bytes(),
                        &sentence.start.to_le_bytes(),
                        &n.to_le_bytes(),
                    ],
                );
                report.doc_id = article.doc_id.clone();
                report.doc_ids = vec![article.doc_id.clone()];
                discourse
                    .recent
                    .push((sentence.index, sentence.block, report.clone()));
                reports.push(report);
            }
        }
        reports
    }

    fn names_state_force(&self, annotation: &Annotation) -> bool {
        annotation
            .sentences
            .iter()
            .flat_map(|s| &s.entities)
            .any(|e| {
                e.kind == sitrep_core::nlp::EntityKind::Actor
                    && self.kb.actor(&e.id).is_some_and(|a| {
                        a.kind == sitrep_core::ActorKind::Military && !rules::is_generic(a)
                    })
            })
    }

    fn remember(
        &self,
        discourse: &mut Discourse,
        sentence: &AnnotatedSentence,
        text: &str,
        found: &[Record],
    ) {
        // The first person or group a sentence names is usually its subject,
        // the one "he" or "this group" refers to next.
        let mut person_seen = false;
        let mut group_seen = false;
        for e in &sentence.entities {
            if e.kind != sitrep_core::nlp::EntityKind::Actor {
                continue;
            }
            let Some(actor) = self.kb.actor(&e.id) else {
                continue;
            };
            match actor.kind {
                sitrep_core::ActorKind::Person if !person_seen => {
                    person_seen = true;
                    discourse.last_person = Some((sentence.index, e.id.clone()));
                }
                sitrep_core::ActorKind::ArmedGroup if !group_seen => {
                    group_seen = true;
                    discourse.last_group = Some((sentence.index, e.id.clone()));
                }
                _ => {}
            }
        }
        // The newest explicit day-precision date in the text anchors "five
        // days earlier"; a report's own date wins over a bare mention.
        if let Some(date) = found.iter().rev().find_map(|r| {
            (r.date.precision == DatePrecision::Day && !r.tally)
                .then_some(r.date.start)
                .flatten()
        }) {
            discourse.current_date = Some(date);
        } else if let Some(t) = sentence.times.iter().rev().find(|t| {
            t.anchor == TimeAnchor::Absolute
                && t.precision == DatePrecision::Day
                && !t.open_end
                && t.value_start == t.value_end
        }) {
            discourse.current_date = t.value_start;
        }
        let _ = text;
        discourse
            .recent
            .retain(|(index, _, _)| sentence.index.saturating_sub(*index) <= 2);
    }
}

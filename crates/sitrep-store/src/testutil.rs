//! Test fixtures for stores: documents and records with every field of the
//! contract set. Used by [`suite`](crate::suite) and by each store's own
//! tests.

use crate::{InsertOutcome, NewDocument, Store, StoreError};
use chrono::NaiveDate;
use sitrep_core::{
    Actor, ActorKind, ActorRole, Article, Block, BlockKind, DateInfo, DatePrecision, Document,
    Evidence, Figure, FigureKind, Location, LocationPrecision, Qualifier, Record, RecordKind,
    SourceFormat, Stance, Status, content_id,
};

/// The first evidence sentence of every fixture record.
pub const SENTENCE: &str = "Iranian state television said at least 80 “American \
     terrorists” were killed at Ain al-Asad; the US military said no one was killed.";

fn day(s: &str) -> NaiveDate {
    s.parse().expect("fixture date")
}

fn evidence(doc_id: &str) -> Evidence {
    Evidence {
        doc_id: doc_id.to_owned(),
        start: 0,
        // Character offsets, as the contract counts them.
        end: SENTENCE.chars().count(),
        text: SENTENCE.to_owned(),
    }
}

fn actor(name: &str, role: ActorRole, kind: ActorKind, country: &str, kb_id: &str) -> Actor {
    Actor {
        name: name.to_owned(),
        role,
        kind,
        country: Some(country.to_owned()),
        kb_id: Some(kb_id.to_owned()),
    }
}

fn figure(
    doc_id: &str,
    kind: FigureKind,
    low: u64,
    high: Option<u64>,
    qualifier: Qualifier,
    claimant: Option<&str>,
    stance: Stance,
) -> Figure {
    Figure {
        kind,
        low: Some(low),
        high,
        qualifier,
        subject: Some("US service members".to_owned()),
        claimant: claimant.map(str::to_owned),
        stance,
        evidence: evidence(doc_id),
    }
}

/// A record with every field filled: a missile strike on a base, with a
/// claimed death toll and its denial.
pub fn record(kind: RecordKind, id: &str, doc_ids: &[&str], report_ids: &[&str]) -> Record {
    let doc_id = doc_ids[0];
    Record {
        id: id.to_owned(),
        record: kind,
        doc_id: doc_id.to_owned(),
        doc_ids: doc_ids.iter().map(|d| d.to_string()).collect(),
        report_ids: report_ids.iter().map(|r| r.to_string()).collect(),
        event_type: Some("Explosions/Remote violence".to_owned()),
        sub_event_type: Some("Shelling/artillery/missile attack".to_owned()),
        status: Status::Reported,
        date: DateInfo {
            start: Some(day("2020-01-08")),
            end: Some(day("2020-01-08")),
            precision: DatePrecision::Day,
            text: Some("early on Wednesday".to_owned()),
        },
        location: Location {
            name: Some("Ain al-Asad Air Base".to_owned()),
            country: Some("IQ".to_owned()),
            admin1: Some("Al Anbar".to_owned()),
            lat: Some(33.7856),
            lon: Some(42.4412),
            precision: LocationPrecision::Facility,
            text: Some("Ain al-Asad".to_owned()),
            kb_id: Some("fac_ain_al_asad".to_owned()),
            ..Location::unknown()
        },
        actors: vec![
            actor(
                "Islamic Revolutionary Guard Corps",
                ActorRole::Attacker,
                ActorKind::Military,
                "IR",
                "irgc",
            ),
            actor("Iran", ActorRole::Attacker, ActorKind::State, "IR", "iran"),
            actor(
                "United States Armed Forces",
                ActorRole::Target,
                ActorKind::Military,
                "US",
                "us_military",
            ),
        ],
        weapons: vec!["ballistic missile".to_owned()],
        figures: vec![
            figure(
                doc_id,
                FigureKind::Killed,
                80,
                None,
                Qualifier::AtLeast,
                Some("Iranian state television"),
                Stance::Claim,
            ),
            figure(
                doc_id,
                FigureKind::Killed,
                0,
                Some(0),
                Qualifier::Exact,
                Some("US military"),
                Stance::Denial,
            ),
            figure(
                doc_id,
                FigureKind::Missiles,
                15,
                Some(15),
                Qualifier::Exact,
                None,
                Stance::Report,
            ),
        ],
        evidence: vec![evidence(doc_id)],
        tally: false,
        ledger: Vec::new(),
    }
}

/// A fully filled event from two documents.
pub fn event(id: &str, report_ids: &[&str]) -> Record {
    record(RecordKind::Event, id, &["d_alpha", "d_beta"], report_ids)
}

/// An event that says little: no date, no place, no figures.
pub fn vague_event(id: &str, report_ids: &[&str]) -> Record {
    let mut r = event(id, report_ids);
    r.date = DateInfo::unknown();
    r.location = Location::unknown();
    r.figures.clear();
    r
}

/// A fully filled report of `doc`; `n` tells a document's reports apart.
pub fn report(doc: &Document, n: usize) -> Record {
    let id = content_id("r_", &[doc.id.as_bytes(), n.to_string().as_bytes()]);
    record(RecordKind::Report, &id, &[&doc.id], &[])
}

/// A document and its cleaned article (a title line and one paragraph).
pub fn document(body: &str) -> (Document, Article) {
    let mut doc = Document::new("reports/alasad.html", SourceFormat::Html, body.to_owned());
    doc.title = Some("Metadata title".to_owned());
    doc.url = Some("https://example.invalid/alasad".to_owned());
    doc.published = Some(day("2020-01-08"));
    let title = "Missiles hit Ain al-Asad";
    let text = format!("{title}\n\n{SENTENCE}");
    let article = Article {
        doc_id: doc.id.clone(),
        title: Some(title.to_owned()),
        published: Some(day("2020-01-09")),
        author: Some("Staff".to_owned()),
        language: None,
        site: None,
        url: None,
        blocks: vec![
            Block {
                kind: BlockKind::Heading,
                start: 0,
                end: title.len(),
            },
            Block {
                kind: BlockKind::Paragraph,
                start: title.len() + 2,
                end: text.len(),
            },
        ],
        text,
    };
    (doc, article)
}

/// Inserts `doc` with its reports and no near-duplicate fingerprint.
pub fn insert(
    store: &mut dyn Store,
    doc: &Document,
    article: &Article,
    reports: &[Record],
) -> Result<InsertOutcome, StoreError> {
    store.insert_document(&NewDocument {
        doc,
        article,
        reports,
        keys: &[],
        fingerprint: None,
    })
}

//! The questions users ask of the database: one event with its sources,
//! stats, tallies set against the events that fit them, and exports.
//!
//! All take the same [`EventFilter`] as [`Store::events`] and read only
//! resolved events, so their numbers agree with the event list and the
//! exports. Counting is the store's job ([`Store::event_stats`],
//! [`Store::timeline`]); nothing here holds every event in memory.

use std::io::Write;

use chrono::NaiveDate;
use serde::Serialize;
use sitrep_core::{ActorRole, FigureKind, Record};
use sitrep_store::{EventStats, ExportFormat, Exporter, StoredDocument};

use crate::{Error, EventFilter, Store};

/// Totals and breakdowns of what the database holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Stored documents, copies included.
    pub documents: u64,
    /// Documents recognised as republished copies.
    pub duplicate_documents: u64,
    /// Stored reports.
    pub reports: u64,
    /// The events and tallies that pass the filter, broken down.
    #[serde(flatten)]
    pub events: EventStats,
}

/// Totals of the database and breakdowns of the events that pass `filter`.
pub fn stats(store: &dyn Store, filter: &EventFilter) -> Result<Stats, Error> {
    let counts = store.counts()?;
    Ok(Stats {
        documents: counts.documents,
        duplicate_documents: counts.duplicates,
        reports: counts.reports,
        events: store.event_stats(filter)?,
    })
}

/// A document an event cites, with its republished copies.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// The document id the event names.
    pub id: String,
    /// The stored document (`None` if it is gone).
    pub doc: Option<StoredDocument>,
    /// Ids of documents that republish it.
    pub copies: Vec<String>,
}

/// One event (by id or unique prefix) with the documents it cites.
pub fn event_with_sources(
    store: &dyn Store,
    id: &str,
) -> Result<Option<(Record, Vec<Source>)>, Error> {
    let Some(event) = store.event(id)? else {
        return Ok(None);
    };
    let mut sources = Vec::with_capacity(event.doc_ids.len());
    for id in &event.doc_ids {
        sources.push(Source {
            id: id.clone(),
            doc: store.document(id)?,
            copies: store.copies_of(id)?,
        });
    }
    Ok(Some((event, sources)))
}

/// A tally with what it claims, set against the stored events that fit it.
#[derive(Debug, Clone, Serialize)]
pub struct TallyCheck {
    /// The tally's id.
    pub id: String,
    /// Who the tally says attacked.
    pub attacker: Vec<String>,
    /// Whom.
    pub target: Vec<String>,
    /// Where (a country, or `;`-joined countries).
    pub place: Option<String>,
    /// The counted period's first day.
    pub period_start: Option<NaiveDate>,
    /// Its last day (open when `None`).
    pub period_end: Option<NaiveDate>,
    /// The claimed number of attacks, low end.
    pub claimed_low: Option<u64>,
    /// High end.
    pub claimed_high: Option<u64>,
    /// Who claims it.
    pub claimant: Option<String>,
    /// Stored events that fit the tally's attacker, target, place and period.
    pub matching_events: usize,
    /// The tally's sentence.
    pub evidence: String,
    /// The tally record itself, for rendering.
    #[serde(skip)]
    pub tally: Record,
}

/// What [`fits`] needs of an event: a few fields, not the whole record, so
/// that checking tallies never holds every event.
struct EventKey {
    start: Option<NaiveDate>,
    attackers: Vec<String>,
    target_countries: Vec<String>,
    place: Option<String>,
    country: Option<String>,
    known_place: bool,
}

fn actor_ids(r: &Record, role: ActorRole) -> Vec<String> {
    r.actors
        .iter()
        .filter(|a| a.role == role)
        .filter_map(|a| a.kb_id.clone().or_else(|| a.country.clone()))
        .collect()
}

fn actor_countries(r: &Record, role: ActorRole) -> Vec<String> {
    r.actors
        .iter()
        .filter(|a| a.role == role)
        .filter_map(|a| a.country.clone())
        .collect()
}

impl EventKey {
    fn of(event: &Record) -> EventKey {
        EventKey {
            start: event.date.start,
            attackers: actor_ids(event, ActorRole::Attacker),
            target_countries: actor_countries(event, ActorRole::Target),
            place: event.location.name.clone(),
            country: event.location.country.clone(),
            known_place: event.location.is_known(),
        }
    }
}

/// True when `event` fits what `tally` counts: inside its period, by one of
/// its attackers, against one of its targets' sides, in one of its
/// countries — each only where the tally says.
fn fits(tally: &Record, event: &EventKey) -> bool {
    if let Some(start) = tally.date.start {
        match event.start {
            Some(d) if d >= start && tally.date.end.is_none_or(|end| d <= end) => {}
            _ => return false,
        }
    }
    let attackers = actor_ids(tally, ActorRole::Attacker);
    if !attackers.is_empty() && !event.attackers.iter().any(|a| attackers.contains(a)) {
        return false;
    }
    let targets = actor_countries(tally, ActorRole::Target);
    if !targets.is_empty() && !event.target_countries.iter().any(|t| targets.contains(t)) {
        return false;
    }
    if let Some(place) = &tally.location.name {
        // A tally's place is one country or a list ("Iraq; Syria").
        let names: Vec<&str> = place.split("; ").collect();
        let in_place = event.place.as_deref().is_some_and(|n| names.contains(&n))
            || event
                .country
                .as_deref()
                .is_some_and(|c| tally.location.country.as_deref() == Some(c));
        if tally.location.is_known() && !in_place && !names.is_empty() && event.known_place {
            return false;
        }
    }
    true
}

/// Every tally that passes `filter`, with what it claims, set against the
/// stored events (same filter) that fit it.
pub fn tallies(store: &dyn Store, filter: &EventFilter) -> Result<Vec<TallyCheck>, Error> {
    let mut tallies = Vec::new();
    let mut events = Vec::new();
    let all = EventFilter {
        include_tallies: true,
        ..filter.clone()
    };
    store.for_each_event(&all, &mut |record| {
        if record.tally {
            tallies.push(record);
        } else {
            events.push(EventKey::of(&record));
        }
        Ok(())
    })?;
    Ok(tallies
        .into_iter()
        .map(|t| {
            let count = t.figures.iter().find(|f| f.kind == FigureKind::Attacks);
            TallyCheck {
                id: t.id.clone(),
                attacker: t.attackers().map(|a| a.name.clone()).collect(),
                target: t.targets().map(|a| a.name.clone()).collect(),
                place: t.location.name.clone(),
                period_start: t.date.start,
                period_end: t.date.end,
                claimed_low: count.and_then(|f| f.low),
                claimed_high: count.and_then(|f| f.high),
                claimant: count.and_then(|f| f.claimant.clone()),
                matching_events: events.iter().filter(|e| fits(&t, e)).count(),
                evidence: t
                    .evidence
                    .first()
                    .map(|e| e.text.clone())
                    .unwrap_or_default(),
                tally: t,
            }
        })
        .collect())
}

/// Writes the events that pass `filter` to `out` as `format`, streamed from
/// the store one record at a time; returns how many were written.
pub fn export(
    store: &dyn Store,
    filter: &EventFilter,
    format: ExportFormat,
    out: &mut dyn Write,
) -> Result<usize, Error> {
    let mut exporter = Exporter::new(format, out)?;
    let mut failed = None;
    let walked = store.for_each_event(filter, &mut |record| {
        exporter.write(&record).map_err(|e| {
            let message = e.to_string();
            failed = Some(e);
            sitrep_store::StoreError::Invalid {
                path: "export".into(),
                reason: message,
            }
        })
    });
    // A failing writer (a closed pipe) is the writer's error, not the store's.
    if let Some(e) = failed {
        return Err(e.into());
    }
    walked?;
    Ok(exporter.finish()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Bucket, GroupBy, Pipeline, ingest};

    /// The examples ingested into a temporary store, through the library
    /// alone.
    fn examples_store() -> Box<dyn Store> {
        let kb = crate::load_kb(None).unwrap();
        let pipeline = Pipeline::new(&kb);
        let mut store = crate::open_in_memory().unwrap();
        ingest::ingest_documents(
            store.as_mut(),
            &pipeline,
            crate::examples::documents(),
            &|_| {},
        )
        .unwrap();
        store
    }

    #[test]
    fn the_library_answers_events_timeline_stats_and_tallies() {
        let store = examples_store();
        let store = store.as_ref();
        let events = store.events(&EventFilter::default()).unwrap();
        assert!(events.len() >= 10, "{}", events.len());

        let stats = stats(store, &EventFilter::default()).unwrap();
        assert_eq!(stats.events.events, events.len() as u64);
        assert_eq!(stats.documents, crate::examples::EXAMPLES.len() as u64);
        assert_eq!(
            stats.events.by_type.values().sum::<u64>(),
            stats.events.events
        );

        let timeline = store
            .timeline(&EventFilter::default(), Bucket::Month, GroupBy::Country)
            .unwrap();
        let dated: u64 = timeline.counts.values().flat_map(|g| g.values()).sum();
        assert_eq!(dated + timeline.undated, stats.events.events);

        let tallies = tallies(store, &EventFilter::default()).unwrap();
        assert!(!tallies.is_empty());
        assert!(tallies.iter().all(|t| t.tally.tally));

        let (event, sources) = event_with_sources(store, &events[0].id[..8])
            .unwrap()
            .unwrap();
        assert_eq!(event, events[0]);
        assert_eq!(sources.len(), event.doc_ids.len());
        assert!(sources.iter().all(|s| s.doc.is_some()));

        let mut csv = Vec::new();
        let n = export(store, &EventFilter::default(), ExportFormat::Csv, &mut csv).unwrap();
        assert_eq!(n, events.len());
        assert_eq!(String::from_utf8(csv).unwrap().lines().count(), n + 1);
    }

    /// A writer that fails like a closed pipe.
    struct Closed;
    impl Write for Closed {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
    }

    #[test]
    fn a_closed_output_is_a_broken_pipe_not_a_store_error() {
        let store = examples_store();
        let err = export(
            store.as_ref(),
            &EventFilter::default(),
            ExportFormat::Jsonl,
            &mut Closed,
        )
        .unwrap_err();
        assert!(err.is_broken_pipe(), "{err:?}");
    }
}

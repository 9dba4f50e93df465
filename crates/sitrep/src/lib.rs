//! sitrep as a library: the one API every front end (the `sitrep` CLI, the
//! HTTP server, ingest workers) is built on.
//!
//! * **Open a store**: [`open`] (create or migrate) or [`open_existing`]; a
//!   [`Store`] is a trait object, so the same code runs over the embedded
//!   SQLite file or any other implementation.
//! * **Ingest**: [`Pipeline`] takes one document through clean → nlp →
//!   extract; [`ingest::ingest_paths`] and [`ingest::ingest_documents`] run
//!   the parallel reader → workers → one writer loop over files, archives,
//!   feeds or documents already in memory, report progress through a
//!   callback ([`ingest::Progress`]) and near-duplicate copies through the
//!   [`dedup`] step, and resolve events afterwards ([`resolve_stored`]).
//! * **Ask**: [`questions`] answers what the CLI asks (events with filters,
//!   one event with its sources, timeline, stats, tallies set against the
//!   events that fit them, streamed exports); [`filter`] turns what a user
//!   typed (a country name or code, an actor) into an [`EventFilter`], with
//!   notes when a value matches nothing known.
//! * **Look inside**: [`inspect`] shows what the clean and nlp stages saw.
//!
//! ```
//! use sitrep::{EventFilter, Pipeline, ingest};
//!
//! # fn main() -> Result<(), sitrep::Error> {
//! let kb = sitrep::load_kb(None)?;
//! let pipeline = Pipeline::new(&kb);
//! let mut store = sitrep::open_in_memory()?;
//! let page = "Title: Drone strike\nPublished: 2024-01-29\n\n\
//!     A drone struck Tower 22, a US base in Jordan, on Sunday, killing three US soldiers.";
//! let doc = sitrep::read_bytes("page.txt", page.as_bytes(), &Default::default())?;
//! let summary = ingest::ingest_documents(store.as_mut(), &pipeline, vec![Ok(doc)], &|_| {})?;
//! assert_eq!(summary.documents, 1);
//! let events = store.events(&EventFilter::default())?;
//! assert_eq!(events.len(), summary.events);
//! assert!(events.iter().any(|e| e.location.country.as_deref() == Some("JO")));
//! # Ok(())
//! # }
//! ```

#![warn(missing_docs)]

pub mod dedup;
mod error;
pub mod examples;
pub mod filter;
pub mod ingest;
pub mod inspect;
mod pipeline;
pub mod questions;
pub mod synthetic;

use std::path::Path;

pub use error::Error;
pub use pipeline::{Pipeline, Processed, Skip};
pub use sitrep_core::{Document, Record};
pub use sitrep_ingest::IngestOptions;
pub use sitrep_kb::Kb;
pub use sitrep_store::{
    Bucket, Change, ChangeKind, Counts, EventFilter, EventStats, ExportFormat, GroupBy, Resolution,
    Store, StoreError, StoredDocument, Timeline,
};
pub use sitrep_store_sqlite::SqliteStore;

/// Opens (creating it and its parent directories if needed) the embedded
/// database at `path` and brings its schema up to date.
pub fn open(path: &Path) -> Result<Box<dyn Store>, Error> {
    Ok(Box::new(SqliteStore::open(path)?))
}

/// Opens the database at `path` for questions: a missing file is an error
/// ([`Error::NoDatabase`]) instead of a new empty database.
pub fn open_existing(path: &Path) -> Result<Box<dyn Store>, Error> {
    if !path.exists() {
        return Err(Error::NoDatabase(path.display().to_string()));
    }
    open(path)
}

/// A private, empty database that lives as long as the returned store.
pub fn open_in_memory() -> Result<Box<dyn Store>, Error> {
    Ok(Box::new(SqliteStore::open_in_memory()?))
}

/// The knowledge base in `dir`, or the one built into the binary.
pub fn load_kb(dir: Option<&Path>) -> Result<Kb, Error> {
    match dir {
        Some(dir) => Kb::from_dir(dir).map_err(|error| Error::Kb {
            source_name: dir.display().to_string(),
            error,
        }),
        None => Kb::embedded().map_err(|error| Error::Kb {
            source_name: "built-in knowledge base".into(),
            error,
        }),
    }
}

/// One document from bytes in memory, named `source` (its extension and
/// content decide text or HTML, as for a file).
pub fn read_bytes(source: &str, bytes: &[u8], opts: &IngestOptions) -> Result<Document, Error> {
    Ok(sitrep_ingest::read_bytes(source, bytes, opts)?)
}

/// The pipeline's resolution as a store uses it: lookup keys, which reports
/// can affect each other, and the grouping (`sitrep_resolve`).
pub struct PipelineResolver;

impl sitrep_store::Resolver for PipelineResolver {
    fn keys(&self, report: &Record) -> sitrep_store::ReportKeys {
        let set = sitrep_resolve::parts::key_set(report);
        sitrep_store::ReportKeys {
            filed: set.filed,
            lookup: set.lookup,
        }
    }

    fn connected(&self, a: &Record, b: &Record) -> bool {
        sitrep_resolve::parts::connected(a, b)
    }

    fn resolve(&self, reports: &[Record]) -> Vec<Record> {
        sitrep_resolve::resolve(reports)
    }
}

/// Resolves what the documents `doc_ids` (just stored) touch, and only
/// that: the events stay exactly those of a full resolution.
pub fn resolve_documents(
    store: &mut dyn Store,
    doc_ids: &[String],
) -> Result<sitrep_store::Resolution, Error> {
    Ok(store.resolve_documents(doc_ids, &PipelineResolver)?)
}

/// Re-derives every event from every stored report (republished copies
/// left out), writing only the events that changed (`sitrep resolve
/// --full`).
pub fn resolve_stored(store: &mut dyn Store) -> Result<sitrep_store::Resolution, Error> {
    Ok(store.resolve_all(&PipelineResolver)?)
}

/// Resolves reports extracted without storing them (`sitrep extract`).
pub fn resolve(reports: &[Record]) -> Vec<Record> {
    sitrep_resolve::resolve(reports)
}

//! The store stage's boundary: the [`Store`] trait every database behind
//! sitrep implements, the types that cross it, and the exports.
//!
//! The pipeline, the library and every front end talk to a `dyn Store`;
//! which database sits behind it (the embedded SQLite file of
//! `sitrep-store-sqlite`, PostgreSQL for a team) is chosen once, when it is
//! opened. A new store is its own crate that implements this trait and runs
//! the shared conformance suite ([`suite`], feature `suite`).
//!
//! # What a store keeps
//!
//! * **Documents** with their cleaned text (what evidence offsets point
//!   into), written with their reports in one transaction
//!   ([`Store::insert_document`]); a document already stored is left as it
//!   is, so re-ingesting changes nothing.
//! * **Near-duplicate links**: each document's MinHash [`Fingerprint`] and,
//!   for a republished copy, the canonical document it copies. The pipeline
//!   decides what is a copy (the fingerprint carries that decision as a
//!   function); the store only finds candidates by band and keeps the links,
//!   canonical = the smallest id of a group, so links do not depend on the
//!   order documents arrive in.
//! * **Reports** with their lookup keys, and the **events** resolved from
//!   them: incrementally, only the part of the stored reports a new
//!   document touches ([`Store::resolve_documents`]), or all at once
//!   ([`Store::resolve_all`], [`Store::replace_events`]); only events that
//!   change are written.
//! * **A change log**: every event created, updated, merged, split or
//!   withdrawn, with a monotonic sequence number ([`Store::changes`]).
//! * **Migrations**: a store brings its schema up to date when it is opened
//!   and refuses a schema newer than it knows ([`Store::schema_version`]).
//!
//! # Questions
//!
//! [`Store::events`] and [`Store::for_each_event`] (streamed, for exports)
//! take an [`EventFilter`]; [`Store::event`] finds one event by id or unique
//! prefix. Aggregates are queries of the store, never a scan of every event
//! in memory: [`Store::counts`], [`Store::event_stats`],
//! [`Store::timeline`].
//!
//! # Exports
//!
//! [`export()`] and the streaming [`Exporter`] write records as JSON Lines,
//! ACLED-like CSV or GeoJSON ([`ExportFormat`]).

#![warn(missing_docs)]

mod error;
pub mod export;
pub mod resolution;
#[cfg(any(test, feature = "suite"))]
pub mod suite;
#[cfg(any(test, feature = "suite"))]
pub mod testutil;
mod types;

pub use error::{ExportError, StoreError};
pub use export::{ExportFormat, Exporter, export};
pub use resolution::{Change, ChangeKind, ReportKeys, Resolution, Resolver};
pub use types::{
    Bucket, Counts, EventFilter, EventStats, Fingerprint, GroupBy, InsertOutcome, NewDocument,
    StoredDocument, Timeline,
};

use sitrep_core::Record;

/// Shortest id prefix [`Store::event`] resolves, so that `e_1` does not
/// silently pick one of thousands of events.
pub const MIN_PREFIX_CHARS: usize = 4;

/// A sitrep database: documents, reports, near-duplicate links and events.
///
/// Every method names the database in its errors ([`Store::name`]). Writes
/// are atomic: a failed [`insert_document`](Store::insert_document) or
/// [`replace_events`](Store::replace_events) leaves what was stored before.
pub trait Store: Send {
    /// How messages name this database: a file path, `:memory:`, or a URL
    /// without its password.
    fn name(&self) -> &str;

    /// The schema version the database is at (its number of applied
    /// migrations). Opening a store applies the missing ones.
    fn schema_version(&self) -> Result<u32, StoreError>;

    /// Whether a document with this id is stored.
    fn has_document(&self, id: &str) -> Result<bool, StoreError>;

    /// Stores a document, its cleaned text and all its reports in one
    /// transaction, and links it with the stored documents its fingerprint
    /// says it copies. A document already stored is left exactly as it is
    /// ([`InsertOutcome::AlreadyPresent`]).
    ///
    /// Every report must be a report of this document.
    fn insert_document(&mut self, new: &NewDocument<'_>) -> Result<InsertOutcome, StoreError>;

    /// A stored document, without its raw body.
    fn document(&self, id: &str) -> Result<Option<StoredDocument>, StoreError>;

    /// Documents recognised as republished copies of `id`, ordered by id.
    fn copies_of(&self, id: &str) -> Result<Vec<String>, StoreError>;

    /// Every stored report, ordered by id.
    fn reports(&self) -> Result<Vec<Record>, StoreError>;

    /// One stored report.
    fn report(&self, id: &str) -> Result<Option<Record>, StoreError>;

    /// The reports that count towards events, ordered by id: those of
    /// canonical documents, not of republished copies (which would count one
    /// article twice).
    fn reports_for_resolution(&self) -> Result<Vec<Record>, StoreError>;

    /// Replaces the whole event set in one transaction, returning whether it
    /// changed. Only events that differ are written (an unchanged set, in
    /// any order, writes nothing), and each change is logged. Every event's
    /// `report_ids` must name stored reports.
    fn replace_events(&mut self, events: &[Record]) -> Result<bool, StoreError>;

    /// Resolves what the documents `doc_ids` (just stored) touch: the stored
    /// reports connected to theirs or to those of their near-duplicate
    /// group ([`resolution::closure`]), in one transaction that reads and
    /// writes, so a concurrent ingest never sees or leaves a half state.
    /// The events are exactly those a full resolution would give.
    fn resolve_documents(
        &mut self,
        doc_ids: &[String],
        resolver: &dyn Resolver,
    ) -> Result<Resolution, StoreError>;

    /// Resolves every stored report again from scratch (`sitrep resolve
    /// --full`), in one transaction; also fills lookup keys that a database
    /// from an older version lacks.
    fn resolve_all(&mut self, resolver: &dyn Resolver) -> Result<Resolution, StoreError>;

    /// Change-log entries with a sequence number above `since`, oldest
    /// first, at most `limit`.
    fn changes(&self, since: u64, limit: usize) -> Result<Vec<Change>, StoreError>;

    /// Calls `each` with every event that passes `filter`, ordered by start
    /// date (unknown dates last), then id, without holding them all in
    /// memory. The first error `each` returns stops the walk and is returned.
    fn for_each_event(
        &self,
        filter: &EventFilter,
        each: &mut dyn FnMut(Record) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;

    /// The events that pass `filter`, in [`for_each_event`](Store::for_each_event)'s order.
    fn events(&self, filter: &EventFilter) -> Result<Vec<Record>, StoreError> {
        let mut out = Vec::new();
        self.for_each_event(filter, &mut |event| {
            out.push(event);
            Ok(())
        })?;
        Ok(out)
    }

    /// The event with this id, or else the only event whose id starts with
    /// `id` when `id` has at least [`MIN_PREFIX_CHARS`] characters (ids
    /// abbreviate like git commits). A prefix shared by several events is
    /// [`StoreError::AmbiguousId`].
    fn event(&self, id: &str) -> Result<Option<Record>, StoreError>;

    /// Row counts of the whole database.
    fn counts(&self) -> Result<Counts, StoreError>;

    /// Breakdowns of the events (and the number of tallies) that pass
    /// `filter`; `filter.include_tallies` is ignored (tallies are counted
    /// apart, never in the breakdowns).
    fn event_stats(&self, filter: &EventFilter) -> Result<EventStats, StoreError>;

    /// Events that pass `filter` counted per bucket of their start date and
    /// per group; undated events are counted apart.
    fn timeline(
        &self,
        filter: &EventFilter,
        bucket: Bucket,
        group: GroupBy,
    ) -> Result<Timeline, StoreError>;

    /// Whether any stored event has an actor whose name or kb id contains
    /// `needle` (case-insensitive): lets a front end say that an actor
    /// filter matches nothing known.
    fn has_actor(&self, needle: &str) -> Result<bool, StoreError>;

    /// A second, independent connection to the same database for reading
    /// while this one writes (the ingest reader checks which documents are
    /// stored already), or `None` when the store cannot have one (a private
    /// in-memory database).
    fn reader(&self) -> Result<Option<Box<dyn Store>>, StoreError> {
        Ok(None)
    }
}

/// The contract's string for a unit enum (`"html"`, `"at_least"`), taken
/// from its serde attributes so that it cannot drift from the JSON.
pub fn contract_str<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        // Only maps with non-string keys fail to serialize; callers pass
        // unit enums.
        Err(e) => unreachable!("contract enum failed to serialize: {e}"),
    }
}

//! The store stage: sitrep's embedded event database, and its exports.
//!
//! Ingest runs write each document, its cleaned text and the reports
//! extracted from it; the resolve stage reads all reports back and replaces
//! the event set it derives from them; queries and exports read events.
//!
//! # API
//!
//! * [`Store::open`] / [`Store::open_in_memory`] — open (creating parent
//!   directories and migrating the schema) with WAL, foreign keys and a
//!   busy timeout on.
//! * [`Store::insert_document`] — one transaction per document: the document
//!   row and all its report [`Record`](sitrep_core::Record)s, or nothing. A
//!   document already stored is left untouched
//!   ([`InsertOutcome::AlreadyPresent`]), so re-ingesting changes no byte.
//! * [`Store::reports`], [`Store::report`], [`Store::document`],
//!   [`Store::has_document`], [`Store::counts`] — reads.
//! * [`Store::replace_events`] — swaps in the resolved event set in one
//!   transaction, and only when its content hash differs from the stored one.
//! * [`Store::events`] with an [`EventFilter`] (date overlap, country, actor,
//!   event type, tallies), and [`Store::event`] (id or unique id prefix).
//! * [`export()`] — [`Record`](sitrep_core::Record)s as JSON Lines, ACLED-like
//!   CSV or GeoJSON ([`ExportFormat`]).
//!
//! Errors are [`StoreError`] (naming the database path) and [`ExportError`].
//!
//! # Schema (version 1)
//!
//! * `schema_migrations(version, applied_at)` — numbered migrations applied
//!   in order, each set inside one transaction; newer files are refused.
//! * `documents(id PK, source, format, title, url, published, text,
//!   ingested_at)` — `text` is the cleaned article text that evidence offsets
//!   point into; `ingested_at` is RFC 3339 UTC.
//! * `reports(id PK, doc_id → documents, json, event_type, sub_event_type,
//!   status, date_start, date_end, country, tally)`.
//! * `events(id PK, doc_id, json, event_type, sub_event_type, status,
//!   date_start, date_end, date_precision, country, lat, lon, tally)`.
//! * `event_reports(event_id → events, report_id → reports)` and
//!   `event_actors(event_id → events, name, kb_id, role)`.
//! * `meta(key PK, value)` — `events_sha256`, the hash of the event set.
//!
//! A record is stored whole as its contract JSON (`json`) and read back from
//! it; the other columns are copies of the fields that filters and ordering
//! use. Dates are `YYYY-MM-DD` text, which sorts chronologically.
//!
//! # Why rusqlite (bundled SQLite)
//!
//! The database is one file that a user can copy, back up or open with any
//! SQLite tool; there is no server to install or run. Bundling SQLite 3.5x
//! pins the engine version on every platform (`STRICT` tables, `sqlite_schema`,
//! FTS5 for full-text search of documents later). WAL lets a query read
//! while an ingest writes, and transactions give the all-or-nothing document
//! insert. rusqlite is the thin, synchronous, mature binding: the pipeline is
//! synchronous, so an async or ORM layer would only add weight.

mod error;
pub mod export;
mod schema;
mod store;

pub use error::{ExportError, StoreError};
pub use export::{ExportFormat, export};
pub use store::{Counts, DEFAULT_BUSY_TIMEOUT, EventFilter, InsertOutcome, Store, StoredDocument};

/// The contract's string for a unit enum (`"html"`, `"at_least"`), taken
/// from its serde attributes so that it cannot drift from the JSON.
pub(crate) fn contract_str<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        // Only maps with non-string keys fail to serialize; callers pass
        // unit enums.
        Err(e) => unreachable!("contract enum failed to serialize: {e}"),
    }
}

#[cfg(test)]
pub(crate) mod testutil;

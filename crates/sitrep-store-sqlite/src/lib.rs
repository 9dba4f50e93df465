//! The embedded store: sitrep's database as one SQLite file, implementing
//! [`sitrep_store::Store`].
//!
//! * [`SqliteStore::open`] / [`SqliteStore::open_in_memory`] open (creating
//!   parent directories and migrating the schema) with WAL, foreign keys and
//!   a busy timeout on; everything else is the [`Store`] trait.
//! * One transaction per document: the document row, all its reports and
//!   its near-duplicate links, or nothing.
//! * Aggregates (`counts`, `event_stats`, `timeline`) are SQL `GROUP BY`
//!   queries over indexed columns, never a parse of every stored event.
//!
//! # Schema (version 5)
//!
//! * `schema_migrations(version, applied_at)` — numbered migrations applied
//!   in order, each set inside one transaction; newer files are refused.
//! * `documents(id PK, source, format, title, url, published, text,
//!   ingested_at, minhash, duplicate_of, language)` — `text` is the cleaned
//!   article text that evidence offsets point into; `ingested_at` is RFC 3339
//!   UTC; `duplicate_of` names the canonical document of a republished copy.
//! * `document_bands(band, value, doc_id)` — MinHash LSH bands, for finding
//!   near-duplicate candidates with an index lookup.
//! * `reports(id PK, doc_id → documents, json, event_type, sub_event_type,
//!   status, date_start, date_end, country, tally)`.
//! * `events(id PK, doc_id, json, event_type, sub_event_type, status,
//!   date_start, date_end, date_precision, country, lat, lon, tally,
//!   location_precision, disputed)`.
//! * `event_reports(event_id → events, report_id → reports)` and
//!   `event_actors(event_id → events, name, kb_id, role)`.
//! * `report_keys(kind, key, report_id)` — each report's lookup keys
//!   (`filed`, `lookup`), for incremental resolution.
//! * `change_log(seq PK, at, kind, before, after, fields)` — every change
//!   to events.
//! * `meta(key PK, value)` — `keys_missing` while some reports lack keys.
//!
//! A record is stored whole as its contract JSON (`json`) and read back from
//! it; the other columns are copies of the fields that filters, ordering and
//! aggregates use. Dates are `YYYY-MM-DD` text, which sorts chronologically.
//!
//! # Why rusqlite (bundled SQLite)
//!
//! The database is one file that a user can copy, back up or open with any
//! SQLite tool; there is no server to install or run. Bundling SQLite 3.5x
//! pins the engine version on every platform (`STRICT` tables, `sqlite_schema`,
//! JSON functions, ISO-week `strftime`). WAL lets a query read while an
//! ingest writes, and transactions give the all-or-nothing document insert.
//! rusqlite is the thin, synchronous, mature binding: the pipeline is
//! synchronous, so an async or ORM layer would only add weight.

#![warn(missing_docs)]

mod aggregate;
mod documents;
mod events;
mod resolution;
mod schema;
#[cfg(test)]
mod tests;

use std::path::Path;
use std::time::Duration;

use chrono::{SecondsFormat, Utc};
use rusqlite::functions::FunctionFlags;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params_from_iter};
use sitrep_core::Record;
use sitrep_store::{
    Bucket, Change, Counts, EventFilter, EventStats, GroupBy, InsertOutcome, NewDocument,
    Resolution, Resolver, Store, StoreError, StoredDocument, Timeline,
};
use tracing::{debug, info, warn};

use crate::schema::MigrateError;

/// How long a statement waits for another process's lock before failing
/// with "database is locked". Ingest transactions are short, so a few
/// seconds covers a concurrent `sitrep` run without hanging a stuck one.
pub const DEFAULT_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The embedded sitrep database: one SQLite file, one connection.
#[derive(Debug)]
pub struct SqliteStore {
    conn: Connection,
    /// How errors name the database: the path as given, or `:memory:`.
    path: String,
    /// False for a private in-memory database, which no second connection
    /// can reach.
    on_disk: bool,
}

/// Wraps a SQLite error with the database path.
fn sql(path: &str) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
    move |error| StoreError::backend(path, error)
}

fn now_rfc3339() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The case fold both sides of a substring filter go through. Rust's
/// `to_lowercase` covers all of Unicode, unlike SQLite's ASCII-only lower().
fn fold(s: &str) -> String {
    s.to_lowercase()
}

/// A filter string, trimmed, with empty meaning "no filter".
fn given(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn parse_record(
    path: &str,
    what: &'static str,
    id: &str,
    json: &str,
) -> Result<Record, StoreError> {
    serde_json::from_str(json).map_err(|e| StoreError::Corrupt {
        path: path.to_owned(),
        what,
        id: id.to_owned(),
        reason: e.to_string(),
    })
}

fn to_json(path: &str, record: &Record) -> Result<String, StoreError> {
    serde_json::to_string(record).map_err(|e| StoreError::Invalid {
        path: path.to_owned(),
        reason: format!("record {} cannot be serialized: {e}", record.id),
    })
}

impl SqliteStore {
    /// Opens (or creates) the database at `path`, creating missing parent
    /// directories, and brings its schema up to date.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        let name = path.display().to_string();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|error| StoreError::CreateDir {
                path: name.clone(),
                dir: dir.display().to_string(),
                error,
            })?;
        }
        let conn = Connection::open(path).map_err(sql(&name))?;
        Self::setup(conn, name, true)
    }

    /// A private, empty database that lives as long as the store.
    pub fn open_in_memory() -> Result<SqliteStore, StoreError> {
        let name = ":memory:".to_owned();
        let conn = Connection::open_in_memory().map_err(sql(&name))?;
        Self::setup(conn, name, false)
    }

    fn setup(mut conn: Connection, path: String, on_disk: bool) -> Result<SqliteStore, StoreError> {
        let err = sql(&path);
        // Before anything else: the pragmas below may already need a lock.
        conn.busy_timeout(DEFAULT_BUSY_TIMEOUT).map_err(&err)?;
        // Off by default in SQLite, and per connection.
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(&err)?;
        if on_disk {
            // WAL: readers (a `sitrep query` while an ingest runs) never
            // block the writer, and a crash mid-write leaves the file intact.
            let mode: String = conn
                .pragma_update_and_check(None, "journal_mode", "wal", |row| row.get(0))
                .map_err(&err)?;
            if !mode.eq_ignore_ascii_case("wal") {
                // E.g. a filesystem without shared memory: still correct,
                // only less concurrent.
                warn!(path = %path, mode = %mode, "WAL journal unavailable");
            }
            // With WAL, NORMAL only risks the last commits on power loss,
            // never corruption, and saves an fsync per transaction.
            conn.pragma_update(None, "synchronous", "NORMAL")
                .map_err(&err)?;
        }
        conn.create_scalar_function(
            "sitrep_fold",
            1,
            FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
            |ctx| Ok(ctx.get::<Option<String>>(0)?.map(|s| fold(&s))),
        )
        .map_err(&err)?;
        let applied = schema::migrate(&mut conn, schema::MIGRATIONS, &now_rfc3339()).map_err(
            |e| match e {
                MigrateError::TooNew { found, supported } => StoreError::SchemaTooNew {
                    path: path.clone(),
                    found,
                    supported,
                },
                MigrateError::Foreign(reason) => StoreError::Foreign {
                    path: path.clone(),
                    reason,
                },
                MigrateError::Sqlite(error) => StoreError::backend(path.clone(), error),
            },
        )?;
        if applied.is_empty() {
            debug!(path = %path, "database opened");
        } else {
            info!(path = %path, versions = ?applied, "database schema migrated");
        }
        drop(err);
        Ok(SqliteStore {
            conn,
            path,
            on_disk,
        })
    }

    /// The database path as given to [`SqliteStore::open`], or `:memory:`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Changes how long a statement waits on another process's lock
    /// (default [`DEFAULT_BUSY_TIMEOUT`]); zero fails at once.
    pub fn set_busy_timeout(&self, timeout: Duration) -> Result<(), StoreError> {
        self.conn.busy_timeout(timeout).map_err(sql(&self.path))
    }

    /// `table` is one of our own table names, never user input.
    fn record_by_id(
        &self,
        table: &str,
        id: &str,
        what: &'static str,
    ) -> Result<Option<Record>, StoreError> {
        let json: Option<String> = self
            .conn
            .prepare_cached(&format!("SELECT json FROM {table} WHERE id = ?1"))
            .and_then(|mut stmt| stmt.query_row([id], |row| row.get(0)).optional())
            .map_err(sql(&self.path))?;
        json.map(|json| parse_record(&self.path, what, id, &json))
            .transpose()
    }

    /// Runs a query whose columns are `id, json` and parses every record.
    fn records(
        &self,
        query: &str,
        args: &[Value],
        what: &'static str,
    ) -> Result<Vec<Record>, StoreError> {
        let mut out = Vec::new();
        self.each_record(query, args, what, &mut |record| {
            out.push(record);
            Ok(())
        })?;
        Ok(out)
    }

    /// Runs a query whose columns are `id, json` and hands each parsed
    /// record to `each`, one row at a time.
    fn each_record(
        &self,
        query: &str,
        args: &[Value],
        what: &'static str,
        each: &mut dyn FnMut(Record) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let err = sql(&self.path);
        let mut stmt = self.conn.prepare_cached(query).map_err(&err)?;
        let mut rows = stmt.query(params_from_iter(args)).map_err(&err)?;
        while let Some(row) = rows.next().map_err(&err)? {
            let id: String = row.get(0).map_err(&err)?;
            let json: String = row.get(1).map_err(&err)?;
            each(parse_record(&self.path, what, &id, &json)?)?;
        }
        Ok(())
    }
}

impl Store for SqliteStore {
    fn name(&self) -> &str {
        &self.path
    }

    fn schema_version(&self) -> Result<u32, StoreError> {
        schema::current_version(&self.conn)
            .map(|v| v as u32)
            .map_err(|e| match e {
                MigrateError::Sqlite(error) => StoreError::backend(self.path.clone(), error),
                other => StoreError::Foreign {
                    path: self.path.clone(),
                    reason: format!("{other:?}"),
                },
            })
    }

    fn has_document(&self, id: &str) -> Result<bool, StoreError> {
        self.conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM documents WHERE id = ?1)")
            .and_then(|mut stmt| stmt.query_row([id], |row| row.get(0)))
            .map_err(sql(&self.path))
    }

    fn insert_document(&mut self, new: &NewDocument<'_>) -> Result<InsertOutcome, StoreError> {
        documents::insert(self, new)
    }

    fn document(&self, id: &str) -> Result<Option<StoredDocument>, StoreError> {
        documents::get(self, id)
    }

    fn copies_of(&self, id: &str) -> Result<Vec<String>, StoreError> {
        documents::copies_of(self, id)
    }

    fn reports(&self) -> Result<Vec<Record>, StoreError> {
        self.records("SELECT id, json FROM reports ORDER BY id", &[], "report")
    }

    fn report(&self, id: &str) -> Result<Option<Record>, StoreError> {
        self.record_by_id("reports", id, "report")
    }

    fn reports_for_resolution(&self) -> Result<Vec<Record>, StoreError> {
        self.records(
            "SELECT r.id, r.json FROM reports r JOIN documents d ON d.id = r.doc_id
             WHERE d.duplicate_of IS NULL ORDER BY r.id",
            &[],
            "report",
        )
    }

    fn replace_events(&mut self, events: &[Record]) -> Result<bool, StoreError> {
        resolution::replace(self, events)
    }

    fn resolve_documents(
        &mut self,
        doc_ids: &[String],
        resolver: &dyn Resolver,
    ) -> Result<Resolution, StoreError> {
        resolution::resolve_documents(self, doc_ids, resolver)
    }

    fn resolve_all(&mut self, resolver: &dyn Resolver) -> Result<Resolution, StoreError> {
        resolution::resolve_all(self, resolver)
    }

    fn changes(&self, since: u64, limit: usize) -> Result<Vec<Change>, StoreError> {
        resolution::changes(self, since, limit)
    }

    fn for_each_event(
        &self,
        filter: &EventFilter,
        each: &mut dyn FnMut(Record) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        events::for_each(self, filter, each)
    }

    fn event(&self, id: &str) -> Result<Option<Record>, StoreError> {
        events::by_id_or_prefix(self, id)
    }

    fn counts(&self) -> Result<Counts, StoreError> {
        aggregate::counts(self)
    }

    fn event_stats(&self, filter: &EventFilter) -> Result<EventStats, StoreError> {
        aggregate::event_stats(self, filter)
    }

    fn timeline(
        &self,
        filter: &EventFilter,
        bucket: Bucket,
        group: GroupBy,
    ) -> Result<Timeline, StoreError> {
        aggregate::timeline(self, filter, bucket, group)
    }

    fn has_actor(&self, needle: &str) -> Result<bool, StoreError> {
        aggregate::has_actor(self, needle)
    }

    fn reader(&self) -> Result<Option<Box<dyn Store>>, StoreError> {
        if !self.on_disk {
            return Ok(None);
        }
        Ok(Some(Box::new(SqliteStore::open(Path::new(&self.path))?)))
    }
}

//! [`Store`]: the SQLite database of documents, reports and events.

use std::path::Path;
use std::time::Duration;

use chrono::{NaiveDate, SecondsFormat, Utc};
use rusqlite::functions::FunctionFlags;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params, params_from_iter};
use sha2::{Digest, Sha256};
use sitrep_core::{Article, Document, Record, RecordKind, SourceFormat};
use tracing::{debug, info, warn};

use crate::contract_str;
use crate::error::StoreError;
use crate::schema::{self, MigrateError};

/// How long a statement waits for another process's lock before failing
/// with "database is locked". Ingest transactions are short, so a few
/// seconds covers a concurrent `sitrep` run without hanging a stuck one.
pub const DEFAULT_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The `meta` key holding the SHA-256 of the current event set.
const EVENTS_HASH_KEY: &str = "events_sha256";

/// Shortest id prefix [`Store::event`] resolves, so that `e_1` does not
/// silently pick one of thousands of events.
const MIN_PREFIX_CHARS: usize = 4;

/// Whether [`Store::insert_document`] wrote anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InsertOutcome {
    Inserted,
    /// The document id was stored already; nothing was changed.
    AlreadyPresent,
}

/// A document as stored: its metadata and cleaned text (what evidence
/// offsets point into), not the raw body.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDocument {
    pub id: String,
    pub source: String,
    pub format: SourceFormat,
    pub title: Option<String>,
    pub url: Option<String>,
    pub published: Option<NaiveDate>,
    /// Cleaned article text.
    pub text: String,
    /// When it was first stored, RFC 3339 UTC (`2026-03-01T12:00:00Z`).
    pub ingested_at: String,
    /// The canonical document this one is a republished copy of, if any.
    pub duplicate_of: Option<String>,
    /// ISO 639-1 code of the language `clean` detected, if it was sure.
    pub language: Option<String>,
}

/// Row counts, for `sitrep status` and tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub documents: u64,
    pub reports: u64,
    pub events: u64,
    /// Documents recognised as republished copies of another.
    pub duplicates: u64,
}

/// Which events [`Store::events`] returns. Every condition given must hold.
/// Strings are trimmed; an empty one is treated as not given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventFilter {
    /// Keep events whose date range ends on or after this day. With `since`
    /// or `until` set, events of unknown date are left out.
    pub since: Option<NaiveDate>,
    /// Keep events whose date range starts on or before this day.
    pub until: Option<NaiveDate>,
    /// ISO 3166-1 alpha-2 of `location.country`, any case.
    pub country: Option<String>,
    /// Case-insensitive substring of any actor's name or kb id.
    pub actor: Option<String>,
    /// Case-insensitive substring of the event type or sub-event type.
    pub event_type: Option<String>,
    /// Also return tallies ("more than 180 attacks since …"), which are
    /// aggregates, not events, and are left out by default.
    pub include_tallies: bool,
}

/// The sitrep database. One `Store` is one SQLite connection.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    /// How errors name the database: the path as given, or `:memory:`.
    path: String,
}

/// Wraps a SQLite error with the database path.
fn sql(path: &str) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
    move |error| StoreError::Sqlite {
        path: path.to_owned(),
        error,
    }
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

/// SHA-256 over the event set, independent of the order events are given in
/// (`rows` must be sorted by id).
fn events_hash(rows: &[(&Record, String)]) -> String {
    let mut hasher = Sha256::new();
    for (_, json) in rows {
        hasher.update(json.as_bytes());
        hasher.update(b"\n");
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Store {
    /// Opens (or creates) the database at `path`, creating missing parent
    /// directories, and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
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

    /// A private, empty database that lives as long as the `Store`.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let name = ":memory:".to_owned();
        let conn = Connection::open_in_memory().map_err(sql(&name))?;
        Self::setup(conn, name, false)
    }

    fn setup(mut conn: Connection, path: String, on_disk: bool) -> Result<Store, StoreError> {
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
                MigrateError::Sqlite(error) => StoreError::Sqlite {
                    path: path.clone(),
                    error,
                },
            },
        )?;
        if applied.is_empty() {
            debug!(path = %path, "database opened");
        } else {
            info!(path = %path, versions = ?applied, "database schema migrated");
        }
        drop(err);
        Ok(Store { conn, path })
    }

    /// The database path as given to [`Store::open`], or `:memory:`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Changes how long a statement waits on another process's lock
    /// (default [`DEFAULT_BUSY_TIMEOUT`]); zero fails at once.
    pub fn set_busy_timeout(&self, timeout: Duration) -> Result<(), StoreError> {
        self.conn.busy_timeout(timeout).map_err(sql(&self.path))
    }

    pub fn has_document(&self, id: &str) -> Result<bool, StoreError> {
        self.conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM documents WHERE id = ?1)")
            .and_then(|mut stmt| stmt.query_row([id], |row| row.get(0)))
            .map_err(sql(&self.path))
    }

    /// Stores a document (with the cleaned text of `article`) and all its
    /// reports in one transaction: either everything is written or nothing.
    ///
    /// Documents are identified by content, so a document already stored is
    /// left exactly as it is (timestamps included) and
    /// [`InsertOutcome::AlreadyPresent`] is returned; re-ingesting a corpus
    /// is therefore free and changes nothing.
    ///
    /// Every report must be a [`RecordKind::Report`] of this document.
    pub fn insert_document(
        &mut self,
        doc: &Document,
        article: &Article,
        reports: &[Record],
    ) -> Result<InsertOutcome, StoreError> {
        let path = &self.path;
        let invalid = |reason: String| StoreError::Invalid {
            path: path.clone(),
            reason,
        };
        if article.doc_id != doc.id {
            return Err(invalid(format!(
                "article of {} given with document {}",
                article.doc_id, doc.id
            )));
        }
        // Serialize first: nothing that can fail this way should run while
        // the write lock is held.
        let mut rows = Vec::with_capacity(reports.len());
        for report in reports {
            if report.record != RecordKind::Report {
                return Err(invalid(format!("{} is not a report", report.id)));
            }
            if report.doc_id != doc.id {
                return Err(invalid(format!(
                    "report {} belongs to {}, not to {}",
                    report.id, report.doc_id, doc.id
                )));
            }
            rows.push((report, to_json(path, report)?));
        }

        let err = sql(path);
        // IMMEDIATE: take the write lock before the existence check, so a
        // concurrent ingest of the same document cannot slip in between.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(&err)?;
        let exists: bool = tx
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM documents WHERE id = ?1)",
                [&doc.id],
                |row| row.get(0),
            )
            .map_err(&err)?;
        if exists {
            // Dropping `tx` rolls back a transaction that wrote nothing.
            debug!(path = %path, doc_id = %doc.id, "document already stored");
            return Ok(InsertOutcome::AlreadyPresent);
        }
        tx.execute(
            "INSERT INTO documents (id, source, format, title, url, published, text, ingested_at, language)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                doc.id,
                doc.source,
                contract_str(&doc.format),
                // `clean` may find a title or date in the page that the
                // source's metadata lacked; prefer what it settled on.
                article.title.as_ref().or(doc.title.as_ref()),
                doc.url,
                article.published.or(doc.published).map(|d| d.to_string()),
                article.text,
                now_rfc3339(),
                article.language,
            ],
        )
        .map_err(&err)?;
        {
            let mut stmt = tx
                .prepare_cached(
                    "INSERT INTO reports (id, doc_id, json, event_type, sub_event_type, status,
                                          date_start, date_end, country, tally)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                )
                .map_err(&err)?;
            for (r, json) in &rows {
                stmt.execute(params![
                    r.id,
                    r.doc_id,
                    json,
                    r.event_type,
                    r.sub_event_type,
                    contract_str(&r.status),
                    r.date.start.map(|d| d.to_string()),
                    r.date.end.map(|d| d.to_string()),
                    r.location.country,
                    r.tally,
                ])
                .map_err(&err)?;
            }
        }
        link_near_duplicates(&tx, &doc.id, &article.text).map_err(&err)?;
        tx.commit().map_err(&err)?;
        debug!(path = %path, doc_id = %doc.id, reports = rows.len(), "document stored");
        Ok(InsertOutcome::Inserted)
    }

    /// Every stored report, ordered by id.
    pub fn reports(&self) -> Result<Vec<Record>, StoreError> {
        self.records("SELECT id, json FROM reports ORDER BY id", &[], "report")
    }

    /// The reports that count towards events: those of canonical documents,
    /// not of republished copies (which would count one article twice).
    pub fn reports_for_resolution(&self) -> Result<Vec<Record>, StoreError> {
        self.records(
            "SELECT r.id, r.json FROM reports r JOIN documents d ON d.id = r.doc_id
             WHERE d.duplicate_of IS NULL ORDER BY r.id",
            &[],
            "report",
        )
    }

    /// Documents recognised as copies of `id`, ordered by id.
    pub fn copies_of(&self, id: &str) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM documents WHERE duplicate_of = ?1 ORDER BY id")
            .map_err(sql(&self.path))?;
        let rows = stmt
            .query_map([id], |row| row.get::<_, String>(0))
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(sql(&self.path))?;
        Ok(rows)
    }

    /// Replaces the whole event set (events are derived from all reports by
    /// the resolve stage) in one transaction, returning whether it changed.
    ///
    /// The SHA-256 of the set (order-independent) is kept in `meta`; when it
    /// matches, nothing is written, so re-running resolve over an unchanged
    /// corpus leaves the file untouched. Every event's `report_ids` must name
    /// stored reports.
    pub fn replace_events(&mut self, events: &[Record]) -> Result<bool, StoreError> {
        let path = &self.path;
        let invalid = |reason: String| StoreError::Invalid {
            path: path.clone(),
            reason,
        };
        let mut rows = Vec::with_capacity(events.len());
        for event in events {
            if event.record != RecordKind::Event {
                return Err(invalid(format!("{} is not an event", event.id)));
            }
            rows.push((event, to_json(path, event)?));
        }
        rows.sort_by(|a, b| a.0.id.cmp(&b.0.id));
        if let Some(pair) = rows.windows(2).find(|w| w[0].0.id == w[1].0.id) {
            return Err(invalid(format!("event id {} given twice", pair[0].0.id)));
        }
        let hash = events_hash(&rows);

        let err = sql(path);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(&err)?;
        let stored: Option<String> = tx
            .query_row(
                "SELECT value FROM meta WHERE key = ?1",
                [EVENTS_HASH_KEY],
                |row| row.get(0),
            )
            .optional()
            .map_err(&err)?;
        // A fresh database has no hash and no events: the empty set's hash.
        let stored = stored.unwrap_or_else(|| events_hash(&[]));
        if stored == hash {
            debug!(path = %path, events = rows.len(), "events unchanged");
            return Ok(false);
        }
        // Children first, so the cascade has nothing left to do.
        tx.execute_batch(
            "DELETE FROM event_actors; DELETE FROM event_reports; DELETE FROM events;",
        )
        .map_err(&err)?;
        {
            let mut insert_event = tx
                .prepare_cached(
                    "INSERT INTO events (id, doc_id, json, event_type, sub_event_type, status,
                                         date_start, date_end, date_precision, country, lat, lon,
                                         tally)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                )
                .map_err(&err)?;
            let mut report_exists = tx
                .prepare_cached("SELECT EXISTS (SELECT 1 FROM reports WHERE id = ?1)")
                .map_err(&err)?;
            // OR IGNORE: the links are a set; a report listed twice is one link.
            let mut insert_link = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO event_reports (event_id, report_id) VALUES (?1, ?2)",
                )
                .map_err(&err)?;
            let mut insert_actor = tx
                .prepare_cached(
                    "INSERT INTO event_actors (event_id, name, kb_id, role)
                     VALUES (?1, ?2, ?3, ?4)",
                )
                .map_err(&err)?;
            for (e, json) in &rows {
                insert_event
                    .execute(params![
                        e.id,
                        e.doc_id,
                        json,
                        e.event_type,
                        e.sub_event_type,
                        contract_str(&e.status),
                        e.date.start.map(|d| d.to_string()),
                        e.date.end.map(|d| d.to_string()),
                        contract_str(&e.date.precision),
                        e.location.country,
                        e.location.lat,
                        e.location.lon,
                        e.tally,
                    ])
                    .map_err(&err)?;
                for report_id in &e.report_ids {
                    // The foreign key would catch this too, but not say which.
                    let exists: bool = report_exists
                        .query_row([report_id], |row| row.get(0))
                        .map_err(&err)?;
                    if !exists {
                        return Err(invalid(format!(
                            "event {} names unknown report {report_id}",
                            e.id
                        )));
                    }
                    insert_link.execute([&e.id, report_id]).map_err(&err)?;
                }
                for actor in &e.actors {
                    insert_actor
                        .execute(params![
                            e.id,
                            actor.name,
                            actor.kb_id,
                            contract_str(&actor.role)
                        ])
                        .map_err(&err)?;
                }
            }
        }
        tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [EVENTS_HASH_KEY, hash.as_str()],
        )
        .map_err(&err)?;
        tx.commit().map_err(&err)?;
        info!(path = %path, events = rows.len(), "events replaced");
        Ok(true)
    }

    /// The events that pass `filter`, ordered by start date (unknown dates
    /// last), then id.
    pub fn events(&self, filter: &EventFilter) -> Result<Vec<Record>, StoreError> {
        let mut sql = String::from("SELECT e.id, e.json FROM events e WHERE 1 = 1");
        let mut args: Vec<Value> = Vec::new();
        if !filter.include_tallies {
            sql.push_str(" AND e.tally = 0");
        }
        if filter.since.is_some() || filter.until.is_some() {
            sql.push_str(" AND e.date_start IS NOT NULL");
        }
        // ISO dates compare correctly as text. An event overlaps
        // [since, until] when it ends no earlier than `since` and starts no
        // later than `until`; a missing end means a one-day event.
        if let Some(since) = filter.since {
            sql.push_str(" AND coalesce(e.date_end, e.date_start) >= ?");
            args.push(Value::Text(since.to_string()));
        }
        if let Some(until) = filter.until {
            sql.push_str(" AND e.date_start <= ?");
            args.push(Value::Text(until.to_string()));
        }
        if let Some(country) = given(&filter.country) {
            sql.push_str(" AND e.country = ? COLLATE NOCASE");
            args.push(Value::Text(country.to_owned()));
        }
        if let Some(actor) = given(&filter.actor) {
            sql.push_str(
                " AND EXISTS (SELECT 1 FROM event_actors a WHERE a.event_id = e.id
                   AND (instr(sitrep_fold(a.name), ?) > 0
                        OR instr(sitrep_fold(a.kb_id), ?) > 0))",
            );
            args.push(Value::Text(fold(actor)));
            args.push(Value::Text(fold(actor)));
        }
        if let Some(event_type) = given(&filter.event_type) {
            sql.push_str(
                " AND (instr(sitrep_fold(e.event_type), ?) > 0
                       OR instr(sitrep_fold(e.sub_event_type), ?) > 0)",
            );
            args.push(Value::Text(fold(event_type)));
            args.push(Value::Text(fold(event_type)));
        }
        sql.push_str(" ORDER BY e.date_start IS NULL, e.date_start, e.id");
        self.records(&sql, &args, "event")
    }

    /// The event with this id, or else the only event whose id starts with
    /// `id` when `id` has at least 4 characters (so ids can be abbreviated
    /// like git commits). A prefix shared by several events is an error.
    pub fn event(&self, id: &str) -> Result<Option<Record>, StoreError> {
        if let Some(event) = self.record_by_id("events", id, "event")? {
            return Ok(Some(event));
        }
        if id.chars().count() < MIN_PREFIX_CHARS {
            return Ok(None);
        }
        // [id, id + U+10FFFF) holds exactly the ids starting with `id` (bar
        // ids containing U+10FFFF itself), and lets SQLite seek the index.
        let upper = format!("{id}{}", char::MAX);
        let found = self.records(
            "SELECT id, json FROM events WHERE id >= ?1 AND id < ?2 ORDER BY id LIMIT 2",
            &[Value::Text(id.to_owned()), Value::Text(upper)],
            "event",
        )?;
        match <[Record; 1]>::try_from(found) {
            Ok([event]) => Ok(Some(event)),
            Err(found) if found.is_empty() => Ok(None),
            Err(_) => Err(StoreError::AmbiguousId {
                path: self.path.clone(),
                prefix: id.to_owned(),
            }),
        }
    }

    pub fn report(&self, id: &str) -> Result<Option<Record>, StoreError> {
        self.record_by_id("reports", id, "report")
    }

    pub fn document(&self, id: &str) -> Result<Option<StoredDocument>, StoreError> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT id, source, format, title, url, published, text, ingested_at, duplicate_of, language
                 FROM documents WHERE id = ?1",
            )
            .and_then(|mut stmt| {
                stmt.query_row([id], |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, String>(2)?,
                        row.get::<_, Option<String>>(3)?,
                        row.get::<_, Option<String>>(4)?,
                        row.get::<_, Option<String>>(5)?,
                        row.get::<_, String>(6)?,
                        row.get::<_, String>(7)?,
                        row.get::<_, Option<String>>(8)?,
                        row.get::<_, Option<String>>(9)?,
                    ))
                })
                .optional()
            })
            .map_err(sql(&self.path))?;
        let Some((
            id,
            source,
            format,
            title,
            url,
            published,
            text,
            ingested_at,
            duplicate_of,
            language,
        )) = row
        else {
            return Ok(None);
        };
        let corrupt = |reason: String| StoreError::Corrupt {
            path: self.path.clone(),
            what: "document",
            id: id.clone(),
            reason,
        };
        let format: SourceFormat = serde_json::from_value(serde_json::Value::String(format))
            .map_err(|e| corrupt(format!("format: {e}")))?;
        let published = published
            .map(|p| p.parse::<NaiveDate>())
            .transpose()
            .map_err(|e| corrupt(format!("published: {e}")))?;
        Ok(Some(StoredDocument {
            id,
            source,
            format,
            title,
            url,
            published,
            text,
            ingested_at,
            duplicate_of,
            language,
        }))
    }

    pub fn counts(&self) -> Result<Counts, StoreError> {
        self.conn
            .query_row(
                "SELECT (SELECT count(*) FROM documents),
                        (SELECT count(*) FROM reports),
                        (SELECT count(*) FROM events),
                        (SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL)",
                [],
                |row| {
                    // count(*) is never negative; u64 is not FromSql without
                    // rusqlite's `fallible_uint`.
                    let count = |i| row.get::<_, i64>(i).map(|n| n as u64);
                    Ok(Counts {
                        documents: count(0)?,
                        reports: count(1)?,
                        events: count(2)?,
                        duplicates: count(3)?,
                    })
                },
            )
            .map_err(sql(&self.path))
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
        let err = sql(&self.path);
        let mut stmt = self.conn.prepare_cached(query).map_err(&err)?;
        let rows = stmt
            .query_map(params_from_iter(args), |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
            })
            .map_err(&err)?;
        let mut out = Vec::new();
        for row in rows {
            let (id, json) = row.map_err(&err)?;
            out.push(parse_record(&self.path, what, &id, &json)?);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil;
    use sitrep_core::{ActorKind, ActorRole, DateInfo, DatePrecision};

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Every row of every table (schema included), as text, in a stable
    /// order: two equal dumps mean an unchanged database.
    fn dump(store: &Store) -> Vec<String> {
        let conn = &store.conn;
        let mut out = Vec::new();
        let mut tables = conn
            .prepare("SELECT name, sql FROM sqlite_schema ORDER BY type, name")
            .unwrap();
        let schema: Vec<(String, Option<String>)> = tables
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for (name, sql) in &schema {
            out.push(format!("schema {name}: {sql:?}"));
            if !sql.as_deref().unwrap_or("").starts_with("CREATE TABLE") {
                continue;
            }
            let mut rows = conn.prepare(&format!("SELECT * FROM \"{name}\"")).unwrap();
            let width = rows.column_count();
            let mut cursor = rows.query([]).unwrap();
            while let Some(row) = cursor.next().unwrap() {
                let cells: Vec<Value> = (0..width).map(|i| row.get(i).unwrap()).collect();
                out.push(format!("{name}: {cells:?}"));
            }
        }
        out
    }

    fn stored_doc(store: &mut Store, body: &str, reports: usize) -> (Document, Vec<Record>) {
        let (doc, article) = testutil::document(body);
        let reports: Vec<Record> = (0..reports).map(|n| testutil::report(&doc, n)).collect();
        let outcome = store.insert_document(&doc, &article, &reports).unwrap();
        assert_eq!(outcome, InsertOutcome::Inserted);
        (doc, reports)
    }

    fn sorted(mut records: Vec<Record>) -> Vec<Record> {
        records.sort_by(|a, b| a.id.cmp(&b.id));
        records
    }

    #[test]
    fn open_creates_directories_and_sets_up_the_connection() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/sitrep.db");
        let store = Store::open(&path).unwrap();
        assert!(path.exists());
        assert_eq!(store.path(), path.display().to_string());
        let pragma = |name: &str| -> String {
            store
                .conn
                .query_row(&format!("PRAGMA {name}"), [], |row| row.get::<_, Value>(0))
                .map(|v| match v {
                    Value::Text(s) => s,
                    Value::Integer(i) => i.to_string(),
                    other => format!("{other:?}"),
                })
                .unwrap()
        };
        assert_eq!(pragma("journal_mode"), "wal");
        assert_eq!(pragma("foreign_keys"), "1");
        assert_eq!(pragma("busy_timeout"), "5000");
        assert_eq!(store.counts().unwrap(), Counts::default());
        // Reopening an up-to-date file works and migrates nothing.
        drop(store);
        let store = Store::open(&path).unwrap();
        let versions: i64 = store
            .conn
            .query_row("SELECT count(*) FROM schema_migrations", [], |row| {
                row.get(0)
            })
            .unwrap();
        assert_eq!(versions, schema::MIGRATIONS.len() as i64);
    }

    #[test]
    fn document_and_reports_read_back_as_given() {
        let mut store = Store::open_in_memory().unwrap();
        let (doc, article) = testutil::document("body one");
        let reports: Vec<Record> = (0..3).map(|n| testutil::report(&doc, n)).collect();
        assert!(!store.has_document(&doc.id).unwrap());
        assert_eq!(
            store.insert_document(&doc, &article, &reports).unwrap(),
            InsertOutcome::Inserted
        );
        assert!(store.has_document(&doc.id).unwrap());
        assert_eq!(store.reports().unwrap(), sorted(reports.clone()));
        assert_eq!(
            store.report(&reports[1].id).unwrap().as_ref(),
            Some(&reports[1])
        );
        assert_eq!(store.report("r_missing").unwrap(), None);

        let stored = store.document(&doc.id).unwrap().unwrap();
        assert_eq!(stored.id, doc.id);
        assert_eq!(stored.source, "reports/alasad.html");
        assert_eq!(stored.format, SourceFormat::Html);
        // What clean settled on wins over the source's metadata.
        assert_eq!(stored.title.as_deref(), Some("Missiles hit Ain al-Asad"));
        assert_eq!(stored.published, Some(day("2020-01-09")));
        assert_eq!(stored.url, doc.url);
        assert_eq!(stored.text, article.text);
        let at = chrono::DateTime::parse_from_rfc3339(&stored.ingested_at).unwrap();
        assert_eq!(at.offset().local_minus_utc(), 0);
        assert!(stored.ingested_at.ends_with('Z'), "{}", stored.ingested_at);
        assert_eq!(store.document("d_missing").unwrap(), None);

        assert_eq!(
            store.counts().unwrap(),
            Counts {
                documents: 1,
                reports: 3,
                events: 0,
                duplicates: 0
            }
        );
    }

    #[test]
    fn document_metadata_falls_back_to_the_source() {
        let mut store = Store::open_in_memory().unwrap();
        let (doc, mut article) = testutil::document("body");
        article.title = None;
        article.published = None;
        store.insert_document(&doc, &article, &[]).unwrap();
        let stored = store.document(&doc.id).unwrap().unwrap();
        assert_eq!(stored.title.as_deref(), Some("Metadata title"));
        assert_eq!(stored.published, Some(day("2020-01-08")));
    }

    #[test]
    fn reinserting_a_document_changes_nothing() {
        let mut store = Store::open_in_memory().unwrap();
        let (doc, _) = stored_doc(&mut store, "body one", 2);
        stored_doc(&mut store, "body two", 1);
        let before = dump(&store);
        let (_, article) = testutil::document("body one");
        // Even with different reports: the stored document is final.
        let other = vec![testutil::report(&doc, 7)];
        assert_eq!(
            store.insert_document(&doc, &article, &other).unwrap(),
            InsertOutcome::AlreadyPresent
        );
        assert_eq!(dump(&store), before);
        assert!(before.iter().any(|row| row.starts_with("documents: ")));
    }

    #[test]
    fn reingest_and_re_resolve_leave_the_file_bytes_identical() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sitrep.db");
        let ingest = |store: &mut Store| -> (InsertOutcome, bool) {
            let (doc, article) = testutil::document("body one");
            let reports = vec![testutil::report(&doc, 0), testutil::report(&doc, 1)];
            let outcome = store.insert_document(&doc, &article, &reports).unwrap();
            let ids: Vec<&str> = reports.iter().map(|r| r.id.as_str()).collect();
            let changed = store
                .replace_events(&[testutil::event("e_1", &ids)])
                .unwrap();
            (outcome, changed)
        };
        let mut store = Store::open(&path).unwrap();
        assert_eq!(ingest(&mut store), (InsertOutcome::Inserted, true));
        // Closing the last connection checkpoints the WAL into the file.
        drop(store);
        let wal = dir.path().join("sitrep.db-wal");
        assert!(!wal.exists());
        let before = std::fs::read(&path).unwrap();

        let mut store = Store::open(&path).unwrap();
        assert_eq!(ingest(&mut store), (InsertOutcome::AlreadyPresent, false));
        drop(store);
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn a_failing_report_rolls_back_the_whole_document() {
        let mut store = Store::open_in_memory().unwrap();
        let (doc, article) = testutil::document("body one");
        let report = testutil::report(&doc, 0);
        // The document row and the first report are written before the
        // duplicate id fails.
        let err = store
            .insert_document(&doc, &article, &[report.clone(), report])
            .unwrap_err();
        assert!(
            err.to_string()
                .starts_with(":memory:: UNIQUE constraint failed: reports.id"),
            "{err}"
        );
        assert!(!store.has_document(&doc.id).unwrap());
        assert_eq!(store.counts().unwrap(), Counts::default());
        // The failed attempt leaves nothing that blocks a correct one.
        let reports = [testutil::report(&doc, 0)];
        store.insert_document(&doc, &article, &reports).unwrap();
        assert_eq!(store.counts().unwrap().reports, 1);
    }

    #[test]
    fn a_report_id_taken_by_another_document_rolls_back() {
        let mut store = Store::open_in_memory().unwrap();
        let (first, first_reports) = stored_doc(&mut store, "body one", 1);
        let before = dump(&store);
        let (doc, article) = testutil::document("body two");
        let mut clash = testutil::report(&doc, 0);
        clash.id = first_reports[0].id.clone();
        let err = store.insert_document(&doc, &article, &[clash]).unwrap_err();
        assert!(matches!(err, StoreError::Sqlite { .. }), "{err}");
        assert!(!store.has_document(&doc.id).unwrap());
        assert!(store.has_document(&first.id).unwrap());
        assert_eq!(dump(&store), before);
    }

    #[test]
    fn inconsistent_input_is_refused_before_writing() {
        let mut store = Store::open_in_memory().unwrap();
        let (doc, article) = testutil::document("body one");
        let (other, other_article) = testutil::document("body two");

        let foreign = testutil::report(&other, 0);
        let err = store
            .insert_document(&doc, &article, &[foreign])
            .unwrap_err();
        assert!(err.to_string().contains("belongs to"), "{err}");

        let event = testutil::event("e_1", &[]);
        let err = store.insert_document(&doc, &article, &[event]).unwrap_err();
        assert_eq!(err.to_string(), ":memory:: e_1 is not a report");

        let err = store
            .insert_document(&doc, &other_article, &[])
            .unwrap_err();
        assert!(err.to_string().contains("article of"), "{err}");

        let report = testutil::report(&doc, 0);
        let err = store.replace_events(&[report]).unwrap_err();
        assert!(err.to_string().ends_with("is not an event"), "{err}");
        assert_eq!(store.counts().unwrap(), Counts::default());
    }

    #[test]
    fn replace_events_writes_only_changes() {
        let mut store = Store::open_in_memory().unwrap();
        let (_, reports) = stored_doc(&mut store, "body one", 3);
        let ids: Vec<&str> = reports.iter().map(|r| r.id.as_str()).collect();

        // A fresh database holds the empty set already.
        assert!(!store.replace_events(&[]).unwrap());

        let a = testutil::event("e_a", &ids[..2]);
        let b = testutil::event("e_b", &ids[2..]);
        assert!(store.replace_events(&[a.clone(), b.clone()]).unwrap());
        let before = dump(&store);
        // Same set, any order: nothing written.
        assert!(!store.replace_events(&[b.clone(), a.clone()]).unwrap());
        assert_eq!(dump(&store), before);

        let links = |store: &Store| -> Vec<(String, String)> {
            let mut stmt = store
                .conn
                .prepare("SELECT event_id, report_id FROM event_reports ORDER BY 1, 2")
                .unwrap();
            stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
                .unwrap()
                .map(Result::unwrap)
                .collect()
        };
        assert_eq!(links(&store).len(), 3);
        let actors: i64 = store
            .conn
            .query_row("SELECT count(*) FROM event_actors", [], |row| row.get(0))
            .unwrap();
        assert_eq!(actors, 6);

        // A changed set replaces the old one whole, links included.
        let mut a2 = a.clone();
        a2.report_ids = vec![ids[0].to_owned(), ids[0].to_owned()];
        assert!(store.replace_events(std::slice::from_ref(&a2)).unwrap());
        assert_eq!(
            store.events(&EventFilter::default()).unwrap(),
            vec![a2.clone()]
        );
        assert_eq!(links(&store), vec![("e_a".to_owned(), ids[0].to_owned())]);
        assert_eq!(store.counts().unwrap().events, 1);
    }

    #[test]
    fn a_failing_event_set_keeps_the_previous_one() {
        let mut store = Store::open_in_memory().unwrap();
        let (_, reports) = stored_doc(&mut store, "body one", 1);
        let good = testutil::event("e_a", &[&reports[0].id]);
        store.replace_events(std::slice::from_ref(&good)).unwrap();
        let before = dump(&store);

        let dangling = testutil::event("e_b", &["r_nowhere"]);
        let err = store.replace_events(&[good.clone(), dangling]).unwrap_err();
        assert_eq!(
            err.to_string(),
            ":memory:: event e_b names unknown report r_nowhere"
        );
        assert_eq!(dump(&store), before);

        let err = store
            .replace_events(&[good.clone(), good.clone()])
            .unwrap_err();
        assert_eq!(err.to_string(), ":memory:: event id e_a given twice");
        assert_eq!(dump(&store), before);
    }

    /// Five events that the filters tell apart (see each comment).
    fn filter_fixture() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        let (_, reports) = stored_doc(&mut store, "body one", 1);
        let r = reports[0].id.as_str();

        // 8 Jan 2020, Iraq, IRGC → US forces, missile attack.
        let e1 = testutil::event("e_1", &[r]);

        // January 2020, Syria, HTS, armed clash.
        let mut e2 = testutil::event("e_2", &[r]);
        e2.date = DateInfo {
            start: Some(day("2020-01-01")),
            end: Some(day("2020-01-31")),
            precision: DatePrecision::Month,
            text: Some("in January".into()),
        };
        e2.location.country = Some("SY".into());
        e2.event_type = Some("Battles".into());
        e2.sub_event_type = Some("Armed clash".into());
        e2.actors = vec![sitrep_core::Actor {
            name: "Hay'at Tahrir al-Sham".into(),
            role: ActorRole::Attacker,
            kind: ActorKind::ArmedGroup,
            country: None,
            kb_id: Some("hts".into()),
        }];

        // Unknown date, Iraq, Kata'ib Hezbollah, air strike.
        let mut e3 = testutil::event("e_3", &[r]);
        e3.date = DateInfo::unknown();
        e3.sub_event_type = Some("Air/drone strike".into());
        e3.actors[0].name = "Kata'ib Hezbollah".into();
        e3.actors[0].kb_id = Some("kh".into());
        e3.actors.truncate(1);

        // A tally, Oct 2019 – 5 Jan 2020, Iraq.
        let mut e4 = testutil::event("e_4", &[r]);
        e4.tally = true;
        e4.date.start = Some(day("2019-10-01"));
        e4.date.end = Some(day("2020-01-05"));

        // 10 Feb 2020, no country, a non-ASCII actor name, no end date.
        let mut e5 = testutil::event("e_5", &[r]);
        e5.date.start = Some(day("2020-02-10"));
        e5.date.end = None;
        e5.location.country = None;
        e5.event_type = Some("Protests".into());
        e5.sub_event_type = Some("Peaceful protest".into());
        e5.actors[0].name = "ÉTAT-MAJOR DES ARMÉES".into();
        e5.actors[0].kb_id = None;
        e5.actors.truncate(1);

        assert!(store.replace_events(&[e5, e4, e3, e2, e1]).unwrap());
        store
    }

    fn ids(store: &Store, filter: EventFilter) -> Vec<String> {
        store
            .events(&filter)
            .unwrap()
            .into_iter()
            .map(|e| e.id)
            .collect()
    }

    #[test]
    fn events_are_ordered_by_date_with_unknown_last_and_tallies_hidden() {
        let store = filter_fixture();
        assert_eq!(
            ids(&store, EventFilter::default()),
            ["e_2", "e_1", "e_5", "e_3"]
        );
        let all = EventFilter {
            include_tallies: true,
            ..Default::default()
        };
        assert_eq!(ids(&store, all), ["e_4", "e_2", "e_1", "e_5", "e_3"]);
    }

    #[test]
    fn date_filters_select_overlapping_events() {
        let store = filter_fixture();
        let range = |since: Option<&str>, until: Option<&str>, include_tallies| EventFilter {
            since: since.map(day),
            until: until.map(day),
            include_tallies,
            ..Default::default()
        };
        // e_1 ended on 8 Jan; January's e_2 still overlaps; e_3 has no date.
        assert_eq!(
            ids(&store, range(Some("2020-01-10"), None, false)),
            ["e_2", "e_5"]
        );
        assert_eq!(ids(&store, range(None, Some("2020-01-05"), false)), ["e_2"]);
        assert_eq!(
            ids(&store, range(None, Some("2020-01-05"), true)),
            ["e_4", "e_2"]
        );
        // A one-day window catches the day and the month around it.
        let day_window = range(Some("2020-01-08"), Some("2020-01-08"), true);
        assert_eq!(ids(&store, day_window), ["e_2", "e_1"]);
        // An event without an end date lasts its start day.
        assert_eq!(
            ids(&store, range(Some("2020-02-11"), None, false)),
            Vec::<String>::new()
        );
        assert_eq!(ids(&store, range(Some("2020-02-10"), None, false)), ["e_5"]);
    }

    #[test]
    fn text_filters_ignore_case_and_match_substrings() {
        let store = filter_fixture();
        let country = |c: &str| EventFilter {
            country: Some(c.into()),
            ..Default::default()
        };
        assert_eq!(ids(&store, country("iq")), ["e_1", "e_3"]);
        assert_eq!(ids(&store, country(" SY ")), ["e_2"]);
        assert_eq!(ids(&store, country("I")), Vec::<String>::new());

        let actor = |a: &str| EventFilter {
            actor: Some(a.into()),
            ..Default::default()
        };
        assert_eq!(ids(&store, actor("IRGC")), ["e_1"]); // kb id
        assert_eq!(ids(&store, actor("revolutionary guard")), ["e_1"]);
        assert_eq!(ids(&store, actor("HEZBOLLAH")), ["e_3"]);
        assert_eq!(ids(&store, actor("united states")), ["e_1"]); // a target
        // Beyond ASCII: SQLite's lower() would miss É.
        assert_eq!(ids(&store, actor("des armées")), ["e_5"]);
        assert_eq!(ids(&store, actor("")), ["e_2", "e_1", "e_5", "e_3"]);

        let kind = |t: &str| EventFilter {
            event_type: Some(t.into()),
            ..Default::default()
        };
        assert_eq!(ids(&store, kind("air/drone")), ["e_3"]);
        assert_eq!(ids(&store, kind("battles")), ["e_2"]);
        assert_eq!(ids(&store, kind("EXPLOSIONS")), ["e_1", "e_3"]);

        let combined = EventFilter {
            since: Some(day("2020-01-01")),
            country: Some("iq".into()),
            event_type: Some("explosions".into()),
            include_tallies: true,
            ..Default::default()
        };
        assert_eq!(ids(&store, combined), ["e_4", "e_1"]);
    }

    #[test]
    fn events_resolve_from_ids_and_unique_prefixes() {
        let mut store = Store::open_in_memory().unwrap();
        let (_, reports) = stored_doc(&mut store, "body one", 1);
        let r = reports[0].id.as_str();
        let events: Vec<Record> = ["e_0a1b2c", "e_0a1b9f", "e_77aa00", "e_7"]
            .iter()
            .map(|id| testutil::event(id, &[r]))
            .collect();
        store.replace_events(&events).unwrap();
        let get = |id: &str| store.event(id).unwrap().map(|e| e.id);

        assert_eq!(get("e_0a1b2c").as_deref(), Some("e_0a1b2c"));
        assert_eq!(get("e_0a1b2").as_deref(), Some("e_0a1b2c"));
        assert_eq!(get("e_77").as_deref(), Some("e_77aa00"));
        // An exact id wins even when it prefixes others; short prefixes don't.
        assert_eq!(get("e_7").as_deref(), Some("e_7"));
        assert_eq!(get("e_"), None);
        assert_eq!(get("e_99"), None);
        let err = store.event("e_0a1b").unwrap_err();
        assert_eq!(
            err.to_string(),
            r#":memory:: id prefix "e_0a1b" matches more than one event; give more characters"#
        );
        assert_eq!(store.event("e_0a1b2c").unwrap().unwrap(), events[0]);
    }

    #[test]
    fn newer_schema_is_refused_with_both_versions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sitrep.db");
        drop(Store::open(&path).unwrap());
        let conn = Connection::open(&path).unwrap();
        conn.execute(
            "INSERT INTO schema_migrations VALUES (7, '2030-01-01T00:00:00Z')",
            [],
        )
        .unwrap();
        drop(conn);
        let err = Store::open(&path).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "{}: not a sitrep database (schema version 7 is newer than this build's {})",
                path.display(),
                schema::MIGRATIONS.len()
            )
        );
    }

    #[test]
    fn other_files_are_refused_with_the_path() {
        let dir = tempfile::tempdir().unwrap();

        let foreign = dir.path().join("other.db");
        let conn = Connection::open(&foreign).unwrap();
        conn.execute_batch("CREATE TABLE notes (body TEXT)")
            .unwrap();
        drop(conn);
        let err = Store::open(&foreign).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "{}: not a sitrep database (it has 1 table(s) but no schema_migrations)",
                foreign.display()
            )
        );

        let garbage = dir.path().join("notes.txt");
        std::fs::write(&garbage, "plain text, not SQLite ".repeat(100)).unwrap();
        let err = Store::open(&garbage).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("{}: file is not a database", garbage.display())
        );

        // A parent that is a file cannot become a directory.
        let under_file = garbage.join("sitrep.db");
        let err = Store::open(&under_file).unwrap_err();
        assert!(
            err.to_string().starts_with(&format!(
                "{}: cannot create directory {}: ",
                under_file.display(),
                garbage.display()
            )),
            "{err}"
        );
    }

    #[test]
    fn a_locked_database_names_its_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sitrep.db");
        let mut store = Store::open(&path).unwrap();
        store.set_busy_timeout(Duration::ZERO).unwrap();
        let other = Connection::open(&path).unwrap();
        other.execute_batch("BEGIN IMMEDIATE").unwrap();

        let (doc, article) = testutil::document("body one");
        let err = store.insert_document(&doc, &article, &[]).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("{}: database is locked", path.display())
        );

        other.execute_batch("ROLLBACK").unwrap();
        assert_eq!(
            store.insert_document(&doc, &article, &[]).unwrap(),
            InsertOutcome::Inserted
        );
    }

    #[test]
    fn corrupt_stored_json_is_reported_not_panicked_on() {
        let mut store = Store::open_in_memory().unwrap();
        let (_, reports) = stored_doc(&mut store, "body one", 1);
        store
            .conn
            .execute("UPDATE reports SET json = '{\"id\": 1}'", [])
            .unwrap();
        let err = store.reports().unwrap_err();
        assert!(
            err.to_string().starts_with(&format!(
                ":memory:: stored report {} is unreadable: ",
                reports[0].id
            )),
            "{err}"
        );
    }
}

/// Records the new document's MinHash and links it with its near-duplicates.
/// The copy with the smallest id is canonical, whatever the order documents
/// arrive in, so events do not depend on ingestion order.
fn link_near_duplicates(tx: &rusqlite::Transaction, id: &str, text: &str) -> rusqlite::Result<()> {
    use sitrep_resolve::dedup::Signature;
    let Some(signature) = Signature::of(text) else {
        return Ok(());
    };
    tx.execute(
        "UPDATE documents SET minhash = ?1 WHERE id = ?2",
        params![signature.to_bytes(), id],
    )?;
    let mut group: Vec<String> = vec![id.to_string()];
    {
        let mut candidates = tx.prepare_cached(
            "SELECT d.id, d.minhash, d.duplicate_of FROM document_bands b JOIN documents d ON d.id = b.doc_id
             WHERE b.band = ?1 AND b.value = ?2",
        )?;
        let mut insert = tx.prepare_cached(
            "INSERT OR IGNORE INTO document_bands (band, value, doc_id) VALUES (?1, ?2, ?3)",
        )?;
        for (band, value) in signature.bands().into_iter().enumerate() {
            let rows = candidates.query_map(params![band as i64, value], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, Option<Vec<u8>>>(1)?,
                    row.get::<_, Option<String>>(2)?,
                ))
            })?;
            for row in rows {
                let (other, bytes, canonical) = row?;
                let similar = bytes
                    .as_deref()
                    .and_then(Signature::from_bytes)
                    .is_some_and(|s| s.near_duplicate(&signature));
                if similar {
                    group.push(canonical.unwrap_or_else(|| other.clone()));
                    group.push(other);
                }
            }
            insert.execute(params![band as i64, value, id])?;
        }
    }
    if group.len() == 1 {
        return Ok(());
    }
    // Every member of the groups it joins, then one canonical for all.
    let mut members: Vec<String> = Vec::new();
    {
        let mut of =
            tx.prepare_cached("SELECT id FROM documents WHERE id = ?1 OR duplicate_of = ?1")?;
        for seed in &group {
            for member in of.query_map([seed], |row| row.get::<_, String>(0))? {
                members.push(member?);
            }
        }
    }
    members.sort();
    members.dedup();
    let canonical = members[0].clone();
    let mut set = tx.prepare_cached("UPDATE documents SET duplicate_of = ?1 WHERE id = ?2")?;
    for member in &members {
        let link = (member != &canonical).then_some(&canonical);
        set.execute(params![link, member])?;
    }
    Ok(())
}

#[cfg(test)]
mod near_duplicate_tests {
    use super::*;
    use sitrep_core::{Article, Block, BlockKind, Document};

    const STORY: &str = "A drone launched by an Iran-backed militia struck a small logistics outpost in northeastern Jordan early on Sunday, killing three American soldiers and wounding more than forty others, the Pentagon said. It was the first time American troops had been killed by hostile fire in the region since the war in Gaza began, and officials promised a response at a time of their choosing. The outpost, known as Tower 22, sits close to the border with Syria and houses several hundred personnel.";

    fn doc(text: &str) -> (Document, Article) {
        let (doc, mut article) = crate::testutil::document(text);
        article.text = text.to_string();
        article.blocks = vec![Block {
            kind: BlockKind::Paragraph,
            start: 0,
            end: text.len(),
        }];
        (doc, article)
    }

    fn canonical_of(store: &Store, id: &str) -> Option<String> {
        store.document(id).unwrap().unwrap().duplicate_of
    }

    #[test]
    fn copies_link_to_the_smallest_id_whatever_the_order() {
        let texts = [
            STORY.to_string(),
            format!("By a staff writer. {STORY}"),
            format!("{STORY} Read more: related stories."),
        ];
        let docs: Vec<(Document, Article)> = texts.iter().map(|t| doc(t)).collect();
        let smallest = docs.iter().map(|(d, _)| d.id.clone()).min().unwrap();
        for order in [[0, 1, 2], [2, 1, 0], [1, 2, 0]] {
            let mut store = Store::open_in_memory().unwrap();
            for i in order {
                store.insert_document(&docs[i].0, &docs[i].1, &[]).unwrap();
            }
            for (d, _) in &docs {
                let expected = (d.id != smallest).then(|| smallest.clone());
                assert_eq!(canonical_of(&store, &d.id), expected, "order {order:?}");
            }
            assert_eq!(store.copies_of(&smallest).unwrap().len(), 2);
        }
    }

    #[test]
    fn the_detected_language_is_stored() {
        let mut store = Store::open_in_memory().unwrap();
        let (d, mut article) = doc("Un drone a frappé une base près de la frontière.");
        article.language = Some("fr".into());
        store.insert_document(&d, &article, &[]).unwrap();
        assert_eq!(
            store.document(&d.id).unwrap().unwrap().language.as_deref(),
            Some("fr")
        );
    }

    #[test]
    fn copies_do_not_count_towards_events() {
        let mut store = Store::open_in_memory().unwrap();
        let (a, article_a) = doc(STORY);
        let (b, article_b) = doc(&format!("By a staff writer. {STORY}"));
        let report_a = crate::testutil::report(&a, 0);
        let report_b = crate::testutil::report(&b, 0);
        store
            .insert_document(&a, &article_a, std::slice::from_ref(&report_a))
            .unwrap();
        store
            .insert_document(&b, &article_b, std::slice::from_ref(&report_b))
            .unwrap();
        let counted: Vec<String> = store
            .reports_for_resolution()
            .unwrap()
            .into_iter()
            .map(|r| r.doc_id)
            .collect();
        assert_eq!(counted.len(), 1);
        assert_eq!(
            store.reports().unwrap().len(),
            2,
            "the copy's reports are still stored"
        );
        let unrelated = doc(
            "Iran fired more than a dozen ballistic missiles at two bases in Iraq housing American troops early on Wednesday, in retaliation for the killing of a senior commander in Baghdad five days earlier, while the American president said that no Americans had been harmed and that the damage was minimal at both of the bases.",
        );
        store
            .insert_document(&unrelated.0, &unrelated.1, &[])
            .unwrap();
        assert_eq!(canonical_of(&store, &unrelated.0.id), None);
    }
}

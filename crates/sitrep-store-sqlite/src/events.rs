//! Events: the set swapped in by resolution, the filter, and lookups.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use sha2::{Digest, Sha256};
use sitrep_core::{Record, RecordKind};
use sitrep_store::{EventFilter, MIN_PREFIX_CHARS, StoreError, contract_str};
use tracing::{debug, info};

use crate::{SqliteStore, fold, given, sql, to_json};

/// The `meta` key holding the SHA-256 of the current event set.
const EVENTS_HASH_KEY: &str = "events_sha256";

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

/// Replaces the whole event set (events are derived from all reports by
/// the resolve stage) in one transaction, returning whether it changed.
///
/// The SHA-256 of the set (order-independent) is kept in `meta`; when it
/// matches, nothing is written, so re-running resolve over an unchanged
/// corpus leaves the file untouched. Every event's `report_ids` must name
/// stored reports.
pub(crate) fn replace(store: &mut SqliteStore, events: &[Record]) -> Result<bool, StoreError> {
    let path = &store.path;
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
    let tx = store
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
    tx.execute_batch("DELETE FROM event_actors; DELETE FROM event_reports; DELETE FROM events;")
        .map_err(&err)?;
    {
        let mut insert_event = tx
            .prepare_cached(
                "INSERT INTO events (id, doc_id, json, event_type, sub_event_type, status,
                                     date_start, date_end, date_precision, country, lat, lon,
                                     tally, location_precision, disputed)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
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
                    contract_str(&e.location.precision),
                    e.ledger.iter().any(|t| t.disputed),
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

/// The `WHERE` clause (over `events e`) and its arguments for `filter`.
/// Every query that takes a filter builds it here, so `events`, `stats` and
/// `timeline` always agree on which events pass.
pub(crate) fn where_clause(filter: &EventFilter) -> (String, Vec<Value>) {
    let mut sql = String::from(" WHERE 1 = 1");
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
    (sql, args)
}

/// Every event that passes `filter`, ordered by start date (unknown dates
/// last), then id, one at a time.
pub(crate) fn for_each(
    store: &SqliteStore,
    filter: &EventFilter,
    each: &mut dyn FnMut(Record) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let (clause, args) = where_clause(filter);
    let sql = format!(
        "SELECT e.id, e.json FROM events e{clause} ORDER BY e.date_start IS NULL, e.date_start, e.id"
    );
    store.each_record(&sql, &args, "event", each)
}

/// The event with this id, or else the only event whose id starts with
/// `id` when `id` has at least 4 characters (so ids can be abbreviated
/// like git commits). A prefix shared by several events is an error.
pub(crate) fn by_id_or_prefix(store: &SqliteStore, id: &str) -> Result<Option<Record>, StoreError> {
    if let Some(event) = store.record_by_id("events", id, "event")? {
        return Ok(Some(event));
    }
    if id.chars().count() < MIN_PREFIX_CHARS {
        return Ok(None);
    }
    // [id, id + U+10FFFF) holds exactly the ids starting with `id` (bar
    // ids containing U+10FFFF itself), and lets SQLite seek the index.
    let upper = format!("{id}{}", char::MAX);
    let found = store.records(
        "SELECT id, json FROM events WHERE id >= ?1 AND id < ?2 ORDER BY id LIMIT 2",
        &[Value::Text(id.to_owned()), Value::Text(upper)],
        "event",
    )?;
    match <[Record; 1]>::try_from(found) {
        Ok([event]) => Ok(Some(event)),
        Err(found) if found.is_empty() => Ok(None),
        Err(_) => Err(StoreError::AmbiguousId {
            path: store.path.clone(),
            prefix: id.to_owned(),
        }),
    }
}

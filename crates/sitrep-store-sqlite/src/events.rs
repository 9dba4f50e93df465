//! Events: the filter and lookups (writes are in `resolution`).

use rusqlite::types::Value;
use sitrep_core::Record;
use sitrep_store::{EventFilter, MIN_PREFIX_CHARS, StoreError};

use crate::{SqliteStore, fold, given};

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

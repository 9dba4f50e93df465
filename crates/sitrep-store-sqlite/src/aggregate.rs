//! Aggregates, answered by SQL over indexed columns: no event is parsed.

use std::collections::BTreeMap;

use rusqlite::params_from_iter;
use rusqlite::types::Value;
use sitrep_core::ActorRole;
use sitrep_store::{
    Bucket, Counts, EventFilter, EventStats, GroupBy, StoreError, Timeline, contract_str,
};

use crate::events::where_clause;
use crate::{SqliteStore, fold, sql};

/// Row counts of the whole database.
pub(crate) fn counts(store: &SqliteStore) -> Result<Counts, StoreError> {
    store
        .conn
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
        .map_err(sql(&store.path))
}

/// Runs `query` (whose columns are a key and a count) and collects the rows.
fn key_counts(
    store: &SqliteStore,
    query: &str,
    args: &[Value],
) -> Result<BTreeMap<String, u64>, StoreError> {
    let err = sql(&store.path);
    let mut stmt = store.conn.prepare_cached(query).map_err(&err)?;
    let mut rows = stmt.query(params_from_iter(args)).map_err(&err)?;
    let mut out = BTreeMap::new();
    while let Some(row) = rows.next().map_err(&err)? {
        let key: String = row.get(0).map_err(&err)?;
        let n: i64 = row.get(1).map_err(&err)?;
        out.insert(key, n as u64);
    }
    Ok(out)
}

/// Breakdowns of the events that pass `filter`, and its tallies.
pub(crate) fn event_stats(
    store: &SqliteStore,
    filter: &EventFilter,
) -> Result<EventStats, StoreError> {
    let filter = EventFilter {
        include_tallies: true,
        ..filter.clone()
    };
    let (clause, args) = where_clause(&filter);
    let err = sql(&store.path);
    let (events, tallies, disputed) = store
        .conn
        .prepare_cached(&format!(
            "SELECT count(*) FILTER (WHERE e.tally = 0),
                    count(*) FILTER (WHERE e.tally = 1),
                    count(*) FILTER (WHERE e.tally = 0 AND e.disputed = 1)
             FROM events e{clause}"
        ))
        .and_then(|mut stmt| {
            stmt.query_row(params_from_iter(&args), |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, i64>(2)?,
                ))
            })
        })
        .map_err(&err)?;
    let breakdown = |column: &str| {
        key_counts(
            store,
            &format!(
                "SELECT coalesce({column}, 'unknown'), count(*) FROM events e{clause}
                 AND e.tally = 0 GROUP BY 1"
            ),
            &args,
        )
    };
    Ok(EventStats {
        events: events as u64,
        tallies: tallies as u64,
        disputed_events: disputed as u64,
        by_type: breakdown("e.sub_event_type")?,
        by_country: breakdown("e.country")?,
        by_date_precision: breakdown("e.date_precision")?,
        by_location_precision: breakdown("e.location_precision")?,
    })
}

/// The SQL for a start date's bucket label; it matches the labels a
/// calendar library would give (ISO weeks: `2024-W05`).
fn bucket_sql(bucket: Bucket) -> &'static str {
    match bucket {
        Bucket::Day => "e.date_start",
        Bucket::Week => "strftime('%G-W%V', e.date_start)",
        Bucket::Month => "substr(e.date_start, 1, 7)",
    }
}

/// Events per bucket of their start date and per group; undated events are
/// counted apart.
pub(crate) fn timeline(
    store: &SqliteStore,
    filter: &EventFilter,
    bucket: Bucket,
    group: GroupBy,
) -> Result<Timeline, StoreError> {
    let (clause, args) = where_clause(filter);
    let (join, group_sql) = match group {
        GroupBy::Type => ("", "coalesce(e.sub_event_type, 'unknown')"),
        GroupBy::Country => ("", "coalesce(e.country, 'unknown')"),
        // One row per attacker (an event with two counts for both), or one
        // row with no name when it has none.
        GroupBy::Actor => (
            " LEFT JOIN event_actors a ON a.event_id = e.id AND a.role = ?",
            "coalesce(a.name, 'unknown')",
        ),
    };
    let mut query_args = Vec::new();
    if group == GroupBy::Actor {
        query_args.push(Value::Text(contract_str(&ActorRole::Attacker)));
    }
    query_args.extend(args.iter().cloned());
    let err = sql(&store.path);
    let mut stmt = store
        .conn
        .prepare_cached(&format!(
            "SELECT {bucket}, {group_sql}, count(*) FROM events e{join}{clause}
             AND e.date_start IS NOT NULL GROUP BY 1, 2",
            bucket = bucket_sql(bucket),
        ))
        .map_err(&err)?;
    let mut rows = stmt.query(params_from_iter(&query_args)).map_err(&err)?;
    let mut counts: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    while let Some(row) = rows.next().map_err(&err)? {
        let slot: String = row.get(0).map_err(&err)?;
        let key: String = row.get(1).map_err(&err)?;
        let n: i64 = row.get(2).map_err(&err)?;
        counts.entry(slot).or_default().insert(key, n as u64);
    }
    let (events, undated) = store
        .conn
        .prepare_cached(&format!(
            "SELECT count(*), count(*) FILTER (WHERE e.date_start IS NULL) FROM events e{clause}"
        ))
        .and_then(|mut stmt| {
            stmt.query_row(params_from_iter(&args), |row| {
                Ok((row.get::<_, i64>(0)?, row.get::<_, i64>(1)?))
            })
        })
        .map_err(&err)?;
    Ok(Timeline {
        bucket: bucket.to_string(),
        group_by: group.to_string(),
        counts,
        undated: undated as u64,
        events: events as u64,
    })
}

/// Whether any stored event has an actor whose name or kb id contains
/// `needle`, ignoring case.
pub(crate) fn has_actor(store: &SqliteStore, needle: &str) -> Result<bool, StoreError> {
    let needle = fold(needle.trim());
    store
        .conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM event_actors
                            WHERE instr(sitrep_fold(name), ?1) > 0
                               OR instr(sitrep_fold(kb_id), ?1) > 0)",
        )
        .and_then(|mut stmt| stmt.query_row([needle], |row| row.get(0)))
        .map_err(sql(&store.path))
}

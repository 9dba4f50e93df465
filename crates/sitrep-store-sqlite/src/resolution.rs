//! Resolution in the database: the part a new document touches, or all;
//! the events that changed written, and the changes logged, in the same
//! transaction that read the reports.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use rusqlite::{Transaction, TransactionBehavior, params};
use sitrep_core::{Record, RecordKind};
use sitrep_store::resolution::{StoredReports, closure, diff};
use sitrep_store::{Change, ChangeKind, Resolution, Resolver, StoreError, contract_str};
use tracing::{debug, info};

use crate::{SqliteStore, now_rfc3339, parse_record, sql, to_json};

/// Set in `meta` while some stored reports have no lookup keys (a database
/// from before keys were kept): a full resolution fills them.
pub(crate) const KEYS_MISSING: &str = "keys_missing";

/// Reads and writes of one transaction, named after the database.
struct Tx<'a> {
    tx: Transaction<'a>,
    path: &'a str,
}

impl Tx<'_> {
    fn err(&self) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        sql(self.path)
    }

    /// Runs `query` (one text column) with each of `args` and collects the
    /// distinct values.
    fn strings(&self, query: &str, args: &[String]) -> Result<Vec<String>, StoreError> {
        let err = self.err();
        let mut stmt = self.tx.prepare_cached(query).map_err(&err)?;
        let mut out = BTreeSet::new();
        for arg in args {
            let mut rows = stmt.query([arg]).map_err(&err)?;
            while let Some(row) = rows.next().map_err(&err)? {
                out.insert(row.get::<_, String>(0).map_err(&err)?);
            }
        }
        Ok(out.into_iter().collect())
    }

    /// The reports `ids` that count towards events (not a copy's).
    fn resolution_reports(&self, ids: &[String]) -> Result<Vec<Record>, StoreError> {
        let err = self.err();
        let mut stmt = self
            .tx
            .prepare_cached(
                "SELECT r.json FROM reports r JOIN documents d ON d.id = r.doc_id
                 WHERE r.id = ?1 AND d.duplicate_of IS NULL",
            )
            .map_err(&err)?;
        let mut out = Vec::new();
        for id in ids {
            let mut rows = stmt.query([id]).map_err(&err)?;
            if let Some(row) = rows.next().map_err(&err)? {
                let json: String = row.get(0).map_err(&err)?;
                out.push(parse_record(self.path, "report", id, &json)?);
            }
        }
        Ok(out)
    }

    /// Reports meeting `report` through a key, either way round.
    fn meeting(&self, keys: &sitrep_store::ReportKeys) -> Result<Vec<String>, StoreError> {
        let mut ids = self.strings(
            "SELECT report_id FROM report_keys WHERE kind = 'filed' AND key = ?1",
            &keys.lookup,
        )?;
        ids.extend(self.strings(
            "SELECT report_id FROM report_keys WHERE kind = 'lookup' AND key = ?1",
            &keys.filed,
        )?);
        ids.sort();
        ids.dedup();
        Ok(ids)
    }

    /// The events holding any of the reports `ids`.
    fn events_of_reports(&self, ids: &[String]) -> Result<Vec<Record>, StoreError> {
        let event_ids = self.strings(
            "SELECT event_id FROM event_reports WHERE report_id = ?1",
            ids,
        )?;
        let err = self.err();
        let mut stmt = self
            .tx
            .prepare_cached("SELECT json FROM events WHERE id = ?1")
            .map_err(&err)?;
        let mut out = Vec::new();
        for id in &event_ids {
            let json: String = stmt.query_row([id], |row| row.get(0)).map_err(&err)?;
            out.push(parse_record(self.path, "event", id, &json)?);
        }
        Ok(out)
    }

    /// Runs `query` (columns `id, json`) and parses every record.
    fn records(&self, query: &str, what: &'static str) -> Result<Vec<Record>, StoreError> {
        let err = self.err();
        let mut stmt = self.tx.prepare_cached(query).map_err(&err)?;
        let mut rows = stmt.query([]).map_err(&err)?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(&err)? {
            let id: String = row.get(0).map_err(&err)?;
            let json: String = row.get(1).map_err(&err)?;
            out.push(parse_record(self.path, what, &id, &json)?);
        }
        Ok(out)
    }

    /// Every stored event.
    fn all_events(&self) -> Result<Vec<Record>, StoreError> {
        self.records("SELECT id, json FROM events ORDER BY id", "event")
    }

    /// Lookup keys for every report that has none (a database from before
    /// they were kept), computed by `resolver`.
    fn fill_missing_keys(&self, resolver: &dyn Resolver) -> Result<usize, StoreError> {
        let err = self.err();
        let missing: Option<String> = self
            .tx
            .query_row(
                "SELECT value FROM meta WHERE key = ?1",
                [KEYS_MISSING],
                |row| row.get(0),
            )
            .map(Some)
            .or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                e => Err(e),
            })
            .map_err(&err)?;
        if missing.is_none() {
            return Ok(0);
        }
        let mut filled = 0;
        {
            let mut stmt = self
                .tx
                .prepare(
                    "SELECT id, json FROM reports r
                     WHERE NOT EXISTS (SELECT 1 FROM report_keys k WHERE k.report_id = r.id)",
                )
                .map_err(&err)?;
            let mut rows = stmt.query([]).map_err(&err)?;
            while let Some(row) = rows.next().map_err(&err)? {
                let id: String = row.get(0).map_err(&err)?;
                let json: String = row.get(1).map_err(&err)?;
                let report = parse_record(self.path, "report", &id, &json)?;
                insert_keys(&self.tx, &id, &resolver.keys(&report)).map_err(&err)?;
                filled += 1;
            }
        }
        self.tx
            .execute("DELETE FROM meta WHERE key = ?1", [KEYS_MISSING])
            .map_err(&err)?;
        info!(path = %self.path, reports = filled, "lookup keys filled");
        Ok(filled)
    }
}

/// [`StoredReports`] over one transaction.
struct Reads<'a, 'b> {
    tx: &'a Tx<'b>,
    resolver: &'a dyn Resolver,
}

impl StoredReports for Reads<'_, '_> {
    fn meeting(&mut self, report: &Record) -> Result<Vec<String>, StoreError> {
        self.tx.meeting(&self.resolver.keys(report))
    }

    fn mates(&mut self, ids: &[String]) -> Result<Vec<String>, StoreError> {
        self.tx.strings(
            "SELECT m.report_id FROM event_reports e JOIN event_reports m ON m.event_id = e.event_id
             WHERE e.report_id = ?1",
            ids,
        )
    }

    fn load(&mut self, ids: &[String]) -> Result<Vec<Record>, StoreError> {
        self.tx.resolution_reports(ids)
    }
}

/// Files one report's keys.
pub(crate) fn insert_keys(
    tx: &Transaction<'_>,
    report_id: &str,
    keys: &sitrep_store::ReportKeys,
) -> rusqlite::Result<()> {
    let mut insert = tx.prepare_cached(
        "INSERT OR IGNORE INTO report_keys (kind, key, report_id) VALUES (?1, ?2, ?3)",
    )?;
    for key in &keys.filed {
        insert.execute(params!["filed", key, report_id])?;
    }
    for key in &keys.lookup {
        insert.execute(params!["lookup", key, report_id])?;
    }
    Ok(())
}

/// Checks and serializes a new event set: events only, each id once.
fn event_rows(path: &str, events: &[Record]) -> Result<BTreeMap<String, String>, StoreError> {
    let invalid = |reason: String| StoreError::Invalid {
        path: path.to_owned(),
        reason,
    };
    let mut rows = BTreeMap::new();
    for event in events {
        if event.record != RecordKind::Event {
            return Err(invalid(format!("{} is not an event", event.id)));
        }
        if rows
            .insert(event.id.clone(), to_json(path, event)?)
            .is_some()
        {
            return Err(invalid(format!("event id {} given twice", event.id)));
        }
    }
    Ok(rows)
}

/// Swaps the events `old` for `new` (only those that differ are written)
/// and logs the changes; returns them with their sequence numbers.
fn write_events(tx: &Tx<'_>, old: &[Record], new: &[Record]) -> Result<Vec<Change>, StoreError> {
    let path = tx.path;
    let err = tx.err();
    let rows = event_rows(path, new)?;
    let old_rows = event_rows(path, old)?;
    let mut changes = diff(old, new);
    if changes.is_empty() {
        return Ok(changes);
    }
    for (id, json) in &old_rows {
        if rows.get(id) != Some(json) {
            // Children first, so the cascade has nothing left to do.
            for delete in [
                "DELETE FROM event_actors WHERE event_id = ?1",
                "DELETE FROM event_reports WHERE event_id = ?1",
                "DELETE FROM events WHERE id = ?1",
            ] {
                tx.tx
                    .prepare_cached(delete)
                    .and_then(|mut stmt| stmt.execute([id]))
                    .map_err(&err)?;
            }
        }
    }
    for event in new {
        let json = &rows[&event.id];
        if old_rows.get(&event.id) != Some(json) {
            insert_event(tx, event, json)?;
        }
    }
    let at = now_rfc3339();
    let mut log = tx
        .tx
        .prepare_cached(
            "INSERT INTO change_log (at, kind, before, after, fields) VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .map_err(&err)?;
    changes.sort_by(|a, b| (&a.after, &a.before).cmp(&(&b.after, &b.before)));
    let json = |v: &Vec<String>| serde_json::to_string(v).expect("strings serialize");
    for change in &mut changes {
        log.execute(params![
            at,
            change.kind.as_str(),
            json(&change.before),
            json(&change.after),
            json(&change.fields)
        ])
        .map_err(&err)?;
        change.seq = tx.tx.last_insert_rowid() as u64;
        change.at = at.clone();
    }
    Ok(changes)
}

/// Inserts one event with its report links and actor rows.
fn insert_event(tx: &Tx<'_>, e: &Record, json: &str) -> Result<(), StoreError> {
    let err = tx.err();
    tx.tx
        .prepare_cached(
            "INSERT INTO events (id, doc_id, json, event_type, sub_event_type, status,
                                 date_start, date_end, date_precision, country, lat, lon,
                                 tally, location_precision, disputed)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        )
        .and_then(|mut stmt| {
            stmt.execute(params![
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
        })
        .map_err(&err)?;
    let mut report_exists = tx
        .tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM reports WHERE id = ?1)")
        .map_err(&err)?;
    // OR IGNORE: the links are a set; a report listed twice is one link.
    let mut insert_link = tx
        .tx
        .prepare_cached("INSERT OR IGNORE INTO event_reports (event_id, report_id) VALUES (?1, ?2)")
        .map_err(&err)?;
    for report_id in &e.report_ids {
        // The foreign key would catch this too, but not say which.
        let exists: bool = report_exists
            .query_row([report_id], |row| row.get(0))
            .map_err(&err)?;
        if !exists {
            return Err(StoreError::Invalid {
                path: tx.path.to_owned(),
                reason: format!("event {} names unknown report {report_id}", e.id),
            });
        }
        insert_link.execute([&e.id, report_id]).map_err(&err)?;
    }
    let mut insert_actor = tx
        .tx
        .prepare_cached(
            "INSERT INTO event_actors (event_id, name, kb_id, role) VALUES (?1, ?2, ?3, ?4)",
        )
        .map_err(&err)?;
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
    Ok(())
}

fn begin(store: &mut SqliteStore) -> Result<Tx<'_>, StoreError> {
    let tx = store
        .conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(sql(&store.path))?;
    Ok(Tx {
        tx,
        path: &store.path,
    })
}

fn event_count(tx: &Tx<'_>) -> Result<u64, StoreError> {
    tx.tx
        .query_row("SELECT count(*) FROM events", [], |row| {
            row.get::<_, i64>(0)
        })
        .map(|n| n as u64)
        .map_err(tx.err())
}

/// Replaces the whole event set.
pub(crate) fn replace(store: &mut SqliteStore, events: &[Record]) -> Result<bool, StoreError> {
    event_rows(&store.path, events)?;
    let path = store.path.clone();
    let tx = begin(store)?;
    let old = tx.all_events()?;
    let changes = write_events(&tx, &old, events)?;
    if changes.is_empty() {
        debug!(path = %tx.path, events = events.len(), "events unchanged");
        return Ok(false);
    }
    tx.tx.commit().map_err(sql(tx.path))?;
    info!(path = %path, events = events.len(), changes = changes.len(), "events replaced");
    Ok(true)
}

/// Resolves every report again.
pub(crate) fn resolve_all(
    store: &mut SqliteStore,
    resolver: &dyn Resolver,
) -> Result<Resolution, StoreError> {
    let tx = begin(store)?;
    let filled = tx.fill_missing_keys(resolver)?;
    let reports = tx.records(
        "SELECT r.id, r.json FROM reports r JOIN documents d ON d.id = r.doc_id
         WHERE d.duplicate_of IS NULL ORDER BY r.id",
        "report",
    )?;
    let new = resolver.resolve(&reports);
    let old = tx.all_events()?;
    let changes = write_events(&tx, &old, &new)?;
    let events = event_count(&tx)?;
    if !changes.is_empty() || filled > 0 {
        tx.tx.commit().map_err(sql(tx.path))?;
    }
    Ok(Resolution {
        reports: reports.len(),
        changes,
        events,
    })
}

/// Resolves what the documents `doc_ids` touch.
pub(crate) fn resolve_documents(
    store: &mut SqliteStore,
    doc_ids: &[String],
    resolver: &dyn Resolver,
) -> Result<Resolution, StoreError> {
    if doc_ids.is_empty() {
        let events = crate::aggregate::counts(store)?.events;
        return Ok(Resolution {
            events,
            ..Resolution::default()
        });
    }
    let path = store.path.clone();
    let tx = begin(store)?;
    if tx.fill_missing_keys(resolver)? > 0 {
        // An older database: its events were never resolved with keys, so
        // resolve all of it once.
        drop(tx);
        return resolve_all(store, resolver);
    }
    // The documents and their near-duplicate groups: a new copy can change
    // which document of a group counts.
    let group = tx.strings(
        "SELECT id FROM documents WHERE id = ?1 OR duplicate_of = ?1
            OR id = (SELECT duplicate_of FROM documents WHERE id = ?1)
            OR duplicate_of = (SELECT duplicate_of FROM documents WHERE id = ?1)",
        doc_ids,
    )?;
    let all_reports = tx.strings("SELECT id FROM reports WHERE doc_id = ?1", &group)?;
    let seeds = tx.resolution_reports(&all_reports)?;
    // Events of the group's reports, a copy's included: they are rewritten.
    let mut old = tx.events_of_reports(&all_reports)?;
    let mut seed_mates: Vec<String> = old.iter().flat_map(|e| e.report_ids.clone()).collect();
    seed_mates.sort();
    seed_mates.dedup();
    let mut seeds = seeds;
    let seed_ids: HashSet<String> = seeds.iter().map(|r| r.id.clone()).collect();
    let extra: Vec<String> = seed_mates
        .into_iter()
        .filter(|id| !seed_ids.contains(id))
        .collect();
    seeds.extend(tx.resolution_reports(&extra)?);
    let part = closure(seeds, resolver, &mut Reads { tx: &tx, resolver })?;
    let part_ids: Vec<String> = part.iter().map(|r| r.id.clone()).collect();
    let known: HashSet<String> = old.iter().map(|e| e.id.clone()).collect();
    old.extend(
        tx.events_of_reports(&part_ids)?
            .into_iter()
            .filter(|e| !known.contains(&e.id)),
    );
    let new = resolver.resolve(&part);
    let changes = write_events(&tx, &old, &new)?;
    let events = event_count(&tx)?;
    if !changes.is_empty() {
        tx.tx.commit().map_err(sql(tx.path))?;
    }
    debug!(path = %path, reports = part.len(), changes = changes.len(), "resolved");
    Ok(Resolution {
        reports: part.len(),
        changes,
        events,
    })
}

/// Change-log entries after `since`.
pub(crate) fn changes(
    store: &SqliteStore,
    since: u64,
    limit: usize,
) -> Result<Vec<Change>, StoreError> {
    let err = sql(&store.path);
    let mut stmt = store
        .conn
        .prepare_cached(
            "SELECT seq, at, kind, before, after, fields FROM change_log
             WHERE seq > ?1 ORDER BY seq LIMIT ?2",
        )
        .map_err(&err)?;
    let mut rows = stmt
        .query(params![since as i64, limit.min(i64::MAX as usize) as i64])
        .map_err(&err)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().map_err(&err)? {
        let seq: i64 = row.get(0).map_err(&err)?;
        let corrupt = |reason: String| StoreError::Corrupt {
            path: store.path.clone(),
            what: "change",
            id: seq.to_string(),
            reason,
        };
        let list = |i: usize| -> Result<Vec<String>, StoreError> {
            let text: String = row.get(i).map_err(&err)?;
            serde_json::from_str(&text).map_err(|e| corrupt(e.to_string()))
        };
        let kind: String = row.get(2).map_err(&err)?;
        out.push(Change {
            seq: seq as u64,
            at: row.get(1).map_err(&err)?,
            kind: ChangeKind::parse(&kind).ok_or_else(|| corrupt(format!("kind {kind:?}")))?,
            before: list(3)?,
            after: list(4)?,
            fields: list(5)?,
        });
    }
    Ok(out)
}

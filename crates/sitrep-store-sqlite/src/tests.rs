//! The SQLite store's own tests: what only a file-backed SQLite database
//! shows (pragmas, file bytes, foreign files, locks, stored JSON).

use std::time::Duration;

use rusqlite::Connection;
use rusqlite::types::Value;
use sitrep_core::{Document, Record};
use sitrep_store::testutil::{self, insert};
use sitrep_store::{Counts, EventFilter, InsertOutcome, Store};

use crate::SqliteStore;
use crate::schema;

/// Every row of every table (schema included), as text, in a stable
/// order: two equal dumps mean an unchanged database.
fn dump(store: &SqliteStore) -> Vec<String> {
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

fn stored_doc(store: &mut SqliteStore, body: &str, reports: usize) -> (Document, Vec<Record>) {
    let (doc, article) = testutil::document(body);
    let reports: Vec<Record> = (0..reports).map(|n| testutil::report(&doc, n)).collect();
    let outcome = insert(store, &doc, &article, &reports).unwrap();
    assert_eq!(outcome, InsertOutcome::Inserted);
    (doc, reports)
}

#[test]
fn open_creates_directories_and_sets_up_the_connection() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a/b/sitrep.db");
    let store = SqliteStore::open(&path).unwrap();
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
    let store = SqliteStore::open(&path).unwrap();
    let versions: i64 = store
        .conn
        .query_row("SELECT count(*) FROM schema_migrations", [], |row| {
            row.get(0)
        })
        .unwrap();
    assert_eq!(versions, schema::MIGRATIONS.len() as i64);
}

#[test]
fn reinserting_a_document_changes_nothing() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let (doc, _) = stored_doc(&mut store, "body one", 2);
    stored_doc(&mut store, "body two", 1);
    let before = dump(&store);
    let (_, article) = testutil::document("body one");
    // Even with different reports: the stored document is final.
    let other = vec![testutil::report(&doc, 7)];
    assert_eq!(
        insert(&mut store, &doc, &article, &other).unwrap(),
        InsertOutcome::AlreadyPresent
    );
    assert_eq!(dump(&store), before);
    assert!(before.iter().any(|row| row.starts_with("documents: ")));
}

#[test]
fn reingest_and_re_resolve_leave_the_file_bytes_identical() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sitrep.db");
    let ingest = |store: &mut SqliteStore| -> (InsertOutcome, bool) {
        let (doc, article) = testutil::document("body one");
        let reports = vec![testutil::report(&doc, 0), testutil::report(&doc, 1)];
        let outcome = insert(store, &doc, &article, &reports).unwrap();
        let ids: Vec<&str> = reports.iter().map(|r| r.id.as_str()).collect();
        let changed = store
            .replace_events(&[testutil::event("e_1", &ids)])
            .unwrap();
        (outcome, changed)
    };
    let mut store = SqliteStore::open(&path).unwrap();
    assert_eq!(ingest(&mut store), (InsertOutcome::Inserted, true));
    // Closing the last connection checkpoints the WAL into the file.
    drop(store);
    let wal = dir.path().join("sitrep.db-wal");
    assert!(!wal.exists());
    let before = std::fs::read(&path).unwrap();

    let mut store = SqliteStore::open(&path).unwrap();
    assert_eq!(ingest(&mut store), (InsertOutcome::AlreadyPresent, false));
    drop(store);
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_failing_report_rolls_back_the_whole_document() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let (doc, article) = testutil::document("body one");
    let report = testutil::report(&doc, 0);
    // The document row and the first report are written before the
    // duplicate id fails.
    let err = insert(&mut store, &doc, &article, &[report.clone(), report]).unwrap_err();
    assert!(
        err.to_string()
            .starts_with(":memory:: UNIQUE constraint failed: reports.id"),
        "{err}"
    );
    assert!(!store.has_document(&doc.id).unwrap());
    assert_eq!(store.counts().unwrap(), Counts::default());
    // The failed attempt leaves nothing that blocks a correct one.
    let reports = [testutil::report(&doc, 0)];
    insert(&mut store, &doc, &article, &reports).unwrap();
    assert_eq!(store.counts().unwrap().reports, 1);
}

#[test]
fn a_report_id_taken_by_another_document_rolls_back() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let (first, first_reports) = stored_doc(&mut store, "body one", 1);
    let before = dump(&store);
    let (doc, article) = testutil::document("body two");
    let mut clash = testutil::report(&doc, 0);
    clash.id = first_reports[0].id.clone();
    let err = insert(&mut store, &doc, &article, &[clash]).unwrap_err();
    assert!(
        matches!(err, sitrep_store::StoreError::Backend { .. }),
        "{err}"
    );
    assert!(!store.has_document(&doc.id).unwrap());
    assert!(store.has_document(&first.id).unwrap());
    assert_eq!(dump(&store), before);
}

#[test]
fn inconsistent_input_is_refused_before_writing() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let (doc, article) = testutil::document("body one");
    let (other, other_article) = testutil::document("body two");

    let foreign = testutil::report(&other, 0);
    let err = insert(&mut store, &doc, &article, &[foreign]).unwrap_err();
    assert!(err.to_string().contains("belongs to"), "{err}");

    let event = testutil::event("e_1", &[]);
    let err = insert(&mut store, &doc, &article, &[event]).unwrap_err();
    assert_eq!(err.to_string(), ":memory:: e_1 is not a report");

    let err = insert(&mut store, &doc, &other_article, &[]).unwrap_err();
    assert!(err.to_string().contains("article of"), "{err}");

    let report = testutil::report(&doc, 0);
    let err = store.replace_events(&[report]).unwrap_err();
    assert!(err.to_string().ends_with("is not an event"), "{err}");
    assert_eq!(store.counts().unwrap(), Counts::default());
}

#[test]
fn replace_events_writes_only_changes() {
    let mut store = SqliteStore::open_in_memory().unwrap();
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

    let links = |store: &SqliteStore| -> Vec<(String, String)> {
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
    let mut store = SqliteStore::open_in_memory().unwrap();
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

#[test]
fn newer_schema_is_refused_with_both_versions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sitrep.db");
    drop(SqliteStore::open(&path).unwrap());
    let conn = Connection::open(&path).unwrap();
    conn.execute(
        "INSERT INTO schema_migrations VALUES (7, '2030-01-01T00:00:00Z')",
        [],
    )
    .unwrap();
    drop(conn);
    let err = SqliteStore::open(&path).unwrap_err();
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
    let err = SqliteStore::open(&foreign).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}: not a sitrep database (it has 1 table(s) but no schema_migrations)",
            foreign.display()
        )
    );

    let garbage = dir.path().join("notes.txt");
    std::fs::write(&garbage, "plain text, not SQLite ".repeat(100)).unwrap();
    let err = SqliteStore::open(&garbage).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{}: file is not a database", garbage.display())
    );

    // A parent that is a file cannot become a directory.
    let under_file = garbage.join("sitrep.db");
    let err = SqliteStore::open(&under_file).unwrap_err();
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
    let mut store = SqliteStore::open(&path).unwrap();
    store.set_busy_timeout(Duration::ZERO).unwrap();
    let other = Connection::open(&path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();

    let (doc, article) = testutil::document("body one");
    let err = insert(&mut store, &doc, &article, &[]).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{}: database is locked", path.display())
    );

    other.execute_batch("ROLLBACK").unwrap();
    assert_eq!(
        insert(&mut store, &doc, &article, &[]).unwrap(),
        InsertOutcome::Inserted
    );
}

#[test]
fn corrupt_stored_json_is_reported_not_panicked_on() {
    let mut store = SqliteStore::open_in_memory().unwrap();
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

#[test]
fn the_store_passes_the_conformance_suite_in_memory() {
    sitrep_store::suite::run_all(&mut || Box::new(SqliteStore::open_in_memory().unwrap()));
}

#[test]
fn the_store_passes_the_conformance_suite_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let mut n = 0;
    sitrep_store::suite::run_all(&mut || {
        n += 1;
        Box::new(SqliteStore::open(&dir.path().join(format!("suite-{n}.db"))).unwrap())
    });
}

#[test]
fn a_second_connection_reads_what_the_first_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(&dir.path().join("sitrep.db")).unwrap();
    let reader = store
        .reader()
        .unwrap()
        .expect("a file has a second connection");
    let (doc, _) = stored_doc(&mut store, "body one", 1);
    assert!(reader.has_document(&doc.id).unwrap());
    let memory = SqliteStore::open_in_memory().unwrap();
    assert!(memory.reader().unwrap().is_none());
}

#[test]
fn migration_4_fills_the_new_columns_of_stored_events() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    // A database as version 3 left it, with one disputed event.
    let mut conn = Connection::open(&path).unwrap();
    schema::migrate(&mut conn, &schema::MIGRATIONS[..3], "2026-01-01T00:00:00Z").unwrap();
    let (doc, article) = testutil::document("body one");
    conn.execute(
        "INSERT INTO documents (id, source, format, text, ingested_at) VALUES (?1, 'x', 'text', ?2, 'now')",
        [&doc.id, &article.text],
    )
    .unwrap();
    let mut event = testutil::event("e_1", &[]);
    event.ledger = vec![sitrep_core::Toll {
        kind: sitrep_core::FigureKind::Killed,
        low: Some(0),
        high: Some(80),
        claims: 2,
        claimants: vec![],
        disputed: true,
    }];
    let mut calm = testutil::vague_event("e_2", &[]);
    calm.ledger.clear();
    for e in [&event, &calm] {
        conn.execute(
            "INSERT INTO events (id, doc_id, json, status, date_precision, tally)
             VALUES (?1, ?2, ?3, 'reported', 'day', 0)",
            [&e.id, &doc.id, &serde_json::to_string(e).unwrap()],
        )
        .unwrap();
    }
    drop(conn);
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        schema::MIGRATIONS.len() as u32
    );
    let stats = store.event_stats(&EventFilter::default()).unwrap();
    assert_eq!(stats.disputed_events, 1);
    assert_eq!(
        stats.by_location_precision.into_iter().collect::<Vec<_>>(),
        [("facility".to_string(), 1), ("unknown".to_string(), 1)]
    );
}

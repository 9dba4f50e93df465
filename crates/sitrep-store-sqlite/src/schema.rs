//! The database schema, as numbered migrations.
//!
//! `MIGRATIONS[i]` brings a database from version `i` to `i + 1`. To change
//! the schema, append a migration; never edit one that has shipped, since
//! existing files have already run it. `schema_migrations` records which
//! versions a file has, so opening applies exactly the missing ones.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

/// Migration 1: the initial schema.
///
/// Records are stored whole as contract JSON (`json`); the other columns of
/// `reports` and `events` are copies of fields that queries filter or sort
/// on, so that SQL never has to look inside the JSON. `STRICT` makes SQLite
/// reject a value of the wrong type instead of silently storing it.
const V1: &str = r#"
CREATE TABLE documents (
    id          TEXT PRIMARY KEY NOT NULL,
    source      TEXT NOT NULL,          -- file path, '-' for stdin, or URL
    format      TEXT NOT NULL,          -- 'text' | 'html'
    title       TEXT,
    url         TEXT,
    published   TEXT,                   -- YYYY-MM-DD
    text        TEXT NOT NULL,          -- cleaned article text: evidence offsets point here
    ingested_at TEXT NOT NULL           -- RFC 3339, UTC
) STRICT;

CREATE TABLE reports (
    id             TEXT PRIMARY KEY NOT NULL,
    doc_id         TEXT NOT NULL REFERENCES documents(id),
    json           TEXT NOT NULL,       -- the Record, as the contract
    event_type     TEXT,
    sub_event_type TEXT,
    status         TEXT NOT NULL,
    date_start     TEXT,                -- YYYY-MM-DD
    date_end       TEXT,
    country        TEXT,                -- ISO 3166-1 alpha-2
    tally          INTEGER NOT NULL     -- 0 | 1
) STRICT;
CREATE INDEX reports_doc_id ON reports(doc_id);

CREATE TABLE events (
    id             TEXT PRIMARY KEY NOT NULL,
    doc_id         TEXT NOT NULL,       -- earliest contributing document
    json           TEXT NOT NULL,       -- the Record, as the contract
    event_type     TEXT,
    sub_event_type TEXT,
    status         TEXT NOT NULL,
    date_start     TEXT,                -- YYYY-MM-DD; NULL when unknown
    date_end       TEXT,
    date_precision TEXT NOT NULL,
    country        TEXT,                -- ISO 3166-1 alpha-2
    lat            REAL,
    lon            REAL,
    tally          INTEGER NOT NULL     -- 0 | 1
) STRICT;
CREATE INDEX events_date ON events(date_start, date_end);
CREATE INDEX events_country ON events(country COLLATE NOCASE);

-- Which reports an event was resolved from (events.json's report_ids, as rows).
CREATE TABLE event_reports (
    event_id  TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    report_id TEXT NOT NULL REFERENCES reports(id),
    PRIMARY KEY (event_id, report_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX event_reports_report ON event_reports(report_id);

-- An event's actors, as rows, for the actor filter.
CREATE TABLE event_actors (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    name     TEXT NOT NULL,
    kb_id    TEXT,
    role     TEXT NOT NULL              -- attacker | target | other
) STRICT;
CREATE INDEX event_actors_event ON event_actors(event_id);

CREATE TABLE meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;
"#;

/// Migration 2: near-duplicate documents. A document's MinHash signature,
/// its LSH band keys (indexed, for candidate lookup) and, for a republished
/// copy, the canonical document it duplicates (whose reports alone count).
const V2: &str = r#"
ALTER TABLE documents ADD COLUMN minhash BLOB;
ALTER TABLE documents ADD COLUMN duplicate_of TEXT;
CREATE TABLE document_bands (
    band   INTEGER NOT NULL,
    value  INTEGER NOT NULL,
    doc_id TEXT NOT NULL REFERENCES documents(id),
    PRIMARY KEY (band, value, doc_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX documents_duplicate_of ON documents(duplicate_of);
"#;

/// Migration 3: the language `clean` detected (ISO 639-1), so that
/// documents stored but not extracted say why.
const V3: &str = r#"
ALTER TABLE documents ADD COLUMN language TEXT;
"#;

/// Migration 4: copies of two more event fields, so that `stats` is one
/// aggregate query instead of a parse of every event: the location's
/// precision and whether any figure kind of the ledger is disputed.
/// Existing rows are filled from their JSON.
const V4: &str = r#"
ALTER TABLE events ADD COLUMN location_precision TEXT;
ALTER TABLE events ADD COLUMN disputed INTEGER NOT NULL DEFAULT 0;
UPDATE events SET
    location_precision = json_extract(events.json, '$.location.precision'),
    -- Qualified: json_each has a hidden column of its own named json.
    disputed = EXISTS (SELECT 1 FROM json_each(events.json, '$.ledger') AS t
                       WHERE json_extract(t.value, '$.disputed') = 1);
CREATE INDEX event_actors_role ON event_actors(role, event_id);
"#;

/// Migration 5: what incremental resolution and followers need. Each
/// report's lookup keys (`filed` under, `lookup` for), so that a new
/// report finds the stored ones that can share its event; and the change
/// log: every event created, updated, merged, split or withdrawn, with a
/// monotonic `seq`. The whole-set hash goes (events are compared one by
/// one now); reports stored before keys existed are marked for the next
/// full resolution to fill.
const V5: &str = r#"
CREATE TABLE report_keys (
    kind      TEXT NOT NULL,            -- 'filed' | 'lookup'
    key       TEXT NOT NULL,
    report_id TEXT NOT NULL REFERENCES reports(id),
    PRIMARY KEY (kind, key, report_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX report_keys_report ON report_keys(report_id);
CREATE TABLE change_log (
    seq    INTEGER PRIMARY KEY AUTOINCREMENT,
    at     TEXT NOT NULL,               -- RFC 3339, UTC
    kind   TEXT NOT NULL,               -- created | updated | merged | split | withdrawn
    before TEXT NOT NULL,               -- JSON array of event ids
    after  TEXT NOT NULL,               -- JSON array of event ids
    fields TEXT NOT NULL                -- JSON array of changed record fields
) STRICT;
DELETE FROM meta WHERE key = 'events_sha256';
INSERT INTO meta (key, value) SELECT 'keys_missing', '1' WHERE EXISTS (SELECT 1 FROM reports);
"#;

/// Every migration, in order. The schema version of this build is its length.
pub(crate) const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5];

/// What opening a database found, before or instead of migrating.
#[derive(Debug, PartialEq)]
pub(crate) enum MigrateError {
    TooNew { found: i64, supported: i64 },
    Foreign(String),
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for MigrateError {
    fn from(e: rusqlite::Error) -> Self {
        MigrateError::Sqlite(e)
    }
}

/// The version recorded in `schema_migrations`, 0 for a fresh file.
pub(crate) fn current_version(conn: &Connection) -> Result<i64, MigrateError> {
    let has_table: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_schema
                        WHERE type = 'table' AND name = 'schema_migrations')",
        [],
        |row| row.get(0),
    )?;
    if !has_table {
        // A file with tables but no migration log is not ours: running
        // migration 1 on it would fail half-way or mix schemas.
        let tables: i64 = conn.query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
            [],
            |row| row.get(0),
        )?;
        if tables > 0 {
            return Err(MigrateError::Foreign(format!(
                "it has {tables} table(s) but no schema_migrations"
            )));
        }
        return Ok(0);
    }
    let version: Option<i64> = conn
        .query_row("SELECT max(version) FROM schema_migrations", [], |row| {
            row.get(0)
        })
        .optional()?
        .flatten();
    Ok(version.unwrap_or(0))
}

/// Applies the missing `migrations` in order, all in one transaction, and
/// returns the versions applied. A database already up to date is not
/// written to at all (so opening never changes the file).
pub(crate) fn migrate(
    conn: &mut Connection,
    migrations: &[&str],
    now: &str,
) -> Result<Vec<i64>, MigrateError> {
    let supported = migrations.len() as i64;
    let found = current_version(conn)?;
    if found > supported {
        return Err(MigrateError::TooNew { found, supported });
    }
    if found == supported {
        return Ok(Vec::new());
    }
    // IMMEDIATE takes the write lock up front; re-reading the version under
    // it makes two processes opening a fresh file at once migrate it once.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let found = current_version(&tx)?;
    if found > supported {
        return Err(MigrateError::TooNew { found, supported });
    }
    tx.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version    INTEGER PRIMARY KEY NOT NULL,
             applied_at TEXT NOT NULL
         ) STRICT;",
    )?;
    let mut applied = Vec::new();
    for (i, sql) in migrations.iter().enumerate().skip(found as usize) {
        let version = i as i64 + 1;
        tx.execute_batch(sql)?;
        tx.execute(
            "INSERT INTO schema_migrations (version, applied_at) VALUES (?1, ?2)",
            params![version, now],
        )?;
        applied.push(version);
    }
    tx.commit()?;
    Ok(applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: &str = "2026-01-02T03:04:05Z";

    fn versions(conn: &Connection) -> Vec<i64> {
        let mut stmt = conn
            .prepare("SELECT version FROM schema_migrations ORDER BY version")
            .unwrap();
        stmt.query_map([], |row| row.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn fresh_database_gets_every_migration_once() {
        let mut conn = Connection::open_in_memory().unwrap();
        let all: Vec<i64> = (1..=MIGRATIONS.len() as i64).collect();
        assert_eq!(migrate(&mut conn, MIGRATIONS, NOW).unwrap(), all);
        assert_eq!(versions(&conn), all);
        assert_eq!(
            migrate(&mut conn, MIGRATIONS, NOW).unwrap(),
            Vec::<i64>::new()
        );
        assert_eq!(versions(&conn), all);
    }

    #[test]
    fn appended_migration_is_applied_to_an_existing_database() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, MIGRATIONS, NOW).unwrap();
        let current = MIGRATIONS.len() as i64;
        let next = "ALTER TABLE documents ADD COLUMN test_extra TEXT;";
        let later: Vec<&str> = MIGRATIONS.iter().copied().chain([next]).collect();
        assert_eq!(migrate(&mut conn, &later, NOW).unwrap(), vec![current + 1]);
        assert_eq!(versions(&conn), (1..=current + 1).collect::<Vec<_>>());
        conn.execute(
            "INSERT INTO documents (id, source, format, text, ingested_at, test_extra)
             VALUES ('d_1', '-', 'text', '', ?1, 'x')",
            [NOW],
        )
        .unwrap();
        // And this build, which knows one version fewer, refuses the file.
        assert_eq!(
            migrate(&mut conn, MIGRATIONS, NOW),
            Err(MigrateError::TooNew {
                found: current + 1,
                supported: current
            })
        );
    }

    #[test]
    fn failing_migration_leaves_the_database_as_it_was() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, MIGRATIONS, NOW).unwrap();
        // The first statement succeeds, the second fails: neither may stick.
        let broken = "CREATE TABLE extra (x INTEGER); ALTER TABLE nowhere ADD COLUMN y;";
        let with_broken: Vec<&str> = MIGRATIONS.iter().copied().chain([broken]).collect();
        let err = migrate(&mut conn, &with_broken, NOW).unwrap_err();
        assert!(matches!(err, MigrateError::Sqlite(_)), "{err:?}");
        assert_eq!(
            versions(&conn),
            (1..=MIGRATIONS.len() as i64).collect::<Vec<_>>()
        );
        let extra: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE name = 'extra'",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(extra, 0);
    }

    #[test]
    fn foreign_database_is_refused_untouched() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE documents (x TEXT);")
            .unwrap();
        let err = migrate(&mut conn, MIGRATIONS, NOW).unwrap_err();
        assert_eq!(
            err,
            MigrateError::Foreign("it has 1 table(s) but no schema_migrations".into())
        );
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0))
            .unwrap();
        assert_eq!(tables, 1);
    }
}

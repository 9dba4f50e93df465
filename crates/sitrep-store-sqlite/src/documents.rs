//! Documents: the all-or-nothing insert, reads, and near-duplicate links.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use sitrep_core::{RecordKind, SourceFormat};
use sitrep_store::{
    Fingerprint, InsertOutcome, NewDocument, StoreError, StoredDocument, contract_str,
};
use tracing::debug;

use crate::{SqliteStore, now_rfc3339, sql, to_json};

/// Stores a document (with the cleaned text of `article`) and all its
/// reports in one transaction: either everything is written or nothing.
///
/// Documents are identified by content, so a document already stored is
/// left exactly as it is (timestamps included) and
/// [`InsertOutcome::AlreadyPresent`] is returned; re-ingesting a corpus
/// is therefore free and changes nothing.
///
/// Every report must be a report of this document.
pub(crate) fn insert(
    store: &mut SqliteStore,
    new: &NewDocument<'_>,
) -> Result<InsertOutcome, StoreError> {
    let (doc, article, reports) = (new.doc, new.article, new.reports);
    if !new.keys.is_empty() && new.keys.len() != reports.len() {
        return Err(StoreError::Invalid {
            path: store.path.clone(),
            reason: format!(
                "{} reports of {} given with {} key sets",
                reports.len(),
                doc.id,
                new.keys.len()
            ),
        });
    }
    let path = &store.path;
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
    let tx = store
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
    for (report, keys) in reports.iter().zip(new.keys) {
        crate::resolution::insert_keys(&tx, &report.id, keys).map_err(&err)?;
    }
    if !reports.is_empty() && new.keys.is_empty() {
        // Reports without keys: the next full resolution must fill them.
        tx.execute(
            "INSERT OR IGNORE INTO meta (key, value) VALUES (?1, '1')",
            [crate::resolution::KEYS_MISSING],
        )
        .map_err(&err)?;
    }
    if let Some(fingerprint) = &new.fingerprint {
        link_near_duplicates(&tx, &doc.id, fingerprint).map_err(&err)?;
    }
    tx.commit().map_err(&err)?;
    debug!(path = %path, doc_id = %doc.id, reports = rows.len(), "document stored");
    Ok(InsertOutcome::Inserted)
}

/// Documents recognised as copies of `id`, ordered by id.
pub(crate) fn copies_of(store: &SqliteStore, id: &str) -> Result<Vec<String>, StoreError> {
    let mut stmt = store
        .conn
        .prepare_cached("SELECT id FROM documents WHERE duplicate_of = ?1 ORDER BY id")
        .map_err(sql(&store.path))?;
    let rows = stmt
        .query_map([id], |row| row.get::<_, String>(0))
        .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
        .map_err(sql(&store.path))?;
    Ok(rows)
}

pub(crate) fn get(store: &SqliteStore, id: &str) -> Result<Option<StoredDocument>, StoreError> {
    let row = store
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
        .map_err(sql(&store.path))?;
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
        path: store.path.clone(),
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

/// Records the new document's fingerprint and links it with the stored
/// documents its rule calls copies.
/// The copy with the smallest id is canonical, whatever the order documents
/// arrive in, so events do not depend on ingestion order.
fn link_near_duplicates(
    tx: &rusqlite::Transaction,
    id: &str,
    fingerprint: &Fingerprint<'_>,
) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE documents SET minhash = ?1 WHERE id = ?2",
        params![fingerprint.signature, id],
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
        for (band, value) in fingerprint.bands.iter().enumerate() {
            let rows = candidates.query_map(params![band as i64, value], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, Option<Vec<u8>>>(1)?,
                    row.get::<_, Option<String>>(2)?,
                ))
            })?;
            for row in rows {
                let (other, bytes, canonical) = row?;
                let similar = bytes.as_deref().is_some_and(|b| (fingerprint.is_copy)(b));
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

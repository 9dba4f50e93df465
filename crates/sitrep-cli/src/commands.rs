//! The subcommands.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::iter::{ParallelBridge, ParallelIterator};
use sitrep_core::{Document, Record};
use sitrep_ingest::{IngestOptions, Input};
use sitrep_kb::Kb;
use sitrep_store::{EventFilter, ExportFormat, InsertOutcome, Store};

use crate::pipeline::{Pipeline, Processed};
use crate::render;

mod examples {
    include!(concat!(env!("OUT_DIR"), "/examples.rs"));
}

/// What an ingest run did, for the summary line.
#[derive(Default)]
struct Tally {
    documents: usize,
    already_present: usize,
    reports: usize,
    failures: usize,
    /// Stored but not extracted: not in English.
    not_english: usize,
    /// Archive records that are not pages (WARC requests, images, …).
    not_documents: usize,
}

fn progress(len: usize) -> ProgressBar {
    // Only when a person is watching: logs and pipes stay clean.
    if !std::io::stdout().is_terminal() || len < 2 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}")
            .expect("progress template is valid"),
    );
    bar
}

fn fail(bar: &ProgressBar, tally: &mut Tally, message: impl std::fmt::Display) {
    tally.failures += 1;
    bar.suspend(|| eprintln!("error: {message}"));
}

pub fn ingest(db: &Path, kb: &Kb, paths: &[PathBuf], opts: &IngestOptions) -> Result<ExitCode> {
    let mut store = Store::open(db)?;
    let pipeline = Pipeline::new(kb);
    let mut tally = Tally::default();
    ingest_inputs(
        &mut store,
        db,
        &pipeline,
        sitrep_ingest::expand_inputs(paths),
        opts,
        &mut tally,
    );
    let events = resolve_stored(&mut store)?;
    print_summary(&tally, events);
    Ok(exit_code(&tally))
}

/// What happened to one document (or one bad input) on its way to the
/// writer.
enum Outcome {
    Failed(String),
    AlreadyPresent,
    /// Records of an archive or feed that are not documents.
    NotDocuments(usize),
    Processed(Box<(Document, Processed)>),
}

/// Reads, processes and stores every document of `inputs`.
///
/// Three stages so that all cores work while SQLite keeps its single
/// writer: a reader thread expands inputs into documents (streaming a WARC
/// record by record) and drops those already stored (its own read
/// connection); the rayon pool cleans and extracts; this thread writes each
/// document in its own transaction. Bounded channels keep memory flat
/// however large the input.
fn ingest_inputs(
    store: &mut Store,
    db: &Path,
    pipeline: &Pipeline,
    inputs: Vec<Result<Input, sitrep_ingest::IngestError>>,
    opts: &IngestOptions,
    tally: &mut Tally,
) {
    let bar = progress(inputs.len());
    let depth = 2 * rayon::current_num_threads();
    let (doc_tx, doc_rx) = mpsc::sync_channel::<Document>(depth);
    let (out_tx, out_rx) = mpsc::sync_channel::<Outcome>(depth);
    std::thread::scope(|scope| {
        let reader_out = out_tx.clone();
        let reader_bar = bar.clone();
        scope.spawn(move || read_documents(db, inputs, opts, &reader_bar, &doc_tx, &reader_out));
        scope.spawn(move || {
            doc_rx
                .into_iter()
                .par_bridge()
                .for_each_with(out_tx, |out, doc| {
                    let processed = pipeline.process(&doc);
                    // The writer only goes away if this whole run is ending.
                    let _ = out.send(Outcome::Processed(Box::new((doc, processed))));
                });
        });
        for outcome in out_rx {
            match outcome {
                Outcome::Failed(message) => fail(&bar, tally, message),
                Outcome::AlreadyPresent => tally.already_present += 1,
                Outcome::NotDocuments(n) => tally.not_documents += n,
                Outcome::Processed(boxed) => {
                    let (doc, processed) = *boxed;
                    store_document(store, &doc, &processed, &bar, tally);
                }
            }
        }
    });
    bar.finish_and_clear();
}

/// The reader stage of [`ingest_inputs`].
fn read_documents(
    db: &Path,
    inputs: Vec<Result<Input, sitrep_ingest::IngestError>>,
    opts: &IngestOptions,
    bar: &ProgressBar,
    docs: &mpsc::SyncSender<Document>,
    out: &mpsc::SyncSender<Outcome>,
) {
    // A second connection for the existence check, so documents already
    // stored are not cleaned and extracted again.
    let existing = match Store::open(db) {
        Ok(store) => Some(store),
        Err(e) => {
            tracing::warn!(error = %e, "no read connection: every document will be processed");
            None
        }
    };
    for input in inputs {
        bar.inc(1);
        let input = match input {
            Ok(input) => input,
            Err(e) => {
                let _ = out.send(Outcome::Failed(e.to_string()));
                continue;
            }
        };
        bar.set_message(input.to_string());
        // One input may hold many documents (a WARC, a feed); each is its
        // own transaction, and a bad one does not stop the rest.
        let mut stream = sitrep_ingest::documents(&input, opts);
        for doc in stream.by_ref() {
            let sent = match doc {
                Ok(doc) => match existing.as_ref().map(|s| s.has_document(&doc.id)) {
                    Some(Ok(true)) => out.send(Outcome::AlreadyPresent).is_ok(),
                    Some(Err(e)) => out
                        .send(Outcome::Failed(format!("{}: {e}", doc.source)))
                        .is_ok(),
                    Some(Ok(false)) | None => docs.send(doc).is_ok(),
                },
                Err(e) => out.send(Outcome::Failed(e.to_string())).is_ok(),
            };
            if !sent {
                return;
            }
        }
        let _ = out.send(Outcome::NotDocuments(stream.skipped()));
    }
}

fn store_document(
    store: &mut Store,
    doc: &Document,
    processed: &Processed,
    bar: &ProgressBar,
    tally: &mut Tally,
) {
    match store.insert_document(doc, &processed.article, &processed.reports) {
        Ok(InsertOutcome::Inserted) => {
            tally.documents += 1;
            tally.reports += processed.reports.len();
            tally.not_english += usize::from(processed.skipped.is_some());
            tracing::info!(source = %doc.source, id = %doc.id, reports = processed.reports.len(), "ingested");
        }
        Ok(InsertOutcome::AlreadyPresent) => tally.already_present += 1,
        Err(e) => fail(bar, tally, format_args!("{}: {e}", doc.source)),
    }
}

/// Events are derived from all stored reports; rewritten only when they change.
pub(crate) fn resolve_stored(store: &mut Store) -> Result<usize> {
    // Republished copies are linked, not counted twice.
    let reports = store.reports_for_resolution()?;
    let events = sitrep_resolve::resolve(&reports);
    store.replace_events(&events)?;
    Ok(events.len())
}

fn print_summary(tally: &Tally, events: usize) {
    // Skipped documents are counted, never dropped silently; the clause
    // appears only when there are some, so the usual line is unchanged.
    let mut skipped = String::new();
    if tally.not_english > 0 {
        skipped.push_str(&format!(
            ", {} not in English (stored, not extracted)",
            tally.not_english
        ));
    }
    if tally.not_documents > 0 {
        skipped.push_str(&format!(
            ", {} records skipped (not HTML pages, or feed items without text)",
            tally.not_documents
        ));
    }
    eprintln!(
        "{} documents ingested ({} already present), {} reports, {} events in the database, {} failures{skipped}",
        tally.documents, tally.already_present, tally.reports, events, tally.failures
    );
}

fn exit_code(tally: &Tally) -> ExitCode {
    if tally.failures > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Runs `f` on every document of `paths` (files, directories, WARC records,
/// feed items, `-`), printing one error line for each input or record that
/// cannot be read; returns how many could not. Shared by the commands that
/// process documents without storing them.
pub(crate) fn each_document(
    paths: &[PathBuf],
    opts: &IngestOptions,
    mut f: impl FnMut(sitrep_core::Document) -> Result<()>,
) -> Result<usize> {
    let mut failures = 0;
    for input in sitrep_ingest::expand_inputs(paths) {
        let docs = match input {
            Ok(input) => sitrep_ingest::documents(&input, opts),
            Err(e) => sitrep_ingest::Documents::one(Err(e)),
        };
        for doc in docs {
            match doc {
                Ok(doc) => f(doc)?,
                Err(e) => {
                    failures += 1;
                    eprintln!("error: {e}");
                }
            }
        }
    }
    Ok(failures)
}

pub fn extract(
    kb: &Kb,
    paths: &[PathBuf],
    opts: &IngestOptions,
    reports_only: bool,
) -> Result<ExitCode> {
    let pipeline = Pipeline::new(kb);
    let mut reports: Vec<Record> = Vec::new();
    let mut not_english = 0usize;
    let failures = each_document(paths, opts, |doc| {
        let processed = pipeline.process(&doc);
        not_english += usize::from(processed.skipped.is_some());
        reports.extend(processed.reports);
        Ok(())
    })?;
    if not_english > 0 {
        eprintln!("{not_english} documents not in English: not extracted");
    }
    let records = if reports_only {
        reports
    } else {
        sitrep_resolve::resolve(&reports)
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for record in &records {
        serde_json::to_writer(&mut out, record)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(if failures > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

pub(crate) fn open_existing(db: &Path) -> Result<Store> {
    if !db.exists() {
        anyhow::bail!(
            "{}: no database yet: run `sitrep ingest PATH` or `sitrep demo` first",
            db.display()
        );
    }
    Ok(Store::open(db)?)
}

pub fn events(db: &Path, filter: &EventFilter, json: bool) -> Result<ExitCode> {
    let store = open_existing(db)?;
    let events = store.events(filter)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if json {
        for e in &events {
            serde_json::to_writer(&mut out, e)?;
            out.write_all(b"\n")?;
        }
    } else {
        render::table(&mut out, &events)?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn show(db: &Path, id: &str, json: bool) -> Result<ExitCode> {
    let store = open_existing(db)?;
    let Some(event) = store.event(id)? else {
        anyhow::bail!("no event with id {id:?} in {}", db.display());
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &event)?;
        out.write_all(b"\n")?;
    } else {
        let mut sources = Vec::new();
        for id in &event.doc_ids {
            sources.push(render::Source {
                id: id.clone(),
                doc: store.document(id)?,
                copies: store.copies_of(id)?,
            });
        }
        render::show(&mut out, &event, &sources)?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn export(
    db: &Path,
    format: ExportFormat,
    output: Option<&Path>,
    filter: &EventFilter,
) -> Result<ExitCode> {
    let store = open_existing(db)?;
    let events = store.events(filter)?;
    match output {
        Some(path) => {
            // Write beside the target and rename, so a failed export never
            // leaves a half-written file behind.
            let tmp = path.with_extension("partial");
            let mut file = std::fs::File::create(&tmp)
                .with_context(|| format!("{}: cannot create", tmp.display()))?;
            sitrep_store::export(&events, format, &mut file)?;
            file.sync_all()?;
            std::fs::rename(&tmp, path)
                .with_context(|| format!("{}: cannot write", path.display()))?;
            eprintln!("{} records written to {}", events.len(), path.display());
        }
        None => {
            let stdout = std::io::stdout();
            sitrep_store::export(&events, format, &mut stdout.lock())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn demo(db: &Path, kb: &Kb, explicit: bool) -> Result<ExitCode> {
    if db.exists() {
        if explicit {
            anyhow::bail!(
                "{}: exists; `sitrep demo` builds a fresh database, give it a new file",
                db.display()
            );
        }
        for suffix in ["", "-wal", "-shm"] {
            let file = PathBuf::from(format!("{}{suffix}", db.display()));
            if file.exists() {
                std::fs::remove_file(&file)
                    .with_context(|| format!("{}: cannot remove", file.display()))?;
            }
        }
    }
    let mut store = Store::open(db)?;
    let pipeline = Pipeline::new(kb);
    let mut tally = Tally::default();
    let bar = progress(examples::EXAMPLES.len());
    for (name, text) in examples::EXAMPLES {
        bar.inc(1);
        let source = format!("examples/{name}");
        match sitrep_ingest::read_bytes(&source, text.as_bytes(), &IngestOptions::default()) {
            Ok(doc) => {
                let processed = pipeline.process(&doc);
                match store.insert_document(&doc, &processed.article, &processed.reports) {
                    Ok(_) => {
                        tally.documents += 1;
                        tally.reports += processed.reports.len();
                    }
                    Err(e) => fail(&bar, &mut tally, format_args!("{source}: {e}")),
                }
            }
            Err(e) => fail(&bar, &mut tally, e),
        }
    }
    bar.finish_and_clear();
    let events = resolve_stored(&mut store)?;
    let all = store.events(&EventFilter {
        include_tallies: true,
        ..EventFilter::default()
    })?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    render::timeline(&mut out, &all)?;
    writeln!(out)?;
    writeln!(out, "Database: {}", db.display())?;
    writeln!(
        out,
        "Next: sitrep --db {} show <ID>   ·   sitrep --db {} export --format csv",
        db.display(),
        db.display()
    )?;
    print_summary(&tally, events);
    Ok(exit_code(&tally))
}

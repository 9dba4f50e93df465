//! The subcommands: each calls the library and renders what it returns.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use sitrep::filter::Resolved;
use sitrep::ingest::{self, Summary};
use sitrep::{Bucket, EventFilter, ExportFormat, GroupBy, IngestOptions, Kb, Pipeline, Store};

use crate::progress::Bar;
use crate::render::{self, plural};

fn exit_code(failures: usize) -> ExitCode {
    if failures > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The filter the user gave, with a note on stderr for every value that
/// matches nothing known.
fn filter(store: &dyn Store, kb: &Kb, spec: &EventFilter) -> Result<EventFilter> {
    let Resolved { filter, notes } = sitrep::filter::resolve(spec, kb, store)?;
    for note in notes {
        eprintln!("note: {}", render::terminal_safe(&note));
    }
    Ok(filter)
}

/// Opens the database, resolves the filter and lets `answer` write to a
/// buffered standard output: the shape of every question command.
fn ask(
    db: &Path,
    kb: &Kb,
    spec: &EventFilter,
    answer: impl FnOnce(&dyn Store, &EventFilter, &mut dyn Write) -> Result<()>,
) -> Result<ExitCode> {
    let store = sitrep::open_existing(db)?;
    let filter = filter(store.as_ref(), kb, spec)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    answer(store.as_ref(), &filter, &mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `value` as indented JSON and a newline.
fn pretty(out: &mut dyn Write, value: &impl serde::Serialize) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

/// `value` as JSON, or as the text `render` makes of it.
fn json_or_text<T: serde::Serialize>(
    out: &mut dyn Write,
    json: bool,
    value: &T,
    render: impl FnOnce(&mut dyn Write, &T) -> std::io::Result<()>,
) -> Result<()> {
    if json {
        pretty(out, value)
    } else {
        Ok(render(out, value)?)
    }
}

pub fn ingest(db: &Path, kb: &Kb, paths: &[PathBuf], opts: &IngestOptions) -> Result<ExitCode> {
    let mut store = sitrep::open(db)?;
    let pipeline = Pipeline::new(kb);
    let bar = Bar::new();
    let summary = ingest::ingest_paths(store.as_mut(), &pipeline, paths, opts, &|p| bar.on(p))?;
    bar.finish();
    print_summary(&summary);
    Ok(exit_code(summary.failures))
}

fn print_summary(s: &Summary) {
    // Skipped documents are counted, never dropped silently; the clause
    // appears only when there are some, so the usual line is unchanged.
    let mut skipped = String::new();
    if s.not_english > 0 {
        skipped.push_str(&format!(
            ", {} not in English (stored, not extracted)",
            s.not_english
        ));
    }
    if s.skipped_files > 0 {
        skipped.push_str(&format!(
            ", {} in the folders left out (not documents: other types, README- or LICENSE-style files)",
            plural(s.skipped_files, "file", "files")
        ));
    }
    if s.not_documents > 0 {
        skipped.push_str(&format!(
            ", {} skipped (not HTML pages, or feed items without text)",
            plural(s.not_documents, "record", "records")
        ));
    }
    eprintln!(
        "{} ingested ({} already present), {}, {} in the database, {}{skipped}",
        plural(s.documents, "document", "documents"),
        s.already_present,
        plural(s.reports, "report", "reports"),
        plural(s.events, "event", "events"),
        plural(s.failures, "failure", "failures"),
    );
}

/// Prints an input's error line (names made safe for the terminal).
fn error_line(message: &str) {
    eprintln!("error: {}", render::terminal_safe(message));
}

pub fn extract(
    kb: &Kb,
    paths: &[PathBuf],
    opts: &IngestOptions,
    reports_only: bool,
) -> Result<ExitCode> {
    let pipeline = Pipeline::new(kb);
    let mut reports = Vec::new();
    let mut not_english = 0usize;
    let mut failures = 0usize;
    for doc in ingest::read_paths(paths, opts) {
        match doc {
            Ok(doc) => {
                let processed = pipeline.process(&doc);
                not_english += usize::from(processed.skipped.is_some());
                reports.extend(processed.reports);
            }
            Err(e) => {
                failures += 1;
                error_line(&e.to_string());
            }
        }
    }
    if not_english > 0 {
        eprintln!(
            "{} not in English: not extracted",
            plural(not_english, "document", "documents")
        );
    }
    let records = if reports_only {
        reports
    } else {
        sitrep::resolve(&reports)
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for record in &records {
        serde_json::to_writer(&mut out, record)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(exit_code(failures))
}

pub fn events(db: &Path, kb: &Kb, spec: &EventFilter, json: bool) -> Result<ExitCode> {
    ask(db, kb, spec, |store, filter, out| {
        if json {
            // Streamed: a large database is never held in memory to be listed.
            sitrep::questions::export(store, filter, ExportFormat::Jsonl, out)?;
        } else {
            render::table(out, &store.events(filter)?)?;
        }
        Ok(())
    })
}

pub fn show(db: &Path, id: &str, json: bool) -> Result<ExitCode> {
    let store = sitrep::open_existing(db)?;
    let Some((event, sources)) = sitrep::questions::event_with_sources(store.as_ref(), id)? else {
        anyhow::bail!(
            "no event with id {:?} in {} (`sitrep events` lists them)",
            id,
            db.display()
        );
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if json {
        pretty(&mut out, &event)?;
    } else {
        render::show(&mut out, &event, &sources)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn export(
    db: &Path,
    kb: &Kb,
    format: ExportFormat,
    output: Option<&Path>,
    spec: &EventFilter,
) -> Result<ExitCode> {
    let store = sitrep::open_existing(db)?;
    let filter = filter(store.as_ref(), kb, spec)?;
    match output {
        Some(path) => {
            // Write beside the target and rename, so a failed export never
            // leaves a half-written file behind.
            let tmp = path.with_extension("partial");
            let mut file = std::fs::File::create(&tmp)
                .with_context(|| format!("{}: cannot create", tmp.display()))?;
            let written = sitrep::questions::export(store.as_ref(), &filter, format, &mut file)?;
            file.sync_all()?;
            std::fs::rename(&tmp, path)
                .with_context(|| format!("{}: cannot write", path.display()))?;
            eprintln!(
                "{} written to {}",
                plural(written, "record", "records"),
                path.display()
            );
        }
        None => {
            let stdout = std::io::stdout();
            sitrep::questions::export(store.as_ref(), &filter, format, &mut stdout.lock())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn timeline(
    db: &Path,
    kb: &Kb,
    spec: &EventFilter,
    bucket: Bucket,
    group: GroupBy,
    json: bool,
) -> Result<ExitCode> {
    ask(db, kb, spec, |store, filter, out| {
        let timeline = store.timeline(filter, bucket, group)?;
        json_or_text(out, json, &timeline, |out, t| {
            render::timeline_chart(out, t)
        })
    })
}

pub fn stats(db: &Path, kb: &Kb, spec: &EventFilter, json: bool) -> Result<ExitCode> {
    ask(db, kb, spec, |store, filter, out| {
        let stats = sitrep::questions::stats(store, filter)?;
        json_or_text(out, json, &stats, |out, s| render::stats(out, s))
    })
}

pub fn tallies(db: &Path, kb: &Kb, spec: &EventFilter, json: bool) -> Result<ExitCode> {
    ask(db, kb, spec, |store, filter, out| {
        let checks = sitrep::questions::tallies(store, filter)?;
        if !json {
            return Ok(render::tallies(out, &checks)?);
        }
        for c in &checks {
            serde_json::to_writer(&mut *out, c)?;
            writeln!(out)?;
        }
        Ok(())
    })
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
    let mut store = sitrep::open(db)?;
    let pipeline = Pipeline::new(kb);
    let bar = Bar::new();
    let summary = ingest::ingest_documents(
        store.as_mut(),
        &pipeline,
        sitrep::examples::documents(),
        &|p| bar.on(p),
    )?;
    bar.finish();
    let all = store.events(&EventFilter {
        include_tallies: true,
        ..EventFilter::default()
    })?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    render::timeline(&mut out, &all)?;
    writeln!(out)?;
    writeln!(out, "Database: {}", db.display())?;
    writeln!(
        out,
        "Next: sitrep --db {} show <ID>   ·   sitrep --db {} export --format csv",
        db.display(),
        db.display()
    )?;
    out.flush()?;
    print_summary(&summary);
    Ok(exit_code(summary.failures))
}

pub fn annotate(kb: &Kb, paths: &[PathBuf], opts: &IngestOptions) -> Result<ExitCode> {
    let inspector = sitrep::inspect::Inspector::new(kb);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failures = 0usize;
    for doc in ingest::read_paths(paths, opts) {
        let doc = match doc {
            Ok(doc) => doc,
            Err(e) => {
                failures += 1;
                error_line(&e.to_string());
                continue;
            }
        };
        serde_json::to_writer(&mut out, &inspector.annotate(&doc))?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(exit_code(failures))
}

pub fn article(paths: &[PathBuf], opts: &IngestOptions, text_only: bool) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut printed = 0usize;
    let mut failures = 0usize;
    for doc in ingest::read_paths(paths, opts) {
        let doc = match doc {
            Ok(doc) => doc,
            Err(e) => {
                failures += 1;
                error_line(&e.to_string());
                continue;
            }
        };
        let article = sitrep::inspect::clean(&doc);
        if text_only {
            if printed > 0 {
                out.write_all(b"\x0c\n")?;
            }
            out.write_all(article.text.as_bytes())?;
            out.write_all(b"\n")?;
        } else {
            serde_json::to_writer(&mut out, &sitrep::inspect::article_json(&doc, &article))?;
            out.write_all(b"\n")?;
        }
        printed += 1;
    }
    out.flush()?;
    Ok(exit_code(failures))
}

pub fn resolve(db: &Path) -> Result<ExitCode> {
    let mut store = sitrep::open_existing(db)?;
    let resolution = sitrep::resolve_stored(store.as_mut())?;
    eprintln!(
        "{} resolved, {} in the database, {} logged",
        plural(resolution.reports, "report", "reports"),
        plural(resolution.events as usize, "event", "events"),
        plural(resolution.changes.len(), "change", "changes"),
    );
    Ok(ExitCode::SUCCESS)
}

pub fn changes(db: &Path, since: u64, limit: usize, json: bool) -> Result<ExitCode> {
    let store = sitrep::open_existing(db)?;
    let changes = store.changes(since, limit)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if json {
        for change in &changes {
            serde_json::to_writer(&mut out, change)?;
            writeln!(out)?;
        }
    } else {
        render::changes(&mut out, &changes)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

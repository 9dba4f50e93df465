//! Ingest: documents in, through the pipeline, into a store, then events
//! resolved.
//!
//! Three stages so that all cores work while the store keeps a single
//! writer: a reader thread expands inputs into documents (streaming a WARC
//! record by record) and drops those already stored (through a second
//! connection, [`Store::reader`]); the rayon pool cleans and extracts and
//! signs each text for the near-duplicate step; the calling thread writes
//! each document in its own transaction. Bounded channels keep memory flat
//! however large the input. Nothing is printed: the caller hears of inputs,
//! stored documents and failures through a [`Progress`] callback.

use std::path::PathBuf;
use std::sync::mpsc;

use rayon::iter::{ParallelBridge, ParallelIterator};
use serde::Serialize;
use sitrep_core::Document;
use sitrep_ingest::{IngestError, IngestOptions, Input};
use sitrep_store::{InsertOutcome, NewDocument, Store};

use crate::pipeline::{Pipeline, Processed};
use crate::{Error, dedup};

/// What an ingest run reports while it works.
#[derive(Debug, Clone, Copy)]
pub enum Progress<'a> {
    /// The run will read this many inputs (files, archives, feeds).
    Inputs(usize),
    /// Reading the next input starts; it is named.
    Reading(&'a str),
    /// A document was stored with this many reports.
    Stored {
        /// Where it came from.
        source: &'a str,
        /// Reports extracted from it.
        reports: usize,
    },
    /// An input, an archive record or a document failed: one line naming it.
    /// The run goes on.
    Failed(&'a str),
}

/// The callback that hears an ingest's [`Progress`]; called from the
/// reader thread as well as the caller's.
pub type OnProgress<'a> = &'a (dyn Fn(Progress<'_>) + Sync);

/// What an ingest run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Documents stored by this run.
    pub documents: usize,
    /// Documents found stored already (nothing written).
    pub already_present: usize,
    /// Reports stored by this run.
    pub reports: usize,
    /// Inputs, records or documents that failed.
    pub failures: usize,
    /// Stored but not extracted: not in English.
    pub not_english: usize,
    /// Archive records and feed items that are not documents (WARC
    /// requests, images, items without text).
    pub not_documents: usize,
    /// Files in the directories given that were left out as not documents
    /// (other extensions, README- and LICENSE-style files).
    pub skipped_files: usize,
    /// Events (tallies included) in the database after resolution.
    pub events: usize,
    /// Entries this run added to the change log (events created, updated,
    /// merged, split, withdrawn).
    pub changes: usize,
}

/// Ingests every document of `paths` (files, directories read recursively,
/// `.gz`, WARC archives, feeds, `-` for stdin), then resolves events.
pub fn ingest_paths(
    store: &mut dyn Store,
    pipeline: &Pipeline,
    paths: &[PathBuf],
    opts: &IngestOptions,
    progress: OnProgress<'_>,
) -> Result<Summary, Error> {
    let expansion = sitrep_ingest::expand(paths);
    progress(Progress::Inputs(expansion.inputs.len()));
    let opts = opts.clone();
    let inputs = expansion.inputs;
    let mut summary = run(store, pipeline, progress, move |feed| {
        for input in inputs {
            if !feed.input(input, &opts) {
                return;
            }
        }
    })?;
    summary.skipped_files = expansion.skipped;
    Ok(summary)
}

/// Ingests documents already read (the built-in examples, a page posted to
/// a server), then resolves events.
pub fn ingest_documents(
    store: &mut dyn Store,
    pipeline: &Pipeline,
    docs: Vec<Result<Document, IngestError>>,
    progress: OnProgress<'_>,
) -> Result<Summary, Error> {
    progress(Progress::Inputs(docs.len()));
    run(store, pipeline, progress, move |feed| {
        for doc in docs {
            if !feed.document(doc) {
                return;
            }
        }
    })
}

/// Every document of `paths`, one at a time, without storing anything (for
/// commands that only look: extract, annotate, article).
pub fn read_paths(
    paths: &[PathBuf],
    opts: &IngestOptions,
) -> impl Iterator<Item = Result<Document, IngestError>> {
    let opts = opts.clone();
    sitrep_ingest::expand_inputs(paths)
        .into_iter()
        .flat_map(move |input| match input {
            Ok(input) => sitrep_ingest::documents(&input, &opts),
            Err(e) => sitrep_ingest::Documents::one(Err(e)),
        })
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

/// The reader stage's ends of the channels.
struct Feed<'a> {
    existing: Option<Box<dyn Store>>,
    docs: mpsc::SyncSender<Document>,
    out: mpsc::SyncSender<Outcome>,
    progress: OnProgress<'a>,
}

impl Feed<'_> {
    /// Sends every document of one input on; false when the run is ending.
    fn input(&self, input: Result<Input, IngestError>, opts: &IngestOptions) -> bool {
        let input = match input {
            Ok(input) => input,
            Err(e) => {
                (self.progress)(Progress::Reading(&e.to_string()));
                return self.out.send(Outcome::Failed(e.to_string())).is_ok();
            }
        };
        (self.progress)(Progress::Reading(&input.to_string()));
        // One input may hold many documents (a WARC, a feed); each is its
        // own transaction, and a bad one does not stop the rest.
        let mut stream = sitrep_ingest::documents(&input, opts);
        for doc in stream.by_ref() {
            if !self.document(doc) {
                return false;
            }
        }
        self.out
            .send(Outcome::NotDocuments(stream.skipped()))
            .is_ok()
    }

    /// Sends one document to the workers unless it is stored already.
    fn document(&self, doc: Result<Document, IngestError>) -> bool {
        match doc {
            Ok(doc) => match self.existing.as_ref().map(|s| s.has_document(&doc.id)) {
                Some(Ok(true)) => self.out.send(Outcome::AlreadyPresent).is_ok(),
                Some(Err(e)) => self
                    .out
                    .send(Outcome::Failed(format!("{}: {e}", doc.source)))
                    .is_ok(),
                Some(Ok(false)) | None => self.docs.send(doc).is_ok(),
            },
            Err(e) => self.out.send(Outcome::Failed(e.to_string())).is_ok(),
        }
    }
}

/// The three-stage loop; `read` feeds documents from the reader thread.
fn run(
    store: &mut dyn Store,
    pipeline: &Pipeline,
    progress: OnProgress<'_>,
    read: impl FnOnce(&Feed<'_>) + Send,
) -> Result<Summary, Error> {
    let existing = match store.reader() {
        Ok(reader) => reader,
        Err(e) => {
            tracing::warn!(error = %e, "no read connection: every document will be processed");
            None
        }
    };
    let mut summary = Summary::default();
    let mut stored: Vec<String> = Vec::new();
    let depth = 2 * rayon::current_num_threads();
    let (doc_tx, doc_rx) = mpsc::sync_channel::<Document>(depth);
    let (out_tx, out_rx) = mpsc::sync_channel::<Outcome>(depth);
    std::thread::scope(|scope| {
        let feed = Feed {
            existing,
            docs: doc_tx,
            out: out_tx.clone(),
            progress,
        };
        scope.spawn(move || read(&feed));
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
                Outcome::Failed(message) => fail(&mut summary, progress, &message),
                Outcome::AlreadyPresent => summary.already_present += 1,
                Outcome::NotDocuments(n) => summary.not_documents += n,
                Outcome::Processed(boxed) => {
                    let (doc, processed) = *boxed;
                    if store_document(store, &doc, &processed, &mut summary, progress) {
                        stored.push(doc.id);
                    }
                }
            }
        }
    });
    // Only what this run stored is resolved, and only what it touches.
    let resolution = crate::resolve_documents(store, &stored)?;
    summary.events = resolution.events as usize;
    summary.changes = resolution.changes.len();
    Ok(summary)
}

fn fail(summary: &mut Summary, progress: OnProgress<'_>, message: &str) {
    summary.failures += 1;
    progress(Progress::Failed(message));
}

/// Writes one processed document with its near-duplicate fingerprint and
/// its reports' lookup keys, without resolving (the caller resolves what
/// it stored, once, with [`crate::resolve_documents`]).
pub fn write(
    store: &mut dyn Store,
    doc: &Document,
    processed: &Processed,
) -> Result<InsertOutcome, sitrep_store::StoreError> {
    use sitrep_store::Resolver as _;
    let keys: Vec<sitrep_store::ReportKeys> = processed
        .reports
        .iter()
        .map(|r| crate::PipelineResolver.keys(r))
        .collect();
    let rule = processed.signature.as_ref().map(dedup::is_copy);
    let fingerprint = processed
        .signature
        .as_ref()
        .zip(rule.as_ref())
        .map(|(signature, rule)| dedup::fingerprint(signature, rule));
    store.insert_document(&NewDocument {
        doc,
        article: &processed.article,
        reports: &processed.reports,
        keys: &keys,
        fingerprint,
    })
}

/// Writes one processed document; true when it was stored now.
fn store_document(
    store: &mut dyn Store,
    doc: &Document,
    processed: &Processed,
    summary: &mut Summary,
    progress: OnProgress<'_>,
) -> bool {
    match write(store, doc, processed) {
        Ok(InsertOutcome::Inserted) => {
            summary.documents += 1;
            summary.reports += processed.reports.len();
            summary.not_english += usize::from(processed.skipped.is_some());
            tracing::info!(source = %doc.source, id = %doc.id, reports = processed.reports.len(), "ingested");
            progress(Progress::Stored {
                source: &doc.source,
                reports: processed.reports.len(),
            });
            true
        }
        Ok(InsertOutcome::AlreadyPresent) => {
            summary.already_present += 1;
            false
        }
        Err(e) => {
            fail(summary, progress, &format!("{}: {e}", doc.source));
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    fn examples() -> Vec<Result<Document, IngestError>> {
        crate::examples::documents()
    }

    #[test]
    fn the_examples_ingest_once_and_resolve_into_events() {
        let kb = crate::load_kb(None).unwrap();
        let pipeline = Pipeline::new(&kb);
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::open(&dir.path().join("sitrep.db")).unwrap();
        let seen = Mutex::new(Vec::new());
        let record = |p: Progress<'_>| seen.lock().unwrap().push(format!("{p:?}"));
        let first = ingest_documents(store.as_mut(), &pipeline, examples(), &record).unwrap();
        assert_eq!(first.documents, crate::examples::EXAMPLES.len());
        assert_eq!(first.failures, 0);
        assert!(
            first.events > 0 && first.reports >= first.events,
            "{first:?}"
        );
        assert_eq!(first.events as u64, store.counts().unwrap().events);
        let log = seen.into_inner().unwrap();
        assert!(log[0].starts_with("Inputs("), "{log:?}");
        assert_eq!(
            log.iter().filter(|l| l.starts_with("Stored")).count(),
            first.documents
        );

        // Again: the reader's second connection finds every document stored.
        let again = ingest_documents(store.as_mut(), &pipeline, examples(), &|_| {}).unwrap();
        assert_eq!(again.documents, 0);
        assert_eq!(again.already_present, first.documents);
        assert_eq!(again.events, first.events);
    }

    #[test]
    fn a_bad_input_is_counted_and_named_and_the_rest_stored() {
        let kb = crate::load_kb(None).unwrap();
        let pipeline = Pipeline::new(&kb);
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("good.txt");
        std::fs::write(
            &good,
            "A rocket struck Al Asad Airbase on Saturday, injuring two soldiers.",
        )
        .unwrap();
        let empty = dir.path().join("empty.txt");
        std::fs::write(&empty, "").unwrap();
        let mut store = crate::open_in_memory().unwrap();
        let failed = Mutex::new(Vec::new());
        let summary = ingest_paths(
            store.as_mut(),
            &pipeline,
            &[good, empty],
            &IngestOptions::default(),
            &|p| {
                if let Progress::Failed(line) = p {
                    failed.lock().unwrap().push(line.to_owned());
                }
            },
        )
        .unwrap();
        assert_eq!((summary.documents, summary.failures), (1, 1));
        let failed = failed.into_inner().unwrap();
        assert!(failed[0].contains("empty.txt"), "{failed:?}");
    }
}

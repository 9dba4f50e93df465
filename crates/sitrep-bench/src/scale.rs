//! `sitrep-bench scale [--sizes 1000,10000,100000] DIR`: what one document
//! costs as the store grows.
//!
//! For each size N, a store of N generated documents (`sitrep::synthetic`,
//! seed 1) is built in DIR once (kept for later runs), then:
//!
//! * **add**: each of 20 new documents (another seed, processed by the
//!   pipeline before the clock starts) is stored and resolved
//!   incrementally, as `sitrep ingest` does: time and bytes written per
//!   document, beyond the pipeline's own processing;
//! * **re-add**: a stored document is offered again: the existence check
//!   alone, no write, no resolution.
//!
//! Bytes written are the process's `write_bytes` from `/proc/self/io`
//! (what reached the storage layer: WAL and database pages), so they count
//! every page SQLite wrote. Times are medians with min and max.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use sitrep::{Document, IngestOptions, Pipeline, Processed, Store};

/// New documents timed per size.
const PROBES: usize = 20;

fn written_bytes() -> Option<u64> {
    let io = std::fs::read_to_string("/proc/self/io").ok()?;
    io.lines()
        .find_map(|l| l.strip_prefix("write_bytes: "))
        .and_then(|v| v.trim().parse().ok())
}

fn docs(count: usize, seed: u64, first: usize) -> Vec<Document> {
    let mut rng = sitrep::synthetic::Rng::new(seed);
    (0..count)
        .map(|n| {
            let (name, text) = sitrep::synthetic::document(&mut rng, first + n);
            sitrep::read_bytes(&name, text.as_bytes(), &IngestOptions::default())
                .expect("generated documents read")
        })
        .collect()
}

/// The store of `size` documents, built if it is not there yet.
fn store_of(dir: &Path, size: usize, pipeline: &Pipeline) -> Result<Box<dyn Store>> {
    let path: PathBuf = dir.join(format!("scale-{size}.db"));
    let fresh = !path.exists();
    let mut store = sitrep::open(&path)?;
    if fresh {
        eprintln!("building {} with {size} documents …", path.display());
        let started = Instant::now();
        // Batches keep memory flat; each is one ingest run.
        let batch = 5000;
        let mut rng = sitrep::synthetic::Rng::new(1);
        let mut done = 0;
        while done < size {
            let n = batch.min(size - done);
            let these: Vec<_> = (done..done + n)
                .map(|i| {
                    let (name, text) = sitrep::synthetic::document(&mut rng, i);
                    sitrep::read_bytes(&name, text.as_bytes(), &IngestOptions::default()).map_err(
                        |e| match e {
                            sitrep::Error::Ingest(e) => e,
                            other => unreachable!("reading bytes fails only as ingest: {other}"),
                        },
                    )
                })
                .collect();
            sitrep::ingest::ingest_documents(store.as_mut(), pipeline, these, &|_| {})?;
            done += n;
        }
        eprintln!("built in {:.0} s", started.elapsed().as_secs_f64());
    }
    let counts = store.counts()?;
    anyhow::ensure!(
        counts.documents as usize >= size,
        "{}: holds {} documents, not {size}; remove it to rebuild",
        path.display(),
        counts.documents
    );
    Ok(store)
}

fn median_min_max(mut values: Vec<f64>) -> (f64, f64, f64) {
    values.sort_by(f64::total_cmp);
    (
        values[values.len() / 2],
        values[0],
        values[values.len() - 1],
    )
}

pub fn run(dir: &Path, sizes: &[usize]) -> Result<ExitCode> {
    std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create", dir.display()))?;
    let kb = sitrep::load_kb(None)?;
    let pipeline = Pipeline::new(&kb);
    println!(
        "{:>8}  {:>24}  {:>22}  {:>22}",
        "docs", "add: ms median (min–max)", "add: KiB written", "re-add: ms median"
    );
    for &size in sizes {
        let mut store = store_of(dir, size, &pipeline)?;
        // New documents, processed before the clock starts: a seed and
        // numbers no stored document has (the store grows by the probes of
        // every run, so each run's are new).
        let stored = store.counts()?.documents;
        let probes: Vec<(Document, Processed)> =
            docs(PROBES, 7_000_000 + stored, 9_000_000 + stored as usize)
                .into_iter()
                .map(|doc| {
                    let processed = pipeline.process(&doc);
                    (doc, processed)
                })
                .collect();
        let mut add_ms = Vec::new();
        let mut add_kib = Vec::new();
        for (doc, processed) in &probes {
            let before = written_bytes();
            let started = Instant::now();
            sitrep::ingest::write(store.as_mut(), doc, processed)?;
            sitrep::resolve_documents(store.as_mut(), std::slice::from_ref(&doc.id))?;
            add_ms.push(started.elapsed().as_secs_f64() * 1000.0);
            if let (Some(a), Some(b)) = (before, written_bytes()) {
                add_kib.push((b - a) as f64 / 1024.0);
            }
        }
        let mut readd_ms = Vec::new();
        for (doc, processed) in &probes {
            let started = Instant::now();
            // What ingest does with a stored document: the reader's check.
            if !store.has_document(&doc.id)? {
                sitrep::ingest::write(store.as_mut(), doc, processed)?;
            }
            readd_ms.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        let (a, a_min, a_max) = median_min_max(add_ms);
        let written = if add_kib.is_empty() {
            "n/a".to_string()
        } else {
            let (k, k_min, k_max) = median_min_max(add_kib);
            format!("{k:.0} ({k_min:.0}–{k_max:.0})")
        };
        let (r, _, _) = median_min_max(readd_ms);
        println!(
            "{size:>8}  {:>24}  {written:>22}  {r:>22.3}",
            format!("{a:.1} ({a_min:.1}–{a_max:.1})")
        );
    }
    Ok(ExitCode::SUCCESS)
}

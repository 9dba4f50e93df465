//! `sitrep-bench nlp [PATH]`: throughput of the whole `nlp` stage
//! (`Annotator::annotate`: sentences, kb gazetteer, dates, quantities,
//! attributions) in MB of cleaned text per second on one core.
//!
//! The input (files or folders under PATH, default the built-in example
//! corpus) is read and cleaned once, outside the timing; articles not in
//! English are left out, as the pipeline stores them without annotating
//! them (a mixed corpus would otherwise time text the stage never sees).
//! The articles are then annotated over and over until at least two seconds
//! and three passes have gone by, so the figure is stable on small inputs. A second timing
//! runs each component alone over the same sentences to show where the time
//! goes. Times are the benchmark thread's CPU time (Linux
//! `/proc/thread-self/schedstat`), so other work on a shared machine does not
//! lower the per-core figure; the wall clock is the fallback elsewhere.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Result;
use sitrep_core::Article;
use sitrep_ingest::IngestOptions;
use sitrep_kb::Kb;
use sitrep_nlp::Annotator;

const MIN_TIME: Duration = Duration::from_secs(2);
const MIN_PASSES: usize = 3;

fn load(paths: &[PathBuf]) -> (Vec<Article>, usize) {
    let mut failures = 0;
    let mut articles = Vec::new();
    if paths.is_empty() {
        for doc in sitrep::examples::documents() {
            match doc {
                Ok(doc) => articles.push(sitrep_clean::clean(&doc)),
                Err(e) => {
                    failures += 1;
                    eprintln!("error: {e}");
                }
            }
        }
        return (articles, failures);
    }
    let opts = IngestOptions::default();
    for input in sitrep_ingest::expand_inputs(paths) {
        let docs = match input {
            Ok(input) => sitrep_ingest::documents(&input, &opts),
            Err(e) => {
                failures += 1;
                eprintln!("error: {e}");
                continue;
            }
        };
        for doc in docs {
            match doc {
                Ok(doc) => articles.push(sitrep_clean::clean(&doc)),
                Err(e) => {
                    failures += 1;
                    eprintln!("error: {e}");
                }
            }
        }
    }
    (articles, failures)
}

/// CPU time this thread has run, from `/proc/thread-self/schedstat`
/// (nanoseconds on a CPU): on a shared machine the wall clock also counts
/// the time other processes held the core.
fn thread_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// Runs `work` over and over for at least `MIN_TIME` and `MIN_PASSES`;
/// returns the passes and the time taken: CPU time of this thread where
/// the system reports it, else the wall clock.
fn repeat(mut work: impl FnMut()) -> (usize, Duration) {
    let start = Instant::now();
    let cpu_start = thread_cpu_time();
    let mut passes = 0;
    while passes < MIN_PASSES || start.elapsed() < MIN_TIME {
        work();
        passes += 1;
    }
    let wall = start.elapsed();
    let cpu = cpu_start.and_then(|s| Some(thread_cpu_time()?.saturating_sub(s)));
    (passes, cpu.filter(|c| !c.is_zero()).unwrap_or(wall))
}

pub fn run(kb: &Kb, paths: &[PathBuf]) -> Result<ExitCode> {
    let (mut articles, failures) = load(paths);
    // As the pipeline does: documents not in English are stored, not annotated.
    let before = articles.len();
    articles.retain(|a| a.language.as_deref().is_none_or(|l| l == "en"));
    let not_english = before - articles.len();
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    if bytes == 0 {
        anyhow::bail!("no text to annotate");
    }
    let annotator = Annotator::new(kb);
    let reference = chrono::NaiveDate::from_ymd_opt(2024, 2, 2);
    // One untimed pass first: the patterns compiled on first use are
    // start-up cost, not throughput.
    for article in &articles {
        std::hint::black_box(annotator.annotate(article, reference));
    }
    let mut sentences_seen = 0usize;
    let (passes, elapsed) = repeat(|| {
        for article in &articles {
            let annotation = annotator.annotate(article, reference);
            sentences_seen += annotation.sentences.len();
        }
    });
    let mb = (bytes * passes) as f64 / 1e6;
    let rate = mb / elapsed.as_secs_f64();
    println!(
        "nlp stage: {} documents ({not_english} not in English left out, as the pipeline does), {:.2} MB of cleaned text, {} sentences per pass; {passes} passes in {:.2} s",
        articles.len(),
        bytes as f64 / 1e6,
        sentences_seen / passes.max(1),
        elapsed.as_secs_f64()
    );
    println!(
        "throughput: {rate:.1} MB/s per core (one thread; CPU time of the thread{})",
        if thread_cpu_time().is_some() {
            ""
        } else {
            " unavailable: wall clock"
        }
    );

    // Where the time goes: each component alone over the same sentences.
    let sentences: Vec<&str> = articles
        .iter()
        .flat_map(|a| {
            a.blocks.iter().flat_map(move |b| {
                sitrep_nlp::sentences::split(&a.text, b.start, b.end)
                    .into_iter()
                    .map(move |(s, e)| &a.text[s..e])
            })
        })
        .collect();
    let component = |name: &str, (passes, elapsed): (usize, Duration)| {
        let rate = (bytes * passes) as f64 / 1e6 / elapsed.as_secs_f64();
        println!("  {name:<12} {rate:>8.1} MB/s alone");
    };
    component(
        "sentences",
        repeat(|| {
            for a in &articles {
                for b in &a.blocks {
                    std::hint::black_box(sitrep_nlp::sentences::split(&a.text, b.start, b.end));
                }
            }
        }),
    );
    component(
        "gazetteer",
        repeat(|| {
            for s in &sentences {
                std::hint::black_box(annotator.gazetteer.find(s));
            }
        }),
    );
    // The gazetteer line includes these GeoNames places.
    component(
        "  places",
        repeat(|| {
            for s in &sentences {
                std::hint::black_box(sitrep_geo::gazetteer_names(s));
            }
        }),
    );
    let context_year = reference.map(|d| chrono::Datelike::year(&d));
    component(
        "time",
        repeat(|| {
            for s in &sentences {
                // As in the stage: with a reference date, its year is the context.
                std::hint::black_box(sitrep_nlp::time::find(s, reference, context_year));
            }
        }),
    );
    component(
        "quantity",
        repeat(|| {
            for s in &sentences {
                let mut q = sitrep_nlp::quantity::find(s, &[]);
                // As the stage does: figure cues are scanned only to tie.
                if !q.is_empty() {
                    sitrep_nlp::quantity::tie(s, &mut q, &annotator.lexicon.figures.find(s));
                }
                std::hint::black_box(q);
            }
        }),
    );
    let entities: Vec<_> = sentences
        .iter()
        .map(|s| annotator.gazetteer.find(s))
        .collect();
    component(
        "attribution",
        repeat(|| {
            for (s, e) in sentences.iter().zip(&entities) {
                let verbs = annotator.lexicon.stances.find(s);
                std::hint::black_box(sitrep_nlp::attribution::find(s, e, &verbs));
            }
        }),
    );
    Ok(if failures > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

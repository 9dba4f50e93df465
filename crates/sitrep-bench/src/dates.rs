//! `sitrep-bench dates DIR`: publication dates against a gold date per page
//! (correct = TP, wrong = FP, none = FN; accuracy = correct / all pages).
//!
//! Each page goes through the real path — charset decoding, then the clean
//! stage with the page's URL known, as it is for a WARC record or a feed
//! item — and the article's `published` is compared. Timed like
//! `bench articles`: pages in memory, one thread.

use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use sitrep_clean::eval::DateTally;
use sitrep_ingest::{IngestOptions, Origin};

use super::articles::read_gz;

pub fn run(dir: &Path, misses: bool) -> Result<ExitCode> {
    let eval_path = std::fs::read_dir(dir)
        .with_context(|| format!("{}: cannot list", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("eval") && n.ends_with(".json"))
        })
        .min()
        .with_context(|| format!("{}: no eval_*.json gold file", dir.display()))?;
    let raw = std::fs::read_to_string(&eval_path)
        .with_context(|| format!("{}: cannot read", eval_path.display()))?;
    // The gold file is written by pandas: a page without a date is `NaN`,
    // which JSON does not have.
    let gold: serde_json::Value = serde_json::from_str(&raw.replace(": NaN", ": null"))
        .with_context(|| format!("{}: not JSON", eval_path.display()))?;
    let entries = gold
        .as_object()
        .with_context(|| format!("{}: expected an object of pages", eval_path.display()))?;

    let opts = IngestOptions::default();
    let mut tally = DateTally::default();
    let mut elapsed = Duration::ZERO;
    let mut failures = 0usize;
    let mut undated = 0usize;
    let mut urls: Vec<&String> = entries.keys().collect();
    urls.sort();
    for url in urls {
        let entry = &entries[url.as_str()];
        let Some(file) = entry["file"].as_str() else {
            failures += 1;
            eprintln!(
                "error: {}: entry for {url} lacks a file",
                eval_path.display()
            );
            continue;
        };
        // No gold date: the right answer is to find none.
        let truth = match &entry["date"] {
            serde_json::Value::Null => None,
            d => match d
                .as_str()
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            {
                Some(d) => Some(d),
                None => {
                    failures += 1;
                    eprintln!(
                        "error: {}: entry for {url}: bad date {d}",
                        eval_path.display()
                    );
                    continue;
                }
            },
        };
        undated += usize::from(truth.is_none());
        let path = dir.join("html").join(format!("{file}.gz"));
        let bytes = match read_gz(&path) {
            Ok(b) => b,
            Err(e) => {
                failures += 1;
                eprintln!("error: {e:#}");
                continue;
            }
        };
        let origin = Origin {
            url: Some(url.clone()),
            html: true,
            ..Origin::default()
        };
        let start = Instant::now();
        let found = sitrep_ingest::read_bytes_with(file, &bytes, &opts, &origin)
            .ok()
            .and_then(|doc| sitrep_clean::clean(&doc).published);
        elapsed += start.elapsed();
        if misses && found != truth {
            let show =
                |d: Option<NaiveDate>| d.map_or_else(|| "none".to_owned(), |d| d.to_string());
            println!(
                "miss  {file}  gold {}  got {}  {url}",
                show(truth),
                show(found)
            );
        }
        tally.add_page(found, truth);
    }
    let n = tally.pages();
    if n == 0 {
        bail!("{}: no pages scored", dir.display());
    }
    println!("dates: {n} pages from {}", dir.display());
    println!(
        "correct {}  wrong {}  missing {}  ({undated} pages have no gold date: correct when none is found)",
        tally.correct, tally.wrong, tally.missing
    );
    println!("precision {:.4}", tally.precision());
    println!("recall    {:.4}", tally.recall());
    println!("accuracy  {:.4}", tally.accuracy());
    let secs = elapsed.as_secs_f64();
    println!(
        "speed     {:.1} pages/s  ({:.2} ms/page, decode + clean, one thread)",
        n as f64 / secs,
        secs * 1000.0 / n as f64
    );
    Ok(if failures > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
